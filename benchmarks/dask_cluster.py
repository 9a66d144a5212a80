"""A Dask cluster for the benchmark (issue 13): a scheduler and two one-thread workers on 127.0.0.1,
started as processes, and what each worker's memory peaked at.

    python benchmarks/dask_cluster.py national/packed      # status on it, and the workers' peaks

Used by `benchmarks/run.py --dask`; alone, it times one `tracker status --engine dask`
on a workspace and prints the peaks of the `tracker` process and of each worker.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


class Cluster:
    """`dask scheduler` and `workers` one-thread `dask worker` processes on the loopback address."""

    def __init__(self, workers: int = 2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        dask = str(BIN / "dask")
        self.processes = [
            subprocess.Popen(
                [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
            )
        ]
        self.processes += [
            subprocess.Popen(
                [
                    dask,
                    "worker",
                    self.address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--memory-limit",
                    "0",
                ],
                **quiet,
            )  # fmt: skip
            for _ in range(workers)
        ]
        self._ask(f"c.wait_for_workers({workers}, timeout=120)")

    def peaks(self) -> list[int]:
        """Each worker process's peak resident memory so far, in bytes."""
        code = (
            "import json, resource\n"
            "def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
            "print(json.dumps(sorted(c.run(peak).values())))"
        )
        return json.loads(self._ask(code))

    def _ask(self, code: str) -> str:
        """Run `code` with a client `c` of the cluster in a process of its own: the benchmark's own
        process stays small, since Linux counts a parent's peak memory in its children's."""
        program = f"from distributed import Client\nwith Client({self.address!r}, timeout='60s') as c:\n"
        program += "".join(f"    {line}\n" for line in code.splitlines())
        return subprocess.run(
            [sys.executable, "-c", program], check=True, capture_output=True, text=True
        ).stdout

    def close(self) -> None:
        for process in reversed(self.processes):
            process.kill()
            process.wait()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main() -> None:
    import os

    workspace = sys.argv[1]
    with Cluster() as cluster:
        command = [sys.executable, "-m", "tracker", "status", "-w", workspace, "--format", "csv",
                   "--engine", "dask", "--scheduler", cluster.address]  # fmt: skip
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        print(f"status --engine dask: {seconds:.2f} s, exit {os.waitstatus_to_exitcode(status)}")
        print(f"tracker process peak: {usage.ru_maxrss / 2**20:.2f} GiB")
        print("worker peaks: " + ", ".join(f"{p / 2**30:.2f} GiB" for p in cluster.peaks()))


if __name__ == "__main__":
    main()
