"""tracker: plan versus actual, every month, from the files a planning office already keeps.

The library under the `tracker` command line::

    from tracker import load_workspace, compute, build_report

    ws = load_workspace("path/to/workspace")
    result = compute(ws, "2020-06")
    result.status  # one row per indicator and area (docs/MODEL.md)

A name is never a submodule's (`from tracker import ingest` is the module).
Names are imported on first use (PEP 562), so `import tracker` and `tracker --help`
stay light: pandas, pandera and matplotlib load only when something needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# each public name, and the module that defines it
_API = {
    "load_workspace": "tracker.workspace",
    "Workspace": "tracker.workspace",
    "compute": "tracker.model",
    "Result": "tracker.model",
    "paths": "tracker.model",
    "statuses_as_of": "tracker.model",
    "missing_months": "tracker.model",
    "status_view": "tracker.views",
    "monthly_check": "tracker.check",
    "render_check": "tracker.check",
    "build_report": "tracker.report",
    "create_workspace": "tracker.scaffold",
    "Status": "tracker.statuses",
    "TrackerError": "tracker.errors",
    "InvalidWorkspace": "tracker.errors",
    "Problem": "tracker.errors",
}
__all__ = [
    "InvalidWorkspace",
    "Problem",
    "Result",
    "Status",
    "TrackerError",
    "Workspace",
    "build_report",
    "compute",
    "create_workspace",
    "load_workspace",
    "missing_months",
    "monthly_check",
    "paths",
    "render_check",
    "status_view",
    "statuses_as_of",
]

if TYPE_CHECKING:
    from tracker.check import monthly_check, render_check
    from tracker.errors import InvalidWorkspace, Problem, TrackerError
    from tracker.model import Result, compute, missing_months, paths, statuses_as_of
    from tracker.report import build_report
    from tracker.scaffold import create_workspace
    from tracker.statuses import Status
    from tracker.views import status_view
    from tracker.workspace import Workspace, load_workspace


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'tracker' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value  # found once, then a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
