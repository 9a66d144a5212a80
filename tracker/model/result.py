"""The model as of a month: `compute` runs the SPEC's steps in order and gives a `Result`.

actuals -> series and steps (series.py) -> roll-up (rollup.py) -> rows of the
as-of year (table.py) -> pace and judgement (pace.py, judge.py) -> projection
and same period last year (projection.py) -> the status table (table.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tracker.errors import BadArgument, NothingToCompute
from tracker.model import pace
from tracker.model.derived import derived
from tracker.model.frames import Part, empty_series, empty_steps
from tracker.model.gaps import missing_months
from tracker.model.judge import STATUS_CODES, judge
from tracker.model.planned import InForce, Paths, in_force, month_end, planned_paths
from tracker.model.projection import LastYear, previous_year, projections
from tracker.model.ratios import with_ratios
from tracker.model.rollup import roll_up
from tracker.model.series import Rows, series_and_steps
from tracker.model.table import plan_keys, rows, status_plan_keys, status_table
from tracker.periods import month_label, month_number, parse_month
from tracker.progress import Progress
from tracker.statuses import Pace

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.workspace import Workspace


@dataclass
class Result:
    """The status table (the plan of record's rows; every plan's in `all_plans`) and what charts need.

    `steps` (indicator, area, month, value: the year-to-date or level at each
    reported month end of the as-of year) is worked out when first asked for:
    only charts need it.
    """

    status: pd.DataFrame
    as_of: str
    year: int
    month: int
    profile: pd.DataFrame  # indicator, month, share (median), years, low, high
    warnings: list[str] = field(default_factory=list)
    steps_of_year: Callable[[], pd.DataFrame] | None = field(default=None, repr=False, compare=False)
    all_plans: pd.DataFrame | None = field(default=None, repr=False)  # every plan's rows; None: `status`
    plans: tuple[str, ...] = ("",)  # the workspace's plan ids, the plan of record first ("": the one plan)
    span: str | None = None  # a span table's span (`2021-2025`, SPEC section 7.4); None: the year's table
    # a span table's rows year by year: indicator, area, plan, year, actual (NaN: no figure), target
    span_years: pd.DataFrame | None = field(default=None, repr=False)
    # the planned year-to-date at months 1..12 of status rows with phases (NaN elsewhere)
    planned_path: Callable[[pd.DataFrame], np.ndarray] | None = field(default=None, repr=False, compare=False)
    # the year's model through the month (series, steps, targets), which a span table starts from
    part: Part | None = field(default=None, repr=False, compare=False)

    def table(self, plan: str | None = None) -> pd.DataFrame:
        """The rows of a plan (id), of every plan ("all"), or of the plan of record (None)."""
        if plan is None:
            return self.status
        everything = self.status if self.all_plans is None else self.all_plans
        if plan == "all":
            return everything
        if plan not in self.plans:
            known = ", ".join(p for p in self.plans if p) or "none: the workspace has no targets/plans.csv"
            raise BadArgument(f"--plan: got {plan!r} (expected all, or a plan of targets/plans.csv: {known})")
        return everything[everything.plan.to_numpy(object) == plan].reset_index(drop=True)

    @cached_property
    def steps(self) -> pd.DataFrame:
        """indicator, area, month, value (year-to-date or level) of the as-of year."""
        if self.steps_of_year is None:
            return pd.DataFrame({"indicator": [], "area": [], "month": [], "value": []})
        return self.steps_of_year()


@dataclass
class EarlierYears:
    """What the years before the as-of year give, whatever the month: kept on the workspace."""

    part: Part  # their series, steps and targets, rolled up
    last_year: LastYear
    shares: pd.DataFrame  # the root's complete years: ind, year, month, share
    profile: pd.DataFrame  # pace.PROFILE_COLUMNS
    versions: pd.DataFrame  # the target rows of the as-of year, every version and phase
    _in_force: dict = field(default_factory=dict, repr=False)

    def in_force(self, day) -> InForce:
        """The year's targets and phases in force on `day`; the same every day where none was revised."""
        key = day if self.versions.decided.notna().any() else None
        if key not in self._in_force:
            self._in_force[key] = in_force(self.versions, day)
        return self._in_force[key]


@dataclass(frozen=True)
class Months:
    """What the default as-of month depends on: the latest target year, and each year's last month
    of actuals (a month number). Partitions' `Months` combine (`default_month`) into the whole's."""

    latest_target_year: int | None
    last_month: dict[int, int]


def months_of(ws: Workspace) -> Months:
    """The workspace's latest target year and last month of actuals in each year."""
    ends = pd.Series(month_number(ws.actuals.year.to_numpy(), ws.actuals.end.to_numpy()))
    last = ends.groupby(ws.actuals.year.to_numpy()).max() if len(ends) else pd.Series(dtype=np.int64)
    latest = int(ws.targets.year.max()) if len(ws.targets) else None
    return Months(latest, {int(y): int(m) for y, m in last.items()})


def default_month(parts: list[Months]) -> int:
    """The SPEC's default month number: the last month of actuals in the latest target year."""
    years = [p.latest_target_year for p in parts if p.latest_target_year is not None]
    ends = [m for p in parts for m in p.last_month.values()]
    if years:
        latest = max(years)
        in_year = [p.last_month[latest] for p in parts if latest in p.last_month]
        if in_year:
            return max(in_year)
        if not ends:
            return int(month_number(latest, 1))
    if not ends:
        raise NothingToCompute(
            "nothing to compute yet: the workspace has no targets and no actuals "
            "(add files to targets/ and actuals/, or pass --as-of)"
        )
    return max(ends)


def default_as_of(ws: Workspace) -> int:
    """The SPEC's default month number: the last month of actuals in the latest target year."""
    return default_month([months_of(ws)])


def resolve_as_of(ws: Workspace, as_of: str | None) -> int:
    """The month number of `--as-of` (YYYY-MM), or the default."""
    if as_of is None:
        return default_as_of(ws)
    number = parse_month(as_of)
    if number is None:
        raise BadArgument(f"--as-of: got {as_of!r} (expected a month such as 2020-06)")
    return number


def compute(ws: Workspace, as_of: str | None = None) -> Result:
    """The status table as of `as_of` (YYYY-MM; default: SPEC section 4)."""
    number = resolve_as_of(ws, as_of)
    year, month = divmod(number, 12)
    month += 1
    with Progress("computing the status") as progress:
        earlier = earlier_years(ws, year)
        progress.step(f"computing the status as of {month_label(number)}")
        now, paths, phase_warnings = as_planned(ws, earlier, year, month)
        row = rows(ws, now)
        judged = judge(ws, row, earlier.profile, paths)
        figures = projections(judged, row, now.steps, earlier.shares)
        figures["actual_prev_year"], figures["yoy"] = previous_year(earlier.last_year, row, judged.flow)
        table = status_table(ws, row, judged, figures, year, month)
    from tracker.model.monthly import steps_of_year

    status = of_record(ws, table)
    return Result(
        status,
        month_label(number),
        year,
        month,
        pace.profile_frame(ws, earlier.profile),
        list(ws.warnings)
        + now.warnings
        + phase_warnings
        + pace.pace_warnings(ws, earlier.profile, _flows_with_figures(status)),
        lambda: steps_of_year(ws, now),
        all_plans=table,
        plans=tuple(ws.plans.plan),
        planned_path=lambda chosen: _planned_path(ws, now, paths, chosen),
        part=now,
    )


def _planned_path(ws: Workspace, now: Part, paths: Paths | None, chosen: pd.DataFrame) -> np.ndarray:
    """The planned year-to-date at months 1..12 of these status rows (NaN where a row has no phases)."""
    out = np.full((len(chosen), 12), np.nan)
    if paths is None or not len(chosen):
        return out
    targets = now.targets
    keys = plan_keys(ws, targets.ind.to_numpy(), targets.area.to_numpy(), targets.plan.to_numpy())
    row = pd.Index(keys).get_indexer(status_plan_keys(ws, chosen))
    months = np.tile(np.arange(1, 13, dtype=float), len(chosen))
    return paths.at(np.repeat(row, 12), months).reshape(len(chosen), 12)


def as_planned(
    ws: Workspace, earlier: EarlierYears, year: int, month: int
) -> tuple[Part, Paths | None, list[str]]:
    """The part of the model of `year` through `month`, with the targets in force then, and their paths."""
    force = earlier.in_force(month_end(year, month))
    now = year_through(ws, year, month, force.targets)
    paths, warnings = planned_paths(ws, now.targets, force.phases)
    return now, paths, warnings


def of_record(ws: Workspace, table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the plan of record (the whole table where the workspace has one plan)."""
    if len(ws.plans) == 1:
        return table
    return table[table.plan.to_numpy(object) == ws.plans.plan.iat[0]].reset_index(drop=True)


def workspace_warnings(ws: Workspace) -> list[str]:
    """What `validate` warns of beside the loader: missing months, and a seasonal pace that falls back."""
    warnings = list(ws.warnings) + missing_months(ws)
    if ws.settings.pace == Pace.SEASONAL and len(ws.actuals):
        year = default_as_of(ws) // 12
        in_year = ws.actuals.indicator[ws.actuals.year.to_numpy() == year]
        flows = ws.indicators.indicator[ws.indicators.measure == "flow"]
        with_figures = flows[flows.isin(in_year.unique())].to_numpy()
        warnings += pace.pace_warnings(ws, earlier_years(ws, year).profile, with_figures)
    return warnings


def _flows_with_figures(status: pd.DataFrame) -> np.ndarray:
    """The flows (indicator ids, in table order) with a figure in the status table."""
    return status.indicator[
        (status.measure == "flow").to_numpy() & status.data_through.notna().to_numpy()
    ].to_numpy()


def statuses_as_of(ws: Workspace, as_of: str) -> pd.Series:
    """The `status` column of every plan as of a month, alone (cheaper than `compute`): indexed by
    `status_plan_keys`."""
    number = resolve_as_of(ws, as_of)
    year, month = number // 12, number % 12 + 1
    earlier = earlier_years(ws, year)
    now, paths, _ = as_planned(ws, earlier, year, month)
    row = rows(ws, now)
    status = STATUS_CODES[judge(ws, row, earlier.profile, paths).status]
    keys = plan_keys(ws, row.ind.to_numpy(), row.area.to_numpy(), row.plan.to_numpy())
    return pd.Series(status, index=keys, dtype=object)


def part_of(ws: Workspace, mask: np.ndarray, targets: pd.DataFrame) -> Part:
    """The part of the model made of the actual rows in `mask` and these targets, rolled up."""
    if not mask.any() and not len(targets):
        return Part(empty_series(), empty_steps(), targets)
    series, steps = series_and_steps(ws, Rows.latest(ws, mask))
    return with_ratios(ws, roll_up(ws, Part(series, steps, targets)))


def year_through(ws: Workspace, year: int, month: int, targets: pd.DataFrame) -> Part:
    """The part of the model made of `year`'s actuals that end by `month`, and its targets."""
    in_time = (ws.actuals.year.to_numpy() == year) & (ws.actuals.end.to_numpy() <= month)
    return part_of(ws, in_time, targets)


def earlier_years(ws: Workspace, year: int) -> EarlierYears:
    """The years before `year` and what they give; kept on the workspace (they do not depend on the month)."""
    kept = derived(ws).earlier_years
    if year not in kept:
        versions = target_versions(ws)
        versions = versions[versions.last_year.to_numpy() == versions.year.to_numpy()]  # spans: spans.py
        target_year = versions.year.to_numpy()
        # an earlier year is judged by its latest targets: the last word on it
        latest = in_force(versions[target_year < year]).targets
        before = part_of(ws, ws.actuals.year.to_numpy() < year, latest)
        shares = pace.year_shares(ws, before.series, before.steps, year)
        kept[year] = EarlierYears(
            before,
            LastYear(before, year - 1, len(ws.indicators), len(ws.areas)),
            shares,
            pace.profile(shares),
            versions[target_year == year],
        )
    return kept[year]


def target_versions(ws: Workspace) -> pd.DataFrame:
    """The workspace's target rows, every version, phase and span, by code (see `tracker.model.planned`);
    kept on the workspace."""
    kept = derived(ws)
    if kept.target_versions is None:
        kept.target_versions = _versions(ws.targets)
    return kept.target_versions


def _versions(t: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ind": t.indicator.cat.codes.to_numpy(np.int32),
            "area": t.area.cat.codes.to_numpy(np.int32),
            "year": t.year.to_numpy(np.int32),
            "last_year": t.last_year.to_numpy(np.int32),
            "plan": t.plan.cat.codes.to_numpy(np.int32),
            "start": t.start.to_numpy(np.int8),
            "end": t.end.to_numpy(np.int8),
            "cumulative": t.cumulative.to_numpy(bool),
            "decided": t.decided_at.to_numpy("datetime64[ns]"),
            "decision": t.decision.astype(object).where(t.decision.astype(str) != "", None).to_numpy(object),
            "target": t.target.to_numpy(float),
            "baseline": t.baseline.to_numpy(float),
        }
    )
