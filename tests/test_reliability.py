"""docs/RELIABILITY.md is what the tests report: its rendering, and the check that the committed file is current."""

from __future__ import annotations

import difflib

import pytest
import reliability
from reliability import Registry, Row, merged, parse, render


def test_a_rendered_table_parses_back_to_its_rows():
    rows = [
        Row(
            "Model properties",
            "order of rows | files",
            40,
            "same status, every column",
            "tests/t.py::a",
            "passed",
        ),
        Row("Crash safety", "killed mid-write", 3, "intact", "tests/t.py::b", "known bug (xfail)"),
        Row("Zeta", "other", 1, "ok", "tests/t.py::c", "FAILED"),
    ]
    text = render(rows)
    assert parse(text) == rows
    assert text.index("## Model properties") < text.index("## Crash safety") < text.index("## Zeta")
    assert "44 cases in 3 rows." in text


def test_the_rows_of_tests_that_ran_replace_theirs_and_lost_tests_are_dropped(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_kept():\n    pass\n\ndef test_ran():\n    pass\n")
    committed = [
        Row("S", "kept", 5, "ok", "tests/test_x.py::test_kept", "passed"),
        Row("S", "ran, old count", 5, "ok", "tests/test_x.py::test_ran", "passed"),
        Row("S", "gone", 5, "ok", "tests/test_x.py::test_gone", "passed"),
        Row("S", "file gone", 5, "ok", "tests/test_y.py::test_a", "passed"),
    ]
    session = {"tests/test_x.py::test_ran": [Row("S", "ran", 7, "ok", "tests/test_x.py::test_ran", "passed")]}
    assert [(r.klass, r.cases) for r in merged(committed, session, tmp_path)] == [("kept", 5), ("ran", 7)]


def test_a_test_that_fails_before_reporting_still_has_a_row():
    registry = Registry()
    registry.expect("tests/t.py::a", [])
    registry.result("tests/t.py::a", "setup", "passed", False)
    registry.result("tests/t.py::a", "call", "failed", False)
    (row,) = registry.session_rows()["tests/t.py::a"]
    assert row.result == "FAILED" and row.cases == 0


def test_markers_and_xfail_results():
    registry = Registry()
    mark = pytest.mark.reliability("Crash safety", "killed", cases=4, outcome="intact").mark
    registry.expect("tests/t.py::a", reliability.marker_rows("tests/t.py::a", [mark]))
    registry.result("tests/t.py::a", "call", "skipped", True)
    (row,) = registry.session_rows()["tests/t.py::a"]
    assert (row.section, row.klass, row.cases, row.outcome, row.result) == (
        "Crash safety",
        "killed",
        4,
        "intact",
        "known bug (xfail)",
    )


@pytest.mark.reliability_table
def test_the_committed_table_is_what_the_tests_report(request):
    """Runs after every other test (tests/conftest.py): the file must be what this run would write."""
    if request.config.getoption("--reliability-write"):
        pytest.skip("the file is rewritten at the end of this run")
    expected = reliability.expected_text()
    committed = reliability.DOC.read_text(encoding="utf-8") if reliability.DOC.exists() else ""
    if committed != expected:
        diff = "\n".join(
            difflib.unified_diff(
                committed.splitlines(), expected.splitlines(), "committed", "this run", lineterm=""
            )
        )
        pytest.fail(
            "docs/RELIABILITY.md is not what the tests report; run `.venv/bin/python -m tests.reliability` "
            f"and commit it:\n{diff}",
            pytrace=False,
        )
