"""What `tracker status` and `tracker validate` show, from a workspace folder: one call each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tracker import formats
from tracker.engines.gather import gather_status, gather_validation
from tracker.engines.local import worth_splitting
from tracker.engines.partition import NOTHING
from tracker.engines.remote import is_url, remote_light
from tracker.history import with_history
from tracker.model import Result, compute, workspace_warnings
from tracker.periods import parse_month
from tracker.plans import revised
from tracker.settings import find_workspace
from tracker.workspace import Workspace, load_workspace


@dataclass
class StatusView:
    """The rows `tracker status` shows, and what they were computed from."""

    workspace: Workspace
    result: Result
    rows: pd.DataFrame  # the status table with its history columns (and ranks, by area)
    plan: str | None = None  # the plan shown: an id, "all", or None for the plan of record
    text: Iterator[bytes] | None = None  # the rows as CSV or JSON in UTF-8 pieces (from partitions)

    @property
    def title(self) -> str:
        """The organisation, the month, and the plan the rows are judged against where there are several."""
        ws = self.workspace
        title = f"{ws.settings.name or ws.path.resolve().name} — {self.result.as_of}"
        shown = ws.plans.plan.iat[0] if self.plan is None else self.plan
        if shown and shown != "all":
            title += f" — {formats.plan_name(ws.plans, shown, ws.settings.language)}"
        if self.result.span:
            title += f" — {formats.span_title(self.result.span, ws.settings.language)}"
        return title


def status_view(
    workspace: str | Path,
    as_of: str | None = None,
    area: str | None = None,
    by_area: bool = False,
    plan: str | None = None,
    span: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    fmt: str | None = None,
) -> StatusView:
    """The status table of a workspace as of a month, with history; ranked `by_area`; one `area`'s rows;
    the plan of record's rows, or `plan`'s (an id, or "all"); the table of a `span` of years instead
    ("2021-2025", or "" for the one that holds the month). `engine`: local or dask (SPEC section 9);
    with dask, `workspace` may be a URL (`s3://bucket/workspace`). `fmt` (csv or json): the text the
    caller will print, which partitions may then render themselves (`StatusView.text`)."""
    if is_url(workspace):
        with remote_light(workspace, engine) as light:
            return _gathered_view(workspace, as_of, area, by_area, plan, span, engine, scheduler, light, fmt)
    root = find_workspace(workspace)
    if engine != "local" or worth_splitting(root):
        return _gathered_view(root, as_of, area, by_area, plan, span, engine, scheduler, fmt=fmt)
    ws = load_workspace(root)
    result, rows = status_rows(ws, as_of, plan, span)
    return StatusView(ws, result, _narrowed(ws, rows, by_area, area), plan)


def status_rows(
    ws: Workspace, as_of: str | None, plan: str | None, span: str | None
) -> tuple[Result, pd.DataFrame]:
    """The result and the rows `status` shows of a workspace (or of a partition of it): the year's
    rows of `plan` with their history, or a span's table."""
    if span is not None:
        from tracker.model.spans import span_status

        result = span_status(ws, as_of, span or None)
        return result, result.table(plan)
    result = compute(ws, as_of)
    return result, with_history(ws, result, result.table(plan))


def _narrowed(ws: Workspace, rows: pd.DataFrame, by_area: bool, area: str | None) -> pd.DataFrame:
    """The rows ranked as league tables (`by_area`), and of one `area` only, where asked."""
    if by_area:
        from tracker.league import league

        rows = league(rows, ws.areas)
    if area is not None:
        from tracker.check import area_rows

        rows, _ = area_rows(rows, area, ws.settings.root_area)
    return rows


def _gathered_view(
    root, as_of, area, by_area, plan, span, engine, scheduler, light=None, fmt=None
) -> StatusView:
    """The status view of a workspace computed in partitions on an engine (`light`: a local copy of a
    remote workspace's settings, catalogue, areas and plans)."""
    whole = fmt in ("csv", "json") and not by_area and area is None  # the text is the whole table's
    got = gather_status(root, as_of, plan, span, engine, scheduler, light, fmt if whole else None)
    ws = load_workspace(light or root, NOTHING)  # the settings, catalogue, areas and plans for the title
    number = parse_month(got.as_of)
    result = Result(
        got.rows, got.as_of, number // 12, number % 12 + 1, pd.DataFrame(), got.warnings, span=got.span
    )
    return StatusView(ws, result, _narrowed(ws, got.rows, by_area, area), plan, got.text)


@dataclass
class Validation:
    """What `tracker validate` found in a valid workspace."""

    workspace: Workspace  # its settings, catalogue, areas and plans (the rows may be left out)
    warnings: list[str]
    targets: int  # rows
    actuals: int  # rows
    revisions: dict[int, int]  # revised targets by year


def validate_workspace(
    workspace: str | Path, engine: str = "local", scheduler: str | None = None
) -> Validation:
    """The workspace checked (InvalidWorkspace with every problem), and what it holds and warns of."""
    if is_url(workspace):
        with remote_light(workspace, engine) as light:
            warnings, targets, actuals, revisions = gather_validation(workspace, engine, scheduler, light)
            return Validation(load_workspace(light, NOTHING), warnings, targets, actuals, revisions)
    root = find_workspace(workspace)
    if engine != "local" or worth_splitting(root):
        warnings, targets, actuals, revisions = gather_validation(root, engine, scheduler)
        return Validation(load_workspace(root, NOTHING), warnings, targets, actuals, revisions)
    ws = load_workspace(root)
    return Validation(ws, workspace_warnings(ws), len(ws.targets), len(ws.actuals), revised(ws.targets))
