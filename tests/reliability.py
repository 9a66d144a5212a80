"""docs/RELIABILITY.md, produced from the test suite's own results.

A row of the table is one class of bad input or fault: how many cases a test
tried and what came out, beside the test's own result (passed, known bug,
FAILED) and its id. Tests report rows in one of two ways:

- the `reliability` fixture, when the counts come out of the run::

      RELIABILITY_SECTION = "Fuzzed files and commands"   # the module's default section

      def test_junk_cells(reliability):
          ...
          reliability.record("junk in a cell", cases=120, outcome="exit 1, every problem located")

- the `reliability` marker, when they are fixed in advance::

      @pytest.mark.reliability("Crash safety", "report killed mid-write", cases=50,
                               outcome="the previous report intact")
      def test_report_killed(...): ...

`pytest --reliability-write` (or `python -m tests.reliability [pytest args]`)
writes the file after the run: the rows of the tests that ran replace their
old rows, the rows of tests that did not run are kept, and rows of tests that
no longer exist are dropped. `tests/test_reliability.py` runs last and fails
when the committed file is not what that would write. Every count must be
seeded (hypothesis with `derandomize`, `random.Random(seed)`), so the same code
gives the same table. The registry lives in one process: not for pytest-xdist.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "RELIABILITY.md"
# The order of the sections in the file; a section not named here comes after these, by name.
SECTIONS = (
    "Model properties",
    "Fuzzed files and commands",
    "Hostile and huge inputs",
    "Crash safety",
)
WRITE_OPTION = "--reliability-write"
HEADER = """\
# Reliability: what the tests tried

Every class of bad input and fault that the test suite tries, how many cases,
and what came out. This file is written from the suite's own results:
`.venv/bin/python -m tests.reliability` runs the tests and rewrites it, and
`tests/test_reliability.py` fails when it is not what the tests report. Every
count is seeded, so the same code gives the same table.

*result* is the test's own: `passed`, `known bug (xfail)` (the case is kept as
a test that will fail once the bug is fixed) or `FAILED`.
"""


@dataclass(frozen=True)
class Row:
    """One class of input or fault tried by one test."""

    section: str
    klass: str
    cases: int
    outcome: str
    test: str  # the pytest node id
    result: str = ""


class Registry:
    """The rows reported during one pytest session, and the results of the tests that report."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {}
        self.reporting: dict[str, list[Row]] = {}  # node id -> rows given by markers
        self.results: dict[str, str] = {}

    def expect(self, nodeid: str, marker_rows: list[Row]) -> None:
        """A collected test that reports rows (by the fixture or by markers)."""
        self.reporting[nodeid] = marker_rows

    def record(self, row: Row) -> None:
        self.rows.setdefault(row.test, []).append(row)

    def result(self, nodeid: str, when: str, outcome: str, xfail: bool) -> None:
        """Fold one phase's report (setup, call, teardown) into the test's result."""
        if nodeid not in self.reporting:
            return
        if outcome == "failed":
            self.results[nodeid] = "FAILED"
        elif outcome == "skipped" and nodeid not in self.results:
            self.results[nodeid] = "known bug (xfail)" if xfail else "skipped"
        elif outcome == "passed" and when == "call":
            self.results[nodeid] = "passed (xfail expected)" if xfail else "passed"

    def session_rows(self) -> dict[str, list[Row]]:
        """The rows of every reporting test that has a result, each with that result."""
        out = {}
        for nodeid, result in self.results.items():
            rows = self.reporting[nodeid] + self.rows.get(nodeid, [])
            if not rows:
                section = "Unreported"
                rows = [Row(section, "(the test ended before reporting)", 0, "", nodeid)]
            out[nodeid] = [replace(r, result=result) for r in rows]
        return out


REGISTRY = Registry()


class Recorder:
    """What the `reliability` fixture gives a test: `record(klass, cases, outcome, section=None)`."""

    def __init__(self, nodeid: str, section: str | None):
        self.nodeid = nodeid
        self.section = section

    def record(self, klass: str, cases: int, outcome: str, section: str | None = None) -> None:
        section = section or self.section
        if not section:
            raise ValueError("give a section, or set RELIABILITY_SECTION in the test module")
        REGISTRY.record(Row(section, klass, int(cases), outcome, self.nodeid))


def marker_rows(nodeid: str, markers) -> list[Row]:
    """Rows of `@pytest.mark.reliability(section, klass, cases=..., outcome=...)` markers."""
    rows = []
    for mark in markers:
        kwargs = dict(mark.kwargs)
        args = list(mark.args)
        section = kwargs.pop("section", None) or args.pop(0)
        klass = kwargs.pop("klass", None) or args.pop(0)
        cases = kwargs.pop("cases", None) if "cases" in kwargs else args.pop(0)
        outcome = kwargs.pop("outcome", None) if "outcome" in kwargs else args.pop(0)
        rows.append(Row(section, klass, int(cases), outcome, nodeid))
    return rows


# --- the file ------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render(rows: list[Row]) -> str:
    """The whole of docs/RELIABILITY.md for these rows."""
    out = [HEADER]
    total = sum(r.cases for r in rows)
    out.append(f"{total} cases in {len(rows)} rows.\n")
    for section in sorted({r.section for r in rows}, key=_section_key):
        part = [r for r in rows if r.section == section]
        out.append(f"## {section}\n")
        out.append("| class of input or fault | cases | outcome | result | test |")
        out.append("|---|---:|---|---|---|")
        for r in part:
            out.append(
                f"| {_cell(r.klass)} | {r.cases} | {_cell(r.outcome)} | {_cell(r.result)} | `{_cell(r.test)}` |"
            )
        out.append("")
    return "\n".join(out)


def _section_key(section: str):
    return (SECTIONS.index(section), "") if section in SECTIONS else (len(SECTIONS), section)


_SPLIT = re.compile(r"(?<!\\)\|")


def parse(text: str) -> list[Row]:
    """The rows of a rendered file (the inverse of `render`)."""
    rows, section = [], ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and not line.startswith("| class of input"):
            cells = [c.strip().replace("\\|", "|") for c in _SPLIT.split(line)[1:-1]]
            if len(cells) != 5:
                continue
            klass, cases, outcome, result, test = cells
            rows.append(Row(section, klass, int(cases), outcome, test.strip("`"), result))
    return rows


def _definition(nodeid: str, root: Path) -> int | None:
    """The line where the test of a node id is defined; None when its file or function is gone."""
    parts = nodeid.split("::")
    path = root / parts[0]
    if len(parts) < 2 or not path.is_file():
        return None
    name = parts[-1].split("[", 1)[0]
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^[ \t]*(async[ \t]+)?def {re.escape(name)}\(", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def defined(nodeid: str, root: Path = ROOT) -> bool:
    """Whether the test of a node id is still defined (its file holds a function of that name)."""
    return _definition(nodeid, root) is not None


def merged(committed: list[Row], session: dict[str, list[Row]], root: Path = ROOT) -> list[Row]:
    """The committed rows with those of this session's tests replaced, and those of lost tests dropped.

    Rows go by section, then by test file and the order of the tests in it; a
    test's own rows keep the order it recorded them in.
    """
    kept = [r for r in committed if r.test not in session and defined(r.test, root)]
    rows = kept + [r for part in session.values() for r in part]

    def place(row: Row):
        return (
            _section_key(row.section),
            row.test.split("::")[0],
            _definition(row.test, root) or 0,
            row.test,
        )

    return sorted(rows, key=place)  # stable


def expected_text(registry: Registry = REGISTRY, doc: Path = DOC) -> str:
    """What docs/RELIABILITY.md should hold after this session."""
    committed = parse(doc.read_text(encoding="utf-8")) if doc.exists() else []
    return render(merged(committed, registry.session_rows(), doc.parent.parent))


def write(registry: Registry = REGISTRY, doc: Path = DOC) -> bool:
    """Write the file; True when it changed."""
    text = expected_text(registry, doc)
    old = doc.read_text(encoding="utf-8") if doc.exists() else None
    if text == old:
        return False
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.reliability [pytest args]`: run the tests and rewrite docs/RELIABILITY.md."""
    import os

    import pytest

    args = sys.argv[1:] if argv is None else argv
    os.chdir(ROOT)
    return int(pytest.main([WRITE_OPTION, "-p", "no:cacheprovider", *args]))


if __name__ == "__main__":
    sys.exit(main())
