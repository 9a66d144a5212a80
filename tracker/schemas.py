"""Raw frames -> typed tables, with every problem located: pandera models and cross-table rules.

Cells are typed here, one column at a time, before pandera sees them: pandera
leaves a whole column uncoerced when one cell fails, which would hide the other
bad rows. Each problem is a `Problem(path, line, column, message)`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from tracker.cells import (
    BAD,
    EMPTY,
    GROUPED,
    HUGE,
    NOT_A_NUMBER,
    OK,
    as_text,
    blank_for_missing,
    dates,
    flags,
    grouped_problems,
    is_empty,
    is_text,
    located,
    parse_numbers,
    shown,
    year_spans,
)
from tracker.errors import Problem
from tracker.periods import PERIOD_SYNTAX, parse_periods

MEASURES = ("flow", "stock", "rate", "ratio")
DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class Column:
    """A column of a table: its kind of values, whether it must be there, whether cells may be empty."""

    name: str
    kind: str  # text, number, year, years (a year or a span: 2021-2025), flag, date
    required: bool = False
    optional_cells: bool = False


TABLES = {
    "indicators": (
        Column("indicator", "text", True),
        Column("name", "text", True),
        Column("name_en", "text", optional_cells=True),
        Column("unit", "text", True),
        Column("measure", "text", True),
        Column("direction", "text", optional_cells=True),
        Column("group", "text", optional_cells=True),
        Column("group_en", "text", optional_cells=True),
        # a ratio's two sides (SPEC section 8)
        Column("numerator", "text", optional_cells=True),
        Column("denominator", "text", optional_cells=True),
    ),
    "areas": (
        Column("area", "text", True),
        Column("name", "text", True),
        Column("parent", "text", optional_cells=True),
    ),
    "targets": (
        Column("indicator", "text", True),
        Column("year", "years", True),
        Column("area", "text", optional_cells=True),
        Column("target", "number", True),
        Column("baseline", "number", optional_cells=True),
        Column("note", "text", optional_cells=True),
        # plans as they are really made (SPEC section 7)
        Column("plan", "text", optional_cells=True),
        Column("period", "text", optional_cells=True),
        Column("cumulative", "flag", optional_cells=True),
        Column("decided_at", "date", optional_cells=True),
        Column("decision", "text", optional_cells=True),
    ),
    "plans": (
        Column("plan", "text", True),
        Column("name", "text", True),
        Column("name_en", "text", optional_cells=True),
    ),
    "actuals": (
        Column("indicator", "text", True),
        Column("period", "text", True),
        Column("area", "text", optional_cells=True),
        Column("value", "number", True),
        Column("cumulative", "flag", optional_cells=True),
        Column("reported_at", "date", optional_cells=True),
        Column("estimate", "flag", optional_cells=True),
        Column("note", "text", optional_cells=True),
    ),
}
KEYS = ("indicator", "area", "period")  # read as categoricals
LARGE = ("targets", "actuals")  # tables of millions of rows: text columns stay categoricals


def _pandas_types_only() -> None:
    """Have pandera settle which frame types it knows without importing dask.dataframe.

    The first time it checks a model, pandera looks for every dataframe library installed;
    where Dask is (`tracker[dask]`), importing dask.dataframe costs half a second of every
    command, for models that are all pandas ones. A module already imported is left alone.
    """
    from pandera.typing import get_dataframe_types, get_index_types, get_series_types

    hidden = "dask.dataframe" not in sys.modules
    if hidden:
        sys.modules["dask.dataframe"] = None  # an import of it raises ImportError: "not installed"
    try:
        get_dataframe_types(), get_series_types(), get_index_types()
    finally:
        if hidden:
            del sys.modules["dask.dataframe"]


_pandas_types_only()


# --- pandera models: the rules that one table can check on its own --------------------------------


class IndicatorSchema(pa.DataFrameModel):
    """`targets/indicators.csv`, typed."""

    indicator: Series[str] = pa.Field(unique=True)
    name: Series[str]
    unit: Series[str]
    measure: Series[str]
    direction: Series[str]

    @pa.check("indicator", error="not a valid id|lower-case letters, digits and _, e.g. jobs_created")
    def indicator_id(cls, s: Series[str]) -> Series[bool]:
        return s.str.fullmatch(r"[a-z][a-z0-9_]*")

    @pa.check("measure", error="unknown measure|flow, stock, rate or ratio")
    def known_measure(cls, s: Series[str]) -> Series[bool]:
        return s.isin(MEASURES)

    @pa.check("direction", error="unknown direction|up, down or empty for up")
    def known_direction(cls, s: Series[str]) -> Series[bool]:
        return s.isin(DIRECTIONS)


class AreaSchema(pa.DataFrameModel):
    """`targets/areas.csv`, typed."""

    area: Series[str] = pa.Field(unique=True)
    name: Series[str]
    parent: Series[str]


class PlanSchema(pa.DataFrameModel):
    """`targets/plans.csv`, typed: the first row is the plan of record."""

    plan: Series[str] = pa.Field(unique=True)
    name: Series[str]

    @pa.check("plan", error="not a valid id|lower-case letters, digits and _, e.g. hdnd")
    def plan_id(cls, s: Series[str]) -> Series[bool]:
        return s.str.fullmatch(r"[a-z][a-z0-9_]*")


class TargetSchema(pa.DataFrameModel):
    """Target rows, typed, with their indicator's measure and direction beside them."""

    year: Series[float] = pa.Field(nullable=True)
    target: Series[float] = pa.Field(nullable=True)
    baseline: Series[float] = pa.Field(nullable=True)

    @pa.check("year", error="not a 4-digit year|a year such as 2020")
    def four_digits(cls, s: Series[float]) -> Series[bool]:
        return s.between(1000, 9999) & (s % 1 == 0)

    # The row checks below are written with numpy on whole columns (millions of rows in a
    # national workspace); each says itself what a missing value means (ignore_na=False).

    @pa.dataframe_check(error="target:a flow's target must be above 0|a number > 0", ignore_na=False)
    def flow_target_positive(cls, df: pd.DataFrame) -> Series[bool]:
        target = df.target.to_numpy()
        with np.errstate(invalid="ignore"):
            return _rows(df, ~is_text(df.measure, "flow") | np.isnan(target) | (target > 0))

    @pa.dataframe_check(
        error="baseline:a 'down' stock or rate needs a baseline|the level at the start of the year",
        ignore_na=False,
    )
    def down_level_baseline(cls, df: pd.DataFrame) -> Series[bool]:
        down = is_text(df.direction, "down")
        return _rows(df, is_text(df.measure, "flow") | ~down | ~np.isnan(df.baseline.to_numpy()))

    @pa.dataframe_check(
        error="target:an 'up' stock or rate with a target of 0 needs a baseline|a target above 0, "
        "or the level at the start of the year in baseline",
        ignore_na=False,
    )
    def up_level_target_or_baseline(cls, df: pd.DataFrame) -> Series[bool]:
        zero = df.target.to_numpy() == 0  # level / 0 has no meaning: attainment needs a baseline
        level = ~is_text(df.measure, "flow") & ~is_text(df.measure, "")
        up = is_text(df.direction, "up")
        return _rows(df, ~(level & up & zero & np.isnan(df.baseline.to_numpy())))

    @pa.dataframe_check(
        error="target:the target equals the baseline|a target different from the baseline",
        ignore_na=False,
    )
    def target_moves(cls, df: pd.DataFrame) -> Series[bool]:
        return _rows(df, is_text(df.measure, "flow") | (df.target.to_numpy() != df.baseline.to_numpy()))


class ActualSchema(pa.DataFrameModel):
    """Actual rows, typed, with their indicator's measure beside them."""

    value: Series[float] = pa.Field(nullable=True)

    @pa.dataframe_check(error="value:a flow or stock cannot be negative|a number >= 0", ignore_na=False)
    def counts_not_negative(cls, df: pd.DataFrame) -> Series[bool]:
        value = df.value.to_numpy()
        with np.errstate(invalid="ignore"):
            return _rows(df, is_text(df.measure, "rate") | np.isnan(value) | (value >= 0))


def _rows(df: pd.DataFrame, passed: np.ndarray) -> pd.Series:
    return pd.Series(passed, index=df.index, copy=False)


def pandera_problems(schema: type[pa.DataFrameModel], frame: pd.DataFrame, path, lines) -> list[Problem]:
    """Validate `frame` (RangeIndex) lazily; each failure as a located problem.

    `path` and `lines` give each row's file and line; they are only indexed at the
    failing rows, so a categorical of file names does not become an array of strings.
    """
    try:
        schema.validate(frame, lazy=True, inplace=True)  # nothing is coerced: no copy needed
    except pa.errors.SchemaErrors as e:
        cases = e.failure_cases
    else:
        return []
    problems = []
    for case in cases.drop_duplicates(["check", "index"]).itertuples():
        check = str(case.check)
        if check == "field_uniqueness" and not frame[case.column].duplicated().iat[int(case.index)]:
            continue  # the first of the repeated values is where it belongs
        if check == "field_uniqueness":
            column, problem, expected = case.column, "appears twice", "each value once"
        elif ":" in check and "|" in check:
            column, rest = check.split(":", 1)
            problem, expected = rest.split("|", 1)
        elif "|" in check:
            column, (problem, expected) = case.column, check.split("|", 1)
        else:  # a dtype or schema-level failure: the typing step should have caught it
            column, problem, expected = case.column or "", check, "valid values"
        row = int(case.index) if case.index is not None and not pd.isna(case.index) else None
        got = frame[column].iloc[row] if row is not None and column in frame else case.failure_case
        problems.append(
            Problem(
                str(path[row]) if row is not None else str(path[0]),
                int(lines[row]) if row is not None else 0,
                str(column),
                f"{problem} (got {shown(got)}; expected {expected})",
            )
        )
    return problems


# --- typing cells ------------------------------------------------------------------------------------


def type_columns(
    frame: pd.DataFrame,
    table: str,
    path: str,
    lines: np.ndarray,
    number_format: str,
    names: list[str] | None = None,
) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """The table's known columns typed; problems for missing columns and bad cells; warnings.

    `names` are all the columns of the file when some were not read (`frame` holds
    the known ones). Text columns of large tables stay categoricals, and a cell's
    text is judged once per distinct value.
    """
    spec = TABLES[table]
    known = {c.name for c in spec}
    problems, warnings = [], []
    missing = [c.name for c in spec if c.required and c.name not in frame.columns]
    if missing:
        expected = ", ".join(c.name for c in spec if c.required)
        problems += [
            Problem(path, 1, name, f"required column missing (expected the columns {expected})")
            for name in missing
        ]
        return frame, problems, warnings
    unknown = [c for c in (frame.columns if names is None else names) if c not in known and c != ""]
    # a column without a name is one that Excel left behind, unless something is written in it
    unnamed = [k for k, c in enumerate(frame.columns) if c == ""]
    if any(not is_empty(as_text(frame.iloc[:, k])).all() for k in unnamed):
        unknown.append("(no name)")
    if unknown:
        warnings.append(
            f"{path}: column{'s' * (len(unknown) > 1)} {', '.join(unknown)} ignored "
            f"(known columns: {', '.join(c.name for c in spec)})"
        )
    typed = {}
    for column in spec:
        raw = frame[column.name] if column.name in frame.columns else None
        values, bad = _type_column(column, raw, len(frame), number_format, table in LARGE)
        if isinstance(values, pd.DataFrame):  # a span of years: its first and last year
            typed.update(values.items())
        else:
            typed[column.name] = values
        for row, message in bad:
            problems.append(Problem(path, int(lines[row]), column.name, message))
    return pd.DataFrame(typed, copy=False), problems, warnings


def _type_column(column: Column, raw: pd.Series | None, n: int, number_format: str, large: bool = False):
    """(typed values, [(row, message)]) for one column; an absent optional column is all empty."""
    kind = column.kind
    if raw is None:
        if large:  # one value repeated without memory: a read-only view of it
            return _constant(kind, n), []
        if kind == "text":
            return pd.Series([""] * n, dtype=object), []
        if kind == "number":
            return pd.Series(np.full(n, np.nan)), []
        if kind == "flag":
            return pd.Series(np.zeros(n, bool)), []
        return pd.Series(np.full(n, np.datetime64("NaT"), "datetime64[ns]")), []
    if kind == "text":
        values = as_text(raw)
        # a missing optional cell (a Parquet null area) is an empty one; a missing key is reported below
        if (column.name not in KEYS or column.optional_cells) and isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            values = blank_for_missing(values)
        if column.optional_cells:
            return values, []
        return values, located(is_empty(values), "missing|a value")
    if kind == "years":
        return _years(raw, number_format)
    if kind in ("number", "year"):
        number, state = parse_numbers(raw, number_format)
        bad = []
        if not column.optional_cells:
            bad += located(state == EMPTY, "missing|a number")
        bad += located(state == BAD, NOT_A_NUMBER[number_format], raw)
        bad += grouped_problems(state == GROUPED, raw)
        bad += located(state == HUGE, "not a finite number|a number such as 1234.5", raw)
        return pd.Series(number, copy=False), bad
    if kind == "flag":
        return flags(raw)
    return dates(raw)


def _years(raw: pd.Series, number_format: str) -> tuple[pd.DataFrame, list]:
    """`year` and `last_year` of a target column that holds years (2020) or spans (2021-2025)."""
    year, state = parse_numbers(raw, number_format)
    last = year.copy()
    span = np.zeros(len(year), bool)
    text = np.flatnonzero(state == BAD)  # a span is not a number: only those cells are looked at again
    if len(text):
        first_of_span, last_of_span = year_spans(raw.iloc[text])
        found = ~np.isnan(first_of_span)
        span[text[found]] = True
        year[text[found]], last[text[found]] = first_of_span[found], last_of_span[found]
        state = np.where(span, OK, state)
    bad = located(state == EMPTY, "missing|a year")
    length = last - year
    bad += located(
        span & ~((length >= 1) & (length <= 9)),
        "not a span of 2 to 10 years|a first and a last year such as 2021-2025",
        raw,
    )
    bad += located(
        np.isin(state, (BAD, GROUPED, HUGE)),
        "not a year|a year such as 2020, or a span such as 2021-2025",
        raw,
    )
    return pd.DataFrame({"year": year, "last_year": last}), bad


def _constant(kind: str, n: int) -> pd.Series:
    """An absent column of a large table: n empty values, as a read-only view of one value."""
    if kind == "text":
        codes = np.broadcast_to(np.int8(0), n)
        dtype = pd.CategoricalDtype(pd.Index([""], dtype=str))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype, validate=False), copy=False)
    empty = {"number": np.float64("nan"), "flag": np.False_, "date": np.datetime64("NaT", "ns")}[kind]
    return pd.Series(np.broadcast_to(empty, n), copy=False)


# --- periods -----------------------------------------------------------------------------------------


def period_problems(actuals: pd.DataFrame) -> list[Problem]:
    """Actual rows whose period does not parse."""
    bad = np.flatnonzero(actuals.start.to_numpy() < 0)
    return [
        Problem(
            str(actuals.file.iat[r]),
            int(actuals.line.iat[r]),
            "period",
            f"unknown period (got {shown(actuals.period.iat[r])}; expected {PERIOD_SYNTAX})",
        )
        for r in bad
    ]


def with_periods(actuals: pd.DataFrame) -> pd.DataFrame:
    """Actuals with `year`, `start` and `end` months parsed from `period` (once per distinct text)."""
    period = actuals.period
    if not isinstance(period.dtype, pd.CategoricalDtype):
        parsed = parse_periods(period)
        return actuals.assign(year=parsed.year, start=parsed.start, end=parsed.end)
    k = len(period.cat.categories)
    each = parse_periods(
        pd.Series(pd.Categorical.from_codes(np.append(np.arange(k), -1), dtype=period.dtype))
    )
    pick = period.cat.codes.to_numpy()  # a missing period (code -1) takes the last, k
    return actuals.assign(  # small integers: years fit 32 bits, months 8
        year=each.year.to_numpy(np.int32)[pick],
        start=each.start.to_numpy(np.int8)[pick],
        end=each.end.to_numpy(np.int8)[pick],
    )
