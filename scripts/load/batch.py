"""Per-file work over thousands of files: spread over the machine's cores.

Validation and rendering do the same work for every case, and with thousands
of cases that is most of our own build time, while MkDocs itself uses one
core. On Linux a forked worker sees the parent's data without it being copied,
so only the results travel back. Fork is unsafe in a process that runs threads
(`mkdocs serve` does), so there, on systems without fork, and for small
libraries the work runs in this process, with the same result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORKERS_ENV = "CASEBIBLIOTEK_WORKERS"  # "1" keeps everything in one process
MIN_ITEMS_PER_WORKER = 400  # below this, starting a worker costs more than it saves


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(items: int) -> int:
    """How many processes should share `items` pieces of work (1: this one alone)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    wanted = int(configured) if configured.isdigit() and int(configured) > 0 else available_cores()
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(wanted, items // MIN_ITEMS_PER_WORKER))


_task: Callable[[int], list] | None = None  # set just before forking; the workers inherit it


def _run_part(index: int) -> list:
    assert _task is not None
    return _task(index)


def split_evenly(weights: Sequence[float], count: int) -> list[tuple[int, int]]:
    """(start, end) of `count` consecutive ranges with about the same total weight each."""
    total = sum(weights)
    bounds, start, running = [], 0, 0.0
    for index, weight in enumerate(weights):
        running += weight
        if len(bounds) < count - 1 and running >= total * (len(bounds) + 1) / count:
            bounds.append((start, index + 1))
            start = index + 1
    bounds.append((start, len(weights)))
    return [(start, end) for start, end in bounds if end > start]


def map_in_parts(function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item],
                 workers: int | None = None, weight: Callable[[Item], float] | None = None) -> list[Result]:
    """function(items), computed as function(part) over consecutive parts in parallel.

    `function` must return one result per item, in order; the results are
    joined in the order of the parts, so the outcome does not depend on how
    many processes shared the work. `weight` estimates an item's cost, so that
    parts take about as long as each other.
    """
    count = worker_count(len(items)) if workers is None else workers
    if count <= 1 or len(items) < 2:
        return list(function(items))
    weights = [weight(item) for item in items] if weight else [1.0] * len(items)
    parts = [items[start:end] for start, end in split_evenly(weights, count)]
    global _task
    _task = lambda index: list(function(parts[index]))  # noqa: E731
    try:
        with multiprocessing.get_context("fork").Pool(len(parts) - 1) as pool:
            pending = pool.map_async(_run_part, range(1, len(parts)))
            results = list(function(parts[0]))  # this process takes the first part itself
            for part in pending.get():
                results.extend(part)
    finally:
        _task = None
    return results


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of records are built.

    Each full collection walks every object alive, and loading a large library
    creates objects fast enough to trigger many: about a tenth of the time.
    Nothing here creates lasting cycles; collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
