"""report.docx: the summary, the status table of the root area and the charts, as a Word document.

A4 with the margins of Vietnamese administrative documents (Decree 30/2020),
Times New Roman; the summary's blocks (from `tracker.report.markdown`) become
headings, bullets and paragraphs; the table has a row per indicator of the root
area, its header repeated on every page; the charts follow at the text's width.
Workspace text reaches the document as text, its control characters shown as
U+FFFD. python-docx is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import REPORT
from tracker.report.dated import DatedZip
from tracker.report.markdown import Kind, blocks, title
from tracker.report.scope import TEXT_COLOURS, Scope, row_cells, with_other_plans
from tracker.report.xlsx import xml_text
from tracker.statuses import FAILING

if TYPE_CHECKING:
    import pandas as pd

_TEXT_WIDTH_CM = 16
_COLUMN_WIDTHS_CM = (5.2, 3.0, 3.0, 1.9, 2.9)
_NUMERIC = (False, True, True, True, False)  # the table's columns set right


def write_docx(
    path: Path,
    scope: Scope,
    charts: list[Path],
    summary: str,
    lang: str,
    when: dt.datetime,
    spans: list[tuple[str, pd.DataFrame]] = (),
) -> None:
    """Write the Word document of `scope` and its `summary` (Markdown), dated `when`.

    `charts` are the overview, then each indicator's charts; `spans`: each span of years
    holding the month and its rows, a table each. The same input gives the same bytes.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    words = REPORT[lang]
    summary_blocks = blocks(xml_text(summary))  # workspace text (names, notes) may hold control characters
    doc = Document()
    _set_up(doc)
    doc.core_properties.title = title(summary_blocks)
    doc.core_properties.author = "tracker"
    doc.core_properties.created = doc.core_properties.modified = when
    for block in summary_blocks:
        if block.kind is Kind.TITLE:
            doc.add_heading(block.text, level=1)
        elif block.kind is Kind.HEADING:
            doc.add_heading(block.text, level=2)
        elif block.kind is Kind.BULLET:
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind is Kind.PARAGRAPH:
            doc.add_paragraph(block.text)

    doc.add_heading(words["table"], level=2)
    _status_table(doc, with_other_plans(scope), words["table_columns"], scope, words, lang)
    for span, rows in spans:
        doc.add_heading(formats.span_title(span, lang), level=2)
        _status_table(doc, rows, words["span_columns"], scope, words, lang)
    doc.add_heading(words["charts"], level=2)
    for chart in charts:
        doc.add_picture(str(chart), width=Cm(_TEXT_WIDTH_CM))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    written = io.BytesIO()
    doc.save(written)
    with zipfile.ZipFile(written) as archive, DatedZip(path, when) as dated:
        dated.copy(archive)


def _set_up(doc) -> None:
    """A4, the administrative margins, Times New Roman in the body and the headings."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
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


def _status_table(doc, rows: pd.DataFrame, heads: tuple, scope: Scope, words: dict, lang: str) -> None:
    """A row per indicator (and other plan): name, annual plan, actual, attainment, status in colour."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head, right in zip(table.rows[0].cells, heads, _NUMERIC, strict=True):
        _fill(cell, head, right, Pt(11), bold=True)
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for _, row in rows.iterrows():
        cells = table.add_row().cells
        for cell, value, right in zip(cells, _row_values(row, scope, lang, words), _NUMERIC, strict=True):
            _fill(cell, value, right, Pt(10.5))
        colour = TEXT_COLOURS.get(row["status"])
        if colour:
            status_run = cells[-1].paragraphs[0].runs[0]
            status_run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            status_run.bold = row["status"] in FAILING
    # Word reads the cells' widths, LibreOffice the grid's: set both, and no autofit.
    table.autofit = False
    for column, width in zip(table.columns, _COLUMN_WIDTHS_CM, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _fill(cell, text: str, right: bool, size, bold: bool = False) -> None:
    """Write `text` in a table cell at `size`; `right`: aligned right, as numbers are."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    run.font.size = size
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _row_values(row: pd.Series, scope: Scope, lang: str, words: dict) -> tuple[str, ...]:
    """A status row's cells in the table: name (and plan), annual plan, actual, attainment, status."""
    return tuple(xml_text(value) for value in row_cells(row, scope, lang, words))
