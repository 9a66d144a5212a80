"""Cells as typed values: numbers in the workspace's number format, flags, dates and text.

Each parser gives values and a judgement per cell (what did not parse, and why),
so every bad cell gets its own located problem; a categorical's text is judged
once per distinct value (a national file holds millions of cells of a few texts).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tracker.arrays import by_code
from tracker.readers import code_type

TRUE = ("true", "1", "yes", "y", "có", "x")
FALSE = ("false", "0", "no", "n", "không", "")
# [0-9], not \d: \d also matches digits of other scripts (１２, ١٢), which do not parse as numbers
_PLAIN = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_GROUPED = r"^[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+$"  # 3.276, 44.385.794.000: thousands in plain mode?
_VI = r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$"


OK, EMPTY, BAD, GROUPED, HUGE = range(5)
NOT_A_NUMBER = {
    "plain": 'not a number|a plain number such as 1234.5; for 1.234,5 set number_format = "vi"',
    "vi": 'not a number in the "vi" number format|a number such as 1.234,5',
}


def is_text(values: pd.Series, text: str, missing: bool = False) -> np.ndarray:
    """`values == text` per row; a categorical is compared once per category."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return by_code(values.cat.categories == text, values.cat.codes.to_numpy(), missing)
    return (values == text).to_numpy(dtype=bool, na_value=missing)


def shown(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "nothing"
    if isinstance(value, float) and value.is_integer():
        return repr(str(int(value)))
    return repr(str(value))


def grouped_problems(mask: np.ndarray, raw: pd.Series) -> list[tuple[int, str]]:
    """(row, message) for each cell in `mask` that may group thousands: the hint is the value without dots."""
    problems = []
    for r in np.flatnonzero(mask):
        value = raw.iloc[r]
        meant = str(value).strip().replace(".", "")
        problems.append(
            (
                int(r),
                f"ambiguous: dots here may group thousands (got {shown(value)}; "
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


_SPAN = r"^\s*(\d{4})\s*-\s*(\d{4})\s*$"


def year_spans(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last year of each cell written as a span of years (`2021-2025`); NaN elsewhere."""

    def spans(values: pd.Series):
        parts = as_text(values).astype(str).str.extract(_SPAN)
        return pd.to_numeric(parts[0]).to_numpy(float), pd.to_numeric(parts[1]).to_numpy(float)

    return _per_value(raw, spans)


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


def as_text(raw: pd.Series) -> pd.Series:
    """Stripped text; empty for missing. Categoricals stay categoricals (keys of millions of rows)."""
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return map_categories(raw, lambda cats: cats.astype(str).str.strip())
    if raw.dtype == object:  # xlsx cells: numbers, dates and text mixed
        return raw.map(_cell_text, na_action="ignore").fillna("").astype(str)
    return raw.astype(str).fillna("").str.strip()


def blank_for_missing(values: pd.Series) -> pd.Series:
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


def is_empty(values: pd.Series) -> np.ndarray:
    """Empty text per row; a missing value is empty too."""
    return is_text(values, "", missing=True)


def located(mask: np.ndarray, text: str, raw: pd.Series | None = None) -> list[tuple[int, str]]:
    """(row, message) for each row in `mask`; text is `problem|expected`."""
    problem, expected = text.split("|", 1)
    rows = np.flatnonzero(mask)
    if raw is None:
        return [(int(r), f"{problem} (expected {expected})") for r in rows]
    return [(int(r), f"{problem} (got {shown(raw.iloc[r])}; expected {expected})") for r in rows]


def flags(raw: pd.Series):
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.fillna(False).astype(bool), []
    true, bad = _per_value(raw, _flag_values)
    return pd.Series(true), located(bad, "not true or false|true, false or empty", raw)


def _flag_values(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(true, neither true nor false) per cell."""
    text = as_text(raw).astype(str).str.lower()
    true, false = text.isin(TRUE).to_numpy(copy=True), text.isin(FALSE).to_numpy(copy=True)
    if raw.dtype == object:  # xlsx: True/False cells and 1/0 numbers
        true |= raw.map(lambda v: v is True or v == 1).to_numpy(dtype=bool)
        false |= raw.map(lambda v: v is False or v == 0).to_numpy(dtype=bool)
    return true, ~true & ~false


def dates(raw: pd.Series):
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return pd.Series(raw.to_numpy()), []
    parsed, bad = _per_value(raw, _date_values)
    return pd.Series(parsed), located(bad, "not an ISO date|a date such as 2020-06-22", raw)


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


def as_category(values: pd.Series) -> pd.Series:
    """The values as a categorical (as they are when they already are one)."""
    return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")


def recode(values: pd.Series, categories: pd.Index) -> pd.Series:
    """`values` over new categories (unknown ones become missing), by remapping the codes."""
    if values.cat.categories.equals(categories):
        return values
    lookup = categories.get_indexer(values.cat.categories).astype(code_type(len(categories)))
    new = by_code(lookup, values.cat.codes.to_numpy(), -1)
    recoded = pd.Categorical.from_codes(new, dtype=pd.CategoricalDtype(categories), validate=False)
    return pd.Series(recoded, index=values.index, copy=False)
