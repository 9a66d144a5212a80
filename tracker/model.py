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

from tracker.arrays import dense_codes, present
from tracker.errors import BadArgument, NothingToCompute
from tracker.periods import month_label, month_number, parse_month
from tracker.progress import Progress
from tracker.workspace import Workspace, actual_keys, duplicated_actuals

STATUS_COLUMNS = [
    "indicator", "name", "unit", "measure", "direction", "area", "year", "as_of",
    "data_through", "stale", "target", "baseline", "actual", "attainment", "expected",
    "index", "status", "projected", "projected_low", "projected_high", "p_meet", "gap",
    "remaining", "run_rate", "required_per_month", "acceleration", "pace",
    # added after the SPEC's keys; never renamed
    "name_en", "group", "area_name", "depth", "actual_prev_year", "yoy", "estimate",
    "note", "rolled_up",
]  # fmt: skip
STATUSES = ("achieved", "breached", "on_track", "at_risk", "lagging", "no_target", "no_data")


@dataclass
class Result:
    """The status table and what charts need beside it.

    `steps` (indicator, area, month, value: the year-to-date or level at each
    reported month end of the as-of year) is worked out when first asked for:
    only charts need it.
    """

    status: pd.DataFrame
    as_of: str
    year: int
    month: int
    profile: pd.DataFrame  # indicator, month, share (median), years
    warnings: list[str] = field(default_factory=list)
    _steps: object = field(default=None, repr=False, compare=False)

    @property
    def steps(self) -> pd.DataFrame:
        """indicator, area, month, value (year-to-date or level) of the as-of year."""
        if callable(self._steps):
            self._steps = self._steps()
        return self._steps


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
        raise NothingToCompute(
            "nothing to compute yet: the workspace has no targets and no actuals "
            "(add files to targets/ and actuals/, or pass --as-of)"
        )
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
    clash = duplicated_actuals(actuals)
    if not clash.any():
        return actuals
    sub = actuals[clash]
    sub = sub.assign(_key=actual_keys(sub), _final=~sub.estimate.to_numpy())
    order = sub.sort_values(["_key", "_final", "reported_at"], na_position="first", kind="stable")
    winners = order.drop_duplicates("_key", keep="last").index
    keep = ~clash
    keep[actuals.index.get_indexer(winners)] = True
    return actuals[keep]


def _series_and_steps(ws: Workspace, actuals: pd.DataFrame, rows: np.ndarray | None = None):
    """(series, steps) from the actual rows (those in the mask `rows`): see the module docstring.

    Series are numbered in the order of (indicator, area, year).
    """
    column = _taker(rows)
    codes, series = _series_of(ws, actuals, column)
    measure = ws.indicators.measure.to_numpy()[series.ind.to_numpy()]
    flow = measure == "flow"
    row_flow = flow[codes]
    end = column(actuals.end).astype(np.int8, copy=False)
    value = column(actuals.value).astype(float, copy=False)
    cumulative = column(actuals.cumulative).astype(bool, copy=False)
    if cumulative.any():
        cumulative = cumulative & row_flow
        has_cum = np.zeros(len(series), bool)
        has_cum[codes[cumulative]] = True
        plain = row_flow & ~has_cum[codes]
        mixed = row_flow & has_cum[codes]
    else:
        plain, mixed = row_flow, None
    if plain.all():
        parts = [_frame(series=codes, end=end, delta=value)]
    else:
        parts = [_frame(series=codes[plain], end=end[plain], delta=value[plain])]
    if mixed is not None and mixed.any():
        parts.append(_mixed_flow_steps(codes[mixed], end[mixed], value[mixed], cumulative[mixed]))
    level = ~row_flow
    if level.any():
        start = column(actuals.start).astype(np.int8, copy=False)
        parts.append(_level_steps(codes[level], start[level], end[level], value[level]))
    steps = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    # whole numbers (counts, money in units) sum exactly in any order: such series are summed by counting
    series["whole"] = _whole_indicators(ws, actuals, value)[series.ind.to_numpy()]
    estimate = column(actuals.estimate).astype(bool, copy=False)
    series["estimate"] = np.bincount(codes[estimate], minlength=len(series)) > 0 if estimate.any() else False
    series["note"] = ""
    noted = _noted(actuals.note)
    if noted is not None:
        noted = np.flatnonzero(column(noted))
        if len(noted):
            at = column(np.arange(len(actuals)))[noted]  # rows of the frame
            # joined in the order of the periods (then of the text), not of the files the rows came from
            text = pd.DataFrame(
                {
                    "series": codes[noted],
                    "end": end[noted],
                    "start": actuals.start.to_numpy()[at],
                    "note": actuals.note.iloc[at].to_numpy(dtype=object),
                }
            ).sort_values(["series", "end", "start", "note"], kind="stable")
            notes = text.groupby("series", sort=False).note.agg("; ".join)
            series["note"] = notes.reindex(range(len(series)), fill_value="").to_numpy()
    series["own"] = True
    return series, steps


def _latest(ws: Workspace, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The actuals and the mask `rows` of them, with only the latest report of each figure in `rows`."""
    if ws.revisions and duplicated_actuals(ws.actuals, rows).any():
        return latest_revisions(ws.actuals[rows]), None
    return ws.actuals, rows


def _taker(rows: np.ndarray | None):
    """A function giving a column's values at `rows` (a mask; None: all)."""
    rows = _contiguous(rows)  # the rows of a year are usually one block: views, not copies

    def take(values) -> np.ndarray:
        values = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
        return values if rows is None else values[rows]

    return take


def _series_of(ws: Workspace, actuals: pd.DataFrame, column) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's series, and the series (ind, area, year), numbered in the order of (indicator, area, year).

    `column` takes the rows wanted from a column (see `_taker`).
    """
    n_areas = len(ws.areas)
    year = column(actuals.year)
    first_year = int(year.min()) if len(year) else 0
    years = int(year.max()) - first_year + 1 if len(year) else 1
    key = column(actuals.indicator.cat.codes).astype(np.int64)
    key *= n_areas + 1
    key += column(actuals.area.cat.codes)
    key *= years
    key += year
    key -= first_year
    codes, uniques = dense_codes(key, len(ws.indicators) * (n_areas + 1) * years)
    series = pd.DataFrame(
        {
            "ind": (uniques // years // (n_areas + 1)).astype(np.int32),
            "area": (uniques // years % (n_areas + 1)).astype(np.int32),
            "year": (uniques % years + first_year).astype(np.int32),
        }
    )
    return codes, series


def _contiguous(rows: np.ndarray | None):
    """`rows` (a mask) as a slice when its rows are one block, else as it is."""
    if rows is None:
        return None
    count = int(np.count_nonzero(rows))
    if not count:
        return slice(0, 0)
    first = int(rows.argmax())
    last = len(rows) - 1 - int(rows[::-1].argmax())
    return slice(first, last + 1) if last - first + 1 == count else rows


def _whole_indicators(ws: Workspace, actuals: pd.DataFrame, value: np.ndarray) -> np.ndarray:
    """Per indicator: are all its values whole numbers whose sums a float holds exactly?

    Worked out once for the workspace's actuals (kept on it); for other rows, from `value`
    (the values of those rows) for all indicators at once.
    """
    if actuals is not ws.actuals:
        return np.full(len(ws.indicators), _exact_sums(value))
    kept = ws.__dict__.get("_whole_indicators")
    if kept is not None and kept[0] is actuals:
        return kept[1]
    every = actuals.value.to_numpy(float)
    codes = actuals.indicator.cat.codes.to_numpy()
    broken = np.zeros(len(ws.indicators), np.int64)
    largest = 0.0
    for start in range(0, len(every), 1 << 20):  # in blocks: no temporary arrays of millions
        values = every[start : start + (1 << 20)]
        with np.errstate(invalid="ignore"):
            fraction = ~np.isfinite(values) | (np.floor(values) != values)
        broken += np.bincount(codes[start : start + (1 << 20)][fraction], minlength=len(broken))
        largest = max(largest, float(np.abs(values[~fraction]).max(initial=0)))
    whole = broken == 0
    if largest * 2 * len(every) >= 2.0**52:
        whole[:] = False
    ws.__dict__["_whole_indicators"] = (actuals, whole)
    return whole


def _frame(**columns) -> pd.DataFrame:
    """A DataFrame of numpy arrays, without copying them."""
    return pd.DataFrame(columns, copy=False)


def _noted(note: pd.Series) -> np.ndarray | None:
    """Rows with a note (None: no row has one); a categorical's notes are looked at once per text."""
    if isinstance(note.dtype, pd.CategoricalDtype):
        codes = note.cat.codes.to_numpy()
        written = np.append(note.cat.categories.to_numpy(object) != "", True)  # missing: not ""
        if not written[:-1].any() and not (codes < 0).any():  # no notes at all
            return None
        return written[codes]  # a missing note (code -1) takes the last slot
    return note.to_numpy(dtype=object) != ""


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
    """Steps of stocks and rates: the level at each month end, as changes from the previous one.

    Each series and month end is a slot of a (series x 12) table, so sorting is counting.
    """
    local, owners = dense_codes(series, int(series.max()) + 1)
    slot = local * 12 + (end.astype(np.int64) - 1)
    space = len(owners) * 12
    count = np.bincount(slot, minlength=space)
    if count.max() > 1:
        # where two periods end in one month (2020-06 and 2020-Q2) the shorter, more precise one wins
        latest_start = np.zeros(space, np.int64)
        np.maximum.at(latest_start, slot, start.astype(np.int64))
        keep = start == latest_start[slot]
        slot, value = slot[keep], value[keep]
        count = np.bincount(slot, minlength=space)
    row = np.zeros(space, np.int64)
    row[slot] = np.arange(len(slot))  # one row per slot now
    filled = np.flatnonzero(count)
    level = value[row[filled]]
    owner = owners[filled // 12]
    previous = np.empty_like(level)
    previous[1:] = level[:-1]
    previous[np.r_[True, owner[1:] != owner[:-1]]] = 0.0  # a series' first level counts from 0
    return _frame(series=owner, end=(filled % 12 + 1).astype(np.int8), delta=level - previous)


def _summarise(series: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """Each series' data_through (`dt`), first month, number of steps and figure at dt."""
    ids = series.index.to_numpy()
    base = int(ids[0]) if len(ids) else 0
    if not len(steps) or not np.array_equal(ids, np.arange(base, base + len(ids))):
        return _summarise_grouped(series, steps)
    # the series are numbered base, base + 1, ...: a (series x 12 months) table of counts
    owner = steps.series.to_numpy().astype(np.int64) - base
    end = steps.end.to_numpy().astype(np.int64)
    months = present(owner * 12 + end - 1, len(ids) * 12).reshape(len(ids), 12)
    n = np.bincount(owner, minlength=len(ids))
    if not n.all():  # a series without steps: leave it to pandas (NaN figures)
        return _summarise_grouped(series, steps)
    out = series.drop(columns=[c for c in ("dt", "first", "n", "figure") if c in series])
    out["dt"] = (12 - np.argmax(months[:, ::-1], axis=1)).astype(np.int8)
    out["first"] = (np.argmax(months, axis=1) + 1).astype(np.int8)
    out["n"] = n
    whole = series.whole.to_numpy() if "whole" in series else None
    out["figure"] = group_sum(owner, steps.delta.to_numpy(), len(ids), end, whole)
    return out


def _summarise_grouped(series: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    grouped = steps.groupby("series", sort=True)
    stats = pd.DataFrame(
        {
            "dt": grouped.end.max(),
            "first": grouped.end.min(),
            "n": grouped.end.size(),
        }
    )
    owner = np.searchsorted(stats.index.to_numpy(), steps.series.to_numpy())
    stats["figure"] = group_sum(owner, steps.delta.to_numpy(), len(stats), steps.end.to_numpy())
    return series.drop(columns=[c for c in stats.columns if c in series]).join(stats)


def group_sum(
    groups: np.ndarray, values: np.ndarray, size: int, order: np.ndarray, whole: np.ndarray | None = None
) -> np.ndarray:
    """Sums of `values` by group 0..size-1 (0 for an empty group), as pandas' grouped sum.

    Sums of whole numbers (counts of people, of households; money in units) are
    exact in any order, and counted with a bincount; the groups not known to be
    `whole` (a flag per group; default: looked at here) are left to pandas, each
    group's values added in the order of `order` (a key unique within a group,
    such as the month): the same sum whatever order the rows were read in.
    """
    if whole is None:
        with np.errstate(invalid="ignore"):
            fraction = ~np.isfinite(values) | (np.floor(values) != values)
        whole = np.bincount(groups[fraction], minlength=size) == 0
        whole &= _exact_sums(values[~fraction])
    out = np.bincount(groups, weights=values, minlength=size).astype(np.float64, copy=False)
    if not whole.all():
        by_pandas = ~whole[groups]
        group, value = groups[by_pandas], values[by_pandas]
        # a level's steps telescope (l1, l2 - l1, ...): added month by month, they give back the last level
        added = np.lexsort((order[by_pandas], group))
        summed = pd.Series(value[added]).groupby(group[added], sort=False).sum()
        out[summed.index.to_numpy()] = summed.to_numpy()
    return out


def _exact_sums(values: np.ndarray) -> bool:
    """Whether every partial sum of `values` is a whole number that a float holds exactly."""
    if not len(values):
        return True
    magnitude = np.abs(values)
    with np.errstate(invalid="ignore"):
        return bool(magnitude.sum() < 2.0**52 and (np.floor(values) == values).all())


# --- roll-up --------------------------------------------------------------------------------------------


def _roll_up(ws: Workspace, series: pd.DataFrame, steps: pd.DataFrame, targets: pd.DataFrame):
    """Parents' missing actuals and targets from their children, deepest level first.

    An (indicator, area, year) is one integer `key` below `space`, so finding
    children, their parents and what those lack is counting in arrays.
    """
    areas = ws.areas
    if areas.empty or (areas.depth == 0).all():
        return series, steps, targets
    parts = [(steps, 0, len(series))]  # steps of series low..high-1: the first ones, then each level's
    depth = areas.depth.to_numpy()
    parent_code = np.maximum(pd.Index(areas.area).get_indexer(areas.parent), 0)  # a root: itself, unused
    addable = ws.indicators.measure.isin(["flow", "stock"]).to_numpy()
    stock = (ws.indicators.measure == "stock").to_numpy()
    years = np.unique(np.concatenate([series.year.to_numpy(), targets.year.to_numpy()]))
    space = len(ws.indicators) * len(areas) * len(years)

    def key(frame: pd.DataFrame, area: np.ndarray | None = None) -> np.ndarray:
        area = frame.area.to_numpy() if area is None else area
        ind = frame.ind.to_numpy().astype(np.int64)
        return (ind * len(areas) + area) * len(years) + np.searchsorted(years, frame.year.to_numpy())

    for level in range(int(depth.max()), 0, -1):
        kid_series = series[(depth[series.area.to_numpy()] == level) & addable[series.ind.to_numpy()]]
        kid_targets = targets[(depth[targets.area.to_numpy()] == level) & addable[targets.ind.to_numpy()]]
        # "children": those with a target or an actual for the indicator and year
        has_actual = present(key(kid_series), space)
        has_target = present(key(kid_targets), space)
        child = np.flatnonzero(has_actual | has_target)
        ind_area, year = np.divmod(child, len(years))
        ind, area = np.divmod(ind_area, len(areas))
        parent = (ind * len(areas) + parent_code[area]) * len(years) + year
        members = present(parent, space)

        # actuals: parents without their own, whose children have all reported
        wanted = members & ~present(parent[~has_actual[child]], space)
        wanted[key(series)] = False
        if wanted.any():
            low = len(series)
            kid_parent = key(kid_series, parent_code[kid_series.area.to_numpy()])
            series, rolled = _roll_actuals(series, parts, kid_series, kid_parent, wanted, stock, parent_code)
            parts.append((rolled, low, len(series)))
        # targets (and baselines): parents without their own, whose children all have one
        wanted = members & ~present(parent[~has_target[child]], space)
        wanted[key(targets)] = False
        if wanted.any():
            targets = pd.concat([targets, _roll_targets(kid_targets, key, parent_code, wanted)])
            targets = targets.reset_index(drop=True)
    steps = pd.concat([p[0] for p in parts], ignore_index=True) if len(parts) > 1 else steps
    return series, steps, targets


def _roll_targets(
    kid_targets: pd.DataFrame, key, parent_code: np.ndarray, wanted: np.ndarray
) -> pd.DataFrame:
    """Targets (and baselines, where every child has one) of the `wanted` parents: their children's sums."""
    kid_parent = key(kid_targets, parent_code[kid_targets.area.to_numpy()])
    picked = wanted[kid_parent]
    parent_key = kid_parent[picked]
    group, keys = dense_codes(parent_key, len(wanted))  # parents in the order of (indicator, area, year)
    target = kid_targets.target.to_numpy()[picked]
    baseline = kid_targets.baseline.to_numpy()[picked]
    no_base = np.isnan(baseline)
    child = kid_targets.area.to_numpy()[picked]  # the order children's figures are added in
    summed_baseline = group_sum(group[~no_base], baseline[~no_base], len(keys), child[~no_base])
    one = np.zeros(len(keys), np.int64)  # one child of each parent (any): its indicator, parent and year
    one[group] = np.arange(len(group))
    rows = kid_targets.iloc[np.flatnonzero(picked)[one]]
    return pd.DataFrame(
        {
            "ind": rows.ind.to_numpy(),
            "area": parent_code[rows.area.to_numpy()].astype(rows.area.dtype),
            "year": rows.year.to_numpy(),
            "target": group_sum(group, target, len(keys), child),
            "baseline": np.where(
                np.bincount(group[no_base], minlength=len(keys)) > 0, np.nan, summed_baseline
            ),
            "rolled": True,
        }
    )


def _roll_actuals(series, parts, kid_series, kid_parent, wanted, stock, parent_code):
    """New parent series for the `wanted` parent keys, and their steps summed from the children's.

    `kid_parent` is each child series' parent key; `parts` hold the steps of every series so far.
    """
    picked = wanted[kid_parent]
    chosen = kid_series[picked]
    parent_key = kid_parent[picked]
    group, keys = dense_codes(parent_key, len(wanted))  # parents in the order of (indicator, area, year)
    n = len(keys)
    dt, first = chosen.dt.to_numpy(), chosen["first"].to_numpy()
    pdt = np.full(n, 127, np.int8)
    np.minimum.at(pdt, group, dt)
    pfull = np.zeros(n, np.int8)
    np.maximum.at(pfull, group, first)
    estimate = np.bincount(group, weights=chosen.estimate.to_numpy(float), minlength=n) > 0
    one = np.zeros(n, np.int64)  # one child of each parent (any): its indicator, parent and year
    one[group] = np.arange(len(group))
    ind = chosen.ind.to_numpy()[one]
    # a stock's sum needs every child's level at the parent's month; without it, no sum
    keep = ~stock[ind] | (pfull <= pdt)
    pid = np.full(n, -1, np.int64)
    pid[keep] = np.arange(len(series), len(series) + int(keep.sum()))
    child_of = pid[group]
    sid = chosen.index.to_numpy()[child_of >= 0]
    group = group[child_of >= 0]
    child_pid = np.full(len(series), -1, np.int64)
    child_pid[sid] = pid[group]
    child_dt = np.zeros(len(series), np.int8)
    child_dt[sid] = pdt[group]
    child_full = np.zeros(len(series), np.int8)
    child_full[sid] = np.where(stock[chosen.ind.to_numpy()[child_of >= 0]], pfull[group], 0)
    is_child = child_pid >= 0
    parents = pd.DataFrame(
        {
            "ind": ind[keep],
            "area": parent_code[chosen.area.to_numpy()[one][keep]].astype(chosen.area.dtype),
            "year": chosen.year.to_numpy()[one][keep],
            "estimate": estimate[keep],
        }
    )

    first_pid = len(series)
    whole = bool(series.whole.to_numpy()[sid].all())
    slots = len(parents) * 12  # (parent x 12 months)
    count, sums = np.zeros(slots, np.int64), np.zeros(slots)
    taken, deltas, added = [], [], []
    for steps, low, high in parts:
        if not is_child[low:high].any():  # no child's steps in this part
            continue
        s = steps.series.to_numpy()
        end = steps.end.to_numpy()
        use = is_child[s]
        use &= end <= child_dt[s]
        s, end = s[use], end[use]
        if not whole:  # each child's steps in turn, month by month
            added.append(s.astype(np.int64) * 12 + end - 1)
        # a parent's stock is complete only once every child has a level: earlier changes land there
        end = np.maximum(end, child_full[s])
        delta = steps.delta.to_numpy()[use]
        slot = (child_pid[s] - first_pid) * 12 + end - 1  # (parent x 12 months)
        count += np.bincount(slot, minlength=slots)
        if whole:  # whole numbers: summed by counting, part by part, in any order
            sums += np.bincount(slot, weights=delta, minlength=slots)
        else:
            taken.append(slot)
            deltas.append(delta)
    if taken:
        sums = group_sum(
            np.concatenate(taken), np.concatenate(deltas), slots, np.concatenate(added), np.zeros(slots, bool)
        )
    filled = np.flatnonzero(count)
    rolled = _frame(
        series=filled // 12 + first_pid, end=(filled % 12 + 1).astype(np.int8), delta=sums[filled]
    )
    new = parents.assign(note="", own=False, whole=whole)
    new.index = np.arange(first_pid, first_pid + len(parents))
    new = _summarise(new, rolled)
    return pd.concat([series, new]), rolled


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
    own = steps[_among(steps.series, pick.index.to_numpy())].sort_values(["series", "end"])
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
    """The status table as of `as_of` (YYYY-MM; default: SPEC section 4).

    The years before the as-of year are the same whatever the month: their
    figures (and the seasonal profile they give) are kept on the workspace, so
    computing several months of one year repeats only that year's work.
    """
    as_of_n = resolve_as_of(ws, as_of)
    year, month = as_of_n // 12, as_of_n % 12 + 1
    with Progress("computing the status") as progress:
        before, shares, profile, targets = _earlier_years(ws, year)
        progress.step(f"computing the status as of {month_label(as_of_n)}")
        now = _year_through(ws, year, month, targets)
        status = _status(ws, now, before, shares, profile, year, month)
    prof = profile.assign(indicator=ws.indicators.indicator.to_numpy()[profile.ind.to_numpy(int)])
    warnings = list(ws.warnings) + _pace_warnings(ws, profile)
    return Result(
        status,
        month_label(as_of_n),
        year,
        month,
        prof[["indicator", "month", "share", "years", "low", "high"]],
        warnings,
        lambda: _current_steps(ws, now.series, now.steps, year),
    )


@dataclass
class _Part:
    """The series, steps and targets of some years, rolled up; series numbered 0, 1, ..."""

    series: pd.DataFrame
    steps: pd.DataFrame
    targets: pd.DataFrame
    last_steps: pd.DataFrame | None = None  # the steps of the last year (for "same period last year")
    last_year: tuple | None = None  # the last year's series, and their ids by indicator and area


def _part(ws: Workspace, rows: np.ndarray, targets: pd.DataFrame) -> _Part:
    """The part of the model made of the actual `rows` (a mask) and these targets."""
    if not rows.any() and not len(targets):
        return _empty_part(targets)
    actuals, rows = _latest(ws, rows)
    series, steps = _series_and_steps(ws, actuals, rows)
    series = _summarise(series, steps)
    series, steps, targets = _roll_up(ws, series, steps, targets)
    return _Part(series, steps, targets)


def _year_through(ws: Workspace, year: int, month: int, targets: pd.DataFrame) -> _Part:
    """The part of the model made of `year`'s actuals that end by `month`, and its targets."""
    in_time = (ws.actuals.year.to_numpy() == year) & (ws.actuals.end.to_numpy() <= month)
    return _part(ws, in_time, targets)


def _empty_part(targets: pd.DataFrame) -> _Part:
    series = pd.DataFrame(
        {
            "ind": np.zeros(0, np.int32),
            "area": np.zeros(0, np.int32),
            "year": np.zeros(0, np.int32),
            "estimate": np.zeros(0, bool),
            "whole": np.zeros(0, bool),
            "note": np.zeros(0, object),
            "own": np.zeros(0, bool),
            "dt": np.zeros(0, np.int8),
            "first": np.zeros(0, np.int8),
            "n": np.zeros(0, np.int64),
            "figure": np.zeros(0, float),
        }
    )
    steps = _frame(series=np.zeros(0, np.int64), end=np.zeros(0, np.int8), delta=np.zeros(0, float))
    return _Part(series, steps, targets, steps)


def _earlier_years(ws: Workspace, year: int):
    """(the years before `year`, the shares of their complete years, the profile, the targets of `year`).

    Kept on the workspace: they do not depend on the month.
    """
    kept = ws.__dict__.get("_earlier_years")
    if kept is not None and kept[0] == year and kept[1] is ws.actuals and kept[2] is ws.targets:
        return kept[3:]
    targets = _target_table(ws)
    target_year = targets.year.to_numpy()
    before = _part(ws, ws.actuals.year.to_numpy() < year, targets[target_year < year])
    last = before.series.index.to_numpy()[before.series.year.to_numpy() == year - 1]
    before.last_steps = before.steps[_among(before.steps.series, last)]
    shares = _year_shares(ws, before.series, before.steps, year)
    kept = (year, ws.actuals, ws.targets, before, shares, _profile(shares), targets[target_year == year])
    ws.__dict__["_earlier_years"] = kept
    return kept[3:]


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
    """Area ids (None for the nameless area), names and depths by code; kept on the workspace."""
    kept = ws.__dict__.get("_area_names")
    if kept is not None and kept[0] is ws.areas:
        return kept[1]
    ids = np.array([a if a else None for a in ws.areas.area], dtype=object)
    names = np.array([n if n else None for n in ws.areas.name], dtype=object)
    ws.__dict__["_area_names"] = (ws.areas, (ids, names, ws.areas.depth.to_numpy()))
    return ids, names, ws.areas.depth.to_numpy()


@dataclass
class _Judged:
    """Each row's expected pace, attainment, index and status (codes of _STATUS_CODES)."""

    flow: np.ndarray
    down: np.ndarray
    m: np.ndarray
    has_data: np.ndarray
    target: np.ndarray
    baseline: np.ndarray
    actual: np.ndarray
    years: np.ndarray
    low: np.ndarray
    high: np.ndarray
    expected: np.ndarray
    pace: np.ndarray
    attainment: np.ndarray
    index: np.ndarray
    status: np.ndarray


def _judge(ws: Workspace, row: pd.DataFrame, profile: pd.DataFrame) -> _Judged:
    """SPEC section 4 for the rows of `_rows`: the pace expected of them, and how they stand against it."""
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

    # expected pace: the profile as a table of (indicator x month 0..12) cells, NaN where it has none
    table = np.full((4, len(cat) * 13), np.nan)
    if len(profile):
        at = profile.ind.to_numpy(np.int64) * 13 + profile.month.to_numpy(np.int64)
        table[:, at] = profile[["share", "years", "low", "high"]].to_numpy(float).T
    median, years, low, high = table[:, i.astype(np.int64) * 13 + np.nan_to_num(m, nan=0).astype(np.int64)]
    seasonal = flow & (np.nan_to_num(years) >= 2) & (ws.settings.pace != "linear")
    linear = m / 12
    expected = np.where(flow, np.where(seasonal, median, linear), np.where(has_base, linear, 1.0))
    expected = np.where(has_data, expected, np.nan)
    pace = np.where(flow, np.where(seasonal, 0, 1), np.where(has_base, 1, 2))
    pace = np.where(has_data, pace, 3)  # codes of PACES

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
        status = np.select(  # codes of _STATUS_CODES
            [
                np.isnan(target),
                ~has_data,
                np.isnan(attainment),
                ~ceiling & (attainment >= 1),
                ceiling & (actual > target),
                # as computed, in binary floating point, as the reference computations do (docs/MODEL.md)
                np.isnan(index) | (index >= th.on_track),
                index >= th.at_risk,
            ],
            range(7),
            7,
        )
    return _Judged(
        flow, down, m, has_data, target, baseline, actual, years, low, high, expected, pace,
        attainment, index, status,
    )  # fmt: skip


def statuses_as_of(ws: Workspace, as_of: str) -> pd.Series:
    """The `status` column as of a month, alone (cheaper than `compute`): indexed by `status_keys`."""
    as_of_n = resolve_as_of(ws, as_of)
    year, month = as_of_n // 12, as_of_n % 12 + 1
    _, _, profile, targets = _earlier_years(ws, year)
    row = _rows(ws, _year_through(ws, year, month, targets))
    keys = row.ind.to_numpy().astype(np.int64) * len(ws.areas) + row.area.to_numpy()
    return pd.Series(_STATUS_CODES[_judge(ws, row, profile).status], index=keys, dtype=object)


def status_keys(ws: Workspace, status: pd.DataFrame) -> np.ndarray:
    """Each status row's (indicator, area) as one integer, as in `statuses_as_of`."""
    ind = pd.Index(ws.indicators.indicator.to_numpy(object)).get_indexer(status.indicator.to_numpy(object))
    area = pd.Index(ws.areas.area.to_numpy(object)).get_indexer(status.area.fillna("").to_numpy(object))
    return ind.astype(np.int64) * len(ws.areas) + area


def _status(ws, now: _Part, before: _Part, shares, profile, year, month) -> pd.DataFrame:
    row = _rows(ws, now)
    i = row.ind.to_numpy()
    j = _judge(ws, row, profile)
    flow, down, m, has_data, actual, target = j.flow, j.down, j.m, j.has_data, j.actual, j.target
    expected, attainment, index, status = j.expected, j.attainment, j.index, j.status
    years, low, high, pace, baseline = j.years, j.low, j.high, j.pace, j.baseline

    with np.errstate(divide="ignore", invalid="ignore"):
        trend = _level_trend(now.steps, row.sid.to_numpy(float), flow)
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
    prev, yoy = _previous_year(before, row, year)

    ids, names, depths = _area_names(ws)
    text = _workspace_labels(ws)
    area = row.area.to_numpy()
    # the catalogue's order of indicators, then depth (root first), then area id
    order = np.lexsort((text["area"].rank[area], depths[area], i))
    i, area, m, has_data = i[order], area[order], m[order], has_data[order]
    notes, note_codes = _labels(row.note.fillna("").to_numpy(object)[order])
    months = np.array([None] + [f"{year:04d}-{k:02d}" for k in range(1, 13)], dtype=object)
    out = pd.DataFrame(
        {
            "indicator": _texts(text["indicator"], i),
            "name": _texts(text["name"], i),
            "unit": _texts(text["unit"], i),
            "measure": _texts(text["measure"], i),
            "direction": _texts(text["direction"], i),
            "area": _texts(text["area"], area),
            "year": year,
            "as_of": f"{year:04d}-{month:02d}",
            "data_through": _texts(months, np.where(has_data, np.nan_to_num(m), 0).astype(np.int64)),
            "stale": np.where(has_data, m < month, None).astype(object),
            "target": target[order],
            "baseline": baseline[order],
            "actual": actual[order],
            "attainment": attainment[order],
            "expected": expected[order],
            "index": index[order],
            "status": _texts(_STATUS_LABELS, status[order]),
            "projected": projected[order],
            "projected_low": projected_low[order],
            "projected_high": projected_high[order],
            "p_meet": p_meet[order],
            "gap": gap[order],
            "remaining": remaining[order],
            "run_rate": run_rate[order],
            "required_per_month": required[order],
            "acceleration": acceleration[order],
            "pace": _texts(_PACE_LABELS, pace[order]),
            "name_en": _texts(text["name_en"], i),
            "group": _texts(text["group"], i),
            "area_name": _texts(text["area_name"], area),
            "depth": depths[area],
            "actual_prev_year": prev[order],
            "yoy": yoy[order],
            "estimate": row.estimate.fillna(False).to_numpy(bool)[order],
            "note": _texts(notes, note_codes),
            "rolled_up": has_data & ~row.own.fillna(True).to_numpy(bool)[order],
        },
        copy=False,
    )
    return out[STATUS_COLUMNS]


PACES = np.array(["seasonal", "linear", "none", None], dtype=object)
_STATUS_CODES = np.array(
    ["no_target", "no_data", None, "achieved", "breached", "on_track", "at_risk", "lagging"], dtype=object
)


def _labels(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, code of each value)."""
    codes, uniques = pd.factorize(values)
    return np.asarray(uniques, dtype=object), codes


def _texts(labels, codes: np.ndarray):
    """`labels[codes]`, made a text column (pandas' str) directly, as pandas would type the objects.

    Taking from a few labels in Arrow is much faster than letting pandas look at
    every object; where pandas would not make a text column of them (no text,
    or values that are not text), the objects are returned as they are.
    `labels` is an array of texts (None for missing) or a `_Labels`.
    """
    labels = labels if isinstance(labels, _Labels) else _Labels(labels)
    if labels.arrow is None or not len(codes):
        return labels.values[codes]
    used = labels.values[np.bincount(codes, minlength=len(labels.values)) > 0] if labels.missing else ()
    if labels.missing and all(x is None for x in used):
        return labels.values[codes]  # no text at all: pandas keeps the objects
    import pyarrow as pa

    return labels.arrow.take(pa.array(codes)).to_pandas()


class _Labels:
    """Texts to take from by code: the objects, and an Arrow array of them when they are all text."""

    def __init__(self, values: np.ndarray):
        import pyarrow as pa

        self.values = np.asarray(values, dtype=object)
        given = [x for x in self.values if x is not None]
        self.missing = len(given) < len(self.values)
        text = all(type(x) is str for x in given)
        self.arrow = pa.array(list(self.values), pa.string()) if text else None
        self.rank: np.ndarray | None = None  # for area ids: each one's place in sorted order


_STATUS_LABELS, _PACE_LABELS = _Labels(_STATUS_CODES), _Labels(PACES)


def _workspace_labels(ws: Workspace) -> dict[str, _Labels]:
    """The catalogue's and the area tree's texts by code, kept on the workspace."""
    kept = ws.__dict__.get("_labels")
    if kept is not None and kept[0] is ws.indicators and kept[1] is ws.areas:
        return kept[2]
    ids, names, _ = _area_names(ws)
    columns = ("indicator", "name", "unit", "measure", "direction", "name_en", "group")
    labels = {c: _Labels(ws.indicators[c].to_numpy(object)) for c in columns}
    labels["area"], labels["area_name"] = _Labels(ids), _Labels(names)
    # each area id's place in the sorted ids (the nameless area first), to sort rows by area id
    labels["area"].rank = pd.factorize(np.array([a or "" for a in ids], dtype=object), sort=True)[0]
    ws.__dict__["_labels"] = (ws.indicators, ws.areas, labels)
    return labels


def _rows(ws: Workspace, now: _Part) -> pd.DataFrame:
    """One row per indicator and area with a target or an actual in the as-of year, with both."""
    cur, tgt = now.series, now.targets
    n_areas = len(ws.areas)
    series_key = cur.ind.to_numpy().astype(np.int64) * n_areas + cur.area.to_numpy()
    target_key = tgt.ind.to_numpy().astype(np.int64) * n_areas + tgt.area.to_numpy()
    space = len(ws.indicators) * n_areas
    series_at = np.full(space, -1, np.int64)
    series_at[series_key] = np.arange(len(cur))
    target_at = np.full(space, -1, np.int64)
    target_at[target_key] = np.arange(len(tgt))
    keys = np.flatnonzero((series_at >= 0) | (target_at >= 0))
    s, t = series_at[keys], target_at[keys]
    has_s, has_t = s >= 0, t >= 0

    def pick(values: np.ndarray, at: np.ndarray, found: np.ndarray, missing):
        out = np.full(len(keys), missing, dtype=object if values.dtype == object else None)
        out[found] = values[at[found]]
        return out

    return pd.DataFrame(
        {
            "ind": keys // n_areas,
            "area": keys % n_areas,
            "target": pick(tgt.target.to_numpy(float), t, has_t, np.nan),
            "baseline": pick(tgt.baseline.to_numpy(float), t, has_t, np.nan),
            "sid": pick(cur.index.to_numpy().astype(float), s, has_s, np.nan),
            "dt": pick(cur.dt.to_numpy(float), s, has_s, np.nan),
            "figure": pick(cur.figure.to_numpy(float), s, has_s, np.nan),
            "estimate": pick(cur.estimate.to_numpy(bool), s, has_s, False),
            "note": pd.Series(pick(cur.note.to_numpy(object), s, has_s, ""), dtype=object, copy=False),
            "own": pick(cur.own.to_numpy(bool), s, has_s, True),
        },
        copy=False,
    )


def _among(ids: pd.Series, chosen: np.ndarray) -> np.ndarray:
    """`ids.isin(chosen)` for series ids (small non-negative integers), by looking up a table."""
    values = ids.to_numpy()
    if not len(values) or not len(chosen):
        return np.zeros(len(values), bool)
    table = np.zeros(max(int(values.max()), int(np.max(chosen))) + 1, bool)
    table[np.asarray(chosen, np.int64)] = True
    return table[values]


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
    own = steps[_among(steps.series, chosen)]
    order = own.series.to_numpy().astype(np.int64) * 16 + own.end.to_numpy()
    if not (np.diff(order) > 0).all():  # levels' steps come sorted by series and month, as a rule
        own = own.sort_values(["series", "end"])
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
    # the positive shares of each indicator and month, side by side: (indicator, month, year)
    positive = shares[shares.share.to_numpy() > 0]
    ind, month = positive.ind.to_numpy().astype(np.int64), positive.month.to_numpy().astype(np.int64)
    cell = ind * 13 + month
    order = np.argsort(cell, kind="stable")
    cell, share = cell[order], positive.share.to_numpy()[order]
    first = np.searchsorted(cell, cell)  # where each cell's shares start
    width = int((np.arange(len(cell)) - first).max()) + 1 if len(cell) else 1
    table = np.full(((int(ind.max()) + 1 if len(ind) else 1) * 13, width), np.nan)
    table[cell, np.arange(len(cell)) - first] = share
    r = np.flatnonzero(history)
    look = row.ind.to_numpy().astype(np.int64)[r] * 13 + m[r].astype(np.int64)
    inside = look < len(table)
    shares_r = np.full((len(r), width), np.nan)
    shares_r[inside] = table[look[inside]]
    goal = target[r][:, None] * shares_r
    with np.errstate(invalid="ignore"):
        meets = np.where(down[r][:, None], actual[r][:, None] <= goal, actual[r][:, None] >= goal)
    years = (~np.isnan(shares_r)).sum(axis=1)
    met = (meets & ~np.isnan(shares_r)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out[r] = np.where(years > 0, met / years, np.nan)
    return out


def _previous_year(before: _Part, row, year) -> tuple[np.ndarray, np.ndarray]:
    """The same month's figure a year earlier, and the relative change; NaN where not reported."""
    series = before.series
    if before.last_year is None:  # last year's series by indicator and area (a table), worked out once
        prev = series[series.year == year - 1]
        n_inds = int(prev.ind.max()) + 1 if len(prev) else 1
        n_areas = int(prev.area.max()) + 1 if len(prev) else 1
        sid_of = np.full(n_inds * n_areas, -1, np.int64)
        sid_of[prev.ind.to_numpy().astype(np.int64) * n_areas + prev.area.to_numpy()] = prev.index.to_numpy()
        before.last_year = (prev, sid_of, n_inds, n_areas)
    prev, sid_of, n_inds, n_areas = before.last_year
    if prev.empty or not len(row):
        nan = np.full(len(row), np.nan)
        return nan, nan
    # each series of last year is the row's of the same indicator and area, if any
    ind, area = row.ind.to_numpy().astype(np.int64), row.area.to_numpy()
    inside = (ind < n_inds) & (area < n_areas)
    sid = np.where(inside, sid_of[np.where(inside, ind * n_areas + area, 0)], -1)
    want = pd.DataFrame({"r": np.arange(len(row)), "sid": sid})
    want = want[(want.sid >= 0).to_numpy() & row.dt.notna().to_numpy()]
    steps = before.last_steps
    r_of = np.full(int(series.index.max()) + 1, -1, np.int64)
    r_of[want.sid.to_numpy()] = want.r.to_numpy()
    r = r_of[steps.series.to_numpy()]
    taken = r >= 0
    r = r[taken]
    end = steps.end.to_numpy()[taken]
    month = row.dt.to_numpy(float)[r]
    upto = end <= month
    whole = np.zeros(len(row), bool)
    whole[want.r.to_numpy()] = series.whole.to_numpy()[want.sid.to_numpy()]
    figure = group_sum(r[upto], steps.delta.to_numpy()[taken][upto], len(row), end[upto], whole)
    exact = np.bincount(r[end == month], minlength=len(row)) > 0
    out = np.where(exact, figure, np.nan)
    yoy = _div(row.figure.to_numpy(float) - out, out)
    return out, yoy


def _current_steps(ws, series, steps, year) -> pd.DataFrame:
    """Figures at each reported month end of the as-of year (year-to-date or level), for charts."""
    cur = series[series.year == year]
    own = steps[_among(steps.series, cur.index.to_numpy())].sort_values(["series", "end"])
    ids, _, _ = _area_names(ws)
    return pd.DataFrame(
        {
            "indicator": _texts(_workspace_labels(ws)["indicator"], cur.ind.reindex(own.series).to_numpy()),
            "area": _texts(_workspace_labels(ws)["area"], cur.area.reindex(own.series).to_numpy()),
            "month": own.end.to_numpy().astype(int),
            "value": own.delta.groupby(own.series).cumsum().to_numpy(),
        },
        copy=False,
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
    if not pick.any():
        return []
    a, pick = _latest(ws, pick)
    column = _taker(pick)
    codes, series = _series_of(ws, a, column)
    start, end = column(a.start).astype(np.int64), column(a.end).astype(np.int64)
    n = len(series)
    # per series (indicator, area, year): the months from its first start to its last end, and those covered
    starts = present(codes * 12 + start - 1, n * 12).reshape(n, 12)
    ends = present(codes * 12 + end - 1, n * 12).reshape(n, 12)
    span = (12 - np.argmax(ends[:, ::-1], axis=1)) - (np.argmax(starts, axis=1) + 1) + 1
    covered = np.bincount(codes, weights=end - start + 1, minlength=n)
    holes = np.flatnonzero(covered < span)  # in the order of indicator, area and year
    lines = []
    indicators, areas = a.indicator.cat.categories, a.area.cat.categories
    for h in holes[:20]:
        mine = codes == h
        have = set()
        for s, e in zip(start[mine], end[mine], strict=True):
            have.update(range(int(s), int(e) + 1))
        yr = int(series.year.iat[h])
        gone = [
            f"{yr:04d}-{mm:02d}"
            for mm in range(int(start[mine].min()), int(end[mine].max()) + 1)
            if mm not in have
        ]
        indicator = indicators[int(series.ind.iat[h])]
        area_id = areas[int(series.area.iat[h])]
        lines.append(
            f"{indicator} {area_id or ''}: no figure for {', '.join(gone)} (counted as nothing happened)"
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
