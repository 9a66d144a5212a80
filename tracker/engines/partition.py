"""Partitions of a workspace by indicator (SPEC section 9): nothing computed for one indicator
depends on another, so each partition is loaded, checked and computed on its own.

A partition is a set of indicators (a ratio goes with its numerator and denominator).
Loading one reads only the rows of its indicators (Parquet row groups whose statistics
exclude them are not read at all) and numbers them as the whole file does, so a
problem is reported at the same line whichever engine finds it. The first partition
also takes the rows whose indicator the catalogue does not know, so they are
reported exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Partition:
    """The indicators whose rows a partition keeps; `catalogue`: every id the catalogue knows, in its
    order (the order the pieces are put together in)."""

    indicators: frozenset[str]
    catalogue: tuple[str, ...]
    first: bool = False  # also the rows of unknown indicators

    @property
    def empty(self) -> bool:
        """No rows at all: a workspace's settings, catalogue and areas alone."""
        return not self.indicators and not self.first

    def keeps(self, ids: pd.Series) -> np.ndarray:
        """Which rows (their indicator ids, as a column) belong to this partition."""
        values = ids.astype("category") if not isinstance(ids.dtype, pd.CategoricalDtype) else ids
        return self.wanted(values.cat.categories)[values.cat.codes.to_numpy()]

    def wanted(self, ids) -> np.ndarray:
        """Which of these distinct indicator ids (as written) are this partition's, and last, whether a
        missing id is (index -1): the first partition takes those."""
        ids = pd.Index(ids).astype(str).str.strip()
        mine = ids.isin(self.indicators)
        if self.first:
            mine |= ~ids.isin(self.catalogue)
        return np.append(mine, self.first)

    def may_hold(self, low: str, high: str) -> bool:
        """Whether a block of rows with ids between `low` and `high` can hold some of this partition's."""
        if self.first and not (low == high and low in self.catalogue):
            return True
        return any(low <= i <= high for i in self.indicators)


NOTHING = Partition(frozenset(), ())


def plan_partitions(catalogue: pd.DataFrame, count: int) -> list[Partition]:
    """`count` partitions of the catalogue's indicators (fewer if it has fewer), in catalogue order.

    A ratio and its two sides are kept together; otherwise the indicators are dealt out
    in turn so that each partition has a like share of them.
    """
    ids = [str(i).strip() for i in catalogue.indicator]
    group = {i: k for k, i in enumerate(ids)}  # each indicator's group: its own, or its ratio's
    sides = ("numerator", "denominator")
    if all(s in catalogue.columns for s in sides):
        for row in catalogue[catalogue.measure == "ratio"].itertuples(index=False):
            for side in sides:
                named = str(getattr(row, side)).strip()
                if named in group:
                    _merge(group, group[str(row.indicator).strip()], group[named])
    groups = list(dict.fromkeys(group.values()))
    count = max(1, min(count, len(groups)))
    members: list[set[str]] = [set() for _ in range(count)]
    for k, g in enumerate(groups):
        members[k % count].update(i for i in ids if group[i] == g)
    return [Partition(frozenset(m), tuple(ids), first=k == 0) for k, m in enumerate(members)]


def _merge(group: dict[str, int], a: int, b: int) -> None:
    """Put the indicators of group `b` into group `a` (the smaller number)."""
    low, high = min(a, b), max(a, b)
    for i, g in group.items():
        if g == high:
            group[i] = low
