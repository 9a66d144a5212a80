"""The status table as CSV, JSON or a terminal table."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

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
    """The SPEC's keys, then those of history, league and span tables that the frame carries."""
    return STATUS_COLUMNS + [c for c in HISTORY_COLUMNS + LEAGUE_COLUMNS + ["span"] if c in status.columns]


def machine_frame(status: pd.DataFrame) -> pd.DataFrame:
    """The status table with the SPEC's machine conventions: true/false flags, None for undefined."""
    out = status[columns(status)].copy()
    for column in _FLAGS:
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out


def to_csv(status: pd.DataFrame) -> str:
    """CSV with plain numbers (`.` decimal, no grouping, shortest), true/false, months as YYYY-MM."""
    frame = machine_frame(status)
    text = _fast_lines(frame, _CSV)
    if text is None:  # a column of a kind the fast writer does not know
        text = frame.to_csv(index=False, float_format=_shortest_csv, lineterminator="\n")
    return text


def to_json(status: pd.DataFrame) -> str:
    """A JSON list of objects with the SPEC's keys; null where a value is not defined.

    Laid out as Python's json module writes it with `indent=1` and no space after
    the colon; numbers as its repr writes them (99.74, 20000.0).
    """
    frame = status[columns(status)]
    text = _fast_lines(frame, _JSON)
    if text is None:  # a column of a kind the fast writer does not know
        text = _plain_json(frame)
    return text


def body(status: pd.DataFrame, fmt: str) -> str:
    """The rows' text of `to_csv` or `to_json` without the header or the brackets: bodies of several
    parts of one table, joined in order by `joined`, are the table's text."""
    if fmt == "csv":
        return to_csv(status).partition("\n")[2]
    text = to_json(status)
    return "" if text == "[]\n" else text[2:-3] + ",\n"


def bodies(status: pd.DataFrame, fmt: str, by: str) -> tuple[bytes, dict[str, tuple[int, int]]]:
    """The `body` of `status` in UTF-8, and where in it the rows of each value of column `by` are
    (start and end byte): the parts of one table. The rows of a value must be next to each other."""
    values = status[by].to_numpy(object)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.zeros(0, int)
    ends = np.r_[starts[1:], len(values)]
    dialect = _CSV if fmt == "csv" else _JSON
    lines = _line_array(machine_frame(status) if fmt == "csv" else status[columns(status)], dialect)
    if lines is None:  # a column the fast writer does not know: the slow writers, a part at a time
        texts = [body(status.iloc[a:b], fmt).encode("utf-8") for a, b in zip(starts, ends, strict=True)]
        at = np.cumsum([0, *map(len, texts)])
        return b"".join(texts), {values[a]: (at[k], at[k + 1]) for k, a in enumerate(starts)}
    at = _offsets(lines)
    at = at - at[0]
    return _utf8(lines), {values[a]: (int(at[a]), int(at[b])) for a, b in zip(starts, ends, strict=True)}


def joined(header: bytes, bodies: Iterable[bytes], fmt: str) -> Iterator[bytes]:
    """The UTF-8 text of a table, in pieces to write one after the other, from its `header` (CSV's
    first line) and its parts' `body`s (encoded), in order."""
    if fmt == "csv":
        yield header
        yield from bodies
        return
    last = None  # the last body ends the list: held back to lose its comma
    for text in bodies:
        if text:
            yield b"[\n" if last is None else last
            last = text
    if last is None:
        yield b"[]\n"
    else:
        yield last[:-2] + b"\n]\n"


def _shortest_csv(x) -> str:
    """A float in the shortest form that reads back as it (Python's repr), whole numbers without ".0"."""
    return repr(float(x)).removesuffix(".0")


def _plain_json(frame: pd.DataFrame) -> str:
    import json

    records = [
        {key: None if _undefined(value) else value for key, value in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=1, separators=(",", ":")) + "\n"


def _undefined(value) -> bool:
    """Missing, or a number JSON has no word for (inf)."""
    return formats.is_missing(value) or (isinstance(value, float) and value in _INFINITE)


_INFINITE = (float("inf"), float("-inf"))
_CSV_DIALECT = {
    "delimiter": ",",
    "quotechar": '"',
    "doublequote": True,
    "escapechar": None,
    "quoting": csv.QUOTE_MINIMAL,
    "lineterminator": "\n",
}


@dataclass(frozen=True)
class _Dialect:
    """How a machine output writes a cell: CSV as pandas' to_csv does, JSON as Python's json module."""

    missing: str  # a missing value
    whole: str  # after a whole float written as an integer: 20000 in CSV, 20000.0 in JSON
    finite_only: bool  # inf and nan are missing (JSON has no word for them)
    texts: Callable[[list[str]], list[str]]  # text as a cell (quoted)
    scalar: Callable[[object], str | None]  # a cell of an object column; None: not a kind it writes


def _quoted(texts: list[str]) -> list[str]:
    """Each text as a cell of the csv writer that pandas uses (quoted where it needs quotes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **_CSV_DIALECT)
    out = []
    for text in texts:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow((text, ""))  # a second cell: a lone empty cell would be written as ""
        out.append(buffer.getvalue()[:-2])
    return out


def _json_texts(texts: list[str]) -> list[str]:
    import json

    return [json.dumps(text, ensure_ascii=False) for text in texts]


def _csv_scalar(x) -> str | None:
    if isinstance(x, str):
        return _quoted([x])[0]
    return str(x) if isinstance(x, bool | int | np.bool_ | np.integer) else None


def _json_scalar(x) -> str | None:
    if isinstance(x, str):
        return _json_texts([x])[0]
    if isinstance(x, bool | np.bool_):
        return "true" if x else "false"
    return str(x) if isinstance(x, int | np.integer) else None


_CSV = _Dialect(missing="", whole="", finite_only=False, texts=_quoted, scalar=_csv_scalar)
_JSON = _Dialect(missing="null", whole=".0", finite_only=True, texts=_json_texts, scalar=_json_scalar)


def _fast_lines(frame: pd.DataFrame, dialect: _Dialect) -> str | None:
    """The CSV or JSON text of `frame`, fast: each column's distinct values formatted once.

    pandas and the json module format every cell in Python; here each column's
    distinct values are formatted once, spread back over the rows and joined into
    lines by Arrow. None for frames with columns of other kinds, which the caller
    writes the slow way (pandas' to_csv, the json module), with the same text.
    """
    lines = _line_array(frame, dialect)
    if lines is None:
        return None
    as_json = dialect is _JSON
    if not len(frame):
        return "[]\n" if as_json else ",".join(_quoted(list(frame.columns))) + "\n"
    text = _utf8(lines).decode("utf-8")
    return f"[\n{text[:-2]}\n]\n" if as_json else ",".join(_quoted(list(frame.columns))) + "\n" + text


def _line_array(frame: pd.DataFrame, dialect: _Dialect):
    """The text of each row of `frame` (an Arrow array, each ending its line or object; None for the
    frames `_fast_lines` leaves to the slow writers)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = list(frame.columns)
    if len(names) < 2 or not all(isinstance(n, str) for n in names):
        return None  # one column: the csv writer quotes a lone empty cell
    as_json = dialect is _JSON
    cells = []
    for k, name in enumerate(names):
        column = _column_cells(frame.iloc[:, k], dialect)
        if column is None:
            return None
        texts, codes = column
        texts = texts if isinstance(texts, pa.Array) else pa.array(texts, pa.string())
        if as_json:  # one key and value a line, each object opened and closed on a line of its own
            opening = (" {\n" if k == 0 else "") + f"  {_json_texts([name])[0]}:"
            closing = "\n }" if k == len(names) - 1 else ""
            texts = pc.binary_join_element_wise(pa.scalar(opening), texts, pa.scalar(closing), "")
        if k == len(names) - 1:  # the last cell of a line (of an object) ends it
            texts = pc.binary_join_element_wise(texts, pa.scalar(",\n" if as_json else "\n"), "")
        cells.append(texts.take(pa.array(codes)))
    return pc.binary_join_element_wise(*cells, ",\n" if as_json else ",")  # one buffer, every line in order


def _utf8(lines) -> bytes:
    """The text of an Arrow string array's lines, one after the other."""
    offsets = _offsets(lines)
    return lines.buffers()[2].to_pybytes()[offsets[0] : offsets[-1]] if len(lines) else b""


def _offsets(lines) -> np.ndarray:
    """Where each line of an Arrow string array starts in its text buffer, and where the last ends."""
    import pyarrow as pa

    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32 if lines.type == pa.string() else np.int64)
    return offsets[lines.offset : lines.offset + len(lines) + 1]


def _column_cells(values: pd.Series, dialect: _Dialect) -> tuple[list[str], np.ndarray] | None:
    """(distinct cells as `dialect` writes them, each row's code); None for other kinds of column."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype == np.float64:
        numbers = values.to_numpy()
        # by bit pattern, so that -0.0 keeps its sign; every NaN is an empty cell
        codes, uniques = pd.factorize(numbers.view(np.int64))
        return _float_texts(uniques.view(np.float64), codes, dialect)
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        codes, uniques = pd.factorize(values.to_numpy())
        return [dialect.scalar(x) for x in uniques.tolist()], codes
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(values.array))
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        texts = dialect.texts([x if x is not None else "" for x in encoded.dictionary.to_pylist()])
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        if encoded.indices.null_count:  # missing
            texts.append(dialect.missing)
            codes = pc.fill_null(encoded.indices, len(texts) - 1).to_numpy()
        return texts, codes
    objects = isinstance(dtype, np.dtype) and dtype.kind == "O"
    if objects or isinstance(dtype, pd.StringDtype | pd.Int64Dtype):
        objects = values.to_numpy(dtype=object)
        codes, uniques = pd.factorize(np.where(pd.isna(objects), None, objects))  # missing: code -1
        texts = [dialect.scalar(x) for x in uniques]
        if None in texts:
            return None
        return [*texts, dialect.missing], np.where(codes < 0, len(texts), codes)
    return None


def _float_texts(floats: np.ndarray, codes: np.ndarray, dialect: _Dialect):
    """(texts, codes) of distinct floats in the shortest form that reads back as the same float.

    As Python's repr writes them (the SPEC's `99.74`, not `99.739999999999995`),
    with whole numbers below 10**15 written as integers (`20000`) in CSV. Arrow
    writes those integers in bulk, and the other floats too, in the same shortest
    digits (its cast is shortest round-trip, as repr is); only the floats it would
    write in another notation (below 1e-4 or from 1e10: `0.00001` for repr's
    `1e-05`), nan and inf are written one by one.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    size = np.abs(floats)
    with np.errstate(invalid="ignore"):
        whole = (np.floor(floats) == floats) & (size < 1e15) & ~((floats == 0) & np.signbit(floats))
        plain = ~whole & (size >= 1e-4) & (size < 1e10)
    rest = ~whole & ~plain
    whole_texts = pc.cast(pa.array(floats[whole].astype(np.int64)), pa.string())
    if dialect.whole:
        whole_texts = pc.binary_join_element_wise(whole_texts, pa.scalar(dialect.whole), "")
    texts = pa.concat_arrays(
        [
            whole_texts,
            pc.cast(pa.array(floats[plain]), pa.string()),
            pa.array([_one_float(x, dialect) for x in floats[rest].tolist()], pa.string()),
        ]
    )
    order = np.empty(len(floats), np.int64)  # each distinct float's place among the texts
    start = 0
    for group in (whole, plain, rest):
        count = int(group.sum())
        order[group] = np.arange(start, start + count)
        start += count
    return texts, order[codes]


def _one_float(x: float, dialect: _Dialect) -> str:
    if x != x or (dialect.finite_only and x in _INFINITE):
        return dialect.missing
    return repr(x) if dialect.whole else _shortest_csv(x)


def to_table(status: pd.DataFrame, lang: str, colour: bool) -> str:
    """A table for a terminal: one line per indicator and area, statuses coloured when asked."""
    import click

    words = TABLE[lang]
    heads = words["heads"]
    # league tables (`status --by-area`) show each area's rank among its siblings after the area
    ranked = "rank" in status.columns
    # rows of several plans (`status --plan all`) say whose plan each row is judged against
    plans = status.plan.nunique() > 1
    extra = (words["plan_column"],) * plans + (words["rank"],) * ranked
    heads = (*heads[:2], *extra, *heads[2:])
    rows = [heads]
    statuses = []
    for r in status.itertuples(index=False):
        rank = ((formats.MISSING if pd.isna(r.rank) else f"{r.rank}/{r.siblings}"),) if ranked else ()
        rows.append(
            (
                _cut(formats.indicator_name(r, lang), 42),
                r.area or "",
                *((r.plan,) if plans else ()),
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
    right = set(range(2 + plans, 7 + len(extra)))
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
