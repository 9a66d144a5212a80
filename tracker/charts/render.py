"""Each chart as a PNG: a figure of the right size, the chart drawn on its axes, stable bytes.

`Figure(layout="constrained")` rather than pyplot, whose global figure registry
leaks in a library; saved without the Software tag, so the same chart is the
same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.charts import parts
from tracker.charts.areas import draw_areas
from tracker.charts.cumulative import draw_cumulative
from tracker.charts.overview import draw_overview
from tracker.charts.span import draw_span

if TYPE_CHECKING:
    import pandas as pd

_DPI = 150


def render_overview(
    rows: pd.DataFrame, path: str | Path, lang: str, others: pd.DataFrame | None = None
) -> None:
    """Write the overview bullet chart of the targeted indicators (other plans' marked) to a PNG."""
    count = max(len(parts.targeted(rows)), 1)
    _render(lambda ax: draw_overview(ax, rows, lang, others), path, (9.0, 1.8 + 0.6 * count))


def render_cumulative(row: pd.Series, path: pd.DataFrame, out_path: str | Path, lang: str) -> None:
    """Write the year's chart of one indicator and area to a PNG."""
    _render(lambda ax: draw_cumulative(ax, row, path, lang), out_path, (8.0, 5.0))


def render_areas(rows: pd.DataFrame, root_row: pd.Series, out_path: str | Path, lang: str) -> None:
    """Write the chart of one indicator's attainment by child area to a PNG."""
    size = (8.5, 2.0 + 0.45 * max(len(rows), 1))
    _render(lambda ax: draw_areas(ax, rows, root_row, lang), out_path, size)


def render_span(row: pd.Series, years: pd.DataFrame, out_path: str | Path, lang: str) -> None:
    """Write the chart of one indicator and area over a span of years to a PNG."""
    _render(lambda ax: draw_span(ax, row, years, lang), out_path, (8.0, 5.0))


def _render(draw, path: str | Path, size: tuple[float, float]) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.add_subplot())
    parts.no_mathtext(fig)
    fig.savefig(path, dpi=_DPI, metadata={"Software": None})
