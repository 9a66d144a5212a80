"""Engines (SPEC section 9, issue 13): partitions of indicators, on this machine's cores or a Dask
cluster, give the same bytes and the same problems as one process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_workspace import EXAMPLES, copy_named_example

from tracker.cli import cli
from tracker.engines import local
from tracker.engines.gather import partitions_for
from tracker.engines.partition import plan_partitions
from tracker.workspace import load_workspace

BIN = Path(sys.executable).parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def split(monkeypatch) -> None:
    """From now on the local engine splits every workspace, whatever its size, into two processes."""
    monkeypatch.setattr(local, "LARGE_BYTES", 0)
    monkeypatch.setattr(local, "cores", lambda: 2)


def test_a_ratio_stays_with_its_sides_and_every_indicator_has_one_partition():
    catalogue = load_workspace(EXAMPLES / "five-year").indicators
    parts = plan_partitions(catalogue, 3)
    assert sorted(i for p in parts for i in p.indicators) == sorted(catalogue.indicator)
    holding = [p for p in parts if "poverty_rate" in p.indicators]
    assert len(holding) == 1 and {"poor_households", "households"} <= holding[0].indicators
    # four indicators, three of them one ratio: two partitions, the first also taking unknown ids
    assert [p.first for p in parts] == [True, False]


def test_a_partition_reads_its_rows_numbered_as_in_the_whole_file(example):
    whole = load_workspace(example)
    part = plan_partitions(whole.indicators, 2)[1]
    mine = load_workspace(example, part)
    expected = whole.actuals[whole.actuals.indicator.isin(part.indicators)]
    assert mine.actuals.line.tolist() == expected.line.tolist()
    assert set(mine.actuals.indicator) == set(part.indicators) & set(whole.actuals.indicator)


def test_bytes_that_are_not_text_are_shown_at_their_line_in_the_whole_file(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tracker import readers
    from tracker.engines.partition import Partition

    rows = pa.table(
        {
            "indicator": ["a", "a", "b", "b"],
            "period": ["2020-01"] * 4,
            "value": [1.0, 2.0, 3.0, 4.0],
            "note": [b"", b"", b"", b"\xa9\xff"],
        }
    )
    file = tmp_path / "actuals.parquet"
    pq.write_table(rows, file, row_group_size=2)  # the rows of a, then those of b
    columns = ("indicator", "period", "value", "note")
    for part in (None, Partition(frozenset({"b"}), ("a", "b"))):  # the second skips a's row group
        read = readers.read_table(file, "actuals.parquet", ("indicator",), columns, part)
        assert [(p.line, p.column) for p in read.problems] == [(4, "note")]


@pytest.mark.parametrize(
    "where, args",
    [
        ("example", ["--as-of", "2020-06"]),
        ("plans", ["--plan", "all", "--as-of", "2020-12"]),
        ("five-year", ["--span", "--as-of", "2023-12"]),
        ("five-year", ["--by-area"]),
    ],
)
def test_the_local_engine_in_processes_gives_the_same_bytes(monkeypatch, example, tmp_path, where, args):
    folder = example if where == "example" else copy_named_example(where, tmp_path)
    one = {fmt: run("status", "-w", str(folder), "--format", fmt, *args) for fmt in ("csv", "json")}
    split(monkeypatch)
    assert local.worth_splitting(Path(folder))  # the processes' path, not the one above
    assert len(partitions_for(Path(folder), "local")) == 2
    for fmt in ("csv", "json"):
        many = run("status", "-w", str(folder), "--format", fmt, "--engine", "local", *args)
        assert one[fmt].exit_code == many.exit_code == 0, many.output
        assert many.stdout == one[fmt].stdout


def test_pieces_that_finish_in_any_order_give_the_same_bytes(monkeypatch, example):
    one = {fmt: run("status", "-w", str(example), "--format", fmt).stdout for fmt in ("csv", "json")}
    split(monkeypatch)
    in_order = local.run_local

    def last_first(function, calls):  # the last partition's piece arrives first
        yield from reversed(list(in_order(function, calls)))

    monkeypatch.setattr(local, "run_local", last_first)
    for fmt in ("csv", "json"):
        assert run("status", "-w", str(example), "--format", fmt).stdout == one[fmt]


def test_a_csv_file_is_parsed_once_and_each_partition_gets_its_rows(monkeypatch, example):
    from tracker import readers

    one = run("status", "-w", str(example), "--format", "csv").stdout
    split(monkeypatch)
    monkeypatch.setattr(local, "run_local", lambda function, calls: enumerate(function(*c) for c in calls))
    parsed = []
    read_table = readers.read_table

    def counted(path, *args, **kwargs):
        parsed.append(Path(path).name)
        return read_table(path, *args, **kwargs)

    monkeypatch.setattr(readers, "read_table", counted)
    assert run("status", "-w", str(example), "--format", "csv").stdout == one
    actuals = sorted(p.name for p in (example / "actuals").glob("*.csv"))
    assert sorted(n for n in parsed if n in actuals) == actuals  # two partitions, each file once


def test_the_default_month_is_the_wholes_not_a_partitions(monkeypatch, make_workspace):
    # jobs reports through June, accidents through March: each partition alone would take its own month
    ws = make_workspace(
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\naccidents,2020,100\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-06,600\naccidents,2020-03,10\n",
        }
    )
    split(monkeypatch)
    rows = run("status", "-w", str(ws), "--format", "csv").stdout.splitlines()
    assert [r.split(",")[7] for r in rows[1:]] == ["2020-06", "2020-06"]


def test_problems_are_the_same_lines_whatever_the_engine(monkeypatch, example):
    actuals = example / "actuals" / "2020-H1.csv"
    lines = len(actuals.read_text(encoding="utf-8").splitlines())
    with open(actuals, "a", encoding="utf-8") as f:
        f.write("jobs_created,2020-13,,5,,\nnowhere,2020-06,,5,,\ncovid_support_paid,2020-06,XX,5,,\n")
    alone = run("validate", "-w", str(example))
    split(monkeypatch)
    parts = run("validate", "-w", str(example), "--engine", "local")
    assert alone.exit_code == parts.exit_code == 1
    assert parts.stderr == alone.stderr
    assert f"2020-H1.csv:{lines + 2}: indicator: unknown indicator (got 'nowhere'" in alone.stderr
    assert f"2020-H1.csv:{lines + 1}: period: unknown period" in alone.stderr


def test_a_packed_workspace_gives_the_same_bytes(example, tmp_path):
    packed = tmp_path / "packed"
    done = run("pack", "-w", str(example), str(packed))
    assert done.exit_code == 0, done.output
    assert (packed / "actuals" / "jobs_created.parquet").exists()
    assert not list((packed / "actuals").glob("*.csv"))
    for fmt in ("csv", "json"):
        assert (
            run("status", "-w", str(packed), "--format", fmt).stdout
            == run("status", "-w", str(example), "--format", fmt).stdout
        )
    refused = run("pack", "-w", str(example), str(packed))
    assert refused.exit_code == 2 and "the folder is not empty" in refused.output


def test_the_dask_engine_without_dask_says_how_to_install_it(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # an import of it raises ImportError
    done = run("status", "-w", str(example), "--engine", "dask")
    assert done.exit_code == 2
    assert "pip install 'tracker[dask]'" in done.output


def test_nothing_else_imports_dask():
    code = "import sys; from tracker.cli import main; sys.argv = ['tracker', 'status']; "
    code += "import tracker.views, tracker.engines.gather; print('distributed' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False"


# --- a real cluster: a scheduler and two workers on the loopback address -----------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1; their address and processes."""
    distributed = pytest.importorskip("distributed")  # the extra's tests only, not the module's
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **common
    )
    workers = [
        subprocess.Popen(
            [
                dask,
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
                "--local-directory",
                str(tmp_path / f"w{k}"),
            ],
            **common,
        )  # fmt: skip
        for k in range(2)
    ]
    with distributed.Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
    yield address, workers
    for process in [*workers, scheduler]:
        process.kill()
        process.wait()


def test_a_real_cluster_computes_the_same_bytes(cluster, example, tmp_path):
    address, _ = cluster
    plans = copy_named_example("plans", tmp_path)
    for folder, args in ((example, []), (plans, ["--plan", "all"])):
        for fmt in ("csv", "json"):
            here = run("status", "-w", str(folder), "--format", fmt, *args)
            there = run(
                "status",
                "-w",
                str(folder),
                "--format",
                fmt,
                "--engine",
                "dask",
                "--scheduler",
                address,
                *args,
            )
            assert there.exit_code == 0, there.output
            assert there.stdout == here.stdout


def test_a_worker_killed_during_a_run_costs_only_its_tasks(cluster, tmp_path):
    address, workers = cluster
    bench = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "gen_national.py"
    if not bench.exists():
        pytest.skip("the workspace generator is not beside the repository")
    data = tmp_path / "gen"
    subprocess.run(
        [sys.executable, str(bench), "--out", str(data), "--format", "parquet", "--communes", "400",
         "--provinces", "4", "--indicators", "12", "--history-years", "2"],
        check=True, capture_output=True,
    )  # fmt: skip
    workspace = data  # one format: the workspace itself
    here = run("status", "-w", str(workspace), "--format", "csv")
    assert here.exit_code == 0, here.output
    killed = []  # when a worker was killed in the middle of one of the run's tasks
    killer = threading.Thread(target=lambda: killed.append(kill_a_busy_worker(address)))
    killer.start()
    there = run("status", "-w", str(workspace), "--format", "csv", "--engine", "dask", "--scheduler", address)
    finished = time.monotonic()
    killer.join()
    assert there.exit_code == 0, there.output
    assert there.stdout == here.stdout
    assert killed[0] is not None and killed[0] < finished  # the run lost a worker and still finished


def kill_a_busy_worker(address: str) -> float | None:
    """Kill the first worker seen computing a task (its own process, not its nanny): when, or None."""
    import distributed

    with distributed.Client(address, timeout="30s") as watcher:
        pids = watcher.run(os.getpid)  # each worker's process, by its address
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [w for w, tasks in watcher.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                return time.monotonic()
            time.sleep(0.005)
    return None


def test_a_cluster_that_cannot_finish_is_one_line_and_nothing(example, tmp_path):
    dask = pytest.importorskip("dask")

    port = free_port()  # nobody listens there
    with dask.config.set({"distributed.comm.timeouts.connect": "3s"}):  # Dask's default: 30 s
        done = run("status", "-w", str(example), "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert done.exit_code == 1
    assert done.stdout == ""
    assert (
        done.stderr.startswith("Error: the Dask cluster could not finish:") and done.stderr.count("\n") == 1
    )


# --- a workspace on S3: an S3-compatible server (moto's) on the loopback address -----------------------


@pytest.fixture
def s3(tmp_path, monkeypatch):
    """A bucket on moto's S3 server at 127.0.0.1; the environment points s3fs (and workers) at it."""
    pytest.importorskip("distributed")
    pytest.importorskip("s3fs")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "FSSPEC_S3_ENDPOINT_URL": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint)
    for _ in range(100):  # the server takes a moment to listen
        try:
            client.create_bucket(Bucket="offices")
            break
        except Exception:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail(f"moto's S3 server did not answer at {endpoint} within 10 s")
    yield client
    server.kill()
    server.wait()


def upload(client, folder: Path, prefix: str) -> str:
    for path in folder.rglob("*"):
        if path.is_file() and "reports" not in path.parts:
            client.upload_file(str(path), "offices", f"{prefix}/{path.relative_to(folder).as_posix()}")
    return f"s3://offices/{prefix}"


def test_a_workspace_on_s3_read_by_the_workers_themselves(s3, example, tmp_path):
    packed = tmp_path / "packed"
    assert run("pack", "-w", str(example), str(packed)).exit_code == 0
    url = upload(s3, packed, "packed")
    there = run("status", "-w", url, "--format", "csv", "--engine", "dask")
    assert there.exit_code == 0, there.output
    assert there.stdout == run("status", "-w", str(example), "--format", "csv").stdout
    assert run("validate", "-w", url, "--engine", "dask").stdout.startswith("ok: ")
    local_only = run("status", "-w", url)
    assert (
        local_only.exit_code == 2 and "read by the dask engine (expected --engine dask)" in local_only.output
    )


def test_charts_drawn_in_processes_are_the_same_files(monkeypatch, example, tmp_path):
    from tracker.report import bundle

    monkeypatch.setattr(bundle, "CHARTS_PER_PROCESS", 1)
    monkeypatch.setattr(local, "cores", lambda: 2)
    done = run("report", "-w", str(example), "--as-of", "2020-06", "--out", str(tmp_path / "report"))
    assert done.exit_code == 0, done.output
    showcase = Path(__file__).resolve().parent.parent / "reports" / "2020-06" / "charts"
    drawn = sorted((tmp_path / "report" / "charts").iterdir())
    assert [p.name for p in drawn] == sorted(p.name for p in showcase.iterdir())
    assert all(p.read_bytes() == (showcase / p.name).read_bytes() for p in drawn)
