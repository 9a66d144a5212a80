"""The status table as spreadsheets open it (status.xlsx, status.csv), and cells kept as text.

`write_status_xlsx` writes the sheet (percentages, status colours, frozen header,
widths); `status_csv` the CSV of `tracker status --format csv` with formula-like
text neutralised. Workspace text reaches a spreadsheet as text, never as a
formula: `keep_text` marks such an openpyxl cell (text starting with
`FORMULA_START`), `xml_text` shows the control characters XML cannot hold.
`tracker/scaffold.py` uses the same helpers for the submission template. No
import of the report bundle, and openpyxl only inside the functions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats, output
from tracker.report.dated import DatedZip
from tracker.statuses import Status

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMULA_START", "PERCENT_COLUMNS", "keep_text", "status_csv", "write_status_xlsx", "xml_text"]

# Text a spreadsheet would run as a formula (OWASP adds tab and carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PERCENT_COLUMNS = ("attainment", "expected", "index", "p_meet", "yoy")
# Characters XML 1.0 cannot hold (C0 controls but tab and line ends; U+FFFE, U+FFFF): docx and xlsx
# refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# White reads on the green and the red; the amber and the grey need black.
_DARK_TEXT = (Status.AT_RISK, Status.NO_DATA)


def keep_text(cell) -> None:
    """Keep an openpyxl cell whose text starts like a formula (`=1+1`) a text."""
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def xml_text(text: str) -> str:
    """`text` as XML can hold it (docx, xlsx): each control character becomes U+FFFD, visibly."""
    return _NOT_XML.sub("\ufffd", text)


def status_csv(status: pd.DataFrame) -> str:
    """The status table as `tracker status --format csv` writes it, formula-like text neutralised."""
    return output.to_csv(_defused(status))


def write_status_xlsx(status: pd.DataFrame, path: str | Path, when: dt.datetime | None = None) -> None:
    """The status table as an Excel sheet: percentages, status colours, frozen header, widths.

    `when` (default: now, in UTC) dates the workbook and its zip entries: the same
    table and `when` give the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    frame = status[output.machine_frame(status).columns]
    columns = list(frame.columns)
    book = Workbook(write_only=True)  # streams rows: a commune-level table has 100 000s
    sheet = book.create_sheet("status")
    sheet.freeze_panes = "B2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _width(frame[column], column)

    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    cell_of = _cell_maker(sheet, columns)
    for values in frame.itertuples(index=False, name=None):
        sheet.append([cell_of(k, _value(value)) for k, value in enumerate(values)])
    when = when or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = when
    # What book.save does, but in a dated archive and without setting `modified` to now.
    archive = DatedZip(path, when)
    try:
        ExcelWriter(book, archive).save()
    finally:
        archive.close()


def _cell_maker(sheet, columns: list[str]):
    """A function (column number, value) -> what the write-only sheet appends: the value or a styled cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    percent = {columns.index(c) for c in PERCENT_COLUMNS if c in columns}
    status_at = columns.index("status")
    fills = {
        status: PatternFill("solid", fgColor="FF" + colour.lstrip("#").upper())
        for status, colour in formats.STATUS_COLOURS.items()
    }
    fonts = {
        status: Font(color="000000" if status in _DARK_TEXT else "FFFFFF", bold=True) for status in fills
    }

    def cell_of(k: int, value):
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
        return cell

    return cell_of


def _defused(status: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that start like a formula begin with `'`."""
    import numpy as np
    import pandas as pd

    from tracker.arrays import by_code

    out = status.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype.kind in "biufcmM":
            continue
        codes, uniques = pd.factorize(values)  # each distinct text judged once (a country: 2 million cells)
        judged = np.array([isinstance(u, str) and u.startswith(FORMULA_START) for u in uniques], bool)
        risky = by_code(judged, codes, False)
        if risky.any():
            out[column] = values.astype(object).where(~risky, "'" + values.astype(object))
    return out


def _value(value):
    """A status table value as openpyxl writes it: None for missing and infinite, text XML can hold."""
    if formats.is_missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, str):
        return xml_text(value)
    return value


def _width(values: pd.Series, column: str) -> float:
    if column in PERCENT_COLUMNS:
        return 10
    sample = values.head(2000)
    longest = max([len(column), *(len(str(v)) for v in sample if not formats.is_missing(v))])
    return min(max(longest, 6) + 2, 50)
