"""The status and pace vocabulary (SPEC section 4): one place for the words and their groupings.

A `StrEnum` member is its own string ("lagging" == Status.LAGGING), so the status
table keeps plain text columns and every comparison reads the same in model,
check, history, formats and output.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How a row stands against its target."""

    ACHIEVED = "achieved"
    BREACHED = "breached"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LAGGING = "lagging"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


class Pace(StrEnum):
    """Which expected pace a row is judged against."""

    SEASONAL = "seasonal"
    LINEAR = "linear"
    NONE = "none"
    PLAN = "plan"  # the path of the row's phase targets (SPEC section 7.3)


# Behind the pace but still able to catch up (a breach cannot): reports say what the rest of
# the year requires of these.
BEHIND_PACE = (Status.LAGGING, Status.AT_RISK)
# A month counted in a lagging streak (history's `lagging_months`, months behind).
BEHIND = (Status.AT_RISK, Status.LAGGING, Status.BREACHED)
# What makes `tracker check` exit 3 and a chart's label red.
FAILING = (Status.LAGGING, Status.BREACHED)
# Worst first: the order the check lists an indicator's areas in.
SEVERITY = (
    Status.BREACHED,
    Status.LAGGING,
    Status.AT_RISK,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.ACHIEVED,
)
# As the reports count them: from good to bad, then those without figures.
REPORT_ORDER = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.LAGGING,
    Status.BREACHED,
    Status.NO_DATA,
)
