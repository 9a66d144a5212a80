"""The local engine: the partitions on this machine's cores, each in a process of its own.

A workspace of a few thousand rows is computed in this process: starting processes
would cost more than they save. Past `LARGE_BYTES` of data files it is split into one
partition per core.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
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
    files = [p for folder in ("targets", "actuals") for p in (root / folder).glob("*") if p.is_file()]
    return cores() > 1 and sum(p.stat().st_size for p in files) > LARGE_BYTES


def run_local(function, calls: list[tuple]) -> list:
    """`function(*call)` for every call, in processes (one per core at most), results in call order."""
    if len(calls) == 1:
        return [function(*calls[0])]
    with ProcessPoolExecutor(max_workers=min(cores(), len(calls))) as pool:
        return list(pool.map(function, *zip(*calls, strict=True)))
