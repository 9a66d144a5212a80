"""One partition loaded, checked and computed: the code every engine runs, in whatever process.

A piece carries back what the whole needs to be put together: the partition's status
rows (or its problems), its warnings, and the months the default as-of month depends
on. Pieces are put together in the catalogue's order, so any engine gives the same
table as one process does.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.engines.partition import Partition
from tracker.engines.remote import fetch, is_url
from tracker.errors import InvalidWorkspace, NothingToCompute, Problem


@dataclass
class Piece:
    """What one partition gave."""

    rows: pd.DataFrame | None = None  # its status rows, with history; None where it could not compute
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    months: object = None  # tracker.model.result.Months
    as_of: str | None = None  # the month it was computed as of
    counts: tuple[int, int, int] = (0, 0, 0)  # files, target rows, actual rows (for `validate`)
    revisions: dict[int, int] = field(default_factory=dict)  # revised targets by year (for `validate`)
    refused: str | None = None  # why the partition has no span table (it holds no span target)
    # with a machine format: the rows' UTF-8 text by indicator and the header, not the rows (less to
    # send and to hold: the coordinating process writes the pieces one after the other)
    texts: dict[str, bytes] | None = None
    header: bytes = b""


def status_piece(
    path: str, part: Partition, as_of: str | None, plan: str | None, span: str | None, fmt: str | None = None
) -> Piece:
    """The status rows of a partition as of `as_of` (None: the partition's own default month); with
    `fmt` (csv or json), their text by indicator instead."""
    if is_url(path):
        with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
            return status_piece(str(fetch(path, part, Path(folder))), part, as_of, plan, span, fmt)
    from tracker.model.result import months_of
    from tracker.model.spans import spans
    from tracker.views import status_rows
    from tracker.workspace import load_workspace

    try:
        ws = load_workspace(Path(path), part)
    except InvalidWorkspace as e:
        return Piece(problems=e.problems)
    months = months_of(ws)
    if span is not None and not spans(ws):  # the span targets are other partitions' indicators
        return Piece(months=months, refused=f"--span: no target of {len(part.indicators)} indicators")
    try:
        result, rows = status_rows(ws, as_of, plan, span)
    except NothingToCompute:
        return Piece(rows=None, warnings=list(ws.warnings), months=months)
    piece = Piece(rows, [], result.warnings, months, result.as_of)
    del ws, result
    if fmt is not None:
        from tracker import output

        piece.header = output.to_csv(rows.iloc[:0]).encode("utf-8")
        piece.texts = {
            i: output.body(mine, fmt).encode("utf-8") for i, mine in rows.groupby("indicator", sort=False)
        }
        piece.rows = rows.iloc[:0]
    _release_memory()
    return piece


def _release_memory() -> None:
    """Give the C library's freed memory back to the system: a worker's next task starts from little.

    A Dask worker runs one partition after another; without this its peak grows with the number
    of tasks it ran, not with the largest of them. Where the C library has no malloc_trim
    (macOS, musl), nothing changes.
    """
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)


def validate_piece(path: str, part: Partition) -> Piece:
    """A partition checked: its problems, or its warnings and its counts."""
    if is_url(path):
        with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
            return validate_piece(str(fetch(path, part, Path(folder))), part)
    from tracker.model import workspace_warnings
    from tracker.workspace import load_workspace

    try:
        ws = load_workspace(Path(path), part)
    except InvalidWorkspace as e:
        return Piece(problems=e.problems)
    from tracker.plans import revised

    return Piece(
        warnings=workspace_warnings(ws),
        counts=(len(ws.files), len(ws.targets), len(ws.actuals)),
        revisions=revised(ws.targets),
    )
