"""Status rows, monthly paths and artist look-ups for the chart tests (tests/test_charts.py).

The seed's figures as of 2020-06 in Trà Vinh, with a ceiling, a row without
data and a row without a target, each worked out by hand.
"""

import math

import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from tracker import formats
from tracker.model import STATUS_COLUMNS  # every column of the status table (docs/MODEL.md)

PATH_COLUMNS = [
    "indicator",
    "area",
    "month",
    "actual",
    "plan",
    "projected",
    "projected_low",
    "projected_high",
]

OVERSEAS = "Đưa lao động đi làm việc có thời hạn ở nước ngoài theo hợp đồng"
GREEN, AMBER, RED = (to_rgba(formats.STATUS_COLOURS[s]) for s in ("on_track", "at_risk", "lagging"))

# What each seed row sets beyond status_row()'s defaults.
SEED = (
    {
        "indicator": "jobs",
        "name": "Giải quyết việc làm",
        "name_en": "Job creation",
        "target": 20000,
        "actual": 9000,
        "attainment": 0.45,
        "expected": 0.5,
        "index": 0.9,
        "status": "at_risk",
    },
    {
        "indicator": "overseas",
        "name": OVERSEAS,
        "name_en": "Workers sent abroad",
        "target": 1000,
        "actual": 320,
        "attainment": 0.32,
        "expected": 0.5,
        "index": 0.64,
        "status": "lagging",
    },
    {
        "indicator": "vocational",
        "name": "Tuyển sinh giáo dục nghề nghiệp",
        "name_en": "",
        "target": 17300,
        "actual": 5340.51,
        "attainment": 0.3087,
        "expected": 0.5,
        "index": 0.6174,
        "status": "lagging",
        "estimate": True,
    },
    {
        "indicator": "covid",
        "name": "Chi trả hỗ trợ Covid-19",
        "name_en": "Covid support paid",
        "unit": "%",
        "measure": "rate",
        "target": 100,
        "actual": 99.74,
        "attainment": 0.9974,
        "expected": 1.0,
        "index": 0.9974,
        "status": "on_track",
        "pace": "none",
    },
    {
        "indicator": "new_poor",
        "name": "Số hộ nghèo phát sinh mới",
        "name_en": "Newly poor households",
        "unit": "hộ",
        "direction": "down",
        "target": 500,
        "actual": 550,
        "attainment": 1.1,
        "expected": 0.5,
        "index": 0.4545,
        "status": "breached",
    },
    {
        "indicator": "pension",
        "name": "Chi trả trợ cấp xã hội",
        "target": 1e9,
        "status": "no_data",
        "stale": None,
        "data_through": None,
        "pace": None,
    },
    {
        "indicator": "visits",
        "name": "Lượt tư vấn việc làm",
        "actual": 1200,
        "status": "no_target",
        "pace": None,
    },
)

# Four districts of Trà Vinh: area, name, attainment of the jobs plan, status.
DISTRICTS = (
    ("CL", "Càng Long", 0.47, "at_risk"),
    ("CK", "Cầu Kè", 0.38, "lagging"),
    ("DH", "Duyên Hải", math.nan, "no_data"),
    ("TC", "Tiểu Cần", 0.61, "on_track"),
)


def status_row(**given):
    row = dict.fromkeys(STATUS_COLUMNS, math.nan)
    row.update(
        name_en=None,
        group=None,
        area="TV",
        area_name="Trà Vinh",
        depth=0,
        year=2020,
        as_of="2020-06",
        data_through="2020-06",
        stale=False,
        direction="up",
        measure="flow",
        unit="người",
        pace="linear",
        estimate=False,
        note="",
        rolled_up=False,
    )
    row.update(given)
    return row


def seed_rows() -> pd.DataFrame:
    """The seed's figures as of 2020-06, plus a ceiling and rows the overview must skip."""
    return pd.DataFrame([status_row(**given) for given in SEED], columns=STATUS_COLUMNS)


def district_rows() -> pd.DataFrame:
    """The jobs indicator in each district, one without data."""
    return pd.DataFrame(
        [
            status_row(
                indicator="jobs",
                name="Giải quyết việc làm",
                name_en="Job creation",
                area=area,
                area_name=name,
                depth=1,
                target=2000,
                attainment=attainment,
                expected=0.5,
                status=status,
            )
            for area, name, attainment, status in DISTRICTS
        ],
        columns=STATUS_COLUMNS,
    )


def jobs_path(with_range=True):
    """Year-to-date 1500 a month through June, linear plan to 20000, projection to 18000."""
    frame = pd.DataFrame(
        {
            "indicator": "jobs",
            "area": "TV",
            "month": range(1, 13),
            "actual": [1500.0 * m if m <= 6 else math.nan for m in range(1, 13)],
            "plan": [20000 * m / 12 for m in range(1, 13)],
            "projected": [1500.0 * m if m >= 6 else math.nan for m in range(1, 13)],
            "projected_low": [1300.0 * m if m >= 6 and with_range else math.nan for m in range(1, 13)],
            "projected_high": [1800.0 * m if m >= 6 and with_range else math.nan for m in range(1, 13)],
        },
        columns=PATH_COLUMNS,
    )
    # Out of order on purpose: the chart must draw by month.
    return frame.iloc[::-1]


def new_axes():
    return Figure(layout="constrained").add_subplot()


def container(ax, label):
    return next(c for c in ax.containers if c.get_label() == label)


def collection(ax, label):
    return next(c for c in ax.collections if c.get_label() == label)


def line(ax, label):
    return next(line for line in ax.lines if line.get_label() == label)


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def unwrapped(labels):
    return [label.get_text().replace("\n", " ") for label in labels]
