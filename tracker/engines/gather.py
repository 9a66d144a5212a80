"""The whole from its pieces: partitions planned, run on an engine, and put together in order.

Whatever the engine, the status rows come back in the catalogue's order and the
problems as one sorted set, so the CSV and JSON are the same bytes and the problems
the same lines as one process gives. The pieces' text waits in a temporary file
(`Spool`) until every piece is in; a CSV or xlsx file is parsed here once and each
partition's rows go with its task (`read_once`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.engines.partition import NOTHING, Partition, plan_partitions
from tracker.engines.pieces import Piece, status_piece, validate_piece
from tracker.errors import BadArgument, InvalidWorkspace, NothingToCompute
from tracker.periods import month_label
from tracker.readers import RawTable

ENGINES = ("local", "dask")
INDICATORS_PER_TASK = 8  # on a Dask cluster: tasks of about this many indicators each


@dataclass
class Gathered:
    """The status rows of every partition, in order, and what the pieces said."""

    rows: pd.DataFrame
    as_of: str
    warnings: list[str]
    span: str | None
    text: Iterator[bytes] | None = None  # the table's CSV or JSON (UTF-8, in pieces), if asked


def partitions_for(root: Path, engine: str) -> list[Partition]:
    """The partitions an engine computes: one per core (local), per worker task (dask), or one."""
    from tracker.engines.local import cores, worth_splitting

    whole = [Partition(frozenset(), (), first=True)]  # every row (no indicator is known)
    if engine == "local" and not worth_splitting(root):
        return whole
    catalogue = _catalogue(root)
    if catalogue is None:  # unreadable: one piece finds and reports what is wrong
        return whole
    if engine == "dask":  # a few indicators a task: a worker's memory follows the partition, not the whole
        return plan_partitions(catalogue, max(2 * cores(), -(-len(catalogue) // INDICATORS_PER_TASK)))
    return plan_partitions(catalogue, cores())


def run(function, calls: list[tuple], engine: str, scheduler: str | None, spool: Spool | None = None) -> list:
    """The pieces of `calls` on the engine, in call order; with a `spool`, their text goes there as
    each piece arrives."""
    if engine not in ENGINES:
        raise BadArgument(f"--engine: got {engine!r} (expected local or dask)")
    if engine == "dask":
        from tracker.engines.cluster import run_dask

        results = run_dask(function, calls, scheduler)
    else:
        from tracker.engines.local import run_local

        results = run_local(function, calls)
    pieces = [None] * len(calls)
    for k, piece in results:
        if spool is not None:
            spool.add(piece)
        pieces[k] = piece
    return pieces


class Spool:
    """The pieces' text as each arrives, in a temporary file, and where each indicator's rows are in it.

    The coordinating process holds none of it (a table of 160 indicators is some 200 MB
    of CSV), and nothing is written out before every piece is in.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="tracker-")  # noqa: SIM115 - closed by `texts`
        self.places: dict[str, tuple[int, int]] = {}
        self.header = b""

    def add(self, piece: Piece) -> None:
        """Keep a piece's text (a piece computed again replaces its first text), and let go of it."""
        if piece.text is None:
            return
        at = self.file.seek(0, os.SEEK_END)
        self.file.write(piece.text)
        self.places.update({i: (at + start, at + end) for i, (start, end) in piece.places.items()})
        self.header, piece.text = piece.header, None

    def texts(self, order) -> Iterator[bytes]:
        """The text of each indicator of `order` that has rows, in that order; then the file is gone."""
        with self.file:
            for i in order:
                if i in self.places:
                    start, end = self.places[i]
                    self.file.seek(start)
                    yield self.file.read(end - start)


def gather_status(
    root,
    as_of: str | None,
    plan: str | None,
    span: str | None,
    engine: str,
    scheduler: str | None,
    light=None,
    fmt: str | None = None,
) -> Gathered:
    """The status rows (with history) of the whole workspace, computed in partitions on `engine`;
    with `fmt` (csv or json), their text, in `Gathered.text`, and no rows.

    `root`: the workspace's folder, or URL (then `light` is a local copy of its small files).
    """
    from tracker.model.result import default_month

    parts = partitions_for(light or root, engine)
    sent = read_once(root, parts) if light is None else [None] * len(parts)
    calls = [(str(root), part, as_of, plan, span, fmt, mine) for part, mine in zip(parts, sent, strict=True)]
    del sent  # each call holds its own rows
    spool = Spool() if fmt is not None else None
    pieces = run(status_piece, calls, engine, scheduler, spool)
    _raise_problems(pieces)
    if as_of is None:  # each piece took its own default month: the whole's may be later
        month = month_label(default_month([p.months for p in pieces if p.months is not None]))
        again = [k for k, p in enumerate(pieces) if p.as_of is not None and p.as_of != month]
        if again:
            redone = run(
                status_piece,
                [(*calls[k][:2], month, plan, span, fmt, calls[k][-1]) for k in again],
                engine,
                scheduler,
                spool,
            )
            for k, piece in zip(again, redone, strict=True):
                pieces[k] = piece
        as_of = month
    tables = [p.rows for p in pieces if p.rows is not None]
    if span is not None and all(p.refused for p in pieces):  # no partition holds a span target
        from tracker.model.spans import choose_span
        from tracker.workspace import load_workspace

        choose_span(load_workspace(light or root, NOTHING), int(as_of[:4]), span or None)  # says why
    if not tables:
        raise NothingToCompute(
            "nothing to compute yet: the workspace has no targets and no actuals "
            "(add files to targets/ and actuals/, or pass --as-of)"
        )
    catalogue = parts[0].catalogue
    text = None
    if spool is not None:  # each indicator's text, in the catalogue's order
        from tracker import output

        text = output.joined(spool.header, spool.texts(catalogue), fmt)
    rows = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    order = pd.Index(catalogue).get_indexer(rows.indicator)
    rows = rows.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    spans = [p.rows.span.iat[0] for p in pieces if p.rows is not None and "span" in p.rows and len(p.rows)]
    return Gathered(rows, as_of, _merged(p.warnings for p in pieces), spans[0] if spans else None, text)


def gather_validation(
    root, engine: str, scheduler: str | None, light=None
) -> tuple[list[str], int, int, dict]:
    """Every partition checked on `engine`: (warnings, target rows, actual rows, revisions by year).

    `root`: the workspace's folder, or URL (then `light` is a local copy of its small files).
    """
    parts = partitions_for(light or root, engine)
    sent = read_once(root, parts) if light is None else [None] * len(parts)
    calls = [(str(root), part, mine) for part, mine in zip(parts, sent, strict=True)]
    pieces = run(validate_piece, calls, engine, scheduler)
    _raise_problems(pieces)
    revisions: dict[int, int] = {}
    for p in pieces:
        for year, n in p.revisions.items():
            revisions[year] = revisions.get(year, 0) + n
    targets = sum(p.counts[1] for p in pieces)
    actuals = sum(p.counts[2] for p in pieces)
    return _merged(p.warnings for p in pieces), targets, actuals, revisions


def read_once(root: Path, parts: list[Partition]) -> list[dict[str, RawTable]]:
    """Each partition's rows of the data files it cannot read in part, read here once (SPEC section 9).

    A CSV or xlsx file is parsed whole whichever rows are wanted: parsed by every
    partition, it would cost as many times over. A Parquet file is left to the
    partitions, which decode only the row groups their statistics do not exclude.
    """
    from tracker.workspace import data_tables, read_rows

    sent: list[dict[str, RawTable]] = [{} for _ in parts]
    if len(parts) < 2:
        return sent
    for file, table in data_tables(root):
        if file.suffix.lower() != ".parquet":
            whole = read_rows(root, file, table)
            for mine, part in zip(sent, parts, strict=True):
                mine[whole.path] = whole.of(part)
    return sent


def _raise_problems(pieces: list[Piece]) -> None:
    problems = [problem for p in pieces for problem in p.problems]
    if problems:
        raise InvalidWorkspace(problems)  # sorted and each once, as one process reports them


def _merged(lists) -> list[str]:
    """The pieces' warnings, each once, in the order they first came."""
    return list(dict.fromkeys(w for warnings in lists for w in warnings))


def _catalogue(root: Path) -> pd.DataFrame | None:
    """The catalogue's rows as written (ids, measures, ratio sides), None when it cannot be read."""
    from tracker import readers
    from tracker.workspace import CATALOGUE

    raw = readers.read_table(root / CATALOGUE, CATALOGUE)
    frame = raw.frame
    if raw.problems or "indicator" not in frame.columns or "measure" not in frame.columns:
        return None
    return frame.fillna("").astype(str).drop_duplicates("indicator")
