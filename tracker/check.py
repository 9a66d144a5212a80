"""The monthly check: what lags, what is at risk, what breached its ceiling, what is stale."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tracker import formats
from tracker.errors import BadArgument
from tracker.model import Result
from tracker.output import STATUS_WORDS

SECTIONS = ("lagging", "breached", "at_risk", "stale")
EXIT_LAGGING = 3


@dataclass
class Check:
    """The rows the check looked at, by section, and the gaps it found in monthly series."""

    as_of: str
    area: str | None
    sections: dict[str, pd.DataFrame]
    missing_months: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """3 when something lags or breached its ceiling, else 0."""
        failing = len(self.sections["lagging"]) + len(self.sections["breached"])
        return EXIT_LAGGING if failing else 0


def area_rows(result: Result, area: str | None, root_area: str) -> tuple[pd.DataFrame, str | None]:
    """The rows of one area (default: the root area, or every row when there is none)."""
    status = result.status
    chosen = area if area is not None else (root_area or None)
    if chosen is None:
        return status, None
    rows = status[status.area == chosen]
    if rows.empty and chosen not in set(status.area.dropna()):
        known = ", ".join(sorted(status.area.dropna().unique())[:12])
        raise BadArgument(f"--area: no rows for {chosen!r} (areas with figures: {known})")
    return rows, chosen


def monthly_check(result: Result, rows: pd.DataFrame, area: str | None, missing: list[str]) -> Check:
    """Sort `rows` into the check's sections, the longest way behind first."""

    def pick(mask):
        return rows[mask].sort_values("index", kind="stable")

    sections = {
        "lagging": pick(rows.status == "lagging"),
        "breached": pick(rows.status == "breached"),
        "at_risk": pick(rows.status == "at_risk"),
        "stale": rows[rows.stale.eq(True)],
    }
    return Check(result.as_of, area, sections, missing)


def render_check(check: Check, lang: str, organisation: str = "") -> str:
    """The check as text for a terminal or an email."""
    titles = {
        "vi": {
            "lagging": "Chậm tiến độ",
            "breached": "Vượt trần",
            "at_risk": "Có nguy cơ chậm",
            "stale": "Số liệu chưa cập nhật đến tháng kiểm tra",
            "missing": "Tháng thiếu số liệu (tính là không phát sinh)",
        },
        "en": {
            "lagging": "Lagging",
            "breached": "Breached",
            "at_risk": "At risk",
            "stale": "Data older than the as-of month",
            "missing": "Months missing inside a monthly series (counted as nothing happened)",
        },
    }[lang]
    month = formats.month(check.as_of, lang)
    where = f" — {check.area}" if check.area else ""
    head = f"Kiểm tra tiến độ {month}{where}" if lang == "vi" else f"Monthly check, {month}{where}"
    lines = [f"{organisation}: {head}" if organisation else head, ""]
    for section in SECTIONS:
        rows = check.sections[section]
        lines.append(f"{titles[section]} ({len(rows)})")
        lines += [f"  - {_line(r, lang, section)}" for r in rows.itertuples(index=False)]
        lines.append("")
    if check.missing_months:
        lines.append(titles["missing"])
        lines += [f"  - {m}" for m in check.missing_months]
        lines.append("")
    failing = len(check.sections["lagging"]) + len(check.sections["breached"])
    if lang == "vi":
        verdict = (
            f"Kết luận: {failing} chỉ tiêu chậm tiến độ hoặc vượt trần."
            if failing
            else ("Kết luận: không có chỉ tiêu chậm tiến độ hoặc vượt trần.")
        )
    else:
        verdict = (
            f"Verdict: {failing} indicator(s) lagging or breached."
            if failing
            else ("Verdict: nothing is lagging or breached.")
        )
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def _line(r, lang: str, section: str) -> str:
    name = r.name if lang == "vi" or not r.name_en else r.name_en
    area = f" [{r.area}]" if r.area and r.depth else ""
    if section == "stale":
        through = formats.month(r.data_through, lang)
        return (
            f"{name}{area}: số liệu đến {through}"
            if lang == "vi"
            else f"{name}{area}: data through {through}"
        )
    ceiling = r.measure == "flow" and r.direction == "down"
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
    text += f", {STATUS_WORDS[lang][r.status]}"
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
