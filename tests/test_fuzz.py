"""Fuzzed copies of the example workspace: validate, status and report answer exit 0 or 1, never a traceback.

The cases come from tests/fuzzing.py, one seed each; a failure prints the
command that replays it (`.venv/bin/python scripts/fuzz.py --case SEED`).
scripts/fuzz.py runs the same cases by the thousand.
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from fuzzing import CLASSES, KNOWN_BUGS, Violation, nothing_yet, run_case

from tracker.cli import cli

RELIABILITY_SECTION = "Fuzzed files and commands"
SEED = 0  # case seeds SEED * 1_000_000 + 0, 1, 2, ...
CASES = 240
REPORT_EVERY = 30  # tracker report (2-3 s when it builds) on every 30th case
STATUS_WHEN_REFUSED_EVERY = 4  # status loads as validate does: on every accepted case, every 4th refused one


def _summary(outcomes) -> str:
    accepted = sum(o.exits["validate"] == 0 for o in outcomes)
    refused = len(outcomes) - accepted
    parts = [f"{refused} refused, every problem line naming its file"] if refused else []
    parts.append(f"{accepted} accepted")
    cells = [o for o in outcomes if o.case.cell and not o.known_bug]
    if cells:
        parts.append(
            f"{sum(o.located_cell for o in cells)} of {len(cells)} changed cells named by file and line"
        )
    bugs = Counter(o.known_bug for o in outcomes if o.known_bug)
    parts += [f"{n} case{'s' * (n != 1)} of a known bug: {name}" for name, n in sorted(bugs.items())]
    return "; ".join(parts)


def test_fuzzed_workspaces_answer_0_or_1_with_located_problems(tmp_path, reliability):
    outcomes, violations = [], []
    for i in range(CASES):
        seed = SEED * 1_000_000 + i
        folder = tmp_path / f"case-{seed}"
        try:
            outcomes.append(
                run_case(
                    folder,
                    seed,
                    report=i % REPORT_EVERY == 0,
                    status_when_refused=i % STATUS_WHEN_REFUSED_EVERY == 0,
                    known_bugs=KNOWN_BUGS,
                )
            )
        except Violation as v:
            violations.append(str(v))
        shutil.rmtree(folder, ignore_errors=True)
    for klass in CLASSES:
        mine = [o for o in outcomes if o.case.kind == klass]
        reliability.record(klass, len(mine), _summary(mine))
    runs = Counter((command, code) for o in outcomes for command, code in o.exits.items())
    reliability.record(
        "commands run on the cases above",
        sum(runs.values()),
        ", ".join(
            f"{command}: {runs[command, 0]} exit 0, {runs[command, 1]} exit 1"
            for command in ("validate", "status", "report")
        )
        + "; no traceback, no other exit code, every command agreeing with validate",
    )
    assert not violations, f"{len(violations)} of {CASES} cases broke a rule; the first:\n{violations[0]}"


# --- regression cases of bugs the fuzzer found --------------------------------------------------------------


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def _as_text(path):
    """A CSV file of the example as a frame of its texts, to write again in another form."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _answers_cleanly(result, *located: str) -> None:
    """Exit 0 or 1 without an exception; on exit 1, each of `located` begins a line of stderr."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    if result.exit_code == 1:
        for prefix in located:
            assert any(line.startswith(prefix) for line in result.stderr.splitlines()), result.stderr


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: a header that names a column twice",
    cases=1,
    outcome="targets/2020.csv:1: baseline: the column appears twice; exit 1",
)
def test_a_column_named_twice_is_a_located_problem(example):
    path = example / "targets" / "2020.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",note\n", ",baseline\n", 1), encoding="utf-8")
    result = _run("validate", "-w", str(example))
    _answers_cleanly(result, "targets/2020.csv:1: baseline: the column appears twice")
    assert result.exit_code == 1


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: a Parquet column of bytes that are not UTF-8 text",
    cases=1,
    outcome="exit 1 naming the file, the column and the first such row; no UnicodeDecodeError",
)
def test_a_binary_parquet_column_is_not_a_crash(example):

    csv = example / "actuals" / "2020-H1.csv"
    frame = _as_text(csv)
    frame["note"] = [bytes([0xA9, 0xFF, k % 256]) for k in range(len(frame))]
    frame.to_parquet(csv.with_suffix(".parquet"), index=False)
    csv.unlink()
    result = _run("validate", "-w", str(example))
    _answers_cleanly(result, "actuals/2020-H1.parquet:1: note: bytes, not text (got b'\\xa9\\xff\\x00', ")
    assert result.exit_code == 1


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: digits other than 0-9 in numbers (９０００, ٢٠٠)",
    cases=2,
    outcome="refused at their line, or read as 9000 and 200: never a silently empty figure",
)
def test_non_ascii_digits_are_refused_or_read(example):
    actuals, targets = example / "actuals" / "2020-H1.csv", example / "targets" / "2020.csv"
    actuals.write_text(
        actuals.read_text(encoding="utf-8").replace(
            "jobs_created,2020-H1,TV,9000", "jobs_created,2020-H1,TV,９０００"
        ),
        encoding="utf-8",
    )
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "overseas_workers,2020,TV,200", "overseas_workers,2020,TV,٢٠٠"
        ),
        encoding="utf-8",
    )
    result = _run("validate", "-w", str(example))
    _answers_cleanly(result, "actuals/2020-H1.csv:2: value: ", "targets/2020.csv:3: target: ")
    if result.exit_code == 0:
        import json

        rows = {
            r["indicator"]: r
            for r in json.loads(_run("status", "-w", str(example), "--format", "json").stdout)
        }
        assert rows["jobs_created"]["actual"] == 9000
        assert rows["overseas_workers"]["target"] == 200


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: a workspace with actuals and no target file (found by the property tests)",
    cases=2,
    outcome="status and report answer exit 0, every indicator no_target",
)
def test_actuals_without_any_target_file(example, tmp_path):
    import json

    (example / "targets" / "2020.csv").unlink()
    assert _run("validate", "-w", str(example)).exit_code == 0
    result = _run("status", "-w", str(example), "--format", "json")
    _answers_cleanly(result)
    assert result.exit_code == 0
    assert {r["status"] for r in json.loads(result.stdout)} == {"no_target"}
    result = _run("report", "-w", str(example), "--out", str(tmp_path / "report"))
    _answers_cleanly(result)
    assert result.exit_code == 0


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: a workspace with neither targets nor actuals",
    cases=3,
    outcome="status, report and check answer as validate does (exit 0 or 1), not a usage error",
)
def test_a_workspace_without_figures_is_not_a_usage_error(example, tmp_path):
    (example / "actuals" / "2020-H1.csv").unlink()
    (example / "targets" / "2020.csv").write_text("indicator,year,area,target\n", encoding="utf-8")
    assert _run("validate", "-w", str(example)).exit_code == 0
    for args in (["status"], ["report", "--out", str(tmp_path / "report")], ["check"]):
        result = _run(*args, "-w", str(example))
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
        assert "Usage:" not in result.output
        # the one refusal that names no file, and the fuzzer's rules take it as such
        assert result.exit_code == 0 or nothing_yet(result), result.output


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: figures of 31 digits in the report's sentences",
    cases=5,
    outcome="formatted in full, vi and en; no decimal.InvalidOperation (fixed in tracker/formats.py)",
)
def test_huge_figures_are_formatted_in_full():
    from tracker import formats

    assert formats.number(1e30, "vi") == "1.000.000.000.000.000.000.000.000.000.000"
    assert formats.quantity(1e30, "người", "en") == "1,000,000,000,000,000,000,000,000,000,000 people"
    assert formats.percent(1e28, "en") == "1,000,000,000,000,000,000,000,000,000,000%"
    assert formats.ratio(2.5e40, "vi").endswith(".000 lần")
    assert formats.number(1234.5678, "vi") == "1.234,57"  # the usual figures as before


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: control characters in names and notes, and a target of 1e30, through report",
    cases=1,
    outcome="exit 0; report.docx and status.xlsx open, each control character shown as U+FFFD "
    "(fixed in tracker/report.py)",
)
@pytest.mark.filterwarnings("ignore:Glyph")  # matplotlib has no glyph for a control character
def test_report_with_control_characters_and_huge_figures(example, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    settings = example / "tracker.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('name = "Sở LĐ-TB&XH', 'name = "Sở\\u0000 LĐ-TB&XH'),
        encoding="utf-8",
    )
    for name, old, new in (
        (
            "actuals/2020-H1.csv",
            "jobs_created,2020-H1,TV,9000,2020-06-22,",
            "jobs_created,2020-H1,TV,9000,2020-06-22,ghi\x01chú",
        ),
        ("targets/2020.csv", "jobs_created,2020,TV,20000,", "jobs_created,2020,TV,1e30,"),
        (
            "targets/indicators.csv",
            "jobs_created,Giải quyết việc làm,",
            "jobs_created,Giải quyết\x1f việc làm,",
        ),
    ):
        path = example / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = _run("report", "-w", str(example), "--out", str(tmp_path / "report"))
    _answers_cleanly(result)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(tmp_path / "report" / "report.docx")).paragraphs)
    assert "Sở\ufffd LĐ-TB&XH" in text and "Giải quyết\ufffd việc làm" in text
    sheet = load_workbook(tmp_path / "report" / "status.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    note = rows[0].index("note")
    assert [r[note] for r in rows[1:] if r[0] == "jobs_created"] == ["ghi\ufffdchú"]


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: a column named twice in an .xlsx, in a Parquet file, or twice but for its case",
    cases=3,
    outcome="<file>:1: value: the column appears twice; exit 1",
)
def test_a_column_named_twice_in_any_format_is_a_located_problem(example):
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv = example / "actuals" / "2020-H1.csv"
    frame = _as_text(csv)
    csv.unlink()
    twice = frame.assign(again=frame["value"])
    twice.rename(columns={"again": "value"}).to_excel(example / "actuals" / "a.xlsx", index=False)
    table = pa.Table.from_pandas(twice, preserve_index=False)
    pq.write_table(table.rename_columns([*frame.columns, "value"]), example / "actuals" / "b.parquet")
    twice.rename(columns={"again": " Value"}).to_parquet(example / "actuals" / "c.parquet", index=False)
    result = _run("validate", "-w", str(example))
    located = [
        f"actuals/{name}:1: value: the column appears twice" for name in ("a.xlsx", "b.parquet", "c.parquet")
    ]
    _answers_cleanly(result, *located)
    assert result.exit_code == 1


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: columns without a name after the last one, as Excel leaves them (review)",
    cases=2,
    outcome="read as if absent; a warning when something is written in one; never 'appears twice'",
)
def test_columns_without_a_name_are_not_columns_named_twice(example):
    from tracker.workspace import load_workspace

    path = example / "targets" / "2020.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(line + ",,\n" for line in lines), encoding="utf-8")
    assert _run("validate", "-w", str(example)).exit_code == 0
    assert not load_workspace(example).warnings
    path.write_text("".join(line + (",,x\n" if k == 1 else ",,\n") for k, line in enumerate(lines)), "utf-8")
    result = _run("validate", "-w", str(example))
    assert result.exit_code == 0, result.output
    assert "targets/2020.csv: column (no name) ignored" in result.stderr


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "a Parquet file whose text columns (keys and notes) are stored as UTF-8 bytes",
    cases=1,
    outcome="read as the text it is: status the same as from the CSV it was written from",
)
def test_a_parquet_column_of_utf8_bytes_is_read_as_text(example):

    csv = example / "actuals" / "2020-H1.csv"
    frame = _as_text(csv)
    frame["note"] = "số liệu ước tính"
    frame.to_csv(csv, index=False)
    before = _run("status", "-w", str(example), "--format", "json")
    assert before.exit_code == 0, before.output
    for column in ("indicator", "period", "area", "note"):
        frame[column] = frame[column].str.encode("utf-8")
    frame.to_parquet(csv.with_suffix(".parquet"), index=False)
    csv.unlink()
    after = _run("status", "-w", str(example), "--format", "json")
    _answers_cleanly(after)
    assert after.exit_code == 0 and after.stdout == before.stdout


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: an Excel time of day (12:00) in a target file's area and indicator cells (found by the fuzzer)",
    cases=2,
    outcome="exit 1, each cell named at its line as an unknown id; no AttributeError",
)
def test_a_time_of_day_in_an_xlsx_id_cell_is_a_located_problem(example):
    import datetime

    csv = example / "targets" / "2020.csv"
    frame = _as_text(csv).astype(object)
    frame.loc[0, "indicator"] = frame.loc[3, "area"] = datetime.time(12, 0)
    frame.to_excel(csv.with_suffix(".xlsx"), index=False)
    csv.unlink()
    result = _run("validate", "-w", str(example))
    _answers_cleanly(
        result,
        "targets/2020.xlsx:2: indicator: unknown indicator (got '12:00:00'; ",
        "targets/2020.xlsx:5: area: unknown area (got '12:00:00'; ",
    )
    assert result.exit_code == 1


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: reported_at with one offset in a file and another offset in another file (review)",
    cases=1,
    outcome="both read as instants in UTC: the later report wins whatever the files' offsets",
)
def test_reported_at_offsets_are_instants_in_every_file_alike(example):
    import json

    header = "indicator,period,area,value,reported_at\n"
    # 05:00+07:00 is 22:00 the day before in UTC: the report at 03:00Z, in another file, came later
    (example / "actuals" / "a.csv").write_text(
        header + "overseas_workers,2020-07,TV,10,2020-07-22T05:00+07:00\n", encoding="utf-8"
    )
    (example / "actuals" / "b.csv").write_text(
        header + "overseas_workers,2020-07,TV,20,2020-07-22T03:00Z\n", encoding="utf-8"
    )
    result = _run("status", "-w", str(example), "--format", "json", "--as-of", "2020-07")
    assert result.exit_code == 0, result.output
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    assert rows["overseas_workers"]["actual"] == 64 + 20


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: reported_at with different offsets in one file (+07:00, Z, none) (found by the fuzzer)",
    cases=1,
    outcome="read as instants in UTC, the latest row winning; no 'Mixed timezones' ValueError",
)
def test_reported_at_with_different_offsets_is_read(example):
    import json

    actuals = example / "actuals" / "2020-H1.csv"
    text = actuals.read_text(encoding="utf-8").replace(
        "jobs_created,2020-H1,TV,9000,2020-06-22,",
        "jobs_created,2020-H1,TV,9000,2020-06-22T10:00:00+07:00,\n"
        "jobs_created,2020-H1,TV,9100,2020-06-22T04:00:00Z,\n"
        "jobs_created,2020-H1,TV,9200,2020-06-22T02:00:00,",
    )
    actuals.write_text(text, encoding="utf-8")
    result = _run("status", "-w", str(example), "--format", "json")
    _answers_cleanly(result)
    assert result.exit_code == 0, result.output
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    assert rows["jobs_created"]["actual"] == 9100  # 04:00Z is after 03:00Z (10:00+07:00) and 02:00
