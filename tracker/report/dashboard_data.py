"""dashboard.html's rows as the page holds them: each string in both languages, coded; bars and charts.

tracker/report/dashboard.py lays the page out (its docstring gives the data
layout); this module turns a table's rows (the year's status table, or a span's)
into the columns of its data blocks:

- the strings shown, formatted with tracker.formats as the summaries write them,
  as (vi, en) pairs, None where a row has nothing to say (a target not revised,
  a row not paced by phases): `year_strings`, `span_strings`;
- one table of every distinct string, most frequent first, and each row's code
  into it: `code_strings`;
- each row's chart as one string of heights: `year_charts`, `span_charts`;
- a block of rows as columns: `block`. A column none of whose rows has a string
  is left out of its block, so a feature a workspace does not use (revisions,
  phases) costs it nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from tracker import formats
from tracker.messages import DASHBOARD
from tracker.model.spans import missing_years
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Pace, Status

if TYPE_CHECKING:
    import pandas as pd

    from tracker.model import Result

__all__ = [
    "STATUS_CODES",
    "Formatter",
    "block",
    "code_strings",
    "span_charts",
    "span_strings",
    "year_charts",
    "year_strings",
]

STATUS_CODES = (*REPORT_ORDER, Status.NO_TARGET)  # a status is its place here in the page's data
PACED = (Pace.LINEAR, Pace.SEASONAL, Pace.PLAN)  # the rows with an expected pace to show
_LEVELS = 4096  # chart heights per value: two base64 characters
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_NO_VALUE = "~"
_CHART_PATHS = ("actual", "plan", "projected")

Pair = tuple[str, str]  # a string in Vietnamese and in English


# --- formatted strings -----------------------------------------------------------------------------


class Formatter:
    """Each field's string in both languages, each distinct value formatted once.

    A national table repeats its values (targets, months behind, expected paces), and
    each call to formats costs ~10 µs: the memo halves the cost at national scale.
    """

    def __init__(self):
        self._memo: dict[tuple, Pair] = {}

    def pairs(self, kind: str, values, units) -> list[Pair]:
        """The (vi, en) strings of `values` (NaN: the missing dash) written as `kind` in their units."""
        memo, missing = self._memo, (formats.MISSING, formats.MISSING)
        out = []
        for value, unit in zip(values, units, strict=True):
            if value != value:  # NaN: every NaN is a different key
                out.append(missing)
                continue
            key = (kind, unit, value)
            pair = memo.get(key)
            if pair is None:
                pair = memo[key] = tuple(_format(kind, value, unit, code) for code in formats.LANGUAGES)
            out.append(pair)
        return out

    def by_kind(self, kinds: np.ndarray, values: np.ndarray, unit: list[str]) -> list[Pair]:
        """As `pairs`, each row written as its own kind."""
        out: list = [None] * len(values)
        for kind in dict.fromkeys(kinds.tolist()):
            at = (kinds == kind).nonzero()[0]
            for k, pair in zip(at, self.pairs(kind, values[at].tolist(), [unit[i] for i in at]), strict=True):
                out[k] = pair
        return out


def _format(kind: str, value, unit: str, lang: str) -> str:
    words = DASHBOARD[lang]
    if kind == "quantity":
        return formats.quantity(value, unit, lang)
    if kind == "percent":
        return formats.percent(value, lang)
    if kind == "phases":  # an expected pace that is the plan's own phases
        return words["pace_phases"].format(value=formats.percent(value, lang))
    if kind == "months":
        return formats.number(value, lang, 1)  # as the check writes months behind
    if kind == "ratio":
        return formats.ratio(value, lang)
    if kind in ("per_month", "at_most"):
        text = words["per_month"].format(value=formats.monthly(value, unit, lang))
        return words["at_most"].format(value=text) if kind == "at_most" else text
    # the level a stock or rate must reach ("level_up", "level_down") or stands at ("level_now")
    return words[kind].format(value=formats.quantity(value, unit, lang))


def year_strings(status: pd.DataFrame, formatter: Formatter, side_units: dict[str, str]) -> dict[str, list]:
    """The strings of the year's rows, by field: figures, what the rest of the year requires, notes."""
    unit = status["unit"].tolist()
    flow = (status["measure"] == "flow").to_numpy()
    ceiling = flow & (status["direction"] == "down").to_numpy()
    down = (status["direction"] == "down").to_numpy()
    behind = status["status"].isin(BEHIND_PACE).to_numpy()
    pace = status["pace"].to_numpy(object)

    def column(name: str, mask=None) -> np.ndarray:
        values = status[name].to_numpy(float)
        return values if mask is None else np.where(mask, values, np.nan)

    # What the rest of the year requires, for the rows behind pace only (as the reports give it).
    needed_kind = np.where(
        flow, np.where(ceiling, "at_most", "per_month"), np.where(down, "level_down", "level_up")
    )
    needed = np.where(flow, column("required_per_month"), column("target"))
    so_far = np.where(flow, column("run_rate"), column("actual"))
    pace_kind = np.where(pace == Pace.PLAN, "phases", "percent")
    return {
        "actual": _with_sides(
            status, formatter.pairs("quantity", column("actual").tolist(), unit), side_units
        ),
        "target": formatter.pairs("quantity", column("target").tolist(), unit),
        "attained": formatter.pairs("percent", column("attainment").tolist(), unit),
        "pace": formatter.by_kind(pace_kind, column("expected", np.isin(pace, PACED)), unit),
        "behind": formatter.pairs("months", column("months_behind").tolist(), unit),
        "needed": formatter.by_kind(needed_kind, np.where(behind, needed, np.nan), unit),
        "so_far": formatter.by_kind(
            np.where(flow, "per_month", "level_now"), np.where(behind, so_far, np.nan), unit
        ),
        "ratio": formatter.pairs("ratio", column("acceleration", behind & flow).tolist(), unit),
        **_revisions(status, formatter, unit),
        **_phases(status, formatter, unit),
    }


def span_strings(
    rows: pd.DataFrame, years: pd.DataFrame, formatter: Formatter, side_units: dict[str, str]
) -> dict[str, list]:
    """The strings of a span's rows, by field: its figures, the years counted as 0, its pace."""
    unit = rows["unit"].tolist()
    pace = rows["pace"].to_numpy(object)
    expected = np.where(np.isin(pace, PACED), rows["expected"].to_numpy(float), np.nan)
    missing = [", ".join(map(str, gaps)) for gaps in missing_years(rows, years)]
    return {
        "actual": _with_sides(
            rows, formatter.pairs("quantity", rows["actual"].to_numpy(float).tolist(), unit), side_units
        ),
        "target": formatter.pairs("quantity", rows["target"].to_numpy(float).tolist(), unit),
        "attained": formatter.pairs("percent", rows["attainment"].to_numpy(float).tolist(), unit),
        "pace": formatter.pairs("percent", expected.tolist(), unit),
        "missing": [
            None
            if not found
            else _both(lambda lang, y=found: DASHBOARD[lang]["span_missing"].format(years=y))
            for found in missing
        ],
        "span_pace": [
            _both(lambda lang: DASHBOARD[lang]["span_pace_plan"]) if p == Pace.PLAN else None for p in pace
        ],
    }


def _with_sides(rows: pd.DataFrame, actual: list[Pair], side_units: dict[str, str]) -> list[Pair]:
    """A ratio's value with its two sides, as the summaries write it: "1,19% (3.440/288.000 hộ)"."""
    if "numerator" not in rows:
        return actual
    numerator, denominator = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
    indicator = rows["indicator"].to_numpy(object)
    out = list(actual)
    for k in (~np.isnan(numerator) & ~np.isnan(denominator)).nonzero()[0].tolist():
        unit = side_units.get(indicator[k], "")
        out[k] = tuple(
            f"{value} ({formats.sides(numerator[k], denominator[k], unit, lang)})"
            for value, lang in zip(actual[k], formats.LANGUAGES, strict=True)
        )
    return out


def _revisions(status: pd.DataFrame, formatter: Formatter, unit: list[str]) -> dict[str, list]:
    """Where a revised target is in force: its original, the date of the revision and its decision.

    The page puts them in the catalogue's sentence ("18.000 người (điều chỉnh 10/7/2020; đầu năm
    20.000 người)"), so that repeated dates and decisions are stored once.
    """
    if "target_original" not in status:
        return {}
    dated = status["revised_at"].notna().to_numpy()
    revised = status["target_original"].notna().to_numpy() & dated
    original = formatter.pairs(
        "quantity", np.where(revised, status["target_original"].to_numpy(float), np.nan), unit
    )
    dates = {day: _both(lambda lang, day=day: _date(day, lang)) for day in set(status["revised_at"][revised])}
    decisions = [
        d.strip() if revised[k] and isinstance(d, str) else "" for k, d in enumerate(status["decision"])
    ]
    return {
        "original": _only(original, revised),
        "revised_at": [
            dates[day] if done else None for day, done in zip(status["revised_at"], revised, strict=True)
        ],
        "decision": [(d, d) if d else None for d in decisions],
    }


def _phases(status: pd.DataFrame, formatter: Formatter, unit: list[str]) -> dict[str, list]:
    """Before December, a row paced by its phases: the actual's share of the phases' plan to date,
    the months, and that plan ("bằng 105,78% kế hoạch 6 tháng (2.250 tỷ đồng)", as the summary says)."""
    through = status["data_through"].map(lambda t: int(t[5:7]) if isinstance(t, str) else 12).to_numpy()
    planned = status["planned"].to_numpy(float)
    actual = status["actual"].to_numpy(float)
    told = (status["pace"] == Pace.PLAN).to_numpy() & (through < 12) & (planned > 0) & ~np.isnan(actual)
    share = np.divide(actual, planned, out=np.full(len(status), np.nan), where=told)
    return {
        "phase_share": _only(formatter.pairs("percent", share.tolist(), unit), told),
        "phase_months": _only(formatter.pairs("months", through.astype(float).tolist(), unit), told),
        "phase_planned": _only(
            formatter.pairs("quantity", np.where(told, planned, np.nan).tolist(), unit), told
        ),
    }


def _date(day: str, lang: str) -> str:
    """An ISO date as a decision is dated: "10/7/2020" (vi), "10 July 2020" (en)."""
    year, month, date = (int(part) for part in day[:10].split("-"))
    if lang == "vi":
        return f"{date}/{month}/{year}"
    return f"{date} {formats.month(f'{year:04d}-{month:02d}', lang)}"


def _only(pairs: list[Pair], mask: np.ndarray) -> list[Pair | None]:
    return [pair if keep else None for pair, keep in zip(pairs, mask.tolist(), strict=True)]


def _both(make) -> Pair:
    return tuple(make(lang) for lang in formats.LANGUAGES)


def _key(value) -> str:
    return "" if formats.is_missing(value) else str(value)


def code_strings(tables: list[dict[str, list]]) -> tuple[list, list[dict[str, np.ndarray]]]:
    """The strings of every table as one list (most frequent first, so common strings get short codes;
    an entry is one string when both languages write it the same, else [vi, en]) and, per table and
    field, each row's code into it (None: nothing to say)."""
    counts = Counter(pair for fields in tables for pairs in fields.values() for pair in pairs if pair)
    ordered = [pair for pair, _ in counts.most_common()]
    code = {pair: k for k, pair in enumerate(ordered)}
    table = [vi if vi == en else [vi, en] for vi, en in ordered]
    coded = [
        {
            name: np.array([code[p] for p in pairs])
            if all(pairs)
            else np.array([code[p] if p else None for p in pairs], dtype=object)
            for name, pairs in fields.items()
        }
        for fields in tables
    ]
    return table, coded


# --- blocks ----------------------------------------------------------------------------------------


def block(
    rows: pd.DataFrame,
    area: np.ndarray,
    indicator: np.ndarray,
    codes: dict[str, np.ndarray],
    charts: np.ndarray,
    plan: np.ndarray | None,
) -> dict:
    """One block's rows as columns; `plan` (each row's plan, by its place in plans.csv) only where
    the workspace has several plans, and a field only where some row has a string in it."""
    paced = rows["pace"].isin(PACED).to_numpy()
    columns = {
        "area": area.tolist(),
        "indicator": indicator.tolist(),
        "status": rows["status"].map({s: k for k, s in enumerate(STATUS_CODES)}).to_numpy().tolist(),
        # bullet bars: fractions of the plan in thousandths, a tenth of a pixel on a 300 px bar
        "attainment": _thousandths(rows["attainment"].to_numpy(float)),
        "expected": _thousandths(np.where(paced, rows["expected"].to_numpy(float), np.nan)),
    }
    if plan is not None:
        columns["plan"] = plan.tolist()
    for name, values in codes.items():
        values = values.tolist()
        if values and (values[0] is not None or any(v is not None for v in values)):
            columns[name] = values
    columns["chart"] = charts.tolist()
    return columns


def _thousandths(values: np.ndarray) -> list:
    rounded = np.rint(values * 1000)
    return [None if v != v else int(v) for v in rounded.tolist()]


# --- charts ----------------------------------------------------------------------------------------


def year_charts(result: Result, status: pd.DataFrame, original: bool) -> np.ndarray:
    """Each row's chart: the target, then 12 months each of the actual, plan and projected paths of
    `tracker.model.paths`; with `original`, the original target of a revised row last."""
    from tracker.model import paths

    n = len(status)
    monthly = paths(result, status)
    series = np.stack([monthly[name].to_numpy(float).reshape(n, 12) for name in _CHART_PATHS], axis=1)
    columns = [status["target"].to_numpy(float)[:, None], series.reshape(n, -1)]
    if original:
        columns.append(status["target_original"].to_numpy(float)[:, None])
    return _encode(np.concatenate(columns, axis=1), _from_zero(status))


def span_charts(rows: pd.DataFrame, years: pd.DataFrame, first: int, last: int) -> np.ndarray:
    """Each span row's chart: the target, then the actual at the end of each year of the span (a
    flow's summed over the years), then the planned path at the span's start and each year's end
    (a flow's through its annual targets where it is paced by them; no value where there is no point)."""
    import pandas as pd

    n, count = last - first + 1, len(rows)
    keys = pd.MultiIndex.from_arrays(
        [rows["indicator"].to_numpy(object), rows["area"].map(_key), rows["plan"].map(_key)]
    )
    table = years.assign(area=years["area"].map(_key), plan=years["plan"].map(_key), present=1.0)
    table = table.set_index(["indicator", "area", "plan", "year"])

    def by_year(column: str) -> np.ndarray:
        wide = table[column].unstack("year").reindex(columns=range(first, last + 1))
        return wide.reindex(keys).to_numpy(float).reshape(count, n)

    actual, annual, present = by_year("actual"), by_year("target"), by_year("present") == 1
    flow = (rows["measure"] == "flow").to_numpy()
    target = rows["target"].to_numpy(float)
    column = np.arange(n)
    last_known = np.where(~np.isnan(actual), column, -1).max(axis=1)
    summed = np.where(column <= last_known[:, None], np.nancumsum(actual, axis=1), np.nan)
    actual = np.where(flow[:, None], summed, actual)
    plan = np.full((count, n + 1), np.nan)
    baseline = rows["baseline"].to_numpy(float)
    plan[:, 0] = np.where(flow, 0.0, np.where(np.isnan(baseline), target, baseline))
    by_annual = flow & (rows["pace"] == Pace.PLAN).to_numpy() & ~(present & np.isnan(annual)).any(axis=1)
    through = np.where(present, np.nancumsum(np.where(present, annual, 0.0), axis=1), np.nan)
    plan[:, 1:] = np.where(by_annual[:, None], through, np.nan)
    plan[:, n] = target
    return _encode(np.concatenate([target[:, None], actual, plan], axis=1), _from_zero(rows))


def _from_zero(rows: pd.DataFrame) -> np.ndarray:
    # Flows and levels without a baseline are read from zero, as the report's charts draw them;
    # a level with a baseline is drawn around its values.
    return (rows["measure"] == "flow").to_numpy() | rows["baseline"].isna().to_numpy()


def _encode(values: np.ndarray, from_zero: np.ndarray) -> np.ndarray:
    """Each row of `values` as one string: a value is two base64 characters, its height on the row's
    chart (0..4095), "~" where there is none."""
    n = len(values)
    seen = ~np.isnan(values).all(axis=1)
    top = np.where(seen, np.nanmax(np.where(seen[:, None], values, 0), axis=1), 1.0)
    low = np.where(seen, np.nanmin(np.where(seen[:, None], values, 0), axis=1), 0.0)
    bottom = np.where(from_zero, np.minimum(low, 0.0), low)
    span = top - bottom
    span = np.where(span > 0, span, np.maximum(np.abs(top), 1.0))
    margin = 0.06 * span  # room above the top value (and below the lowest, when not from zero)
    bottom = np.where(from_zero, bottom, bottom - margin)
    height = span + np.where(from_zero, margin, 2 * margin)
    scaled = np.rint((values - bottom[:, None]) / height[:, None] * (_LEVELS - 1))
    levels = np.nan_to_num(scaled, nan=_LEVELS).astype(np.int64)  # _LEVELS: no value
    alphabet = np.frombuffer(_BASE64.encode("ascii"), dtype=np.uint8)
    none = levels == _LEVELS
    chars = np.stack(
        [
            np.where(none, ord(_NO_VALUE), alphabet[levels // 64 % 64]),
            np.where(none, 0, alphabet[levels % 64]),
        ],
        axis=2,
    ).reshape(n, -1)
    kept = chars != 0
    ends = np.cumsum(kept.sum(axis=1))
    text = chars[kept].tobytes().decode("ascii")
    starts = np.r_[0, ends[:-1]]
    return np.array([text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)], dtype=object)
