"""Crash safety: `report` and `ingest` killed with SIGKILL at random moments lose nothing.

tests/crashing.py does the killing and the checks; scripts/kill.py runs many more.
"""

from __future__ import annotations

import json
import sys

import pytest
from crashing import Tally, kill_ingests, kill_reports
from example_workspace import copy_example

from tracker import ingest as ingesting

RELIABILITY_SECTION = "Crash safety"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")


def test_report_killed_mid_write_leaves_the_previous_report_or_the_new_one_whole(tmp_path, reliability):
    tally = Tally()
    kill_reports(copy_example(tmp_path / "ws"), kills=10, seed=6, tally=tally)
    assert tally.problems == []
    reliability.record(
        "`tracker report` killed (SIGKILL) at a random moment, over a previous report",
        tally.kills + tally.finished,
        # Not how many runs the kill found in which phase: that depends on the machine's speed.
        "reports/2020-06 always whole, the previous report or the new one (every file, the same "
        "bytes as a complete run's); the next complete run removed every hidden work folder",
    )


def test_ingest_killed_mid_write_leaves_actuals_and_the_log_whole(tmp_path, reliability):
    tally = Tally()
    kill_ingests(tmp_path, kills=12, seed=6, tally=tally)
    assert tally.problems == []
    reliability.record(
        "`tracker ingest` killed (SIGKILL) at a random moment, then run again",
        tally.kills + tally.finished,
        "no partial file in actuals/, every line of the log whole; run again, the file stored "
        "once, whole, and the workspace valid",
    )


def _entry(sha: str, stored: str | None, result: str = "added") -> str:
    return json.dumps({"sha256": sha, "stored": stored, "result": result})


@pytest.mark.reliability(
    "Crash safety",
    "regression: the log's last line cut short (power lost mid-write), inside a UTF-8 character",
    cases=1,
    outcome="the reader skips it; the next entry starts a line of its own",
)
def test_a_cut_log_line_is_skipped_and_ended_before_the_next_entry(tmp_path):
    (tmp_path / "actuals").mkdir()
    (tmp_path / "actuals" / "a.csv").write_text("x\n")
    cut = _entry("b" * 64, "actuals/a.csv").encode()[:-5] + "ồ".encode()[:2]
    (tmp_path / ingesting.LOG).write_bytes((_entry("a" * 64, "actuals/a.csv") + "\n").encode() + cut)
    assert list(ingesting.ingested(tmp_path)) == ["a" * 64]
    ingesting._append_log(tmp_path, {"sha256": "c" * 64, "stored": None, "result": "refused"})
    lines = (tmp_path / ingesting.LOG).read_bytes().split(b"\n")
    assert lines[1] == cut and json.loads(lines[2])["sha256"] == "c" * 64 and lines[3] == b""


@pytest.mark.reliability(
    "Crash safety",
    "regression: ingest killed after its log line, before the rename (the hidden copy left)",
    cases=2,
    outcome="the next ingest moves the logged copy into place and deletes an unlogged one",
)
def test_the_next_ingest_finishes_a_logged_copy_and_drops_an_unlogged_one(tmp_path):
    actuals = tmp_path / "actuals"
    actuals.mkdir()
    (actuals / ".2020-07_TV.csv.tmp").write_text("logged\n")
    (actuals / ".2020-08_TV.csv.tmp").write_text("never logged\n")
    (tmp_path / ingesting.LOG).write_text(_entry("a" * 64, "actuals/2020-07_TV.csv") + "\n")
    ingesting._finish_killed_ingests(tmp_path)
    assert sorted(p.name for p in actuals.iterdir()) == ["2020-07_TV.csv"]
    assert (actuals / "2020-07_TV.csv").read_text() == "logged\n"
