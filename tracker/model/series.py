"""Actuals to series and steps (SPEC section 4: year-to-date and levels; section 2: revisions).

A *series* is one indicator, area and year; a *step* what its figure gained at a
month end (see `tracker.model.frames`). Flows: a step per period end, summed
(a cumulative row resets the year-to-date to its value). Stocks and rates: the
level at each month end, as the change from the previous level, so the figure
at month m is again the sum of the steps up to m.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import by_code, dense_codes, month_bits, pack, present, unpack
from tracker.clashes import actual_keys, duplicated_actuals
from tracker.model.derived import derived
from tracker.model.frames import SUMMARY_COLUMNS, frame
from tracker.model.sums import exact_sums, group_sum
from tracker.workspace import Workspace


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


class Rows:
    """Some rows of an actuals frame (a mask; None: all of them), and their columns' values."""

    def __init__(self, actuals: pd.DataFrame, mask: np.ndarray | None):
        self.actuals = actuals
        self.mask = mask
        self._pick = _as_slice(mask)  # the rows of a year are usually one block: views, not copies

    @classmethod
    def latest(cls, ws: Workspace, mask: np.ndarray) -> Rows:
        """The `mask` rows of the workspace's actuals, keeping only the latest report of each figure."""
        if ws.revisions and duplicated_actuals(ws.actuals, mask).any():
            return cls(latest_revisions(ws.actuals[mask]), None)
        return cls(ws.actuals, mask)

    def __call__(self, values) -> np.ndarray:
        """The values at these rows of a column (or of an array as long as the frame)."""
        values = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
        return values if self._pick is None else values[self._pick]

    def column(self, name: str) -> np.ndarray:
        """The values of a column of the actuals at these rows."""
        return self(self.actuals[name])


def _as_slice(mask: np.ndarray | None):
    """`mask` as a slice when its rows are one block, else as it is."""
    if mask is None:
        return None
    count = int(np.count_nonzero(mask))
    if not count:
        return slice(0, 0)
    first = int(mask.argmax())
    last = len(mask) - 1 - int(mask[::-1].argmax())
    return slice(first, last + 1) if last - first + 1 == count else mask


def number_series(ws: Workspace, rows: Rows) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's series id, and the series (ind, area, year), numbered in (indicator, area, year) order."""
    year = rows.column("year")
    first_year = int(year.min()) if len(year) else 0
    sizes = (len(ws.indicators), len(ws.areas) + 1, int(year.max()) - first_year + 1 if len(year) else 1)
    key = pack(
        (rows(rows.actuals.indicator.cat.codes), sizes[0]),
        (rows(rows.actuals.area.cat.codes), sizes[1]),
        (year - first_year, sizes[2]),
    )
    codes, uniques = dense_codes(key, sizes[0] * sizes[1] * sizes[2])
    ind, area, year_offset = unpack(uniques, *sizes)
    series = frame(
        ind=ind.astype(np.int32), area=area.astype(np.int32), year=(year_offset + first_year).astype(np.int32)
    )
    return codes, series


def series_and_steps(ws: Workspace, rows: Rows) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The series and steps of these actual rows, summarised (see `tracker.model.frames`)."""
    codes, series = number_series(ws, rows)
    flow = derived(ws).measure_is("flow")[series.ind.to_numpy()][codes]
    start = rows.column("start").astype(np.int8, copy=False)
    end = rows.column("end").astype(np.int8, copy=False)
    value = rows.column("value").astype(float, copy=False)
    steps = _steps(codes, flow, start, end, value, rows.column("cumulative").astype(bool, copy=False))
    series["estimate"] = _any(codes, rows.column("estimate").astype(bool, copy=False), len(series))
    series["whole_numbers"] = _whole_numbers(ws, rows, value)[series.ind.to_numpy()]
    series["note"] = _joined_notes(rows, codes, start, end, len(series))
    series["rolled_up"] = False
    series["open_months"] = _open_months(codes, start, end, flow, len(series))
    del codes, flow  # a national year's rows: freed before the summary's own arrays
    return summarise(series, steps), steps


def _steps(codes, flow, start, end, value, cumulative) -> pd.DataFrame:
    """The steps of every row: flows (with or without cumulative rows), then levels."""
    cumulative = cumulative & flow
    if cumulative.any():
        has_cumulative = present(codes[cumulative], int(codes.max()) + 1)[codes]
        plain, mixed = flow & ~has_cumulative, flow & has_cumulative
    else:
        plain, mixed = flow, None
    parts = [frame(series=codes, end=end, delta=value) if plain.all() else
             frame(series=codes[plain], end=end[plain], delta=value[plain])]  # fmt: skip
    if mixed is not None and mixed.any():
        parts.append(mixed_flow_steps(codes[mixed], end[mixed], value[mixed], cumulative[mixed]))
    level = ~flow
    if level.any():
        parts.append(_level_steps(codes[level], start[level], end[level], value[level]))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _any(codes: np.ndarray, flags: np.ndarray, count: int) -> np.ndarray:
    """Per series: is the flag set on any of its rows?"""
    return present(codes[flags], count) if flags.any() else np.zeros(count, bool)


def _whole_numbers(ws: Workspace, rows: Rows, value: np.ndarray) -> np.ndarray:
    """Per indicator: whole numbers whose sums are exact (the workspace's answer, or these rows' alone)."""
    if rows.actuals is ws.actuals:
        return derived(ws).whole_numbers
    return np.full(len(ws.indicators), exact_sums(value))


def _open_months(codes, start, end, flow, count: int) -> np.ndarray:
    """Per series: the months inside a flow row that ends later (no year-to-date there)."""
    out = np.zeros(count, np.uint16)
    longer = flow & (start < end)
    if longer.any():
        np.bitwise_or.at(out, codes[longer], month_bits(start[longer], end[longer] - 1))
    return out


def _joined_notes(rows: Rows, codes, start, end, count: int) -> np.ndarray:
    """Per series: its rows' notes, joined in period order (then text order), not in file order."""
    out = np.full(count, "", dtype=object)
    noted = _noted(rows.actuals.note)
    if noted is None:
        return out
    noted = np.flatnonzero(rows(noted))
    if not len(noted):
        return out
    at = rows(np.arange(len(rows.actuals)))[noted]  # rows of the frame
    text = pd.DataFrame(
        {
            "series": codes[noted],
            "end": end[noted],
            "start": start[noted],
            "note": rows.actuals.note.iloc[at].to_numpy(dtype=object),
        }
    ).sort_values(["series", "end", "start", "note"], kind="stable")
    notes = text.groupby("series", sort=False).note.agg("; ".join)
    out[notes.index.to_numpy()] = notes.to_numpy()
    return out


def _noted(note: pd.Series) -> np.ndarray | None:
    """Rows with a note (None: no row has one); a categorical's notes are looked at once per text."""
    if isinstance(note.dtype, pd.CategoricalDtype):
        codes = note.cat.codes.to_numpy()
        written = note.cat.categories.to_numpy(object) != ""
        if not written.any() and not (codes < 0).any():
            return None
        return by_code(written, codes, True)  # a missing note reads as written: not ""
    return note.to_numpy(dtype=object) != ""


def mixed_flow_steps(series, end, value, cumulative) -> pd.DataFrame:
    """Steps of flows that have cumulative rows: the latest cumulative figure plus the increments after it."""
    rows = pd.DataFrame({"series": series, "end": end, "inc": np.where(cumulative, 0.0, value)})
    rows["cum"] = np.where(cumulative, value, np.nan)
    per_month = rows.groupby(["series", "end"], sort=True).agg(inc=("inc", "sum"), cum=("cum", "last"))
    per_month = per_month.reset_index()
    by_series = per_month.groupby("series")
    running = by_series.inc.cumsum()
    at_cumulative = running.where(per_month.cum.notna())
    cum = per_month.cum.groupby(per_month.series).ffill()
    base = at_cumulative.groupby(per_month.series).ffill()
    ytd = np.where(cum.notna(), cum + running - base, running)
    delta = ytd - pd.Series(ytd).groupby(per_month.series.to_numpy()).shift(fill_value=0).to_numpy()
    return pd.DataFrame({"series": per_month.series, "end": per_month.end, "delta": delta})


def _level_steps(series, start, end, value) -> pd.DataFrame:
    """Steps of stocks and rates: the level at each month end, as changes from the previous one.

    Each series and month end is a slot of a (series x 12) table, so sorting is counting.
    """
    local, owners = dense_codes(series, int(series.max()) + 1)
    slot = pack((local, len(owners)), (end.astype(np.int64) - 1, 12))
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
    owner, month = unpack(filled, len(owners), 12)
    owner = owners[owner]
    previous = np.empty_like(level)
    previous[1:] = level[:-1]
    previous[np.r_[True, owner[1:] != owner[:-1]]] = 0.0  # a series' first level counts from 0
    return frame(series=owner, end=(month + 1).astype(np.int8), delta=level - previous)


def summarise(series: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """The series with data_through, first_month, step_count and figure (at data_through) from their steps."""
    ids = series.index.to_numpy()
    base = int(ids[0]) if len(ids) else 0
    if not len(steps) or not np.array_equal(ids, np.arange(base, base + len(ids))):
        return _summarise_grouped(series, steps)
    # the series are numbered base, base + 1, ...: a (series x 12 months) table of presence
    owner = steps.series.to_numpy().astype(np.int64) - base
    end = steps.end.to_numpy().astype(np.int64)
    months = present(pack((owner, len(ids)), (end - 1, 12)), len(ids) * 12).reshape(len(ids), 12)
    step_count = np.bincount(owner, minlength=len(ids))
    if not step_count.all():  # a series without steps: leave it to pandas (NaN figures)
        return _summarise_grouped(series, steps)
    out = series.drop(columns=[c for c in SUMMARY_COLUMNS if c in series])
    out["data_through"] = (12 - np.argmax(months[:, ::-1], axis=1)).astype(np.int8)
    out["first_month"] = (np.argmax(months, axis=1) + 1).astype(np.int8)
    out["step_count"] = step_count
    out["figure"] = group_sum(owner, steps.delta.to_numpy(), len(ids), end, series.whole_numbers.to_numpy())
    return out


def _summarise_grouped(series: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    grouped = steps.groupby("series", sort=True)
    stats = pd.DataFrame(
        {
            "data_through": grouped.end.max(),
            "first_month": grouped.end.min(),
            "step_count": grouped.end.size(),
        }
    )
    owner = np.searchsorted(stats.index.to_numpy(), steps.series.to_numpy())
    stats["figure"] = group_sum(owner, steps.delta.to_numpy(), len(stats), steps.end.to_numpy())
    return series.drop(columns=[c for c in stats.columns if c in series]).join(stats)
