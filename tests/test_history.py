"""A check that remembers: consecutive months behind pace, and months of pace behind, worked by hand."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.history import lagging_months, months_behind, with_history
from tracker.model import compute
from tracker.workspace import load_workspace

# jobs: a target of 1200 for the year, so the linear pace is 100 a month. Each month's figure,
# the year-to-date, the index (ytd / (100 x m)) and the status it gives (on track >= 0.95,
# at risk >= 0.80, else lagging):
JOBS = [
    # month, figure, ytd, index, status
    (1, 100, 100, 1.0, "on_track"),
    (2, 110, 210, 1.05, "on_track"),
    (3, 20, 230, 0.767, "lagging"),
    (4, 80, 310, 0.775, "lagging"),
    (5, 120, 430, 0.86, "at_risk"),
    (6, 40, 470, 0.783, "lagging"),
    (7, 200, 670, 0.957, "on_track"),
    (8, 30, 700, 0.875, "at_risk"),
    (9, 60, 760, 0.844, "at_risk"),
    (10, 50, 810, 0.81, "at_risk"),
    (11, 30, 840, 0.764, "lagging"),
    (12, 10, 850, 0.708, "lagging"),
]
# Consecutive month-ends at risk or lagging, ending at each as-of month: the streak of months
# 3-6 is broken by July's catch-up, then months 8-12 make a new one.
LAGGING_MONTHS = [0, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5]
# months_behind = m - (where the pace stood at the ytd) = m - 12 x ytd / 1200 = m - ytd / 100
MONTHS_BEHIND = [0.0, -0.1, 0.7, 0.9, 0.7, 1.3, 0.3, 1.0, 1.4, 1.9, 2.6, 3.5]


@pytest.fixture
def year(make_workspace):
    rows = "\n".join(f"jobs,2020-{m:02d},{figure}" for m, figure, *_ in JOBS)
    return load_workspace(
        make_workspace(
            {
                "targets/2020.csv": "indicator,year,target\njobs,2020,1200\naccidents,2020,120\n",
                "actuals/2020.csv": "indicator,period,value\n"
                + rows
                + "\n"
                # a ceiling of 120 (10 a month) used at 12 a month: at risk from January, breached
                # once 132 > 120 in November
                + "\n".join(f"accidents,2020-{m:02d},12" for m in range(1, 13))
                + "\n"
                # a level without a baseline has no pace to be behind
                + "allowance,2020-06,500\n",
                "tracker.toml": 'root_area = "VN"\n',
            }
        )
    )


def test_the_statuses_month_by_month_are_those_worked_out(year):
    for month, _, ytd, index, status in JOBS:
        row = compute(year, f"2020-{month:02d}").status.set_index("indicator").loc["jobs"]
        assert (row.actual, row.status) == (ytd, status)
        assert row["index"] == pytest.approx(index, abs=0.001)


@pytest.mark.parametrize("month", range(1, 13))
def test_consecutive_months_behind_and_months_of_pace_behind(year, month):
    result = compute(year, f"2020-{month:02d}")
    jobs = (result.status.indicator == "jobs").to_numpy()
    assert lagging_months(year, result)[jobs].tolist() == [LAGGING_MONTHS[month - 1]]
    assert months_behind(result)[jobs].tolist() == [pytest.approx(MONTHS_BEHIND[month - 1])]


def test_a_ceiling_counts_breached_months_and_is_behind_when_used_ahead_of_the_pace(year):
    june = compute(year, "2020-06")
    rows = with_history(year, june).set_index("indicator")
    # 72 of 120 used = 60%; the pace allows 60% at month 7.2: 1.2 months of allowance used early
    assert rows.loc["accidents", "status"] == "at_risk"
    assert (rows.loc["accidents", "lagging_months"], rows.loc["accidents", "months_behind"]) == (6, 1.2)
    december = with_history(year, compute(year, "2020-12")).set_index("indicator")
    # at risk January-October, breached in November and December: twelve months in a row
    assert december.loc["accidents", "status"] == "breached"
    assert december.loc["accidents", "lagging_months"] == 12


def test_rows_without_a_pace_have_no_months_behind(year):
    rows = with_history(year, compute(year, "2020-06")).set_index("indicator")
    assert rows.loc["allowance", "pace"] == "none" and math.isnan(rows.loc["allowance", "months_behind"])
    assert rows.loc["allowance", "lagging_months"] == 0


def test_seasonal_pace_is_read_backwards_along_its_profile(make_workspace):
    # Two complete earlier years of 60 a month to June, then 140 a month: 5% of the year a
    # month, then 11.67%. The 2020 median profile is the same.
    earlier = [f"jobs,{y}-{m:02d},{60 if m <= 6 else 140}" for y in (2018, 2019) for m in range(1, 13)]
    this_year = ["jobs,2020-01,50", "jobs,2020-02,50", "jobs,2020-03,50"]
    this_year += ["jobs,2020-04,50", "jobs,2020-05,50", "jobs,2020-06,50", "jobs,2020-07,90"]
    ws = load_workspace(
        make_workspace(
            {
                "tracker.toml": 'root_area = "VN"\n',
                "targets/2020.csv": "indicator,year,target\njobs,2020,1200\n",
                "actuals/all.csv": "indicator,period,value\n" + "\n".join(earlier + this_year) + "\n",
            }
        )
    )
    june = compute(ws, "2020-06")
    # 300 of 1200 = 25%, which the profile reached at month 5 (5 x 5%): one month behind
    assert june.status.pace.tolist() == ["seasonal"]
    assert months_behind(june).tolist() == [1.0]
    # July: 390 = 32.5%; the profile is at 30% in June and 41.67% in July, so it stood at 32.5%
    # at 6 + 2.5 / 11.67 = 6.214: 0.79 months behind
    assert months_behind(compute(ws, "2020-07")).tolist() == [0.79]


def test_status_json_adds_the_history_keys_after_the_others(year):
    result = CliRunner().invoke(
        cli, ["status", "-w", str(year.path), "--as-of", "2020-11", "--format", "json"]
    )
    assert result.exit_code == 0
    jobs = next(r for r in json.loads(result.stdout) if r["indicator"] == "jobs")
    assert list(jobs)[-2:] == ["lagging_months", "months_behind"]
    assert list(jobs)[:-2] == list(compute(year, "2020-11").status.columns)
    assert (jobs["lagging_months"], jobs["months_behind"]) == (4, 2.6)
    allowance = next(r for r in json.loads(result.stdout) if r["indicator"] == "allowance")
    assert (allowance["lagging_months"], allowance["months_behind"]) == (0, None)


def test_status_csv_adds_the_history_columns_last(year):
    result = CliRunner().invoke(
        cli, ["status", "-w", str(year.path), "--as-of", "2020-06", "--format", "csv"]
    )
    header, jobs = result.stdout.splitlines()[:2]
    assert header.endswith(",planned,numerator,denominator,lagging_months,months_behind")
    assert jobs.startswith("jobs,") and jobs.endswith(",4,1.3")


def test_a_revision_rewrites_the_history(year):
    # A later report of March (130, not 20) puts every month from March to June back on track:
    # ytd 340, 420, 540, 580 against a pace of 300, 400, 500, 600 (indexes 1.13, 1.05, 1.08, 0.97).
    (year.path / "actuals" / "revision.csv").write_text(
        "indicator,period,value,reported_at\njobs,2020-03,130,2020-07-01\n", encoding="utf-8"
    )
    ws = load_workspace(year.path)
    rows = with_history(ws, compute(ws, "2020-06")).set_index("indicator")
    assert (rows.loc["jobs", "actual"], rows.loc["jobs", "status"]) == (580, "on_track")
    assert rows.loc["jobs", "lagging_months"] == 0
    # November's streak is shorter: 110 more from March on makes ytd 810, 870, 920, 950 from August,
    # indexes 1.01, 0.97, 0.92, 0.86: at risk in October and November only
    november = with_history(ws, compute(ws, "2020-11")).set_index("indicator")
    assert (november.loc["jobs", "status"], november.loc["jobs", "lagging_months"]) == ("at_risk", 2)
