"""The model on tiny workspaces whose answers are worked out by hand in each test."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tracker.model import compute, missing_months, paths
from tracker.workspace import load_workspace

AREAS = """\
area,name,parent
R,Root,
A,Area A,R
B,Area B,R
"""


def monthly(indicator: str, area: str, year: int, values, first: int = 1, **extra) -> str:
    """CSV rows of one monthly series: `indicator,period,area,value[,extra...]`."""
    tail = "".join(f",{v}" for v in extra.values())
    return "".join(f"{indicator},{year}-{first + k:02d},{area},{v}{tail}\n" for k, v in enumerate(values))


def status(make_workspace, files, as_of="2020-06", name="ws"):
    """The status rows keyed by (indicator, area)."""
    result = compute(load_workspace(make_workspace(files, name)), as_of)
    return result, result.status.set_index(["indicator", "area"])


def test_flow_up_on_pace(make_workspace):
    # 100 a month for six months against 1.200 a year: exactly on the linear pace
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,area,target\njobs,2020,,1200\n",
            "actuals/a.csv": "indicator,period,area,value\n" + monthly("jobs", "", 2020, [100] * 6),
        },
    )
    row = s.iloc[0]
    assert row.actual == 600
    assert row.attainment == 0.5 and row.expected == 0.5 and row["index"] == 1.0
    assert row.status == "on_track" and row.pace == "linear"
    assert row.projected == 1200 and row.gap == 0
    assert row.remaining == 600 and row.run_rate == 100
    assert row.required_per_month == 100 and row.acceleration == 1
    assert row.data_through == "2020-06" and row.stale is False


def test_ceiling_used_too_fast_and_breached(make_workspace):
    # 15 accidents a month against a ceiling of 120: 90 used = 75% at half-year,
    # index = expected / attainment = 0.5 / 0.75 = 0.667 -> lagging; projection 180, 60 over
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target\naccidents,2020,A,120\naccidents,2020,B,50\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + monthly("accidents", "A", 2020, [15] * 6)
        + monthly("accidents", "B", 2020, [10] * 6),
    }
    _, s = status(make_workspace, files)
    a = s.loc[("accidents", "A")]
    assert a.attainment == 0.75
    assert a["index"] == pytest.approx(2 / 3)
    assert a.status == "lagging"
    assert a.projected == 180 and a.gap == 60
    # B used 60 of 50: breached whatever the pace
    assert s.loc[("accidents", "B")].status == "breached"
    # the root has no target of its own: 120 + 50; and no actual: 90 + 60
    r = s.loc[("accidents", "R")]
    assert (r.target, r.actual, r.rolled_up) == (170, 150, True)


def test_ceiling_with_nothing_used_is_on_track(make_workspace):
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\naccidents,2020,120\n",
            "actuals/a.csv": "indicator,period,value\naccidents,2020-06,0\n",
        },
    )
    row = s.iloc[0]
    assert math.isnan(row["index"]) and row.status == "on_track"


def test_stock_with_baseline_paced_linearly_and_trend_projected(make_workspace):
    # baseline 1.000 -> target 1.200; levels 1.010 ... 1.060 by June: 60 of 200 = 30%,
    # expected 6/12, index 0.6 -> lagging; trend 10 a month -> 1.120 in December, 80 short
    files = {"targets/t.csv": "indicator,year,target,baseline\nallowance,2020,1200,1000\n"}
    files["actuals/a.csv"] = "indicator,period,value\n" + "".join(
        f"allowance,2020-{m:02d},{1000 + 10 * m}\n" for m in range(1, 7)
    )
    _, s = status(make_workspace, files)
    row = s.iloc[0]
    assert row.actual == 1060
    assert row.attainment == pytest.approx(0.3)
    assert row.expected == 0.5 and row.pace == "linear"
    assert row.status == "lagging"
    assert row.projected == pytest.approx(1120) and row.gap == pytest.approx(80)
    assert math.isnan(row.remaining) and math.isnan(row.required_per_month)


def test_stock_without_baseline_is_not_paced(make_workspace):
    # level 1.100 of 1.200, no baseline: compared with the target as it is (pace none)
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\nallowance,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\nallowance,2020-06,1100\n",
        },
    )
    row = s.iloc[0]
    assert row.expected == 1 and row.pace == "none"
    assert row.attainment == pytest.approx(1100 / 1200) and row.status == "at_risk"
    assert row.projected == 1100


def test_rate_down_with_baseline(make_workspace):
    # poverty 5.0% -> 4.0%; at 4.6% in June: (4.6 - 5) / (4 - 5) = 40% of the way, index 0.8
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target,baseline\npoverty,2020,4.0,5.0\n",
            "actuals/a.csv": "indicator,period,value\npoverty,2020-06,4.6\n",
        },
    )
    row = s.iloc[0]
    assert row.attainment == pytest.approx(0.4)
    assert row["index"] == pytest.approx(0.8)
    # projection of a level with one value is the value; a `down` level's gap is projected - target
    assert row.projected == 4.6 and row.gap == pytest.approx(0.6)


def test_a_level_is_its_last_reported_value_to_the_bit(make_workspace):
    # levels are kept as month-on-month changes; added up in month order they give back 1.97 exactly
    # (in the order of their sizes they would not), or a rate that stands exactly on a threshold
    # (index (1.97 - 2.07) / (1.82 - 2.07) / 0.5 = 0.8) would be misjudged
    levels = [2.05, 1.99, 2.31, 1.98, 2.03, 1.97]
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,area,target,baseline\npoverty,2020,,1.82,2.07\n",
            "actuals/a.csv": "indicator,period,area,value\n" + monthly("poverty", "", 2020, levels),
        },
    )
    row = s.iloc[0]
    assert row.actual == 1.97
    assert row["index"] == (1.97 - 2.07) / (1.82 - 2.07) / 0.5


def test_rate_reaching_target_is_achieved(make_workspace):
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target,baseline\npoverty,2020,4.0,5.0\n",
            "actuals/a.csv": "indicator,period,value\npoverty,2020-03,3.9\n",
        },
        as_of="2020-03",
    )
    assert s.iloc[0].status == "achieved"


def test_cumulative_and_incremental_rows_give_the_same_year_to_date(make_workspace):
    incremental = "indicator,period,value\n" + "".join(f"jobs,2020-{m:02d},100\n" for m in range(1, 7))
    cumulative = "indicator,period,value,cumulative\n" + "".join(
        f"jobs,2020-{m:02d},{100 * m},true\n" for m in range(1, 7)
    )
    mixed = "indicator,period,value,cumulative\njobs,2020-03,300,true\n" + "".join(
        f"jobs,2020-{m:02d},100,false\n" for m in range(4, 7)
    )
    target = "indicator,year,target\njobs,2020,1200\n"
    results = [
        status(make_workspace, {"targets/t.csv": target, "actuals/a.csv": text}, name=f"w{k}")[1].iloc[0]
        for k, text in enumerate([incremental, cumulative, mixed])
    ]
    assert [r.actual for r in results] == [600, 600, 600]
    assert [r.status for r in results] == ["on_track"] * 3


def test_quarter_and_half_year_rows(make_workspace):
    # Q1 300 then months 4-6 of 100: year-to-date 600 through June
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-Q1,300\njobs,2020-04,100\n"
            "jobs,2020-05,100\njobs,2020-06,100\n",
        },
    )
    assert s.iloc[0].actual == 600


def test_latest_revision_wins_and_a_final_replaces_an_estimate(make_workspace):
    files = {
        "targets/t.csv": "indicator,year,target\njobs,2020,1200\nallowance,2020,500\n",
        "actuals/a.csv": "indicator,period,value,reported_at,estimate\n"
        "jobs,2020-06,100,2020-07-01,false\n"
        "jobs,2020-06,150,2020-07-15,false\n"
        "allowance,2020-06,300,2020-07-20,true\n"
        "allowance,2020-06,280,2020-07-10,false\n",
    }
    _, s = status(make_workspace, files)
    jobs, allowance = s.loc["jobs"].iloc[0], s.loc["allowance"].iloc[0]
    assert jobs.actual == 150
    # the final figure wins over a later-dated estimate, and the row is no longer an estimate
    assert allowance.actual == 280 and not allowance.estimate


def test_an_estimate_alone_is_used_and_marked(make_workspace):
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value,estimate\njobs,2020-06,600,true\n",
        },
    )
    assert s.iloc[0].actual == 600 and s.iloc[0].estimate


def test_stale_rows_are_paced_at_their_own_month(make_workspace):
    # data through April as of June: expected 4/12, so 400 of 1.200 is on pace, but stale
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-04,400\n",
        },
    )
    row = s.iloc[0]
    assert row.data_through == "2020-04" and row.stale is True
    assert row.expected == pytest.approx(4 / 12) and row.status == "on_track"


def test_no_target_and_no_data(make_workspace):
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-07,100\nallowance,2020-06,50\n",
        },
    )
    # the July row is after as_of: not used
    jobs, allowance = s.loc["jobs"].iloc[0], s.loc["allowance"].iloc[0]
    assert jobs.status == "no_data" and jobs.stale is None and pd.isna(jobs.data_through)
    assert allowance.status == "no_target" and allowance.actual == 50


def test_three_area_roll_up(make_workspace):
    # A reports 10 a month through June, B 20 a month through May: the root gets both
    # through May, the earliest month all its children have reported: 50 + 100 = 150
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target\njobs,2020,A,120\njobs,2020,B,240\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + monthly("jobs", "A", 2020, [10] * 6)
        + monthly("jobs", "B", 2020, [20] * 5),
    }
    _, s = status(make_workspace, files)
    root = s.loc[("jobs", "R")]
    assert (root.target, root.actual, root.data_through) == (360, 150, "2020-05")
    assert root.stale is True and root.rolled_up
    assert root.attainment == pytest.approx(150 / 360)
    assert root.expected == pytest.approx(5 / 12)


def test_roll_up_of_stocks_and_never_of_rates(make_workspace):
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target,baseline\n"
        "allowance,2020,A,100,\nallowance,2020,B,200,\n"
        "poverty,2020,A,4,5\npoverty,2020,B,3,4\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        "allowance,2020-05,A,90\nallowance,2020-04,B,140\nallowance,2020-06,B,150\n"
        "poverty,2020-06,A,4.5\npoverty,2020-06,B,3.5\n",
    }
    _, s = status(make_workspace, files)
    root = s.loc[("allowance", "R")]
    # the root's data runs through the earliest month, May, when B's level is April's 140
    assert root.actual == 230 and root.target == 300 and root.data_through == "2020-05"
    assert ("poverty", "R") not in s.index


def test_a_parents_own_figures_win_and_a_silent_child_stops_the_roll_up(make_workspace):
    areas = AREAS + "C,Area C,R\n"
    files = {
        "targets/areas.csv": areas,
        "targets/t.csv": "indicator,year,area,target\n"
        "jobs,2020,A,120\njobs,2020,B,240\njobs,2020,C,60\n"
        "accidents,2020,A,10\naccidents,2020,R,99\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        "jobs,2020-06,A,60\njobs,2020-06,B,120\n"
        "accidents,2020-06,A,4\naccidents,2020-06,R,7\n",
    }
    _, s = status(make_workspace, files)
    # C has a target and no actual: the root's jobs actual cannot be summed, its target can
    jobs = s.loc[("jobs", "R")]
    assert jobs.target == 420 and jobs.status == "no_data"
    accidents = s.loc[("accidents", "R")]
    assert (accidents.target, accidents.actual, accidents.rolled_up) == (99, 7, False)


SEASONAL = {
    # three complete years at the root with June shares of 0.25, 0.5 and 0.375 of 1.200
    "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
    "actuals/a.csv": "indicator,period,value\n"
    + "".join(
        f"jobs,{y}-{m:02d},{first if m <= 6 else second}\n"
        for y, first, second in [(2017, 50, 150), (2018, 100, 100), (2019, 75, 125)]
        for m in range(1, 13)
    )
    + "".join(f"jobs,2020-{m:02d},65\n" for m in range(1, 7)),
}


def test_seasonal_pace_and_p_meet_on_a_three_year_history(make_workspace):
    _, s = status(make_workspace, SEASONAL)
    row = s.iloc[0]
    # median June share 0.375; 390 / 1.200 = 0.325 -> index 0.867: at risk
    assert row.pace == "seasonal" and row.expected == pytest.approx(0.375)
    assert row["index"] == pytest.approx(0.325 / 0.375) and row.status == "at_risk"
    assert row.projected == pytest.approx(1040)
    assert row.projected_low == pytest.approx(780) and row.projected_high == pytest.approx(1560)
    # only 2017's pattern (0.25: 390 >= 300) would meet the plan
    assert row.p_meet == pytest.approx(1 / 3)


def test_linear_setting_keeps_the_interval(make_workspace):
    _, s = status(make_workspace, {**SEASONAL, "tracker.toml": 'pace = "linear"\n'})
    row = s.iloc[0]
    assert row.pace == "linear" and row.expected == 0.5
    assert row.p_meet == pytest.approx(1 / 3) and row.projected_low == pytest.approx(780)


def test_seasonal_with_too_little_history_falls_back_with_a_warning(make_workspace):
    result, s = status(
        make_workspace,
        {
            "tracker.toml": 'pace = "seasonal"\n',
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-06,600\n",
        },
    )
    assert s.iloc[0].pace == "linear"
    assert any("seasonal" in w and "jobs" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("ytd", "expected_status"),
    [(570, "on_track"), (569, "at_risk"), (480, "at_risk"), (479, "lagging"), (1200, "achieved")],
)
def test_thresholds_at_their_boundaries(make_workspace, ytd, expected_status):
    # at June the expected pace is 0.5: index = ytd / 1.200 / 0.5; 570 -> 0.95, 480 -> 0.80
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": f"indicator,period,value\njobs,2020-06,{ytd}\n",
        },
        name=f"w{ytd}",
    )
    assert s.iloc[0].status == expected_status


def test_thresholds_come_from_the_settings(make_workspace):
    _, s = status(
        make_workspace,
        {
            "tracker.toml": "[thresholds]\non_track = 0.9\nat_risk = 0.5\n",
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-06,540\n",
        },
    )
    assert s.iloc[0]["index"] == pytest.approx(0.9) and s.iloc[0].status == "on_track"


def test_same_period_last_year(make_workspace):
    _, s = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\n"
            + "".join(f"jobs,2019-{m:02d},50\n" for m in range(1, 9))
            + "jobs,2020-H1,330\n",
        },
    )
    row = s.iloc[0]
    assert row.actual_prev_year == 300 and row.yoy == pytest.approx(0.1)


def test_default_as_of_is_the_last_month_of_the_latest_target_year(make_workspace):
    ws = load_workspace(
        make_workspace(
            {
                "targets/t.csv": "indicator,year,target\njobs,2019,1000\njobs,2020,1200\n",
                "actuals/a.csv": "indicator,period,value\njobs,2019-12,900\njobs,2020-Q1,300\n"
                "allowance,2021-02,10\n",
            }
        )
    )
    assert compute(ws).as_of == "2020-03"


def test_default_as_of_without_actuals_is_january(make_workspace):
    ws = load_workspace(make_workspace({"targets/t.csv": "indicator,year,target\njobs,2020,1200\n"}))
    result = compute(ws)
    assert result.as_of == "2020-01" and result.status.status.tolist() == ["no_data"]


def test_missing_months_are_nothing_and_warned(make_workspace):
    ws = load_workspace(
        make_workspace(
            {
                "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
                "actuals/a.csv": "indicator,period,value\njobs,2020-01,100\njobs,2020-02,100\n"
                "jobs,2020-04,100\n",
            }
        )
    )
    assert compute(ws, "2020-04").status.actual.tolist() == [300]
    assert missing_months(ws) == ["jobs : no figure for 2020-03 (counted as nothing happened)"]


def test_paths_follow_the_pace_to_the_projection(make_workspace):
    result, _ = status(
        make_workspace,
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\n"
            + "".join(f"jobs,2020-{m:02d},90\n" for m in range(1, 7)),
        },
    )
    p = paths(result, result.status)
    assert p.plan.tolist() == pytest.approx([100 * m for m in range(1, 13)])
    assert p.actual.tolist()[:6] == [90 * m for m in range(1, 7)]
    assert math.isnan(p.projected[4]) and p.projected[5] == pytest.approx(540)
    assert p.projected[11] == pytest.approx(1080)
