"""What the model works out once per workspace and keeps on it (`Workspace.derived`).

A workspace's frames are not changed after loading, so texts by code, the
whole-number indicators and the earlier years (which do not depend on the
as-of month) are worked out on first use and kept: computing several months of
one year, as the history does, repeats only that year's work.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tracker.model.labels import Texts
from tracker.model.sums import whole_number_indicators

if TYPE_CHECKING:
    from tracker.model.result import EarlierYears
    from tracker.workspace import Workspace

CATALOGUE_TEXTS = ("indicator", "name", "unit", "measure", "direction", "name_en", "group", "group_en")


class Derived:
    """A workspace's derived arrays, each worked out when first asked for."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.earlier_years: dict[int, EarlierYears] = {}
        self.target_versions: pd.DataFrame | None = None  # tracker.model.result.target_versions

    @cached_property
    def area_ids(self) -> np.ndarray:
        """Area ids by code, None for the nameless area."""
        return np.array([a if a else None for a in self.ws.areas.area], dtype=object)

    @cached_property
    def depths(self) -> np.ndarray:
        """Each area's depth by code (0: a root)."""
        return self.ws.areas.depth.to_numpy()

    @cached_property
    def parents(self) -> np.ndarray:
        """Each area's parent's code (a root: itself)."""
        areas = self.ws.areas
        return np.maximum(pd.Index(areas.area).get_indexer(areas.parent), 0)

    @cached_property
    def root(self) -> int:
        """The root area's code (-1: none)."""
        return int(pd.Index(self.ws.areas.area).get_indexer([self.ws.root_area])[0])

    @cached_property
    def area_order(self) -> np.ndarray:
        """Each area's place among the sorted area ids (the nameless area first)."""
        return pd.factorize(np.array([a or "" for a in self.area_ids], dtype=object), sort=True)[0]

    @cached_property
    def texts(self) -> dict[str, Texts]:
        """The catalogue's and the area tree's texts by code."""
        out = {c: Texts(self.ws.indicators[c].to_numpy(object)) for c in CATALOGUE_TEXTS}
        out["area"] = Texts(self.area_ids)
        out["area_name"] = Texts(np.array([n if n else None for n in self.ws.areas.name], dtype=object))
        out["plan"] = Texts(np.array([p if p else None for p in self.ws.plans.plan], dtype=object))
        return out

    @cached_property
    def whole_numbers(self) -> np.ndarray:
        """Per indicator code: are all its actual values whole numbers whose sums are exact?"""
        actuals = self.ws.actuals
        return whole_number_indicators(
            actuals.value.to_numpy(float), actuals.indicator.cat.codes.to_numpy(), len(self.ws.indicators)
        )

    @cached_property
    def ratios(self) -> pd.DataFrame:
        """The ratio indicators by code: ratio, numerator, denominator (codes) and factor (100 for a %)."""
        catalogue = self.ws.indicators
        ratio = np.flatnonzero(catalogue.measure.to_numpy() == "ratio")
        ids = pd.Index(catalogue.indicator)
        return pd.DataFrame(
            {
                "ratio": ratio,
                "numerator": ids.get_indexer(catalogue.numerator.to_numpy()[ratio]),
                "denominator": ids.get_indexer(catalogue.denominator.to_numpy()[ratio]),
                "factor": np.where(catalogue.unit.to_numpy()[ratio] == "%", 100.0, 1.0),
            }
        )

    def measure_is(self, *measures: str) -> np.ndarray:
        """Per indicator code: is its measure one of these?"""
        return self.ws.indicators.measure.isin(measures).to_numpy()


def derived(ws: Workspace) -> Derived:
    """The workspace's derived arrays, made on first use."""
    if ws.derived is None:
        ws.derived = Derived(ws)
    return ws.derived
