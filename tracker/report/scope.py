"""What the report tells: the root area's rows and its children's; a status as the documents show it.

The charts, the PDF and the Word document tell the root area and its direct
children only (a national workspace gets one chart per indicator, never one per
commune); the status table holds every row. A status is named and coloured the
same way in the PDF and the Word document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tracker import formats
from tracker.errors import TrackerError
from tracker.statuses import Status

if TYPE_CHECKING:
    import pandas as pd

    from tracker.model import Result
    from tracker.workspace import Workspace

# Status colours for small text on white: the chart amber is too light to read there.
TEXT_COLOURS = {**formats.STATUS_COLOURS, Status.AT_RISK: "#a35f00"}


@dataclass
class Scope:
    """The rows the report tells: the root area's, and its direct children's."""

    root: pd.DataFrame
    targeted: pd.DataFrame  # root rows with a target
    children: pd.DataFrame  # rows of the root's direct children, any indicator
    # children that reported, under root rows waiting for the others (tracker.check.reported_children)
    waiting: pd.DataFrame
    others: pd.DataFrame  # the root area's rows of the plans other than the plan of record
    plans: pd.DataFrame  # the workspace's plans, the plan of record first


def scope_of(ws: Workspace, result: Result) -> Scope:
    """The root area's rows of `result` (the workspace's root area, else the first one) and its children's."""
    status = result.status
    top = status[status["depth"] == 0]
    if top.empty:
        raise TrackerError(f"nothing to report as of {result.as_of}: no indicator has a target or an actual")
    areas = list(dict.fromkeys(_area(a) for a in top["area"]))
    root_area = ws.root_area if ws.root_area in areas else areas[0]
    root = top[[_area(a) == root_area for a in top["area"]]]
    kids = set(ws.areas.loc[ws.areas["parent"] == root_area, "area"]) if root_area else set()
    children = status[status["area"].isin(kids)] if kids else status.iloc[0:0]
    targeted = root[root["target"].notna() & (root["status"] != Status.NO_TARGET)]
    from tracker.check import reported_children

    waiting = reported_children(status, ws.areas, root_area)
    everything = result.table("all")
    tops = everything[everything["depth"].to_numpy() == 0]  # a few rows a plan: the areas compared below
    others = tops[
        (tops["plan"].to_numpy(object) != (ws.plans.plan.iat[0] or None))
        & np.array([_area(a) == root_area for a in tops["area"]], bool)
    ]
    return Scope(root, targeted, children, waiting, others, ws.plans)


def status_label(row: pd.Series, lang: str) -> str:
    """A row's status in words; a ceiling's in its own words."""
    return formats.status_label(row["status"], lang, formats.is_ceiling(row))


def _area(value):
    return None if formats.is_missing(value) else value


def with_other_plans(scope: Scope) -> pd.DataFrame:
    """The root area's rows, each followed by the same indicator's rows of the other plans."""
    if scope.others.empty:
        return scope.root
    import pandas as pd

    both = pd.concat([scope.root, scope.others], ignore_index=True)
    order = {indicator: k for k, indicator in enumerate(dict.fromkeys(scope.root["indicator"]))}
    plan_order = {plan: k for k, plan in enumerate(scope.plans.plan)}
    key = both["indicator"].map(order).fillna(len(order)) * 1000 + both["plan"].map(plan_order).fillna(999)
    return both.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def indicator_label(row: pd.Series, scope: Scope, lang: str) -> str:
    """An indicator's name, with its plan's where it is not the plan of record's row."""
    name = formats.indicator_name(row, lang)
    plan = row.get("plan")
    if plan and plan != scope.plans.plan.iat[0]:
        return f"{name} ({formats.plan_name(scope.plans, plan, lang)})"
    return name


def target_text(row: pd.Series, lang: str, words: dict) -> str:
    """The target in force, and the original where it was revised."""
    target = formats.quantity(row["target"], row["unit"], lang)
    if formats.is_missing(row.get("target_original")):
        return target
    return words["revised_from"].format(
        target=target, original=formats.quantity(row["target_original"], row["unit"], lang)
    )


def row_cells(row: pd.Series, scope: Scope, lang: str, words: dict) -> tuple[str, ...]:
    """A status row's cells in the reports' tables: name (and plan), plan, actual, attainment, status."""
    return (
        indicator_label(row, scope, lang),
        target_text(row, lang, words),
        formats.quantity(row["actual"], row["unit"], lang),
        formats.percent(row["attainment"], lang),
        status_label(row, lang),
    )


def side_units(ws: Workspace) -> dict[str, str]:
    """The unit of each ratio's denominator, by ratio id: what its two sides count."""
    catalogue = ws.indicators
    unit = dict(zip(catalogue.indicator, catalogue.unit, strict=True))
    ratios = catalogue[catalogue.measure == "ratio"]
    return {r: unit.get(d, "") for r, d in zip(ratios.indicator, ratios.denominator, strict=True)}
