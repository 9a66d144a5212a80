"""The report bundle: summaries, charts, a PDF pack, a Word document and the status table.

`build_report` writes everything into a temporary folder beside the destination
and moves it into place only when every file is written, so a failure leaves the
previous report as it was and no half-written folder behind. matplotlib,
openpyxl and python-docx are imported inside the functions that use them.

Charts are drawn for the root area and its direct children only: a national
workspace gets one chart per indicator, never one per commune. The status table
(`status.csv`, `status.xlsx`) holds every row.
"""

from __future__ import annotations

import fcntl
import functools
import glob
import math
import os
import re
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import charts, dashboard, formats, narrative, output
from tracker.errors import BadArgument, TrackerError

if TYPE_CHECKING:
    import pandas as pd

    from tracker.model import Result
    from tracker.workspace import Workspace

__all__ = ["build_report", "keep_text", "status_csv", "write_status_xlsx", "xml_text"]

SAFE_ID = re.compile(r"[a-z][a-z0-9_]*")
# Names Windows reserves for devices, with any extension (con.png is the console).
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)
# Characters XML 1.0 cannot hold (C0 controls but tab and line ends; U+FFFE, U+FFFF): docx and xlsx
# refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Text a spreadsheet would run as a formula (OWASP adds tab and carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 20_000
PERCENT_COLUMNS = ("attainment", "expected", "index", "p_meet", "yoy")

# A4 portrait, in inches.
_PAGE_W, _PAGE_H = 8.27, 11.69
_MARGIN = 0.6
_FOOT = 0.45  # room kept at the bottom for the footer
_WIDTH = _PAGE_W - 2 * _MARGIN
_FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese letter
_INK = "#1a1a1a"
_GREY = "#6b6b6b"
_RULE = "#c8c8c8"
# Status colours for small text on white: the chart amber is too light to read there.
_TEXT_COLOURS = {**formats.STATUS_COLOURS, "at_risk": "#a35f00"}

_WORDS = {
    "vi": {
        "report": "Báo cáo tình hình thực hiện kế hoạch năm {year}",
        "as_of": "Số liệu đến {month}",
        "targeted": "Chỉ tiêu được giao kế hoạch năm: {n}",
        "tracked": "Theo dõi, không giao kế hoạch",
        "behind": "Chỉ tiêu chậm hoặc có nguy cơ chậm tiến độ",
        "none_behind": "Không có chỉ tiêu nào chậm hoặc có nguy cơ chậm tiến độ.",
        "behind_columns": (
            "Chỉ tiêu",
            "Tình trạng",
            "Đạt",
            "Cần thực hiện",
            "Bình quân đến nay",
            "Gấp (lần)",
        ),
        "per_month": "{value}/tháng",
        "at_most": "tối đa {value}",
        "level_up": "đạt {value} vào cuối năm",
        "level_down": "giảm xuống {value} vào cuối năm",
        "level_now": "hiện {value}",
        "continued": "(tiếp theo)",
        "charts": "Biểu đồ",
        "table": "Bảng tổng hợp chỉ tiêu",
        "table_columns": ("Chỉ tiêu", "Kế hoạch năm", "Thực hiện", "Đạt", "Tình trạng"),
        "page": "Trang {page}/{pages}",
    },
    "en": {
        "report": "Progress on the {year} plan",
        "as_of": "Figures as of {month}",
        "targeted": "Indicators with an annual target: {n}",
        "tracked": "Tracked without a target",
        "behind": "Indicators lagging or at risk",
        "none_behind": "No indicator is lagging or at risk.",
        "behind_columns": (
            "Indicator",
            "Status",
            "Attained",
            "Needed",
            "Average so far",
            "Ratio",
        ),
        "per_month": "{value}/month",
        "at_most": "at most {value}",
        "level_up": "reach {value} by December",
        "level_down": "down to {value} by December",
        "level_now": "now {value}",
        "continued": "(continued)",
        "charts": "Charts",
        "table": "Indicators at a glance",
        "table_columns": ("Indicator", "Annual plan", "Actual", "Attained", "Status"),
        "page": "Page {page} of {pages}",
    },
}


def build_report(ws: Workspace, result: Result, out_dir: Path | None = None, lang: str | None = None) -> Path:
    """Write the report bundle of `result` and return its folder.

    The folder (default `<workspace>/reports/<as_of>`) holds `summary.vi.md`,
    `summary.en.md`, `charts/*.png`, `dashboard.pdf`, `report.docx`,
    `status.csv` and `status.xlsx`. `lang` (default: the workspace's language)
    is the language of the charts, the PDF and the Word document; both
    summaries are always written. An existing folder is replaced whole, and
    only once the new one is complete.
    """
    lang = lang or ws.settings.language
    if lang not in formats.LANGUAGES:
        raise BadArgument(f"--lang: got {lang!r} (expected one of {', '.join(formats.LANGUAGES)})")
    dest = Path(out_dir) if out_dir is not None else Path(ws.path) / "reports" / result.as_of
    if dest.exists() and not dest.is_dir():
        raise BadArgument(f"--out: {dest} is a file (expected a folder, or a path not yet used)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    _clean_up_after_crashes(dest)
    # Beside the destination, so that the final move is a rename on one filesystem.
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    # Held while the folder is written: a later run knows a folder nobody holds is a dead run's.
    held = os.open(work, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        _open_up(work)
        _write_bundle(work, ws, result, lang)
        _move_into_place(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.close(held)
    return dest


def status_csv(status: pd.DataFrame) -> str:
    """The status table as `tracker status --format csv` writes it, formula-like text neutralised."""
    return output.to_csv(_defused(status))


def write_status_xlsx(status: pd.DataFrame, path: str | Path) -> None:
    """The status table as an Excel sheet: percentages, status colours, frozen header, widths."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = status[output.machine_frame(status).columns]
    columns = list(frame.columns)
    book = Workbook(write_only=True)  # streams rows: a commune-level table has 100 000s
    sheet = book.create_sheet("status")
    sheet.freeze_panes = "B2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _xlsx_width(frame[column], column)

    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    percent = {columns.index(c) for c in PERCENT_COLUMNS if c in columns}
    status_at = columns.index("status")
    fills = {
        status: PatternFill("solid", fgColor="FF" + colour.lstrip("#").upper())
        for status, colour in formats.STATUS_COLOURS.items()
    }
    # White reads on the green and the red; the amber and the grey need black.
    fonts = {
        status: Font(color="000000" if status in ("at_risk", "no_data") else "FFFFFF", bold=True)
        for status in fills
    }
    for values in frame.itertuples(index=False, name=None):
        row = []
        for k, value in enumerate(values):
            value = _xlsx_value(value)
            if k in percent and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "0.00%"
            elif k == status_at and value in fills:
                cell = WriteOnlyCell(sheet, value=value)
                cell.fill = fills[value]
                cell.font = fonts[value]
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                cell = WriteOnlyCell(sheet, value=value)
                keep_text(cell)
            elif isinstance(value, float):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0" if value.is_integer() else "#,##0.00"
            else:
                cell = value
            row.append(cell)
        sheet.append(row)
    book.save(path)


# --- the bundle ------------------------------------------------------------------------------------


@dataclass
class _Scope:
    """The rows the report tells: the root area's, and its direct children's."""

    root: pd.DataFrame
    targeted: pd.DataFrame  # root rows with a target
    children: pd.DataFrame  # rows of the root's direct children, any indicator


def _write_bundle(folder: Path, ws: Workspace, result: Result, lang: str) -> None:
    scope = _scope(ws, result)
    organisation = ws.settings.name
    summaries = {code: narrative.summary(scope.root, code, organisation) for code in formats.LANGUAGES}
    for code, text in summaries.items():
        (folder / f"summary.{code}.md").write_bytes(text.encode("utf-8"))
    overview, figures = _draw_charts(folder / "charts", scope, result, lang)
    _write_dashboard(folder / "dashboard.pdf", scope, overview, figures, summaries[lang], lang, ws)
    _write_docx(folder / "report.docx", scope, overview, figures, summaries[lang], lang)
    # With a BOM, as Excel needs to read the diacritics; tracker reads it back as well.
    (folder / "status.csv").write_bytes(status_csv(result.status).encode("utf-8-sig"))
    # A spreadsheet of every commune of a country is neither readable nor quick to write
    # (openpyxl: a few thousand rows a second): past XLSX_MAX_ROWS it holds the root and its
    # children, and status.csv keeps every row.
    status = result.status
    if len(status) > XLSX_MAX_ROWS:
        status = status[status.depth <= 1]
    write_status_xlsx(status, folder / "status.xlsx")
    dashboard.write_dashboard(folder / "dashboard.html", ws, result, lang)


def _scope(ws: Workspace, result: Result) -> _Scope:
    status = result.status
    top = status[status["depth"] == 0]
    if top.empty:
        raise TrackerError(f"nothing to report as of {result.as_of}: no indicator has a target or an actual")
    areas = list(dict.fromkeys(_area(a) for a in top["area"]))
    root_area = ws.root_area if ws.root_area in areas else areas[0]
    root = top[[_area(a) == root_area for a in top["area"]]]
    kids = set(ws.areas.loc[ws.areas["parent"] == root_area, "area"]) if root_area else set()
    children = status[status["area"].isin(kids)] if kids else status.iloc[0:0]
    targeted = root[root["target"].notna() & (root["status"] != "no_target")]
    return _Scope(root=root, targeted=targeted, children=children)


def _draw_charts(folder: Path, scope: _Scope, result: Result, lang: str) -> tuple[Path, list[Path]]:
    """The overview, then each targeted indicator's year chart and, with figures by area, its areas chart."""
    from tracker import model

    folder.mkdir()
    overview = folder / "overview.png"
    charts.render_overview(scope.targeted, overview, lang)
    figures: list[Path] = []
    if scope.targeted.empty:
        return overview, figures
    paths = model.paths(result, scope.targeted)
    for _, row in scope.targeted.iterrows():
        indicator = _safe_id(row["indicator"])
        # "overview" is a valid indicator id; its chart must not replace the overview. Nor may
        # "con" or "nul" name a file: Windows reserves them whatever the extension.
        clash = indicator == "overview" or _RESERVED.fullmatch(indicator)
        name = f"indicator-{indicator}" if clash else indicator
        file = folder / f"{name}.png"
        charts.render_cumulative(row, paths[paths["indicator"] == indicator], file, lang)
        figures.append(file)
        kids = scope.children[(scope.children["indicator"] == indicator) & scope.children["target"].notna()]
        if kids["attainment"].notna().any():
            file = folder / f"areas-{indicator}.png"
            charts.render_areas(kids, row, file, lang)
            figures.append(file)
    return overview, figures


def _move_into_place(new: Path, dest: Path) -> None:
    """Rename `new` to `dest`; an existing `dest` is set aside first and deleted last.

    On Linux the two folders swap names in one step (renameat2 RENAME_EXCHANGE), so
    that no instant, and no kill, leaves `dest` missing. Elsewhere `dest` is renamed
    aside to a hidden `.old` first; a run killed between the two renames leaves it
    there, and the next run puts it back (`_clean_up_after_crashes`).
    """
    if not dest.exists():
        os.rename(new, dest)
        return
    old = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.old")
    if _exchange(new, dest):
        os.rename(new, old)  # the previous report, now at the temporary name
    else:
        os.rename(dest, old)
        try:
            os.rename(new, dest)
        except BaseException:
            os.rename(old, dest)
            raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of two paths atomically (Linux); False where the system cannot."""
    if sys.platform != "linux":
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: a filesystem without exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _clean_up_after_crashes(dest: Path) -> None:
    """Remove what runs killed before finishing left beside `dest`; put back a report they set aside.

    A hidden `.<name>.*.tmp` folder is a run's work: it is removed once no process
    holds its lock (its run is dead). A `.<name>.*.old` folder is a previous report
    set aside: deleted when `dest` is in place, renamed back to `dest` when it is not.
    """
    for path in sorted(dest.parent.glob(f".{glob.escape(dest.name)}.*.old")):
        if not dest.exists():
            os.rename(path, dest)
        else:
            shutil.rmtree(path, ignore_errors=True)
    for path in dest.parent.glob(f".{glob.escape(dest.name)}.*.tmp"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a run still writing it
        else:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def _open_up(folder: Path) -> None:
    # mkdtemp makes a private folder (0700); a report is shared like any folder the user makes.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def _safe_id(indicator) -> str:
    if not isinstance(indicator, str) or not SAFE_ID.fullmatch(indicator):
        raise ValueError(f"indicator id {indicator!r} is not safe as a file name")
    return indicator


def _area(value):
    return None if formats.is_missing(value) else value


# --- status table ----------------------------------------------------------------------------------


def _defused(status: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that start like a formula begin with `'`."""
    import numpy as np
    import pandas as pd

    out = status.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype.kind in "biufcmM":
            continue
        codes, uniques = pd.factorize(values)  # each distinct text judged once (a country: 2 million cells)
        judged = np.array([isinstance(u, str) and u.startswith(FORMULA_START) for u in uniques] + [False])
        risky = judged[codes]  # a missing cell (code -1) takes the last slot
        if risky.any():
            out[column] = values.astype(object).where(~risky, "'" + values.astype(object))
    return out


def _xlsx_value(value):
    if formats.is_missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, str):
        return xml_text(value)
    return value


def keep_text(cell) -> None:
    """Keep an openpyxl cell whose text starts like a formula (`=1+1`) a text."""
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def xml_text(text: str) -> str:
    """`text` as XML can hold it (docx, xlsx): each control character becomes U+FFFD, visibly."""
    return _NOT_XML.sub("\ufffd", text)


def _xlsx_width(values: pd.Series, column: str) -> float:
    if column in PERCENT_COLUMNS:
        return 10
    sample = values.head(2000)
    longest = max([len(column), *(len(str(v)) for v in sample if not formats.is_missing(v))])
    return min(max(longest, 6) + 2, 50)


# --- dashboard.pdf ---------------------------------------------------------------------------------


@dataclass
class _Page:
    """What one PDF page shows, in inches from the page's top-left corner."""

    texts: list[tuple] = field(default_factory=list)  # x, y, text, size, bold, colour, ha
    images: list[tuple] = field(default_factory=list)  # x, y, width, height, path
    boxes: list[tuple] = field(default_factory=list)  # x, y, width, height, colour
    rules: list[tuple] = field(default_factory=list)  # x0, x1, y, colour


class _Layout:
    """Pages filled from the top; a block that does not fit starts a new page."""

    def __init__(self) -> None:
        self.pages: list[_Page] = []
        self.new_page()

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = _MARGIN

    def room(self) -> float:
        return _PAGE_H - _MARGIN - _FOOT - self.y

    def need(self, height: float) -> None:
        if height > self.room() and self.y > _MARGIN:
            self.new_page()

    def paragraph(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: str = _INK,
        indent: float = 0.0,
        bullet: str = "",
        before: float = 0.0,
        after: float = 0.06,
        keep: float = 0.0,
    ) -> None:
        """Wrapped text; `keep` is room wanted below it on the same page (a heading's body)."""
        lines = _wrap(text, _WIDTH - indent, size, bold)
        step = _line(size)
        self.need(before + step * len(lines) + keep if keep else before + step)
        if self.y > _MARGIN:
            self.y += before
        for k, line in enumerate(lines):
            self.need(step)
            if k == 0 and bullet:
                self.page.texts.append((_MARGIN + indent - 0.16, self.y, bullet, size, bold, colour))
            self.page.texts.append((_MARGIN + indent, self.y, line, size, bold, colour))
            self.y += step
        self.y += after

    def image(self, path: Path, max_height: float) -> None:
        """The PNG at the text's width, or smaller to keep within `max_height`."""
        aspect = _aspect(path)
        width = _WIDTH
        height = width * aspect
        if height > max_height:
            height, width = max_height, max_height / aspect
        self.need(height)
        self.page.images.append((_MARGIN + (_WIDTH - width) / 2, self.y, width, height, path))
        self.y += height


def _dashboard_pages(
    scope: _Scope, overview: Path, figures: list[Path], summary: str, lang: str, ws: Workspace
) -> list[_Page]:
    """Lay out the director's pack: cover page, narrative, then the charts two to a page."""
    words = _WORDS[lang]
    year = int(scope.root["year"].iloc[0])
    as_of = scope.root["as_of"].iloc[0]
    layout = _Layout()

    if ws.settings.name:
        layout.paragraph(ws.settings.name, size=18, bold=True, after=0.04)
    layout.paragraph(words["report"].format(year=year), size=13, after=0.02)
    layout.paragraph(
        words["as_of"].format(month=formats.month(as_of, lang)), size=11, colour=_GREY, after=0.1
    )
    layout.page.rules.append((_MARGIN, _PAGE_W - _MARGIN, layout.y, _INK))
    layout.y += 0.15

    _counts(layout, scope, words, lang)
    full_page = _PAGE_H - 2 * _MARGIN - _FOOT
    if _WIDTH * _aspect(overview) <= layout.room():
        layout.image(overview, max_height=full_page)
        layout.y += 0.15
        _behind_table(layout, scope, words, lang)
    else:
        # Many indicators: the overview gets a page of its own rather than shrink
        # to an unreadable size beside the counts.
        _behind_table(layout, scope, words, lang)
        layout.new_page()
        layout.image(overview, max_height=full_page)

    layout.new_page()
    _markdown(layout, summary)

    # Two charts to a page, shrunk a little if need be; a chart much taller than half a
    # page (many areas) gets a page of its own.
    half = (full_page - 0.25) / 2
    second = False
    for chart in figures:
        if _WIDTH * _aspect(chart) > 1.2 * half:
            layout.new_page()
            layout.image(chart, max_height=full_page)
            second = False
            continue
        if second:
            layout.y += 0.25
        else:
            layout.new_page()
        layout.image(chart, max_height=half)
        second = not second
    return layout.pages


def _counts(layout: _Layout, scope: _Scope, words: dict, lang: str) -> None:
    statuses = list(scope.targeted["status"])
    layout.paragraph(words["targeted"].format(n=len(statuses)), size=11, bold=True, after=0.08)
    ceilings = any(formats.is_ceiling(row) for _, row in scope.targeted.iterrows())
    shown = [
        s
        for s in formats.STATUS_ORDER
        if s in statuses or s not in ("no_data", "breached") or (s == "breached" and ceilings)
    ]
    tracked = int((scope.root["status"] == "no_target").sum())
    cells = [(str(statuses.count(s)), formats.status_label(s, lang), s) for s in shown]
    if tracked:
        cells.append((str(tracked), words["tracked"], "no_target"))
    gap = 0.08
    width = (_WIDTH - gap * (len(cells) - 1)) / len(cells)
    label_size = 8.5
    labels = [_wrap(label, width - 0.12, label_size, False) for _, label, _ in cells]
    height = 0.55 + _line(label_size) * max(len(lines) for lines in labels) + 0.08
    layout.need(height)
    top = layout.y
    for k, ((count, _, status), lines) in enumerate(zip(cells, labels, strict=True)):
        x = _MARGIN + k * (width + gap)
        zero = count == "0"
        colour = _GREY if zero or status == "no_target" else formats.STATUS_COLOURS[status]
        layout.page.boxes.append((x, top, width, height, "#f4f4f4"))
        layout.page.boxes.append((x, top, 0.05, height, colour))
        layout.page.texts.append((x + 0.14, top + 0.08, count, 20, True, colour))
        for n, line in enumerate(lines):
            y = top + 0.5 + n * _line(label_size)
            layout.page.texts.append((x + 0.14, y, line, label_size, False, _INK))
    layout.y = top + height + 0.2


def _behind_table(layout: _Layout, scope: _Scope, words: dict, lang: str) -> None:
    rows = scope.targeted[scope.targeted["status"].isin(formats.BEHIND_PACE)]
    layout.paragraph(words["behind"], size=11, bold=True, before=0.05, after=0.08)
    if rows.empty:
        layout.paragraph(words["none_behind"])
        return
    widths = (2.2, 1.15, 0.6, 1.4, 1.2, 0.52)
    right = (False, False, True, True, True, True)
    size = 8.5
    header = [_wrap(h, w - 0.1, size, True) for h, w in zip(words["behind_columns"], widths, strict=True)]
    body = []
    for _, row in rows.iterrows():
        cells = _behind_cells(row, words, lang)
        body.append(
            [_wrap(c, w - 0.1, size, k == 0) for k, (c, w) in enumerate(zip(cells, widths, strict=True))]
        )

    def draw(lines_per_cell, bold, status=None):
        height = _line(size) * max(len(lines) for lines in lines_per_cell) + 0.1
        layout.need(height)
        top, x = layout.y, _MARGIN
        for k, (lines, width) in enumerate(zip(lines_per_cell, widths, strict=True)):
            colour = _INK
            if status is not None and k == 1:
                colour = _TEXT_COLOURS.get(status, _INK)
            for n, line in enumerate(lines):
                where = (x + width - 0.05, "right") if right[k] else (x + 0.05, "left")
                layout.page.texts.append(
                    (where[0], top + 0.05 + n * _line(size), line, size, bold, colour, where[1])
                )
            x += width
        layout.page.rules.append((_MARGIN, _MARGIN + sum(widths), top + height, _RULE))
        layout.y = top + height

    draw(header, True)
    for lines, status in zip(body, rows["status"], strict=True):
        first_page = len(layout.pages)
        layout.need(_line(size) * max(len(c) for c in lines) + 0.1)
        if len(layout.pages) != first_page:  # the table goes on: repeat its header
            layout.paragraph(f"{words['behind']} {words['continued']}", size=9, colour=_GREY)
            draw(header, True)
        draw(lines, False, status)


def _behind_cells(row: pd.Series, words: dict, lang: str) -> list[str]:
    unit = row["unit"]
    if row["measure"] == "flow":
        needed = _per_month(row.get("required_per_month"), unit, words, lang)
        if formats.is_ceiling(row) and needed != formats.MISSING:
            needed = words["at_most"].format(value=needed)
        so_far = _per_month(row.get("run_rate"), unit, words, lang)
    else:
        template = words["level_down" if row["direction"] == "down" else "level_up"]
        needed = template.format(value=formats.quantity(row["target"], unit, lang))
        so_far = words["level_now"].format(value=formats.quantity(row["actual"], unit, lang))
    acceleration = row.get("acceleration")
    return [
        formats.indicator_name(row, lang),
        _status_label(row, lang),
        formats.percent(row["attainment"], lang),
        needed,
        so_far,
        formats.number(acceleration, lang),
    ]


def _per_month(value, unit: str, words: dict, lang: str) -> str:
    if formats.is_missing(value):
        return formats.MISSING
    return words["per_month"].format(value=formats.monthly(value, unit, lang))


def _markdown(layout: _Layout, text: str) -> None:
    for block in text.strip().split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("# "):
                layout.paragraph(_plain(line[2:]), size=14, bold=True, after=0.12, keep=0.5)
            elif line.startswith("## "):
                keep = 2 * _line(10)  # a heading stays with the first lines below it
                layout.paragraph(_plain(line[3:]), size=12, bold=True, before=0.12, after=0.06, keep=keep)
            elif line.startswith("- "):
                layout.paragraph(_plain(line[2:]), indent=0.3, bullet="•", after=0.04)
            elif line.strip():
                layout.paragraph(_plain(line), after=0.04)
        layout.y += 0.06


def _write_dashboard(
    path: Path,
    scope: _Scope,
    overview: Path,
    figures: list[Path],
    summary: str,
    lang: str,
    ws: Workspace,
) -> None:
    import matplotlib as mpl
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from PIL import Image

    pages = _dashboard_pages(scope, overview, figures, summary, lang, ws)
    words = _WORDS[lang]
    as_of = scope.root["as_of"].iloc[0]
    title = " – ".join(p for p in (ws.settings.name, formats.month(as_of, lang)) if p)
    footer = " · ".join(
        p for p in (ws.settings.name, words["as_of"].format(month=formats.month(as_of, lang))) if p
    )
    metadata = {"Title": title, "Creator": "tracker", "CreationDate": None}
    # TrueType fonts: the text can be searched and copied out of the PDF.
    with mpl.rc_context({"pdf.fonttype": 42}), PdfPages(path, metadata=metadata) as pdf:
        for number, page in enumerate(pages, start=1):
            fig = Figure(figsize=(_PAGE_W, _PAGE_H))
            inches = fig.dpi_scale_trans
            # Every text in inches from the page's corner, and a `$` in workspace text a dollar sign.
            text_style = {"transform": inches, "family": _FONT, "parse_math": False}
            fill = {"transform": inches, "edgecolor": "none"}
            for x, y, width, height, colour in page.boxes:
                fig.add_artist(Rectangle((x, _PAGE_H - y - height), width, height, facecolor=colour, **fill))
            for x0, x1, y, colour in page.rules:
                fig.add_artist(Rectangle((x0, _PAGE_H - y), x1 - x0, 0.008, facecolor=colour, **fill))
            for x, y, width, height, image in page.images:
                ax = fig.add_axes(
                    (x / _PAGE_W, 1 - (y + height) / _PAGE_H, width / _PAGE_W, height / _PAGE_H)
                )
                ax.set_axis_off()
                with Image.open(image) as img:
                    pixels = img.convert("RGB")
                # "none": the PNG's own pixels go into the PDF, not a resampled copy.
                ax.imshow(pixels, interpolation="none")
            for x, y, text, size, bold, colour, *align in page.texts:
                fig.text(
                    x,
                    _PAGE_H - y,
                    text,
                    fontsize=size,
                    fontweight="bold" if bold else "normal",
                    color=colour,
                    ha=align[0] if align else "left",
                    va="top",
                    **text_style,
                )
            foot = {"fontsize": 7.5, "color": _GREY, "va": "center", **text_style}
            fig.text(_MARGIN, _MARGIN / 2, footer, **foot)
            page_number = words["page"].format(page=number, pages=len(pages))
            fig.text(_PAGE_W - _MARGIN, _MARGIN / 2, page_number, ha="right", **foot)
            pdf.savefig(fig)


@functools.cache
def _measure():
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    engine = TextToPath()
    regular = FontProperties(family=_FONT, size=10)
    bold = FontProperties(family=_FONT, size=10, weight="bold")

    @functools.cache
    def width(word: str, heavy: bool) -> float:
        """Width in inches at 10 pt."""
        prop = bold if heavy else regular
        return engine.get_text_width_height_descent(word, prop, ismath=False)[0] / 72

    return width


def _text_width(text: str, size: float, bold: bool) -> float:
    width = _measure()
    words = text.split(" ")
    total = sum(width(w, bold) for w in words) + width(" ", bold) * (len(words) - 1)
    return total * size / 10


def _wrap(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy word wrap to `width` inches; a word longer than the line is left whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def _aspect(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as img:
        return img.height / img.width


def _line(size: float) -> float:
    return size * 1.38 / 72


# --- report.docx -----------------------------------------------------------------------------------


def _write_docx(
    path: Path, scope: _Scope, overview: Path, figures: list[Path], summary: str, lang: str
) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    words = _WORDS[lang]
    summary = xml_text(summary)  # workspace text (names, notes) may hold control characters
    doc = Document()
    section = doc.sections[0]
    # A4 with the margins of Vietnamese administrative documents (Decree 30/2020).
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    text_width = Cm(16)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        style.font.color.rgb = RGBColor(0, 0, 0)
        # The template's theme font (Calibri Light) would otherwise win over the name.
        fonts = style.element.rPr.rFonts
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
    doc.core_properties.title = _plain(summary.split("\n", 1)[0].removeprefix("# ").strip())
    doc.core_properties.author = "tracker"

    for block in summary.strip().split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("# "):
                doc.add_heading(_plain(line[2:]), level=1)
            elif line.startswith("## "):
                doc.add_heading(_plain(line[3:]), level=2)
            elif line.startswith("- "):
                doc.add_paragraph(_plain(line[2:]), style="List Bullet")
            elif line.strip():
                doc.add_paragraph(_plain(line))

    doc.add_heading(words["table"], level=2)
    heads = words["table_columns"]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = (False, True, True, True, False)
    for cell, head, right in zip(table.rows[0].cells, heads, numeric, strict=True):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(head)
        run.bold = True
        run.font.size = Pt(11)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for _, row in scope.root.iterrows():
        values = tuple(
            xml_text(value)
            for value in (
                formats.indicator_name(row, lang),
                formats.quantity(row["target"], row["unit"], lang),
                formats.quantity(row["actual"], row["unit"], lang),
                formats.percent(row["attainment"], lang),
                _status_label(row, lang),
            )
        )
        cells = table.add_row().cells
        for cell, value, right in zip(cells, values, numeric, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(10.5)
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        colour = _TEXT_COLOURS.get(row["status"])
        if colour:
            status_run = cells[-1].paragraphs[0].runs[0]
            status_run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            status_run.bold = row["status"] in ("lagging", "breached")
    # Word reads the cells' widths, LibreOffice the grid's: set both, and no autofit.
    table.autofit = False
    for column, width in zip(table.columns, (Cm(5.2), Cm(3.0), Cm(3.0), Cm(1.9), Cm(2.9)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width

    doc.add_heading(words["charts"], level=2)
    for chart in [overview, *figures]:
        doc.add_picture(str(chart), width=text_width)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(path)


# --- shared ----------------------------------------------------------------------------------------


# The escapes narrative.summary puts before workspace text's Markdown characters.
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>&|~$#+=.)-])")


def _plain(markdown: str) -> str:
    """A line of the summary as the text it shows: its backslash escapes removed (docx, PDF)."""
    return _ESCAPED.sub(r"\1", markdown)


def _status_label(row: pd.Series, lang: str) -> str:
    return formats.status_label(row["status"], lang, formats.is_ceiling(row))
