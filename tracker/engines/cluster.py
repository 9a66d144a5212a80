"""The Dask engine: the partitions on a Dask cluster (`pip install 'tracker[dask]'`).

With a scheduler's address (`--scheduler`, or `DASK_SCHEDULER_ADDRESS`) the running
cluster computes them; without one, a local cluster of this machine's cores. Each task
reads only its partition's rows (tracker.engines.partition), so no worker holds the
whole workspace. A worker lost during a run costs its tasks, which Dask runs again
elsewhere; a cluster that cannot finish is one clear error, and nothing is written.
"""

from __future__ import annotations

import os

from tracker.errors import BadArgument, TrackerError

INSTALL = "the dask engine needs Dask: pip install 'tracker[dask]' (dask and distributed)"
RETRIES = 2  # a task that fails for a reason of its own (not a lost worker) is run this many more times


class DaskMissing(BadArgument):
    """`--engine dask` without Dask installed: a usage error (exit 2)."""


class ClusterFailed(TrackerError):
    """The cluster could not finish the computation."""


def run_dask(function, calls: list[tuple], scheduler: str | None = None) -> list:
    """`function(*call)` for every call as Dask tasks, results in call order."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskMissing(INSTALL) from None
    from tracker.engines.local import cores

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    try:
        if address:
            with Client(address) as client:  # waits distributed.comm.timeouts.connect (Dask's config)
                return _gather(client, function, calls)
        workers = max(1, min(cores(), len(calls)))
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            return _gather(client, function, calls)
    except TrackerError:
        raise
    except Exception as e:  # what the scheduler, a worker or the network says, in one line
        raise ClusterFailed(
            f"the Dask cluster could not finish: {type(e).__name__}: {e}".splitlines()[0]
        ) from e


def _gather(client, function, calls: list[tuple]) -> list:
    futures = [client.submit(function, *call, pure=False, retries=RETRIES) for call in calls]
    return client.gather(futures)
