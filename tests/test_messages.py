"""One status vocabulary (tracker/statuses.py) and one catalogue of words (tracker/messages/)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tracker import messages
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Pace, Status

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
# The modules that take their statuses from tracker.statuses and their words from tracker.messages.
USERS = (
    "check.py",
    "output.py",
    "formats.py",
    "narrative.py",
    "league.py",
    *sorted(path.relative_to(TRACKER).as_posix() for path in (TRACKER / "charts").glob("*.py")),
)
CATALOGUES = (
    "STATUS_WORDS",
    "STATUS_LABELS",
    "CEILING_STATUS_LABELS",
    "FIGURES",
    "TABLE",
    "CHECK",
    "NARRATIVE",
    "CHARTS",
)


def _shape(words):
    """The keys of a nested table (tuples of words count by length): what vi and en must share."""
    if isinstance(words, dict):
        return {key: _shape(value) for key, value in words.items()}
    if isinstance(words, tuple):
        return len(words)
    return type(words)


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_table_has_the_same_words_in_vietnamese_and_english(name):
    table = getattr(messages, name)
    assert set(table) == set(messages.LANGUAGES) == {"vi", "en"}
    assert _shape(table["vi"]) == _shape(table["en"])


def test_every_status_has_its_words():
    for lang in messages.LANGUAGES:
        assert set(messages.STATUS_WORDS[lang]) == set(Status)
        assert set(messages.STATUS_LABELS[lang]) == set(Status)
        assert set(messages.CEILING_STATUS_LABELS[lang]) <= {*BEHIND_PACE, Status.ON_TRACK}
        assert set(messages.NARRATIVE[lang]["count_labels"]) == set(REPORT_ORDER)
        assert set(messages.NARRATIVE[lang]["paces"]) == set(Pace)
        # keyed by the enum's members, which are their strings: plain text finds them too
        assert messages.STATUS_WORDS[lang]["lagging"] == messages.STATUS_WORDS[lang][Status.LAGGING]


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
        if isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", USERS)
def test_statuses_and_paces_are_named_by_the_enums_not_written_out(module):
    # "none" is matplotlib's word too (facecolor="none"), "plan" the status table's column (SPEC 7.1)
    vocabulary = {str(s) for s in Status} | {str(p) for p in Pace} - {Pace.NONE, Pace.PLAN}
    written = [(line, text) for line, text in _literals(TRACKER / module) if text in vocabulary]
    assert written == [], f"tracker/{module}: use tracker.statuses"


def test_the_words_live_in_the_catalogue_only():
    from tracker import charts, check, formats, narrative

    assert not hasattr(formats, "STATUS_WORDS") and not hasattr(formats, "STATUS_LABELS")
    assert not hasattr(formats, "CEILING_STATUS_LABELS")
    assert not hasattr(formats, "_TIMES") and not hasattr(formats, "_UNITS_EN")
    assert not hasattr(check, "_TEXT") and not hasattr(narrative, "_WORDS") and not hasattr(charts, "_TEXT")
