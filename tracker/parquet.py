"""Parquet files read as raw tables (tracker.readers): typed columns, text that must be UTF-8, row
groups a partition of indicators skips by their statistics (tracker.engines)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tracker.errors import Problem
from tracker.readers import RawTable, empty_table, kept_rows, numbered, to_pandas

if TYPE_CHECKING:
    from tracker.engines.partition import Partition


def read_parquet(
    path: Path,
    shown: str,
    categorical: tuple[str, ...],
    columns: tuple[str, ...] | None,
    part: Partition | None = None,
) -> RawTable:
    """A Parquet file's columns (`columns`, when given; `categorical` ones dictionary-read), its rows
    numbered from 1; `part`: see `tracker.readers.read_table` (row groups it cannot hold are not read)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        names = schema.names
        shown_names = [str(n).strip().lower() for n in names]
        if len(set(shown_names)) < len(shown_names):  # `read_table` names them; pyarrow cannot pick one
            return RawTable(shown, pd.DataFrame(), np.empty(0, np.int64), names=shown_names)
        wanted = [n for n in names if columns is None or n.strip().lower() in columns]
        binary = {f.name for f in schema if _is_binary(f.type)}  # made text below, then categorical
        dictionary = [n for n in wanted if n.lower() in categorical and n not in binary]
        if part is None:
            chosen = wanted if columns is not None else None
            table = pq.read_table(path, columns=chosen, read_dictionary=dictionary)
            first_rows = None
        else:
            table, first_rows = _read_blocks(path, wanted, dictionary, shown_names, part.may_hold)
    except (pa.ArrowException, OSError) as e:
        return empty_table(shown, f"not a valid Parquet file ({e})")
    # A Parquet file has no lines: its rows are numbered from 1 and shown as such.
    lines = numbered(1, table.num_rows) if first_rows is None else first_rows
    table, problems = _binary_as_text(table, shown, categorical, lines)
    if problems:
        return RawTable(shown, pd.DataFrame(), np.empty(0, np.int64), problems)
    if columns is None:
        return RawTable(shown, table.to_pandas(), lines)
    table, lines = kept_rows(table, lines, part)
    return RawTable(shown, to_pandas(table), lines, names=shown_names)


def _read_blocks(path: Path, wanted: list[str], dictionary: list[str], names: list[str], blocks):
    """The row groups of a Parquet file that `blocks` may want (by their indicator statistics), and
    the number of each row read in the whole file."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path, read_dictionary=dictionary)
    meta = file.metadata
    at = names.index("indicator") if "indicator" in names else None
    chosen, numbers, start = [], [], 1
    for k in range(meta.num_row_groups):
        rows = meta.row_group(k).num_rows
        stats = meta.row_group(k).column(at).statistics if at is not None else None
        if stats is None or not stats.has_min_max or blocks(str(stats.min), str(stats.max)):
            chosen.append(k)
            numbers.append(np.arange(start, start + rows, dtype=np.int64))
        start += rows
    if not chosen:  # nothing of the partition's: the file's columns, no rows
        return file.schema_arrow.empty_table().select(wanted), np.empty(0, np.int64)
    return file.read_row_groups(chosen, columns=wanted), np.concatenate(numbers)


def _is_binary(kind) -> bool:
    """Whether an Arrow type holds bytes (a Parquet BYTE_ARRAY without the mark that says it is text)."""
    import pyarrow as pa

    is_view = getattr(pa.types, "is_binary_view", None)  # pyarrow >= 16
    return (
        pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
        or pa.types.is_fixed_size_binary(kind)
        or (is_view is not None and is_view(kind))
    )


def _binary_as_text(table, shown: str, categorical: tuple[str, ...], lines: np.ndarray):
    """(the table with its columns of bytes as text, a problem for each column whose bytes are not UTF-8).

    Some writers store text as bytes without saying it is text; bytes that are UTF-8
    are read as the text they are. A column that is not is named at its first row
    that is not, by its number in the whole file (`lines`: row groups may have been skipped).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    problems = []
    for k, kind in enumerate(table.schema.types):
        if not _is_binary(kind):
            continue
        name, column = table.column_names[k], table.column(k)
        if not (pa.types.is_binary(kind) or pa.types.is_large_binary(kind)):
            column = column.cast(pa.large_binary())  # fixed-size and view bytes: plain bytes first
        text_type = pa.string() if pa.types.is_binary(kind) else pa.large_string()
        try:
            text = column.cast(text_type)
        except pa.ArrowInvalid:
            row = _first_not_utf8(column, text_type)
            got = column[row].as_py()
            problems.append(
                Problem(
                    shown,
                    int(lines[row]),
                    name.strip().lower(),
                    f"bytes, not text (got {got[:24]!r}{'...' * (len(got) > 24)}, the column's first value "
                    "that is not UTF-8; expected UTF-8 text: write the column as strings)",
                )
            )
            continue
        if name.lower() in categorical:
            text = pc.dictionary_encode(text)
        table = table.set_column(k, name, text)
    return table, problems


def _first_not_utf8(column, text_type) -> int:
    """The position of the first value of a column of bytes (some not UTF-8) that is not UTF-8.

    Halves are cast to text until one value is left: about twice the column's length cast, in all.
    """
    import pyarrow as pa

    low, high = 0, len(column)  # a value that is not UTF-8 lies in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        try:
            column.slice(low, middle - low).cast(text_type)
        except pa.ArrowInvalid:
            high = middle
        else:
            low = middle
    return low
