"""Submissions: district files checked against the workspace, stored, and logged; one ingest at a time.

A submitted file is read, `area` and `reported_at` are filled from the options
where it lacks them, and the files of one ingest are staged into a temporary
copy of the workspace (links to its settings, targets and actuals, plus the
staged files). Only if that whole workspace validates are the files written
into `actuals/`, each under a new name, through a temporary file and an atomic
rename; otherwise `actuals/` is not touched. Every submission, added or not, is
one JSON line of the append-only log `ingest-log.jsonl` at the workspace root.
A lock on `.ingest.lock` makes concurrent ingests take turns.

Killed at any moment, an ingest leaves no partial file: the copies are hidden
(`.<name>.tmp`) and flushed, then logged, then renamed. The next ingest moves a
logged copy into place and deletes an unlogged one; a log entry whose file is
not in `actuals/` does not count as ingested.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tracker import readers, schemas
from tracker.clashes import actual_keys
from tracker.errors import BadArgument, InvalidWorkspace, Problem
from tracker.model import latest_revisions
from tracker.periods import parse_periods
from tracker.report.publish import final_path, put_in_place, sync_folder, write_hidden
from tracker.settings import SETTINGS_FILE, find_workspace
from tracker.workspace import Workspace, load_workspace

LOG = "ingest-log.jsonl"
LOCK = ".ingest.lock"
SHOWN_REVISIONS = 20  # revision lines printed per file; the log counts them all
LOGGED_PROBLEMS = 100  # problems written into a log line; the line counts them all
_STEM_MAX = 100  # characters of a stored name's stem: a long area id must not exceed 255 bytes
_STAGED = "~ingest-{k}{suffix}"  # "~" sorts after ASCII names: clashes land on the submitted rows


@dataclass
class Submission:
    """One submitted file and what became of it: added, refused or duplicate."""

    source: str  # the name as given
    sha256: str
    result: str = "refused"
    stored: str | None = None  # actuals/<name> once added
    rows: int = 0
    indicators: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def log_entry(self, time: str) -> dict:
        """The submission as one line of the log."""
        return {
            "time": time,
            "file": self.source,
            "stored": self.stored,
            "sha256": self.sha256,
            "rows": self.rows,
            "indicators": self.indicators,
            "periods": self.periods,
            "areas": self.areas,
            "result": self.result,
            "revisions": len(self.revisions),
            "problem_count": len(self.problems),
            "problems": [str(p) for p in self.problems[:LOGGED_PROBLEMS]],
        }


@dataclass
class Ingest:
    """What one `tracker ingest` did with each file, and the problems that stopped it."""

    submissions: list[Submission]
    problems: list[Problem]  # all of them, in the submitted files' own names and lines
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every file was added, 1 when one was refused or a duplicate."""
        return 0 if all(s.result == "added" for s in self.submissions) else 1

    def lines(self) -> tuple[list[str], list[str]]:
        """(what was added, with its revisions; warnings, problems and the refusal) as lines to print."""
        out, err = [], [f"warning: {w}" for w in self.warnings]
        for sub in self.submissions:
            if sub.result == "added":
                out.append(
                    f"added {sub.source} as {sub.stored}: {sub.rows} row{'s' * (sub.rows != 1)}; "
                    f"{', '.join(sub.periods)}; {', '.join(sub.areas) or 'root area'}; "
                    f"{', '.join(sub.indicators)}"
                )
                out += [f"  {r}" for r in sub.revisions[:SHOWN_REVISIONS]]
                if len(sub.revisions) > SHOWN_REVISIONS:
                    out.append(f"  ... and {len(sub.revisions) - SHOWN_REVISIONS} more revisions")
        err += [str(p) for p in self.problems]
        refused = [s for s in self.submissions if s.result == "refused"]
        if refused:
            n, files = len(self.problems), len({p.path for p in self.problems})
            err.append(
                f"refused: {n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}; "
                "nothing was added to actuals/"
            )
        return out, err


def ingest(
    workspace: str | Path,
    files: list[str | Path],
    area: str | None = None,
    reported_at: str | None = None,
) -> Ingest:
    """Add submitted actuals files to the workspace if it still validates with all of them.

    Files already added (the same bytes, logged as added, still in `actuals/`)
    are skipped as duplicates; the others are added together or not at all.
    """
    root = find_workspace(workspace)
    if reported_at is not None:
        try:
            dt.date.fromisoformat(reported_at)
        except ValueError:
            raise BadArgument(
                f"--reported-at: got {reported_at!r} (expected a date such as 2020-07-05)"
            ) from None
    with _locked(root), tempfile.TemporaryDirectory(prefix="tracker-ingest-") as tmp:
        _finish_killed_ingests(root)
        stage = _stage_workspace(root, Path(tmp))
        submissions, staged = _receive(files, stage, ingested(root), area, reported_at)
        problems = [p for sub, _ in staged.values() for p in sub.problems]
        warnings: list[str] = []
        ws = None
        if staged:
            try:
                ws = load_workspace(stage)
            except InvalidWorkspace as e:
                problems += [_mapped(p, staged) for p in e.problems]
            else:
                warnings = [_rename(w, staged) for w in ws.warnings]
        if problems or ws is None:
            for sub, _ in staged.values():
                sub.problems = sorted({p for p in problems if p.path == sub.source}) or [
                    Problem(sub.source, 0, "", "not added: another problem stopped this ingest")
                ]
        else:
            warnings += _find_revisions(ws, staged)
            taken = _logged_names(root)
            temporaries = []
            for name, (sub, _) in staged.items():
                sub.stored, temporary = _prepare(stage / name, root, sub, ws.root_area, taken)
                sub.result = "added"
                temporaries.append(temporary)
        time = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        # The log first, then the renames: a run killed between them leaves logged files whose
        # hidden copies the next ingest moves into place (`_finish_killed_ingests`).
        for sub in submissions:
            _append_log(root, sub.log_entry(time))
        if not problems and ws is not None:
            put_in_place(temporaries)
    everything = set(problems) | {p for sub in submissions for p in sub.problems}
    return Ingest(submissions, sorted(everything), warnings)


def _receive(files, stage: Path, done: dict[str, dict], area, reported_at) -> tuple[list[Submission], dict]:
    """Each file read, skipped as a duplicate or staged; (submissions, staged name -> (submission, lines))."""
    submissions, staged = [], {}
    for k, name in enumerate(files):
        path = Path(name)
        data = path.read_bytes()
        sub = Submission(str(name), hashlib.sha256(data).hexdigest())
        submissions.append(sub)
        twin = next((s for s in submissions[:-1] if s.sha256 == sub.sha256 and s.result != "duplicate"), None)
        if sub.sha256 in done or twin is not None:
            sub.result = "duplicate"
            why = (
                f"already ingested as {done[sub.sha256]['stored']}"
                if twin is None
                else f"the same as {twin.source}"
            )
            sub.problems = [Problem(sub.source, 0, "", f"{why} (same sha256); skipped")]
            continue
        target = stage / "actuals" / _STAGED.format(k=k, suffix=path.suffix.lower())
        sub.problems, lines = _stage_file(path, data, sub, target, area, reported_at)
        staged[target.relative_to(stage).as_posix()] = (sub, lines)
    return submissions, staged


def ingested(root: Path) -> dict[str, dict]:
    """Log entries of the files added and still in `actuals/`, by sha256."""
    return {entry["sha256"]: entry for entry in _added(root) if (root / entry["stored"]).exists()}


# --- staging --------------------------------------------------------------------------------------------


def _stage_workspace(root: Path, stage: Path) -> Path:
    """A workspace at `stage` linking to root's settings, targets and actuals; staged files go beside."""
    if (root / SETTINGS_FILE).exists():
        (stage / SETTINGS_FILE).symlink_to((root / SETTINGS_FILE).resolve())
    (stage / "targets").symlink_to((root / "targets").resolve(), target_is_directory=True)
    (stage / "actuals").mkdir()
    if (root / "actuals").is_dir():
        for path in (root / "actuals").iterdir():
            (stage / "actuals" / path.name).symlink_to(path.resolve())
    return stage


def _stage_file(
    path: Path, data: bytes, sub: Submission, target: Path, area: str | None, reported_at: str | None
) -> tuple[list[Problem], np.ndarray | None]:
    """Write the submission, filled from the options, to `target`; (problems, staged line -> own line)."""
    suffix = path.suffix.lower()
    if suffix not in readers.READABLE:
        expected = (
            "save it as Excel Workbook (.xlsx)" if suffix == ".xls" else "a .csv, .xlsx or .parquet file"
        )
        return [
            Problem(
                sub.source,
                0,
                "",
                f"cannot be ingested (got {suffix or 'no extension'!r}; expected {expected})",
            )
        ], None
    raw = readers.read_table(path, sub.source, schemas.KEYS)
    if raw.problems:
        return raw.problems, None
    frame = raw.frame
    sub.rows = len(frame)
    problems: list[Problem] = []
    filled = False
    for column, value in (("area", area), ("reported_at", reported_at)):
        if value is None:
            continue
        cells = (
            frame[column].astype(object) if column in frame else pd.Series([None] * len(frame), dtype=object)
        )
        text = cells.map(lambda v: "" if v is None or v != v else str(v).strip())
        empty = (text == "").to_numpy()
        if column == "area":
            for r in np.flatnonzero(~empty & (text != value).to_numpy()):
                problems.append(
                    Problem(
                        sub.source,
                        int(raw.lines[r]),
                        "area",
                        f"got {text.iat[r]!r} but --area is {value!r} (expected {value!r} or an empty cell)",
                    )
                )
        if empty.any():
            dated = column in frame and pd.api.types.is_datetime64_any_dtype(frame[column])
            typed = pd.Timestamp(value) if dated else value
            frame = frame.assign(**{column: cells.where(~empty, typed)})
            filled = True
    sub.indicators = _values(frame, "indicator")
    sub.periods = sorted(_values(frame, "period"), key=_period_order)
    sub.areas = _values(frame, "area")
    if not filled:
        target.write_bytes(data)
        return problems, None
    _write_frame(frame, target)
    # a Parquet file's rows are numbered as they stand; CSV and xlsx lines skip the blank rows dropped
    return problems, None if suffix == ".parquet" else raw.lines


def _values(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame:
        return []
    return sorted({str(v).strip() for v in frame[column].astype(object) if v is not None and v == v} - {""})


def _period_order(period: str) -> tuple:
    parsed = parse_periods(pd.Series([period]))
    return (int(parsed.year[0]), int(parsed.end[0]), int(parsed.start[0]), period)


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """The frame in the format its name says, cells as they were read (text stays text)."""
    if path.suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if isinstance(v, float) and v != v else v for v in row])
        book.save(path)
    else:
        frame.to_parquet(path, index=False)


def _mapped(problem: Problem, staged: dict) -> Problem:
    """A problem of the staged workspace in the submitted file's own name and line."""
    if problem.path not in staged:
        return Problem(problem.path, problem.line, problem.column, _rename(problem.message, staged))
    sub, lines = staged[problem.path]
    return Problem(
        sub.source, _own_line(problem.line, lines), problem.column, _rename(problem.message, staged)
    )


def _own_line(line: int, lines: np.ndarray | None) -> int:
    """The submitted file's line of a staged file's line (the header is line 1 in both)."""
    return int(lines[line - 2]) if lines is not None and line >= 2 else line


def _rename(text: str, staged: dict) -> str:
    """`text` with staged names (and their lines) replaced by the submitted ones."""
    for name, (sub, lines) in staged.items():
        text = re.sub(
            re.escape(name) + r"(?::(\d+))?",
            lambda m, sub=sub, lines=lines: (
                sub.source + (f":{_own_line(int(m.group(1)), lines)}" if m.group(1) else "")
            ),
            text,
        )
    return text


# --- revisions and storing ------------------------------------------------------------------------------


def _find_revisions(ws: Workspace, staged: dict) -> list[str]:
    """Note on each submission the rows that revise a figure already held; warn of those that lose to one."""
    actuals = ws.actuals
    new = actuals.file.astype(str).isin(list(staged)).to_numpy()
    keys = actual_keys(actuals)
    clash = new & np.isin(keys, keys[~new])
    if not clash.any():
        return []
    before = latest_revisions(actuals[~new])
    held = pd.DataFrame(
        {"value": before.value.to_numpy(), "reported_at": before.reported_at.to_numpy()},
        index=actual_keys(before),
    )
    winners = actuals.index.isin(latest_revisions(actuals).index)
    rows = actuals[clash]
    old = held.reindex(keys[clash])
    losers = []
    for r, (value, when), wins in zip(
        rows.itertuples(), old.itertuples(index=False), winners[clash], strict=True
    ):
        sub, lines = staged[str(r.file)]
        where = f"{sub.source}:{_own_line(int(r.line), lines)}"
        what = f"{r.indicator} {r.area} {r.period}"
        if wins:
            sub.revisions.append(
                f"{where}: revision of {what}: {_figure(value, when)} -> {_figure(r.value, r.reported_at)}"
            )
        else:
            losers.append(
                f"{where}: {what} is not used: the figure held ({_figure(value, when)}) is later, "
                "or final where this one is an estimate"
            )
    return losers


def _figure(value: float, when) -> str:
    date = f", reported {pd.Timestamp(when).date().isoformat()}" if pd.notna(when) else ""
    return f"{value:.15g}{date}"


def _prepare(staged: Path, root: Path, sub: Submission, root_area: str, taken: set[str]) -> tuple[str, Path]:
    """Copy a staged file to a hidden temporary file in `actuals/`, flushed to the disk (`write_hidden`).

    Returns (the name it will be stored under, `actuals/<period>_<area>.<ext>`, never
    that of a file present or named in the log; the temporary file).
    """
    if len(sub.areas) > 1:
        area = f"{len(sub.areas)}-areas"
    else:
        area = sub.areas[0] if sub.areas else root_area or "root"
    period = sub.periods[0] if len(sub.periods) == 1 else f"{sub.periods[0]}_{sub.periods[-1]}"
    stem = _slug(f"{period}_{area}")[:_STEM_MAX].rstrip("-.")
    folder = root / "actuals"
    folder.mkdir(exist_ok=True)
    name, k = f"{stem}{staged.suffix}", 1
    # The lock keeps other ingests out while we look; a name in the log may be a killed
    # ingest's, still to be moved into place.
    while (folder / name).exists() or f"actuals/{name}" in taken:
        k += 1
        name = f"{stem}-{k}{staged.suffix}"
    taken.add(f"actuals/{name}")
    return f"actuals/{name}", write_hidden(folder / name, staged.read_bytes())


def _slug(text: str) -> str:
    """A file name safe everywhere: accents dropped (đ -> d), anything but letters, digits, . _ - as -."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-.") or "submission"


# --- the log and the lock -------------------------------------------------------------------------------


def _append_log(root: Path, entry: dict) -> None:
    """One JSON line, written by a single write and flushed to the disk: a crash cannot half-write two.

    A line cut short by a crash of the machine (the last byte is not a line end)
    is ended first, so that it stays one unreadable line (`ingested` skips it) and
    this entry starts a line of its own.
    """
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(root / LOG, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def _log_entries(root: Path) -> Iterator[dict]:
    """The readable entries of the log; lines cut by a crash are skipped."""
    path = root / LOG
    if not path.exists():
        return
    # "replace": a line cut by a crash may end inside a character
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
            yield entry


def _added(root: Path) -> Iterator[dict]:
    """The log's entries of files added to `actuals/`."""
    return (e for e in _log_entries(root) if e.get("result") == "added" and e.get("stored"))


def _logged_names(root: Path) -> set[str]:
    """The names under which the log says files were stored."""
    return {e["stored"] for e in _added(root)}


def _finish_killed_ingests(root: Path) -> None:
    """Complete or undo what ingests killed while storing left in `actuals/` (the lock is held).

    A hidden `.<name>.tmp` whose name the log holds as added was flushed before the
    log line: it is moved into place. Any other one was never logged: it is deleted.
    """
    folder = root / "actuals"
    leftovers = [p for p in folder.glob(".*.tmp") if p.is_file()] if folder.is_dir() else []
    if not leftovers:
        return
    logged = _logged_names(root)
    for path in leftovers:
        final = final_path(path)
        if f"actuals/{final.name}" in logged and not final.exists():
            os.replace(path, final)
        else:
            path.unlink(missing_ok=True)
    sync_folder(folder)


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the workspace's ingest lock: a second ingest waits until the first has finished."""
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
