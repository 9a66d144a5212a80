"""`tracker ingest`: submissions checked, stored under new names, logged, one at a time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from tracker.cli import cli

NOT_A_NUMBER = 'expected a plain number such as 1234.5; for 1.234,5 set number_format = "vi")'
UNKNOWN = "expected an id of targets/indicators.csv)"


def ingest(ws: Path, *args: str):
    return CliRunner().invoke(cli, ["ingest", "-w", str(ws), *args])


def status(ws: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["status", "-w", str(ws), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {(r["indicator"], r["area"]): r for r in json.loads(result.stdout)}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones too, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def log(ws: Path) -> list[dict]:
    return [json.loads(line) for line in (ws / "ingest-log.jsonl").read_text(encoding="utf-8").splitlines()]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def workbook(path: Path, rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def cl(tmp_path) -> Path:
    """Càng Long's July report, without area or report date."""
    return write(
        tmp_path / "inbox" / "cl.csv",
        "indicator,period,value\njobs_created,2020-07,1200\noverseas_workers,2020-07,10\n",
    )


def test_a_good_csv_is_added_with_its_area_and_date_filled_in(example, cl):
    result = ingest(example, str(cl), "--area", "CL", "--reported-at", "2020-08-05")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"added {cl} as actuals/2020-07_CL.csv: 2 rows; 2020-07; CL; jobs_created, overseas_workers\n"
    )
    assert result.stderr == ""
    assert (example / "actuals" / "2020-07_CL.csv").read_text(encoding="utf-8") == (
        "indicator,period,value,area,reported_at\n"
        "jobs_created,2020-07,1200,CL,2020-08-05\n"
        "overseas_workers,2020-07,10,CL,2020-08-05\n"
    )
    rows = status(example, "--as-of", "2020-07")
    assert (
        rows["jobs_created", "CL"]["actual"] == 1200
        and rows["jobs_created", "CL"]["data_through"] == "2020-07"
    )
    assert rows["overseas_workers", "CL"]["actual"] == 10
    [entry] = log(example)
    assert {k: v for k, v in entry.items() if k not in ("time", "sha256")} == {
        "file": str(cl),
        "stored": "actuals/2020-07_CL.csv",
        "rows": 2,
        "indicators": ["jobs_created", "overseas_workers"],
        "periods": ["2020-07"],
        "areas": ["CL"],
        "result": "added",
        "revisions": 0,
        "problem_count": 0,
        "problems": [],
    }
    assert len(entry["sha256"]) == 64 and dt.datetime.fromisoformat(entry["time"]).tzinfo is not None


def test_a_good_xlsx_is_added_as_submitted(example, tmp_path):
    path = workbook(
        tmp_path / "inbox" / "Cầu Kè tháng 7.xlsx",
        [
            ["indicator", "period", "area", "value", "reported_at"],
            ["jobs_created", "2020-07", "CK", 800, dt.datetime(2020, 8, 3)],
            ["jobs_created", "2020-06", "CK", 650, dt.datetime(2020, 8, 3)],
        ],
    )
    result = ingest(example, str(path))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"added {path} as actuals/2020-06_2020-07_CK.xlsx: 2 rows; 2020-06, 2020-07; CK; jobs_created\n"
    )
    assert (example / "actuals" / "2020-06_2020-07_CK.xlsx").read_bytes() == path.read_bytes()
    row = status(example, "--as-of", "2020-07")["jobs_created", "CK"]
    assert (row["actual"], row["data_through"]) == (1450, "2020-07")


def test_a_broken_file_is_refused_with_its_own_lines_and_actuals_untouched(example, tmp_path):
    # line 4 is blank: filling in the area rewrites the file, and the lines must still be the clerk's
    bad = write(
        tmp_path / "inbox" / "bad.csv",
        "indicator,period,value\njobs_created,2020-07,1200\noverseas_workers,2020-07,abc\n\njobs_createdd,2020-07,3\n",
    )
    before = snapshot(example / "actuals")
    result = ingest(example, str(bad), "--area", "CL")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:3: value: not a number (got 'abc'; {NOT_A_NUMBER}",
        f"{bad}:5: indicator: unknown indicator (got 'jobs_createdd'; {UNKNOWN}",
        "refused: 2 problems in 1 file; nothing was added to actuals/",
    ]
    assert snapshot(example / "actuals") == before
    [entry] = log(example)
    assert (entry["result"], entry["stored"], entry["problem_count"]) == ("refused", None, 2)
    assert entry["problems"] == result.stderr.splitlines()[:2]


def test_a_broken_xlsx_names_its_own_rows_and_a_clashing_area(example, tmp_path):
    path = workbook(
        tmp_path / "inbox" / "tc.xlsx",
        [
            ["indicator", "period", "area", "value"],
            ["jobs_created", "2020-07", None, 500],
            [None, None, None, None],
            ["jobs_created", "2020-08", "CK", 100],
            ["overseas_workers", "2020-07", None, -4],
        ],
    )
    before = snapshot(example / "actuals")
    result = ingest(example, str(path), "--area", "TC")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:4: area: got 'CK' but --area is 'TC' (expected 'TC' or an empty cell)",
        f"{path}:5: value: a flow or stock cannot be negative (got '-4'; expected a number >= 0)",
        "refused: 2 problems in 1 file; nothing was added to actuals/",
    ]
    assert snapshot(example / "actuals") == before


def test_the_same_file_twice_is_a_duplicate(example, cl):
    assert ingest(example, str(cl), "--area", "CL").exit_code == 0
    before = snapshot(example / "actuals")
    again = ingest(example, str(cl), "--area", "CL")
    assert again.exit_code == 1
    assert again.stdout == ""
    assert again.stderr == f"{cl}: already ingested as actuals/2020-07_CL.csv (same sha256); skipped\n"
    assert snapshot(example / "actuals") == before
    assert [e["result"] for e in log(example)] == ["added", "duplicate"]
    # once the stored file is taken out of actuals/, the submission may come in again
    (example / "actuals" / "2020-07_CL.csv").unlink()
    assert ingest(example, str(cl), "--area", "CL").exit_code == 0


def test_a_revision_replaces_the_figure_and_is_shown(example, tmp_path):
    revised = write(
        tmp_path / "inbox" / "tv-revised.csv",
        "indicator,period,area,value,reported_at\njobs_created,2020-H1,TV,9100,2020-07-10\n",
    )
    result = ingest(example, str(revised))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"added {revised} as actuals/2020-H1_TV.csv: 1 row; 2020-H1; TV; jobs_created",
        f"  {revised}:2: revision of jobs_created TV 2020-H1: 9000, reported 2020-06-22 -> 9100, reported 2020-07-10",
    ]
    assert status(example)["jobs_created", "TV"]["actual"] == 9100
    assert log(example)[-1]["revisions"] == 1


def test_an_older_report_is_added_but_does_not_replace_the_figure(example, tmp_path):
    older = write(
        tmp_path / "inbox" / "old.csv",
        "indicator,period,area,value,reported_at\njobs_created,2020-H1,TV,8000,2020-06-01\n",
    )
    result = ingest(example, str(older))
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {older}:2: jobs_created TV 2020-H1 is not used: the figure held (9000, reported 2020-06-22) "
        "is later, or final where this one is an estimate\n"
    )
    assert status(example)["jobs_created", "TV"]["actual"] == 9000


def test_a_batch_is_added_whole_or_not_at_all(example, cl, tmp_path):
    bad = write(tmp_path / "inbox" / "ck.csv", "indicator,period,area,value\njobs_created,2020-07,XX,5\n")
    before = snapshot(example / "actuals")
    result = ingest(example, str(cl), str(bad), "--reported-at", "2020-08-05")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:2: area: unknown area (got 'XX'; expected an area of targets/areas.csv)",
        f"{cl}: not added: another problem stopped this ingest",
        "refused: 2 problems in 2 files; nothing was added to actuals/",
    ]
    assert snapshot(example / "actuals") == before
    assert [e["result"] for e in log(example)] == ["refused", "refused"]


def test_a_duplicate_in_a_batch_does_not_stop_the_others(example, cl, tmp_path):
    assert ingest(example, str(cl), "--area", "CL").exit_code == 0
    ck = write(tmp_path / "inbox" / "ck.csv", "indicator,period,area,value\njobs_created,2020-07,CK,5\n")
    result = ingest(example, str(cl), str(ck))
    assert result.exit_code == 1
    assert result.stdout == f"added {ck} as actuals/2020-07_CK.csv: 1 row; 2020-07; CK; jobs_created\n"
    assert [e["result"] for e in log(example)] == ["added", "duplicate", "added"]


def test_a_stored_name_is_never_reused(example, tmp_path):
    first = write(
        tmp_path / "a.csv", "indicator,period,area,value,reported_at\njobs_created,2020-07,CL,1,2020-08-01\n"
    )
    second = write(
        tmp_path / "b.csv", "indicator,period,area,value,reported_at\njobs_created,2020-07,CL,2,2020-08-02\n"
    )
    assert ingest(example, str(first)).exit_code == 0
    result = ingest(example, str(second))
    assert result.stdout.startswith(f"added {second} as actuals/2020-07_CL-2.csv: 1 row;")
    assert (example / "actuals" / "2020-07_CL.csv").read_bytes() == first.read_bytes()


def test_files_that_cannot_be_read_are_refused(example, tmp_path):
    old = write(tmp_path / "report.xls", "not really")
    result = ingest(example, str(old))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{old}: cannot be ingested (got '.xls'; expected save it as Excel Workbook (.xlsx))",
        "refused: 1 problem in 1 file; nothing was added to actuals/",
    ]


def test_a_broken_workspace_takes_nothing_in(example, cl):
    indicators = example / "targets" / "2020.csv"
    indicators.write_text(
        indicators.read_text(encoding="utf-8") + "jobs_created,2020,TV,5,,again\n", encoding="utf-8"
    )
    result = ingest(example, str(cl), "--area", "CL")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{cl}: not added: another problem stopped this ingest"
    assert result.stderr.splitlines()[1].startswith(
        "targets/2020.csv:6: indicator: a second target for jobs_created"
    )
    assert result.stderr.splitlines()[2:] == ["refused: 2 problems in 2 files; nothing was added to actuals/"]
    assert not (example / "actuals" / "2020-07_CL.csv").exists()


def test_usage_errors(example, cl):
    bad_date = ingest(example, str(cl), "--reported-at", "05/08/2020")
    assert bad_date.exit_code == 2
    assert "--reported-at: got '05/08/2020' (expected a date such as 2020-07-05)" in bad_date.stderr
    assert ingest(example, str(cl.parent / "missing.csv")).exit_code == 2
    assert not (example / "ingest-log.jsonl").exists()


def test_two_ingests_at_once_both_land(example, tmp_path):
    # Two reports of the same area and period want the same stored name: only the lock keeps
    # the second from choosing it too and replacing the first.
    files = [
        write(
            tmp_path / f"cl-{day}.csv",
            f"indicator,period,area,value,reported_at\njobs_created,2020-07,CL,{day},2020-08-0{day}\n",
        )
        for day in (1, 2)
    ]
    command = [sys.executable, "-m", "tracker", "ingest", "-w", str(example)]
    runs = [
        subprocess.Popen([*command, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs
    entries = log(example)
    assert [e["result"] for e in entries] == ["added", "added"]
    assert sorted(e["stored"] for e in entries) == ["actuals/2020-07_CL-2.csv", "actuals/2020-07_CL.csv"]
    stored = {(example / e["stored"]).read_bytes() for e in entries}
    assert stored == {f.read_bytes() for f in files}
    assert status(example, "--as-of", "2020-07")["jobs_created", "CL"]["actual"] == 2  # the later report
