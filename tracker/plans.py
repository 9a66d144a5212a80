"""Targets as plans are really made (SPEC section 7), checked at load: plans, revisions, phases.

`targets/plans.csv` names the authorities (the first is the plan of record). A
target row's `plan` is one of them, its `period` a phase of its year (flows only),
and rows of one indicator, area, year, period and plan are versions told apart by
`decided_at`. Every rule here is checked on integer codes over the whole table
and reported at the row's file and line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker import schemas
from tracker.arrays import by_code
from tracker.cells import as_category, map_categories, recode, shown
from tracker.clashes import duplicated_rows, phase_overlaps, series_keys
from tracker.errors import Problem
from tracker.periods import parse_periods

PLANS = "targets/plans.csv"
PHASE_SYNTAX = "2020-H1, 2020-Q3 or 2020-09 within the target's year, or empty for the whole year"


def implicit_plans() -> pd.DataFrame:
    """The one plan of a workspace without plans.csv: no id, no name."""
    return pd.DataFrame({"plan": [""], "name": [""], "name_en": [""], "file": [""], "line": [0]})


def check_plans(frame: pd.DataFrame | None, problems: list[Problem]) -> pd.DataFrame:
    """The plans of `targets/plans.csv` (first: the plan of record), or the implicit one without it."""
    if frame is None:
        return implicit_plans()
    problems += schemas.pandera_problems(
        schemas.PlanSchema, frame, frame.file.to_numpy(), frame.line.to_numpy()
    )
    frame = frame.drop_duplicates("plan").reset_index(drop=True)
    if frame.empty:
        problems.append(
            Problem(PLANS, 1, "plan", "no plans (expected one row per plan, the plan of record first)")
        )
        return implicit_plans()
    return frame[["plan", "name", "name_en", "file", "line"]]


def explicit(plans: pd.DataFrame) -> bool:
    """Does the workspace name its plans (a plans.csv)?"""
    return bool(plans.plan.iat[0])


def plan_codes(frame: pd.DataFrame, plans: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    """Each target row's plan as a categorical over the plans' ids; empty means the plan of record."""
    plan = as_category(frame.plan)
    ids = pd.Index(plans.plan)
    categories = plan.cat.categories
    named = categories.astype(str) != ""
    if explicit(plans):
        unknown = named & ~categories.isin(ids)
        listed = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
        message = f"expected a plan of {PLANS}: {listed}, or empty for {ids[0]}"
    else:
        unknown = named
        message = f"expected empty: without {PLANS} there is one plan; add {PLANS} to name several"
    codes = plan.cat.codes.to_numpy()
    for r in np.flatnonzero(by_code(unknown, codes, False)):
        problems.append(
            Problem(
                frame.file.iat[r],
                int(frame.line.iat[r]),
                "plan",
                f"unknown plan (got {plan.iat[r]!r}; {message})",
            )
        )
    # empty cells read as the plan of record; unknown plans (reported above) become missing
    return recode(map_categories(plan, lambda cats: cats.where(cats != "", ids[0])), ids)


def phases(frame: pd.DataFrame, flow: np.ndarray, problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    """Each target row's first and last month (1 and 12 for the whole year; 0 where reported here).

    A phase is a half-year, quarter or month of the row's year, of a flow.
    """
    period = as_category(frame.period)  # judged once per distinct text: a national table has millions
    given = by_code(period.cat.categories.astype(str) != "", period.cat.codes.to_numpy(), False)
    start, end = np.ones(len(frame), np.int8), np.full(len(frame), 12, np.int8)
    if not given.any():
        return start, end
    parsed = parse_periods(period[given])
    year = frame.year.to_numpy()[given]
    bad = (parsed.start.to_numpy() < 0) | (parsed.year.to_numpy() != year)
    bad |= (parsed.start.to_numpy() == 1) & (parsed.end.to_numpy() == 12)
    rows = np.flatnonzero(given)
    report = _reporter(frame, period, problems)
    report(rows[bad], "not a phase of {year} (got {period}; expected " + PHASE_SYNTAX + ")")
    span = (frame.last_year.to_numpy() != frame.year.to_numpy())[rows] & ~bad
    report(
        rows[span], "a phase of a span of years (got {period}; expected empty: phases are within one year)"
    )
    bad |= span
    level = ~flow[rows] & ~bad
    report(
        rows[level],
        "a phase target of a stock or rate (got {period}; expected empty: phase targets are for flows only)",
    )
    ok = ~bad & ~level
    start[rows], end[rows] = 0, 0
    start[rows[ok]] = parsed.start.to_numpy()[ok]
    end[rows[ok]] = parsed.end.to_numpy()[ok]
    return start, end


def _reporter(frame: pd.DataFrame, period: pd.Series, problems: list[Problem]):
    """A function adding, for some rows, a problem in their `period` worded by a template."""

    def report(rows: np.ndarray, template: str) -> None:
        for r in rows:
            message = template.format(year=int(frame.year.iat[r]), period=shown(period.iat[r]))
            problems.append(Problem(frame.file.iat[r], int(frame.line.iat[r]), "period", message))

    return report


def version_problems(frame: pd.DataFrame, checked: np.ndarray) -> list[Problem]:
    """Two rows of one target (indicator, area, year, plan and period) that `decided_at` does not tell apart.

    `checked`: the rows whose indicator, area and plan are known.
    """
    codes = [frame[c].cat.codes.to_numpy() for c in ("indicator", "area", "plan")]
    years, _ = pd.factorize(frame.year * 10000 + frame.last_year)
    decided, _ = pd.factorize(frame.decided_at)  # every row without a date is the original: one value
    dup = checked & duplicated_rows(*codes, years, frame.start.to_numpy(), frame.end.to_numpy(), decided)
    if not dup.any():
        return []
    twins = frame[dup].assign(decided_code=decided[dup])
    key = ["indicator", "year", "last_year", "area", "plan", "start", "end", "decided_code"]
    first = twins.groupby(key, observed=True).head(1).set_index(key)[["file", "line"]]
    problems = []
    for row in twins[twins.duplicated(key, keep="first")].itertuples():
        f, ln = first.loc[tuple(getattr(row, k) for k in key)]
        what = f"{row.indicator} {int(row.year)}" + "".join(
            f" {v}" for v in (row.area, row.plan, row.period) if v
        )
        if pd.isna(row.decided_at):
            column = "indicator"
            problem = (
                f"a second target for {what} (first on {f}:{ln}; expected one row per indicator, year, "
                "area, plan and period; a revision gives its decided_at)"
            )
        else:
            column = "decided_at"
            problem = (
                f"a second version of the target for {what} decided on {row.decided_at.date().isoformat()} "
                f"(first on {f}:{ln}; expected one version a day: a later decision on its own date)"
            )
        problems.append(Problem(row.file, int(row.line), column, problem))
    return problems


def phase_problems(frame: pd.DataFrame, checked: np.ndarray) -> list[Problem]:
    """Phases without their year's annual target of the same plan, and phases that overlap.

    `checked`: the rows whose indicator, area, plan and period are known.
    """
    phase = checked & ((frame.start.to_numpy() != 1) | (frame.end.to_numpy() != 12))
    if not phase.any():
        return []
    key = series_keys(frame)  # indicator, area, year and plan
    annual = np.isin(key, key[checked & ~phase & (frame.last_year.to_numpy() == frame.year.to_numpy())])
    problems = []
    for r in np.flatnonzero(phase & ~annual):
        plan = frame.plan.iat[r]
        problems.append(
            Problem(
                frame.file.iat[r],
                int(frame.line.iat[r]),
                "period",
                f"a phase target without the annual target of its year{' and plan' if plan else ''} "
                f"(expected a row for {frame.indicator.iat[r]} {int(frame.year.iat[r])}"
                f"{f' {frame.area.iat[r]}' if frame.area.iat[r] else ''}{f' {plan}' if plan else ''} "
                "with the period empty)",
            )
        )
    return problems + phase_overlaps(frame, phase)


def revised(targets: pd.DataFrame) -> dict[int, int]:
    """How many targets (indicator, area, plan, year and period) have a revision, by year."""
    versions = targets[targets.decided_at.notna().to_numpy()]
    key = ["indicator", "area", "plan", "year", "start", "end"]
    per_year = versions.drop_duplicates(key).groupby("year").size()
    return {int(year): int(n) for year, n in per_year.items()}


def summary(plans: pd.DataFrame, revisions: dict[int, int]) -> str:
    """What `validate` says of plans and revisions: `2 plans (hdnd, tw); 2 targets revised in 2020`."""
    said = []
    if explicit(plans):
        shown = ", ".join(plans.plan[:5]) + (", ..." if len(plans) > 5 else "")
        said.append(f"{len(plans)} plan{'s' * (len(plans) > 1)} ({shown})")
    if revisions:
        said.append(
            ", ".join(
                f"{n} target{'s' * (n > 1)} revised in {year}" if k == 0 else f"{n} in {year}"
                for k, (year, n) in enumerate(sorted(revisions.items()))
            )
        )
    return "; ".join(said)
