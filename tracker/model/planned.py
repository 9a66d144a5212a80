"""Targets as plans make them (SPEC sections 7.2-7.3): the version in force, and the planned path.

A target has versions told apart by `decided_at`; as of a month the latest decided
by that month's last day is in force, so a report as of June reproduces what was
reported in June. A flow's phase targets give its planned path through the year:
0 at the start, each phase's year-to-date at its end month, the annual target at
December, straight lines between.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.model.frames import frame, plan_keys
from tracker.model.series import mixed_flow_steps

MONTHS = 12


@dataclass
class InForce:
    """The annual targets in force (a Targets frame) and the phases (ind, area, year, plan, end, ytd)."""

    targets: pd.DataFrame
    phases: pd.DataFrame


def in_force(versions: pd.DataFrame, day: np.datetime64 | None = None) -> InForce:
    """The targets and phases of `versions` (target rows) in force on `day` (None: the latest versions)."""
    decided = versions.decided.to_numpy().astype("datetime64[ns]")
    columns = [versions[c].to_numpy() for c in ("ind", "area", "year", "last_year", "plan", "start", "end")]
    # each target's versions in order, the original (no date, or the earliest) first
    order = np.lexsort([decided.astype(np.int64), *columns[::-1]])
    same = np.ones(max(len(order) - 1, 0), bool)  # is the next row a version of the same target?
    for values in columns:
        values = values[order]
        same &= values[1:] == values[:-1]
    first = np.r_[True, ~same]
    original = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    known = np.isnat(decided[order]) | (True if day is None else decided[order] <= day)
    # the latest known version of each target: known, and the next version of it (if any) not
    chosen = known & ~(np.r_[same, False] & np.r_[known[1:], False])
    rows = versions.iloc[order[chosen]]
    revised = ~first[chosen]
    phase = (rows.start.to_numpy() != 1) | (rows.end.to_numpy() != MONTHS)
    annual, revised = rows[~phase], revised[~phase]
    originals = versions.target.to_numpy(float)[order[original[chosen]]][~phase]
    targets = frame(
        ind=annual.ind.to_numpy(),
        area=annual.area.to_numpy(),
        year=annual.year.to_numpy(),
        plan=annual.plan.to_numpy(),
        target=annual.target.to_numpy(float),
        baseline=annual.baseline.to_numpy(float),
        rolled=False,
        original=np.where(revised, originals, np.nan),
        revised_at=np.where(revised, annual.decided.to_numpy(), np.datetime64("NaT")).astype(
            "datetime64[ns]"
        ),
        decision=np.where(revised, annual.decision.to_numpy(object), None),
    )
    return InForce(targets.reset_index(drop=True), _phase_points(rows[phase]))


def month_end(year: int, month: int) -> np.datetime64:
    """The last day of a month: decisions taken on it are in force for that month's report."""
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).to_datetime64()


def _phase_points(phases: pd.DataFrame) -> pd.DataFrame:
    """Each phase's planned year-to-date at its end month (a cumulative phase's own, or added up)."""
    if phases.empty:
        return frame(
            ind=np.zeros(0, np.int32), area=np.zeros(0, np.int32), year=np.zeros(0, np.int32),
            plan=np.zeros(0, np.int32), end=np.zeros(0, np.int8), ytd=np.zeros(0, float),
        )  # fmt: skip
    # each phase's target row (indicator, area, plan and year), numbered in that order
    group = phases.groupby(["ind", "area", "plan", "year"], sort=True).ngroup().to_numpy()
    steps = mixed_flow_steps(
        group, phases.end.to_numpy(), phases.target.to_numpy(float), phases.cumulative.to_numpy(bool)
    )
    ytd = steps.delta.groupby(steps.series).cumsum().to_numpy()
    one = np.zeros(int(group.max()) + 1, np.int64)
    one[group] = np.arange(len(group))
    at = steps.series.to_numpy()
    return frame(
        ind=phases.ind.to_numpy()[one][at],
        area=phases.area.to_numpy()[one][at],
        year=phases.year.to_numpy()[one][at],
        plan=phases.plan.to_numpy()[one][at],
        end=steps.end.to_numpy().astype(np.int8),
        ytd=ytd,
    )


@dataclass
class Paths:
    """Per row of a Targets frame: the planned year-to-date at month ends 0..12, straight between
    the phase points (NaN rows: no phases)."""

    points: np.ndarray  # (targets x 13)
    phased: np.ndarray  # bool per target: it has phases

    def at(self, row: np.ndarray, month: np.ndarray) -> np.ndarray:
        """The path of target `row` at `month` (a whole month); NaN where no path or month."""
        out = np.full(len(row), np.nan)
        ok = (row >= 0) & ~np.isnan(month)
        ok[ok] = self.phased[row[ok]]
        out[ok] = self.points[row[ok], month[ok].astype(np.int64)]
        return out


def _straight_between(points: np.ndarray) -> np.ndarray:
    """Each row's NaN months filled on the straight line between the points before and after them."""
    k = np.arange(MONTHS + 1)
    has = ~np.isnan(points)
    before = np.maximum.accumulate(np.where(has, k, 0), axis=1)
    after = np.minimum.accumulate(np.where(has, k, MONTHS)[:, ::-1], axis=1)[:, ::-1]
    rows = np.arange(len(points))[:, None]
    low, high = points[rows, before], points[rows, after]
    share = np.where(after > before, (k - before) / np.maximum(after - before, 1), 0.0)
    return low + (high - low) * share


def planned_paths(ws, targets: pd.DataFrame, phases: pd.DataFrame) -> tuple[Paths | None, list[str]]:
    """The planned paths of the targets (rolled up where every child has phases ending in the same
    months), and warnings of phases above the annual target or a December phase that differs from it.
    """
    if phases.empty:
        return None, []
    from tracker.model.derived import derived

    d = derived(ws)
    row_of = pd.Index(plan_keys(ws, targets.ind.to_numpy(), targets.area.to_numpy(), targets.plan.to_numpy()))
    at = row_of.get_indexer(
        plan_keys(ws, phases.ind.to_numpy(), phases.area.to_numpy(), phases.plan.to_numpy())
    )
    points = np.full((len(targets), MONTHS + 1), np.nan)
    inside = (at >= 0) & (phases.end.to_numpy() < MONTHS)
    points[at[inside], phases.end.to_numpy()[inside]] = phases.ytd.to_numpy()[inside]
    warnings = _phase_warnings(ws, targets, phases, at)
    rolled = targets.rolled.to_numpy()
    area = targets.area.to_numpy()
    for level in range(int(d.depths.max()) if len(d.depths) else 0, 0, -1):
        child = np.flatnonzero(d.depths[area] == level)
        parent = row_of.get_indexer(
            plan_keys(
                ws, targets.ind.to_numpy()[child], d.parents[area[child]], targets.plan.to_numpy()[child]
            )
        )
        use = parent >= 0
        use[use] = rolled[parent[use]]
        child, parent = child[use], parent[use]
        if not len(child):
            continue
        # a parent's path is its children's summed, where all of them have phases ending in the same months
        mask = (~np.isnan(points[child, 1:MONTHS]) * (1 << np.arange(MONTHS - 1))).sum(axis=1)
        low, high = np.full(len(targets), 1 << MONTHS), np.zeros(len(targets), np.int64)
        np.minimum.at(low, parent, mask)
        np.maximum.at(high, parent, mask)
        own = ~np.isnan(points[:, 1:MONTHS]).all(axis=1)
        take = ((low == high) & (high > 0) & ~own)[parent]
        child, parent = child[take], parent[take]
        if not len(child):
            continue
        order = np.lexsort((area[child], parent))  # each parent's children added in the order of their areas
        child, parent = child[order], parent[order]
        starts = np.flatnonzero(np.r_[True, parent[1:] != parent[:-1]])
        points[parent[starts]] = np.add.reduceat(points[child], starts, axis=0)
    phased = ~np.isnan(points[:, 1:MONTHS]).all(axis=1)
    points[phased, 0] = 0.0
    points[phased, MONTHS] = targets.target.to_numpy(float)[phased]
    points[phased] = _straight_between(points[phased])
    return Paths(points, phased), warnings


def _phase_warnings(ws, targets: pd.DataFrame, phases: pd.DataFrame, at: np.ndarray) -> list[str]:
    """Phases planning more by their end than the annual target, and December phases that differ from it."""
    found = at >= 0
    target = np.where(found, targets.target.to_numpy(float)[np.maximum(at, 0)], np.nan)
    ytd, end = phases.ytd.to_numpy(), phases.end.to_numpy()
    above = found & (end < MONTHS) & (np.round(ytd - target, 9) > 0)
    december = found & (end == MONTHS) & (np.round(ytd - target, 9) != 0)
    out = []
    for r in np.flatnonzero(above | december)[:10]:
        what = _target_name(ws, phases, r)
        if above[r]:
            out.append(
                f"{what}: the phases plan {ytd[r]:g} by {phases.year.iat[r]}-{end[r]:02d}, "
                f"above the annual target {target[r]:g}"
            )
        else:
            out.append(
                f"{what}: the phases plan {ytd[r]:g} by December, not the annual target {target[r]:g} "
                "(the annual target is used)"
            )
    more = int((above | december).sum()) - len(out)
    return out + ([f"... and {more} more phase warnings"] if more > 0 else [])


def _target_name(ws, rows: pd.DataFrame, r: int) -> str:
    """`jobs 2020`, with the area and the plan where the workspace has several."""
    area = ws.areas.area.iat[rows.area.iat[r]]
    plan = ws.plans.plan.iat[rows.plan.iat[r]]
    return f"{ws.indicators.indicator.iat[rows.ind.iat[r]]} {rows.year.iat[r]}" + "".join(
        f" {v}" for v in (area, plan) if v
    )
