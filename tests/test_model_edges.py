"""The model at the edges of SPEC section 4 (issue 10): each case worked out by hand."""

from __future__ import annotations

import math

import pytest
from test_model import AREAS, monthly, status

from tracker.model import compute, missing_months
from tracker.workspace import load_workspace

CHILDREN = 30


def test_an_index_exactly_on_a_threshold_takes_the_higher_status(make_workspace):
    # 240 a quarter of 1.200 as of September: 720 = 60% against a 75% pace, an index of exactly 0.80,
    # which 0.6 / 0.75 computes as 0.7999999999999999. Thirty areas, targets 100 ... 3.000, each 60% done.
    areas = "area,name,parent\nR,Root,\n" + "".join(f"A{k},Area {k},R\n" for k in range(CHILDREN))
    targets = "".join(f"jobs,2020,A{k},{100 * (k + 1)}\n" for k in range(CHILDREN))
    actuals = "".join(f"jobs,2020-Q{q},A{k},{20 * (k + 1)}\n" for k in range(CHILDREN) for q in (1, 2, 3))
    _, s = status(
        make_workspace,
        {
            "targets/areas.csv": areas,
            "targets/t.csv": "indicator,year,area,target\n" + targets,
            "actuals/a.csv": "indicator,period,area,value\n" + actuals,
        },
        as_of="2020-09",
    )
    assert (s.attainment.round(12) == 0.6).all()
    assert s.status.tolist() == ["at_risk"] * (CHILDREN + 1)  # the root (sum of targets) too


def test_attainment_exactly_one_is_achieved(make_workspace):
    # 0.7 + 0.1 computes as 0.7999999999999999: an attainment of 99.99999999999999% that prints as 100%
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,area,target\njobs,2020,,0.8\n",
            "actuals/a.csv": "indicator,period,area,value\njobs,2020-01,,0.7\njobs,2020-02,,0.1\n",
        },
        as_of="2020-02",
    )
    assert s.attainment.iloc[0] < 1 and s.status.iloc[0] == "achieved"


def quarterly(indicator: str, area: str, year: int, values) -> str:
    return "".join(f"{indicator},{year}-Q{q},{area},{v}\n" for q, v in enumerate(values, start=1))


MIXED = {
    "targets/areas.csv": AREAS,
    "targets/t.csv": "indicator,year,area,target\njobs,2020,R,2400\n",
    "actuals/a.csv": "indicator,period,area,value\n"
    # A reports monthly, B quarterly; 2018 and 2019 are complete at both
    + monthly("jobs", "A", 2018, [100] * 12)
    + quarterly("jobs", "B", 2018, [300] * 4)
    + monthly("jobs", "A", 2019, [100] * 12)
    + quarterly("jobs", "B", 2019, [300] * 4)
    + monthly("jobs", "A", 2020, [100])
    + "jobs,2020-01,B,100\n",
}


def test_a_parent_of_monthly_and_quarterly_children_has_no_figure_inside_a_quarter(make_workspace):
    # R's 2019 in January would be A's January alone (B's Q1 covers January to March): no year-to-date
    # there, so no seasonal profile from those years (not complete month by month) and no
    # same-period-last-year for January
    result, s = status(make_workspace, MIXED, as_of="2020-01")
    row = s.loc[("jobs", "R")]
    assert row.actual == 200
    assert row.pace == "linear" and row.expected == pytest.approx(1 / 12)
    assert math.isnan(row.p_meet) and math.isnan(row.projected_low)
    assert math.isnan(row.actual_prev_year) and math.isnan(row.yoy)
    assert result.profile.empty


def test_a_parent_of_monthly_and_quarterly_children_has_a_figure_at_quarter_ends(make_workspace):
    files = dict(MIXED)
    files["actuals/a.csv"] = MIXED["actuals/a.csv"] + monthly("jobs", "A", 2020, [100] * 5, first=2)
    files["actuals/a.csv"] += "jobs,2020-Q2,B,300\njobs,2020-02,B,100\njobs,2020-03,B,100\n"
    _, s = status(make_workspace, files, as_of="2020-06")
    row = s.loc[("jobs", "R")]
    # last year's year-to-date at June: A's six months and B's two quarters
    assert row.actual == 600 + 600 and row.actual_prev_year == 600 + 600 and row.yoy == 0


def test_a_parent_stops_at_the_last_month_every_child_has_a_figure(make_workspace):
    # A reported through May, B through June in quarters: B has no year-to-date in May, so R's
    # figure stops at March, the last month both have one
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target\njobs,2020,R,2400\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + monthly("jobs", "A", 2020, [100] * 5)
        + quarterly("jobs", "B", 2020, [300, 300]),
    }
    _, s = status(make_workspace, files, as_of="2020-06")
    row = s.loc[("jobs", "R")]
    assert row.data_through == "2020-03" and row.actual == 300 + 300 and row.stale


def test_same_period_last_year_of_a_stock_is_its_latest_level(make_workspace):
    # reported in March and September 2019: its June level is March's
    files = {
        "targets/t.csv": "indicator,year,area,target\nallowance,2020,,1000\n",
        "actuals/a.csv": "indicator,period,area,value\nallowance,2019-03,,800\nallowance,2019-09,,850\n"
        "allowance,2020-06,,900\n",
    }
    _, s = status(make_workspace, files)
    row = s.iloc[0]
    assert row.actual_prev_year == 800 and row.yoy == pytest.approx(0.125)


def test_same_period_last_year_of_a_flow_with_the_month_missing(make_workspace):
    # June 2019 not reported: nothing happened then, and the year-to-date at June is January to May's
    files = {
        "targets/t.csv": "indicator,year,area,target\njobs,2020,,1200\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + monthly("jobs", "", 2019, [50] * 5)
        + monthly("jobs", "", 2019, [50] * 6, first=7)
        + monthly("jobs", "", 2020, [100] * 6),
    }
    _, s = status(make_workspace, files)
    assert s.iloc[0].actual_prev_year == 250 and s.iloc[0].yoy == pytest.approx(600 / 250 - 1)


@pytest.mark.parametrize(("as_of", "previous"), [("2020-05", None), ("2020-06", 600.0)])
def test_same_period_last_year_reported_in_quarters(make_workspace, as_of, previous):
    # a year reported in quarters has a year-to-date at each quarter's end only
    files = {
        "targets/t.csv": "indicator,year,area,target\njobs,2020,,1200\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + quarterly("jobs", "", 2019, [300] * 4)
        + monthly("jobs", "", 2020, [100] * 6),
    }
    _, s = status(make_workspace, files, as_of=as_of)
    got = s.iloc[0].actual_prev_year
    assert math.isnan(got) if previous is None else got == previous


def test_a_cumulative_month_is_not_missing(make_workspace):
    ws = load_workspace(
        make_workspace(
            {
                "actuals/a.csv": "indicator,period,area,value,cumulative\n"
                "jobs,2020-01,,10,false\njobs,2020-02,,10,false\njobs,2020-03,,35,true\n"
                "jobs,2020-04,,10,false\njobs,2020-06,,10,false\n",
            }
        )
    )
    assert missing_months(ws) == ["jobs : no figure for 2020-05 (counted as nothing happened)"]


@pytest.mark.parametrize(("levels", "status_"), [((110, 90), "achieved"), ((100, 90), "lagging")])
def test_a_parent_whose_summed_target_equals_its_summed_baseline(make_workspace, levels, status_):
    # A: 100 -> 120, B: 100 -> 80; R: 200 -> 200, no attainment to compute: the level against the target
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target,baseline\nallowance,2020,A,120,100\n"
        "allowance,2020,B,80,100\n",
        "actuals/a.csv": f"indicator,period,area,value\nallowance,2020-06,A,{levels[0]}\n"
        f"allowance,2020-06,B,{levels[1]}\n",
    }
    _, s = status(make_workspace, files)
    row = s.loc[("allowance", "R")]
    assert math.isnan(row.attainment) and row.status == status_


SEASONAL = {
    "tracker.toml": 'pace = "seasonal"\n',
    "targets/t.csv": "indicator,year,area,target\njobs,2020,,1200\naccidents,2020,,100\n",
    "actuals/a.csv": "indicator,period,area,value\n" + monthly("jobs", "", 2020, [100] * 6),
}


def test_the_seasonal_fallback_names_only_flows_with_figures(make_workspace):
    result = compute(load_workspace(make_workspace(SEASONAL)), "2020-06")
    assert result.warnings == [
        'pace = "seasonal" needs two complete earlier years at the root area; linear pace used for jobs'
    ]


@pytest.mark.parametrize("command", [["validate"], ["status"], ["status", "--format", "json"], ["check"]])
def test_every_command_warns_of_the_seasonal_fallback(make_workspace, command):
    from click.testing import CliRunner

    from tracker.cli import cli

    folder = make_workspace(SEASONAL)
    result = CliRunner().invoke(cli, [*command, "-w", str(folder)])
    warning = (
        'warning: pace = "seasonal" needs two complete earlier years at the root area; '
        "linear pace used for jobs\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == warning


def test_the_report_warns_of_the_seasonal_fallback(make_workspace, tmp_path):
    from click.testing import CliRunner

    from tracker.cli import cli

    folder = make_workspace(SEASONAL)
    result = CliRunner().invoke(cli, ["report", "-w", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith('warning: pace = "seasonal" needs two complete earlier years')


def test_the_series_frame_has_its_documented_columns(example):
    from tracker.model.frames import SERIES_COLUMNS, empty_series
    from tracker.model.result import as_planned, earlier_years

    ws = load_workspace(example)
    now, _, _ = as_planned(ws, earlier_years(ws, 2020), 2020, 6)
    assert tuple(now.series.columns) == SERIES_COLUMNS == tuple(empty_series().columns)
    assert list(now.steps.columns) == ["series", "end", "delta"]
