"""The Dask engine: the partitions on a Dask cluster (`pip install 'tracker[dask]'`).

With a scheduler's address (`--scheduler`, or `DASK_SCHEDULER_ADDRESS`) the running
cluster computes them; without one, a local cluster of this machine's cores. Each task
reads only its partition's rows (tracker.engines.partition), so no worker holds the
whole workspace. A worker lost during a run costs its tasks, which Dask runs again
elsewhere; a cluster that cannot finish is one clear error, and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tracker.errors import BadArgument, TrackerError

INSTALL = "the dask engine needs Dask: pip install 'tracker[dask]' (dask and distributed)"
RETRIES = 2  # a task that fails for a reason of its own (not a lost worker) is run this many more times


class DaskMissing(BadArgument):
    """`--engine dask` without Dask installed: a usage error (exit 2)."""


class ClusterFailed(TrackerError):
    """The cluster could not finish the computation."""


def run_dask(function, calls: list[tuple], scheduler: str | None = None) -> Iterator[tuple[int, object]]:
    """`function(*call)` for every call as Dask tasks: (the call's number, its result) as each finishes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskMissing(INSTALL) from None
    from tracker.engines.local import cores

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    try:
        if address:
            with Client(address) as client:  # waits distributed.comm.timeouts.connect (Dask's config)
                yield from _completed(client, function, calls)
            return
        workers = max(1, min(cores(), len(calls)))
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield from _completed(client, function, calls)
    except TrackerError:
        raise
    except Exception as e:  # what the scheduler, a worker or the network says, in one line
        raise ClusterFailed(
            f"the Dask cluster could not finish: {type(e).__name__}: {e}".splitlines()[0]
        ) from e


def _completed(client, function, calls: list[tuple]) -> Iterator[tuple[int, object]]:
    """The results as they come; each one's future let go of at once, so its worker frees it."""
    from distributed import as_completed

    futures = {
        client.submit(_task, function, *call, pure=False, retries=RETRIES): k for k, call in enumerate(calls)
    }
    for future, result in as_completed(list(futures), with_results=True):
        yield futures.pop(future), result


def _task(function, *call):
    """`function(*call)` on a worker, which then gives the C library's freed memory back to the system.

    A worker runs one partition after another; without this its peak grows with the number
    of tasks it ran, not with the largest of them. Where the C library has no malloc_trim
    (macOS, musl), nothing changes.
    """
    import contextlib
    import ctypes
    import gc

    result = function(*call)
    gc.collect()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)
    return result
