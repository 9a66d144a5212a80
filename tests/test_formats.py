import math

import numpy as np
import pandas as pd
import pytest

from tracker import formats
from tracker.statuses import REPORT_ORDER, Status


@pytest.mark.parametrize(
    ("x", "vi", "en"),
    [
        (3276, "3.276", "3,276"),
        (44385794000, "44.385.794.000", "44,385,794,000"),
        (0, "0", "0"),
        (-3276, "-3.276", "-3,276"),
        (1833.3333, "1.833,33", "1,833.33"),
        (17.9, "17,9", "17.9"),
        (2.0, "2", "2"),
        (0.125, "0,13", "0.13"),
        (-0.125, "-0,13", "-0.13"),
        (-0.001, "0", "0"),
        (np.int64(3276), "3.276", "3,276"),
        (np.float64(99.74), "99,74", "99.74"),
        (math.inf, "∞", "∞"),
    ],
)
def test_number(x, vi, en):
    assert formats.number(x, "vi") == vi
    assert formats.number(x, "en") == en


def test_number_decimals_asked():
    assert formats.number(1833.3333, "vi", decimals=0) == "1.833"
    assert formats.number(1833.3333, "en", decimals=3) == "1,833.333"


@pytest.mark.parametrize(
    ("fraction", "vi", "en"),
    [
        (0.3087, "30,87%", "30.87%"),
        (0.45, "45%", "45%"),
        (0.30865, "30,87%", "30.87%"),
        (-0.30865, "-30,87%", "-30.87%"),
        (0.9974, "99,74%", "99.74%"),
        (0.305, "30,5%", "30.5%"),
        (0, "0%", "0%"),
        (1.5, "150%", "150%"),
        (np.float64(0.30865), "30,87%", "30.87%"),
    ],
)
def test_percent(fraction, vi, en):
    assert formats.percent(fraction, "vi") == vi
    assert formats.percent(fraction, "en") == en


def test_percent_decimals_asked():
    assert formats.percent(0.30865, "vi", decimals=0) == "31%"
    assert formats.percent(0.3, "en", decimals=1) == "30%"


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (44385794000, "44,386 tỷ đồng", "44.386 billion đồng"),
        (17921000000, "17,921 tỷ đồng", "17.921 billion đồng"),
        (1600000000, "1,6 tỷ đồng", "1.6 billion đồng"),
        (5842000000, "5,842 tỷ đồng", "5.842 billion đồng"),
        (147000000, "147 triệu đồng", "147 million đồng"),
        (48900000, "48,9 triệu đồng", "48.9 million đồng"),
        (999499, "999.499 đồng", "999,499 đồng"),
        (999949999, "999,9 triệu đồng", "999.9 million đồng"),
        (999999.6, "1 triệu đồng", "1 million đồng"),
        (999999600, "1 tỷ đồng", "1 billion đồng"),
        (0, "0 đồng", "0 đồng"),
        (-5842000000, "-5,842 tỷ đồng", "-5.842 billion đồng"),
        (-147000000, "-147 triệu đồng", "-147 million đồng"),
    ],
)
def test_money(amount, vi, en):
    assert formats.money(amount, "vi") == vi
    assert formats.money(amount, "en") == en


@pytest.mark.parametrize(
    ("x", "unit", "vi", "en"),
    [
        (3276, "hồ sơ", "3.276 hồ sơ", "3,276 files"),
        (9000, "người", "9.000 người", "9,000 people"),
        (1, "người", "1 người", "1 person"),
        (46, "hộ", "46 hộ", "46 households"),
        (948, "trẻ em", "948 trẻ em", "948 children"),
        (12, "xe", "12 xe", "12 xe"),
        (99.74, "%", "99,74%", "99.74%"),
        (17921000000, "đồng", "17,921 tỷ đồng", "17.921 billion đồng"),
        (0, "người", "0 người", "0 people"),
    ],
)
def test_quantity(x, unit, vi, en):
    assert formats.quantity(x, unit, "vi") == vi
    assert formats.quantity(x, unit, "en") == en


def test_quantity_decimals_asked():
    assert formats.quantity(1833.3333, "người", "vi", decimals=0) == "1.833 người"
    assert formats.quantity(1.25, "người", "en", decimals=1) == "1.3 people"


@pytest.mark.parametrize(
    ("x", "vi", "en"),
    [
        (1833.3333 / 1500, "1,22 lần", "1.22 times"),
        (2, "2 lần", "2 times"),
        (0.5, "0,5 lần", "0.5 times"),
    ],
)
def test_ratio(x, vi, en):
    assert formats.ratio(x, "vi") == vi
    assert formats.ratio(x, "en") == en


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [("2020-06", "tháng 6/2020", "June 2020"), ("2020-12", "tháng 12/2020", "December 2020")],
)
def test_month(period, vi, en):
    assert formats.month(period, "vi") == vi
    assert formats.month(period, "en") == en


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_missing_is_a_dash(missing, lang):
    assert formats.number(missing, lang) == "–"
    assert formats.percent(missing, lang) == "–"
    assert formats.money(missing, lang) == "–"
    assert formats.quantity(missing, "người", lang) == "–"
    assert formats.quantity(missing, "đồng", lang) == "–"
    assert formats.ratio(missing, lang) == "–"
    assert formats.monthly(missing, "người", lang) == "–"


def test_unknown_language():
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        formats.number(1, "fr")


@pytest.mark.parametrize(
    ("x", "unit", "vi", "en"),
    [
        (1833.3333, "người", "1.833 người", "1,833 people"),
        (10, "hồ sơ", "10 hồ sơ", "10 files"),
        (9.96, "hồ sơ", "10 hồ sơ", "10 files"),
        (0.54, "hồ sơ", "0,5 hồ sơ", "0.5 files"),
        (666666666.67, "đồng", "666,7 triệu đồng", "666.7 million đồng"),
    ],
)
def test_monthly(x, unit, vi, en):
    assert formats.monthly(x, unit, "vi") == vi
    assert formats.monthly(x, unit, "en") == en


@pytest.mark.parametrize("value", [None, math.nan, np.float64("nan"), pd.NA, pd.NaT])
def test_is_missing(value):
    assert formats.is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", "x", False, np.int64(3), pd.Timestamp("2020-06-01")])
def test_is_not_missing(value):
    assert not formats.is_missing(value)


def _rows(**values):
    """The same status row as a dict, a Series and a named tuple: every form the outputs pass."""
    frame = pd.DataFrame([values])
    return [values, frame.iloc[0], next(frame.itertuples(index=False))]


@pytest.mark.parametrize(
    ("name_en", "en"),
    [
        ("Job creation", "Job creation"),
        (None, "Giải quyết việc làm"),
        (math.nan, "Giải quyết việc làm"),
        ("", "Giải quyết việc làm"),
        ("  ", "Giải quyết việc làm"),
    ],
)
def test_indicator_name(name_en, en):
    for row in _rows(name="Giải quyết việc làm", name_en=name_en):
        assert formats.indicator_name(row, "vi") == "Giải quyết việc làm"
        assert formats.indicator_name(row, "en") == en


@pytest.mark.parametrize(
    ("measure", "direction", "ceiling"),
    [("flow", "down", True), ("flow", "up", False), ("stock", "down", False), ("rate", "down", False)],
)
def test_is_ceiling(measure, direction, ceiling):
    for row in _rows(measure=measure, direction=direction):
        assert formats.is_ceiling(row) is ceiling


@pytest.mark.parametrize(
    ("value", "flagged"), [(True, True), (False, False), (None, False), (math.nan, False)]
)
def test_flag(value, flagged):
    assert formats.flag({"stale": value}, "stale") is flagged
    assert formats.flag({}, "stale") is False


def test_status_label():
    assert formats.status_label("lagging", "vi") == "Chậm tiến độ"
    assert formats.status_label("lagging", "vi", ceiling=True) == "Dùng mức trần quá nhanh"
    assert formats.status_label("on_track", "en", ceiling=True) == "Within the ceiling"
    # a ceiling's achieved, breached and no_data read as for any indicator
    assert formats.status_label("breached", "en", ceiling=True) == "Ceiling exceeded"
    assert formats.status_label("no_target", "en") == "No target"


def test_status_word():
    assert formats.status_word("at_risk", "vi") == "có nguy cơ chậm"
    assert formats.status_word(Status.NO_DATA, "en") == "no data"
    assert formats.status_word(None, "vi") == formats.status_word(math.nan, "en") == "–"


def test_every_status_has_its_colours():
    assert set(formats.STATUS_COLOURS) == set(REPORT_ORDER)
    assert set(formats.TERMINAL_COLOURS) == set(REPORT_ORDER) - {Status.NO_DATA}


@pytest.mark.parametrize("lang", formats.LANGUAGES)
def test_numbers_are_written_as_babel_writes_them(lang):
    """formats writes "#,##0.##" itself, for speed: digit for digit what Babel's format_decimal gives."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    rng = np.random.default_rng(7)
    values = [Decimal(k) for k in range(-1100, 1100, 7)]
    values += [Decimal(repr(float(x))) for x in rng.uniform(-1e7, 1e7, 3000)]
    values += [Decimal(repr(float(x))) for x in rng.random(3000)]
    values += [Decimal(t) for t in ("0.005", "-0.004", "999.995", "1E+3", "1.000", "1e30", "-1234567.891")]
    for decimals in (0, 1, 2):
        pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
        for value in values:
            rounded = formats._round(value, decimals)
            with formats._room(value, decimals):
                expected = format_decimal(rounded, format=pattern, locale=lang)
            assert formats._format(value, lang, decimals) == expected, (value, decimals)
