"""Five-year plans (SPEC section 7.4, issue 12): targets for a span of years, judged at any month.

Every figure is worked out by hand in the comment above its assertion.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_model import AREAS

from tracker import formats
from tracker.cli import cli
from tracker.errors import InvalidWorkspace
from tracker.model.spans import span_status
from tracker.workspace import load_workspace

HEAD = "indicator,year,area,target,baseline,period\n"


def yearly(indicator: str, area: str, values: dict) -> str:
    return "".join(f"{indicator},{year},{area},{v}\n" for year, v in values.items())


def span_rows(make_workspace, targets: str, actuals: str, as_of: str, **more):
    files = {
        "targets/t.csv": HEAD + targets,
        "actuals/a.csv": "indicator,period,area,value\n" + actuals,
        **more,
    }
    result = span_status(load_workspace(make_workspace(files)), as_of)
    return result, result.status.set_index(["indicator", "area"])


JOBS = yearly("jobs", "", {2021: 190, 2022: 210}) + "jobs,2023-06,,100\n"


def test_a_span_with_every_annual_target_is_paced_by_them(make_workspace):
    targets = "jobs,2021-2025,,1000,,\n" + "".join(f"jobs,{y},,200,,\n" for y in (2021, 2022, 2023))
    result, s = span_rows(make_workspace, targets, JOBS, "2023-06")
    row = s.loc[("jobs", None)] if ("jobs", None) in s.index else s.iloc[0]
    # 190 + 210 + 100 = 500 of 1.000; planned 200 + 200 + 6/12 of 200 = 500: exactly on the plan's pace
    assert (row.actual, row.planned, row.expected, row.pace) == (500, 500, 0.5, "plan")
    assert (row.status, row.span, row.data_through) == ("on_track", "2021-2025", "2023-06")
    # 500 left over the 30 months to December 2025
    assert row.required_per_month == pytest.approx(500 / 30)
    assert result.span == "2021-2025"


def test_without_every_annual_target_a_span_is_paced_by_its_months(make_workspace):
    _, s = span_rows(make_workspace, "jobs,2021-2025,,1000,,\njobs,2021,,200,,\n", JOBS, "2023-06")
    row = s.iloc[0]
    # 30 of the span's 60 months have passed: a linear pace of 0,5; 500 done = 50%
    assert (row.expected, row.pace, row["index"]) == (0.5, "linear", 1)
    assert row.projected == 1000


def test_a_span_judged_at_its_end_and_after_it(make_workspace):
    actuals = "".join(f"jobs,{y},,180\n" for y in range(2021, 2026))
    ws = load_workspace(
        make_workspace(
            {
                "targets/t.csv": HEAD + "jobs,2021-2025,,1000,,\n",
                "actuals/a.csv": "indicator,period,area,value\n" + actuals + "jobs,2026-03,,50\n",
            }
        )
    )
    # 5 x 180 = 900 of 1.000 at the span's end against a pace of 1: index 0,90, at risk (0,80 <= 0,90 < 1)
    # and the same after it: 2026's figures are not the span's
    for as_of in ("2025-12", "2026-03"):
        row = span_status(ws, as_of, "2021-2025").status.iloc[0]
        assert (row.actual, row.expected, row.status, row.data_through) == (900, 1, "at_risk", "2025-12")
        assert row.required_per_month != row.required_per_month  # no month left: null


def test_a_year_without_any_figure_counts_as_nothing_and_is_named(make_workspace):
    result, s = span_rows(
        make_workspace, "jobs,2021-2025,,1000,,\n", "jobs,2022,,300\njobs,2023-03,,50\n", "2023-03"
    )
    # 2021 has no figure: 0 + 300 + 50
    assert s.iloc[0].actual == 350
    assert "jobs: no figure at all for 2021 (counted as 0 in the span 2021-2025)" in result.warnings


def test_a_level_span_is_paced_from_its_baseline_over_the_span(make_workspace):
    # households' poverty rate from 4% at the start of 2021 to 2% by the end of 2025
    targets = "poverty,2021-2025,,2,4,\n"
    _, s = span_rows(make_workspace, targets, "poverty,2023-12,,3\n", "2023-12")
    row = s.iloc[0]
    # 36 of 60 months: expected 0,6 of the reduction; done (4 - 3) / (4 - 2) = 0,5: index 0,83 (at risk)
    assert (row.expected, row.attainment, row.status, row.pace) == (0.6, 0.5, "at_risk", "linear")
    # a straight line from 4 through 3 after 36 months reaches 4 - 60/36 = 2,33 by the end
    assert row.projected == pytest.approx(4 - 60 / 36)


def test_span_targets_roll_up_within_the_areas(make_workspace):
    targets = "jobs,2021-2025,A,600,,\njobs,2021-2025,B,400,,\n"
    actuals = "jobs,2021,A,100\njobs,2021,B,100\n"
    _, s = span_rows(make_workspace, targets, actuals, "2021-12", **{"targets/areas.csv": AREAS})
    assert s.loc[("jobs", "R"), "target"] == 1000 and s.loc[("jobs", "R"), "actual"] == 200


def test_span_errors_at_their_line(make_workspace):
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(
            make_workspace(
                {
                    "targets/t.csv": HEAD
                    + "jobs,2021-2035,,1000,,\n"  # 2: eleven years
                    + "jobs,2025-2021,,1000,,\n"  # 3: backwards
                    + "jobs,2021-2025,,1000,,2021-H1\n"  # 4: a phase of a span
                    + "jobs,2021-20x5,,1000,,\n"  # 5: not a span
                }
            )
        )
    assert [str(p) for p in caught.value.problems] == [
        "targets/t.csv:2: year: not a span of 2 to 10 years (got '2021-2035'; expected a first and a last year such as 2021-2025)",
        "targets/t.csv:3: year: not a span of 2 to 10 years (got '2025-2021'; expected a first and a last year such as 2021-2025)",
        "targets/t.csv:4: period: a phase of a span of years (got '2021-H1'; expected empty: phases are within one year)",
        "targets/t.csv:5: year: not a year (got '2021-20x5'; expected a year such as 2020, or a span such as 2021-2025)",
    ]


def test_status_span_option(make_workspace):
    ws = make_workspace(
        {
            "targets/t.csv": HEAD + "jobs,2021-2025,,1000,,\njobs,2026-2030,,2000,,\n",
            "actuals/a.csv": "indicator,period,value\njobs,2023-06,100\n",
        }
    )
    run = CliRunner()
    rows = json.loads(run.invoke(cli, ["status", "-w", str(ws), "--span", "--format", "json"]).stdout)
    assert [(r["span"], r["actual"], r["target"]) for r in rows] == [("2021-2025", 100, 1000)]
    later = json.loads(
        run.invoke(cli, ["status", "-w", str(ws), "--span", "2026-2030", "--format", "json"]).stdout
    )
    assert [(r["span"], r["status"]) for r in later] == [("2026-2030", "no_data")]
    bad = run.invoke(cli, ["status", "-w", str(ws), "--span", "2020-2024"])
    assert bad.exit_code == 2 and "expected a span of the targets: 2021-2025, 2026-2030" in bad.output
    table = run.invoke(cli, ["status", "-w", str(ws), "--span"]).stdout
    assert table.splitlines()[0].endswith("— Kế hoạch 5 năm 2021-2025")


def test_a_span_is_named_by_its_own_number_of_years(make_workspace):
    ws = make_workspace(
        {
            "targets/t.csv": HEAD + "jobs,2021-2023,,900,,\n",
            "actuals/a.csv": "indicator,period,value\njobs,2022-06,100\n",
        }
    )
    table = CliRunner().invoke(cli, ["status", "-w", str(ws), "--span"]).stdout
    assert table.splitlines()[0].endswith("— Kế hoạch 3 năm 2021-2023")
    assert formats.span_title("2021-2023", "en") == "Three-year plan 2021-2023"
    assert formats.span_title("2021-2030", "en") == "Ten-year plan 2021-2030"


def test_a_rows_years_are_its_own_plans_only(make_workspace):
    from tracker.model.spans import missing_years, years_of

    files = {
        "targets/plans.csv": "plan,name,name_en\nhdnd,HĐND,Council\ntw,Trung ương,Centre\n",
        "targets/t.csv": "indicator,year,area,target,plan\njobs,2021-2025,,1000,hdnd\njobs,2021-2025,,900,tw\n",
        "actuals/a.csv": "indicator,period,area,value\njobs,2022,,300\njobs,2023-03,,50\n",
    }
    result = span_status(load_workspace(make_workspace(files)), "2023-03")
    rows = result.status  # the plan of record's
    assert rows.plan.tolist() == ["hdnd"] and len(result.span_years) == 6  # 3 years x 2 plans
    mine = years_of(result.span_years, rows.iloc[0])
    assert (mine.plan.tolist(), mine.year.tolist(), mine.actual.fillna(0).tolist()) == (
        ["hdnd"] * 3,
        [2021, 2022, 2023],
        [0, 300, 50],
    )
    assert missing_years(rows, result.span_years) == [[2021]]  # once, not once a plan
    both = result.table("all")
    assert missing_years(both, result.span_years) == [[2021], [2021]]
