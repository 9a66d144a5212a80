"""Kill `tracker report` and `tracker ingest` at random moments; check what they leave behind.

Shared by tests/test_crash.py (a few kills, in CI) and scripts/kill.py (as many as
asked). Every run is a subprocess (`python -m tracker ...`) killed with SIGKILL after
a delay drawn from a seeded generator, spread over the part of a full run where
files are written. After each kill the workspace must be as it was or as a complete
run leaves it: `check_report` and `check_ingest` say what is wrong, [] when nothing is.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from example_workspace import ROOT, copy_example

SUBMISSION = """\
indicator,period,area,value,reported_at,note
jobs_created,2020-07,TV,1650,2020-08-05,
overseas_workers,2020-07,TV,12,2020-08-05,
vocational_enrolment,2020-07,TV,1400,2020-08-05,
"""
# Files of a report whose bytes are the same at every run (docx and xlsx carry their time of writing).
_STABLE = (".md", ".csv", ".png", ".pdf")


def tracker(*args: str, kill_after: float | None = None) -> int | None:
    """Run `python -m tracker ARGS`; its exit code, or None when it was killed first."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        return proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


def timed(*args: str) -> float:
    start = time.perf_counter()
    code = tracker(*args)
    if code != 0:
        raise RuntimeError(f"tracker {' '.join(args)}: exit {code}")
    return time.perf_counter() - start


@dataclass
class Tally:
    """What the kills of one command came to."""

    kills: int = 0
    finished: int = 0  # the command ended before its delay
    states: dict[str, int] = field(default_factory=dict)  # what the kill left, by kind
    problems: list[str] = field(default_factory=list)

    def saw(self, state: str) -> None:
        self.states[state] = self.states.get(state, 0) + 1


# --- report ------------------------------------------------------------------------------------------


def _report_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def check_report(reports: Path, previous: dict[str, bytes]) -> tuple[str, list[str]]:
    """(what a killed `report` left in `reports/`, its problems): the report whole, old or new."""
    folder = reports / "2020-06"
    visible = sorted(p.name for p in reports.iterdir() if not p.name.startswith("."))
    hidden = sorted(p.name for p in reports.iterdir() if p.name.startswith("."))
    problems = []
    if visible != ["2020-06"]:
        return "broken", [f"reports/ holds {visible} (expected the report folder 2020-06 alone)"]
    now = _report_files(folder)
    if sorted(now) != sorted(previous):
        missing, extra = sorted(set(previous) - set(now)), sorted(set(now) - set(previous))
        problems.append(f"the report folder lacks {missing} and has {extra}")
    for name, data in now.items():
        if name.endswith(_STABLE) and name in previous and data != previous[name]:
            problems.append(f"{name} differs from a complete run's")
        if name.endswith((".docx", ".xlsx")):
            try:
                with zipfile.ZipFile(folder / name) as z:
                    if z.testzip() is not None:
                        problems.append(f"{name} is damaged")
            except zipfile.BadZipFile:
                problems.append(f"{name} is not a whole zip")
    same = all(now.get(n) == d for n, d in previous.items())
    state = "previous report untouched" if same else "new report complete"
    if hidden:
        state += " (hidden work folder left)"
    return state, problems


def kill_reports(ws: Path, kills: int, seed: int, tally: Tally) -> None:
    """A complete report, then `kills` runs killed at random, then one complete run that cleans up."""
    rng = random.Random(seed)
    full = timed("report", "-w", str(ws))
    reports = ws / "reports"
    for _ in range(kills):
        previous = _report_files(reports / "2020-06")
        delay = rng.uniform(0.35, 1.05) * full
        code = tracker("report", "-w", str(ws), kill_after=delay)
        if code is None:
            tally.kills += 1
        else:
            tally.finished += 1
        state, problems = check_report(reports, previous)
        tally.saw(state)
        tally.problems += [f"report killed after {delay:.2f} s: {p}" for p in problems]
    previous = _report_files(reports / "2020-06")
    if tracker("report", "-w", str(ws)) != 0:
        tally.problems.append("a complete report after the kills failed")
    state, problems = check_report(reports, previous)
    tally.problems += [f"the report after the kills: {p}" for p in problems]
    left = sorted(p.name for p in reports.iterdir() if p.name.startswith("."))
    if left:
        tally.problems.append(f"a complete run left hidden folders behind: {left}")


# --- ingest ------------------------------------------------------------------------------------------


def _actuals(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "actuals").iterdir()) if p.is_file()}


def _log_lines(ws: Path) -> list[bytes]:
    path = ws / "ingest-log.jsonl"
    return path.read_bytes().split(b"\n") if path.exists() else [b""]


def check_log(ws: Path) -> list[str]:
    """Every line of the log whole JSON, the file ending with a line end."""
    lines = _log_lines(ws)
    problems = [] if lines[-1] == b"" else ["the log's last line is cut short"]
    for k, line in enumerate(lines[:-1], start=1):
        try:
            json.loads(line)
        except ValueError:
            problems.append(f"ingest-log.jsonl:{k} is not whole JSON")
    return problems


def check_ingest(ws: Path, before: dict[str, bytes], stored: dict[str, bytes]) -> tuple[str, list[str]]:
    """(what a killed `ingest` left, its problems): `actuals/` as before, or with the file whole."""
    now = _actuals(ws)
    visible = {n: d for n, d in now.items() if not n.startswith(".")}
    problems = check_log(ws)
    new = {n: d for n, d in visible.items() if n not in before}
    if any(visible.get(n) != d for n, d in before.items()):
        problems.append("a file already in actuals/ changed or went")
    if new and new != stored:
        problems.append(f"actuals/ gained {sorted(new)} (expected nothing, or {sorted(stored)} whole)")
    logged = any(b'"result": "added"' in line for line in _log_lines(ws))
    if not new:
        state = "actuals/ untouched" + (", logged (finished by the next ingest)" if logged else "")
    else:
        state = "file stored whole"
    if any(n.startswith(".") for n in now):
        state += " (hidden temporary file left)"
    return state, problems


def kill_ingests(folder: Path, kills: int, seed: int, tally: Tally) -> None:
    """Each of `kills` copies of the example gets one submission, ingested and killed at random.

    Then a complete ingest of the same file must end in the same workspace as an
    ingest never killed: the file stored once, whole, the log whole, `validate` clean.
    """
    rng = random.Random(seed)
    submission = folder / "tv-2020-07.csv"
    submission.write_text(SUBMISSION, encoding="utf-8")
    reference = copy_example(folder / "reference")
    full = timed("ingest", "-w", str(reference), str(submission))
    stored = {n: d for n, d in _actuals(reference).items() if n not in _actuals(ROOT)}
    for k in range(kills):
        ws = copy_example(folder / f"killed-{k}")
        before = _actuals(ws)
        delay = rng.uniform(0.5, 1.05) * full
        code = tracker("ingest", "-w", str(ws), str(submission), kill_after=delay)
        if code is None:
            tally.kills += 1
        else:
            tally.finished += 1
        state, problems = check_ingest(ws, before, stored)
        tally.saw(state)
        tally.problems += [f"ingest killed after {delay:.2f} s: {p}" for p in problems]
        # The clerk runs it again (in this process: quicker): added now, or skipped as already ingested.
        from tracker.ingest import ingest
        from tracker.workspace import load_workspace

        again = ingest(ws, [submission])
        after = _actuals(ws)
        if {n: d for n, d in after.items() if n not in before} != stored:
            tally.problems.append(
                f"ingest killed after {delay:.2f} s, then run again ({again.submissions[0].result}): "
                f"actuals/ holds {sorted(after)} (expected the file stored once, whole)"
            )
        tally.problems += [f"ingest killed after {delay:.2f} s, then run again: {p}" for p in check_log(ws)]
        try:
            load_workspace(ws)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            tally.problems.append(f"ingest killed after {delay:.2f} s, then run again: {e}")
        shutil.rmtree(ws)
