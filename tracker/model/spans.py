"""Five-year plans (SPEC section 7.4): targets set for a span of years, judged at any month.

A span target of a flow is the total over the span: its actual is the sum of each
year's year-to-date (December for the years before the as-of year, `data_through`
for the as-of year); a year without any figure counts as 0 and is warned of. Its
pace follows the annual targets where every year so far has one (`plan`), else the
months elapsed in the span (`linear`). A level is judged at `data_through` against
the level to reach by the span's end, paced linearly from its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tracker.arrays import pack
from tracker.errors import BadArgument
from tracker.model.derived import derived
from tracker.model.frames import Part
from tracker.model.judge import divide, stand
from tracker.model.pace import LINEAR, NO_DATA, PLANNED, UNPACED
from tracker.model.planned import in_force, month_end
from tracker.model.result import (
    Result,
    as_planned,
    compute,
    earlier_years,
    of_record,
    resolve_as_of,
    target_versions,
)
from tracker.model.rollup import roll_up
from tracker.model.table import plan_keys, status_plan_keys, status_table
from tracker.statuses import Status
from tracker.workspace import Workspace


def spans(ws: Workspace) -> list[tuple[int, int]]:
    """The spans of the workspace's targets (first and last year), in order."""
    t = ws.targets[ws.targets.last_year.to_numpy() != ws.targets.year.to_numpy()]
    return sorted(set(zip(t.year.tolist(), t.last_year.tolist(), strict=True)))


def choose_span(ws: Workspace, year: int, span: str | None) -> tuple[int, int]:
    """The span named (`2021-2025`), or the one that holds `year` (the latest to start, if several)."""
    known = spans(ws)
    listed = ", ".join(f"{a}-{b}" for a, b in known) or "none: no target has a span of years"
    if span:
        parts = span.split("-")
        chosen = tuple(int(p) for p in parts) if len(parts) == 2 and all(p.isdigit() for p in parts) else None
        if chosen not in known:
            raise BadArgument(f"--span: got {span!r} (expected a span of the targets: {listed})")
        return chosen
    holding = [s for s in known if s[0] <= year <= s[1]]
    if not holding:
        raise BadArgument(f"--span: no span target holds {year} (spans of the targets: {listed})")
    return holding[-1]


def span_status(
    ws: Workspace, as_of: str | None = None, span: str | None = None, annual: Result | None = None
) -> Result:
    """The span table as of a month (default: SPEC section 4's): one row per indicator, area and plan.

    A `Result` whose `span` is the span (`2021-2025`): its `status` is the plan of record's rows.
    `annual`: the year's `compute(ws, as_of)`, where the caller has it already.
    """
    number = resolve_as_of(ws, as_of)
    year, month = number // 12, number % 12 + 1
    first, last = choose_span(ws, year, span)
    annual_result = annual if annual is not None and annual.span is None else compute(ws, as_of)
    annual = annual_result.table("all")
    earlier = earlier_years(ws, year)
    now = annual_result.part if annual_result.part is not None else as_planned(ws, earlier, year, month)[0]
    versions = target_versions(ws)
    mine = versions[(versions.year.to_numpy() == first) & (versions.last_year.to_numpy() == last)]
    targets = in_force(mine, month_end(year, month)).targets.assign(year=np.int32(year))
    targets = roll_up(ws, Part(now.series, now.steps, targets)).targets  # within each plan, as annual ones
    # a span not yet begun is looked at in its first year, which has no figure yet
    upto = max(min(year, last), first)
    found = _by_year(ws, targets, pd.concat([earlier.part.series, now.series]), first, upto)
    row = _rows(targets, found)
    yearly, planned_now = _annual_targets(ws, row, earlier.part.targets, annual, found.years, year)
    judged, figures = _judge(ws, row, found, yearly, planned_now, first, last, year)
    table = status_table(ws, row, judged, figures, year, month, through=found.through)
    label = f"{first}-{last}"
    table["span"] = label  # after the SPEC's columns and the others
    warnings = annual_result.warnings + _missing_years(ws, found, targets, year, label)
    return replace(
        annual_result,
        status=of_record(ws, table),
        all_plans=table,
        warnings=warnings,
        span=label,
        span_years=_year_frame(ws, targets, found, yearly),
    )


def holding_spans(ws: Workspace, result: Result) -> list[Result]:
    """The span tables of each span of years holding `result`'s year (its own year's model reused)."""
    return [
        span_status(ws, result.as_of, f"{first}-{last}", result)
        for first, last in spans(ws)
        if first <= result.year <= last
    ]


_ROW_KEY = ("indicator", "area", "plan")  # a span row's years are those of its indicator, area and plan


def _texts(column: pd.Series) -> np.ndarray:
    """A key column as text, "" where missing (an area's root, the implicit plan)."""
    return column.astype(object).where(column.notna(), "").astype(str).to_numpy()


def _row_keys(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return list(zip(*(_texts(frame[c]) for c in _ROW_KEY), strict=True))


def years_of(years: pd.DataFrame, row) -> pd.DataFrame:
    """The year-by-year rows (`Result.span_years`) of one span status row."""
    mine = np.ones(len(years), bool)
    for c in _ROW_KEY:
        mine &= _texts(years[c]) == ("" if pd.isna(row[c]) else str(row[c]))
    return years[mine]


def missing_years(rows: pd.DataFrame, years: pd.DataFrame) -> list[list[int]]:
    """Per span status row of a flow with figures: its years before the as-of year without any figure
    (counted as 0), from `Result.span_years`."""
    if not len(rows):
        return []
    as_of_year = int(rows["as_of"].iloc[0][:4])
    gaps = years[years["actual"].isna().to_numpy() & (years["year"] < as_of_year).to_numpy()]
    found: dict[tuple, list[int]] = {}
    for key, year in zip(_row_keys(gaps), gaps["year"].tolist(), strict=True):
        found.setdefault(key, []).append(year)
    told = (rows["measure"] == "flow").to_numpy() & (rows["status"] != Status.NO_DATA).to_numpy()
    return [found.get(key, []) if tell else [] for key, tell in zip(_row_keys(rows), told, strict=True)]


def _year_frame(ws: Workspace, targets: pd.DataFrame, found: _Years, yearly: np.ndarray) -> pd.DataFrame:
    """The span rows year by year: each year's figure and annual target (charts draw the span from it)."""
    n, k = found.figure.shape
    texts = derived(ws).texts
    return pd.DataFrame(
        {
            "indicator": texts["indicator"].column(np.repeat(targets.ind.to_numpy(), k)),
            "area": texts["area"].column(np.repeat(targets.area.to_numpy(), k)),
            "plan": texts["plan"].column(np.repeat(targets.plan.to_numpy(), k)),
            "year": np.tile(found.years, n),
            "actual": found.figure.reshape(-1),
            "target": yearly.reshape(-1),
        }
    )


@dataclass
class _Years:
    """Per span target row, per year of the span so far: the year's figure and its data_through."""

    years: np.ndarray  # first .. the last year counted
    figure: np.ndarray  # (rows x years), NaN: no figure that year
    month: np.ndarray  # (rows x years) data_through month, 0: none
    estimate: np.ndarray  # per row: some figure is an estimate
    rolled_up: np.ndarray  # per row: its latest figure is summed from the children's
    through: np.ndarray  # per row: month number of its latest figure (NaN: none)
    latest: np.ndarray  # per row: its latest figure


def _by_year(ws: Workspace, targets: pd.DataFrame, series: pd.DataFrame, first: int, upto: int) -> _Years:
    """Each span target row's series in each year first..upto (earlier years' December figures)."""
    years = np.arange(first, upto + 1)
    sizes = (len(ws.indicators), len(ws.areas), len(years))
    inside = (series.year.to_numpy() >= first) & (series.year.to_numpy() <= upto)
    s = series[inside]
    index = pd.Index(
        pack(
            (s.ind.to_numpy(), sizes[0]), (s.area.to_numpy(), sizes[1]), (s.year.to_numpy() - first, sizes[2])
        )
    )
    base = pack(
        (targets.ind.to_numpy(), sizes[0]),
        (targets.area.to_numpy(), sizes[1]),
        (np.zeros(len(targets), np.int64), sizes[2]),
    )
    at = index.get_indexer((base[:, None] + np.arange(len(years))[None, :]).reshape(-1)).reshape(
        len(targets), len(years)
    )
    has = at >= 0

    def take(values: np.ndarray, missing):
        out = np.full(at.shape, missing, dtype=np.result_type(values.dtype, type(missing)))
        out[has] = values[at[has]]
        return out

    figure = take(s.figure.to_numpy(float), np.nan)
    month = take(s.data_through.to_numpy().astype(np.int64), 0)
    last = np.where(has.any(axis=1), len(years) - 1 - np.argmax(has[:, ::-1], axis=1), -1)
    rows = np.arange(len(targets))
    latest_at = at[rows, np.maximum(last, 0)]
    through = np.where(
        last >= 0, (years[np.maximum(last, 0)] * 12 + month[rows, np.maximum(last, 0)] - 1), np.nan
    )
    return _Years(
        years,
        figure,
        month,
        (take(s.estimate.to_numpy(bool), False)).any(axis=1),
        np.append(s.rolled_up.to_numpy(bool), False)[np.where(last >= 0, latest_at, -1)],
        through,
        np.where(last >= 0, figure[rows, np.maximum(last, 0)], np.nan),
    )


def _rows(targets: pd.DataFrame, found: _Years) -> pd.DataFrame:
    """The span targets as model rows (see `tracker.model.table.rows`)."""
    n = len(targets)
    return pd.DataFrame(
        {
            "ind": targets.ind.to_numpy(),
            "area": targets.area.to_numpy(),
            "plan": targets.plan.to_numpy(),
            "target": targets.target.to_numpy(float),
            "baseline": targets.baseline.to_numpy(float),
            "target_row": np.arange(n),
            "original": targets.original.to_numpy(float),
            "revised_at": targets.revised_at.to_numpy("datetime64[ns]"),
            "decision": targets.decision.to_numpy(object),
            "series": np.full(n, np.nan),
            "data_through": np.where(np.isnan(found.through), np.nan, 1.0),
            "figure": found.latest,
            "estimate": found.estimate,
            "note": pd.Series([""] * n, dtype=object),
            "rolled_up": found.rolled_up,
            "numerator": np.full(n, np.nan),
            "denominator": np.full(n, np.nan),
        }
    )


def _judge(ws, row, found: _Years, yearly, planned_now, first: int, last: int, year: int):
    """(Judged, the projection columns) of the span rows: SPEC section 7.4's pace over the span."""
    ind = row.ind.to_numpy()
    flow = derived(ws).measure_is("flow")[ind]
    down = ws.indicators.direction.to_numpy()[ind] == "down"
    target, baseline = row.target.to_numpy(float), row.baseline.to_numpy(float)
    has, has_baseline = ~np.isnan(found.through), ~np.isnan(baseline)
    actual = np.where(flow & has, np.nansum(found.figure, axis=1), found.latest)
    span_months = (last - first + 1) * 12
    elapsed = found.through - (first * 12 - 1)  # months of the span through data_through
    every = ~np.isnan(yearly).any(axis=1)  # every year so far has an annual target of the plan
    step = np.nan_to_num(found.through // 12 - first, nan=0).astype(np.int64)  # the through year's place
    month = np.nan_to_num(found.through % 12 + 1, nan=12)
    before = np.cumsum(np.nan_to_num(yearly), axis=1)
    rows = np.arange(len(row))
    sofar = np.where(step > 0, before[rows, np.maximum(step - 1, 0)], 0.0)
    this_year = np.where(found.years[step] == year, planned_now, yearly[rows, step] * month / 12)
    planned = np.where(flow & every & has, sofar + this_year, np.nan)
    linear = elapsed / span_months
    expected = np.where(flow, np.where(every, planned / target, linear), np.where(has_baseline, linear, 1.0))
    pace = np.where(flow, np.where(every, PLANNED, LINEAR), np.where(has_baseline, LINEAR, UNPACED))
    expected, pace = np.where(has, expected, np.nan), np.where(has, pace, NO_DATA)
    judged = stand(
        ws,
        flow,
        down,
        np.where(has, elapsed, np.nan),
        target,
        baseline,
        actual,
        None,
        expected,
        pace,
        planned,
    )
    projected = np.where(
        flow,
        divide(actual, expected),
        np.where(has_baseline, baseline + (actual - baseline) * divide(span_months, elapsed), actual),
    )
    remaining = np.where(flow, target - actual, np.nan)
    run_rate = np.where(flow & has, divide(actual, elapsed), np.nan)
    required = np.where(flow, divide(remaining, span_months - elapsed), np.nan)
    nothing = np.full(len(row), np.nan)
    figures = {
        "projected": projected,
        "projected_low": nothing,
        "projected_high": nothing,
        "p_meet": nothing,
        "gap": np.where(down, projected - target, target - projected),
        "remaining": remaining,
        "run_rate": run_rate,
        "required_per_month": required,
        "acceleration": divide(required, run_rate),
        "actual_prev_year": nothing,
        "yoy": nothing,
    }
    return judged, figures


def _annual_targets(ws, row, earlier_targets, annual, years, year) -> tuple[np.ndarray, np.ndarray]:
    """Per span row: the annual target of its plan in each year of the span so far (NaN: none), and
    the as-of year's planned year-to-date (`planned` of the annual table)."""
    mine = plan_keys(ws, row.ind.to_numpy(), row.area.to_numpy(), row.plan.to_numpy())
    out = np.full((len(row), len(years)), np.nan)
    for k, y in enumerate(years):  # five years, ten at most
        if y == year:
            continue
        t = earlier_targets[earlier_targets.year.to_numpy() == y]
        at = pd.Index(plan_keys(ws, t.ind.to_numpy(), t.area.to_numpy(), t.plan.to_numpy())).get_indexer(mine)
        out[at >= 0, k] = t.target.to_numpy(float)[at[at >= 0]]
    at = pd.Index(status_plan_keys(ws, annual)).get_indexer(mine)
    found = at >= 0
    planned_now = np.full(len(row), np.nan)
    planned_now[found] = annual.planned.to_numpy(float)[at[found]]
    if year in years:
        out[found, int(np.flatnonzero(years == year)[0])] = annual.target.to_numpy(float)[at[found]]
    return out, planned_now


def _missing_years(ws: Workspace, found: _Years, targets: pd.DataFrame, year: int, span: str) -> list[str]:
    """Flows with figures in the span but none at all in one of its years before `year` (counted as 0)."""
    flow = derived(ws).measure_is("flow")[targets.ind.to_numpy()]
    earlier = found.years < year
    missing = flow[:, None] & earlier[None, :] & np.isnan(found.figure) & ~np.isnan(found.through)[:, None]
    out = []
    for r, k in zip(*np.nonzero(missing), strict=True):
        if len(out) == 10:
            out.append(f"... and {int(missing.sum()) - 10} more years without figures in span targets")
            break
        area = ws.areas.area.iat[targets.area.iat[r]]
        name = ws.indicators.indicator.iat[targets.ind.iat[r]] + (f" {area}" if area else "")
        out.append(f"{name}: no figure at all for {found.years[k]} (counted as 0 in the span {span})")
    return out
