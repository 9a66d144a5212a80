"""Numbers, money, months, statuses and names as every output writes them, in Vietnamese or English.

The terminal table, the check, the summaries, the charts and the report documents
format their figures and take the statuses' colours from here, and the statuses'
words (tracker.messages) through status_word() and status_label(), so that they
cannot drift apart. The words beside a figure (tỷ đồng, lần, English units) are
tracker.messages' too. Kept light to import: no pandas, matplotlib or office library.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal, localcontext
from numbers import Integral

from babel.dates import get_month_names
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

from tracker import messages
from tracker.messages import LANGUAGES
from tracker.statuses import Status

MISSING = "–"
MONEY_UNIT = "đồng"

# As the department rounds: tỷ to the million, triệu to 100.000 đồng (17,921 tỷ; 48,9 triệu).
# Each scale with its decimals and its word in tracker.messages.FIGURES.
_MONEY_SCALES = (
    (Decimal(10**9), 3, "billion"),
    (Decimal(10**6), 1, "million"),
)

# Green good, red bad for the organisation (IBCS); for a ceiling the model already turns
# "used too fast" into at_risk, lagging or breached. For charts and documents.
STATUS_COLOURS = {
    Status.ACHIEVED: "#2e7d32",
    Status.ON_TRACK: "#2e7d32",
    Status.AT_RISK: "#e69500",
    Status.LAGGING: "#c62828",
    Status.BREACHED: "#c62828",
    Status.NO_DATA: "#9e9e9e",
}
# The same, in the colours every terminal has; no_data stays plain.
TERMINAL_COLOURS = {
    Status.ACHIEVED: "green",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.LAGGING: "red",
    Status.BREACHED: "red",
}


def number(x, lang: str, decimals: int = 2) -> str:
    """Format x with thousands grouping and at most `decimals` decimals, trailing zeros dropped."""
    _check(lang)
    if is_missing(x):
        return MISSING
    return _format(_decimal(x), lang, decimals)


def percent(fraction, lang: str, decimals: int = 2) -> str:
    """Format a fraction as a percentage: 0.3087 -> "30,87%" (vi) or "30.87%" (en)."""
    _check(lang)
    if is_missing(fraction):
        return MISSING
    return _format(_decimal(fraction) * 100, lang, decimals) + "%"


def money(amount, lang: str) -> str:
    """Format an amount in đồng: tỷ/billion to 3 decimals, triệu/million to 1, else in full."""
    _check(lang)
    if is_missing(amount):
        return MISSING
    value = _decimal(amount)
    # A scale is used once the amount, as the next smaller scale would show it, reaches it:
    # 999.999.600 đồng would show as "1.000 triệu", so it reads "1 tỷ đồng".
    steps = [scale.scaleb(-decimals) for scale, decimals, _ in _MONEY_SCALES[1:]] + [Decimal(1)]
    for (scale, decimals, word), step in zip(_MONEY_SCALES, steps, strict=True):
        if abs(_round(value / step, 0)) * step >= scale:
            return f"{_format(value / scale, lang, decimals)} {messages.FIGURES[lang][word]}"
    return f"{_format(value, lang, 0)} {MONEY_UNIT}"


def quantity(x, unit: str, lang: str, decimals: int = 2) -> str:
    """Format a value with its unit ("3.276 hồ sơ"); đồng goes to money(), "%" is percent units."""
    _check(lang)
    if is_missing(x):
        return MISSING
    if unit == MONEY_UNIT:
        return money(x, lang)
    value = _round(_decimal(x), decimals)
    text = _format(value, lang, decimals)
    if unit == "%":
        return text + "%"
    if lang == "en" and unit.strip().lower() in messages.UNITS_EN:
        singular, plural = messages.UNITS_EN[unit.strip().lower()]
        unit = singular if abs(value) == 1 else plural
    return f"{text} {unit}"


def monthly(x, unit: str, lang: str) -> str:
    """Format a monthly average with its unit: whole from 10 up, one decimal below ("0,5 hồ sơ")."""
    _check(lang)
    if is_missing(x):
        return MISSING
    # Whole people, households or files read better per month; below ten a decimal still matters.
    return quantity(x, unit, lang, decimals=0 if abs(x) >= 10 else 1)


def ratio(x, lang: str) -> str:
    """Format a multiplier: 1.22 -> "1,22 lần" (vi) or "1.22 times" (en)."""
    _check(lang)
    if is_missing(x):
        return MISSING
    return f"{_format(_decimal(x), lang, 2)} {messages.FIGURES[lang]['times']}"


def sides(numerator, denominator, unit: str, lang: str) -> str:
    """A ratio's two sides, as the reports write them after its value: "1.050/11.000 hộ"."""
    return f"{number(numerator, lang)}/{quantity(denominator, unit, lang)}"


def month(period: str, lang: str) -> str:
    """Format a `YYYY-MM` month: "tháng 6/2020" (vi) or "June 2020" (en)."""
    _check(lang)
    year, month_number = (int(part) for part in period.split("-"))
    if lang == "vi":
        return f"tháng {month_number}/{year}"
    return f"{get_month_names('wide', locale='en')[month_number]} {year}"


def status_label(status: str, lang: str, ceiling: bool = False) -> str:
    """A status as legends and tables name it; a ceiling's in its own words where they differ."""
    if ceiling and status in messages.CEILING_STATUS_LABELS[lang]:
        return messages.CEILING_STATUS_LABELS[lang][status]
    return messages.STATUS_LABELS[lang].get(status, status)


def status_word(status, lang: str) -> str:
    """A status as a line of text says it ("chậm tiến độ"); a missing status is a dash."""
    _check(lang)
    if is_missing(status):
        return MISSING
    return messages.STATUS_WORDS[lang].get(status, str(status))


def indicator_name(row, lang: str) -> str:
    """A status row's indicator name in `lang`: in English its English name, where it has one."""
    english = _field(row, "name_en")
    if lang == "en" and not is_missing(english) and str(english).strip():
        return str(english)
    return str(_field(row, "name"))


def group_name(row, lang: str) -> str:
    """A status row's group (a section heading) in `lang`: in English its English name, where it has one."""
    english = _field(row, "group_en")
    if lang == "en" and not is_missing(english) and str(english).strip():
        return str(english)
    group = _field(row, "group")
    return "" if is_missing(group) else str(group).strip()


def span_title(span: str, lang: str) -> str:
    """A span's heading: "Kế hoạch 5 năm 2021-2025", "Five-year plan 2021-2025", "Three-year plan ..."."""
    first, last = (int(y) for y in span.split("-"))
    years = last - first + 1
    count = messages.YEARS_EN.get(years, str(years)) if lang == "en" else str(years)
    return messages.SPAN_TITLE[lang].format(years=count, span=span)


def plan_name(plans, plan: str | None, lang: str) -> str:
    """A plan's name in `lang` (its id where it has no name); "" for a workspace's one unnamed plan."""
    if not plan:
        return ""
    found = plans[plans.plan == plan]
    if found.empty:
        return str(plan)
    row = found.iloc[0]
    english = row.get("name_en", "")
    if lang == "en" and not is_missing(english) and str(english).strip():
        return str(english)
    return str(row["name"]).strip() or str(plan)


def is_ceiling(row) -> bool:
    """Whether a status row is a ceiling: a flow that should stay low (spending, accidents)."""
    return _field(row, "measure") == "flow" and _field(row, "direction") == "down"


def flag(row, key: str) -> bool:
    """A true/false column of a status row; missing reads as false."""
    value = _field(row, key)
    return not is_missing(value) and bool(value)


def is_missing(value) -> bool:
    """Whether a value is missing: None, NaN, NaT or pandas.NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):  # pandas.NA refuses to be truth-tested
        return True


def _field(row, key: str):
    # A status row is a Series or a dict (both have .get), or a named tuple from itertuples().
    return row.get(key) if hasattr(row, "get") else getattr(row, key, None)


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(LANGUAGES)})")


def _decimal(x) -> Decimal:
    # repr is the shortest decimal that reads back as the same float, i.e. the figure as written:
    # 0.30865 stays 0.30865 rather than 0.308649999..., so halves round the way a reader expects.
    return Decimal(int(x)) if isinstance(x, Integral) else Decimal(repr(float(x)))


def _round(value: Decimal, decimals: int) -> Decimal:
    if not value.is_finite():
        return value
    with _room(value, decimals):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else Decimal(0)  # no "-0" when a small negative rounds away


def _format(value: Decimal, lang: str, decimals: int) -> str:
    rounded = _round(value, decimals)
    if rounded.is_finite():
        # What Babel writes for "#,##0.##" in vi and en (tests/test_formats.py checks it), at a
        # hundredth of the cost: Babel takes ~0.1 ms a call, a national dashboard makes 100 000s.
        text = format(rounded, f",.{decimals}f")
        if decimals:
            text = text.rstrip("0").rstrip(".")
        return text.translate(_symbols(lang))
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    with _room(value, decimals):  # Babel quantizes again, in the current context
        return format_decimal(rounded, format=pattern, locale=lang)


@functools.cache
def _symbols(lang: str) -> dict[int, str]:
    """Python's grouping comma, decimal point and minus as `lang` writes them."""
    return {
        ord(","): get_group_symbol(locale=lang),
        ord("."): get_decimal_symbol(locale=lang),
        ord("-"): get_minus_sign_symbol(locale=lang),
    }


def _room(value: Decimal, decimals: int):
    """A decimal context precise enough to quantize `value` to `decimals` places.

    The default 28 digits cannot hold 1e30 to two decimals, and quantize raises
    InvalidOperation rather than round.
    """
    digits = value.adjusted() + decimals + 3 if value.is_finite() else 0
    return localcontext(prec=max(28, digits))
