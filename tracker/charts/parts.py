"""What every chart shares: its colours, its words, the labels and scales of a bar chart, the legend.

Internal to tracker.charts; each drawing module takes these rather than
repeating them, so the three charts read alike. matplotlib is imported inside
the functions (tracker/charts/__init__.py says why).
"""

from __future__ import annotations

import functools
import math
import textwrap
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import CHARTS
from tracker.statuses import FAILING, REPORT_ORDER, Status

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

ACTUAL = "#1a1a1a"
PLAN = "#6b6b6b"
TARGET = "#000000"

# no_data draws no bar (its value column says so), hence no swatch.
_LEGEND_ORDER = tuple(status for status in REPORT_ORDER if status != Status.NO_DATA)

# Long Vietnamese names wrap at this many characters instead of being cut off.
_WRAP = 34


def no_mathtext(artist) -> None:
    """Show every text as written: a `$` in a name is a dollar sign, never the start of mathtext.

    (An odd pair such as `$5 và $\\x` would otherwise be parsed, and fail to draw.)
    """
    from matplotlib.text import Text

    for text in artist.findobj(Text):
        text.set_parse_math(False)


def literal_text(draw):
    """A drawing function whose texts (titles, labels, ticks, legend) are never parsed as mathtext."""

    @functools.wraps(draw)
    def wrapper(ax, *args, **kwargs):
        try:
            return draw(ax, *args, **kwargs)
        finally:
            no_mathtext(ax)

    return wrapper


def words(lang: str) -> dict:
    """The charts' words in `lang` (tracker.messages.CHARTS)."""
    try:
        return CHARTS[lang]
    except KeyError:
        raise ValueError(f"unknown chart language {lang!r} (expected 'vi' or 'en')") from None


def targeted(rows: pd.DataFrame) -> pd.DataFrame:
    """The status rows with a target: those the overview draws."""
    return rows[rows["target"].notna() & (rows["status"] != Status.NO_TARGET)]


def wrap(label: str) -> str:
    """A long name on even lines rather than a full line and a one-word orphan."""
    lines = textwrap.wrap(label, _WRAP)
    width = -(-len(label) // max(len(lines), 1))
    while len(textwrap.wrap(label, width)) > len(lines):
        width += 1
    return "\n".join(textwrap.wrap(label, width)) or label


def decimal_formatter(lang: str, compact: bool):
    """Tick labels of figures in `lang`; `compact`: "45 tỷ" for large ones (the unit is in the title)."""
    from babel.numbers import format_compact_decimal
    from matplotlib.ticker import FuncFormatter

    if compact:
        # "45 tỷ" rather than 45.000.000.000 on every tick; the unit is in the title.
        return FuncFormatter(
            lambda value, _: format_compact_decimal(value, format_type="long", locale=lang, fraction_digits=2)
        )
    return FuncFormatter(lambda value, _: formats.number(value, lang))


def percent_formatter(lang: str):
    """Tick labels as whole percentages in `lang`."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: formats.percent(value, lang, decimals=0))


def percent_limits(values, minimum_right: float) -> tuple[float, float]:
    """The x range of an attainment axis: from 0 (or below it) to past every value and `minimum_right`."""
    present = [float(v) for v in values if not formats.is_missing(v) and math.isfinite(float(v))]
    left = min([0.0, *present])
    right = max([minimum_right, *present])
    margin = 0.05 * (right - left)
    return (left - margin if left < 0 else 0.0), right + margin


def value_label(row: pd.Series, text: dict, lang: str) -> str:
    """A row's attainment as the value column writes it, with its estimate or stale note."""
    if formats.is_missing(row["attainment"]):
        return text[Status.NO_DATA]
    notes = []
    if formats.flag(row, "estimate"):
        notes.append(text["estimate"])
    if formats.flag(row, "stale"):
        notes.append(text["through"].format(month=formats.month(row["data_through"], lang)))
    label = formats.percent(row["attainment"], lang)
    return f"{label} ({', '.join(notes)})" if notes else label


def value_column(ax: Axes, y: list[int], labels: list[str]) -> list:
    """Write the labels in a column right of the axes, one per bar; return the texts."""
    from matplotlib.transforms import blended_transform_factory

    # A column right of the axes: at the bar's end a label would collide with
    # the target marker and the pace tick whenever they are close.
    where = blended_transform_factory(ax.transAxes, ax.transData)
    return [
        ax.text(1.02, position, label, transform=where, ha="left", va="center")
        for position, label in zip(y, labels, strict=True)
    ]


def embolden_alarms(ax: Axes, values: list, statuses: pd.Series) -> None:
    """Set in bold the name and the value of each row that lags or breached its ceiling."""
    alarmed = [status in FAILING for status in statuses]
    for tick, alarm in zip(ax.get_yticklabels(), alarmed, strict=True):
        if alarm:
            tick.set_fontweight("bold")
    for value, alarm in zip(values, alarmed, strict=True):
        if alarm:
            value.set_fontweight("bold")
            value.set_color(formats.STATUS_COLOURS[Status.LAGGING])


def status_handles(rows: pd.DataFrame, ceilings: list[bool], lang: str) -> list:
    """A legend swatch for each status drawn, in report order, in a ceiling's words where it has them."""
    from matplotlib.patches import Patch

    return [
        Patch(color=formats.STATUS_COLOURS[status], label=label)
        for status, label in _status_entries(rows, ceilings, lang)
    ]


def _status_entries(rows: pd.DataFrame, ceilings: list[bool], lang: str) -> list:
    own = words(lang)["status_ceiling"]
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


def tidy_spines(ax: Axes) -> None:
    """Keep only the bottom spine."""
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def legend_below(ax: Axes, handles: list, pad: float = 4.6) -> None:
    """The legend under the axes, three entries to a row, without a frame."""
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


def say_nothing(ax: Axes, message: str) -> None:
    """An empty chart: no axes, only `message` in the middle."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center")
