"""Actual rows that clash (SPEC section 3): the same key twice, overlapping periods of a flow, and an
increment over a year-to-date.

Revisions are the exception: rows of one indicator, area and period with distinct
`reported_at` (or an estimate and a final figure) are versions of one figure, and the
model keeps the latest (tracker.model.series.latest_revisions). Every check is
vectorised over integer keys: a national workspace has 9 million rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker import schemas
from tracker.arrays import BINS, dense_codes, pack, present
from tracker.errors import Problem


def clash_problems(frame: pd.DataFrame, rows: np.ndarray, flows: np.ndarray) -> tuple[list[Problem], bool]:
    """The problems of the actual `rows` (a mask) that clash, and whether some share a key (revisions).

    `flows`: the rows of flows, whose periods must not overlap.
    """
    twins = duplicated_actuals(frame, rows)
    problems = _duplicate_actuals(frame, twins)
    flows = rows & flows
    cumulative = frame.cumulative.to_numpy()
    incremental = flows & ~cumulative
    problems += _overlapping_flows(frame, incremental)
    if cumulative.any():
        problems += _increments_over_year_to_date(frame, incremental, flows & cumulative)
    return problems, bool(twins.any())


def actual_keys(frame: pd.DataFrame) -> np.ndarray:
    """One int64 per (indicator, area, year, period shape): duplicates found by hashing one column."""
    return pack((series_keys(frame), 0), (frame.start.to_numpy() - 1, 12), (frame.end.to_numpy() - 1, 12))


def _period_shapes(frame: pd.DataFrame) -> np.ndarray:
    """One int64 per row for its year, first and last month."""
    return pack((frame.year.to_numpy(), 0), (frame.start.to_numpy() - 1, 12), (frame.end.to_numpy() - 1, 12))


def duplicated_actuals(frame: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """Rows (among `rows`, default all) that share their indicator, area and period with another.

    The same as `pd.Series(actual_keys(frame)).duplicated(keep=False)`, by counting
    integer keys instead of hashing them.
    """
    out = np.zeros(len(frame), bool)
    if rows is not None and not rows.any() or not len(frame):
        return out
    pick = slice(None) if rows is None or rows.all() else rows
    period = _period_ids(frame)[pick]
    periods = int(period.max()) + 1
    areas = len(frame.area.cat.categories) + 1
    space = (len(frame.indicator.cat.categories) + 1) * areas * periods
    # key = (period * indicators + indicator + 1) * areas + area + 1, computed in place; the period
    # first, as files come a period at a time: consecutive rows count into nearby slots
    key = period.astype(np.int32 if space < 2**31 else np.int64)
    key *= len(frame.indicator.cat.categories) + 1
    key += frame.indicator.cat.codes.to_numpy()[pick]
    key += 1
    key *= areas
    key += frame.area.cat.codes.to_numpy()[pick]
    key += 1
    if space <= max(BINS, 4 * len(key)):
        # counted only when some key repeats: as a rule none does, and marking touches less memory
        if np.count_nonzero(present(key, space)) < len(key):
            out[pick] = (np.bincount(key, minlength=space) > 1)[key]
    else:
        out[pick] = pd.Series(key).duplicated(keep=False).to_numpy()
    return out


def _period_ids(frame: pd.DataFrame) -> np.ndarray:
    """One small integer per row for its year, first and last month (equal periods, equal ids)."""
    period = frame.period
    if isinstance(period.dtype, pd.CategoricalDtype):  # texts such as 2020-q2 and 2020-Q2 are one period
        each = schemas.with_periods(pd.DataFrame({"period": period.cat.categories}))
        ids, _ = pd.factorize(np.append(_period_shapes(each), -1))
        return ids[period.cat.codes.to_numpy()]  # a missing period (code -1) reads the last id
    ids, _ = pd.factorize(_period_shapes(frame))
    return ids


def duplicated_rows(*columns: np.ndarray) -> np.ndarray:
    """Rows whose values in all the integer `columns` repeat those of another row (keep=False).

    The columns are small integer codes (indicator, area, year, month), so each is
    turned into dense ranks and the ranks into one integer; repeats are counted
    with a bincount instead of hashing the rows.
    """
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, bool)
    key = np.zeros(n, np.int64)
    space = 1
    for values in columns:
        ranks, size = _dense_ranks(values)
        if space > max(BINS, 4 * n) // size:  # keep the combined key small: rank it again
            key, space = _dense_ranks(key)
        key = key * size + ranks
        space *= size
    if space <= max(BINS, 4 * n):
        return np.bincount(key, minlength=space)[key] > 1
    return pd.Series(key).duplicated(keep=False).to_numpy()


def _dense_ranks(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Each value's rank among the distinct values (0, 1, ...), and how many there are."""
    low = int(values.min())
    ranks, uniques = dense_codes(values.astype(np.int64) - low, int(values.max()) - low + 1)
    return ranks, len(uniques)


def _duplicate_actuals(frame: pd.DataFrame, twins: np.ndarray) -> list[Problem]:
    """Rows of one indicator, area and period (`twins`) that neither reported_at nor estimate tells apart."""
    if not twins.any():
        return []
    suspects = frame[twins].assign(key=actual_keys(frame[twins]))
    same = ["key", "estimate", "reported_at"]
    clash = suspects.duplicated(same, keep=False)
    suspects = suspects[clash]
    first = suspects.groupby(same, dropna=False).head(1).set_index(same)[["file", "line"]]
    problems = []
    for row in suspects[suspects.duplicated(same, keep="first")].itertuples():
        f, ln = first.loc[(row.key, row.estimate, row.reported_at)]
        problems.append(
            Problem(
                str(row.file),
                int(row.line),
                "period",
                f"a second row for {row.indicator}{f' {row.area}' if row.area else ''} {row.period} "
                f"(first on {f}:{ln}; "
                "expected one row per indicator, area and period, or a later reported_at for a revision)",
            )
        )
    return problems


def phase_overlaps(targets: pd.DataFrame, phases: np.ndarray) -> list[Problem]:
    """Phase targets (rows `phases`) of one indicator, area, year and plan that overlap, as actuals would."""
    cumulative = phases & targets.cumulative.to_numpy()
    return _overlapping_flows(targets, phases & ~cumulative) + _increments_over_year_to_date(
        targets, phases & ~cumulative, cumulative
    )


def series_keys(frame: pd.DataFrame) -> np.ndarray:
    """One int64 per row for its indicator, area and year (and plan, for targets): one series shares it."""
    key = pack(
        (frame.indicator.cat.codes.to_numpy(), 0),
        (frame.area.cat.codes.to_numpy() + 1, len(frame.area.cat.categories) + 1),  # missing (-1): 0
        (frame.year.to_numpy(), 10000),
    )
    if "plan" in frame.columns:
        key = pack((key, 0), (frame.plan.cat.codes.to_numpy() + 1, len(frame.plan.cat.categories) + 1))
    return key


def _overlapping_flows(frame: pd.DataFrame, rows: np.ndarray) -> list[Problem]:
    """Incremental rows of one flow (among `rows`) whose periods share a month (2020-06 and 2020-Q2).

    The periods of each series are swept in order of their first month; a period that
    starts at or before the furthest end month of those before it overlaps the period
    that reached that far. Of the two, the later line is reported, naming the earlier.
    Revisions and estimates of one period (rows of one key) are one period: the first
    of them is named.
    """
    longer = rows & (frame.start.to_numpy() != frame.end.to_numpy())
    if not longer.any():  # months alone can only clash as duplicates
        return []
    series = series_keys(frame)
    pick = rows & np.isin(series, np.unique(series[longer]))
    sub = pd.DataFrame(
        {
            "series": series[pick],
            "start": frame.start.to_numpy()[pick].astype(np.int64),
            "end": frame.end.to_numpy()[pick].astype(np.int64),
            "row": np.flatnonzero(pick),
        }
    )
    sub = sub.drop_duplicates(["series", "start", "end"]).sort_values(["series", "start", "end"])
    start, end, row = (sub[c].to_numpy() for c in ("start", "end", "row"))
    first = np.r_[True, sub.series.to_numpy()[1:] != sub.series.to_numpy()[:-1]]
    # the furthest end month so far, within the series: series rank and month in one rising number
    reach = pack((np.cumsum(first) - 1, 0), (end, 16))
    furthest = np.maximum.accumulate(reach)
    before = np.r_[-1, furthest[:-1]]
    # the period that first reached the furthest end so far, and so the one a clash overlaps
    holder = np.maximum.accumulate(np.where(reach > before, np.arange(len(sub)), 0))
    clash = np.flatnonzero(~first & (start <= end - reach + before))
    problems = []
    for i in clash:
        later, earlier = max(row[i], row[holder[i - 1]]), min(row[i], row[holder[i - 1]])
        problems.append(
            Problem(
                str(frame.file.iat[later]),
                int(frame.line.iat[later]),
                "period",
                f"{frame.period.iat[later]} overlaps {frame.period.iat[earlier]} of "
                f"{_series_name(frame, later)} at {_where(frame, earlier)} "
                "(expected periods that do not overlap; for year-to-date figures set cumulative = true)",
            )
        )
    return problems


def _increments_over_year_to_date(
    frame: pd.DataFrame, incremental: np.ndarray, cumulative: np.ndarray
) -> list[Problem]:
    """Incremental rows of a flow that start at or before the end of a year-to-date row and end after it.

    Such a row (2020-Q2 after a year-to-date through 2020-05) would count the months
    it shares with the year-to-date twice. It is named with the latest year-to-date
    it overlaps; revisions and estimates of one year-to-date are one row, the first named.
    """
    if not cumulative.any() or not incremental.any():
        return []
    series = series_keys(frame)
    incremental = incremental & np.isin(series, np.unique(series[cumulative]))
    if not incremental.any():
        return []
    start, end = frame.start.to_numpy().astype(np.int64), frame.end.to_numpy().astype(np.int64)
    # the year-to-date rows, one per series and end month (the first of its revisions), sorted
    totals = np.flatnonzero(cumulative)
    keys, first = np.unique(pack((series[totals], 0), (end[totals], 16)), return_index=True)
    totals = totals[first]
    # for each incremental period (the first of its revisions), the latest year-to-date of its
    # series that ends before the period does
    rows = np.flatnonzero(incremental)
    rows = rows[np.unique(pack((series[rows], 0), (start[rows], 16), (end[rows], 16)), return_index=True)[1]]
    k = np.searchsorted(keys, pack((series[rows], 0), (end[rows] - 1, 16)), side="right") - 1
    found = totals[np.maximum(k, 0)]
    over = (k >= 0) & (series[found] == series[rows]) & (end[found] >= start[rows])
    problems = []
    for r, total in zip(rows[over], found[over], strict=True):
        year = int(frame.year.iat[r])
        shared = f"{year}-{start[r]:02d}" + (f" to {year}-{end[total]:02d}" if start[r] < end[total] else "")
        through = frame.period.iat[total]
        problems.append(
            Problem(
                str(frame.file.iat[r]),
                int(frame.line.iat[r]),
                "period",
                f"{frame.period.iat[r]} overlaps the year-to-date {through} of {_series_name(frame, r)} "
                f"at {_where(frame, total)}, which already counts {shared} (expected an incremental "
                f"period that starts after {through}, or a cumulative row for {year}-{end[r]:02d})",
            )
        )
    return problems


def _series_name(frame: pd.DataFrame, row: int) -> str:
    """`jobs`, or `jobs in A` where the row has an area (and `of plan tw` where it is a target of a plan)."""
    area = frame.area.iat[row]
    plan = frame.plan.iat[row] if "plan" in frame.columns else ""
    return f"{frame.indicator.iat[row]}{f' in {area}' if area else ''}{f' of plan {plan}' if plan else ''}"


def _where(frame: pd.DataFrame, row: int) -> str:
    return f"{frame.file.iat[row]}:{int(frame.line.iat[row])}"
