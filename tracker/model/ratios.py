"""Ratio indicators (SPEC section 8): a rate computed from two counts, at every area and month.

A ratio's value in an area and month is its numerator over its denominator (times
100 when its unit is `%`), each side the year-to-date (flow) or level (stock) of
that indicator there, rolled up by its own rules: so a province's poverty rate is
its poor households over its households, and a large district weighs more than a
small one. The ratio becomes a series like a rate's, with a step at each month
end where either side changed; it is judged, paced and projected as a rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import has_month, pack
from tracker.model.derived import derived
from tracker.model.frames import Part, frame
from tracker.model.series import summarise
from tracker.periods import month_label
from tracker.workspace import Workspace

MONTHS = np.arange(1, 13)


def with_ratios(ws: Workspace, part: Part) -> Part:
    """The part with a series (and steps) for every ratio where both its sides have figures."""
    ratios = derived(ws).ratios
    if not len(ratios) or part.series.empty:
        return part
    series, steps = part.series, part.steps
    levels, valid, changed = _side_grids(ws, series, steps, ratios)
    made, zeros = [], []
    for ratio, numerator, denominator, factor in ratios.itertuples(index=False):  # a few ratios
        pair = _pairs(series, numerator, denominator)
        if len(pair[0]):
            made.append(_ratio_series(series, pair, levels, valid, changed, ratio, factor, zeros))
    if not made:
        return part
    low = len(series)
    new = pd.concat([m[0] for m in made], ignore_index=True)
    new.index = np.arange(low, low + len(new))
    offsets = np.cumsum([0] + [len(m[0]) for m in made[:-1]])
    new_steps = pd.concat(
        [m[1].assign(series=m[1].series.to_numpy() + low + o) for m, o in zip(made, offsets, strict=True)],
        ignore_index=True,
    )
    sides = pd.concat([m[2] for m in made], ignore_index=True)
    sides.index = new.index
    summary = summarise(new, new_steps)
    return Part(
        pd.concat([series, summary]),
        pd.concat([steps, new_steps], ignore_index=True),
        part.targets,
        sides,
        part.warnings + zero_denominator_warnings(ws, zeros),
    )


def _side_grids(ws, series, steps, ratios):
    """(figure, has a figure, changed) at each month 1..12 of every series, as (series x 12) tables.

    Only the series of the ratios' sides are filled; the others stay empty.
    """
    sides = np.zeros(len(ws.indicators), bool)
    sides[ratios.numerator.to_numpy()] = sides[ratios.denominator.to_numpy()] = True
    count = len(series)
    wanted = sides[series.ind.to_numpy()]
    mine = wanted[steps.series.to_numpy() - series.index[0]] if len(steps) else np.zeros(0, bool)
    owner = steps.series.to_numpy()[mine] - series.index[0]
    slot = pack((owner, count), (steps.end.to_numpy()[mine].astype(np.int64) - 1, 12))
    levels = np.bincount(slot, weights=steps.delta.to_numpy()[mine], minlength=count * 12).reshape(count, 12)
    levels = np.cumsum(levels, axis=1)
    changed = np.zeros(count * 12, bool)
    changed[slot] = True
    first = series.first_month.to_numpy()[:, None]
    through = series.data_through.to_numpy()[:, None]
    open_month = has_month(series.open_months.to_numpy()[:, None], MONTHS[None, :])
    valid = (MONTHS[None, :] >= first) & (MONTHS[None, :] <= through) & ~open_month & wanted[:, None]
    return levels, valid, changed.reshape(count, 12)


def _pairs(series: pd.DataFrame, numerator: int, denominator: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `series` (positions) of the numerator and of the denominator in the same area and year."""
    ind = series.ind.to_numpy()
    key = pack((series.area.to_numpy(), 0), (series.year.to_numpy(), 10000))
    top = np.flatnonzero(ind == numerator)
    bottom = np.flatnonzero(ind == denominator)
    at = pd.Index(key[bottom]).get_indexer(key[top])
    return top[at >= 0], bottom[at[at >= 0]]


def _ratio_series(series, pair, levels, valid, changed, ratio, factor, zeros):
    """(series, steps, sides) of one ratio in every area and year where both sides have a series.

    `zeros` collects (ratio, area, year, month) where the denominator is 0: no value there.
    """
    top, bottom = pair
    numerator, denominator = levels[top], levels[bottom]
    both = valid[top] & valid[bottom]
    zero = both & (denominator == 0)
    for k, month in zip(*np.nonzero(zero), strict=True):  # rare: each is warned of
        zeros.append((ratio, int(series.area.iat[top[k]]), int(series.year.iat[top[k]]), int(month) + 1))
    both &= ~zero
    with np.errstate(divide="ignore", invalid="ignore"):
        value = factor * numerator / np.where(both, denominator, 1.0)
    # a step where either side changed, and at the first month with a value
    step = both & (changed[top] | changed[bottom] | (np.cumsum(both, axis=1) == 1))
    keep = step.any(axis=1)
    step, value, numerator, denominator = step[keep], value[keep], numerator[keep], denominator[keep]
    rows, month = np.nonzero(step)  # by row, then month
    shown = value[rows, month]
    previous = np.r_[0.0, shown[:-1]]
    previous[np.r_[True, rows[1:] != rows[:-1]]] = 0.0  # a series' first level counts from 0
    steps = frame(series=rows.astype(np.int64), end=(month + 1).astype(np.int8), delta=shown - previous)
    mine, theirs = top[keep], bottom[keep]
    new = frame(
        ind=np.full(len(mine), ratio, np.int32),
        area=series.area.to_numpy()[mine],
        year=series.year.to_numpy()[mine],
        estimate=series.estimate.to_numpy()[mine] | series.estimate.to_numpy()[theirs],
        whole_numbers=False,
        note="",
        rolled_up=series.rolled_up.to_numpy()[mine] | series.rolled_up.to_numpy()[theirs],
        open_months=np.zeros(len(mine), np.uint16),
    )
    last = 11 - np.argmax(step[:, ::-1], axis=1)  # the month of each series' last value
    at = np.arange(len(mine))
    return new, steps, frame(numerator=numerator[at, last], denominator=denominator[at, last])


def zero_denominator_warnings(ws: Workspace, zeros: list) -> list[str]:
    """The zero denominators found, named by ratio, area and month, ten at most per ratio."""
    by_ratio: dict[int, list[str]] = {}
    for ratio, area, year, month in zeros:
        by_ratio.setdefault(ratio, []).append(
            f"{ws.areas.area.iat[area]} {month_label(year * 12 + month - 1)}"
        )
    out = []
    for ratio, places in by_ratio.items():
        more = f" and {len(places) - 10} more" if len(places) > 10 else ""
        out.append(
            f"{ws.indicators.indicator.iat[ratio]}: the denominator is 0 in {', '.join(places[:10])}{more} "
            "(the ratio has no value there)"
        )
    return out
