"""Attainment, performance index and status (SPEC section 4): how each row stands against its pace.

Attainment and the index are compared with 1 and with the thresholds as decimals
rounded to 9 places, so what the table prints and the status it shows never
disagree: 60% of a 75% pace is an index of exactly 0.80 (at_risk), although
0.6 / 0.75 computes as 0.7999999999999999.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.model.derived import derived
from tracker.model.pace import ProfileAt, expected_pace
from tracker.model.planned import Paths
from tracker.statuses import Status
from tracker.workspace import Workspace

DECIMALS = 9
STATUS_CODES = np.array(
    [Status.NO_TARGET, Status.NO_DATA, Status.ACHIEVED, Status.BREACHED, Status.ON_TRACK, Status.AT_RISK,
     Status.LAGGING],
    dtype=object,
)  # fmt: skip


@dataclass
class Judged:
    """Each row's figures and how it stands: SPEC section 4 for the rows of `tracker.model.table.rows`."""

    flow: np.ndarray
    down: np.ndarray
    months: np.ndarray  # data_through as a float, NaN without data
    has_data: np.ndarray
    target: np.ndarray
    baseline: np.ndarray
    actual: np.ndarray
    profile: ProfileAt
    expected: np.ndarray
    pace: np.ndarray  # codes of pace.PACE_CODES
    attainment: np.ndarray
    index: np.ndarray
    status: np.ndarray  # codes of STATUS_CODES
    planned: np.ndarray  # the amount (flows) or level the pace puts at data_through

    @property
    def ceiling(self) -> np.ndarray:
        return self.flow & self.down


def divide(a, b):
    """a / b, NaN where b is 0 or NaN (SQL's a / nullif(b, 0))."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1), np.nan)


def judge(ws: Workspace, rows: pd.DataFrame, prof: pd.DataFrame, paths: Paths | None = None) -> Judged:
    """The pace expected of each row (its phases' path where it has one), and how it stands against it."""
    catalogue = ws.indicators
    ind = rows.ind.to_numpy()
    down = catalogue.direction.to_numpy()[ind] == "down"
    flow = derived(ws).measure_is("flow")[ind]
    months = rows.data_through.to_numpy(float)
    has_data = ~np.isnan(months)
    target = rows.target.to_numpy(float)
    baseline = rows.baseline.to_numpy(float)
    actual = rows.figure.to_numpy(float)
    has_baseline = ~np.isnan(baseline)
    at = ProfileAt(ws, prof, ind, months)
    path = np.full(len(rows), np.nan) if paths is None else paths.at(rows.target_row.to_numpy(), months)
    expected, pace = expected_pace(ws, flow, has_baseline, has_data, months, at, divide(path, target))
    planned = np.where(~np.isnan(path) & has_data, path, np.nan)
    return stand(ws, flow, down, months, target, baseline, actual, at, expected, pace, planned)


def stand(ws, flow, down, months, target, baseline, actual, at, expected, pace, planned) -> Judged:
    """How rows stand against the pace `expected` of them: attainment, index, status (SPEC section 4).

    `planned`: what the pace puts at each row's month where the caller knows it (NaN: from `expected`).
    """
    has_data = ~np.isnan(months)
    has_baseline = ~np.isnan(baseline)
    attainment = np.where(
        flow,
        divide(actual, target),
        np.where(
            has_baseline,
            divide(actual - baseline, target - baseline),
            np.where(~down, divide(actual, target), np.nan),
        ),
    )
    ceiling = flow & down
    index = np.where(ceiling, divide(expected, attainment), divide(attainment, expected))
    status = _status(ws, ceiling, down, has_data, target, actual, attainment, index)
    planned = np.where(
        ~np.isnan(planned),
        planned,
        np.where(~flow & has_baseline, baseline + expected * (target - baseline), expected * target),
    )
    return Judged(
        flow, down, months, has_data, target, baseline, actual, at, expected, pace, attainment, index, status,
        planned,
    )  # fmt: skip


def _status(ws, ceiling, down, has_data, target, actual, attainment, index) -> np.ndarray:
    """Codes of STATUS_CODES: the first rule of SPEC section 4's status table that holds."""
    thresholds = ws.settings.thresholds
    attainment, index = np.round(attainment, DECIMALS), np.round(index, DECIMALS)
    # where attainment cannot be computed (a rolled-up parent whose summed target equals its summed
    # baseline), the level is simply compared with the target in its direction
    beyond = np.where(
        down, np.round(actual - target, DECIMALS) <= 0, np.round(actual - target, DECIMALS) >= 0
    )
    with np.errstate(invalid="ignore"):
        return np.select(
            [
                np.isnan(target),
                ~has_data,
                np.isnan(attainment) & beyond,
                np.isnan(attainment),
                ~ceiling & (attainment >= 1),
                ceiling & (actual > target),
                np.isnan(index) | (index >= thresholds.on_track),
                index >= thresholds.at_risk,
            ],
            [0, 1, 2, 6, 2, 3, 4, 5],
            6,
        )
