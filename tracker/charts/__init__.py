"""Charts of the status table: drawing functions on an Axes, and a render for each.

Every number drawn comes from the status rows or the monthly paths given
(docs/MODEL.md); the charts only place and label them. matplotlib is imported
inside the functions so that importing tracker stays fast, and pyplot never:
its global figure registry leaks in a library.

| module | what it holds |
|---|---|
| overview.py | the bullet graph of every targeted indicator |
| cumulative.py | one indicator and area over the year |
| areas.py | one indicator by child area |
| span.py | one indicator and area over a span of years (a five-year plan) |
| render.py | each chart as a PNG |
| parts.py | colours, words, labels and legend the charts share |
"""

from tracker.charts.areas import draw_areas
from tracker.charts.cumulative import draw_cumulative
from tracker.charts.overview import draw_overview
from tracker.charts.render import render_areas, render_cumulative, render_overview, render_span
from tracker.charts.span import draw_span

__all__ = [
    "draw_areas",
    "draw_cumulative",
    "draw_overview",
    "render_areas",
    "render_cumulative",
    "render_overview",
    "render_span",
    "draw_span",
]
