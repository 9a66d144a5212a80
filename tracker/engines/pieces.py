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

import numpy as np
import pandas as pd

from tracker.engines.partition import Partition
from tracker.engines.remote import fetch, is_url
from tracker.errors import InvalidWorkspace, NothingToCompute, Problem
from tracker.readers import RawTable


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
    # with a machine format: the rows' UTF-8 text and the header, not the rows (less to send and to
    # hold: the coordinating process writes the pieces one after the other), and where in the text
    # each indicator's rows are (start and end byte)
    text: bytes | None = None
    places: dict[str, tuple[int, int]] = field(default_factory=dict)
    header: bytes = b""


def status_piece(
    path: str,
    part: Partition,
    as_of: str | None,
    plan: str | None,
    span: str | None,
    fmt: str | None = None,
    sent: dict[str, RawTable] | None = None,
) -> Piece:
    """The status rows of a partition as of `as_of` (None: the partition's own default month); with
    `fmt` (csv or json), their text by indicator instead. `sent`: its rows of the files read once
    by the coordinating process (`tracker.engines.gather.read_once`)."""
    if is_url(path):
        with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
            return status_piece(str(fetch(path, part, Path(folder))), part, as_of, plan, span, fmt)
    from tracker.model.result import months_of
    from tracker.model.spans import spans
    from tracker.views import status_rows
    from tracker.workspace import load_workspace

    try:
        ws = load_workspace(Path(path), part, sent)
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

        together = np.argsort(pd.factorize(rows.indicator)[0], kind="stable")  # each indicator's rows
        piece.header = output.to_csv(rows.iloc[:0]).encode("utf-8")
        piece.text, piece.places = output.bodies(rows.iloc[together], fmt, "indicator")
        piece.rows = rows.iloc[:0]
    return piece


def validate_piece(path: str, part: Partition, sent: dict[str, RawTable] | None = None) -> Piece:
    """A partition checked: its problems, or its warnings and its counts (`sent`: see `status_piece`)."""
    if is_url(path):
        with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
            return validate_piece(str(fetch(path, part, Path(folder))), part)
    from tracker.model import workspace_warnings
    from tracker.workspace import load_workspace

    try:
        ws = load_workspace(Path(path), part, sent)
    except InvalidWorkspace as e:
        return Piece(problems=e.problems)
    from tracker.plans import revised

    return Piece(
        warnings=workspace_warnings(ws),
        counts=(len(ws.files), len(ws.targets), len(ws.actuals)),
        revisions=revised(ws.targets),
    )
