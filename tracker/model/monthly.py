"""Month-by-month figures for charts: the as-of year's reported path, the plan and the projection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.model.derived import derived
from tracker.model.frames import Part
from tracker.statuses import Pace
from tracker.workspace import Workspace


def steps_of_year(ws: Workspace, now: Part) -> pd.DataFrame:
    """indicator, area, month, value: the year-to-date or level at each reported month end of the year."""
    series = now.series
    mine = now.steps.sort_values(["series", "end"])
    texts = derived(ws).texts
    owner = mine.series.to_numpy()
    return pd.DataFrame(
        {
            "indicator": texts["indicator"].column(series.ind.to_numpy()[owner]),
            "area": texts["area"].column(series.area.to_numpy()[owner]),
            "month": mine.end.to_numpy().astype(int),
            "value": mine.delta.groupby(owner).cumsum().to_numpy(),
        },
        copy=False,
    )


def paths(result, rows: pd.DataFrame) -> pd.DataFrame:
    """Month-by-month actual, plan and projection of the given status rows (docs/MODEL.md)."""
    count = len(rows)
    month = np.tile(np.arange(1, 13), count)
    r = np.repeat(np.arange(count), 12)
    pick = rows.reset_index(drop=True)
    get = {c: pick[c].to_numpy()[r] for c in ("indicator", "area", "measure", "pace")}
    number = {
        c: pick[c].to_numpy(float)[r]
        for c in ("target", "baseline", "actual", "projected", "projected_low", "projected_high")
    }
    through = pick.data_through.map(lambda t: int(t[5:7]) if isinstance(t, str) else 0).to_numpy()[r]
    profile = result.profile.set_index(["indicator", "month"]).share
    seasonal = profile.reindex(pd.MultiIndex.from_arrays([get["indicator"], month])).to_numpy(float)
    shape = np.where(get["pace"] == Pace.SEASONAL, seasonal, month / 12)
    flow = get["measure"] == "flow"
    has_baseline = ~np.isnan(number["baseline"])
    if result.planned_path is not None:  # a flow paced by its phases follows their path
        phased = result.planned_path(pick).reshape(-1)
        by_plan = get["pace"] == Pace.PLAN
        shape = np.where(by_plan, phased / number["target"], shape)
    plan = np.where(
        flow,
        number["target"] * shape,
        np.where(
            has_baseline,
            number["baseline"] + (number["target"] - number["baseline"]) * month / 12,
            number["target"],
        ),
    )
    steps = result.steps.assign(area=result.steps.area.fillna("")).set_index(["indicator", "area", "month"])
    area_key = pd.Series(get["area"]).fillna("").to_numpy(object)
    actual = steps.value.reindex(pd.MultiIndex.from_arrays([get["indicator"], area_key, month])).to_numpy(
        float
    )
    after = (month >= through) & (through > 0)
    fraction = np.where(through < 12, (month - through) / np.maximum(12 - through, 1), 1.0)

    def towards(end: np.ndarray) -> np.ndarray:
        """From the actual at data_through straight to `end` in December, after data_through."""
        return np.where(after, number["actual"] + (end - number["actual"]) * fraction, np.nan)

    return pd.DataFrame(
        {
            "indicator": get["indicator"],
            "area": get["area"],
            "month": month,
            "actual": actual,
            "plan": plan,
            "projected": np.where(flow, np.where(after, number["projected"] * shape, np.nan),
                                  towards(number["projected"])),
            "projected_low": towards(number["projected_low"]),
            "projected_high": towards(number["projected_high"]),
        }
    )  # fmt: skip
