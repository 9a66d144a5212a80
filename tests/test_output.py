"""The status table as CSV and JSON: every number in the shortest form that reads back as the same float."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from tracker import output
from tracker.history import with_history
from tracker.league import league
from tracker.model import compute
from tracker.workspace import load_workspace

# (float, as CSV writes it, as JSON writes it): Python's repr, whole numbers as integers in CSV
NUMBERS = [
    (99.74, "99.74", "99.74"),
    (1 / 3, "0.3333333333333333", "0.3333333333333333"),
    (11000 / 6, "1833.3333333333333", "1833.3333333333333"),
    (0.1 + 0.2, "0.30000000000000004", "0.30000000000000004"),
    (20000.0, "20000", "20000.0"),
    (0.45, "0.45", "0.45"),
    (-2.5, "-2.5", "-2.5"),
    (0.0, "0", "0.0"),
    (-0.0, "-0", "-0.0"),
    (1e-05, "1e-05", "1e-05"),
    (1.2345678901234568e-05, "1.2345678901234568e-05", "1.2345678901234568e-05"),
    (203455240676.14963, "203455240676.14963", "203455240676.14963"),
    (1234567890123456.0, "1234567890123456", "1234567890123456.0"),
    (1e16, "1e+16", "1e+16"),
    (5e-324, "5e-324", "5e-324"),
    (1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308"),
    (math.nan, "", None),
]


@pytest.fixture(scope="module")
def status(tmp_path_factory):
    """The example's status table with its history and league columns: every kind of column."""
    from example_workspace import copy_example

    ws = load_workspace(copy_example(tmp_path_factory.mktemp("output") / "example"))
    return league(with_history(ws, compute(ws)), ws.areas)


def _with_attainments(status: pd.DataFrame, values) -> pd.DataFrame:
    rows = status.iloc[[0] * len(values)].reset_index(drop=True)
    return rows.assign(attainment=np.array(values, dtype=float))


def test_csv_writes_each_number_in_its_shortest_form(status):
    rows = _with_attainments(status, [x for x, _, _ in NUMBERS])
    cells = [row["attainment"] for row in csv.DictReader(io.StringIO(output.to_csv(rows)))]
    assert cells == [text for _, text, _ in NUMBERS]


def test_json_writes_each_number_in_its_shortest_form(status):
    rows = _with_attainments(status, [x for x, _, _ in NUMBERS])
    text = output.to_json(rows)
    assert [line.strip() for line in text.splitlines() if '"attainment"' in line] == [
        f'"attainment":{"null" if json_text is None else json_text},' for _, _, json_text in NUMBERS
    ]
    assert '"required_per_month":1833.3333333333333,' in output.to_json(status)


def _random_floats(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    magnitudes = 10.0 ** rng.integers(-12, 22, n)
    ratios = rng.integers(0, 10**6, n) / rng.integers(1, 10**4, n)
    x = np.where(rng.random(n) < 0.5, rng.random(n) * magnitudes, ratios)
    return np.where(rng.random(n) < 0.3, -x, x)


def test_every_number_reads_back_as_the_same_float(status):
    values = _random_floats(20_000, seed=10)
    rows = _with_attainments(status, values)
    cells = [row["attainment"] for row in csv.DictReader(io.StringIO(output.to_csv(rows)))]
    assert [float(c) for c in cells] == values.tolist()
    assert cells == [repr(x).removesuffix(".0") for x in values.tolist()]  # and no longer than needed
    assert [r["attainment"] for r in json.loads(output.to_json(rows))] == values.tolist()


def _plain_json(status: pd.DataFrame) -> str:
    """What Python's json module writes for the rows: floats by repr, null for what is missing."""
    frame = status[output.columns(status)]
    records = [
        {key: None if pd.isna(value) else value for key, value in record.items()}
        for record in frame.astype(object).to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=1, separators=(",", ":")) + "\n"


def test_the_fast_writers_write_what_the_plain_ones_do(status):
    rows = pd.concat([status, _with_attainments(status, _random_floats(500, seed=11))], ignore_index=True)
    shortest = lambda x: repr(float(x)).removesuffix(".0")  # noqa: E731
    frame = output.machine_frame(rows)
    assert output.to_csv(rows) == frame.to_csv(index=False, float_format=shortest, lineterminator="\n")
    assert output.to_json(rows) == _plain_json(rows)
    assert output.to_json(rows.iloc[:0]) == _plain_json(rows.iloc[:0]) == "[]\n"


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("fast", [True, False])
def test_the_parts_of_one_text_are_each_indicators_body(status, monkeypatch, fmt, fast):
    if not fast:  # a column the fast writer does not know: the parts come from the slow writers
        monkeypatch.setattr(output, "_line_array", lambda frame, dialect: None)
    rows = pd.concat([status, status]).sort_values("indicator", kind="stable")  # two rows an indicator
    text, places = output.bodies(rows, fmt, "indicator")
    assert list(places) == list(dict.fromkeys(rows.indicator))
    for indicator, (start, end) in places.items():
        assert text[start:end] == output.body(rows[rows.indicator == indicator], fmt).encode("utf-8")
    header = output.to_csv(rows.iloc[:0]).encode("utf-8")
    whole = output.to_csv(rows) if fmt == "csv" else output.to_json(rows)
    parts = [text[start:end] for start, end in places.values()]
    assert b"".join(output.joined(header, parts, fmt)) == whole.encode("utf-8")
    assert b"".join(output.joined(header, [], fmt)) == (header if fmt == "csv" else b"[]\n")
