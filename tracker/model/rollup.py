"""Roll-up (SPEC section 4): parents' missing actuals and targets from their children.

Deepest level first. An (indicator, area, year) is one integer key below a small
space, so finding children, their parents and what those lack is counting in
arrays. A parent's figure at a month is the sum of its children's there, so
parents are made only where every child has reported, and only at months where
every child has a figure: a child reporting Q2 in one row has no year-to-date in
April or May, so its parent has none either (its earlier steps land at June).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import dense_codes, has_month, pack, present, unpack
from tracker.model.derived import derived
from tracker.model.frames import Part, frame
from tracker.model.series import summarise
from tracker.model.sums import group_sum
from tracker.workspace import Workspace

MONTHS = np.arange(1, 13)


class _Keys:
    """(indicator, area, year) as one integer below `space`."""

    def __init__(self, indicators: int, areas: int, years: np.ndarray):
        self.sizes = (indicators, areas, len(years))
        self.years = years
        self.space = indicators * areas * len(years)

    def of(self, rows: pd.DataFrame, area: np.ndarray | None = None) -> np.ndarray:
        area = rows.area.to_numpy() if area is None else area
        year = np.searchsorted(self.years, rows.year.to_numpy())
        return pack((rows.ind.to_numpy(), self.sizes[0]), (area, self.sizes[1]), (year, self.sizes[2]))

    def parents(self, keys: np.ndarray, parent_of: np.ndarray) -> np.ndarray:
        """The keys of the same indicator and year at each key's parent area."""
        ind, area, year = unpack(keys, *self.sizes)
        return pack((ind, self.sizes[0]), (parent_of[area], self.sizes[1]), (year, self.sizes[2]))


def roll_up(ws: Workspace, part: Part) -> Part:
    """The part with every parent's missing series (and steps) and targets filled from its children."""
    d = derived(ws)
    if ws.areas.empty or (d.depths == 0).all():
        return part
    series, targets = part.series, part.targets
    step_parts = [
        (part.steps, 0, len(series))
    ]  # steps of series low..high-1: the first ones, then each level's
    addable, stock = d.measure_is("flow", "stock"), d.measure_is("stock")
    keys = _Keys(len(ws.indicators), len(ws.areas), np.unique(np.r_[series.year, targets.year]))
    plans = len(ws.plans)
    for level in range(int(d.depths.max()), 0, -1):
        kids = series[(d.depths[series.area.to_numpy()] == level) & addable[series.ind.to_numpy()]]
        kid_targets = targets[(d.depths[targets.area.to_numpy()] == level) & addable[targets.ind.to_numpy()]]
        # "children": those with a target or an actual for the indicator and year
        has_actual = present(keys.of(kids), keys.space)
        has_target = present(keys.of(kid_targets), keys.space)  # in any plan
        child = np.flatnonzero(has_actual | has_target)
        parent = keys.parents(child, d.parents)
        families = present(parent, keys.space)

        # actuals: parents without their own, whose children have all reported
        wanted = families & ~present(parent[~has_actual[child]], keys.space)
        wanted[keys.of(series)] = False
        if wanted.any():
            low = len(series)
            kid_parent = keys.of(kids, d.parents[kids.area.to_numpy()])
            new, steps = _roll_actuals(
                series, step_parts, kids[wanted[kid_parent]], kid_parent, wanted, stock, d
            )
            series = pd.concat([series, new])
            step_parts.append((steps, low, len(series)))
        # targets (and baselines), within each plan: parents without their own, whose children all have one
        planned = keys.space * kid_targets.plan.to_numpy() + keys.of(kid_targets)
        has_target = present(planned, keys.space * plans)
        child = np.flatnonzero(np.tile(has_actual, plans) | has_target)
        parent = keys.space * (child // keys.space) + keys.parents(child % keys.space, d.parents)
        wanted = present(parent, keys.space * plans) & ~present(
            parent[~has_target[child]], keys.space * plans
        )
        wanted[keys.space * targets.plan.to_numpy() + keys.of(targets)] = False
        if wanted.any():
            kid_parent = keys.space * kid_targets.plan.to_numpy() + keys.of(
                kid_targets, d.parents[kid_targets.area.to_numpy()]
            )
            targets = pd.concat([targets, _roll_targets(kid_targets, kid_parent, wanted, d.parents)])
            targets = targets.reset_index(drop=True)
    steps = pd.concat([p[0] for p in step_parts], ignore_index=True) if len(step_parts) > 1 else part.steps
    return Part(series, steps, targets)


def _roll_targets(kid_targets: pd.DataFrame, kid_parent, wanted, parent_of) -> pd.DataFrame:
    """Targets (and baselines, where every child has one) of the `wanted` parents: their children's sums.

    Where some child's target was revised, the parent's original is the sum of the children's
    originals (a child's target where it was not revised), its `revised_at` the latest of theirs,
    and its decision theirs when they share one.
    """
    picked = wanted[kid_parent]
    group, parents = dense_codes(
        kid_parent[picked], len(wanted)
    )  # in the order of (plan, indicator, area, year)
    count = len(parents)
    target = kid_targets.target.to_numpy()[picked]
    baseline = kid_targets.baseline.to_numpy()[picked]
    original = kid_targets.original.to_numpy()[picked]
    no_base = np.isnan(baseline)
    child = kid_targets.area.to_numpy()[picked]  # the order children's figures are added in
    summed_baseline = group_sum(group[~no_base], baseline[~no_base], count, child[~no_base])
    revised = ~np.isnan(original)
    summed_original = group_sum(group, np.where(revised, original, target), count, child)
    rows = kid_targets.iloc[np.flatnonzero(picked)[_one_child(group, count)]]
    revised_at = np.full(count, np.iinfo(np.int64).min)  # NaT
    np.maximum.at(revised_at, group, kid_targets.revised_at.to_numpy()[picked].astype(np.int64))
    return pd.DataFrame(
        {
            "ind": rows.ind.to_numpy(),
            "area": parent_of[rows.area.to_numpy()].astype(rows.area.dtype),
            "year": rows.year.to_numpy(),
            "plan": rows.plan.to_numpy(),
            "target": group_sum(group, target, count, child),
            "baseline": np.where(present(group[no_base], count), np.nan, summed_baseline),
            "rolled": True,
            "original": np.where(present(group[revised], count), summed_original, np.nan),
            "revised_at": revised_at.astype("datetime64[ns]"),
            "decision": _shared(group, kid_targets.decision.to_numpy(object)[picked], revised, count),
        }
    )


def _shared(group: np.ndarray, texts: np.ndarray, among: np.ndarray, count: int) -> np.ndarray:
    """Per group: the one text its `among` members share (None where they have none or several)."""
    codes, uniques = pd.factorize(np.where(among, texts, None))  # None: -1
    low, high = np.full(count, len(uniques)), np.full(count, -1)
    np.minimum.at(low, group[codes >= 0], codes[codes >= 0])
    np.maximum.at(high, group, codes)
    return np.where(
        low == high, np.append(np.asarray(uniques, object), None)[np.minimum(high, len(uniques))], None
    )


def _one_child(group: np.ndarray, count: int) -> np.ndarray:
    """For each group 0..count-1, one (any) of its members: its indicator, parent and year are the group's."""
    one = np.zeros(count, np.int64)
    one[group] = np.arange(len(group))
    return one


def _roll_actuals(
    series, step_parts, chosen, kid_parent, wanted, stock, d
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """New parent series for the `wanted` parent keys, and their steps, from the `chosen` children."""
    group, _ = dense_codes(kid_parent[wanted[kid_parent]], len(wanted))  # in (indicator, area, year) order
    count = int(group.max()) + 1
    one = _one_child(group, count)
    ind = chosen.ind.to_numpy()[one]
    is_stock = stock[ind]
    # a flow parent's month with a figure: one at which every child has one
    open_months = np.zeros(count, np.uint16)
    child_open = chosen.open_months.to_numpy()
    if child_open.any():
        np.bitwise_or.at(open_months, group, child_open)
        open_months[is_stock] = 0
    closed = ~has_month(open_months[:, None], MONTHS[None, :])
    through = np.full(count, 12, np.int8)
    np.minimum.at(through, group, chosen.data_through.to_numpy())
    through = np.maximum.accumulate(np.where(closed, MONTHS, 0), axis=1)[np.arange(count), through - 1]
    # a stock's sum needs every child's level: the changes before the last child's first land there
    full = np.zeros(count, np.int8)
    np.maximum.at(full, group, chosen.first_month.to_numpy())
    next_closed = np.minimum.accumulate(np.where(closed, MONTHS, 13)[:, ::-1], axis=1)[:, ::-1]
    landing = np.where(is_stock[:, None], np.maximum(MONTHS, full[:, None]), next_closed)
    keep = (through > 0) & (~is_stock | (full <= through))

    parents = frame(
        ind=ind[keep],
        area=d.parents[chosen.area.to_numpy()[one][keep]].astype(chosen.area.dtype),
        year=chosen.year.to_numpy()[one][keep],
        estimate=np.bincount(group, weights=chosen.estimate.to_numpy(float), minlength=count)[keep] > 0,
        whole_numbers=bool(chosen.whole_numbers.all()),
        note="",
        rolled_up=True,
        open_months=open_months[keep],
    )
    parents.index = np.arange(len(series), len(series) + len(parents))
    new_id = np.full(count, -1, np.int64)
    new_id[keep] = np.arange(len(parents))
    member = new_id[group] >= 0
    steps = _summed_steps(
        step_parts, len(series), chosen.index.to_numpy()[member], new_id[group][member], len(parents),
        through[keep], landing[keep], bool(chosen.whole_numbers.all()),
    )  # fmt: skip
    return summarise(parents, steps), steps


def _summed_steps(step_parts, series_count, child_ids, parent_of_child, count, through, landing, whole):
    """The parents' steps: each child's steps up to its parent's `through`, landed and summed per month."""
    parent = np.full(series_count, -1, np.int32)  # by child series id: its parent's index
    parent[child_ids] = parent_of_child
    is_child = parent >= 0
    first_id = series_count
    slots = count * 12  # (parent x 12 months)
    sums = np.zeros(slots)
    filled = np.zeros(slots, bool)
    taken, deltas, order = [], [], []
    for steps, low, high in step_parts:
        if not is_child[low:high].any():  # no child's steps in this part
            continue
        use = is_child[steps.series.to_numpy()]  # masks and small codes: no array of every step twice
        mine = parent[steps.series.to_numpy()[use]]
        end = steps.end.to_numpy()[use]
        in_time = end <= through[mine]
        if not in_time.all():
            use[use] = in_time
            mine, end = mine[in_time], end[in_time]
        slot = pack((mine, count), (landing[mine, end - 1] - 1, 12))
        del mine
        filled[slot] = True
        if whole:  # whole numbers: summed by counting, part by part, in any order
            sums += np.bincount(slot, weights=steps.delta.to_numpy()[use], minlength=slots)
        else:  # each child's steps in turn, month by month
            taken.append(slot)
            deltas.append(steps.delta.to_numpy()[use])
            order.append(pack((steps.series.to_numpy()[use], series_count), (end - 1, 12)))
    if taken:
        sums = group_sum(
            np.concatenate(taken), np.concatenate(deltas), slots, np.concatenate(order), np.zeros(slots, bool)
        )
    at = np.flatnonzero(filled)
    parent_index, month = unpack(at, count, 12)
    return frame(series=parent_index + first_id, end=(month + 1).astype(np.int8), delta=sums[at])
