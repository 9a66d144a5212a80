"""Charts of the status table: drawing functions on an Axes, and a render for each.

Every number drawn comes from the status rows or the monthly paths given
(docs/MODEL.md); the charts only place and label them. matplotlib is imported
inside the functions so that importing tracker stays fast, and pyplot never:
its global figure registry leaks in a library.
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import CHARTS
from tracker.statuses import FAILING, REPORT_ORDER, Status

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "draw_areas",
    "draw_cumulative",
    "draw_overview",
    "render_areas",
    "render_cumulative",
    "render_overview",
]

_DPI = 150

# no_data draws no bar (its value column says so), hence no swatch.
_LEGEND_ORDER = tuple(status for status in REPORT_ORDER if status != Status.NO_DATA)

_ACTUAL = "#1a1a1a"
_PLAN = "#6b6b6b"
_TARGET = "#000000"
# Bullet-graph bands (Few): fixed halves of the plan and the zone beyond it,
# a reading scale behind each bar, darker where further from the plan.
_BAND_EDGES = (0.5, 1.0)
_BAND_GREYS = ("#d4d4d4", "#e4e4e4", "#f2f2f2")

# Long Vietnamese names wrap at this many characters instead of being cut off.
_WRAP = 34


def _no_mathtext(artist) -> None:
    """Show every text as written: a `$` in a name is a dollar sign, never the start of mathtext.

    (An odd pair such as `$5 và $\\x` would otherwise be parsed, and fail to draw.)
    """
    from matplotlib.text import Text

    for text in artist.findobj(Text):
        text.set_parse_math(False)


def _literal_text(draw):
    """A drawing function whose texts (titles, labels, ticks, legend) are never parsed as mathtext."""

    @functools.wraps(draw)
    def wrapper(ax, *args, **kwargs):
        try:
            return draw(ax, *args, **kwargs)
        finally:
            _no_mathtext(ax)

    return wrapper


@_literal_text
def draw_overview(ax: Axes, rows: pd.DataFrame, lang: str) -> None:
    """Draw a bullet chart of the attainment of every indicator with a target."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    text = _text(lang)
    rows = _targeted(rows)
    if rows.empty:
        _say_nothing(ax, text["nothing"])
        return
    y = list(range(len(rows)))
    attainment = rows["attainment"].astype(float)
    left, right = _percent_limits([*attainment, *rows["expected"].astype(float), 1.0], minimum_right=1.2)
    _draw_bands(ax, y, left, right)

    measured = attainment.notna().to_numpy()
    colours = [formats.STATUS_COLOURS[s] for s in rows["status"]]
    ax.barh(
        [v for v, m in zip(y, measured, strict=True) if m],
        attainment[measured],
        height=0.36,
        color=[c for c, m in zip(colours, measured, strict=True) if m],
        label="attainment",
        zorder=2,
    )
    ax.vlines(
        [1.0] * len(y),
        [v - 0.34 for v in y],
        [v + 0.34 for v in y],
        color=_TARGET,
        linewidth=3,
        label="target",
        zorder=3,
    )
    paced = rows["expected"].notna().to_numpy()
    ax.vlines(
        rows["expected"][paced].astype(float),
        [v - 0.24 for v, m in zip(y, paced, strict=True) if m],
        [v + 0.24 for v, m in zip(y, paced, strict=True) if m],
        color=_PLAN,
        linewidth=1.6,
        label="expected",
        zorder=3,
    )

    ceilings = [formats.is_ceiling(row) for _, row in rows.iterrows()]
    labels = [
        _wrap(formats.indicator_name(row, lang) + (f" ({text['ceiling_tag']})" if ceiling else ""))
        for (_, row), ceiling in zip(rows.iterrows(), ceilings, strict=True)
    ]
    ax.set_yticks(y, labels=labels)
    values = _value_column(ax, y, [_value_label(row, text, lang) for _, row in rows.iterrows()])
    _embolden_alarms(ax, values, rows["status"])
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(_percent_formatter(lang))
    ax.set_xlabel(text["used"] if all(ceilings) else text["attainment"])
    ax.tick_params(axis="y", length=0)
    _tidy_spines(ax)
    ax.set_title(_overview_title(rows, text, lang), loc="left", fontweight="bold")

    handles = [
        Patch(color=formats.STATUS_COLOURS[status], label=label)
        for status, label in _status_entries(rows, ceilings, lang)
    ]
    handles.append(Line2D([], [], color=_TARGET, linewidth=3, label=f"{text['target']} (100%)"))
    if paced.any():
        handles.append(Line2D([], [], color=_PLAN, linewidth=1.6, label=text["expected"]))
    _legend_below(ax, handles)


def render_overview(rows: pd.DataFrame, path: str | Path, lang: str) -> None:
    """Write the overview bullet chart of the targeted indicators to a PNG."""
    count = max(len(_targeted(rows)), 1)
    _render(lambda ax: draw_overview(ax, rows, lang), path, (9.0, 1.8 + 0.6 * count))


@_literal_text
def draw_cumulative(ax: Axes, row: pd.Series, path: pd.DataFrame, lang: str) -> None:
    """Draw one indicator and area over the year: actual, plan path, projection, target."""
    text = _text(lang)
    path = path.sort_values("month")
    months = path["month"].astype(int)
    ceiling = formats.is_ceiling(row)
    flow = row["measure"] == "flow"

    if not formats.is_missing(row["target"]):
        ax.axhline(
            row["target"],
            color=_TARGET,
            linewidth=1.2,
            linestyle=(0, (1, 2)),
            label=text["ceiling"] if ceiling else text["target"],
            zorder=1,
        )
    plan = path["plan"].notna()
    if plan.any():
        ax.plot(
            months[plan],
            path["plan"][plan],
            color=_PLAN,
            linewidth=1.2,
            marker="o",
            markersize=4,
            markerfacecolor="white",
            label=text["expected"],
            zorder=2,
        )
    band = path["projected_low"].notna() & path["projected_high"].notna()
    if band.any():
        ax.fill_between(
            months[band],
            path["projected_low"][band],
            path["projected_high"][band],
            facecolor="none",
            edgecolor="#9a9a9a",
            hatch="////",
            linewidth=0,
            label=text["range"],
            zorder=1,
        )
    projected = path["projected"].notna()
    if projected.any():
        ax.plot(
            months[projected],
            path["projected"][projected],
            color=formats.STATUS_COLOURS.get(row["status"], _ACTUAL),
            linewidth=2,
            linestyle=(0, (4, 2)),
            label=text["projection"],
            zorder=3,
        )
    actual = path["actual"].notna()
    if actual.any():
        ax.plot(
            months[actual],
            path["actual"][actual],
            color=_ACTUAL,
            linewidth=2.4,
            marker="o",
            markersize=5,
            label=text["actual_flow"] if flow else text["actual_level"],
            zorder=4,
        )
        if not formats.is_missing(row["attainment"]):
            last = path[actual].iloc[-1]
            # On the side of the actual line away from the plan line: below
            # and right when behind the plan, above and left when ahead of it.
            ahead = not formats.is_missing(last["plan"]) and last["actual"] > last["plan"]
            reached = text["reached_ceiling"] if ceiling else text["reached"]
            ax.annotate(
                reached.format(pct=formats.percent(row["attainment"], lang)),
                (last["month"], last["actual"]),
                xytext=(-8, 8) if ahead else (8, -8),
                textcoords="offset points",
                ha="right" if ahead else "left",
                va="bottom" if ahead else "top",
                fontweight="bold",
                color=_ACTUAL,
                # Readable over the hatching of the projection range.
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                zorder=5,
            )

    ax.set_xticks(range(1, 13), labels=text["months"])
    ax.set_xlim(0.5, 12.5)
    if flow or formats.is_missing(row["baseline"]):
        # a level without a baseline is read against its target from zero: a zoomed axis
        # would make 99,74% of 100% look like a collapse
        ax.set_ylim(bottom=0)
        ax.set_ylim(top=ax.get_ylim()[1] * 1.06)  # room above the target line for its label
    largest = path[["actual", "plan", "projected", "projected_high"]].abs().max().max()
    ax.yaxis.set_major_formatter(_decimal_formatter(lang, compact=largest >= 1e6))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    _tidy_spines(ax)
    title = f"{formats.indicator_name(row, lang)} ({row['unit']})"
    if not formats.is_missing(row.get("area_name")):
        title = f"{title} — {row['area_name']}"
    title = textwrap.fill(title, 70)
    if not actual.any():
        # In the title, where no line of the plot can run over it.
        title = f"{title}\n{text[Status.NO_DATA]}"
    ax.set_title(title, loc="left", fontweight="bold")
    _legend_below(ax, _legend_order(ax, text, flow, ceiling), pad=2.2)


def render_cumulative(row: pd.Series, path: pd.DataFrame, out_path: str | Path, lang: str) -> None:
    """Write the year's chart of one indicator and area to a PNG."""
    _render(lambda ax: draw_cumulative(ax, row, path, lang), out_path, (8.0, 5.0))


@_literal_text
def draw_areas(ax: Axes, rows: pd.DataFrame, root_row: pd.Series, lang: str) -> None:
    """Draw the attainment of each child area of one indicator, best first."""
    from matplotlib.patches import Patch

    text = _text(lang)
    if rows.empty:
        _say_nothing(ax, text["no_areas"])
        return
    rows = rows.sort_values("attainment", ascending=False, na_position="last", kind="stable")
    y = list(range(len(rows)))
    attainment = rows["attainment"].astype(float)
    references = [root_row["attainment"], root_row["expected"], 1.0]
    left, right = _percent_limits([*attainment, *references], minimum_right=1.1)

    measured = attainment.notna().to_numpy()
    ax.barh(
        [v for v, m in zip(y, measured, strict=True) if m],
        attainment[measured],
        height=0.6,
        color=[formats.STATUS_COLOURS[s] for s, m in zip(rows["status"], measured, strict=True) if m],
        label="attainment",
        zorder=2,
    )
    ceiling = formats.is_ceiling(root_row)
    handles = [
        Patch(color=formats.STATUS_COLOURS[status], label=label)
        for status, label in _status_entries(rows, [ceiling] * len(rows), lang)
    ]
    label = f"{text['target']} (100%)"
    handles.append(_reference_line(ax, 1.0, "target", label, color=_TARGET, linewidth=2.5))
    if not formats.is_missing(root_row["attainment"]):
        label = f"{_area_name(root_row, text)} ({formats.percent(root_row['attainment'], lang)})"
        style = {"color": _ACTUAL, "linewidth": 1.6, "linestyle": (0, (6, 2))}
        handles.append(_reference_line(ax, root_row["attainment"], "root", label, **style))
    if not formats.is_missing(root_row["expected"]):
        label = f"{text['expected']} ({formats.percent(root_row['expected'], lang)})"
        style = {"color": _PLAN, "linewidth": 1.4, "linestyle": (0, (1, 1.5))}
        handles.append(_reference_line(ax, root_row["expected"], "expected", label, **style))

    ax.set_yticks(y, labels=[_wrap(_area_name(row, text)) for _, row in rows.iterrows()])
    values = _value_column(ax, y, [_value_label(row, text, lang) for _, row in rows.iterrows()])
    _embolden_alarms(ax, values, rows["status"])
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(_percent_formatter(lang))
    ax.set_xlabel(text["used"] if ceiling else text["attainment"])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    _tidy_spines(ax)
    title = textwrap.fill(f"{formats.indicator_name(root_row, lang)} ({root_row['unit']})", 60)
    subtitle = text["areas"].format(year=root_row["year"], month=formats.month(root_row["as_of"], lang))
    ax.set_title(f"{title}\n{subtitle}", loc="left", fontweight="bold")
    _legend_below(ax, handles)


def render_areas(rows: pd.DataFrame, root_row: pd.Series, out_path: str | Path, lang: str) -> None:
    """Write the chart of one indicator's attainment by child area to a PNG."""
    size = (8.5, 2.0 + 0.45 * max(len(rows), 1))
    _render(lambda ax: draw_areas(ax, rows, root_row, lang), out_path, size)


def _render(draw, path: str | Path, size: tuple[float, float]) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.add_subplot())
    _no_mathtext(fig)
    fig.savefig(path, dpi=_DPI, metadata={"Software": None})


def _text(lang: str) -> dict:
    try:
        return CHARTS[lang]
    except KeyError:
        raise ValueError(f"unknown chart language {lang!r} (expected 'vi' or 'en')") from None


def _targeted(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["target"].notna() & (rows["status"] != Status.NO_TARGET)]


def _area_name(row: pd.Series, text: dict) -> str:
    for column in ("area_name", "area"):
        if not formats.is_missing(row.get(column)):
            return row[column]
    return text["all_areas"]


def _wrap(label: str) -> str:
    lines = textwrap.wrap(label, _WRAP)
    # Even lines rather than a full line and a one-word orphan.
    width = -(-len(label) // max(len(lines), 1))
    while len(textwrap.wrap(label, width)) > len(lines):
        width += 1
    return "\n".join(textwrap.wrap(label, width)) or label


def _percent_formatter(lang: str):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: formats.percent(value, lang, decimals=0))


def _decimal_formatter(lang: str, compact: bool):
    from babel.numbers import format_compact_decimal
    from matplotlib.ticker import FuncFormatter

    if compact:
        # "45 tỷ" rather than 45.000.000.000 on every tick; the unit is in the title.
        return FuncFormatter(
            lambda value, _: format_compact_decimal(value, format_type="long", locale=lang, fraction_digits=2)
        )
    return FuncFormatter(lambda value, _: formats.number(value, lang))


def _overview_title(rows: pd.DataFrame, text: dict, lang: str) -> str:
    first = rows.iloc[0]
    title = text["overview"].format(year=first["year"], month=formats.month(first["as_of"], lang))
    area_names = rows["area_name"].dropna().unique()
    if len(area_names) == 1:
        title = f"{area_names[0]} — {title}"
    # Short lines: the title starts where the axes do, right of the long names.
    return "\n".join(textwrap.fill(line, 55) for line in title.split("\n"))


def _value_label(row: pd.Series, text: dict, lang: str) -> str:
    if formats.is_missing(row["attainment"]):
        return text[Status.NO_DATA]
    notes = []
    if formats.flag(row, "estimate"):
        notes.append(text["estimate"])
    if formats.flag(row, "stale"):
        notes.append(text["through"].format(month=formats.month(row["data_through"], lang)))
    label = formats.percent(row["attainment"], lang)
    return f"{label} ({', '.join(notes)})" if notes else label


def _status_entries(rows: pd.DataFrame, ceilings: list[bool], lang: str) -> list:
    own = _text(lang)["status_ceiling"]
    present = set(zip(rows["status"], ceilings, strict=True))
    entries = []
    for status in _LEGEND_ORDER:
        for ceiling in (False, True):
            if (status, ceiling) not in present:
                continue
            label = formats.status_label(status, lang, ceiling)
            if ceiling:
                label = own.get(status, label)
            if (status, label) not in entries:
                entries.append((status, label))
    return entries


def _percent_limits(values, minimum_right: float) -> tuple[float, float]:
    import math

    present = [float(v) for v in values if not formats.is_missing(v) and math.isfinite(float(v))]
    left = min([0.0, *present])
    right = max([minimum_right, *present])
    margin = 0.05 * (right - left)
    return (left - margin if left < 0 else 0.0), right + margin


def _draw_bands(ax: Axes, y: list[int], left: float, right: float) -> None:
    edges = [left, *_BAND_EDGES, right]
    for start, end, grey in zip(edges[:-1], edges[1:], _BAND_GREYS, strict=True):
        ax.barh(y, end - start, left=start, height=0.72, color=grey, label="band", zorder=1)


def _value_column(ax: Axes, y: list[int], labels: list[str]) -> list:
    from matplotlib.transforms import blended_transform_factory

    # A column right of the axes: at the bar's end a label would collide with
    # the target marker and the pace tick whenever they are close.
    where = blended_transform_factory(ax.transAxes, ax.transData)
    return [
        ax.text(1.02, position, label, transform=where, ha="left", va="center")
        for position, label in zip(y, labels, strict=True)
    ]


def _embolden_alarms(ax: Axes, values: list, statuses: pd.Series) -> None:
    alarmed = [status in FAILING for status in statuses]
    for tick, alarm in zip(ax.get_yticklabels(), alarmed, strict=True):
        if alarm:
            tick.set_fontweight("bold")
    for value, alarm in zip(values, alarmed, strict=True):
        if alarm:
            value.set_fontweight("bold")
            value.set_color(formats.STATUS_COLOURS[Status.LAGGING])


def _legend_order(ax: Axes, text: dict, flow: bool, ceiling: bool) -> list:
    handles = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    order = (
        text["actual_flow"] if flow else text["actual_level"],
        text["expected"],
        text["ceiling"] if ceiling else text["target"],
        text["projection"],
        text["range"],
    )
    return [handles[label] for label in order if label in handles]


def _reference_line(ax: Axes, x: float, name: str, label: str, **style):
    """Draw a vertical line across the bars; return its legend entry, drawn in the same style."""
    from matplotlib.lines import Line2D

    ax.axvline(x, label=name, zorder=3, **style)
    return Line2D([], [], label=label, **style)


def _tidy_spines(ax: Axes) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _legend_below(ax: Axes, handles: list, pad: float = 4.6) -> None:
    # The pad is in font sizes, so the legend clears the x tick labels and
    # the axis label whatever the height of the axes.
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        borderaxespad=pad,
        ncols=3,
        frameon=False,
        fontsize="small",
    )


def _say_nothing(ax: Axes, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center")
