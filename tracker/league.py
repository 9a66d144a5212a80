"""League tables: each area ranked among its siblings (the areas under the same parent), per indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd

LEAGUE_COLUMNS = ["parent", "rank", "siblings"]


def league(status: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The status rows with `parent`, `rank` and `siblings`, sorted as one league table per parent.

    `rank` is 1 for the best performance index among the areas of the same
    parent, indicator and plan (ties share the better rank); `siblings` is how many of
    them have an index. Rows without a parent or an index have no rank. The
    index, not the attainment, is ranked: it compares each area with its own
    pace, so an area reporting through May is not ranked below one through June.
    """
    parent_of = pd.Series(areas.parent.to_numpy(), index=areas.area.to_numpy())
    parent = status.area.map(parent_of).replace("", np.nan)
    index = status["index"].where(parent.notna())
    by = [status.indicator, parent, status.plan.fillna("")]  # areas are ranked within each plan
    rank = index.groupby(by).rank(ascending=False, method="min")
    siblings = index.notna().groupby(by).transform("sum")
    out = status.assign(
        parent=parent.astype(object).where(parent.notna(), None),
        rank=rank.astype("Int64"),
        siblings=siblings.where(parent.notna()).astype("Int64"),
    )
    indicator_order = pd.factorize(out.indicator)[0]
    order = np.lexsort(
        (
            out.area.fillna("").to_numpy(str),
            out["rank"].fillna(len(out) + 1).to_numpy(np.int64),
            out.parent.fillna("").to_numpy(str),
            pd.factorize(out.plan.fillna(""))[0],
            out.depth.to_numpy(),
            indicator_order,
        )
    )
    return out.iloc[order].reset_index(drop=True)
