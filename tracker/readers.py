"""CSV, xlsx and Parquet files -> raw frames with the line each row came from.

Readers do not judge values: a CSV's cells stay text, an xlsx's cells stay what
Excel stored, a Parquet's columns keep their types (bytes that are UTF-8 become
text). `schemas` turns them into typed tables and says what is wrong. What a
reader does judge is the file itself: its size, its encoding, its delimiter, the
length of its lines, a header that names a column twice, whether it opens at all.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tracker.arrays import by_code
from tracker.errors import Problem

if TYPE_CHECKING:
    from tracker.engines.partition import Partition

READABLE = (".csv", ".xlsx", ".parquet")
RESAVE_CSV = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited) (*.csv)"'
_THREADED_BYTES = 32 * 2**20  # above this, read in parallel and give up exact lines of bad rows
_CSV_MAX_BYTES = 400 * 2**20  # a national workspace's CSV of actuals is 339 MB; larger: Parquet
_CSV_BLOCK = 8 * 2**20  # pyarrow reads a CSV in blocks of this size: a longer line is refused
_XLSX_MAX_UNPACKED = 512 * 2**20


@dataclass
class RawTable:
    """One file as read: its rows, the line each came from, and what made rows unreadable."""

    path: str
    frame: pd.DataFrame
    lines: np.ndarray  # spreadsheet line of each row (the header is line 1)
    problems: list[Problem] = field(default_factory=list)
    names: list[str] | None = None  # every column of the file, when some were not read

    def of(self, part: Partition) -> RawTable:
        """The rows of `part`'s indicators (all of them where the file has no indicator column)."""
        if "indicator" not in self.frame.columns:
            return self
        keep = part.keeps(self.frame.indicator)
        return RawTable(
            self.path, self.frame[keep].reset_index(drop=True), self.lines[keep], self.problems, self.names
        )


def read_table(
    path: Path,
    shown: str,
    categorical: tuple[str, ...] = (),
    columns: tuple[str, ...] | None = None,
    part: Partition | None = None,
) -> RawTable:
    """Read one CSV / xlsx / Parquet file; `shown` is the name used in messages.

    Columns named in `categorical` are read as pandas categoricals: keys such as
    indicator and period repeat millions of times in a national workspace, and
    the text of a CSV column is judged once per distinct value. A Parquet file's
    columns that are not in `columns` (when given) are named in `names` but not read. With a `part`
    (tracker.engines), only the rows of its indicators are kept, numbered as in the whole file.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path, shown, categorical, part)
    elif suffix == ".xlsx":
        table = _read_xlsx(path, shown)
    else:
        from tracker.parquet import read_parquet

        table = read_parquet(path, shown, categorical, columns, part)
    if table.problems and table.frame.columns.empty and table.names is None:
        return table  # the file itself was refused
    table.frame.columns = [str(c).strip().lower() for c in table.frame.columns]
    names = pd.Index(table.names if table.names is not None else table.frame.columns)
    if names.empty:
        table.problems.append(Problem(shown, 0, "", "the file is empty (expected a header row)"))
    # columns without a name (Excel leaves them after the last one) are nameless, not repeated
    duplicated = names[names.duplicated() & (names != "")].unique()
    if len(duplicated):  # which of the two is meant cannot be known: the file gives no rows
        table.problems += [
            Problem(shown, 1, c, "the column appears twice (expected each column once)") for c in duplicated
        ]
        table.frame, table.lines, table.names = pd.DataFrame(), np.empty(0, np.int64), None
    elif suffix == ".xlsx" and part is not None:
        return table.of(part)
    return table


def kept_rows(table, lines: np.ndarray, part: Partition | None):
    """The rows of an Arrow table that `part` keeps (all without one, or without an indicator column),
    and their lines: chosen before the rows become pandas, which the others' rows never do."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = [str(n).strip().lower() for n in table.column_names]
    if part is None or "indicator" not in names:
        return table, lines
    column = table.column(names.index("indicator"))
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    keep = np.concatenate(
        [
            part.wanted(chunk.dictionary.to_pylist())[
                pc.fill_null(chunk.indices, len(chunk.dictionary)).to_numpy()
            ]
            for chunk in column.chunks
        ]
        or [np.zeros(0, bool)]
    )
    if keep.all():
        return table, lines
    return table.filter(pa.array(keep)), lines[keep]


def empty_table(shown: str, message: str) -> RawTable:
    """A file refused whole: no columns, no rows, one problem."""
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


def _read_csv(path: Path, shown: str, categorical: tuple[str, ...], part: Partition | None) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(65536 + 4)
    refused = _refused_csv(path, shown, size, head)
    if refused is not None:
        return refused
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

    threaded = size > _THREADED_BYTES
    wanted = {n.lower() for n in categorical}
    types = {n: pa.dictionary(pa.int32(), pa.string()) if n.lower() in wanted else pa.string() for n in names}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=threaded, block_size=_CSV_BLOCK),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, invalid_row_handler=invalid_row, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as e:
        if "UTF8" in str(e):
            return empty_table(shown, f"the file is not UTF-8 further down; {RESAVE_CSV}")
        if "straddl" in str(e):  # a line over two blocks: found above, unless the file could not be mapped
            return empty_table(shown, _too_long("a line", "got one that spans three of the reader's blocks"))
        return empty_table(shown, f"cannot be read as CSV: {e}")
    n = table.num_rows + len(skipped)
    if skipped:
        lines = np.setdiff1d(np.arange(2, n + 2), np.asarray(skipped, dtype=np.int64))[: table.num_rows]
    else:
        lines = numbered(2, n)
    table, lines = kept_rows(table, lines, part)
    frame = to_pandas(table)
    blank = _blank_rows(frame)
    if blank.any():
        frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    return RawTable(shown, frame, lines, bad_rows)


def _refused_csv(path: Path, shown: str, size: int, head: bytes) -> RawTable | None:
    """The problems of a CSV file refused before it is parsed (too large, empty, not UTF-8, long lines)."""
    if size > _CSV_MAX_BYTES:
        return empty_table(
            shown,
            f"the file is too large to read as CSV (got {_size(size)}; expected at most "
            f"{_size(_CSV_MAX_BYTES)}: split it into smaller files, e.g. one a year, or save it as Parquet)",
        )
    if not head.removeprefix(b"\xef\xbb\xbf").strip():
        return empty_table(shown, "the file is empty (expected a header row)")
    problem = _encoding_problem(head)
    if problem:
        return empty_table(shown, problem)
    long = _long_lines(path, _CSV_BLOCK)  # pyarrow reads some of them, depending on where they fall
    if long:
        problems = [Problem(shown, line, "", _too_long("the line", f"got {_size(n)}")) for line, n in long]
        return RawTable(shown, pd.DataFrame(), np.empty(0, np.int64), problems)
    return None


def _too_long(line: str, got: str) -> str:
    return (
        f"{line} is longer than {_size(_CSV_BLOCK)} ({got}; expected lines of at most "
        f"{_size(_CSV_BLOCK)}: shorten the long cell, or save the file as Parquet)"
    )


def _size(n: int) -> str:
    """A size in bytes as people read it: 2,628 bytes, 8 MiB, 47.7 MiB."""
    if n < 2**20:
        return f"{n:,} bytes"
    mib = n / 2**20
    return f"{mib:,.0f} MiB" if mib.is_integer() or mib >= 100 else f"{mib:,.1f} MiB"


def _long_lines(path: Path, limit: int) -> list[tuple[int, int]]:
    """Each line of the file longer than `limit` bytes, as (its number, its length).

    The file is mapped, not read. From the start of a line, a window of `limit` + 1
    bytes either holds a line break (every line that ends inside it is short enough,
    and the last break starts the next window) or starts a line too long. Only the
    last break of each window is looked for, from its end, so a file of short lines
    costs a few pages a window; lines are counted only when one is too long.
    """
    import mmap

    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            found, start, size = [], 0, len(m)
            while size - start > limit:
                end = start + limit + 1
                brk = m.rfind(b"\n", start, end)
                if brk < 0:  # old Mac files end their lines with \r alone, and pyarrow reads them so
                    brk = m.rfind(b"\r", start, end)
                if brk >= 0:
                    start = brk + 1
                    continue
                newline = m.find(b"\n", end)
                newline = size if newline < 0 else newline
                cr = m.find(b"\r", end, newline)
                stop = newline if cr < 0 else cr
                found.append((start, stop - start))
                start = stop + 1
            numbers = _line_numbers(m, [at for at, _ in found])
            return [(number, length) for number, (_, length) in zip(numbers, found, strict=True)]
    except (OSError, ValueError):  # a file that cannot be mapped: pyarrow will say what it can
        return []


def _line_numbers(m, starts: list[int]) -> list[int]:
    """The number of each line that starts at a byte of `starts` (ascending); \n, \r\n and \r end lines."""
    numbers, breaks, done, previous = [], 0, 0, b""
    for at in starts:
        for start in range(done, at, _CSV_BLOCK):
            chunk = m[start : min(start + _CSV_BLOCK, at)]
            breaks += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if previous == b"\r" and chunk.startswith(b"\n"):  # a \r\n cut between two chunks
                breaks -= 1
            previous = chunk[-1:]
        done = max(done, at)
        numbers.append(breaks + 1)
    return numbers


def to_pandas(table) -> pd.DataFrame:
    """An Arrow table as a DataFrame; dictionary columns become categoricals, cheaply."""
    import pyarrow as pa

    columns = {}
    for k, column in enumerate(table.columns):
        if pa.types.is_dictionary(column.type):
            columns[k] = pd.Series(to_categorical(column), copy=False)
        else:
            columns[k] = column.to_pandas()
    frame = pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows), copy=False)
    frame.columns = table.column_names  # duplicated names survive (and are reported)
    return frame


def to_categorical(column) -> pd.Categorical:
    """A chunked Arrow dictionary (or string) column as a pandas Categorical.

    Each chunk has its own dictionary; they are merged once and the chunks'
    indices remapped with numpy, which is several times faster than Arrow's own
    conversion of a column of many chunks.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    value_type = column.type.value_type
    dictionaries = [c.dictionary for c in chunks] or [pa.array([], value_type)]
    merged = pc.dictionary_encode(pa.concat_arrays(dictionaries))
    mapping = merged.indices.to_numpy(zero_copy_only=False)
    categories = pd.Index(merged.dictionary.to_pylist(), dtype=str)
    codes = np.empty(len(column), code_type(len(categories)))
    position = offset = 0
    for chunk in chunks:
        size, known = len(chunk), len(chunk.dictionary)
        if chunk.null_count:  # nulls point one past the chunk's dictionary, at -1
            indices = pc.fill_null(chunk.indices, known).to_numpy()
            lookup = np.append(mapping[offset : offset + known], -1)
        else:
            indices = chunk.indices.to_numpy()
            lookup = mapping[offset : offset + known]
        np.take(lookup, indices, out=codes[position : position + size])
        position += size
        offset += known
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def numbered(first: int, n: int) -> np.ndarray:
    """Line numbers first, first + 1, ... of n rows, in 32 bits while they fit."""
    return np.arange(first, first + n, dtype=np.int64 if first + n > 2**31 - 1 else np.int32)


def code_type(categories: int) -> type:
    """The smallest integer type for the codes of so many categories (and -1), as pandas picks it."""
    return np.int8 if categories < 127 else np.int16 if categories < 32767 else np.int32


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (blank lines, an Excel sheet's empty rows)."""
    if frame.empty:
        return np.zeros(len(frame), bool)
    blank = np.ones(len(frame), bool)
    for k in range(frame.shape[1]):
        if not blank.any():  # as a rule, after the first column
            break
        values = frame.iloc[:, k]
        if isinstance(values.dtype, pd.CategoricalDtype):  # judged once per distinct text
            cats = pd.Series(values.cat.categories.astype(object))
            empty = (cats.isna() | (cats.astype(str).str.strip() == "")).to_numpy(bool)
            blank &= by_code(empty, values.cat.codes.to_numpy(), True)
        elif values.dtype == object or isinstance(values.dtype, pd.StringDtype):
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
        return empty_table(shown, "not a valid Excel file (it does not open as an .xlsx workbook)")
    if unpacked > _XLSX_MAX_UNPACKED:
        return empty_table(
            shown,
            f"the workbook unpacks to {unpacked // 2**20} MiB (expected at most "
            f"{_XLSX_MAX_UNPACKED // 2**20} MiB); save large data as CSV or Parquet",
        )
    from openpyxl import load_workbook

    # A sheet's XML is parsed while its rows are read: damage found there is the workbook's too.
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = list(workbook.worksheets[0].iter_rows(values_only=True)) if workbook.worksheets else []
        finally:
            workbook.close()
    except Exception as e:  # openpyxl, expat and defusedxml raise many types for a damaged workbook
        return empty_table(shown, f"not a valid Excel file ({_why_not_xlsx(e)})")
    if not rows or all(v is None for v in rows[0]):
        return empty_table(shown, "the first sheet is empty (expected a header row in row 1)")
    header = [("" if v is None else str(v)).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [list(r[: len(header)]) + [None] * (len(header) - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    lines = np.arange(2, len(frame) + 2)
    blank = _blank_rows(frame)
    return RawTable(shown, frame[~blank].reset_index(drop=True), lines[~blank])


def _why_not_xlsx(error: Exception) -> str:
    """What is wrong with a workbook that openpyxl could not read, in one line without file paths.

    openpyxl wraps what went wrong (in a message that names the file where it was
    opened, a temporary copy for `ingest`): the first cause in the chain says it.
    """
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import ExpatError

    from defusedxml import DefusedXmlException

    chain = [error]
    while (chain[-1].__cause__ or chain[-1].__context__) is not None and len(chain) < 20:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    if any(isinstance(e, DefusedXmlException) for e in chain):  # as a "billion laughs" bomb declares them
        return "it declares XML entities, which Excel never writes: save it again from Excel"
    damaged = next((e for e in chain if isinstance(e, ParseError | ExpatError)), None)
    if damaged is not None:
        return f"its XML is damaged: {damaged}"
    cause = chain[-1]
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    return f"{type(cause).__name__}: {text}" if text else type(cause).__name__
