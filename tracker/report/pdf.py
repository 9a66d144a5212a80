"""dashboard.pdf: the director's pack, set with reportlab's platypus.

The cover holds the title, the count of indicators in each status, the overview
chart and the table of indicators lagging or at risk (what the rest of the year
requires of each); then the summary (its blocks from `tracker.report.markdown`);
then the indicators' charts, two to a page. Every page has the organisation,
the month and its number in the footer.

This module says what goes on the pages and in what style; platypus wraps the
lines, flows paragraphs and tables from page to page, and repeats a table's
header where it runs on. The text is set in DejaVu Sans (it ships with
matplotlib and has every Vietnamese letter), embedded as TrueType, so it can be
searched and copied. The bytes are the same for the same input: reportlab's
invariant mode, and the document dated from its as-of month
(`tracker.report.dated`), never from the clock. reportlab is imported inside
the functions that use it.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from tracker import formats
from tracker.messages import REPORT
from tracker.report import dated
from tracker.report.markdown import Block, Kind, blocks
from tracker.report.scope import TEXT_COLOURS, Scope, row_cells, status_label
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Status

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd
    from reportlab.platypus import Flowable

    from tracker.workspace import Workspace

# Lengths in points (reportlab's unit). A4 portrait.
_INCH = 72
PAGE_W, PAGE_H = 210 * _INCH / 25.4, 297 * _INCH / 25.4
MARGIN = 0.6 * _INCH
FOOT = 0.45 * _INCH  # room kept at the bottom for the footer
WIDTH = PAGE_W - 2 * MARGIN
HEIGHT = PAGE_H - 2 * MARGIN - FOOT  # the frame each page's content flows into
CHART_GAP = 0.25 * _INCH  # between two charts on a page
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK, GREY, RULE, BOX = "#1a1a1a", "#6b6b6b", "#c8c8c8", "#f4f4f4"

# The table of indicators behind pace: its column widths, which are right-aligned. Each wide
# enough for a line of "Attained", "Bình quân đến nay", "104.863 người/tháng"; the name's takes
# what the others leave ("Workers sent abroad on contract").
_BEHIND_OTHERS = tuple(w * _INCH for w in (1.15, 0.68, 1.36, 1.35, 0.46))
_BEHIND_WIDTHS = (WIDTH - sum(_BEHIND_OTHERS), *_BEHIND_OTHERS)
_BEHIND_RIGHT = (False, False, True, True, True, True)
# The table of a span of years: the name, then the target, actual, attained and status.
_SPAN_OTHERS = tuple(w * _INCH for w in (1.45, 1.45, 0.8, 1.3))
_SPAN_WIDTHS = (WIDTH - sum(_SPAN_OTHERS), *_SPAN_OTHERS)
_SPAN_RIGHT = (False, True, True, True, False)


def write_dashboard(
    path: Path,
    scope: Scope,
    charts: list[Path],
    summary: str,
    lang: str,
    ws: Workspace,
    spans: list[tuple[str, pd.DataFrame]] = (),
) -> None:
    """Write the PDF of `scope` and its `summary` (Markdown); `charts`: the overview, then the rest;
    `spans`: each span of years holding the month and its rows, a table each after the summary."""
    _register_fonts()
    words = REPORT[lang]
    as_of = scope.root["as_of"].iloc[0]
    month = formats.month(as_of, lang)
    footer = " · ".join(p for p in (ws.settings.name, words["as_of"].format(month=month)) if p)
    document = {
        "title": " – ".join(p for p in (ws.settings.name, month) if p),
        "creator": "tracker",
        "lang": lang,
    }
    overview, *figures = charts

    def story() -> list[Flowable]:
        cover = _cover(scope, overview, words, lang, ws)
        tables = [f for span, rows in spans for f in _span_table(span, rows, scope, words, lang)]
        return [*cover, _page_break(), *_summary(blocks(summary)), *tables, *_charts(figures)]

    # The footer says "page 2 of 5", a count known once the pages are laid out: lay them
    # out once to count them, then again to write them (platypus uses up its flowables).
    furniture = functools.partial(_furniture, footer, words["page"], dated.moment(as_of))
    pages = _build(io.BytesIO(), _blank_pictures(story()), document, functools.partial(furniture, 0))
    _build(path, story(), document, functools.partial(furniture, pages))


def _blank_pictures(story: list[Flowable]) -> list[Flowable]:
    """`story` with each picture a blank of its size: the same pages, and no pixel read or packed."""
    from reportlab.platypus import Image, Spacer

    return [Spacer(f.drawWidth, f.drawHeight) if isinstance(f, Image) else f for f in story]


def _build(target: Path | io.BytesIO, story: list[Flowable], document: dict, on_page) -> int:
    """Lay `story` out on A4 pages into `target`, `on_page` drawing each page's footer; the page count."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    frame = Frame(
        MARGIN, MARGIN + FOOT, WIDTH, HEIGHT, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    doc = BaseDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=(PAGE_W, PAGE_H),
        pageTemplates=[PageTemplate("page", [frame], onPage=on_page)],
        invariant=1,  # no clock, no random document id: the same input, the same bytes
        initialFontName=FONT,  # else every page names Helvetica, a font the PDF does not embed
        **document,
    )
    # reportlab writes binary streams through ASCII85 by default, in pure Python: half the
    # time of a national pack (76 charts) and a quarter more bytes, for a file that is
    # binary anyway. Off for this build only: the setting is reportlab's, process-wide.
    from reportlab import rl_config

    ascii85, rl_config.useA85 = rl_config.useA85, 0
    try:
        doc.build(story)
    finally:
        rl_config.useA85 = ascii85
    return doc.page


def _furniture(footer: str, page_words: str, when: dt.datetime, pages: int, canvas, doc) -> None:
    """The footer (the organisation and month left, the page number right); the document's date."""
    from reportlab.lib.colors import HexColor

    # invariant mode dates every PDF 2000-01-01; the report's other files carry the as-of month.
    canvas.setDateFormatter(lambda *clock: when.strftime("D:%Y%m%d%H%M%S+00'00'"))
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(HexColor(GREY))
    baseline = MARGIN / 2 - 2.7  # the line's middle half a margin above the page's edge
    canvas.drawString(MARGIN, baseline, footer)
    canvas.drawRightString(PAGE_W - MARGIN, baseline, page_words.format(page=doc.page, pages=pages))
    canvas.restoreState()


@functools.cache
def _register_fonts() -> None:
    """DejaVu Sans, regular and bold, from matplotlib's own copy: every Vietnamese letter, embedded."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))


@functools.cache
def _styles() -> dict:
    """The paragraph styles by name, and the summary's by its blocks' kind."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.8, textColor=HexColor(INK))

    def style(name: str, size: float, bold: bool = False, **more) -> ParagraphStyle:
        font = BOLD if bold else FONT
        return ParagraphStyle(name, body, fontName=font, fontSize=size, leading=size * 1.3, **more)

    cell = style("cell", 8.5)
    return {
        "organisation": style("organisation", 18, True, spaceAfter=3),
        "report": style("report", 13, spaceAfter=2),
        "month": style("month", 11, textColor=HexColor(GREY), spaceAfter=7),
        "section": style("section", 11, True, spaceBefore=4, spaceAfter=6, keepWithNext=1),
        "continued": style("continued", 9, textColor=HexColor(GREY), spaceAfter=4),
        "count": style("count", 20, True),
        "label": style("label", 8.5, spaceBefore=5),
        "cell": cell,
        "cell_right": ParagraphStyle("cell_right", cell, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", cell, fontName=BOLD),
        "head_right": ParagraphStyle("head_right", cell, fontName=BOLD, alignment=TA_RIGHT),
        "body": ParagraphStyle("paragraph", body, spaceAfter=3),
        Kind.TITLE: style(Kind.TITLE, 14, True, spaceAfter=9, keepWithNext=1),
        # A heading stays on the page of the lines below it.
        Kind.HEADING: style(Kind.HEADING, 12, True, spaceBefore=9, spaceAfter=4, keepWithNext=1),
        Kind.PARAGRAPH: ParagraphStyle(Kind.PARAGRAPH, body, spaceAfter=3),
        Kind.BULLET: ParagraphStyle(
            Kind.BULLET, body, leftIndent=21.6, bulletIndent=10, bulletFontName=FONT, spaceAfter=3
        ),
    }


def _text(text: str, style: str | Kind, colour: str | None = None, bullet: str | None = None) -> Flowable:
    """A paragraph of workspace text, taken as written: `<` and `&` are not markup."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph

    chosen = _styles()[style]
    if colour is not None:
        chosen = chosen.clone(f"{chosen.name}-{colour}", textColor=HexColor(colour))
    return Paragraph(escape(text), chosen, bulletText=bullet)


def _page_break() -> Flowable:
    from reportlab.platypus import PageBreak

    return PageBreak()


def _image(path: Path, max_height: float) -> Flowable:
    """The PNG at the text's width, or narrower to keep within `max_height`; centred."""
    from reportlab.platypus import Image

    aspect = _aspect(path)
    width, height = WIDTH, WIDTH * aspect
    if height > max_height:
        width, height = max_height / aspect, max_height
    return Image(str(path), width, height)


def _aspect(path: Path) -> float:
    """An image's height over its width."""
    from reportlab.lib.utils import ImageReader

    pixels_wide, pixels_high = ImageReader(str(path)).getSize()
    return pixels_high / pixels_wide


def _height(flowables: list[Flowable]) -> float:
    """The height `flowables` take stacked from the top of a page (no space before the first)."""
    total = 0.0
    for k, flowable in enumerate(flowables):
        total += flowable.wrap(WIDTH, HEIGHT)[1] + flowable.getSpaceAfter()
        total += flowable.getSpaceBefore() if k else 0
    return total


def _cover(scope: Scope, overview: Path, words: dict, lang: str, ws: Workspace) -> list[Flowable]:
    """The title, the counts by status, the overview and the table of indicators behind pace."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable, Spacer

    year = int(scope.root["year"].iloc[0])
    as_of = scope.root["as_of"].iloc[0]
    head = [_text(ws.settings.name, "organisation")] if ws.settings.name else []
    head += [
        _text(words["report"].format(year=year), "report"),
        _text(words["as_of"].format(month=formats.month(as_of, lang)), "month"),
        HRFlowable(width="100%", thickness=0.6, color=HexColor(INK), spaceBefore=0, spaceAfter=11),
        _text(words["targeted"].format(n=len(scope.targeted)), "section"),
        _counts(scope, words, lang),
        Spacer(0, 14),
    ]
    chart = _image(overview, HEIGHT)
    behind = _behind_table(scope, words, lang)
    if chart.drawHeight <= HEIGHT - _height(head):
        return [*head, chart, Spacer(0, 11), *behind]
    # Many indicators: the overview gets a page of its own rather than shrink to an
    # unreadable size beside the counts.
    return [*head, *behind, _page_break(), chart]


def _counts(scope: Scope, words: dict, lang: str) -> Flowable:
    """A box per status with its count of targeted indicators, and one for those tracked without a target.

    A row of a table: each box a grey cell behind a narrow cell in the status's colour, the
    boxes parted by empty cells.
    """
    from reportlab.lib.colors import HexColor

    statuses = list(scope.targeted["status"])
    ceilings = any(formats.is_ceiling(row) for _, row in scope.targeted.iterrows())
    shown = [
        s
        for s in REPORT_ORDER
        if s in statuses or s not in (Status.NO_DATA, Status.BREACHED) or (s == Status.BREACHED and ceilings)
    ]
    tracked = int((scope.root["status"] == Status.NO_TARGET).sum())
    cells = [(statuses.count(s), formats.status_label(s, lang), s) for s in shown]
    if tracked:
        cells.append((tracked, words["tracked"], Status.NO_TARGET))
    gap, bar = 0.08 * _INCH, 0.05 * _INCH
    width = (WIDTH - gap * (len(cells) - 1)) / len(cells)
    row, widths = [], []
    style = [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]
    style.append(("LEFTPADDING", (0, 0), (-1, -1), 0))
    for count, label, status in cells:
        if row:
            row.append("")
            widths.append(gap)
        colour = GREY if count == 0 or status == Status.NO_TARGET else formats.STATUS_COLOURS[status]
        column = len(row)
        row += ["", [_text(str(count), "count", colour), _text(label, "label")]]
        widths += [bar, width - bar]
        style += [
            ("BACKGROUND", (column, 0), (column, 0), HexColor(colour)),
            ("BACKGROUND", (column + 1, 0), (column + 1, 0), HexColor(BOX)),
            ("LEFTPADDING", (column + 1, 0), (column + 1, 0), 0.09 * _INCH),
            ("RIGHTPADDING", (column + 1, 0), (column + 1, 0), 4),
        ]
    return _table([row], widths, style)


def _behind_table(scope: Scope, words: dict, lang: str) -> list[Flowable]:
    """The indicators lagging or at risk: attainment, what is needed, the average so far, the ratio.

    An indicator whose root row waits for its areas' reports is told by the reported
    areas that lag or breached, each named after the indicator. A table that runs onto
    the next page goes on under its heading, continued, and its header row.
    """
    import pandas as pd
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import PTOContainer

    rows = scope.targeted[scope.targeted["status"].isin(BEHIND_PACE)]
    areas_behind = scope.waiting[scope.waiting["behind"]]
    rows = pd.concat([rows, areas_behind]) if len(areas_behind) else rows
    heading = _text(words["behind"], "section")
    if rows.empty:
        return [heading, _text(words["none_behind"], "body")]
    header = [
        _text(h, "head_right" if right else "head")
        for h, right in zip(words["behind_columns"], _BEHIND_RIGHT, strict=True)
    ]
    body = []
    for _, row in rows.iterrows():
        colour = TEXT_COLOURS.get(row["status"], INK)
        cells = zip(_behind_cells(row, words, lang), _BEHIND_RIGHT, strict=True)
        body.append(
            [
                _text(text, "cell_right" if right else "cell", colour if k == 1 else None)
                for k, (text, right) in enumerate(cells)
            ]
        )
    style = [
        ("LEFTPADDING", (0, 0), (-1, -1), 3.6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.6),
        ("TOPPADDING", (0, 0), (-1, -1), 3.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(RULE)),
    ]
    # splitInRow: a row taller than a page (a very long name) is cut rather than refused.
    table = _table([header, *body], _BEHIND_WIDTHS, style, repeatRows=1, splitInRow=1)
    continued = _text(f"{words['behind']} {words['continued']}", "continued")
    return [heading, PTOContainer([table], header=[continued])]


def _span_table(span: str, rows: pd.DataFrame, scope: Scope, words: dict, lang: str) -> list[Flowable]:
    """A span's rows under its heading: the target for the period, the actual, attained, the status."""
    from reportlab.lib.colors import HexColor

    header = [
        _text(h, "head_right" if right else "head")
        for h, right in zip(words["span_columns"], _SPAN_RIGHT, strict=True)
    ]
    body = []
    for _, row in rows.iterrows():
        cells = row_cells(row, scope, lang, words)
        colour = TEXT_COLOURS.get(row["status"], INK)
        body.append(
            [
                _text(text, "cell_right" if right else "cell", colour if k == 4 else None)
                for k, (text, right) in enumerate(zip(cells, _SPAN_RIGHT, strict=True))
            ]
        )
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(RULE)),
    ]
    table = _table([header, *body], _SPAN_WIDTHS, style, repeatRows=1, splitInRow=1)
    return [_text(formats.span_title(span, lang), "section"), table]


def _table(rows: list[list], widths: list[float], style: list[tuple], **options) -> Flowable:
    """A table at the left margin, its cells' contents at their top."""
    from reportlab.platypus import Table, TableStyle

    # A table sets its cells' font even where they hold paragraphs: DejaVu Sans, so that
    # the PDF names no font it does not embed (the default, Helvetica).
    base = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    return Table(rows, colWidths=widths, style=TableStyle(base + style), hAlign="LEFT", **options)


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
    name = formats.indicator_name(row, lang)
    if row["depth"] > 0:  # an area reported under an indicator that waits for the others
        name = f"{name} – {row['area_name'] or row['area']}"
    return [
        name,
        status_label(row, lang),
        formats.percent(row["attainment"], lang),
        needed,
        so_far,
        formats.number(acceleration, lang),
    ]


def _per_month(value, unit: str, words: dict, lang: str) -> str:
    if formats.is_missing(value):
        return formats.MISSING
    return words["per_month"].format(value=formats.monthly(value, unit, lang))


def _summary(summary: list[Block]) -> list[Flowable]:
    """The summary's blocks: the title, headings kept with the lines below them, bullets, paragraphs."""
    story = []
    gap = 0.0
    for block in summary:
        if block.kind is Kind.GAP:
            # The end of a group: room above the next block, which platypus drops at the
            # top of a page (a spacer there would push the text down, or fill a page alone).
            gap += 4.3
            continue
        paragraph = _text(block.text, block.kind, bullet="•" if block.kind is Kind.BULLET else None)
        paragraph.spaceBefore = paragraph.style.spaceBefore + gap
        story.append(paragraph)
        gap = 0.0
    return story


def _charts(figures: list[Path]) -> list[Flowable]:
    """The charts two to a page, shrunk a little if need be; one much taller than half a page
    (many areas) gets a page of its own."""
    from reportlab.platypus import Spacer

    half = (HEIGHT - CHART_GAP) / 2
    story: list[Flowable] = []
    second = False
    for chart in figures:
        if WIDTH * _aspect(chart) > 1.2 * half:
            story += [_page_break(), _image(chart, HEIGHT)]
            second = False
            continue
        story += [Spacer(0, CHART_GAP)] if second else [_page_break()]
        story.append(_image(chart, half))
        second = not second
    return story
