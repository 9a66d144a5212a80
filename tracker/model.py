"""The model, as of a month: year-to-date and levels, roll-up, attainment, pace, status, projection.

Everything is vectorised over integer codes. The actuals become *series* (one
per indicator, area and year) and *steps* (one per series and end month): a
step's `delta` is what the year-to-date (flows) or the level (stocks, rates)
gained at that month's end, so the figure at month m is the sum of the steps
up to m. Rolling children up to a parent is then one grouped sum of their steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker.errors import BadArgument
from tracker.periods import month_label, month_number, parse_month
from tracker.workspace import Workspace, actual_keys

STATUS_COLUMNS = [
    "indicator", "name", "unit", "measure", "direction", "area", "year", "as_of",
    "data_through", "stale", "target", "baseline", "actual", "attainment", "expected",
    "index", "status", "projected", "projected_low", "projected_high", "p_meet", "gap",
    "remaining", "run_rate", "required_per_month", "acceleration", "pace",
    # added after the SPEC's keys; never renamed
    "name_en", "group", "area_name", "depth", "actual_prev_year", "yoy", "estimate",
    "note", "rolled_up",
]  # fmt: skip
# An index of 0.7999999999999999 is 80% to anyone reading the report: compare with a hair of slack.
TOLERANCE = 1e-9
STATUSES = ("achieved", "breached", "on_track", "at_risk", "lagging", "no_target", "no_data")


@dataclass
class Result:
    """The status table and what charts need beside it."""

    status: pd.DataFrame
    as_of: str
    year: int
    month: int
    steps: pd.DataFrame  # indicator, area, month, value (year-to-date or level) of the as-of year
    profile: pd.DataFrame  # indicator, month, share (median), years
    warnings: list[str] = field(default_factory=list)


# --- as of -----------------------------------------------------------------------------------------


def default_as_of(ws: Workspace) -> int:
    """The SPEC's default month number: the last month of actuals in the latest target year."""
    ends = month_number(ws.actuals.year.to_numpy(), ws.actuals.end.to_numpy())
    if len(ws.targets):
        latest = int(ws.targets.year.max())
        in_year = ends[ws.actuals.year.to_numpy() == latest]
        if len(in_year):
            return int(in_year.max())
        if not len(ends):
            return int(month_number(latest, 1))
    if not len(ends):
        raise BadArgument("nothing to compute: the workspace has no targets and no actuals")
    return int(ends.max())


def resolve_as_of(ws: Workspace, as_of: str | None) -> int:
    """The month number of `--as-of` (YYYY-MM), or the default."""
    if as_of is None:
        return default_as_of(ws)
    number = parse_month(as_of)
    if number is None:
        raise BadArgument(f"--as-of: got {as_of!r} (expected a month such as 2020-06)")
    return number


# --- series and steps --------------------------------------------------------------------------------


def latest_revisions(actuals: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator, area and period: a final beats an estimate, then the latest reported_at."""
    key = actual_keys(actuals)
    clash = pd.Series(key).duplicated(keep=False).to_numpy()
    if not clash.any():
        return actuals
    sub = actuals[clash].assign(_key=key[clash], _final=~actuals.estimate.to_numpy()[clash])
    order = sub.sort_values(["_key", "_final", "reported_at"], na_position="first", kind="stable")
    winners = order.drop_duplicates("_key", keep="last").index
    keep = ~clash
    keep[actuals.index.get_indexer(winners)] = True
    return actuals[keep]


def _series_and_steps(ws: Workspace, actuals: pd.DataFrame):
    """(series, steps) from the actual rows: see the module docstring."""
    n_areas = len(ws.areas)
    ind = actuals.indicator.cat.codes.to_numpy(np.int64)
    area = actuals.area.cat.codes.to_numpy(np.int64)
    year = actuals.year.to_numpy(np.int64)
    codes, uniques = pd.factorize((ind * (n_areas + 1) + area) * 10000 + year)
    series = pd.DataFrame(
        {
            "ind": (uniques // 10000 // (n_areas + 1)).astype(np.int32),
            "area": (uniques // 10000 % (n_areas + 1)).astype(np.int32),
            "year": (uniques % 10000).astype(np.int32),
        }
    )
    measure = ws.indicators.measure.to_numpy()[series.ind.to_numpy()]
    flow = measure == "flow"
    end = actuals.end.to_numpy(np.int8)
    value = actuals.value.to_numpy(float)
    cumulative = actuals.cumulative.to_numpy(bool) & flow[codes]
    has_cum = np.zeros(len(series), bool)
    has_cum[codes[cumulative]] = True
    plain = flow[codes] & ~has_cum[codes]
    parts = [pd.DataFrame({"series": codes[plain], "end": end[plain], "delta": value[plain]})]
    mixed = flow[codes] & has_cum[codes]
    if mixed.any():
        parts.append(_mixed_flow_steps(codes[mixed], end[mixed], value[mixed], cumulative[mixed]))
    level = ~flow[codes]
    if level.any():
        start = actuals.start.to_numpy(np.int8)
        parts.append(_level_steps(codes[level], start[level], end[level], value[level]))
    steps = pd.concat(parts, ignore_index=True)
    series["estimate"] = (
        np.bincount(codes, weights=actuals.estimate.to_numpy(float), minlength=len(series)) > 0
    )
    noted = actuals.note.to_numpy(dtype=object) != ""
    notes = pd.Series(actuals.note.to_numpy(dtype=object)[noted]).groupby(codes[noted]).agg("; ".join)
    series["note"] = notes.reindex(range(len(series)), fill_value="").to_numpy()
    series["own"] = True
    return series, steps


def _mixed_flow_steps(series, end, value, cumulative) -> pd.DataFrame:
    """Steps of flows that have cumulative rows: the latest cumulative figure plus the increments after it."""
    frame = pd.DataFrame({"series": series, "end": end, "inc": np.where(cumulative, 0.0, value)})
    frame["cum"] = np.where(cumulative, value, np.nan)
    per_month = frame.groupby(["series", "end"], sort=True).agg(inc=("inc", "sum"), cum=("cum", "last"))
    per_month = per_month.reset_index()
    by_series = per_month.groupby("series")
    running = by_series.inc.cumsum()
    at_cum = running.where(per_month.cum.notna())
    cum = per_month.cum.groupby(per_month.series).ffill()
    base = at_cum.groupby(per_month.series).ffill()
    ytd = np.where(cum.notna(), cum + running - base, running)
    delta = ytd - pd.Series(ytd).groupby(per_month.series.to_numpy()).shift(fill_value=0).to_numpy()
    return pd.DataFrame({"series": per_month.series, "end": per_month.end, "delta": delta})


def _level_steps(series, start, end, value) -> pd.DataFrame:
    """Steps of stocks and rates: the level at each month end, as changes from the previous one."""
    frame = pd.DataFrame({"series": series, "start": start, "end": end, "value": value})
    # where two periods end in one month (2020-06 and 2020-Q2) the shorter, more precise one wins
    frame = frame.sort_values(["series", "end", "start"], kind="stable")
    frame = frame.drop_duplicates(["series", "end"], keep="last")
    delta = frame.value - frame.value.groupby(frame.series).shift(fill_value=0)
    return pd.DataFrame(
        {"series": frame.series.to_numpy(), "end": frame.end.to_numpy(), "delta": delta.to_numpy()}
    )


def _summarise(series: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """Each series' data_through (`dt`), first month, number of steps and figure at dt."""
    grouped = steps.groupby("series", sort=True)
    stats = pd.DataFrame(
        {
            "dt": grouped.end.max(),
            "first": grouped.end.min(),
            "n": grouped.end.size(),
            "figure": grouped.delta.sum(),
        }
    )
    return series.drop(columns=[c for c in stats.columns if c in series]).join(stats)


# --- roll-up --------------------------------------------------------------------------------------------


def _roll_up(ws: Workspace, series: pd.DataFrame, steps: pd.DataFrame, targets: pd.DataFrame):
    """Parents' missing actuals and targets from their children, deepest level first."""
    areas = ws.areas
    if areas.empty or (areas.depth == 0).all():
        return series, steps, targets
    depth = areas.depth.to_numpy()
    parent_code = pd.Index(areas.area).get_indexer(areas.parent)
    addable = ws.indicators.measure.isin(["flow", "stock"]).to_numpy()
    stock = (ws.indicators.measure == "stock").to_numpy()
    for level in range(int(depth.max()), 0, -1):
        kids = np.flatnonzero(depth == level)
        kid_series = series[np.isin(series.area.to_numpy(), kids) & addable[series.ind.to_numpy()]]
        kid_targets = targets[np.isin(targets.area.to_numpy(), kids) & addable[targets.ind.to_numpy()]]
        # "children": those with a target or an actual for the indicator and year
        members = (
            pd.concat(
                [
                    kid_series[["ind", "area", "year"]].assign(has_actual=True, has_target=False),
                    kid_targets[["ind", "area", "year"]].assign(has_actual=False, has_target=True),
                ]
            )
            .groupby(["ind", "area", "year"], as_index=False)
            .agg(has_actual=("has_actual", "any"), has_target=("has_target", "any"))
        )
        members["parent"] = parent_code[members.area.to_numpy()]
        group = members.groupby(["ind", "parent", "year"])
        complete = group.agg(actuals=("has_actual", "all"), targets=("has_target", "all"))

        # actuals: parents without their own, whose children have all reported
        own = pd.MultiIndex.from_frame(series[["ind", "area", "year"]])
        wanted = complete[complete.actuals].index
        wanted = wanted[~wanted.isin(own)]
        if len(wanted):
            series, steps = _roll_actuals(series, steps, kid_series, parent_code, wanted, stock)
        # targets (and baselines): parents without their own, whose children all have one
        owned = pd.MultiIndex.from_frame(targets[["ind", "area", "year"]])
        wanted = complete[complete.targets].index
        wanted = wanted[~wanted.isin(owned)]
        if len(wanted):
            kid_t = kid_targets.assign(parent=parent_code[kid_targets.area.to_numpy()])
            kid_t = kid_t.set_index(["ind", "parent", "year"])
            kid_t = kid_t[kid_t.index.isin(wanted)].groupby(level=[0, 1, 2])
            summed = pd.DataFrame({"target": kid_t.target.sum(), "baseline": kid_t.baseline.sum(min_count=1)})
            summed.loc[kid_t.baseline.count() < kid_t.size(), "baseline"] = np.nan
            summed = summed.rename_axis(["ind", "area", "year"]).reset_index()
            targets = pd.concat([targets, summed.assign(rolled=True)], ignore_index=True)
    return series, steps, targets


def _roll_actuals(series, steps, kid_series, parent_code, wanted, stock):
    """New parent series for `wanted` (ind, parent, year), their steps summed from the children's."""
    kid_series = kid_series.assign(parent=parent_code[kid_series.area.to_numpy()])
    key = pd.MultiIndex.from_frame(kid_series[["ind", "parent", "year"]])
    chosen = kid_series[key.isin(wanted)].reset_index(names="sid")
    parents = (
        chosen.groupby(["ind", "parent", "year"])
        .agg(pdt=("dt", "min"), pfull=("first", "max"), estimate=("estimate", "any"))
        .reset_index()
    )
    # a stock's sum needs every child's level at the parent's month; without it, no sum
    parents = parents[~stock[parents.ind.to_numpy()] | (parents.pfull <= parents.pdt)]
    parents["pid"] = np.arange(len(series), len(series) + len(parents))
    chosen = chosen.merge(
        parents[["ind", "parent", "year", "pid", "pdt", "pfull"]], on=["ind", "parent", "year"]
    )
    sid = chosen.sid.to_numpy()
    child_pid = np.full(len(series), -1)
    child_pid[sid] = chosen.pid.to_numpy()
    child_dt = np.zeros(len(series), np.int64)
    child_dt[sid] = chosen.pdt.to_numpy()
    child_full = np.zeros(len(series), np.int64)
    child_full[sid] = np.where(stock[chosen.ind.to_numpy()], chosen.pfull.to_numpy(), 0)

    s = steps.series.to_numpy()
    pid = child_pid[s]
    end = steps.end.to_numpy().astype(np.int64)
    use = (pid >= 0) & (end <= child_dt[s])
    # a parent's stock is complete only once every child has a level: earlier changes land there
    end = np.maximum(end, child_full[s])
    rolled = (
        pd.DataFrame(
            {
                "series": pid[use],
                "end": end[use].astype(np.int8),
                "delta": steps.delta.to_numpy()[use],
            }
        )
        .groupby(["series", "end"], as_index=False, sort=False)
        .delta.sum()
    )
    new = parents.rename(columns={"parent": "area"})[["ind", "area", "year", "estimate"]].assign(
        note="", own=False
    )
    new.index = parents.pid.to_numpy()
    new = _summarise(new, rolled)
    return pd.concat([series, new]), pd.concat([steps, rolled], ignore_index=True)


# --- seasonal profile -------------------------------------------------------------------------------


def _year_shares(ws: Workspace, series: pd.DataFrame, steps: pd.DataFrame, year: int) -> pd.DataFrame:
    """Share of the year total reached by each month, for the root's complete earlier flow years."""
    flow = (ws.indicators.measure == "flow").to_numpy()
    root = pd.Index(ws.areas.area).get_indexer([ws.root_area])[0]
    pick = series[
        (series.area == root) & (series.year < year) & flow[series.ind.to_numpy()] & (series.n == 12)
    ]
    pick = pick[pick.figure > 0]
    if pick.empty:
        return pd.DataFrame({"ind": [], "year": [], "month": [], "share": []})
    own = steps[steps.series.isin(pick.index)].sort_values(["series", "end"])
    running = own.delta.groupby(own.series).cumsum()
    total = pick.figure.reindex(own.series).to_numpy()
    return pd.DataFrame(
        {
            "ind": pick.ind.reindex(own.series).to_numpy(),
            "year": pick.year.reindex(own.series).to_numpy(),
            "month": own.end.to_numpy().astype(np.int64),
            "share": running.to_numpy() / total,
        }
    )


def _profile(shares: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and month: the median share, the number of years, and the extreme non-zero shares."""
    if shares.empty:
        return pd.DataFrame(columns=["ind", "month", "share", "years", "low", "high"])
    grouped = shares.groupby(["ind", "month"])
    positive = shares[shares.share > 0].groupby(["ind", "month"]).share
    out = pd.DataFrame({"share": grouped.share.median(), "years": grouped.share.size()})
    out["low"] = positive.min()  # the smallest share gives the highest projection
    out["high"] = positive.max()
    return out.reset_index()


# --- the status table -----------------------------------------------------------------------------


def compute(ws: Workspace, as_of: str | None = None) -> Result:
    """The status table as of `as_of` (YYYY-MM; default: SPEC section 4)."""
    as_of_n = resolve_as_of(ws, as_of)
    year, month = as_of_n // 12, as_of_n % 12 + 1
    actuals = ws.actuals
    used = actuals[month_number(actuals.year.to_numpy(), actuals.end.to_numpy()) <= as_of_n]
    used = latest_revisions(used)
    series, steps = _series_and_steps(ws, used)
    series = _summarise(series, steps)
    targets = _target_table(ws)
    series, steps, targets = _roll_up(ws, series, steps, targets)
    shares = _year_shares(ws, series, steps, year)
    profile = _profile(shares)
    status = _status(ws, series, steps, targets, shares, profile, year, month)
    result_steps = _current_steps(ws, series, steps, year)
    prof = profile.assign(indicator=ws.indicators.indicator.to_numpy()[profile.ind.to_numpy(int)])
    warnings = list(ws.warnings) + _pace_warnings(ws, profile)
    return Result(
        status,
        month_label(as_of_n),
        year,
        month,
        result_steps,
        prof[["indicator", "month", "share", "years", "low", "high"]],
        warnings,
    )


def _target_table(ws: Workspace) -> pd.DataFrame:
    t = ws.targets
    return pd.DataFrame(
        {
            "ind": t.indicator.cat.codes.to_numpy(np.int32),
            "area": t.area.cat.codes.to_numpy(np.int32),
            "year": t.year.to_numpy(np.int32),
            "target": t.target.to_numpy(float),
            "baseline": t.baseline.to_numpy(float),
            "rolled": False,
        }
    )


def _area_names(ws: Workspace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area ids (None for the nameless area), names and depths by code."""
    ids = np.array([a if a else None for a in ws.areas.area], dtype=object)
    names = np.array([n if n else None for n in ws.areas.name], dtype=object)
    return ids, names, ws.areas.depth.to_numpy()


def _status(ws, series, steps, targets, shares, profile, year, month) -> pd.DataFrame:
    cur = series[series.year == year]
    tgt = targets[targets.year == year]
    keys = pd.concat([cur[["ind", "area"]], tgt[["ind", "area"]]]).drop_duplicates()
    row = keys.merge(tgt[["ind", "area", "target", "baseline", "rolled"]], on=["ind", "area"], how="left")
    cur_cols = cur.reset_index(names="sid")[
        ["ind", "area", "sid", "dt", "n", "figure", "estimate", "note", "own"]
    ]
    row = row.merge(cur_cols, on=["ind", "area"], how="left")
    cat = ws.indicators
    i = row.ind.to_numpy()
    measure = cat.measure.to_numpy()[i]
    down = cat.direction.to_numpy()[i] == "down"
    flow = measure == "flow"
    ceiling = flow & down
    m = row.dt.to_numpy(float)
    has_data = ~np.isnan(m)
    target = row.target.to_numpy(float)
    baseline = row.baseline.to_numpy(float)
    actual = row.figure.to_numpy(float)
    has_base = ~np.isnan(baseline)

    # expected pace
    prof = profile.set_index(["ind", "month"]) if len(profile) else None
    look = pd.MultiIndex.from_arrays([i, np.nan_to_num(m, nan=0).astype(int)])
    median = prof.share.reindex(look).to_numpy(float) if prof is not None else np.full(len(row), np.nan)
    years = prof.years.reindex(look).to_numpy(float) if prof is not None else np.full(len(row), np.nan)
    low = prof.low.reindex(look).to_numpy(float) if prof is not None else np.full(len(row), np.nan)
    high = prof.high.reindex(look).to_numpy(float) if prof is not None else np.full(len(row), np.nan)
    seasonal = flow & (np.nan_to_num(years) >= 2) & (ws.settings.pace != "linear")
    linear = m / 12
    expected = np.where(flow, np.where(seasonal, median, linear), np.where(has_base, linear, 1.0))
    expected = np.where(has_data, expected, np.nan)
    pace = np.where(flow, np.where(seasonal, "seasonal", "linear"), np.where(has_base, "linear", "none"))
    pace = np.where(has_data, pace, None)

    with np.errstate(divide="ignore", invalid="ignore"):
        attainment = np.where(
            flow,
            actual / target,
            np.where(
                has_base,
                _div(actual - baseline, target - baseline),
                np.where(~down, _div(actual, target), np.nan),
            ),
        )
        index = np.where(ceiling, _div(expected, attainment), _div(attainment, expected))
        th = ws.settings.thresholds
        status = np.select(
            [
                np.isnan(target),
                ~has_data,
                np.isnan(attainment),
                ~ceiling & (attainment >= 1),
                ceiling & (actual > target),
                np.isnan(index) | (index >= th.on_track - TOLERANCE),
                index >= th.at_risk - TOLERANCE,
            ],
            ["no_target", "no_data", None, "achieved", "breached", "on_track", "at_risk"],
            "lagging",
        )
        status = np.where(status == "None", None, status).astype(object)

        # projection
        trend = _level_trend(steps, row.sid.to_numpy(float), flow)
        projected = np.where(flow, _div(actual, expected), trend)
        history = flow & (np.nan_to_num(years) >= 3)
        projected_low = np.where(history, _div(actual, high), np.nan)
        projected_high = np.where(history, _div(actual, low), np.nan)
        gap = np.where(down, projected - target, target - projected)
        remaining = np.where(flow, target - actual, np.nan)
        run_rate = np.where(flow & has_data, _div(actual, m), np.nan)
        required = np.where(flow, _div(remaining, 12 - m), np.nan)
        acceleration = _div(required, run_rate)
    p_meet = _p_meet(row, shares, history, down, actual, target, m)
    prev, yoy = _previous_year(series, steps, row, year)

    ids, names, depths = _area_names(ws)
    area = row.area.to_numpy()
    out = pd.DataFrame(
        {
            "indicator": cat.indicator.to_numpy()[i],
            "name": cat.name.to_numpy()[i],
            "unit": cat.unit.to_numpy()[i],
            "measure": measure,
            "direction": cat.direction.to_numpy()[i],
            "area": ids[area],
            "year": year,
            "as_of": f"{year:04d}-{month:02d}",
            "data_through": np.array(
                [f"{year:04d}-{int(x):02d}" if x == x else None for x in m], dtype=object
            ),
            "stale": np.where(has_data, m < month, None).astype(object),
            "target": target,
            "baseline": baseline,
            "actual": actual,
            "attainment": attainment,
            "expected": expected,
            "index": index,
            "status": status,
            "projected": projected,
            "projected_low": projected_low,
            "projected_high": projected_high,
            "p_meet": p_meet,
            "gap": gap,
            "remaining": remaining,
            "run_rate": run_rate,
            "required_per_month": required,
            "acceleration": acceleration,
            "pace": pace,
            "name_en": cat.name_en.to_numpy()[i],
            "group": cat.group.to_numpy()[i],
            "area_name": names[area],
            "depth": depths[area],
            "actual_prev_year": prev,
            "yoy": yoy,
            "estimate": row.estimate.fillna(False).to_numpy(bool),
            "note": row.note.fillna("").to_numpy(object),
            "rolled_up": has_data & ~row.own.fillna(True).to_numpy(bool),
        }
    )
    order = np.lexsort((out.area.fillna("").to_numpy(str), out.depth.to_numpy(), i))
    return out.iloc[order].reset_index(drop=True)[STATUS_COLUMNS]


def _div(a, b):
    """a / b, NaN where b is 0 or NaN (SQL's a / nullif(b, 0))."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1), np.nan)


def _level_trend(steps, sid, flow) -> np.ndarray:
    """Levels at December: least squares over the year's monthly values with 3 or more, else the last."""
    out = np.full(len(sid), np.nan)
    want = ~flow & ~np.isnan(sid)
    if not want.any():
        return out
    chosen = sid[want].astype(np.int64)
    own = steps[steps.series.isin(chosen)].sort_values(["series", "end"])
    level = own.delta.groupby(own.series).cumsum()
    x = own.end.to_numpy(float)
    y = level.to_numpy()
    g = pd.DataFrame({"s": own.series.to_numpy(), "x": x, "y": y, "xx": x * x, "xy": x * y}).groupby("s")
    sums = g.sum()
    n = g.size().astype(float)
    den = n * sums.xx - sums.x**2
    slope = _div(n * sums.xy - sums.x * sums.y, den)
    intercept = (sums.y - slope * sums.x) / n
    last = g.y.last()
    fit = np.where((n >= 3) & ~np.isnan(slope), intercept + slope * 12, last)
    out[want] = pd.Series(fit, index=sums.index).reindex(chosen).to_numpy()
    return out


def _p_meet(row, shares, history, down, actual, target, m) -> np.ndarray:
    """Share of the complete earlier years whose pattern, applied to the ytd, meets the target."""
    out = np.full(len(row), np.nan)
    if shares.empty or not history.any():
        return out
    rows = pd.DataFrame(
        {
            "r": np.flatnonzero(history),
            "ind": row.ind.to_numpy()[history],
            "month": m[history].astype(int),
        }
    )
    joined = rows.merge(shares[shares.share > 0], on=["ind", "month"])
    r = joined.r.to_numpy()
    meets = np.where(
        down[r],
        actual[r] <= target[r] * joined.share.to_numpy(),
        actual[r] >= target[r] * joined.share.to_numpy(),
    )
    mean = pd.Series(meets.astype(float)).groupby(r).mean()
    out[mean.index.to_numpy()] = mean.to_numpy()
    return out


def _previous_year(series, steps, row, year) -> tuple[np.ndarray, np.ndarray]:
    """The same month's figure a year earlier, and the relative change; NaN where not reported."""
    prev = series[series.year == year - 1].reset_index(names="sid")
    if prev.empty:
        nan = np.full(len(row), np.nan)
        return nan, nan
    want = pd.DataFrame(
        {
            "r": np.arange(len(row)),
            "ind": row.ind.to_numpy(),
            "area": row.area.to_numpy(),
            "m": row.dt.to_numpy(float),
        }
    )
    want = want.dropna(subset=["m"]).merge(prev[["ind", "area", "sid"]], on=["ind", "area"])
    s = steps[steps.series.isin(want.sid)].merge(want[["sid", "r", "m"]], left_on="series", right_on="sid")
    s = s[s.end <= s.m]
    figure = s.groupby("r").delta.sum()
    exact = s[s.end == s.m].groupby("r").size()
    figure = figure[figure.index.isin(exact.index)]
    out = np.full(len(row), np.nan)
    out[figure.index.to_numpy()] = figure.to_numpy()
    yoy = _div(row.figure.to_numpy(float) - out, out)
    return out, yoy


def _current_steps(ws, series, steps, year) -> pd.DataFrame:
    """Figures at each reported month end of the as-of year (year-to-date or level), for charts."""
    cur = series[series.year == year]
    own = steps[steps.series.isin(cur.index)].sort_values(["series", "end"])
    ids, _, _ = _area_names(ws)
    return pd.DataFrame(
        {
            "indicator": ws.indicators.indicator.to_numpy()[cur.ind.reindex(own.series).to_numpy()],
            "area": ids[cur.area.reindex(own.series).to_numpy()],
            "month": own.end.to_numpy().astype(int),
            "value": own.delta.groupby(own.series).cumsum().to_numpy(),
        }
    )


def _pace_warnings(ws: Workspace, profile: pd.DataFrame) -> list[str]:
    if ws.settings.pace != "seasonal":
        return []
    flows = ws.indicators[ws.indicators.measure == "flow"]
    enough = set(profile.ind[profile.years >= 2]) if len(profile) else set()
    short = [f for code, f in zip(flows.index, flows.indicator, strict=True) if code not in enough]
    if not short:
        return []
    return [
        f'pace = "seasonal" needs two complete earlier years at the root area; linear pace used for '
        f"{', '.join(short[:10])}{' and more' if len(short) > 10 else ''}"
    ]


# --- gaps in monthly series -----------------------------------------------------------------------


def missing_months(ws: Workspace, through: int | None = None) -> list[str]:
    """Months missing inside an incremental flow's monthly series (counted as nothing happened)."""
    a = ws.actuals
    flow = (ws.indicators.measure == "flow").to_numpy()[a.indicator.cat.codes.to_numpy()]
    pick = flow & ~a.cumulative.to_numpy(bool)
    if through is not None:
        ends = month_number(a.year.to_numpy(), a.end.to_numpy())
        pick &= (ends <= through) & (a.year.to_numpy() == through // 12)
    a = a[pick]
    if a.empty:
        return []
    a = latest_revisions(a)
    grouped = a.groupby(["indicator", "area", "year"], observed=True)
    span = grouped.end.max() - grouped.start.min() + 1
    covered = (a.end - a.start + 1).groupby([a.indicator, a.area, a.year], observed=True).sum()
    holes = span[covered < span].index
    lines = []
    for indicator, area, yr in holes[:20]:
        rows = a[(a.indicator == indicator) & (a.area == area) & (a.year == yr)]
        have = set()
        for s, e in zip(rows.start, rows.end, strict=True):
            have.update(range(int(s), int(e) + 1))
        gone = [
            f"{yr:04d}-{mm:02d}"
            for mm in range(int(rows.start.min()), int(rows.end.max()) + 1)
            if mm not in have
        ]
        lines.append(
            f"{indicator} {area or ''}: no figure for {', '.join(gone)} (counted as nothing happened)"
        )
    if len(holes) > 20:
        lines.append(f"... and {len(holes) - 20} more series with missing months")
    return lines


# --- monthly paths for charts ---------------------------------------------------------------------


def paths(result: Result, rows: pd.DataFrame) -> pd.DataFrame:
    """Month-by-month actual, plan and projection of the given status rows (docs/MODEL.md)."""
    n = len(rows)
    month = np.tile(np.arange(1, 13), n)
    r = np.repeat(np.arange(n), 12)
    pick = rows.reset_index(drop=True)
    get = {c: pick[c].to_numpy()[r] for c in ("indicator", "area", "measure", "pace")}
    number = {
        c: pick[c].to_numpy(float)[r]
        for c in ("target", "baseline", "actual", "projected", "projected_low", "projected_high")
    }
    through = pick.data_through.map(lambda t: int(t[5:7]) if isinstance(t, str) else 0).to_numpy()[r]
    profile = result.profile.set_index(["indicator", "month"]).share
    seasonal = profile.reindex(pd.MultiIndex.from_arrays([get["indicator"], month])).to_numpy(float)
    shape = np.where(get["pace"] == "seasonal", seasonal, month / 12)
    flow = get["measure"] == "flow"
    has_base = ~np.isnan(number["baseline"])
    plan = np.where(
        flow,
        number["target"] * shape,
        np.where(
            has_base,
            number["baseline"] + (number["target"] - number["baseline"]) * month / 12,
            number["target"],
        ),
    )
    steps = (
        result.steps.assign(area=result.steps.area.fillna("")).set_index(["indicator", "area", "month"]).value
    )
    area_key = pd.Series(get["area"]).fillna("").to_numpy(object)
    actual = steps.reindex(pd.MultiIndex.from_arrays([get["indicator"], area_key, month])).to_numpy(float)
    after = (month >= through) & (through > 0)
    fraction = np.where(through < 12, (month - through) / np.maximum(12 - through, 1), 1.0)
    line = np.where(
        flow,
        number["projected"] * shape,
        number["actual"] + (number["projected"] - number["actual"]) * fraction,
    )
    out = pd.DataFrame(
        {
            "indicator": get["indicator"],
            "area": get["area"],
            "month": month,
            "actual": actual,
            "plan": plan,
            "projected": np.where(after, line, np.nan),
            "projected_low": np.where(
                after,
                number["actual"] + (number["projected_low"] - number["actual"]) * fraction,
                np.nan,
            ),
            "projected_high": np.where(
                after,
                number["actual"] + (number["projected_high"] - number["actual"]) * fraction,
                np.nan,
            ),
        }
    )
    return out
