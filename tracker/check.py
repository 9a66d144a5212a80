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
from tracker.history import BEHIND, with_history
from tracker.model import compute, missing_months
from tracker.workspace import Workspace

SECTIONS = ("lagging", "breached", "at_risk", "stale")
EXIT_LAGGING = 3
WORST_AREAS = 3  # areas named under each failing indicator
LISTED_PER_AREA = 8  # indicators named per area in the missing reports
# the order of the per-indicator verdicts after the length of the streak: worst first
_SEVERITY = ("breached", "lagging", "at_risk", "no_data", "on_track", "achieved")


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

    @property
    def exit_code(self) -> int:
        """3 when something lags or breached its ceiling, else 0."""
        failing = len(self.sections["lagging"]) + len(self.sections["breached"])
        return EXIT_LAGGING if failing else 0


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

    sections = {
        "lagging": pick(rows.status == "lagging"),
        "breached": pick(rows.status == "breached"),
        "at_risk": pick(rows.status == "at_risk"),
        "stale": rows[rows.stale.eq(True)],
    }
    parent = status.area.map(pd.Series(ws.areas.parent.to_numpy(), index=ws.areas.area.to_numpy()))
    status = status.assign(parent=parent.where(parent != ""))
    failing = pd.concat([sections[s] for s in ("lagging", "breached", "at_risk")]).indicator
    worst = status[(status.parent == chosen) & status.indicator.isin(failing) & status.status.isin(BEHIND)]
    worst = worst.sort_values(["indicator", "index"], kind="stable").groupby("indicator").head(WORST_AREAS)
    severity = rows.status.map({s: k for k, s in enumerate(_SEVERITY)})
    verdicts = (
        rows[rows.status != "no_target"]
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
    )


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
    unreported = (status.status == "no_data").to_numpy() & ~has_children
    return status[inside & (late | unreported)].sort_values(["depth", "area"], kind="stable")


_TEXT = {
    "vi": {
        "lagging": "Chậm tiến độ",
        "breached": "Vượt trần",
        "at_risk": "Có nguy cơ chậm",
        "stale": "Số liệu chưa cập nhật đến tháng kiểm tra",
        "missing": "Tháng thiếu số liệu (tính là không phát sinh)",
        "reports": "Chưa báo cáo {month} ({n} địa bàn)",
        "through": "đến {month}",
        "none_yet": "chưa có",
        "more": "và {k} chỉ tiêu khác",
        "worst": "chậm nhất",
        "worst_ceiling": "sử dụng nhanh nhất",
        "verdicts": "Kết luận từng chỉ tiêu",
        "ceiling_behind": "sử dụng nhanh hơn tiến độ cho phép",
        "achieved": "đã đạt kế hoạch năm",
        "no_data": "chưa có số liệu",
        "first": " (tháng đầu tiên)",
        "streak": ", {k} tháng liên tiếp (từ {month})",
        "behind": "; chậm {x} {months} so với tiến độ",
        "ahead_of_allowance": "; sớm {x} {months} so với tiến độ cho phép",
        "months": ("tháng", "tháng"),
        "stale_mark": " (số liệu đến {month})",
        "failing": "Kết luận: {n} chỉ tiêu chậm tiến độ hoặc vượt trần.",
        "nothing": "Kết luận: không có chỉ tiêu chậm tiến độ hoặc vượt trần.",
    },
    "en": {
        "lagging": "Lagging",
        "breached": "Breached",
        "at_risk": "At risk",
        "stale": "Data older than the as-of month",
        "missing": "Months missing inside a monthly series (counted as nothing happened)",
        "reports": "Missing reports for {month} ({n} areas)",
        "through": "through {month}",
        "none_yet": "none yet",
        "more": "and {k} more",
        "worst": "lagging most",
        "worst_ceiling": "using it fastest",
        "verdicts": "Verdict by indicator",
        "ceiling_behind": "using the allowance faster than the pace allows",
        "achieved": "achieved the annual plan",
        "no_data": "no figures yet",
        "first": " (first month)",
        "streak": " for {k} months running (since {month})",
        "behind": "; {x} {months} behind the pace",
        "ahead_of_allowance": "; {x} {months} ahead of the allowed pace",
        "months": ("month", "months"),
        "stale_mark": " (data through {month})",
        "failing": "Verdict: {n} indicator(s) lagging or breached.",
        "nothing": "Verdict: nothing is lagging or breached.",
    },
}


def render_check(check: Check, lang: str, organisation: str = "") -> str:
    """The check as text for a terminal or an email."""
    text = _TEXT[lang]
    month = formats.month(check.as_of, lang)
    where = f" — {check.area}" if check.area else ""
    head = f"Kiểm tra tiến độ {month}{where}" if lang == "vi" else f"Monthly check, {month}{where}"
    lines = [f"{organisation}: {head}" if organisation else head, ""]
    reports = check.missing_reports
    late_areas = reports.area.fillna("").unique() if len(reports) else []
    lines.append(text["reports"].format(month=month, n=len(late_areas)))
    for area in late_areas:
        lines.append(f"  - {_late_area(reports[reports.area.fillna('') == area], text)}")
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
    if check.missing_months:
        lines.append(text["missing"])
        lines += [f"  - {m}" for m in check.missing_months]
        lines.append("")
    if len(check.verdicts):
        lines.append(text["verdicts"])
        lines += [f"  - {_verdict(r, check.as_of, lang)}" for r in check.verdicts.itertuples(index=False)]
        lines.append("")
    failing = len(check.sections["lagging"]) + len(check.sections["breached"])
    lines.append(text["failing"].format(n=failing) if failing else text["nothing"])
    return "\n".join(lines) + "\n"


def _late_area(rows: pd.DataFrame, text: dict) -> str:
    """One area's missing reports: each indicator with the month its figures reach."""
    items = []
    for r in rows.head(LISTED_PER_AREA).itertuples():
        reached = text["through"].format(month=r.data_through) if r.data_through else text["none_yet"]
        items.append(f"{r.indicator} ({reached})")
    more = f" {text['more'].format(k=len(rows) - LISTED_PER_AREA)}" if len(rows) > LISTED_PER_AREA else ""
    return f"{_area_name(next(rows.itertuples()))}: {', '.join(items)}{more}"


def _area_name(r) -> str:
    return f"{r.area_name} [{r.area}]" if r.area_name else str(r.area or "")


def _verdict(r, as_of: str, lang: str) -> str:
    """One line a director can read: where the indicator stands, since when, how far behind."""
    text = _TEXT[lang]
    if r.status == "achieved":
        said = text["achieved"]
    elif r.status == "no_data":
        said = text["no_data"]
    elif r.status in formats.BEHIND_PACE and formats.is_ceiling(r):
        said = text["ceiling_behind"]
    else:
        said = formats.STATUS_WORDS[lang][r.status]
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
    name = formats.indicator_name(r, lang)
    area = f" [{r.area}]" if r.area and r.depth else ""
    if section == "stale":
        through = formats.month(r.data_through, lang)
        return (
            f"{name}{area}: số liệu đến {through}"
            if lang == "vi"
            else f"{name}{area}: data through {through}"
        )
    ceiling = formats.is_ceiling(r)
    att, exp = formats.percent(r.attainment, lang), formats.percent(r.expected, lang)
    if lang == "vi":
        text = (
            f"{name}{area}: đã sử dụng {att} mức trần (tiến độ cho phép {exp})"
            if ceiling
            else f"{name}{area}: đạt {att} kế hoạch (tiến độ cần đạt {exp})"
        )
    else:
        text = (
            f"{name}{area}: {att} of the ceiling used (pace allows {exp})"
            if ceiling
            else f"{name}{area}: {att} of the plan (expected {exp})"
        )
    text += f", {formats.STATUS_WORDS[lang][r.status]}"
    if r.measure == "flow" and not ceiling and r.required_per_month == r.required_per_month:
        need = formats.quantity(r.required_per_month, r.unit, lang, 0)
        if lang == "vi":
            text += f"; cần bình quân {need}/tháng từ nay đến cuối năm"
            if r.acceleration == r.acceleration:
                text += f", gấp {formats.ratio(r.acceleration, lang)} tốc độ đến nay"
        else:
            text += f"; needs {need} a month from now on"
            if r.acceleration == r.acceleration:
                text += f", {formats.ratio(r.acceleration, lang)} the pace so far"
    return text
