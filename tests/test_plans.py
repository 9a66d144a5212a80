"""Plans as they are really made (SPEC section 7, issue 11): several authorities, revisions, phases.

Every figure below is worked out by hand in the comment above its assertion.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_model import AREAS, monthly

from tracker.cli import cli
from tracker.errors import InvalidWorkspace
from tracker.model import compute
from tracker.workspace import load_workspace

PLANS = "plan,name,name_en\nhdnd,Kế hoạch HĐND tỉnh giao,Provincial council's plan\ntw,Dự toán Trung ương giao,Central estimate\n"
HEAD = "indicator,year,area,target,baseline,plan,period,cumulative,decided_at,decision\n"


def table(make_workspace, files, as_of="2020-06", plan="all"):
    """The status rows of `plan` keyed by (indicator, area, plan)."""
    result = compute(load_workspace(make_workspace(files)), as_of)
    return result, result.table(plan).set_index(["indicator", "area", "plan"])


def problems(make_workspace, files) -> list[str]:
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(make_workspace(files))
    return [str(p) for p in caught.value.problems]


# --- several authorities -------------------------------------------------------------------------


TWO_PLANS = {
    "targets/plans.csv": PLANS,
    "targets/areas.csv": AREAS,
    # the council sets both areas (so the root is their sum, 2.400); the centre only sets A and the root
    "targets/t.csv": HEAD
    + "jobs,2020,A,1200,,,,,,\njobs,2020,B,1200,,hdnd,,,,\njobs,2020,A,1000,,tw,,,,\njobs,2020,R,3000,,tw,,,,\n",
    "actuals/a.csv": "indicator,period,area,value\n"
    + monthly("jobs", "A", 2020, [100] * 6)
    + monthly("jobs", "B", 2020, [50] * 6),
}


def test_each_plan_has_its_rows_judged_against_its_own_target(make_workspace):
    result, s = table(make_workspace, TWO_PLANS)
    # A: 600 of 1.200 (hdnd) = 50%, on a 50% pace: on track; of 1.000 (tw) = 60%: index 1.2
    assert s.loc[("jobs", "A", "hdnd"), "attainment"] == 0.5
    assert s.loc[("jobs", "A", "tw"), "attainment"] == 0.6
    # the root rolls up within each plan: hdnd 1.200 + 1.200; tw has its own 3.000
    assert s.loc[("jobs", "R", "hdnd"), "target"] == 2400
    assert s.loc[("jobs", "R", "tw"), "target"] == 3000
    assert s.loc[("jobs", "R", "tw"), "actual"] == 900
    # B has no target of tw: no tw row (its actuals belong to the plan of record)
    assert ("jobs", "B", "tw") not in s.index
    # the plan of record is the table by default, and comes first where both are shown
    assert set(result.status.plan) == {"hdnd"}
    assert list(result.table("all").plan[:2]) == ["hdnd", "tw"]


def test_each_plans_rows_have_their_own_history(make_workspace):
    from tracker.history import with_history

    files = {**TWO_PLANS, "targets/t.csv": TWO_PLANS["targets/t.csv"].replace("A,1000,,tw", "A,2000,,tw")}
    ws = load_workspace(make_workspace(files))
    result = compute(ws, "2020-06")
    rows = with_history(ws, result, result.table("all")).set_index(["area", "plan"]).lagging_months
    # A: 100 a month is on the council's pace (1.200) every month, and 60% of the centre's (2.000)
    assert (rows[("A", "hdnd")], rows[("A", "tw")]) == (0, 6)
    # B: 50 a month of 1.200 (50%); the root: 150 of 2.400 and of 3.000 a month, behind in both
    assert (rows[("B", "hdnd")], rows[("R", "hdnd")], rows[("R", "tw")]) == (6, 6, 6)


def test_a_parent_gets_a_plan_target_only_when_every_child_has_one(make_workspace):
    files = dict(TWO_PLANS)
    files["targets/t.csv"] = (
        HEAD + "jobs,2020,A,1200,,,,,,\njobs,2020,B,1200,,,,,,\njobs,2020,A,1000,,tw,,,,\n"
    )
    _, s = table(make_workspace, files)
    assert s.loc[("jobs", "R", "hdnd"), "target"] == 2400
    assert ("jobs", "R", "tw") not in s.index  # B has no tw target: the root's is unknown


def test_status_plan_option_and_its_json_keys(make_workspace):
    ws = make_workspace(TWO_PLANS)
    run = CliRunner()
    default = json.loads(run.invoke(cli, ["status", "-w", str(ws), "--format", "json"]).stdout)
    assert {r["plan"] for r in default} == {"hdnd"}
    tw = json.loads(run.invoke(cli, ["status", "-w", str(ws), "--plan", "tw", "--format", "json"]).stdout)
    assert [(r["area"], r["target"]) for r in tw] == [("R", 3000), ("A", 1000)]
    every = json.loads(run.invoke(cli, ["status", "-w", str(ws), "--plan", "all", "--format", "json"]).stdout)
    assert len(every) == len(default) + len(tw)
    bad = run.invoke(cli, ["status", "-w", str(ws), "--plan", "xx"])
    assert bad.exit_code == 2 and "expected all, or a plan of targets/plans.csv: hdnd, tw" in bad.output
    table_text = run.invoke(cli, ["status", "-w", str(ws), "--plan", "all"]).stdout
    assert "Cấp giao" in table_text and " tw " in table_text


def test_check_and_league_tables_judge_the_plan_of_record_and_say_so(make_workspace):
    ws = make_workspace(TWO_PLANS)
    check = CliRunner().invoke(cli, ["check", "-w", str(ws)])
    assert "Đánh giá theo Kế hoạch HĐND tỉnh giao" in check.stdout
    # B: 300 of 1.200 = 25% against 50%: lagging in the council's plan (the tw plan has no B row)
    assert check.exit_code == 3
    league = CliRunner().invoke(cli, ["status", "-w", str(ws), "--by-area"]).stdout
    assert league.splitlines()[0].endswith("— Kế hoạch HĐND tỉnh giao")


def test_a_workspace_without_plans_has_a_null_plan_and_the_new_keys(make_workspace):
    ws = make_workspace(
        {
            "targets/t.csv": "indicator,year,target\njobs,2020,1200\n",
            "actuals/a.csv": "indicator,period,value\njobs,2020-06,600\n",
        }
    )
    rows = json.loads(CliRunner().invoke(cli, ["status", "-w", str(ws), "--format", "json"]).stdout)
    assert {k: rows[0][k] for k in ("plan", "target_original", "revised_at", "decision", "planned")} == {
        "plan": None,
        "target_original": None,
        "revised_at": None,
        "decision": None,
        "planned": 600,  # 6/12 of 1.200
    }


# --- revisions -------------------------------------------------------------------------------------


REVISED = {
    "targets/t.csv": HEAD
    + "jobs,2020,,1200,,,,,,\n"
    + "jobs,2020,,1000,,,,,2020-07-10,Nghị quyết 25/NQ-HĐND ngày 10/7/2020\n"
    + "accidents,2020,,100,,,,,2020-08-01,Quyết định 1\n",
    "actuals/a.csv": "indicator,period,value\n" + "".join(f"jobs,2020-{m:02d},100\n" for m in range(1, 10)),
}


def test_the_target_in_force_is_the_latest_decided_by_the_months_end(make_workspace):
    ws = load_workspace(make_workspace(REVISED))
    june = compute(ws, "2020-06").status.set_index("indicator")
    # June: the original 1.200 is in force, nothing revised; the accidents ceiling is not yet set
    assert june.loc["jobs", "target"] == 1200
    assert all(pd_isna(june.loc["jobs", c]) for c in ("target_original", "revised_at", "decision"))
    assert "accidents" not in june.index
    july = compute(ws, "2020-07").status.set_index("indicator")
    # July (the 10th is inside it): 700 of the revised 1.000 = 70%; the original beside it
    assert july.loc["jobs", "target"] == 1000 and july.loc["jobs", "attainment"] == 0.7
    assert july.loc["jobs", "target_original"] == 1200
    assert july.loc["jobs", "revised_at"] == "2020-07-10"
    assert july.loc["jobs", "decision"] == "Nghị quyết 25/NQ-HĐND ngày 10/7/2020"
    august = compute(ws, "2020-08").status.set_index("indicator")
    # a target decided first in August: in force from August, not a revision of anything
    assert august.loc["accidents", "status"] == "no_data"
    assert pd_isna(august.loc["accidents", "target_original"])


def pd_isna(x) -> bool:
    return x is None or x != x


def test_a_parent_of_revised_children_shows_the_sum_of_their_originals(make_workspace):
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": HEAD
        + "jobs,2020,A,600,,,,,,\njobs,2020,A,500,,,,,2020-07-01,NQ 25\njobs,2020,B,600,,,,,,\n",
        "actuals/a.csv": "indicator,period,area,value\n"
        + monthly("jobs", "A", 2020, [50] * 7)
        + monthly("jobs", "B", 2020, [50] * 7),
    }
    _, s = table(make_workspace, files, "2020-07", plan=None)
    root = s.xs("R", level="area").iloc[0]
    # the root's target is 500 + 600 = 1.100; its original 600 + 600 = 1.200 (B was not revised)
    assert root.target == 1100 and root.target_original == 1200
    assert root.revised_at == "2020-07-01" and root.decision == "NQ 25"


# --- phases ----------------------------------------------------------------------------------------


def test_a_half_year_phase_sets_the_pace(make_workspace):
    files = {
        # 1.000 a year, 300 of it planned for the first half (the second half is the heavy one)
        "targets/t.csv": HEAD + "jobs,2020,,1000,,,,,,\njobs,2020,,300,,,2020-H1,,,\n",
        "actuals/a.csv": "indicator,period,value\n"
        + "".join(f"jobs,2020-{m:02d},50\n" for m in range(1, 10)),
    }
    ws = load_workspace(make_workspace(files))
    june = compute(ws, "2020-06").status.iloc[0]
    # 300 done of 300 planned by June: index 1, pace plan, 30% attainment
    assert (june.pace, june.planned, june.expected, june.status) == ("plan", 300, 0.3, "on_track")
    march = compute(ws, "2020-03").status.iloc[0]
    # halfway to the June point: 150 planned; 150 done
    assert march.planned == 150 and march["index"] == 1
    september = compute(ws, "2020-09").status.iloc[0]
    # 300 at June, 1.000 at December: 650 by September; 450 done = 0.69 of the plan (lagging)
    assert september.planned == 650 and september.status == "lagging"
    assert september.projected == pytest.approx(450 / 0.65)


def test_incremental_phases_add_up_and_cumulative_ones_are_year_to_date(make_workspace):
    files = {
        "targets/t.csv": HEAD
        + "jobs,2020,,1200,,,,,,\n"
        + "jobs,2020,,200,,,2020-Q1,,,\n"  # 200 by March
        + "jobs,2020,,300,,,2020-Q2,,,\n"  # + 300: 500 by June
        + "jobs,2020,,900,,,2020-09,true,,\n",  # 900 year-to-date by September
        "actuals/a.csv": "indicator,period,value\njobs,2020-08,800\n",
    }
    s = compute(load_workspace(make_workspace(files)), "2020-08").status.iloc[0]
    # between June (500) and September (900): 500 + 2/3 x 400
    assert s.planned == pytest.approx(500 + 400 * 2 / 3)


def test_a_parent_gets_phases_only_when_every_child_has_the_same_phase_months(make_workspace):
    same = (
        HEAD
        + "jobs,2020,A,1000,,,,,,\njobs,2020,A,300,,,2020-H1,,,\njobs,2020,B,1000,,,,,,\njobs,2020,B,500,,,2020-H1,,,\n"
    )
    actuals = (
        "indicator,period,area,value\n"
        + monthly("jobs", "A", 2020, [50] * 6)
        + monthly("jobs", "B", 2020, [50] * 6)
    )
    files = {"targets/areas.csv": AREAS, "targets/t.csv": same, "actuals/a.csv": actuals}
    _, s = table(make_workspace, files, plan=None)
    root = s.xs("R", level="area").iloc[0]
    assert (root.pace, root.planned) == ("plan", 800)  # 300 + 500 by June
    files["targets/t.csv"] = same.replace("jobs,2020,B,500,,,2020-H1", "jobs,2020,B,250,,,2020-Q1")
    _, s = table(make_workspace, files, plan=None)
    root = s.xs("R", level="area").iloc[0]
    assert (root.pace, root.planned) == ("linear", 1000)  # 6/12 of 2.000


def test_phases_above_the_annual_target_or_a_different_december_are_warned(make_workspace):
    files = {
        "targets/t.csv": HEAD
        + "jobs,2020,,1000,,,,,,\njobs,2020,,1100,,,2020-H1,,,\n"
        + "accidents,2020,,100,,,,,,\naccidents,2020,,90,,,2020-12,true,,\n",
        "actuals/a.csv": "indicator,period,value\njobs,2020-06,500\naccidents,2020-06,10\n",
    }
    warnings = compute(load_workspace(make_workspace(files)), "2020-06").warnings
    assert "jobs 2020: the phases plan 1100 by 2020-06, above the annual target 1000" in warnings
    assert (
        "accidents 2020: the phases plan 90 by December, not the annual target 100 (the annual target is used)"
        in warnings
    )


# --- errors, at their file and line ----------------------------------------------------------------


def test_every_new_error_at_its_line(make_workspace):
    got = problems(
        make_workspace,
        {
            "targets/plans.csv": PLANS,
            "targets/t.csv": HEAD
            + "jobs,2020,,1000,,,,,,\n"  # 2: fine
            + "jobs,2020,,900,,xx,,,,\n"  # 3: unknown plan
            + "allowance,2020,,500,,,2020-H1,,,\n"  # 4: a phase of a stock
            + "accidents,2020,,50,,,2020-H1,,,\n"  # 5: a phase without its annual target
            + "jobs,2020,,950,,,,,2020-07-01,A\n"  # 6: a revision
            + "jobs,2020,,940,,,,,2020-07-01,B\n"  # 7: a second revision the same day
            + "jobs,2020,,400,,,2020-H1,,,\n"  # 8: a phase
            + "jobs,2020,,200,,,2020-Q2,,,\n"  # 9: overlaps H1
            + "jobs,2020,,100,,,2021-Q1,,,\n"  # 10: a phase of another year
            + "jobs,2020,,100,,,2020-X,,,\n",  # 11: not a period
        },
    )
    assert got == [
        "targets/t.csv:3: plan: unknown plan (got 'xx'; expected a plan of targets/plans.csv: hdnd, tw, or empty for hdnd)",
        "targets/t.csv:4: period: a phase target of a stock or rate (got '2020-H1'; expected empty: phase targets are for flows only)",
        "targets/t.csv:5: period: a phase target without the annual target of its year and plan (expected a row for accidents 2020 hdnd with the period empty)",
        "targets/t.csv:7: decided_at: a second version of the target for jobs 2020 hdnd decided on 2020-07-01 (first on targets/t.csv:6; expected one version a day: a later decision on its own date)",
        "targets/t.csv:9: period: 2020-Q2 overlaps 2020-H1 of jobs of plan hdnd at targets/t.csv:8 (expected periods that do not overlap; for year-to-date figures set cumulative = true)",
        "targets/t.csv:10: period: not a phase of 2020 (got '2021-Q1'; expected 2020-H1, 2020-Q3 or 2020-09 within the target's year, or empty for the whole year)",
        "targets/t.csv:11: period: not a phase of 2020 (got '2020-X'; expected 2020-H1, 2020-Q3 or 2020-09 within the target's year, or empty for the whole year)",
    ]


def test_a_plan_without_plans_csv_is_an_error(make_workspace):
    got = problems(make_workspace, {"targets/t.csv": HEAD + "jobs,2020,,1000,,tw,,,,\n"})
    assert got == [
        "targets/t.csv:2: plan: unknown plan (got 'tw'; expected empty: without targets/plans.csv there is one plan; "
        "add targets/plans.csv to name several)"
    ]


def test_validate_names_the_plans_and_the_revisions(make_workspace):
    files = dict(TWO_PLANS)
    files["targets/t.csv"] += "jobs,2020,A,1100,,,,,2020-07-01,NQ\njobs,2020,A,900,,tw,,,2020-08-01,QĐ\n"
    out = CliRunner().invoke(cli, ["validate", "-w", str(make_workspace(files))]).stdout
    assert "2 plans (hdnd, tw); 2 targets revised in 2020" in out


def test_months_behind_reads_the_path_of_the_phases(make_workspace):
    files = {
        # 300 planned by June, 1.000 by December; 200 done by June: the path stood at 200 in April
        "targets/t.csv": HEAD + "jobs,2020,,1000,,,,,,\njobs,2020,,300,,,2020-H1,,,\n",
        "actuals/a.csv": "indicator,period,value\njobs,2020-H1,200\n",
    }
    out = CliRunner().invoke(cli, ["status", "-w", str(make_workspace(files)), "--format", "json"])
    row = json.loads(out.stdout)[0]
    assert (row["pace"], row["months_behind"]) == ("plan", 2)
