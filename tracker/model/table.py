"""The status table (SPEC sections 4-5): one row per indicator and area, in the catalogue's order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.arrays import pack, unpack
from tracker.model.derived import derived
from tracker.model.frames import Part, plan_keys
from tracker.model.judge import STATUS_CODES, Judged
from tracker.model.labels import Texts
from tracker.model.pace import PACE_CODES
from tracker.periods import month_label
from tracker.workspace import Workspace

STATUS_COLUMNS = [
    "indicator", "name", "unit", "measure", "direction", "area", "year", "as_of",
    "data_through", "stale", "target", "baseline", "actual", "attainment", "expected",
    "index", "status", "projected", "projected_low", "projected_high", "p_meet", "gap",
    "remaining", "run_rate", "required_per_month", "acceleration", "pace",
    # added after the SPEC's keys; never renamed
    "name_en", "group", "area_name", "depth", "actual_prev_year", "yoy", "estimate",
    "note", "rolled_up", "group_en", "plan", "target_original", "revised_at", "decision", "planned",
    "numerator", "denominator",
]  # fmt: skip
_STATUS_TEXTS, _PACE_TEXTS = Texts(STATUS_CODES), Texts(PACE_CODES)


def rows(ws: Workspace, now: Part) -> pd.DataFrame:
    """One row per indicator, area and plan with a target in the as-of year, and per indicator and area
    with an actual (in the plan of record): the rows of the status table, with their figures.

    Columns: ind, area, plan, target, baseline (NaN: none), target_row (the row of
    `now.targets`, -1: none), original, revised_at, decision, series (the series id,
    NaN: no actual), data_through (NaN: no actual), figure, estimate, note, rolled_up,
    numerator and denominator (a ratio's sides at data_through; NaN for other rows).
    """
    series, targets = now.series, now.targets
    sizes = (len(ws.indicators), len(ws.areas), len(ws.plans))
    space = sizes[0] * sizes[1]
    series_at = np.full(space, -1, np.int64)
    series_at[pack((series.ind.to_numpy(), sizes[0]), (series.area.to_numpy(), sizes[1]))] = np.arange(
        len(series)
    )
    # a key is (indicator, area, plan); actuals belong to every plan, and make rows in the plan of record
    target_at = np.full(space * sizes[2], -1, np.int64)
    target_key = pack(
        (targets.ind.to_numpy(), sizes[0]),
        (targets.area.to_numpy(), sizes[1]),
        (targets.plan.to_numpy(), sizes[2]),
    )
    target_at[target_key] = np.arange(len(targets))
    wanted = target_at >= 0
    wanted[:: sizes[2]] |= series_at >= 0
    keys = np.flatnonzero(wanted)
    t = target_at[keys]
    ind, area, plan = unpack(keys, *sizes)
    s = series_at[keys // sizes[2]]

    def pick(values: np.ndarray, at: np.ndarray, missing):
        out = np.full(len(keys), missing, dtype=values.dtype if values.dtype.kind in "OM" else None)
        out[at >= 0] = values[at[at >= 0]]
        return out

    return pd.DataFrame(
        {
            "ind": ind,
            "area": area,
            "plan": plan,
            "target": pick(targets.target.to_numpy(float), t, np.nan),
            "baseline": pick(targets.baseline.to_numpy(float), t, np.nan),
            "target_row": t,
            "original": pick(targets.original.to_numpy(float), t, np.nan),
            "revised_at": pick(targets.revised_at.to_numpy("datetime64[ns]"), t, np.datetime64("NaT")),
            "decision": pick(targets.decision.to_numpy(object), t, None),
            "series": pick(series.index.to_numpy().astype(float), s, np.nan),
            "data_through": pick(series.data_through.to_numpy(float), s, np.nan),
            "figure": pick(series.figure.to_numpy(float), s, np.nan),
            "estimate": pick(series.estimate.to_numpy(bool), s, False),
            "note": pd.Series(pick(series.note.to_numpy(object), s, ""), dtype=object, copy=False),
            "rolled_up": pick(series.rolled_up.to_numpy(bool), s, False),
            **_sides(now, s),
        },
        copy=False,
    )


def _sides(now: Part, s: np.ndarray) -> dict[str, np.ndarray]:
    """numerator and denominator of the rows whose series is a ratio's (NaN elsewhere)."""
    out = {side: np.full(len(s), np.nan) for side in ("numerator", "denominator")}
    if now.sides is not None and len(now.sides):
        series_ids = now.series.index.to_numpy()
        at = pd.Index(now.sides.index).get_indexer(np.where(s >= 0, series_ids[np.maximum(s, 0)], -1))
        found = (s >= 0) & (at >= 0)
        for side in out:
            out[side][found] = now.sides[side].to_numpy()[at[found]]
    return out


def status_table(
    ws: Workspace,
    row: pd.DataFrame,
    judged: Judged,
    figures: dict,
    year: int,
    month: int,
    through: np.ndarray | None = None,
) -> pd.DataFrame:
    """The status table from the rows, their judgement and their other columns (`figures`, by name).

    `through`: each row's data_through as a month number (NaN: none), where it may fall in an
    earlier year (a span's rows); by default the month of the as-of year in `judged.months`.
    """
    d = derived(ws)
    texts = d.texts
    ind, area = row.ind.to_numpy(), row.area.to_numpy()
    # the catalogue's order of indicators, then depth (root first), then area id, then plan
    order = np.lexsort((row.plan.to_numpy(), d.area_order[area], d.depths[area], ind))
    ind, area, plan = ind[order], area[order], row.plan.to_numpy()[order]
    months, has_data = judged.months[order], judged.has_data[order]
    notes, note_codes = Texts.of(row.note.to_numpy(object)[order])
    month_texts = Texts(np.array([None] + [f"{year:04d}-{k:02d}" for k in range(1, 13)], dtype=object))
    columns = {
        "indicator": texts["indicator"].column(ind),
        "name": texts["name"].column(ind),
        "unit": texts["unit"].column(ind),
        "measure": texts["measure"].column(ind),
        "direction": texts["direction"].column(ind),
        "area": texts["area"].column(area),
        "year": year,
        "as_of": f"{year:04d}-{month:02d}",
        "data_through": month_texts.column(np.where(has_data, np.nan_to_num(months), 0).astype(np.int64))
        if through is None
        else _month_labels(through[order]),
        "stale": np.where(
            has_data, (months < month) if through is None else (through[order] < year * 12 + month - 1), None
        ).astype(object),
        "target": judged.target[order],
        "baseline": judged.baseline[order],
        "actual": judged.actual[order],
        "attainment": judged.attainment[order],
        "expected": judged.expected[order],
        "index": judged.index[order],
        "status": _STATUS_TEXTS.column(judged.status[order]),
        "pace": _PACE_TEXTS.column(judged.pace[order]),
        "name_en": texts["name_en"].column(ind),
        "group": texts["group"].column(ind),
        "group_en": texts["group_en"].column(ind),
        "area_name": texts["area_name"].column(area),
        "depth": d.depths[area],
        "estimate": row.estimate.to_numpy(bool)[order],
        "note": notes.column(note_codes),
        "rolled_up": has_data & row.rolled_up.to_numpy(bool)[order],
        "plan": texts["plan"].column(plan),
        "target_original": row.original.to_numpy(float)[order],
        "revised_at": _dates(row.revised_at.to_numpy("datetime64[ns]")[order]),
        "decision": row.decision.to_numpy(object)[order],
        "planned": judged.planned[order],
        "numerator": row.numerator.to_numpy(float)[order],
        "denominator": row.denominator.to_numpy(float)[order],
    }
    columns.update({name: values[order] for name, values in figures.items()})
    return pd.DataFrame(columns, copy=False)[STATUS_COLUMNS]


def _month_labels(numbers: np.ndarray) -> np.ndarray:
    """`YYYY-MM` of month numbers (None for NaN)."""
    return _written_once(numbers, np.isnan(numbers), lambda months: [month_label(int(n)) for n in months])


def _dates(days: np.ndarray) -> np.ndarray:
    """ISO dates (`2020-07-10`) as objects, None for NaT."""
    return _written_once(days, np.isnat(days), lambda dates: np.datetime_as_string(dates, unit="D"))


def _written_once(values: np.ndarray, missing: np.ndarray, write) -> np.ndarray:
    """`write` applied to each distinct value once (a few months or dates among many rows), None where
    missing."""
    out = np.full(len(values), None, dtype=object)
    known = ~missing
    if known.any():
        uniques, codes = np.unique(values[known], return_inverse=True)
        out[known] = np.asarray(write(uniques), dtype=object)[codes]
    return out


def status_plan_keys(ws: Workspace, status: pd.DataFrame) -> np.ndarray:
    """Each status row's (indicator, area, plan) as `plan_keys` gives it (-1 codes where unknown)."""
    codes = [
        pd.Index(ids).get_indexer(status[column].fillna("").to_numpy(object))
        for column, ids in (
            ("indicator", ws.indicators.indicator),
            ("area", ws.areas.area),
            ("plan", ws.plans.plan),
        )
    ]
    return plan_keys(ws, *codes)
