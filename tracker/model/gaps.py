"""Months missing inside a flow's monthly series (SPEC section 4): counted as nothing, and warned about."""

from __future__ import annotations

import numpy as np

from tracker.arrays import pack, present
from tracker.model.derived import derived
from tracker.model.series import Rows, number_series
from tracker.workspace import Workspace

LISTED = 20  # series named one by one; the rest are counted


def missing_months(ws: Workspace, through: int | None = None) -> list[str]:
    """Months missing between a flow's first and last incremental rows of a year, as warnings.

    A month is not missing when a row covers it, or a cumulative row (a year-to-date)
    ends at or after it. `through` (a month number) limits the rows to its year, up to it.
    """
    actuals = ws.actuals
    pick = derived(ws).measure_is("flow")[actuals.indicator.cat.codes.to_numpy()]
    if through is not None:
        pick &= (actuals.year.to_numpy() == through // 12) & (actuals.end.to_numpy() <= through % 12 + 1)
    if not (pick & ~actuals.cumulative.to_numpy(bool)).any():
        return []
    rows = Rows.latest(ws, pick)
    codes, series = number_series(ws, rows)
    missing = _missing(codes, rows, len(series))
    holes = np.flatnonzero(missing.any(axis=1))  # in the order of indicator, area and year
    indicators, areas = actuals.indicator.cat.categories, actuals.area.cat.categories
    lines = []
    for h in holes[:LISTED]:
        year = int(series.year.iat[h])
        gone = ", ".join(f"{year:04d}-{m:02d}" for m in np.flatnonzero(missing[h]) + 1)
        indicator, area = indicators[int(series.ind.iat[h])], areas[int(series.area.iat[h])]
        lines.append(f"{indicator} {area or ''}: no figure for {gone} (counted as nothing happened)")
    if len(holes) > LISTED:
        lines.append(f"... and {len(holes) - LISTED} more series with missing months")
    return lines


def _missing(codes: np.ndarray, rows: Rows, count: int) -> np.ndarray:
    """(series x 12) months between a series' first and last incremental rows that nothing covers."""
    start, end = rows.column("start").astype(np.int64), rows.column("end").astype(np.int64)
    cumulative = rows.column("cumulative").astype(bool)
    single = (start == end) & ~cumulative  # most rows: a month's own figure
    covered = present(pack((codes[single], count), (end[single] - 1, 12)), count * 12)
    starts, ends = covered.copy(), covered.copy()
    longer = np.flatnonzero(~single)
    if len(longer):
        incremental = longer[~cumulative[longer]]
        starts[pack((codes[incremental], count), (start[incremental] - 1, 12))] = True
        ends[pack((codes[incremental], count), (end[incremental] - 1, 12))] = True
        # a row covers its months; a cumulative row, every month up to its end
        first = np.where(cumulative[longer], 1, start[longer])
        for month in range(1, 13):
            hit = longer[(first <= month) & (month <= end[longer])]
            covered[pack((codes[hit], count), (month - 1, 12))] = True
    starts, ends, covered = (a.reshape(count, 12) for a in (starts, ends, covered))
    first_month = np.where(starts.any(axis=1), np.argmax(starts, axis=1), 12)
    last_month = 11 - np.argmax(ends[:, ::-1], axis=1)
    months = np.arange(12)
    inside = (months >= first_month[:, None]) & (months <= last_month[:, None])
    return inside & ~covered
