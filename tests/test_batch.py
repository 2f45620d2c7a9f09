"""Work shared over processes gives exactly what one process gives."""

import os
import subprocess
import sys
import threading

import pytest

from scripts.load import batch
from tests.conftest import BROKEN, MINIMAL, ROOT


def test_parts_have_about_the_same_weight_and_cover_everything():
    assert batch.split_evenly([1] * 10, 2) == [(0, 5), (5, 10)]
    assert batch.split_evenly([1] * 10, 3) == [(0, 4), (4, 7), (7, 10)]
    # One heavy item first: it gets a part of its own.
    assert batch.split_evenly([9, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2) == [(0, 1), (1, 10)]
    assert batch.split_evenly([1], 4) == [(0, 1)]


def test_results_come_back_in_order_from_forked_workers():
    def square_with_pid(part):
        return [(n * n, os.getpid()) for n in part]

    results = batch.map_in_parts(square_with_pid, list(range(100)), workers=3)
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert len({pid for _, pid in results}) > 1  # really more than one process


def test_an_error_in_a_worker_reaches_the_caller():
    def fail_on_seven(part):
        if 7 in part:
            raise ValueError("seven")
        return list(part)

    with pytest.raises(ValueError, match="seven"):
        batch.map_in_parts(fail_on_seven, list(range(10)), workers=2)


def test_one_process_for_small_jobs_for_threaded_callers_and_when_configured(monkeypatch):
    # The test session itself runs a web server thread; count only the one started below.
    running = threading.active_count()
    monkeypatch.setattr(batch.threading, "active_count", lambda: threading.enumerate().__len__() - running + 1)
    monkeypatch.delenv(batch.WORKERS_ENV, raising=False)
    assert batch.worker_count(10) == 1
    monkeypatch.setenv(batch.WORKERS_ENV, "1")
    assert batch.worker_count(100_000) == 1
    monkeypatch.setenv(batch.WORKERS_ENV, "2")
    assert batch.worker_count(100_000) == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert batch.worker_count(100_000) == 1  # forking beside a running thread can deadlock
    finally:
        stop.set()
        thread.join()


# The test session runs threads (a web server for the browser tests), and
# batch.py rightly refuses to fork beside threads, so these run in a fresh process.
_OUTCOME = """
import hashlib, sys
from datetime import date
from pathlib import Path
from scripts.load import batch
from scripts.render.pages import render_site
from scripts.check.library import load_library
from scripts.load.settings import Settings
batch.MIN_ITEMS_PER_WORKER = 1
assert batch.worker_count(100) == int(sys.argv[2])
library, problems = load_library(Path(sys.argv[1]), review_months=18, today=date(2028, 1, 1))
pages = render_site(library, Settings(site_url="https://casebiblioteket.example/"), today=date(2028, 1, 1)) if library else {}
print(len(problems), len(pages), hashlib.sha256(repr((library, problems, pages)).encode()).hexdigest())
"""


def outcome(content, workers: int) -> str:
    env = dict(os.environ, **{batch.WORKERS_ENV: str(workers)})
    result = subprocess.run([sys.executable, "-c", _OUTCOME, str(content), str(workers)], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("content", [MINIMAL, BROKEN, ROOT / "content"], ids=["minimal", "broken", "real"])
def test_validation_and_rendering_give_the_same_result_in_parallel(content):
    assert outcome(content, 3) == outcome(content, 1)
