"""The overview: a bullet graph (Few) of the attainment of every indicator with a target.

One bar for the attainment in its status colour, a black marker at 100% of the
target, a grey tick at the expected pace, grey bands behind; each indicator's
value in a column right of the axes.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tracker import formats
from tracker.charts import parts

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# Bullet-graph bands (Few): fixed halves of the plan and the zone beyond it,
# a reading scale behind each bar, darker where further from the plan.
_BAND_EDGES = (0.5, 1.0)
_BAND_GREYS = ("#d4d4d4", "#e4e4e4", "#f2f2f2")


@parts.literal_text
def draw_overview(ax: Axes, rows: pd.DataFrame, lang: str, others: pd.DataFrame | None = None) -> None:
    """Draw a bullet chart of the attainment of every indicator with a target (of the plan of record).

    `others`: the same area's rows of other plans, each plan's attainment a small marker on the bar.
    """
    text = parts.words(lang)
    rows = parts.targeted(rows)
    if rows.empty:
        parts.say_nothing(ax, text["nothing"])
        return
    y = list(range(len(rows)))
    attainment = rows["attainment"].astype(float)
    marks = _other_plans(rows, others)
    left, right = parts.percent_limits(
        [*attainment, *rows["expected"].astype(float), *marks.attainment, 1.0], minimum_right=1.2
    )
    _draw_bands(ax, y, left, right)
    _draw_bullets(ax, rows, y, attainment)
    plans = [  # a marker each: the legend's entries for the other plans
        ax.scatter(
            mine.attainment,
            mine.y,
            marker=_MARKERS[k % len(_MARKERS)],
            s=36,
            color="white",
            edgecolors=parts.ACTUAL,
            linewidths=1.2,
            label=label,
            zorder=4,
        )
        for k, (label, mine) in enumerate(marks.groupby("label", sort=False))
    ]

    ceilings = [formats.is_ceiling(row) for _, row in rows.iterrows()]
    labels = [
        parts.wrap(formats.indicator_name(row, lang) + (f" ({text['ceiling_tag']})" if ceiling else ""))
        for (_, row), ceiling in zip(rows.iterrows(), ceilings, strict=True)
    ]
    ax.set_yticks(y, labels=labels)
    values = parts.value_column(ax, y, [parts.value_label(row, text, lang) for _, row in rows.iterrows()])
    parts.embolden_alarms(ax, values, rows["status"])
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(parts.percent_formatter(lang))
    ax.set_xlabel(text["used"] if all(ceilings) else text["attainment"])
    ax.tick_params(axis="y", length=0)
    parts.tidy_spines(ax)
    ax.set_title(_title(rows, text, lang), loc="left", fontweight="bold")
    parts.legend_below(ax, _legend(rows, ceilings, text, lang) + plans)


_MARKERS = ("D", "^", "s", "v")


def _other_plans(rows: pd.DataFrame, others: pd.DataFrame | None) -> pd.DataFrame:
    """label (the plan), y and attainment of the other plans' rows of the charted indicators."""
    import pandas as pd

    if others is None or others.empty:
        return pd.DataFrame({"label": [], "y": [], "attainment": []})
    place = {indicator: k for k, indicator in enumerate(rows["indicator"])}
    mine = others[others["indicator"].isin(place) & others["attainment"].notna()]
    return pd.DataFrame(
        {
            "label": mine["plan_label"].to_numpy(object),
            "y": mine["indicator"].map(place).to_numpy(float),
            "attainment": mine["attainment"].to_numpy(float),
        }
    )


def _draw_bands(ax: Axes, y: list[int], left: float, right: float) -> None:
    edges = [left, *_BAND_EDGES, right]
    for start, end, grey in zip(edges[:-1], edges[1:], _BAND_GREYS, strict=True):
        ax.barh(y, end - start, left=start, height=0.72, color=grey, label="band", zorder=1)


def _draw_bullets(ax: Axes, rows: pd.DataFrame, y: list[int], attainment: pd.Series) -> None:
    """The attainment bars of the measured rows, the target marker of every row, the pace ticks."""
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
        color=parts.TARGET,
        linewidth=3,
        label="target",
        zorder=3,
    )
    paced = rows["expected"].notna().to_numpy()
    ax.vlines(
        rows["expected"][paced].astype(float),
        [v - 0.24 for v, m in zip(y, paced, strict=True) if m],
        [v + 0.24 for v, m in zip(y, paced, strict=True) if m],
        color=parts.PLAN,
        linewidth=1.6,
        label="expected",
        zorder=3,
    )


def _title(rows: pd.DataFrame, text: dict, lang: str) -> str:
    first = rows.iloc[0]
    title = text["overview"].format(year=first["year"], month=formats.month(first["as_of"], lang))
    area_names = rows["area_name"].dropna().unique()
    if len(area_names) == 1:
        title = f"{area_names[0]} — {title}"
    # Short lines: the title starts where the axes do, right of the long names.
    return "\n".join(textwrap.fill(line, 55) for line in title.split("\n"))


def _legend(rows: pd.DataFrame, ceilings: list[bool], text: dict, lang: str) -> list:
    from matplotlib.lines import Line2D

    handles = parts.status_handles(rows, ceilings, lang)
    handles.append(Line2D([], [], color=parts.TARGET, linewidth=3, label=f"{text['target']} (100%)"))
    if rows["expected"].notna().any():
        handles.append(Line2D([], [], color=parts.PLAN, linewidth=1.6, label=text["expected"]))
    return handles
