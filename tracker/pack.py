"""`tracker pack`: a workspace written again with its targets and actuals as Parquet, a file per
indicator (SPEC section 9).

Each file holds one indicator's rows, so its row groups say so in their statistics
and a partition of indicators (tracker.engines) reads only its own files: on a Dask
cluster no worker holds more than its partition. The packed workspace is a workspace
like any other: every command reads it. It is written whole or not at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.errors import BadArgument
from tracker.plans import PLANS, explicit
from tracker.settings import SETTINGS_FILE
from tracker.workspace import AREAS, CATALOGUE, Workspace, load_workspace

ACTUAL_COLUMNS = ("indicator", "period", "area", "value", "cumulative", "reported_at", "estimate", "note")
TARGET_COLUMNS = (
    "indicator", "year", "area", "target", "baseline", "plan", "period", "cumulative", "decided_at",
    "decision", "note",
)  # fmt: skip


def pack_workspace(source: str | Path, dest: str | Path) -> list[Path]:
    """Check the workspace at `source` and write it to `dest` (new, or empty) packed by indicator."""
    from tracker.report.publish import publishing

    ws = load_workspace(source)
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BadArgument(f"{dest}: the folder is not empty (expected a new or empty folder)")
    with publishing(dest) as folder:
        for name in (SETTINGS_FILE, CATALOGUE, AREAS, PLANS):
            if (ws.path / name).exists():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ws.path / name, folder / name)
        (folder / "actuals").mkdir(exist_ok=True)
        (folder / "targets").mkdir(exist_ok=True)
        _write_by_indicator(ws, _actual_frame(ws), folder / "actuals")
        _write_by_indicator(ws, _target_frame(ws), folder / "targets")
    return sorted(p for p in dest.rglob("*") if p.is_file())


def _actual_frame(ws: Workspace) -> pd.DataFrame:
    a = ws.actuals
    return pd.DataFrame({c: a[c] for c in ACTUAL_COLUMNS}).assign(note=a.note.astype(str))


def _target_frame(ws: Workspace) -> pd.DataFrame:
    t = ws.targets
    span = t.last_year.to_numpy() != t.year.to_numpy()
    year = (
        t.year.astype(str).where(~span, t.year.astype(str) + "-" + t.last_year.astype(str))
        if span.any()
        else t.year
    )
    frame = {c: t[c] for c in TARGET_COLUMNS if c != "year"}
    frame["year"] = year
    frame["plan"] = t.plan.astype(str) if explicit(ws.plans) else pd.Series([""] * len(t), dtype=str)
    return pd.DataFrame(frame)[list(TARGET_COLUMNS)].assign(
        note=t.note.astype(str), decision=t.decision.astype(str), period=t.period.astype(str)
    )


def _write_by_indicator(ws: Workspace, frame: pd.DataFrame, folder: Path) -> None:
    """One Parquet file per indicator with rows, named by its id, its rows in their order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    codes = frame.indicator.cat.codes.to_numpy()  # the loader's categories: the catalogue's ids
    order = np.argsort(codes, kind="stable")  # each indicator's rows together, in their order
    held, starts = np.unique(codes[order], return_index=True)
    ids = ws.indicators.indicator.to_numpy()
    for code, start, end in zip(held, starts, [*starts[1:], len(order)], strict=True):
        rows = frame.iloc[order[start:end]].astype({"indicator": str, "area": str})
        table = pa.Table.from_pandas(rows, preserve_index=False)
        pq.write_table(table, folder / f"{ids[code]}.parquet")
