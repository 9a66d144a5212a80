"""A check that remembers: how long each row has been behind its pace, and by how many months.

`lagging_months` counts the consecutive month-ends, up to the as-of month, at
which a row was at risk, lagging or breached. Each earlier month of the as-of
year is computed from the data as it stands today, as of that month (so a late
report or a revision changes the history too). `months_behind` reads the
expected-pace curve backwards: how far back in the year the pace was where the
actual is now.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.model import Result, status_plan_keys, statuses_as_of
from tracker.statuses import BEHIND, Pace
from tracker.workspace import Workspace

HISTORY_COLUMNS = ["lagging_months", "months_behind"]


def with_history(ws: Workspace, result: Result, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The status table (or `table`: rows of it, of any plans) with `lagging_months` and `months_behind`."""
    table = result.status if table is None else table
    return table.assign(
        lagging_months=lagging_months(ws, result, table), months_behind=months_behind(result, table)
    )


def lagging_months(ws: Workspace, result: Result, status: pd.DataFrame | None = None) -> np.ndarray:
    """Per row of `status` (of any plans): consecutive month-ends, ending at the as-of month, at risk,
    lagging or breached.

    Earlier months are worked out one at a time going back (their status alone,
    not the whole table, every plan's at once), and only while some row is still in
    its streak: a quiet year costs one extra month, not eleven.
    """
    status = result.status if status is None else status
    keys = status_plan_keys(ws, status)
    streak = status.status.isin(BEHIND).to_numpy(copy=True)
    count = streak.astype(np.int64)
    behind = np.zeros(len(ws.indicators) * len(ws.areas) * len(ws.plans), bool)  # by status_plan_keys
    for month in range(result.month - 1, 0, -1):
        if not streak.any():
            break
        earlier = statuses_as_of(ws, f"{result.year:04d}-{month:02d}")
        behind[:] = False
        behind[earlier.index.to_numpy()] = earlier.isin(BEHIND).to_numpy()
        streak &= behind[keys]
        count += streak
    return count


def months_behind(result: Result, status: pd.DataFrame | None = None) -> np.ndarray:
    """Per status row: months of pace the actual is behind (negative: ahead); NaN where unpaced.

    The pace curve runs through (0, 0), (1, share at month 1), ..., (12, 1):
    month/12 for linear pace, the indicator's median profile for seasonal, the
    path of the row's phases for plan. The
    month `t` at which it last stood at the attainment (clipped to 0..12) is
    compared with the row's `data_through` month `m`: `m - t`, or `t - m` for a
    ceiling, where being ahead of the pace means using the allowance too fast.
    Rounded to 0.01 month: it is read, not computed with.
    """
    status = result.status if status is None else status
    n = len(status)
    m = pd.to_numeric(status.data_through.str[5:7]).to_numpy(float)
    attainment = status.attainment.to_numpy(float)
    curve = np.tile(np.arange(13) / 12, (n, 1))
    seasonal = (status.pace == Pace.SEASONAL).to_numpy()
    if seasonal.any():
        shares = result.profile.pivot(index="indicator", columns="month", values="share")
        shares = shares.reindex(columns=range(1, 13))
        curve[seasonal, 1:] = shares.reindex(status.indicator[seasonal]).to_numpy(float)
    planned = (status.pace == Pace.PLAN).to_numpy()
    if planned.any() and result.planned_path is not None:  # the path of the row's phases
        path = result.planned_path(status[planned])
        curve[planned, 1:] = path / status.target.to_numpy(float)[planned, None]
    # the last point of the curve at or below the attainment, then along the segment after it
    last = np.clip((curve <= attainment[:, None]).sum(axis=1) - 1, 0, 12)
    after = np.minimum(last + 1, 12)
    rows = np.arange(n)
    low, high = curve[rows, last], curve[rows, after]
    rise = np.where(high > low, high - low, 1.0)
    t = np.clip(last + np.where(high > low, (np.maximum(attainment, 0) - low) / rise, 0.0), 0, 12)
    ceiling = ((status.measure == "flow") & (status.direction == "down")).to_numpy()
    behind = np.where(ceiling, t - m, m - t)
    paced = status.pace.isin([Pace.LINEAR, Pace.SEASONAL, Pace.PLAN]).to_numpy(copy=True)
    paced &= ~np.isnan(attainment) & ~np.isnan(m)
    return np.where(paced, np.round(behind, 2), np.nan)
