"""The monthly check: what lags, what is at risk, what breached its ceiling, what is stale.

It also remembers (how many month-ends each indicator has been behind, and by
how many months of pace: `tracker.history`), names the areas that lag most
under each failing indicator, and lists the areas whose report for the as-of
month has not come in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker import formats
from tracker.errors import BadArgument
from tracker.history import with_history
from tracker.messages import CHECK
from tracker.model import Result, compute, missing_months
from tracker.statuses import BEHIND, BEHIND_PACE, FAILING, SEVERITY, Status
from tracker.workspace import Workspace

# The statuses the check lists, what lags or breached (exit 3) first; then come the stale rows.
LISTED = (*FAILING, Status.AT_RISK)
SECTIONS = (*LISTED, "stale")
EXIT_LAGGING = 3
WORST_AREAS = 3  # areas named under each failing indicator
LISTED_PER_AREA = 8  # indicators named per area in the missing reports


@dataclass
class Check:
    """What the check found: rows by section, missing reports, the areas that lag most, the verdicts."""

    as_of: str
    area: str | None
    sections: dict[str, pd.DataFrame]
    missing_months: list[str] = field(default_factory=list)
    missing_reports: pd.DataFrame = field(default_factory=pd.DataFrame)
    worst_areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    verdicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: list[str] = field(default_factory=list)
    waiting: pd.DataFrame = field(default_factory=pd.DataFrame)  # reported_children() of the area
    plans: pd.DataFrame | None = None  # the workspace's plans, the plan of record (judged here) first
    # per span of years that holds the month (`2021-2025`): the area's span rows behind their pace
    spans: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """3 when something lags or breached its ceiling, here or in an area a waiting row has heard from."""
        return EXIT_LAGGING if self.failing or self.waiting_failing else 0

    @property
    def failing(self) -> int:
        """How many of the area's indicators lag or breached their ceiling."""
        return sum(len(self.sections[status]) for status in FAILING)

    @property
    def waiting_failing(self) -> int:
        """How many of the area's indicators wait for their areas while one that reported lags or breached."""
        return self.waiting.indicator[self.waiting.behind].nunique() if len(self.waiting) else 0


def area_rows(status: pd.DataFrame, area: str | None, root_area: str) -> tuple[pd.DataFrame, str | None]:
    """The rows of one area (default: the root area, or every row when there is none)."""
    chosen = area if area is not None else (root_area or None)
    if chosen is None:
        return status, None
    rows = status[status.area == chosen]
    if rows.empty and chosen not in set(status.area.dropna()):
        known = ", ".join(sorted(status.area.dropna().unique())[:12])
        raise BadArgument(f"--area: no rows for {chosen!r} (areas with figures: {known})")
    return rows, chosen


def monthly_check(ws: Workspace, as_of: str | None = None, area: str | None = None) -> Check:
    """The monthly check of `area` (default: the root area) as of `as_of` (default: the latest data)."""
    result = compute(ws, as_of)
    status = with_history(ws, result)
    rows, chosen = area_rows(status, area, ws.root_area)
    longest_first = ["lagging_months", "months_behind", "index"]

    def pick(mask):
        return rows[mask].sort_values(
            longest_first, ascending=[False, False, True], na_position="last", kind="stable"
        )

    sections = {status: pick(rows.status == status) for status in LISTED}
    sections["stale"] = rows[rows.stale.eq(True)]
    parent = status.area.map(pd.Series(ws.areas.parent.to_numpy(), index=ws.areas.area.to_numpy()))
    status = status.assign(parent=parent.where(parent != ""))
    failing = pd.concat([sections[s] for s in BEHIND]).indicator
    worst = status[(status.parent == chosen) & status.indicator.isin(failing) & status.status.isin(BEHIND)]
    worst = worst.sort_values(["indicator", "index"], kind="stable").groupby("indicator").head(WORST_AREAS)
    severity = rows.status.map({s: k for k, s in enumerate(SEVERITY)})
    verdicts = (
        rows[rows.status != Status.NO_TARGET]
        .assign(_severity=severity)
        .sort_values(
            ["lagging_months", "_severity", "months_behind"],
            ascending=[False, True, False],
            na_position="last",
            kind="stable",
        )
    )
    return Check(
        result.as_of,
        chosen,
        sections,
        missing_months(ws, through=int(result.year) * 12 + result.month - 1),
        _missing_reports(status, ws.areas, chosen),
        worst,
        verdicts,
        result.warnings,
        reported_children(status, ws.areas, chosen),
        ws.plans,
        _spans_behind(ws, result, chosen),
    )


def _spans_behind(ws: Workspace, result: Result, area: str | None) -> dict[str, pd.DataFrame]:
    """The area's rows of every span holding the year that lag, are at risk or breached."""
    from tracker.model.spans import holding_spans

    out = {}
    for span in holding_spans(ws, result):
        rows = span.status[(span.status.area == area) if area is not None else span.status.depth.eq(0)]
        out[span.span] = rows[rows.status.isin(BEHIND)]
    return out


def reported_children(status: pd.DataFrame, areas: pd.DataFrame, area: str | None) -> pd.DataFrame:
    """The children that reported, under the rows of `area` that wait for the others' reports.

    A parent's flow or stock has no figure until every child area with a target
    or an actual for it has reported (SPEC section 4, roll-up): its row is
    `no_data` however far behind the children that did report are. For each such
    row of `area` (default: the top areas), the status rows of its children that
    have a figure, worst index first, with `children` (how many child areas the
    row waits for in all), `reported` (how many of them have a figure) and
    `behind` (lagging or breached: `tracker check` exits 3). Rates never roll up:
    a parent rate waits for its own figure, not its children's.
    """
    parent = status.area.map(pd.Series(areas.parent.to_numpy(), index=areas.area.to_numpy()))
    own = (status.area == area) if area is not None else status.depth.eq(0)
    waiting = status[own & (status.status == Status.NO_DATA) & (status.measure != "rate")]
    under = pd.MultiIndex.from_arrays([status.indicator, parent])
    children = status[under.isin(pd.MultiIndex.from_frame(waiting[["indicator", "area"]]))]
    keys = [children.indicator, parent[children.index]]
    has_figure = children.status != Status.NO_DATA
    counted = children.assign(
        children=children.groupby(keys).indicator.transform("size"),
        reported=has_figure.groupby(keys).transform("sum"),
        behind=children.status.isin(FAILING),
        _order=pd.Categorical(children.indicator, categories=waiting.indicator.unique()),
    )
    told = counted[has_figure & (counted.reported < counted.children)]
    told = told.sort_values(["_order", "index"], na_position="last", kind="stable")
    return told.drop(columns="_order")


def _missing_reports(status: pd.DataFrame, areas: pd.DataFrame, top: str | None) -> pd.DataFrame:
    """Rows of `top` and the areas under it whose own report does not reach the as-of month.

    A row is expected to be reported by its own area unless its figure is rolled
    up from the areas under it: then those are chased, not the parent.
    """
    inside = np.ones(len(status), bool)
    if top is not None and len(areas):
        under = (areas.area == top).to_numpy()
        for _ in range(int(areas.depth.max())):  # one pass per level of the tree
            under = under | areas.parent.isin(areas.area[under]).to_numpy()
        inside = status.area.isin(areas.area[under]).to_numpy()
    elif top is not None:
        inside = (status.area == top).to_numpy()
    parents = pd.MultiIndex.from_frame(status[["indicator", "parent"]].dropna())
    has_children = pd.MultiIndex.from_frame(status[["indicator", "area"]].fillna("")).isin(parents)
    late = status.stale.eq(True).to_numpy() & ~status.rolled_up.to_numpy(bool)
    unreported = (status.status == Status.NO_DATA).to_numpy() & ~has_children
    return status[inside & (late | unreported)].sort_values(["depth", "area"], kind="stable")


def render_check(check: Check, lang: str, organisation: str = "") -> str:
    """The check as text for a terminal or an email."""
    text = CHECK[lang]
    month = formats.month(check.as_of, lang)
    head = text["title"].format(month=month, where=f" — {check.area}" if check.area else "")
    lines = [f"{organisation}: {head}" if organisation else head]
    plan = check.plans.plan.iat[0] if check.plans is not None else ""
    if plan:  # several plans: say which one the check judges against
        lines.append(text["judged_against"].format(plan=formats.plan_name(check.plans, plan, lang)))
    lines.append("")
    reports = check.missing_reports
    late_areas = reports.area.fillna("").unique() if len(reports) else []
    lines.append(text["reports"].format(month=month, n=len(late_areas)))
    for area in late_areas:
        lines.append(f"  - {_late_area(reports[reports.area.fillna('') == area], lang)}")
    lines.append("")
    worst = check.worst_areas
    for section in SECTIONS:
        rows = check.sections[section]
        lines.append(f"{text[section]} ({len(rows)})")
        for r in rows.itertuples(index=False):
            lines.append(f"  - {_line(r, lang, section)}")
            below = worst[worst.indicator == r.indicator] if section != "stale" and len(worst) else worst[:0]
            if len(below):
                label = text["worst_ceiling"] if formats.is_ceiling(r) else text["worst"]
                named = ", ".join(
                    f"{_area_name(a)} {formats.percent(a.attainment, lang)}" for a in below.itertuples()
                )
                lines.append(f"      {label}: {named}")
        lines.append("")
    for span, rows in check.spans.items():
        title = formats.span_title(span, lang)
        lines.append(f"{text['span_behind'].format(span=title)} ({len(rows)})")
        lines += [f"  - {_line(r, lang, 'span')}" for r in rows.itertuples(index=False)]
        lines.append("")
    reporting = _reporting(check.waiting, lang)
    if reporting:
        lines.append(text["waiting"].format(n=len(reporting)))
        for indicator, said in reporting.items():
            rows = check.waiting[check.waiting.indicator == indicator]
            lines.append(f"  - {formats.indicator_name(next(rows.itertuples()), lang)}: {said}")
            lines += [f"      {_child_line(r, lang)}" for r in rows[rows.behind].itertuples(index=False)]
        lines.append("")
    if check.missing_months:
        lines.append(text["missing"])
        lines += [f"  - {m}" for m in check.missing_months]
        lines.append("")
    if len(check.verdicts):
        lines.append(text["verdicts"])
        lines += [
            f"  - {_verdict(r, check.as_of, lang, reporting.get(r.indicator))}"
            for r in check.verdicts.itertuples(index=False)
        ]
        lines.append("")
    found = [text["failing"].format(n=check.failing)] if check.failing else []
    found += [text["waiting_failing"].format(n=check.waiting_failing)] if check.waiting_failing else []
    lines.append(text["verdict"].format(found="; ".join(found)) if found else text["nothing"])
    return "\n".join(lines) + "\n"


def _reporting(waiting: pd.DataFrame, lang: str) -> dict[str, str]:
    """Per indicator waiting for its areas: how many reported, and how many of those lag or breached."""
    text = CHECK[lang]
    said = {}
    for indicator, rows in waiting.groupby("indicator", sort=False):
        first = rows.iloc[0]
        said[indicator] = text["reporting"].format(reported=first.reported, children=first.children)
        if rows.behind.any():
            said[indicator] += text["reporting_behind"].format(k=int(rows.behind.sum()))
    return said


def _child_line(r, lang: str) -> str:
    """An area that reported under a row that waits for the others: where it stands."""
    text = CHECK[lang]
    template = text["line_ceiling" if formats.is_ceiling(r) else "line"]
    attainment, expected = formats.percent(r.attainment, lang), formats.percent(r.expected, lang)
    line = template.format(name=_area_name(r), area="", attainment=attainment, expected=expected)
    return f"{line}, {formats.status_word(r.status, lang)}"


def _late_area(rows: pd.DataFrame, lang: str) -> str:
    """One area's missing reports: each indicator with the month its figures reach."""
    text = CHECK[lang]
    items = []
    for r in rows.head(LISTED_PER_AREA).itertuples():
        if formats.is_missing(r.data_through):
            reached = text[Status.NO_DATA]
        else:
            reached = text["through"].format(month=formats.month(r.data_through, lang))
        items.append(f"{formats.indicator_name(r, lang)} ({reached})")
    more = f" {text['more'].format(k=len(rows) - LISTED_PER_AREA)}" if len(rows) > LISTED_PER_AREA else ""
    return f"{_area_name(next(rows.itertuples()))}: {', '.join(items)}{more}"


def _area_name(r) -> str:
    return f"{r.area_name} [{r.area}]" if r.area_name else str(r.area or "")


def _verdict(r, as_of: str, lang: str, reporting: str | None = None) -> str:
    """One line a director can read: where the indicator stands, since when, how far behind."""
    text = CHECK[lang]
    if r.status == Status.NO_DATA and reporting:
        said = f"{text[Status.NO_DATA]}; {reporting}"
    elif r.status in (Status.ACHIEVED, Status.NO_DATA):
        said = text[r.status]
    elif r.status in BEHIND_PACE and formats.is_ceiling(r):
        said = text["ceiling_behind"]
    else:
        said = formats.status_word(r.status, lang)
    if r.lagging_months == 1:
        said += text["first"]
    elif r.lagging_months > 1:
        year, month = (int(part) for part in as_of.split("-"))
        since = f"{year:04d}-{month - r.lagging_months + 1:02d}"
        said += text["streak"].format(k=r.lagging_months, month=formats.month(since, lang))
    if r.status in BEHIND and r.months_behind == r.months_behind and r.months_behind > 0:
        x = formats.number(r.months_behind, lang, 1)
        months = text["months"][x != "1"]
        said += text["ahead_of_allowance" if formats.is_ceiling(r) else "behind"].format(x=x, months=months)
    if r.stale:
        said += text["stale_mark"].format(month=formats.month(r.data_through, lang))
    return f"{formats.indicator_name(r, lang)}: {said}"


def _line(r, lang: str, section: str) -> str:
    text = CHECK[lang]
    name = formats.indicator_name(r, lang)
    area = f" [{r.area}]" if r.area and r.depth else ""
    if section == "stale":
        return text["line_stale"].format(name=name, area=area, through=formats.month(r.data_through, lang))
    ceiling = formats.is_ceiling(r)
    line = text["line_ceiling" if ceiling else "line"].format(
        name=name,
        area=area,
        attainment=formats.percent(r.attainment, lang),
        expected=formats.percent(r.expected, lang),
    )
    line += f", {formats.status_word(r.status, lang)}"
    if r.measure == "flow" and not ceiling and r.required_per_month == r.required_per_month:
        required = text["required_span" if section == "span" else "required"]
        line += required.format(need=formats.quantity(r.required_per_month, r.unit, lang, 0))
        if r.acceleration == r.acceleration:
            line += text["acceleration"].format(ratio=formats.ratio(r.acceleration, lang))
    return line
