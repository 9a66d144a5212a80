"""The status table as CSV, JSON or a terminal table."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from tracker import formats
from tracker.history import HISTORY_COLUMNS
from tracker.league import LEAGUE_COLUMNS
from tracker.messages import TABLE
from tracker.model import STATUS_COLUMNS

_FLAGS = ("stale", "estimate", "rolled_up")
_TABLE_DECIMALS = 2  # at most, trailing zeros dropped: 4,7; 30,87%


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
    writer), spread back over the rows and joined into lines by Arrow. None for
    frames with columns of other kinds, which the caller writes with pandas.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(frame.columns)
    if len(names) < 2 or not all(isinstance(n, str) for n in names):
        return None  # one column: the csv writer quotes a lone empty cell
    cells = []
    for k in range(len(names)):
        column = _column_cells(frame.iloc[:, k])
        if column is None:
            return None
        texts, codes = column
        texts = texts if isinstance(texts, pa.Array) else pa.array(texts, pa.string())
        if k == len(names) - 1:  # the last cell of a line ends it
            texts = pc.binary_join_element_wise(texts, pa.scalar("\n"), "")
        cells.append(texts.take(pa.array(codes)))
    header = ",".join(_quoted(names)) + "\n"
    if not len(frame):
        return header
    lines = pc.binary_join_element_wise(*cells, ",")  # one buffer holding every line, in order
    return header + lines.buffers()[2].to_pybytes()[: _text_bytes(lines)].decode("utf-8")


def _text_bytes(lines) -> int:
    """Bytes of text in an Arrow string array that starts at offset 0 (where its last line ends)."""
    import pyarrow as pa

    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32 if lines.type == pa.string() else np.int64)
    return int(offsets[lines.offset + len(lines)])


def _column_cells(values: pd.Series) -> tuple[list[str], np.ndarray] | None:
    """(distinct cells as pandas' to_csv writes them, each row's code); None for other kinds of column."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        numbers = values.to_numpy()
        # by bit pattern, so that -0.0 keeps its sign; every NaN is an empty cell
        codes, uniques = pd.factorize(numbers.view(np.int64))
        return _float_texts(uniques.view(np.float64), codes)
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        codes, uniques = pd.factorize(values.to_numpy())
        return [str(x) for x in uniques.tolist()], codes
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(values.array))
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        texts = [x if x is not None else "" for x in encoded.dictionary.to_pylist()]
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        if encoded.indices.null_count:  # missing: an empty cell
            texts.append("")
            codes = pc.fill_null(encoded.indices, len(texts) - 1).to_numpy()
        return _quoted(texts), codes
    if isinstance(dtype, pd.StringDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "O"):
        objects = values.to_numpy(dtype=object)
        missing = pd.isna(objects)
        codes, uniques = pd.factorize(np.where(missing, "", objects))
        if not all(type(x) is str for x in uniques):
            return None
        return _quoted(list(uniques)), codes
    return None


def _float_texts(floats: np.ndarray, codes: np.ndarray):
    """(texts, codes) of distinct floats as `%.15g` writes them ("" for NaN).

    Whole numbers below 10**15 read the same as integers, which Arrow writes in
    bulk; the others are formatted one by one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    with np.errstate(invalid="ignore"):
        whole = (np.floor(floats) == floats) & (np.abs(floats) < 1e15) & ~((floats == 0) & np.signbit(floats))
    if not whole.any():
        return [_FLOAT % x if x == x else "" for x in floats.tolist()], codes
    rest = floats[~whole]
    texts = pa.concat_arrays(
        [
            pc.cast(pa.array(floats[whole].astype(np.int64)), pa.string()),
            pa.array([_FLOAT % x if x == x else "" for x in rest.tolist()], pa.string()),
        ]
    )
    order = np.empty(len(floats), np.int64)  # each distinct float's place among the texts
    order[whole] = np.arange(int(whole.sum()))
    order[~whole] = np.arange(int(whole.sum()), len(floats))
    return texts, order[codes]


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

    words = TABLE[lang]
    heads = words["heads"]
    # league tables (`status --by-area`) show each area's rank among its siblings after the area
    ranked = "rank" in status.columns
    if ranked:
        heads = (*heads[:2], words["rank"], *heads[2:])
    rows = [heads]
    statuses = []
    for r in status.itertuples(index=False):
        rank = ((formats.MISSING if pd.isna(r.rank) else f"{r.rank}/{r.siblings}"),) if ranked else ()
        rows.append(
            (
                _cut(formats.indicator_name(r, lang), 42),
                r.area or "",
                *rank,
                formats.number(r.actual, lang, _TABLE_DECIMALS),
                formats.number(r.target, lang, _TABLE_DECIMALS),
                formats.percent(r.attainment, lang, _TABLE_DECIMALS),
                formats.percent(r.expected, lang, _TABLE_DECIMALS),
                formats.number(r.projected, lang, _decimals(r.actual, r.target)),
                formats.status_word(r.status, lang) + (" *" if r.stale else ""),
            )
        )
        statuses.append(r.status)
    widths = [max(len(row[c]) for row in rows) for c in range(len(heads))]
    right = set(range(2, 7 + ranked))
    lines = []
    for k, row in enumerate(rows):
        cells = [row[c].rjust(widths[c]) if c in right else row[c].ljust(widths[c]) for c in range(len(row))]
        if k and colour and statuses[k - 1] in formats.TERMINAL_COLOURS:
            cells[-1] = click.style(cells[-1], fg=formats.TERMINAL_COLOURS[statuses[k - 1]])
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    if status.stale.eq(True).any():
        lines.append(words["stale"])
    return "\n".join(lines) + "\n"


def _decimals(*figures, most: int = _TABLE_DECIMALS) -> int:
    """The decimals the figures show in the table (4,7 and 4: one), for a projection of them.

    A projection of whole counts stays whole (18.000, not 18.000,47); a rate read
    to a tenth is projected to a tenth (3,8, not 4).
    """
    shown = (formats.number(x, "en", most) for x in figures if not formats.is_missing(x))
    return max((len(text.partition(".")[2]) for text in shown), default=0)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
