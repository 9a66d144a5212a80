"""Exact, order-independent sums: the same figure whatever order the rows were read in.

Whole numbers (counts of people, of households; money in units) sum exactly in
any order while the total stays below 2**52, so they are summed by counting
(`np.bincount`). Other values are added in a fixed order within each group (the
month, for steps), so a level's steps telescope back to the level exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BLOCK = 1 << 20  # rows looked at together: no temporary arrays of millions


def group_sum(
    groups: np.ndarray, values: np.ndarray, size: int, order: np.ndarray, whole: np.ndarray | None = None
) -> np.ndarray:
    """Sums of `values` by group 0..size-1 (0 for an empty group), as pandas' grouped sum.

    Groups known to hold `whole` numbers (a flag per group; default: looked at
    here) are summed by counting; the others are left to pandas, each group's
    values added in the order of `order` (a key unique within a group, such as
    the month).
    """
    if whole is None:
        with np.errstate(invalid="ignore"):
            fraction = ~np.isfinite(values) | (np.floor(values) != values)
        whole = np.bincount(groups[fraction], minlength=size) == 0
        whole &= exact_sums(values[~fraction])
    out = np.bincount(groups, weights=values, minlength=size).astype(np.float64, copy=False)
    if not whole.all():
        by_pandas = ~whole[groups]
        group, value = groups[by_pandas], values[by_pandas]
        added = np.lexsort((order[by_pandas], group))
        summed = pd.Series(value[added]).groupby(group[added], sort=False).sum()
        out[summed.index.to_numpy()] = summed.to_numpy()
    return out


def exact_sums(values: np.ndarray) -> bool:
    """Whether every partial sum of `values` is a whole number that a float holds exactly."""
    if not len(values):
        return True
    with np.errstate(invalid="ignore"):
        return bool(np.abs(values).sum() < 2.0**52 and (np.floor(values) == values).all())


def whole_number_indicators(values: np.ndarray, indicators: np.ndarray, count: int) -> np.ndarray:
    """Per indicator code 0..count-1: are all its `values` whole numbers whose sums a float holds exactly?"""
    broken = np.zeros(count, np.int64)
    largest = 0.0
    for start in range(0, len(values), BLOCK):
        block = values[start : start + BLOCK]
        with np.errstate(invalid="ignore"):
            fraction = ~np.isfinite(block) | (np.floor(block) != block)
        broken += np.bincount(indicators[start : start + BLOCK][fraction], minlength=count)
        largest = max(largest, float(np.abs(block[~fraction]).max(initial=0)))
    whole = broken == 0
    if largest * 2 * len(values) >= 2.0**52:
        whole[:] = False
    return whole
