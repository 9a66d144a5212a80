"""The status table as CSV, JSON or a terminal table."""

from __future__ import annotations

import math

import pandas as pd

from tracker import formats
from tracker.model import STATUS_COLUMNS

STATUS_WORDS = {
    "vi": {
        "achieved": "đã đạt",
        "breached": "vượt trần",
        "on_track": "đúng tiến độ",
        "at_risk": "có nguy cơ chậm",
        "lagging": "chậm tiến độ",
        "no_target": "không giao chỉ tiêu",
        "no_data": "chưa có số liệu",
        None: "–",
    },
    "en": {
        "achieved": "achieved",
        "breached": "breached",
        "on_track": "on track",
        "at_risk": "at risk",
        "lagging": "lagging",
        "no_target": "no target",
        "no_data": "no data",
        None: "–",
    },
}
STATUS_COLOURS = {
    "achieved": "green",
    "on_track": "green",
    "at_risk": "yellow",
    "lagging": "red",
    "breached": "red",
}
_FLAGS = ("stale", "estimate", "rolled_up")


def machine_frame(status: pd.DataFrame) -> pd.DataFrame:
    """The status table with the SPEC's machine conventions: true/false flags, None for undefined."""
    out = status[STATUS_COLUMNS].copy()
    for column in _FLAGS:
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out


def to_csv(status: pd.DataFrame) -> str:
    """CSV with plain numbers (`.` decimal, no grouping), true/false, months as YYYY-MM."""
    return machine_frame(status).to_csv(index=False, float_format="%.15g", lineterminator="\n")


def to_json(status: pd.DataFrame) -> str:
    """A JSON list of objects with the SPEC's keys; null where a value is not defined."""
    out = status[STATUS_COLUMNS].copy()
    for column in _FLAGS:
        out[column] = out[column].astype(object)
    return out.to_json(orient="records", force_ascii=False, double_precision=15, indent=1) + "\n"


def to_table(status: pd.DataFrame, lang: str, colour: bool) -> str:
    """A table for a terminal: one line per indicator and area, statuses coloured when asked."""
    import click

    words = STATUS_WORDS[lang]
    heads = {
        "vi": (
            "Chỉ tiêu",
            "Địa bàn",
            "Thực hiện",
            "Kế hoạch",
            "Đạt",
            "Tiến độ",
            "Dự báo",
            "Trạng thái",
        ),
        "en": (
            "Indicator",
            "Area",
            "Actual",
            "Plan",
            "Attained",
            "Expected",
            "Projected",
            "Status",
        ),
    }[lang]
    rows = [heads]
    statuses = []
    for r in status.itertuples(index=False):
        name = r.name if lang == "vi" or not r.name_en else r.name_en
        rows.append(
            (
                _cut(name, 42),
                r.area or "",
                formats.number(r.actual, lang, 2) if not _missing(r.actual) else "–",
                formats.number(r.target, lang, 2) if not _missing(r.target) else "–",
                formats.percent(r.attainment, lang, 2),
                formats.percent(r.expected, lang, 2),
                formats.number(r.projected, lang, 0) if not _missing(r.projected) else "–",
                words.get(r.status, r.status) + (" *" if r.stale else ""),
            )
        )
        statuses.append(r.status)
    widths = [max(len(row[c]) for row in rows) for c in range(len(heads))]
    right = {2, 3, 4, 5, 6}
    lines = []
    for k, row in enumerate(rows):
        cells = [row[c].rjust(widths[c]) if c in right else row[c].ljust(widths[c]) for c in range(len(row))]
        if k and colour and statuses[k - 1] in STATUS_COLOURS:
            cells[-1] = click.style(cells[-1], fg=STATUS_COLOURS[statuses[k - 1]])
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    if status.stale.eq(True).any():
        lines.append(
            "* số liệu chưa cập nhật đến tháng báo cáo"
            if lang == "vi"
            else "* data older than the as-of month"
        )
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))
