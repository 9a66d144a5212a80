"""dashboard.pdf: the director's pack, laid out page by page and drawn with matplotlib.

The cover holds the title, the count of indicators in each status, the overview
chart and the table of indicators lagging or at risk (what the rest of the year
requires of each); then the summary (its blocks from `tracker.report.markdown`);
then the indicators' charts, two to a page. Every page has the organisation,
the month and its number in the footer. The text is set in DejaVu Sans with
TrueType fonts, so it can be searched and copied; the bytes are the same for the
same input (no creation date).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import REPORT
from tracker.report.layout import (
    FONT,
    FULL_PAGE,
    GREY,
    INK,
    MARGIN,
    PAGE_H,
    PAGE_W,
    RULE,
    WIDTH,
    Layout,
    Page,
    image_aspect,
    line_height,
    wrap,
)
from tracker.report.markdown import Block, Kind, blocks
from tracker.report.scope import TEXT_COLOURS, Scope, status_label
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Status

if TYPE_CHECKING:
    import pandas as pd

    from tracker.workspace import Workspace

# The table of indicators behind pace: column widths (inches), which are right-aligned, text size.
_BEHIND_WIDTHS = (2.2, 1.15, 0.6, 1.4, 1.2, 0.52)
_BEHIND_RIGHT = (False, False, True, True, True, True)
_TABLE_SIZE = 8.5


def write_dashboard(
    path: Path,
    scope: Scope,
    charts: list[Path],
    summary: str,
    lang: str,
    ws: Workspace,
) -> None:
    """Write the PDF of `scope` and its `summary` (Markdown); `charts`: the overview, then the rest."""
    import matplotlib as mpl
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    overview, *figures = charts
    pages = _pages(scope, overview, figures, blocks(summary), lang, ws)
    words = REPORT[lang]
    month = formats.month(scope.root["as_of"].iloc[0], lang)
    title = " – ".join(p for p in (ws.settings.name, month) if p)
    footer = " · ".join(p for p in (ws.settings.name, words["as_of"].format(month=month)) if p)
    metadata = {"Title": title, "Creator": "tracker", "CreationDate": None}
    # TrueType fonts: the text can be searched and copied out of the PDF.
    with mpl.rc_context({"pdf.fonttype": 42}), PdfPages(path, metadata=metadata) as pdf:
        for number, page in enumerate(pages, start=1):
            fig = Figure(figsize=(PAGE_W, PAGE_H))
            _draw(fig, page)
            foot = {"fontsize": 7.5, "color": GREY, "va": "center", **_text_style(fig)}
            fig.text(MARGIN, MARGIN / 2, footer, **foot)
            page_number = words["page"].format(page=number, pages=len(pages))
            fig.text(PAGE_W - MARGIN, MARGIN / 2, page_number, ha="right", **foot)
            pdf.savefig(fig)


def _text_style(fig) -> dict:
    """Text placed in inches from the page's corner; a `$` in workspace text is a dollar sign."""
    return {"transform": fig.dpi_scale_trans, "family": FONT, "parse_math": False}


def _draw(fig, page: Page) -> None:
    """Draw a laid-out page on a page-sized figure: boxes, rules, images, then texts."""
    from matplotlib.patches import Rectangle
    from PIL import Image

    fill = {"transform": fig.dpi_scale_trans, "edgecolor": "none"}
    for x, y, width, height, colour in page.boxes:
        fig.add_artist(Rectangle((x, PAGE_H - y - height), width, height, facecolor=colour, **fill))
    for x0, x1, y, colour in page.rules:
        fig.add_artist(Rectangle((x0, PAGE_H - y), x1 - x0, 0.008, facecolor=colour, **fill))
    for x, y, width, height, image in page.images:
        ax = fig.add_axes((x / PAGE_W, 1 - (y + height) / PAGE_H, width / PAGE_W, height / PAGE_H))
        ax.set_axis_off()
        with Image.open(image) as img:
            pixels = img.convert("RGB")
        # "none": the PNG's own pixels go into the PDF, not a resampled copy.
        ax.imshow(pixels, interpolation="none")
    text_style = _text_style(fig)
    for x, y, text, size, bold, colour, *align in page.texts:
        fig.text(
            x,
            PAGE_H - y,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            ha=align[0] if align else "left",
            va="top",
            **text_style,
        )


def _pages(
    scope: Scope, overview: Path, figures: list[Path], summary: list[Block], lang: str, ws: Workspace
) -> list[Page]:
    """Lay out the director's pack: cover page, narrative, then the charts two to a page."""
    words = REPORT[lang]
    layout = Layout()
    _cover(layout, scope, overview, words, lang, ws)
    layout.new_page()
    _summary(layout, summary)
    # Two charts to a page, shrunk a little if need be; a chart much taller than half a
    # page (many areas) gets a page of its own.
    half = (FULL_PAGE - 0.25) / 2
    second = False
    for chart in figures:
        if WIDTH * image_aspect(chart) > 1.2 * half:
            layout.new_page()
            layout.image(chart, max_height=FULL_PAGE)
            second = False
            continue
        if second:
            layout.y += 0.25
        else:
            layout.new_page()
        layout.image(chart, max_height=half)
        second = not second
    return layout.pages


def _cover(layout: Layout, scope: Scope, overview: Path, words: dict, lang: str, ws: Workspace) -> None:
    """The title, the counts by status, the overview and the table of indicators behind pace."""
    year = int(scope.root["year"].iloc[0])
    as_of = scope.root["as_of"].iloc[0]
    if ws.settings.name:
        layout.paragraph(ws.settings.name, size=18, bold=True, after=0.04)
    layout.paragraph(words["report"].format(year=year), size=13, after=0.02)
    layout.paragraph(words["as_of"].format(month=formats.month(as_of, lang)), size=11, colour=GREY, after=0.1)
    layout.page.rules.append((MARGIN, PAGE_W - MARGIN, layout.y, INK))
    layout.y += 0.15

    _counts(layout, scope, words, lang)
    if WIDTH * image_aspect(overview) <= layout.room():
        layout.image(overview, max_height=FULL_PAGE)
        layout.y += 0.15
        _behind_table(layout, scope, words, lang)
    else:
        # Many indicators: the overview gets a page of its own rather than shrink
        # to an unreadable size beside the counts.
        _behind_table(layout, scope, words, lang)
        layout.new_page()
        layout.image(overview, max_height=FULL_PAGE)


def _counts(layout: Layout, scope: Scope, words: dict, lang: str) -> None:
    """A box per status with its count of targeted indicators, and one for those tracked without a target."""
    statuses = list(scope.targeted["status"])
    layout.paragraph(words["targeted"].format(n=len(statuses)), size=11, bold=True, after=0.08)
    ceilings = any(formats.is_ceiling(row) for _, row in scope.targeted.iterrows())
    shown = [
        s
        for s in REPORT_ORDER
        if s in statuses or s not in (Status.NO_DATA, Status.BREACHED) or (s == Status.BREACHED and ceilings)
    ]
    tracked = int((scope.root["status"] == Status.NO_TARGET).sum())
    cells = [(str(statuses.count(s)), formats.status_label(s, lang), s) for s in shown]
    if tracked:
        cells.append((str(tracked), words["tracked"], Status.NO_TARGET))
    gap = 0.08
    width = (WIDTH - gap * (len(cells) - 1)) / len(cells)
    label_size = 8.5
    labels = [wrap(label, width - 0.12, label_size, False) for _, label, _ in cells]
    height = 0.55 + line_height(label_size) * max(len(lines) for lines in labels) + 0.08
    layout.need(height)
    top = layout.y
    for k, ((count, _, status), lines) in enumerate(zip(cells, labels, strict=True)):
        x = MARGIN + k * (width + gap)
        zero = count == "0"
        colour = GREY if zero or status == Status.NO_TARGET else formats.STATUS_COLOURS[status]
        layout.page.boxes.append((x, top, width, height, "#f4f4f4"))
        layout.page.boxes.append((x, top, 0.05, height, colour))
        layout.page.texts.append((x + 0.14, top + 0.08, count, 20, True, colour))
        for n, line in enumerate(lines):
            y = top + 0.5 + n * line_height(label_size)
            layout.page.texts.append((x + 0.14, y, line, label_size, False, INK))
    layout.y = top + height + 0.2


def _behind_table(layout: Layout, scope: Scope, words: dict, lang: str) -> None:
    """The indicators lagging or at risk: attainment, what is needed, the average so far, the ratio.

    An indicator whose root row waits for its areas' reports is told by the reported
    areas that lag or breached, each named after the indicator.
    """
    import pandas as pd

    rows = scope.targeted[scope.targeted["status"].isin(BEHIND_PACE)]
    areas_behind = scope.waiting[scope.waiting["behind"]]
    rows = pd.concat([rows, areas_behind]) if len(areas_behind) else rows
    layout.paragraph(words["behind"], size=11, bold=True, before=0.05, after=0.08)
    if rows.empty:
        layout.paragraph(words["none_behind"])
        return
    header = [
        wrap(h, w - 0.1, _TABLE_SIZE, True)
        for h, w in zip(words["behind_columns"], _BEHIND_WIDTHS, strict=True)
    ]
    _table_row(layout, header, True)
    for _, row in rows.iterrows():
        cells = zip(_behind_cells(row, words, lang), _BEHIND_WIDTHS, strict=True)
        lines = [wrap(c, w - 0.1, _TABLE_SIZE, k == 0) for k, (c, w) in enumerate(cells)]
        first_page = len(layout.pages)
        layout.need(line_height(_TABLE_SIZE) * max(len(c) for c in lines) + 0.1)
        if len(layout.pages) != first_page:  # the table goes on: repeat its header
            layout.paragraph(f"{words['behind']} {words['continued']}", size=9, colour=GREY)
            _table_row(layout, header, True)
        _table_row(layout, lines, False, row["status"])


def _table_row(
    layout: Layout, lines_per_cell: list[list[str]], bold: bool, status: str | None = None
) -> None:
    """One row of the behind-pace table, its cells' wrapped lines, ruled below; the status cell coloured."""
    size = _TABLE_SIZE
    height = line_height(size) * max(len(lines) for lines in lines_per_cell) + 0.1
    layout.need(height)
    top, x = layout.y, MARGIN
    for k, (lines, width) in enumerate(zip(lines_per_cell, _BEHIND_WIDTHS, strict=True)):
        colour = _status_colour(status) if k == 1 else INK
        for n, line in enumerate(lines):
            where = (x + width - 0.05, "right") if _BEHIND_RIGHT[k] else (x + 0.05, "left")
            layout.page.texts.append(
                (where[0], top + 0.05 + n * line_height(size), line, size, bold, colour, where[1])
            )
        x += width
    layout.page.rules.append((MARGIN, MARGIN + sum(_BEHIND_WIDTHS), top + height, RULE))
    layout.y = top + height


def _status_colour(status: str | None) -> str:
    """The colour of a status in a table's text; ink for the header (no status)."""
    return INK if status is None else TEXT_COLOURS.get(status, INK)


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


def _summary(layout: Layout, summary: list[Block]) -> None:
    """The summary's blocks: the title, headings kept with the lines below them, bullets, paragraphs."""
    for block in summary:
        if block.kind is Kind.TITLE:
            layout.paragraph(block.text, size=14, bold=True, after=0.12, keep=0.5)
        elif block.kind is Kind.HEADING:
            keep = 2 * line_height(10)  # a heading stays with the first lines below it
            layout.paragraph(block.text, size=12, bold=True, before=0.12, after=0.06, keep=keep)
        elif block.kind is Kind.BULLET:
            layout.paragraph(block.text, indent=0.3, bullet="•", after=0.04)
        elif block.kind is Kind.PARAGRAPH:
            layout.paragraph(block.text, after=0.04)
        else:  # the end of a group
            layout.y += 0.06
