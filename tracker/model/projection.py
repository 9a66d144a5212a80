"""Projection to year end, its interval, p_meet and same period last year (SPEC section 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import has_month, pack
from tracker.model.frames import Part
from tracker.model.judge import Judged, divide
from tracker.model.sums import group_sum


def projections(judged: Judged, rows: pd.DataFrame, steps: pd.DataFrame, shares: pd.DataFrame) -> dict:
    """The projection columns of the status table, by SPEC section 4's formulas."""
    j = judged
    flow, months, actual, target = j.flow, j.months, j.actual, j.target
    trend = _level_trend(steps, rows.series.to_numpy(float), flow)
    projected = np.where(flow, divide(actual, j.expected), trend)
    history = flow & (np.nan_to_num(j.profile.years) >= 3)
    remaining = np.where(flow, target - actual, np.nan)
    run_rate = np.where(flow & j.has_data, divide(actual, months), np.nan)
    required = np.where(flow, divide(remaining, 12 - months), np.nan)
    return {
        "projected": projected,
        "projected_low": np.where(history, divide(actual, j.profile.high), np.nan),
        "projected_high": np.where(history, divide(actual, j.profile.low), np.nan),
        "p_meet": _p_meet(rows.ind.to_numpy(), shares, history, j.down, actual, target, months),
        "gap": np.where(j.down, projected - target, target - projected),
        "remaining": remaining,
        "run_rate": run_rate,
        "required_per_month": required,
        "acceleration": divide(required, run_rate),
    }


def _level_trend(steps: pd.DataFrame, series_ids: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """Levels at December: least squares over the year's monthly values with 3 or more, else the last."""
    out = np.full(len(series_ids), np.nan)
    want = ~flow & ~np.isnan(series_ids)
    if not want.any():
        return out
    chosen = series_ids[want].astype(np.int64)
    mine = steps[_among(steps.series.to_numpy(), chosen)]
    order = pack((mine.series.to_numpy(), int(chosen.max()) + 1), (mine.end.to_numpy(), 13))
    if not (np.diff(order) > 0).all():  # levels' steps come sorted by series and month, as a rule
        mine = mine.sort_values(["series", "end"])
    x = mine.end.to_numpy(float)
    y = mine.delta.groupby(mine.series).cumsum().to_numpy()
    grouped = pd.DataFrame({"s": mine.series.to_numpy(), "x": x, "y": y, "xx": x * x, "xy": x * y}).groupby(
        "s"
    )
    sums = grouped.sum()
    count = grouped.size().astype(float)
    slope = divide(count * sums.xy - sums.x * sums.y, count * sums.xx - sums.x**2)
    intercept = (sums.y - slope * sums.x) / count
    fit = np.where((count >= 3) & ~np.isnan(slope), intercept + slope * 12, grouped.y.last())
    out[want] = pd.Series(fit, index=sums.index).reindex(chosen).to_numpy()
    return out


def _among(ids: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """`np.isin(ids, chosen)` for series ids (small non-negative integers), by looking up a table."""
    if not len(ids) or not len(chosen):
        return np.zeros(len(ids), bool)
    table = np.zeros(max(int(ids.max()), int(np.max(chosen))) + 1, bool)
    table[np.asarray(chosen, np.int64)] = True
    return table[ids]


def _p_meet(ind, shares, history, down, actual, target, months) -> np.ndarray:
    """Share of the complete earlier years whose pattern, applied to the ytd, meets the target."""
    out = np.full(len(ind), np.nan)
    if shares.empty or not history.any():
        return out
    # the positive shares of each indicator and month, side by side: (indicator, month) x year
    positive = shares[shares.share.to_numpy() > 0]
    cell = pack((positive.ind.to_numpy(np.int64), 0), (positive.month.to_numpy(np.int64), 13))
    order = np.argsort(cell, kind="stable")
    cell, share = cell[order], positive.share.to_numpy()[order]
    first = np.searchsorted(cell, cell)  # where each cell's shares start
    width = int((np.arange(len(cell)) - first).max()) + 1 if len(cell) else 1
    table = np.full((int(cell.max()) + 1 if len(cell) else 1, width), np.nan)
    table[cell, np.arange(len(cell)) - first] = share
    r = np.flatnonzero(history)
    look = pack((ind[r], 0), (months[r].astype(np.int64), 13))
    inside = look < len(table)
    row_shares = np.full((len(r), width), np.nan)
    row_shares[inside] = table[look[inside]]
    goal = target[r][:, None] * row_shares
    with np.errstate(invalid="ignore"):
        meets = np.where(down[r][:, None], actual[r][:, None] <= goal, actual[r][:, None] >= goal)
    years = (~np.isnan(row_shares)).sum(axis=1)
    met = (meets & ~np.isnan(row_shares)).sum(axis=1)
    out[r] = divide(met, years)
    return out


def previous_year(last: LastYear, rows: pd.DataFrame, flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`actual_prev_year` and `yoy`: last year's year-to-date or level at each row's month.

    Last year has one where it has data through that month or later and, for a
    flow, no row of it spans the month (a year reported in quarters has a
    year-to-date at each quarter's end); a level is its latest value at or before
    the month.
    """
    nan = np.full(len(rows), np.nan)
    months = rows.data_through.to_numpy(float)
    series = last.series_of(rows.ind.to_numpy(), rows.area.to_numpy())
    series[np.isnan(months)] = -1
    if not (series >= 0).any():
        return nan, nan
    found = np.flatnonzero(series >= 0)
    sid = series[found]
    month = months[found].astype(np.int64)
    info = last.series
    known = info.data_through.to_numpy()[sid] >= month
    known &= np.where(
        flow[found],
        ~has_month(info.open_months.to_numpy()[sid], month),
        info.first_month.to_numpy()[sid] <= month,
    )
    found, sid, month = found[known], sid[known], month[known]
    row_of = np.full(len(info), -1, np.int64)  # by last year's series id: the row it serves
    row_of[sid] = found
    steps = last.steps
    row = row_of[steps.series.to_numpy()]
    end = steps.end.to_numpy()
    use = (row >= 0) & (end <= months[np.maximum(row, 0)])
    whole = np.zeros(len(rows), bool)
    whole[found] = info.whole_numbers.to_numpy()[sid]
    figure = group_sum(row[use], steps.delta.to_numpy()[use], len(rows), end[use], whole)
    out = nan.copy()
    out[found] = figure[found]
    return out, divide(rows.figure.to_numpy(float) - out, out)


class LastYear:
    """The year before the as-of year: its series found by indicator and area, and its steps.

    `series` is the whole part of the earlier years, whose series ids are their positions.
    """

    def __init__(self, part: Part, year: int, indicators: int, areas: int):
        self.series = part.series
        self.sizes = (indicators, areas)
        mine = part.series.year.to_numpy() == year
        self.by_key = np.full(indicators * areas, -1, np.int64)
        key = pack((part.series.ind.to_numpy()[mine], indicators), (part.series.area.to_numpy()[mine], areas))
        self.by_key[key] = np.flatnonzero(mine)
        self.steps = part.steps[mine[part.steps.series.to_numpy()]] if len(part.series) else part.steps

    def series_of(self, ind: np.ndarray, area: np.ndarray) -> np.ndarray:
        """Last year's series id of each (indicator, area), -1 where it has none."""
        return self.by_key[pack((ind, self.sizes[0]), (area, self.sizes[1]))]
