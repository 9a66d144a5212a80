"""CSV, xlsx and Parquet files -> raw frames with the line each row came from.

Readers do not judge values: a CSV's cells stay text, an xlsx's cells stay what
Excel stored, a Parquet's columns keep their types. `schemas` turns them into
typed tables and says what is wrong. What a reader does judge is the file
itself: its encoding, its delimiter, whether it opens at all.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.errors import Problem

READABLE = (".csv", ".xlsx", ".parquet")
RESAVE_CSV = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited) (*.csv)"'
_THREADED_BYTES = 32 * 2**20  # above this, read in parallel and give up exact lines of bad rows
_XLSX_MAX_UNPACKED = 512 * 2**20


@dataclass
class RawTable:
    """One file as read: its rows, the line each came from, and what made rows unreadable."""

    path: str
    frame: pd.DataFrame
    lines: np.ndarray  # spreadsheet line of each row (the header is line 1)
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path, shown: str, categorical: tuple[str, ...] = ()) -> RawTable:
    """Read one CSV / xlsx / Parquet file; `shown` is the name used in messages.

    Columns named in `categorical` are read as pandas categoricals: keys such as
    indicator and period repeat millions of times in a national workspace.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path, shown, categorical)
    elif suffix == ".xlsx":
        table = _read_xlsx(path, shown)
    else:
        table = _read_parquet(path, shown, categorical)
    if table.problems:
        return table
    table.frame.columns = [str(c).strip().lower() for c in table.frame.columns]
    if table.frame.columns.empty:
        table.problems.append(Problem(shown, 0, "", "the file is empty (expected a header row)"))
    duplicated = table.frame.columns[table.frame.columns.duplicated()].unique()
    table.problems += [
        Problem(shown, 1, c, "the column appears twice (expected each column once)") for c in duplicated
    ]
    return table


def _empty(shown: str, message: str) -> RawTable:
    return RawTable(shown, pd.DataFrame(), np.empty(0, np.int64), [Problem(shown, 0, "", message)])


def _encoding_problem(head: bytes) -> str | None:
    """Why the start of a file is not UTF-8, with how to re-save it; None when it is."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]:
        return f'the file is UTF-16 (Excel\'s "Unicode Text"), not UTF-8; {RESAVE_CSV}'
    try:
        head.decode("utf-8") if len(head) < 65536 else head[:65536].decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        if e.start >= 65536 - 4:  # a character cut by the 64 KiB window
            return None
        return (
            "the file is not UTF-8 (it looks like Windows-1258, TCVN3 or another legacy "
            f"encoding; byte {e.start + 1}); {RESAVE_CSV}"
        )
    return None


def _delimiter(header: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab, whichever it holds most of."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(path: Path, shown: str, categorical: tuple[str, ...]) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, "rb") as f:
        head = f.read(65536 + 4)
    if not head.removeprefix(b"\xef\xbb\xbf").strip():
        return _empty(shown, "the file is empty (expected a header row)")
    problem = _encoding_problem(head)
    if problem:
        return _empty(shown, problem)
    first_line = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    delimiter = _delimiter(first_line)
    names = [n.strip().strip('"') for n in first_line.rstrip("\r").split(delimiter)]
    skipped: list[int] = []
    bad_rows: list[Problem] = []

    def invalid_row(row) -> str:
        if row.text.strip():
            line = row.number or 0
            bad_rows.append(
                Problem(
                    shown,
                    line,
                    "",
                    f"{row.actual_columns} cells where the header has {row.expected_columns} "
                    f"(got {row.text[:60]!r}; expected cells separated by {delimiter!r})",
                )
            )
        skipped.append(row.number or 0)
        return "skip"

    threaded = path.stat().st_size > _THREADED_BYTES
    wanted = {n.lower() for n in categorical}
    types = {n: pa.dictionary(pa.int32(), pa.string()) if n.lower() in wanted else pa.string() for n in names}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=threaded, block_size=8 * 2**20),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=invalid_row, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as e:
        if "UTF8" in str(e):
            return _empty(shown, f"the file is not UTF-8 further down; {RESAVE_CSV}")
        return _empty(shown, f"cannot be read as CSV: {e}")
    frame = table.to_pandas()
    n = len(frame) + len(skipped)
    lines = np.setdiff1d(np.arange(2, n + 2), np.asarray(skipped, dtype=np.int64))[: len(frame)]
    blank = _blank_rows(frame)
    if blank.any():
        frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    return RawTable(shown, frame, lines, bad_rows)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (blank lines, an Excel sheet's empty rows)."""
    if frame.empty:
        return np.zeros(len(frame), bool)
    blank = np.ones(len(frame), bool)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype):
            text = values.astype(object)
            blank &= (text.isna() | (text.astype(str).str.strip() == "")).to_numpy()
        else:
            blank &= values.isna().to_numpy()
    return blank


def _read_xlsx(path: Path, shown: str) -> RawTable:
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return _empty(shown, "not a valid .xlsx file (it does not open as an Excel workbook)")
    if unpacked > _XLSX_MAX_UNPACKED:
        return _empty(
            shown,
            f"the workbook unpacks to {unpacked // 2**20} MiB (expected at most "
            f"{_XLSX_MAX_UNPACKED // 2**20} MiB); save large data as CSV or Parquet",
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        return _empty(shown, f"not a valid .xlsx file ({type(e).__name__}: {e})")
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True)) if workbook.worksheets else []
    finally:
        workbook.close()
    if not rows or all(v is None for v in rows[0]):
        return _empty(shown, "the first sheet is empty (expected a header row in row 1)")
    header = [("" if v is None else str(v)).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [list(r[: len(header)]) + [None] * (len(header) - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    lines = np.arange(2, len(frame) + 2)
    blank = _blank_rows(frame)
    return RawTable(shown, frame[~blank].reset_index(drop=True), lines[~blank])


def _read_parquet(path: Path, shown: str, categorical: tuple[str, ...]) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
        table = pq.read_table(path, read_dictionary=[n for n in names if n.lower() in categorical])
    except (pa.ArrowException, OSError) as e:
        return _empty(shown, f"not a valid Parquet file ({e})")
    # A Parquet file has no lines: its rows are numbered from 1 and shown as such.
    frame = table.to_pandas()
    return RawTable(shown, frame, np.arange(1, len(frame) + 1))
