"""Numbers, percentages, money and months as the reports write them, in Vietnamese or English."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from numbers import Integral

from babel.dates import get_month_names
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
MISSING = "–"
MONEY_UNIT = "đồng"

# As the department rounds: tỷ to the million, triệu to 100.000 đồng (17,921 tỷ; 48,9 triệu).
_MONEY_SCALES = (
    (Decimal(10**9), 3, {"vi": "tỷ đồng", "en": "billion đồng"}),
    (Decimal(10**6), 1, {"vi": "triệu đồng", "en": "million đồng"}),
)
_TIMES = {"vi": "lần", "en": "times"}

# Units are written in the workspace's language, Vietnamese in practice; English needs a
# translation and a plural. A unit not listed is shown as written.
_UNITS_EN = {
    "người": ("person", "people"),
    "hộ": ("household", "households"),
    "hồ sơ": ("file", "files"),
    "lượt": ("case", "cases"),
    "dự án": ("project", "projects"),
    "trẻ em": ("child", "children"),
    "đối tượng": ("beneficiary", "beneficiaries"),
    "lao động": ("worker", "workers"),
}


def number(x, lang: str, decimals: int = 2) -> str:
    """Format x with thousands grouping and at most `decimals` decimals, trailing zeros dropped."""
    _check(lang)
    if _missing(x):
        return MISSING
    return _format(_decimal(x), lang, decimals)


def percent(fraction, lang: str, decimals: int = 2) -> str:
    """Format a fraction as a percentage: 0.3087 -> "30,87%" (vi) or "30.87%" (en)."""
    _check(lang)
    if _missing(fraction):
        return MISSING
    return _format(_decimal(fraction) * 100, lang, decimals) + "%"


def money(amount, lang: str) -> str:
    """Format an amount in đồng: tỷ/billion to 3 decimals, triệu/million to 1, else in full."""
    _check(lang)
    if _missing(amount):
        return MISSING
    value = _decimal(amount)
    # A scale is used once the amount, as the next smaller scale would show it, reaches it:
    # 999.999.600 đồng would show as "1.000 triệu", so it reads "1 tỷ đồng".
    steps = [scale.scaleb(-decimals) for scale, decimals, _ in _MONEY_SCALES[1:]] + [Decimal(1)]
    for (scale, decimals, words), step in zip(_MONEY_SCALES, steps, strict=True):
        if abs(_round(value / step, 0)) * step >= scale:
            return f"{_format(value / scale, lang, decimals)} {words[lang]}"
    return f"{_format(value, lang, 0)} {MONEY_UNIT}"


def quantity(x, unit: str, lang: str, decimals: int = 2) -> str:
    """Format a value with its unit ("3.276 hồ sơ"); đồng goes to money(), "%" is percent units."""
    _check(lang)
    if _missing(x):
        return MISSING
    if unit == MONEY_UNIT:
        return money(x, lang)
    value = _round(_decimal(x), decimals)
    text = _format(value, lang, decimals)
    if unit == "%":
        return text + "%"
    if lang == "en" and unit.strip().lower() in _UNITS_EN:
        singular, plural = _UNITS_EN[unit.strip().lower()]
        unit = singular if abs(value) == 1 else plural
    return f"{text} {unit}"


def ratio(x, lang: str) -> str:
    """Format a multiplier: 1.22 -> "1,22 lần" (vi) or "1.22 times" (en)."""
    _check(lang)
    if _missing(x):
        return MISSING
    return f"{_format(_decimal(x), lang, 2)} {_TIMES[lang]}"


def month(period: str, lang: str) -> str:
    """Format a `YYYY-MM` month: "tháng 6/2020" (vi) or "June 2020" (en)."""
    _check(lang)
    year, month_number = (int(part) for part in period.split("-"))
    if lang == "vi":
        return f"tháng {month_number}/{year}"
    return f"{get_month_names('wide', locale='en')[month_number]} {year}"


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(LANGUAGES)})")


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(x != x)
    except TypeError:  # pandas.NA refuses to be truth-tested
        return True


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
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    with _room(value, decimals):  # Babel quantizes again, in the current context
        return format_decimal(_round(value, decimals), format=pattern, locale=lang)


def _room(value: Decimal, decimals: int):
    """A decimal context precise enough to quantize `value` to `decimals` places.

    The default 28 digits cannot hold 1e30 to two decimals, and quantize raises
    InvalidOperation rather than round.
    """
    digits = value.adjusted() + decimals + 3 if value.is_finite() else 0
    return localcontext(prec=max(28, digits))
