"""The frames the model passes between its steps, named and documented in one place.

Indicators and areas are integer codes: an indicator's code is its row in
`ws.indicators`, an area's its row in `ws.areas`. Every frame below holds numpy
columns, so each step of the model is array arithmetic.

*Series* — one row per indicator, area and year that has figures; the index is
the series id (0, 1, ... in the order of indicator, area, year):

| column | type | meaning |
|---|---|---|
| ind, area, year | int32 | the indicator's and the area's codes, the year |
| estimate | bool | some figure of the series is an estimate |
| whole_numbers | bool | its figures are whole numbers whose sums a float holds exactly |
| note | object | the notes of its rows, joined in period order |
| rolled_up | bool | summed from the children's series, not reported |
| open_months | uint16 | bit m-1 set when month m is inside a flow row that ends later (Q2: April, May) |
| data_through | int8 | the end month of its latest step |
| first_month | int8 | the end month of its first step |
| step_count | int64 | how many months have a step |
| figure | float | the year-to-date (flows) or level (stocks, rates) at data_through |

*Steps* — one row per series and month end at which its figure changed:
`series` (the series id), `end` (int8, 1-12) and `delta` (float), what the
year-to-date or level gained then. The figure at month m is the sum of the steps
up to m, so rolling children up to a parent is one grouped sum of their steps.

*Targets* — one row per indicator, area, year and plan (code; 0: the plan of
record), the version in force (tracker.model.planned): `ind`, `area`, `year`,
`plan`, `target`, `baseline` (NaN: none), `rolled` (summed from the children),
`original` (the first version's target where a later one is in force, else NaN),
`revised_at` (datetime64, NaT for the original) and `decision` (None for the original).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker.arrays import pack

SERIES_COLUMNS = (
    "ind", "area", "year", "estimate", "whole_numbers", "note", "rolled_up", "open_months",
    "data_through", "first_month", "step_count", "figure",
)  # fmt: skip
SUMMARY_COLUMNS = ("data_through", "first_month", "step_count", "figure")


def frame(**columns) -> pd.DataFrame:
    """A DataFrame of numpy arrays, without copying them."""
    return pd.DataFrame(columns, copy=False)


def empty_steps() -> pd.DataFrame:
    """Steps of no series."""
    return frame(series=np.zeros(0, np.int64), end=np.zeros(0, np.int8), delta=np.zeros(0, float))


def empty_series() -> pd.DataFrame:
    """Series of nothing, with every column typed."""
    return frame(
        ind=np.zeros(0, np.int32),
        area=np.zeros(0, np.int32),
        year=np.zeros(0, np.int32),
        estimate=np.zeros(0, bool),
        whole_numbers=np.zeros(0, bool),
        note=np.zeros(0, object),
        rolled_up=np.zeros(0, bool),
        open_months=np.zeros(0, np.uint16),
        data_through=np.zeros(0, np.int8),
        first_month=np.zeros(0, np.int8),
        step_count=np.zeros(0, np.int64),
        figure=np.zeros(0, float),
    )


@dataclass
class Part:
    """The series, steps and targets of some years, rolled up to every parent.

    `sides`: the numerator and denominator of each ratio series (indexed by its id)
    at its data_through; `warnings`: what computing the part found (a zero denominator).
    """

    series: pd.DataFrame
    steps: pd.DataFrame
    targets: pd.DataFrame
    sides: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


def plan_keys(ws, ind, area, plan) -> np.ndarray:
    """(indicator, area, plan) codes as one integer each."""
    return pack((ind, len(ws.indicators)), (area, len(ws.areas)), (plan, len(ws.plans)))
