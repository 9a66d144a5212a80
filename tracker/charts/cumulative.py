"""The year of one indicator and area: the actual line, the plan path, the projection, the target.

IBCS: the actual solid and dark, the plan an outlined path, the forecast dashed
in the status colour over a hatched range, the target a dotted line across.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tracker import formats
from tracker.charts import parts
from tracker.statuses import Status

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


@parts.literal_text
def draw_cumulative(ax: Axes, row: pd.Series, path: pd.DataFrame, lang: str) -> None:
    """Draw one indicator and area over the year: actual, plan path, projection, target."""
    text = parts.words(lang)
    path = path.sort_values("month")
    months = path["month"].astype(int)
    ceiling = formats.is_ceiling(row)
    flow = row["measure"] == "flow"

    revised = not formats.is_missing(row.get("target_original"))
    if not formats.is_missing(row["target"]):
        ax.axhline(
            row["target"],
            color=parts.TARGET,
            linewidth=1.2,
            linestyle=(0, (1, 2)),
            label=text["revised_target"] if revised else text["ceiling"] if ceiling else text["target"],
            zorder=1,
        )
    if revised:  # the original stays on record: a thin line where the plan stood before the revision
        ax.axhline(
            row["target_original"],
            color=parts.PLAN,
            linewidth=0.8,
            linestyle=(0, (6, 3)),
            label=text["original_target"],
            zorder=1,
        )
    _draw_plan(ax, path, months, text)
    _draw_projection(ax, row, path, months, text)
    measured = _draw_actual(ax, row, path, months, text, lang)

    _set_axes(ax, path, flow or formats.is_missing(row["baseline"]), text, lang)
    title = textwrap.fill(_title(row, lang), 70)
    if not measured:
        # In the title, where no line of the plot can run over it.
        title = f"{title}\n{text[Status.NO_DATA]}"
    ax.set_title(title, loc="left", fontweight="bold")
    parts.legend_below(ax, _legend_order(ax, text, flow, ceiling), pad=2.2)


def _draw_plan(ax: Axes, path: pd.DataFrame, months: pd.Series, text: dict) -> None:
    plan = path["plan"].notna()
    if plan.any():
        ax.plot(
            months[plan],
            path["plan"][plan],
            color=parts.PLAN,
            linewidth=1.2,
            marker="o",
            markersize=4,
            markerfacecolor="white",
            label=text["expected"],
            zorder=2,
        )


def _draw_projection(ax: Axes, row: pd.Series, path: pd.DataFrame, months: pd.Series, text: dict) -> None:
    """The projected range, hatched, and the projection, dashed in the row's status colour."""
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
            color=formats.STATUS_COLOURS.get(row["status"], parts.ACTUAL),
            linewidth=2,
            linestyle=(0, (4, 2)),
            label=text["projection"],
            zorder=3,
        )


def _draw_actual(
    ax: Axes, row: pd.Series, path: pd.DataFrame, months: pd.Series, text: dict, lang: str
) -> bool:
    """The actual line and, at its last point, the attainment; whether there was an actual to draw."""
    actual = path["actual"].notna()
    if not actual.any():
        return False
    flow = row["measure"] == "flow"
    ax.plot(
        months[actual],
        path["actual"][actual],
        color=parts.ACTUAL,
        linewidth=2.4,
        marker="o",
        markersize=5,
        label=text["actual_flow"] if flow else text["actual_level"],
        zorder=4,
    )
    if not formats.is_missing(row["attainment"]):
        _annotate_attainment(ax, row, path[actual].iloc[-1], text, lang)
    return True


def _annotate_attainment(ax: Axes, row: pd.Series, last: pd.Series, text: dict, lang: str) -> None:
    # On the side of the actual line away from the plan line: below
    # and right when behind the plan, above and left when ahead of it.
    ahead = not formats.is_missing(last["plan"]) and last["actual"] > last["plan"]
    reached = text["reached_ceiling"] if formats.is_ceiling(row) else text["reached"]
    ax.annotate(
        reached.format(pct=formats.percent(row["attainment"], lang)),
        (last["month"], last["actual"]),
        xytext=(-8, 8) if ahead else (8, -8),
        textcoords="offset points",
        ha="right" if ahead else "left",
        va="bottom" if ahead else "top",
        fontweight="bold",
        color=parts.ACTUAL,
        # Readable over the hatching of the projection range.
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        zorder=5,
    )


def _set_axes(ax: Axes, path: pd.DataFrame, from_zero: bool, text: dict, lang: str) -> None:
    """Months along the bottom; the figures up the side, from zero when `from_zero`."""
    ax.set_xticks(range(1, 13), labels=text["months"])
    ax.set_xlim(0.5, 12.5)
    if from_zero:
        # a level without a baseline is read against its target from zero: a zoomed axis
        # would make 99,74% of 100% look like a collapse
        ax.set_ylim(bottom=0)
        ax.set_ylim(top=ax.get_ylim()[1] * 1.06)  # room above the target line for its label
    largest = path[["actual", "plan", "projected", "projected_high"]].abs().max().max()
    ax.yaxis.set_major_formatter(parts.decimal_formatter(lang, compact=largest >= 1e6))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    parts.tidy_spines(ax)


def _title(row: pd.Series, lang: str) -> str:
    title = f"{formats.indicator_name(row, lang)} ({row['unit']})"
    if not formats.is_missing(row.get("area_name")):
        title = f"{title} — {row['area_name']}"
    return title


def _legend_order(ax: Axes, text: dict, flow: bool, ceiling: bool) -> list:
    handles = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    order = (
        text["actual_flow"] if flow else text["actual_level"],
        text["expected"],
        text["ceiling"] if ceiling else text["target"],
        text["revised_target"],
        text["original_target"],
        text["projection"],
        text["range"],
    )
    return [handles[label] for label in order if label in handles]
