"""Period strings (`2020-06`, `2020-Q2`, `2020-H1`, `2020`) as month ranges, vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import by_code

PERIOD_SYNTAX = "2020-06 (month), 2020-Q2, 2020-H1 or 2020"
_PERIOD = r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|[Qq]([1-4])|[Hh]([12])))?$"


def parse_periods(periods: pd.Series) -> pd.DataFrame:
    """Year and first/last month (1-12) of each period; -1 everywhere a period does not parse.

    The work is done once per distinct text, so millions of rows of a few dozen
    periods cost one factorize.
    """
    codes, uniques = pd.factorize(periods, use_na_sentinel=True)
    parts = pd.Series(np.asarray(uniques, dtype=object)).astype(str).str.strip().str.extract(_PERIOD)
    year = pd.to_numeric(parts[0]).fillna(-1).astype(np.int32).to_numpy()
    month = pd.to_numeric(parts[1]).to_numpy()
    quarter = pd.to_numeric(parts[2]).to_numpy()
    half = pd.to_numeric(parts[3]).to_numpy()
    start = np.select(
        [~np.isnan(month), ~np.isnan(quarter), ~np.isnan(half), year >= 0],
        [month, quarter * 3 - 2, half * 6 - 5, 1],
        -1,
    ).astype(np.int8)
    end = np.select(
        [~np.isnan(month), ~np.isnan(quarter), ~np.isnan(half), year >= 0],
        [month, quarter * 3, half * 6, 12],
        -1,
    ).astype(np.int8)
    return pd.DataFrame(
        {  # missing texts (code -1) read as unparsed
            "year": by_code(year, codes, -1),
            "start": by_code(start, codes, -1),
            "end": by_code(end, codes, -1),
        },
        index=periods.index,
    )


def month_number(year, month):
    """Months since year 0: one integer orders and compares months across years."""
    return np.asarray(year, dtype=np.int64) * 12 + np.asarray(month, dtype=np.int64) - 1


def month_label(number: int) -> str:
    """`YYYY-MM` of a month number."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def parse_month(text: str) -> int | None:
    """Month number of a `YYYY-MM` text, None when it is not one."""
    parsed = parse_periods(pd.Series([text]))
    if parsed.start[0] < 0 or parsed.start[0] != parsed.end[0]:
        return None
    return int(month_number(parsed.year[0], parsed.end[0]))
