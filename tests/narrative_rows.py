"""Status rows for the summary tests (tests/test_narrative.py): the seed's indicators as of 2020-06.

Each figure is worked out by hand; a test overrides the ones it is about.
"""

import math

import pandas as pd

from tracker.model import STATUS_COLUMNS as COLUMNS  # every column of the status table
from tracker.narrative import summary

ORG = "Sở LĐ-TB&XH tỉnh Trà Vinh"
NAN = math.nan


def row(**values) -> dict:
    base = dict.fromkeys(COLUMNS, NAN)
    base.update(
        name_en="",
        direction="up",
        group="",
        area="TV",
        area_name="Trà Vinh",
        depth=0,
        year=2020,
        as_of="2020-06",
        data_through="2020-06",
        stale=False,
        pace="linear",
        estimate=False,
        note="",
        rolled_up=False,
    )
    base.update(values)
    assert list(base) == COLUMNS
    return base


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


def jobs(**values) -> dict:
    """Job creation at 2020-06: 9.000 of 20.000, linear pace 50%, index 0.9."""
    figures = dict(
        indicator="jobs_created",
        name="Giải quyết việc làm",
        name_en="Job creation",
        unit="người",
        measure="flow",
        group="Lao động - Việc làm",
        target=20000,
        actual=9000,
        attainment=0.45,
        expected=0.5,
        index=0.9,
        status="at_risk",
        projected=18000,
        gap=2000,
        remaining=11000,
        run_rate=1500,
        required_per_month=11000 / 6,
        acceleration=11000 / 6 / 1500,
    )
    return row(**{**figures, **values})


def spending(**values) -> dict:
    """A ceiling: 6 of 10 tỷ used by June, linear pace 50%, index 0.8333."""
    figures = dict(
        indicator="running_costs",
        name="Chi hoạt động thường xuyên",
        name_en="Running costs",
        unit="đồng",
        measure="flow",
        direction="down",
        group="Tài chính",
        target=10e9,
        actual=6e9,
        attainment=0.6,
        expected=0.5,
        index=0.5 / 0.6,
        status="at_risk",
        remaining=4e9,
        run_rate=1e9,
        required_per_month=4e9 / 6,
        acceleration=(4e9 / 6) / 1e9,
    )
    return row(**{**figures, **values})


def enrolment(**values) -> dict:
    """Vocational enrolment reported through April only: 4.000 of 20.000, pace 4/12."""
    figures = dict(
        indicator="vocational_enrolment",
        name="Tuyển sinh, đào tạo nghề",
        name_en="Vocational enrolment",
        unit="người",
        measure="flow",
        group="Lao động - Việc làm",
        data_through="2020-04",
        stale=True,
        target=20000,
        actual=4000,
        attainment=0.2,
        expected=4 / 12,
        index=0.6,
        status="lagging",
        remaining=16000,
        run_rate=1000,
        required_per_month=2000,
        acceleration=2.0,
    )
    return row(**{**figures, **values})


def covid(**values) -> dict:
    """A rate with no baseline, paced `none`, reported as an estimate."""
    figures = dict(
        indicator="covid_support_paid",
        name="Chi trả hỗ trợ người dân gặp khó khăn do Covid-19",
        name_en="Covid-19 support paid",
        unit="%",
        measure="rate",
        group="Bảo trợ xã hội",
        target=100,
        actual=99.74,
        attainment=0.9974,
        expected=1,
        index=0.9974,
        status="on_track",
        pace="none",
        estimate=True,
    )
    return row(**{**figures, **values})


def gift_funds(**values) -> dict:
    """Tracked only, money, noted "hơn"."""
    figures = dict(
        indicator="near_poor_gift_funds",
        name="Kinh phí tặng quà hộ cận nghèo",
        name_en="Gifts to near-poor households",
        unit="đồng",
        measure="flow",
        group="Bảo trợ xã hội",
        actual=5842000000,
        status="no_target",
        pace=None,
        note="hơn",
    )
    return row(**{**figures, **values})


def claims(**values) -> dict:
    """Tracked only, a count."""
    figures = dict(
        indicator="ui_claims_settled",
        name="Hồ sơ hưởng bảo hiểm thất nghiệp được giải quyết",
        unit="hồ sơ",
        measure="flow",
        group="Lao động - Việc làm",
        actual=3276,
        status="no_target",
        pace=None,
    )
    return row(**{**figures, **values})


def lines(rows: pd.DataFrame, lang: str) -> list[str]:
    return summary(rows, lang, ORG).splitlines()
