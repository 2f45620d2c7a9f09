"""The editors' live preview (`make serve`): a saved change shows, and the server never rebuilds itself in a loop."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from scripts.engine.build import preview_pages_dir
from scripts.tools.local_server import free_port
from tests.conftest import MINIMAL, ROOT


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the local test server
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 60, server=None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (server is None or server.poll() is None):
        if text in _get(url):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def preview(tmp_path):
    """`kb serve` on a copy of the minimal library: (base address, content folder, the server's log)."""
    content = shutil.copytree(MINIMAL, tmp_path / "content")
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, CASEBIBLIOTEK_PDF="0")
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "scripts.kb", "--content", str(content), "serve",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(base, "Casebiblioteket", 120, server), log.read_text()
        yield base, content, log
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(preview_pages_dir(content), ignore_errors=True)


def _builds(log) -> int:
    return len(re.findall(r"Documentation built", log.read_text()))


def test_a_saved_case_shows_in_the_preview_without_a_rebuild_loop(preview):
    base, content, log = preview
    before = sorted(path.relative_to(content) for path in content.rglob("*"))
    case = content / "cases" / "odder-test.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("## Udfordringen\n\n", "## Udfordringen\n\nEn helt ny sætning. ", 1),
                    encoding="utf-8")
    assert _wait_for(base + "cases/odder-test/", "En helt ny sætning."), log.read_text()
    case.write_text(text.replace("title: Odder prøver noget nyt", "title: Odder prøver noget andet"),
                    encoding="utf-8")
    # A new title changes the lists too, which the dirty rebuild must then redo.
    assert _wait_for(base + "cases/", "Odder prøver noget andet"), log.read_text()
    settled = _builds(log)
    time.sleep(4)  # a build that triggered itself would have started again by now
    assert _builds(log) == settled
    assert sorted(path.relative_to(content) for path in content.rglob("*")) == before
    assert "Traceback" not in log.read_text()


def test_broken_content_keeps_the_last_good_preview_and_shows_the_errors_on_its_page(preview):
    base, content, log = preview
    case = content / "cases" / "odder-test.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("municipality: Odder", "municipality: Oder"), encoding="utf-8")
    # The page answers (no hanging request), shows its last good text, and says what is wrong.
    assert _wait_for(base + "cases/odder-test/", "Indholdet har fejl: siden viser den seneste udgave uden fejl"), \
        log.read_text()
    page = _get(base + "cases/odder-test/")
    assert "Odder prøver noget nyt" in page and "Feltet &#39;municipality&#39;" in page.replace("'", "&#39;")
    assert "Mente du" in page
    case.write_text(text, encoding="utf-8")
    deadline = time.monotonic() + 60
    while "Indholdet har fejl" in _get(base + "cases/odder-test/") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Indholdet har fejl" not in _get(base + "cases/odder-test/")
    assert "Traceback" not in log.read_text()
