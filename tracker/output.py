"""The status table as CSV, JSON or a terminal table."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd

from tracker import formats
from tracker.history import HISTORY_COLUMNS
from tracker.league import LEAGUE_COLUMNS
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


def columns(status: pd.DataFrame) -> list[str]:
    """The SPEC's keys, then those of history and league tables that the frame carries."""
    return STATUS_COLUMNS + [c for c in HISTORY_COLUMNS + LEAGUE_COLUMNS if c in status.columns]


def machine_frame(status: pd.DataFrame) -> pd.DataFrame:
    """The status table with the SPEC's machine conventions: true/false flags, None for undefined."""
    out = status[columns(status)].copy()
    for column in _FLAGS:
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out


def to_csv(status: pd.DataFrame) -> str:
    """CSV with plain numbers (`.` decimal, no grouping), true/false, months as YYYY-MM."""
    frame = machine_frame(status)
    text = _fast_csv(frame)
    if text is None:  # a column of a kind the fast writer does not know
        text = frame.to_csv(index=False, float_format=_FLOAT, lineterminator="\n")
    return text


_FLOAT = "%.15g"
_DIALECT = {
    "delimiter": ",",
    "quotechar": '"',
    "doublequote": True,
    "escapechar": None,
    "quoting": csv.QUOTE_MINIMAL,
    "lineterminator": "\n",
}


def _fast_csv(frame: pd.DataFrame) -> str | None:
    """The text `frame.to_csv(index=False, float_format="%.15g", lineterminator="\n")` writes, fast.

    pandas formats every cell in Python; here each column's distinct values are
    formatted once (numbers with the same `%.15g`, text quoted by the same csv
    writer) and spread back over the rows. None for frames with columns of other
    kinds, which the caller writes with pandas.
    """
    names = list(frame.columns)
    if len(names) < 2 or not all(isinstance(n, str) for n in names):
        return None  # one column: the csv writer quotes a lone empty cell
    cells = []
    for k in range(len(names)):
        column = _column_cells(frame.iloc[:, k])
        if column is None:
            return None
        cells.append(column)
    lines = [",".join(_quoted(names))]
    lines += map(",".join, zip(*cells, strict=True))
    return "\n".join(lines) + "\n"


def _column_cells(values: pd.Series) -> list[str] | None:
    """Each cell of a column as pandas' to_csv writes it; None for a kind of column not handled here."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        numbers = values.to_numpy()
        # by bit pattern, so that -0.0 keeps its sign; every NaN is an empty cell
        codes, uniques = pd.factorize(numbers.view(np.int64))
        floats = uniques.view(np.float64)
        texts = [_FLOAT % x if x == x else "" for x in floats.tolist()]
    elif isinstance(dtype, np.dtype) and dtype.kind in "iub":
        codes, uniques = pd.factorize(values.to_numpy())
        texts = [str(x) for x in uniques.tolist()]
    elif dtype == object or isinstance(dtype, pd.StringDtype):
        objects = values.to_numpy(dtype=object)
        missing = pd.isna(objects)
        codes, uniques = pd.factorize(np.where(missing, "", objects))
        if not all(type(x) is str for x in uniques):
            return None
        texts = _quoted(list(uniques))
    else:
        return None
    return np.asarray(texts, dtype=object)[codes].tolist()


def _quoted(texts: list[str]) -> list[str]:
    """Each text as a cell of the csv writer that pandas uses (quoted where it needs quotes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **_DIALECT)
    out = []
    for text in texts:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow((text, ""))  # a second cell: a lone empty cell would be written as ""
        out.append(buffer.getvalue()[:-2])
    return out


def to_json(status: pd.DataFrame) -> str:
    """A JSON list of objects with the SPEC's keys; null where a value is not defined."""
    out = status[columns(status)].copy()
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
    # league tables (`status --by-area`) show each area's rank among its siblings after the area
    ranked = "rank" in status.columns
    if ranked:
        heads = heads[:2] + ({"vi": "Hạng", "en": "Rank"}[lang],) + heads[2:]
    rows = [heads]
    statuses = []
    for r in status.itertuples(index=False):
        name = r.name if lang == "vi" or not r.name_en else r.name_en
        rank = (("–" if pd.isna(r.rank) else f"{r.rank}/{r.siblings}"),) if ranked else ()
        rows.append(
            (
                _cut(name, 42),
                r.area or "",
                *rank,
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
    right = set(range(2, 7 + ranked))
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
