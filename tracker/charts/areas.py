"""One indicator by area: the attainment of each child area, best first.

A bar per area in its status colour, and vertical lines across them at the
target (100%), at the parent area's own attainment and at the expected pace.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tracker import formats
from tracker.charts import parts

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


@parts.literal_text
def draw_areas(ax: Axes, rows: pd.DataFrame, root_row: pd.Series, lang: str) -> None:
    """Draw the attainment of each child area of one indicator, best first."""
    text = parts.words(lang)
    if rows.empty:
        parts.say_nothing(ax, text["no_areas"])
        return
    rows = rows.sort_values("attainment", ascending=False, na_position="last", kind="stable")
    y = list(range(len(rows)))
    attainment = rows["attainment"].astype(float)
    references = [root_row["attainment"], root_row["expected"], 1.0]
    left, right = parts.percent_limits([*attainment, *references], minimum_right=1.1)

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
    handles = parts.status_handles(rows, [ceiling] * len(rows), lang)
    handles += _draw_references(ax, root_row, text, lang)

    ax.set_yticks(y, labels=[parts.wrap(_area_name(row, text)) for _, row in rows.iterrows()])
    values = parts.value_column(ax, y, [parts.value_label(row, text, lang) for _, row in rows.iterrows()])
    parts.embolden_alarms(ax, values, rows["status"])
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(parts.percent_formatter(lang))
    ax.set_xlabel(text["used"] if ceiling else text["attainment"])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    parts.tidy_spines(ax)
    title = textwrap.fill(f"{formats.indicator_name(root_row, lang)} ({root_row['unit']})", 60)
    subtitle = text["areas"].format(year=root_row["year"], month=formats.month(root_row["as_of"], lang))
    ax.set_title(f"{title}\n{subtitle}", loc="left", fontweight="bold")
    parts.legend_below(ax, handles)


def _draw_references(ax: Axes, root_row: pd.Series, text: dict, lang: str) -> list:
    """The lines at the target, the parent area's attainment and the expected pace; their legend entries."""
    label = f"{text['target']} (100%)"
    handles = [_reference_line(ax, 1.0, "target", label, color=parts.TARGET, linewidth=2.5)]
    if not formats.is_missing(root_row["attainment"]):
        label = f"{_area_name(root_row, text)} ({formats.percent(root_row['attainment'], lang)})"
        style = {"color": parts.ACTUAL, "linewidth": 1.6, "linestyle": (0, (6, 2))}
        handles.append(_reference_line(ax, root_row["attainment"], "root", label, **style))
    if not formats.is_missing(root_row["expected"]):
        label = f"{text['expected']} ({formats.percent(root_row['expected'], lang)})"
        style = {"color": parts.PLAN, "linewidth": 1.4, "linestyle": (0, (1, 1.5))}
        handles.append(_reference_line(ax, root_row["expected"], "expected", label, **style))
    return handles


def _reference_line(ax: Axes, x: float, name: str, label: str, **style):
    """Draw a vertical line across the bars; return its legend entry, drawn in the same style."""
    from matplotlib.lines import Line2D

    ax.axvline(x, label=name, zorder=3, **style)
    return Line2D([], [], label=label, **style)


def _area_name(row: pd.Series, text: dict) -> str:
    for column in ("area_name", "area"):
        if not formats.is_missing(row.get(column)):
            return row[column]
    return text["all_areas"]
