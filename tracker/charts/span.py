"""A span of years (SPEC section 7.4): the actual year by year against the target for the span.

A flow's actual accumulates over the span's years; the planned path runs through the
annual targets where every year has one (else straight to the span's target), and
the target is a dotted line across. A level is drawn year by year, its path straight
from the baseline to the target.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

from tracker import formats
from tracker.charts import parts
from tracker.statuses import Pace

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


@parts.literal_text
def draw_span(ax: Axes, row: pd.Series, years: pd.DataFrame, lang: str) -> None:
    """Draw one span row: the actual by year, the planned path, the target for the span."""
    text = parts.words(lang)
    first, last = (int(y) for y in row["span"].split("-"))
    span = np.arange(first, last + 1)
    flow = row["measure"] == "flow"
    years = years.sort_values("year")
    known = years["actual"].notna().to_numpy()
    shown = years["year"].to_numpy()[: known.nonzero()[0].max() + 1] if known.any() else span[:0]
    actual = years["actual"].to_numpy(float)[: len(shown)]
    value = np.nancumsum(actual) if flow else actual
    ax.axhline(
        row["target"], color=parts.TARGET, linewidth=1.2, linestyle=(0, (1, 2)), label=text["span_target"]
    )
    ax.plot(*_path(row, years, span, flow), color=parts.PLAN, linewidth=1.2, marker="o", markersize=4,
            markerfacecolor="white", label=text["expected"], zorder=2)  # fmt: skip
    if len(shown):
        ax.plot(shown, value, color=parts.ACTUAL, linewidth=2.4, marker="o", markersize=5,
                label=text["actual_flow"] if flow else text["actual_level"], zorder=4)  # fmt: skip
        ax.annotate(
            text["reached"].format(pct=formats.percent(row["attainment"], lang)),
            (shown[-1], value[-1]),
            xytext=(8, -8),
            textcoords="offset points",
            va="top",
            fontweight="bold",
            color=parts.ACTUAL,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            zorder=5,
        )
    ax.set_xticks(span, labels=[str(y) for y in span])
    ax.set_xlim(first - 0.5, last + 0.5)
    if flow:
        ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(parts.decimal_formatter(lang, compact=float(row["target"]) >= 1e6))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    parts.tidy_spines(ax)
    title = f"{formats.indicator_name(row, lang)} ({row['unit']}) — {formats.span_title(row['span'], lang)}"
    ax.set_title(textwrap.fill(title, 70), loc="left", fontweight="bold")
    parts.legend_below(ax, ax.get_legend_handles_labels()[0], pad=2.2)


def _path(row: pd.Series, years: pd.DataFrame, span: np.ndarray, flow: bool) -> tuple[list, list]:
    """The planned path: 0 before the span, the annual targets summed, or a straight line to the target."""
    target = float(row["target"])
    if not flow:
        start = target if formats.is_missing(row["baseline"]) else float(row["baseline"])
        return [span[0] - 1, span[-1]], [start, target]
    annual = years["target"].to_numpy(float)
    if row["pace"] == Pace.PLAN and len(annual) and not np.isnan(annual).any():
        done = np.cumsum(annual)
        shown = years["year"].to_numpy()
        return [span[0] - 1, *shown, span[-1]], [0.0, *done, target]
    return [span[0] - 1, span[-1]], [0.0, target]
