"""The model, as of a month (SPEC section 4): year-to-date and levels, roll-up, pace, status, projection.

One module per concern, in the order the data flows through them:

| module | what it holds |
|---|---|
| frames.py | the frames passed between steps (series, steps, targets), documented |
| series.py | actuals -> series and steps: revisions, estimates, cumulative and incremental rows, levels |
| sums.py | exact, order-independent sums |
| rollup.py | parents' actuals and targets from their children |
| pace.py | linear and seasonal pace, the seasonal profile |
| judge.py | attainment, performance index, status |
| projection.py | projection, interval, p_meet, same period last year |
| table.py | the status table and its columns |
| result.py | `compute` and `statuses_as_of`: the steps in order; the as-of month |
| gaps.py | months missing inside monthly series |
| monthly.py | month-by-month paths for charts |
| derived.py, labels.py | what is kept per workspace; text columns by code |

Everything is vectorised over integer codes: a national workspace has 9 million actual rows.
"""

from tracker.model.gaps import missing_months
from tracker.model.monthly import paths
from tracker.model.result import (
    Result,
    compute,
    default_as_of,
    resolve_as_of,
    statuses_as_of,
    workspace_warnings,
)
from tracker.model.series import latest_revisions
from tracker.model.table import STATUS_COLUMNS, status_plan_keys

__all__ = [
    "STATUS_COLUMNS",
    "Result",
    "compute",
    "default_as_of",
    "latest_revisions",
    "missing_months",
    "paths",
    "resolve_as_of",
    "status_plan_keys",
    "statuses_as_of",
    "workspace_warnings",
]
