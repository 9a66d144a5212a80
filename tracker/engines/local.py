"""The local engine: the partitions on this machine's cores, each in a process of its own.

A workspace of a few thousand rows is computed in this process: starting processes
would cost more than they save. Past `LARGE_BYTES` of data files it is split into one
partition per core.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

LARGE_BYTES = 8 * 2**20  # data files (targets and actuals) worth more than one core


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_splitting(root: Path) -> bool:
    """Whether the workspace's data files are large enough to pay for more processes."""
    from tracker.workspace import data_tables

    return cores() > 1 and sum(file.stat().st_size for file, _ in data_tables(root)) > LARGE_BYTES


def run_local(function, calls: list[tuple]) -> Iterator[tuple[int, object]]:
    """`function(*call)` for every call, in processes (one per core at most): (the call's number, its
    result) as each finishes."""
    if len(calls) == 1:
        yield 0, function(*calls[0])
        return
    with _pool(len(calls)) as pool:
        pending = {pool.submit(function, *call): k for k, call in enumerate(calls)}
        while pending:  # a result is let go of once given: the caller keeps what it needs
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()


@contextlib.contextmanager
def in_background(function, calls: list[tuple]) -> Iterator[None]:
    """`function(*call)` for every call, in processes (one per core at most), while the block runs;
    by its end every call is done (the first failure raised)."""
    with _pool(len(calls)) as pool:
        futures = [pool.submit(function, *call) for call in calls]
        try:
            yield
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        for future in futures:
            future.result()


def _pool(calls: int) -> ProcessPoolExecutor:
    """Processes for so many calls: one per core at most."""
    return ProcessPoolExecutor(max_workers=min(cores(), calls), initializer=_one_core)


def _one_core() -> None:
    """A process of the pool works on one core: Arrow's threads would take the others' cores."""
    import pyarrow

    pyarrow.set_cpu_count(1)
