"""Expected pace (SPEC section 4): linear, seasonal from the root's complete earlier years, or none.

The seasonal *profile* of an indicator is, for each month m, the median over the
complete earlier years (all 12 months reported) at the root area of the share of
the year total reached by m. One profile serves every area.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import pack
from tracker.model.derived import derived
from tracker.model.frames import frame
from tracker.statuses import Pace
from tracker.workspace import Workspace

PROFILE_COLUMNS = ["ind", "month", "share", "years", "low", "high"]
PACE_CODES = np.array([Pace.SEASONAL, Pace.LINEAR, Pace.NONE, None, Pace.PLAN], dtype=object)  # None: no data
SEASONAL, LINEAR, UNPACED, NO_DATA, PLANNED = range(5)


def year_shares(ws: Workspace, series: pd.DataFrame, steps: pd.DataFrame, year: int) -> pd.DataFrame:
    """Share of the year total reached by each month, for the root's complete flow years before `year`."""
    d = derived(ws)
    flow = d.measure_is("flow")
    pick = series[
        (series.area.to_numpy() == d.root)
        & (series.year.to_numpy() < year)
        & flow[series.ind.to_numpy()]
        & (series.step_count.to_numpy() == 12)
        & (series.figure.to_numpy() > 0)
    ]
    if pick.empty:
        return pd.DataFrame({"ind": [], "year": [], "month": [], "share": []})
    chosen = np.zeros(int(steps.series.max()) + 1, bool)
    chosen[pick.index.to_numpy()] = True
    mine = steps[chosen[steps.series.to_numpy()]].sort_values(["series", "end"])
    running = mine.delta.groupby(mine.series).cumsum()
    return pd.DataFrame(
        {
            "ind": pick.ind.reindex(mine.series).to_numpy(),
            "year": pick.year.reindex(mine.series).to_numpy(),
            "month": mine.end.to_numpy().astype(np.int64),
            "share": running.to_numpy() / pick.figure.reindex(mine.series).to_numpy(),
        }
    )


def profile(shares: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and month: the median share, the number of years, and the extreme non-zero shares."""
    if shares.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    grouped = shares.groupby(["ind", "month"])
    positive = shares[shares.share > 0].groupby(["ind", "month"]).share
    out = pd.DataFrame({"share": grouped.share.median(), "years": grouped.share.size()})
    out["low"] = positive.min()  # the smallest share gives the highest projection
    out["high"] = positive.max()
    return out.reset_index()[PROFILE_COLUMNS]


class ProfileAt:
    """The profile's median share, years, lowest and highest share of each row's indicator at its month."""

    def __init__(self, ws: Workspace, prof: pd.DataFrame, ind: np.ndarray, month: np.ndarray):
        # the profile as a table of (indicator x month 0..12) cells, NaN where it has none
        cells = np.full((4, len(ws.indicators) * 13), np.nan)
        if len(prof):
            at = pack((prof.ind.to_numpy(np.int64), len(ws.indicators)), (prof.month.to_numpy(np.int64), 13))
            cells[:, at] = prof[["share", "years", "low", "high"]].to_numpy(float).T
        look = pack((ind, len(ws.indicators)), (np.nan_to_num(month, nan=0).astype(np.int64), 13))
        self.median, self.years, self.low, self.high = cells[:, look]


def expected_pace(ws: Workspace, flow, has_baseline, has_data, months, at: ProfileAt, planned):
    """(expected, pace code) of each row at its month: SPEC section 4's table of paces.

    `planned`: the share of the annual target that a row's phases put at its month
    (NaN: no phases); where there is one, the plan says how the year is meant to go
    (SPEC section 7.3), whatever the settings say.
    """
    seasonal = flow & (np.nan_to_num(at.years) >= 2) & (ws.settings.pace != Pace.LINEAR)
    linear = months / 12
    phased = flow & ~np.isnan(planned)
    expected = np.where(flow, np.where(seasonal, at.median, linear), np.where(has_baseline, linear, 1.0))
    expected = np.where(phased, planned, expected)
    pace = np.where(flow, np.where(seasonal, SEASONAL, LINEAR), np.where(has_baseline, LINEAR, UNPACED))
    pace = np.where(phased, PLANNED, pace)
    return np.where(has_data, expected, np.nan), np.where(has_data, pace, NO_DATA)


def pace_warnings(ws: Workspace, prof: pd.DataFrame, flows: np.ndarray) -> list[str]:
    """`pace = "seasonal"` falling back to linear, for these flows (indicator ids) that have figures."""
    if ws.settings.pace != Pace.SEASONAL:
        return []
    enough = set(ws.indicators.indicator.to_numpy()[prof.ind[prof.years >= 2].to_numpy(int)])
    short = [f for f in pd.unique(flows) if f not in enough]
    if not short:
        return []
    return [
        f'pace = "seasonal" needs two complete earlier years at the root area; linear pace used for '
        f"{', '.join(short[:10])}{' and more' if len(short) > 10 else ''}"
    ]


def profile_frame(ws: Workspace, prof: pd.DataFrame) -> pd.DataFrame:
    """The profile with indicator ids instead of codes, as `Result.profile` gives it."""
    return frame(
        indicator=ws.indicators.indicator.to_numpy()[prof.ind.to_numpy(int)],
        month=prof.month.to_numpy(),
        share=prof.share.to_numpy(float),
        years=prof.years.to_numpy(),
        low=prof.low.to_numpy(float),
        high=prof.high.to_numpy(float),
    )
