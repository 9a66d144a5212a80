"""Raw frames -> typed tables, with every problem located: pandera models and cross-table rules.

Cells are typed here, one column at a time, before pandera sees them: pandera
leaves a whole column uncoerced when one cell fails, which would hide the other
bad rows. Each problem is a `Problem(path, line, column, message)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from tracker.arrays import by_code
from tracker.errors import Problem
from tracker.periods import PERIOD_SYNTAX, parse_periods

MEASURES = ("flow", "stock", "rate")
DIRECTIONS = ("up", "down")
TRUE = ("true", "1", "yes", "y", "có", "x")
FALSE = ("false", "0", "no", "n", "không", "")
# [0-9], not \d: \d also matches digits of other scripts (１２, ١٢), which do not parse as numbers
_PLAIN = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_GROUPED = r"^[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+$"  # 3.276, 44.385.794.000: thousands in plain mode?
_VI = r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$"


@dataclass(frozen=True)
class Column:
    """A column of a table: its kind of values, whether it must be there, whether cells may be empty."""

    name: str
    kind: str  # text, number, year, flag, date
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
    ),
    "areas": (
        Column("area", "text", True),
        Column("name", "text", True),
        Column("parent", "text", optional_cells=True),
    ),
    "targets": (
        Column("indicator", "text", True),
        Column("year", "year", True),
        Column("area", "text", optional_cells=True),
        Column("target", "number", True),
        Column("baseline", "number", optional_cells=True),
        Column("note", "text", optional_cells=True),
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

    @pa.check("measure", error="unknown measure|flow, stock or rate")
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
            return _rows(df, ~_is(df.measure, "flow") | np.isnan(target) | (target > 0))

    @pa.dataframe_check(
        error="baseline:a 'down' stock or rate needs a baseline|the level at the start of the year",
        ignore_na=False,
    )
    def down_level_baseline(cls, df: pd.DataFrame) -> Series[bool]:
        down = _is(df.direction, "down")
        return _rows(df, _is(df.measure, "flow") | ~down | ~np.isnan(df.baseline.to_numpy()))

    @pa.dataframe_check(
        error="target:an 'up' stock or rate with a target of 0 needs a baseline|a target above 0, "
        "or the level at the start of the year in baseline",
        ignore_na=False,
    )
    def up_level_target_or_baseline(cls, df: pd.DataFrame) -> Series[bool]:
        zero = df.target.to_numpy() == 0  # level / 0 has no meaning: attainment needs a baseline
        level = ~_is(df.measure, "flow") & ~_is(df.measure, "")
        up = _is(df.direction, "up")
        return _rows(df, ~(level & up & zero & np.isnan(df.baseline.to_numpy())))

    @pa.dataframe_check(
        error="target:the target equals the baseline|a target different from the baseline",
        ignore_na=False,
    )
    def target_moves(cls, df: pd.DataFrame) -> Series[bool]:
        return _rows(df, _is(df.measure, "flow") | (df.target.to_numpy() != df.baseline.to_numpy()))


class ActualSchema(pa.DataFrameModel):
    """Actual rows, typed, with their indicator's measure beside them."""

    value: Series[float] = pa.Field(nullable=True)

    @pa.dataframe_check(error="value:a flow or stock cannot be negative|a number >= 0", ignore_na=False)
    def counts_not_negative(cls, df: pd.DataFrame) -> Series[bool]:
        value = df.value.to_numpy()
        with np.errstate(invalid="ignore"):
            return _rows(df, _is(df.measure, "rate") | np.isnan(value) | (value >= 0))


def _is(values: pd.Series, text: str, missing: bool = False) -> np.ndarray:
    """`values == text` per row; a categorical is compared once per category."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return by_code(values.cat.categories == text, values.cat.codes.to_numpy(), missing)
    return (values == text).to_numpy(dtype=bool, na_value=missing)


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
                f"{problem} (got {_shown(got)}; expected {expected})",
            )
        )
    return problems


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "nothing"
    if isinstance(value, float) and value.is_integer():
        return repr(str(int(value)))
    return repr(str(value))


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
    if any(not _is_empty(_text(frame.iloc[:, k])).all() for k in unnamed):
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
        values = _text(raw)
        # a missing optional cell (a Parquet null area) is an empty one; a missing key is reported below
        if (column.name not in KEYS or column.optional_cells) and isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            values = _blank_for_missing(values)
        if column.optional_cells:
            return values, []
        return values, _report(_is_empty(values), "missing|a value")
    if kind in ("number", "year"):
        number, state = parse_numbers(raw, number_format)
        bad = []
        if not column.optional_cells:
            bad += _report(state == EMPTY, "missing|a number")
        bad += _report(state == BAD, _NOT_A_NUMBER[number_format], raw)
        bad += _grouped(state == GROUPED, raw)
        bad += _report(state == HUGE, "not a finite number|a number such as 1234.5", raw)
        return pd.Series(number, copy=False), bad
    if kind == "flag":
        return _flags(raw)
    return _dates(raw)


def _constant(kind: str, n: int) -> pd.Series:
    """An absent column of a large table: n empty values, as a read-only view of one value."""
    if kind == "text":
        codes = np.broadcast_to(np.int8(0), n)
        dtype = pd.CategoricalDtype(pd.Index([""], dtype=str))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype, validate=False), copy=False)
    empty = {"number": np.float64("nan"), "flag": np.False_, "date": np.datetime64("NaT", "ns")}[kind]
    return pd.Series(np.broadcast_to(empty, n), copy=False)


OK, EMPTY, BAD, GROUPED, HUGE = range(5)
_NOT_A_NUMBER = {
    "plain": 'not a number|a plain number such as 1234.5; for 1.234,5 set number_format = "vi"',
    "vi": 'not a number in the "vi" number format|a number such as 1.234,5',
}


def _grouped(mask: np.ndarray, raw: pd.Series) -> list[tuple[int, str]]:
    """(row, message) for each cell in `mask` that may group thousands: the hint is the value without dots."""
    problems = []
    for r in np.flatnonzero(mask):
        value = raw.iloc[r]
        meant = str(value).strip().replace(".", "")
        problems.append(
            (
                int(r),
                f"ambiguous: dots here may group thousands (got {_shown(value)}; "
                f'expected {meant}, or set number_format = "vi" in tracker.toml)',
            )
        )
    return problems


def parse_numbers(raw: pd.Series, number_format: str) -> tuple[np.ndarray, np.ndarray]:
    """Floats and a state per cell (OK, EMPTY, BAD, GROUPED, HUGE) in the declared format.

    Typed numbers (Parquet columns, xlsx number cells) are taken as they are: they
    cannot be ambiguous. Text follows `number_format`; a trailing % is dropped.
    The text of a categorical is parsed once per distinct value.
    """
    return _per_value(raw, lambda values: _parse_numbers(values, number_format))


def _per_value(raw: pd.Series, judge) -> tuple[np.ndarray, ...]:
    """`judge(values)` -> arrays with one item per value; a categorical's values judged once each.

    The distinct values are judged as a categorical of the same type (so the
    same rules apply), with one missing value at the end for the missing cells.
    """
    if not isinstance(raw.dtype, pd.CategoricalDtype):
        return judge(raw)
    k = len(raw.cat.categories)
    sample = pd.Categorical.from_codes(np.append(np.arange(k), -1), dtype=raw.dtype, validate=False)
    judged = judge(pd.Series(sample))
    codes = raw.cat.codes.to_numpy()
    return tuple(np.asarray(a)[codes] for a in judged)  # missing (code -1): the last, k


def _parse_numbers(raw: pd.Series, number_format: str) -> tuple[np.ndarray, np.ndarray]:
    n = len(raw)
    state = np.full(n, OK, dtype=np.int8)
    if pd.api.types.is_bool_dtype(raw.dtype):
        return np.full(n, np.nan), np.full(n, BAD, dtype=np.int8)
    if pd.api.types.is_numeric_dtype(raw.dtype):
        number = raw.to_numpy(dtype=float, na_value=np.nan)
        state[np.isnan(number)] = EMPTY
        state[np.isinf(number)] = HUGE
        return number, state
    objects = raw.astype(object)
    typed = objects.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).astype(bool)
    number = np.full(n, np.nan)
    if typed.any():
        number[typed.to_numpy()] = objects[typed].astype(float).to_numpy()
    text_rows = ~typed.to_numpy()
    text = objects[text_rows].map(lambda v: "" if v is None or v != v else str(v))
    text = text.astype(str).str.strip().str.removesuffix("%").str.strip()
    t_state = np.full(len(text), OK, dtype=np.int8)
    t_number = np.full(len(text), np.nan)
    empty = (text == "").to_numpy(copy=True)
    t_state[empty] = EMPTY
    if number_format == "vi":
        shaped = text.str.fullmatch(_VI).to_numpy(dtype=bool, copy=True)
        clean = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        shaped = text.str.fullmatch(_PLAIN).to_numpy(dtype=bool, copy=True)
        grouped = text.str.fullmatch(_GROUPED).to_numpy(dtype=bool)
        t_state[grouped] = GROUPED
        shaped &= ~grouped
        clean = text
    t_number[shaped] = pd.to_numeric(clean[shaped], errors="coerce").to_numpy(dtype=float)
    t_state[~shaped & ~empty & (t_state != GROUPED)] = BAD
    t_state[shaped & np.isinf(t_number)] = HUGE
    t_number[t_state != OK] = np.nan
    number[text_rows] = t_number
    state[text_rows] = t_state
    state[~text_rows & np.isnan(number)] = EMPTY
    state[~text_rows & np.isinf(number)] = HUGE
    return number, state


def _text(raw: pd.Series) -> pd.Series:
    """Stripped text; empty for missing. Categoricals stay categoricals (keys of millions of rows)."""
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return map_categories(raw, lambda cats: cats.astype(str).str.strip())
    if raw.dtype == object:  # xlsx cells: numbers, dates and text mixed
        return raw.map(_cell_text, na_action="ignore").fillna("").astype(str)
    return raw.astype(str).fillna("").str.strip()


def _blank_for_missing(values: pd.Series) -> pd.Series:
    """Missing cells of a categorical text column as empty text, as for any text column."""
    codes = values.cat.codes.to_numpy()
    if not (codes < 0).any():
        return values
    categories = values.cat.categories
    if "" not in categories:
        categories = categories.append(pd.Index([""], dtype=categories.dtype))
    blank = categories.get_loc("")
    filled = pd.Categorical.from_codes(
        np.where(codes < 0, blank, codes), dtype=pd.CategoricalDtype(categories), validate=False
    )
    return pd.Series(filled, index=values.index, copy=False)


def map_categories(values: pd.Series, change) -> pd.Series:
    """A categorical with `change` applied to its categories; categories that become equal merge."""
    cats = pd.Index(change(values.cat.categories))
    if cats.equals(values.cat.categories) and cats.is_unique:  # nothing changed: no need to recode
        return pd.Series(values.array, index=values.index, copy=False)
    codes = values.cat.codes.to_numpy()
    merged, uniques = pd.factorize(cats)
    new_codes = np.where(codes < 0, -1, merged[np.maximum(codes, 0)]) if len(cats) else codes
    return pd.Series(pd.Categorical.from_codes(new_codes, categories=uniques), index=values.index)


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number in Excel: 2020, not 2020.0
    if isinstance(value, date):  # a datetime too; an Excel time of day (12:00:00) is not one
        return value.strftime("%Y-%m") if value.day == 1 else value.strftime("%Y-%m-%d")
    return str(value).strip()


def _is_empty(values: pd.Series) -> np.ndarray:
    """Empty text per row; a missing value is empty too."""
    return _is(values, "", missing=True)


def _report(mask: np.ndarray, text: str, raw: pd.Series | None = None) -> list[tuple[int, str]]:
    """(row, message) for each row in `mask`; text is `problem|expected`."""
    problem, expected = text.split("|", 1)
    rows = np.flatnonzero(mask)
    if raw is None:
        return [(int(r), f"{problem} (expected {expected})") for r in rows]
    return [(int(r), f"{problem} (got {_shown(raw.iloc[r])}; expected {expected})") for r in rows]


def _flags(raw: pd.Series):
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.fillna(False).astype(bool), []
    true, bad = _per_value(raw, _flag_values)
    return pd.Series(true), _report(bad, "not true or false|true, false or empty", raw)


def _flag_values(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(true, neither true nor false) per cell."""
    text = _text(raw).astype(str).str.lower()
    true, false = text.isin(TRUE).to_numpy(copy=True), text.isin(FALSE).to_numpy(copy=True)
    if raw.dtype == object:  # xlsx: True/False cells and 1/0 numbers
        true |= raw.map(lambda v: v is True or v == 1).to_numpy(dtype=bool)
        false |= raw.map(lambda v: v is False or v == 0).to_numpy(dtype=bool)
    return true, ~true & ~false


def _dates(raw: pd.Series):
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return pd.Series(raw.to_numpy()), []
    parsed, bad = _per_value(raw, _date_values)
    return pd.Series(parsed), _report(bad, "not an ISO date|a date such as 2020-06-22", raw)


def _date_values(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64 values, text that is not an ISO date) per cell."""
    objects = raw.astype(object)
    as_text = objects.map(
        lambda v: v.isoformat() if hasattr(v, "isoformat") else _cell_text(v), na_action="ignore"
    ).fillna("")
    # A time with an offset (+07:00, Z) is an instant, compared with others in UTC, in every file
    # alike; one without is taken as written (a date, as a rule).
    parsed = pd.to_datetime(as_text.where(as_text != ""), format="ISO8601", errors="coerce", utc=True)
    bad = parsed.isna().to_numpy() & (as_text != "").to_numpy()
    return parsed.dt.tz_localize(None).to_numpy(), bad


# --- periods -----------------------------------------------------------------------------------------


def period_problems(actuals: pd.DataFrame) -> list[Problem]:
    """Actual rows whose period does not parse."""
    bad = np.flatnonzero(actuals.start.to_numpy() < 0)
    return [
        Problem(
            str(actuals.file.iat[r]),
            int(actuals.line.iat[r]),
            "period",
            f"unknown period (got {_shown(actuals.period.iat[r])}; expected {PERIOD_SYNTAX})",
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
