"""One test per validation rule: the exact `path:line: column: problem` a user reads."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import INDICATORS

from tracker.errors import InvalidWorkspace
from tracker.workspace import load_workspace

TARGETS = "indicator,year,area,target,baseline\njobs,2020,,1200,\n"
AREAS = "area,name,parent\nR,Root,\nA,Area A,R\n"


def problems(make_workspace, files: dict[str, str]) -> list[str]:
    """The problems a workspace made of `files` (plus a valid target file) has, as printed."""
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(make_workspace({"targets/t.csv": TARGETS, **files}))
    return [str(p) for p in caught.value.problems]


def actuals(*rows: str, header: str = "indicator,period,value") -> str:
    return header + "\n" + "".join(r + "\n" for r in rows)


def test_a_valid_workspace_loads(make_workspace):
    ws = load_workspace(
        make_workspace({"targets/t.csv": TARGETS, "actuals/a.csv": actuals("jobs,2020-06,5")})
    )
    assert len(ws.actuals) == 1 and ws.warnings == []


def test_unknown_indicator(make_workspace):
    assert problems(make_workspace, {"actuals/a.csv": actuals("job,2020-06,5")}) == [
        "actuals/a.csv:2: indicator: unknown indicator (got 'job'; expected an id of targets/indicators.csv)"
    ]


def test_unknown_area(make_workspace):
    files = {
        "targets/areas.csv": AREAS,
        "actuals/a.csv": actuals("jobs,2020-06,Z,5", header="indicator,period,area,value"),
    }
    assert problems(make_workspace, files) == [
        "actuals/a.csv:2: area: unknown area (got 'Z'; expected an area of targets/areas.csv)"
    ]


NO_TREE = "without targets/areas.csv the only area is the root; leave area empty, or add targets/areas.csv to name other areas"


def test_targets_of_two_unknown_areas_are_not_duplicates(make_workspace):
    files = {
        "targets/areas.csv": AREAS,
        "targets/t.csv": "indicator,year,area,target\njobs,2020,X,1200\njobs,2020,Y,100\n",
    }
    assert problems(make_workspace, files) == [
        "targets/t.csv:2: area: unknown area (got 'X'; expected an area of targets/areas.csv)",
        "targets/t.csv:3: area: unknown area (got 'Y'; expected an area of targets/areas.csv)",
    ]


def test_without_areas_csv_an_area_other_than_the_root_is_unknown(make_workspace):
    files = {
        "targets/t.csv": "indicator,year,area,target\njobs,2020,,1200\njobs,2020,XX,100\n",
        "actuals/a.csv": actuals(
            "jobs,2020-05,,5", "jobs,2020-06,XX,5", "jobs,2020-06,yy,5", header="indicator,period,area,value"
        ),
    }
    assert problems(make_workspace, files) == [
        f"actuals/a.csv:3: area: unknown area (got 'XX'; expected empty: {NO_TREE})",
        f"actuals/a.csv:4: area: unknown area (got 'yy'; expected empty: {NO_TREE})",
        f"targets/t.csv:3: area: unknown area (got 'XX'; expected empty: {NO_TREE})",
    ]


def test_without_areas_csv_the_root_area_of_the_settings_is_the_only_area(make_workspace):
    files = {
        "tracker.toml": 'root_area = "TV"\n',
        "targets/t.csv": "indicator,year,area,target\njobs,2020,TV,1200\n",
        "actuals/a.csv": actuals(
            "jobs,2020-05,,5", "jobs,2020-06,TV,5", "jobs,2020-07,XX,5", header="indicator,period,area,value"
        ),
    }
    assert problems(make_workspace, files) == [
        f"actuals/a.csv:4: area: unknown area (got 'XX'; expected 'TV' or empty: {NO_TREE})",
    ]
    del files["actuals/a.csv"]
    ws = load_workspace(
        make_workspace(
            {
                **files,
                "actuals/a.csv": actuals(
                    "jobs,2020-05,,5", "jobs,2020-06,TV,5", header="indicator,period,area,value"
                ),
            },
            "ok",
        )
    )
    assert ws.areas.area.tolist() == ["TV"] and ws.actuals.area.tolist() == ["TV", "TV"]


@pytest.mark.parametrize("tree", [False, True])
def test_a_null_area_in_parquet_is_the_root_area(make_workspace, tree):
    from tracker import model

    files = {"tracker.toml": 'root_area = "R"\n', "targets/t.csv": TARGETS} | (
        {"targets/areas.csv": AREAS} if tree else {}
    )
    ws = make_workspace(files)
    pd.DataFrame(
        {
            "indicator": ["jobs", "jobs"],
            "period": ["2020-05", "2020-06"],
            "area": [None, "R"],
            "value": [1.0, 2.0],
        }
    ).to_parquet(ws / "actuals" / "a.parquet")
    loaded = load_workspace(ws)
    assert loaded.actuals.area.tolist() == ["R", "R"]
    assert model.compute(loaded).status.set_index("area").actual.loc["R"] == 3


def test_number_that_does_not_parse_in_plain_format(make_workspace):
    assert problems(make_workspace, {"actuals/a.csv": actuals("jobs,2020-06,12;5", "jobs,2020-05,12,5")}) == [
        "actuals/a.csv:2: value: not a number (got '12;5'; expected a plain number such as 1234.5; "
        'for 1.234,5 set number_format = "vi")',
        "actuals/a.csv:3: 4 cells where the header has 3 (got 'jobs,2020-05,12,5'; expected cells separated by ',')",
    ]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("3.276", "3276"),
        ("9.000", "9000"),
        ("11.000", "11000"),
        ("44.385.794.000", "44385794000"),
        ("-1.250", "-1250"),
    ],
)
def test_grouped_thousands_are_ambiguous_in_plain_format(make_workspace, text, meant):
    assert problems(make_workspace, {"actuals/a.csv": actuals(f"jobs,2020-06,{text}")}) == [
        f"actuals/a.csv:2: value: ambiguous: dots here may group thousands (got '{text}'; "
        f'expected {meant}, or set number_format = "vi" in tracker.toml)'
    ]


def test_the_ambiguity_hint_names_each_value(make_workspace):
    files = {"actuals/a.csv": actuals("jobs,2020-05,1.400", "jobs,2020-06,9.000%")}
    assert problems(make_workspace, files) == [
        "actuals/a.csv:2: value: ambiguous: dots here may group thousands (got '1.400'; "
        'expected 1400, or set number_format = "vi" in tracker.toml)',
        "actuals/a.csv:3: value: ambiguous: dots here may group thousands (got '9.000%'; "
        'expected 9000%, or set number_format = "vi" in tracker.toml)',
    ]


@pytest.mark.parametrize(
    ("text", "value"), [("0.125", 0.125), ("17.9", 17.9), ("1200", 1200), ("99.74%", 99.74)]
)
def test_plain_numbers_that_are_fine(make_workspace, text, value):
    ws = load_workspace(
        make_workspace({"targets/t.csv": TARGETS, "actuals/a.csv": actuals(f"jobs,2020-06,{text}")})
    )
    assert ws.actuals.value.tolist() == [value]


def test_vietnamese_number_format_and_semicolons(make_workspace):
    files = {
        "tracker.toml": 'number_format = "vi"\n',
        "targets/t.csv": "indicator;year;target\njobs;2020;20.000\n",
        "actuals/a.csv": "indicator;period;value\njobs;2020-06;9.000\njobs;2020-05;0,5\n",
    }
    ws = load_workspace(make_workspace(files))
    assert ws.targets.target.tolist() == [20000] and ws.actuals.value.tolist() == [9000, 0.5]


def test_vietnamese_format_refuses_a_plain_decimal(make_workspace):
    files = {"tracker.toml": 'number_format = "vi"\n', "actuals/a.csv": actuals("jobs,2020-06,17.9")}
    assert problems(make_workspace, files) == [
        "actuals/a.csv:2: value: not a number in the \"vi\" number format (got '17.9'; expected a number such as 1.234,5)"
    ]


def test_duplicate_keys_without_distinct_reported_at(make_workspace):
    files = {"actuals/a.csv": actuals("jobs,2020-06,5"), "actuals/b.csv": actuals("jobs,2020-06,6")}
    assert problems(make_workspace, files) == [
        "actuals/b.csv:2: period: a second row for jobs 2020-06 (first on actuals/a.csv:2; expected one row "
        "per indicator, area and period, or a later reported_at for a revision)"
    ]


def test_revisions_with_distinct_reported_at_are_fine(make_workspace):
    text = actuals(
        "jobs,2020-06,5,2020-07-01", "jobs,2020-06,6,2020-07-09", header="indicator,period,value,reported_at"
    )
    ws = load_workspace(make_workspace({"targets/t.csv": TARGETS, "actuals/a.csv": text}))
    assert len(ws.actuals) == 2


OVERLAP = "(expected periods that do not overlap; for year-to-date figures set cumulative = true)"


def test_overlapping_periods_of_one_flow(make_workspace):
    assert problems(make_workspace, {"actuals/a.csv": actuals("jobs,2020-Q2,5", "jobs,2020-06,2")}) == [
        f"actuals/a.csv:3: period: 2020-06 overlaps 2020-Q2 of jobs at actuals/a.csv:2 {OVERLAP}"
    ]


def test_an_overlap_names_the_row_it_overlaps(make_workspace):
    # sorted by month, 2020-05 comes after 2020-02, which it does not overlap: it overlaps the half-year
    files = {"actuals/a.csv": actuals("jobs,2020-H1,5", "jobs,2020-02,1", "jobs,2020-05,1", "jobs,2020-H2,1")}
    assert problems(make_workspace, files) == [
        f"actuals/a.csv:3: period: 2020-02 overlaps 2020-H1 of jobs at actuals/a.csv:2 {OVERLAP}",
        f"actuals/a.csv:4: period: 2020-05 overlaps 2020-H1 of jobs at actuals/a.csv:2 {OVERLAP}",
    ]


def test_an_overlap_is_reported_on_the_later_line_of_the_two(make_workspace):
    header = "indicator,period,area,value,reported_at"
    files = {
        "targets/areas.csv": AREAS,
        "actuals/a.csv": actuals(
            "jobs,2020-01,A,1,", "jobs,2020-06,A,1,", "jobs,2020-02,A,1,", "jobs,2020-Q2,A,3,", header=header
        ),
        # a revision of 2020-06 and one of 2020-Q2: one overlap still, named once
        "actuals/b.csv": actuals("jobs,2020-06,A,2,2020-07-10", "jobs,2020-Q2,A,4,2020-07-10", header=header),
        # the same periods in another area and in another year: no overlap with those of A
        "actuals/c.csv": actuals("jobs,2020-06,R,1,", "jobs,2021-Q2,A,1,", header=header),
    }
    assert problems(make_workspace, files) == [
        f"actuals/a.csv:5: period: 2020-Q2 overlaps 2020-06 of jobs in A at actuals/a.csv:3 {OVERLAP}",
    ]


def cumulative(*rows: str) -> str:
    return actuals(*rows, header="indicator,period,value,cumulative,reported_at,estimate")


def test_an_incremental_row_that_overlaps_a_year_to_date_is_refused(make_workspace):
    header = "indicator,period,area,value,cumulative"
    files = {
        "targets/areas.csv": AREAS,
        "actuals/a.csv": actuals("jobs,2020-05,R,500,true", "jobs,2020-Q2,R,300,false", header=header),
        # the latest year-to-date it overlaps is named
        "actuals/b.csv": actuals(
            "jobs,2020-03,A,200,true", "jobs,2020-05,A,400,true", "jobs,2020-H1,A,600,", header=header
        ),
        "actuals/c.csv": actuals("accidents,2020-06,R,10,true", "accidents,2020,R,20,", header=header),
    }
    assert problems(make_workspace, files) == [
        "actuals/a.csv:3: period: 2020-Q2 overlaps the year-to-date 2020-05 of jobs in R at actuals/a.csv:2, "
        "which already counts 2020-04 to 2020-05 (expected an incremental period that starts after 2020-05, "
        "or a cumulative row for 2020-06)",
        "actuals/b.csv:4: period: 2020-H1 overlaps the year-to-date 2020-05 of jobs in A at actuals/b.csv:3, "
        "which already counts 2020-01 to 2020-05 (expected an incremental period that starts after 2020-05, "
        "or a cumulative row for 2020-06)",
        "actuals/c.csv:3: period: 2020 overlaps the year-to-date 2020-06 of accidents in R at actuals/c.csv:2, "
        "which already counts 2020-01 to 2020-06 (expected an incremental period that starts after 2020-06, "
        "or a cumulative row for 2020-12)",
    ]


def test_an_increment_that_shares_one_month_with_a_year_to_date(make_workspace):
    files = {"actuals/a.csv": cumulative("jobs,2020-04,300,true,,", "jobs,2020-Q2,100,,,")}
    assert problems(make_workspace, files) == [
        "actuals/a.csv:3: period: 2020-Q2 overlaps the year-to-date 2020-04 of jobs at actuals/a.csv:2, "
        "which already counts 2020-04 (expected an incremental period that starts after 2020-04, "
        "or a cumulative row for 2020-06)",
    ]


def test_year_to_date_and_increments_that_do_not_overlap(make_workspace):
    files = {
        "actuals/a.csv": cumulative(
            "jobs,2020-Q1,250,,,",  # ends before the year-to-date: it counts in it
            "jobs,2020-05,500,true,,",
            "jobs,2020-05,490,true,2020-06-20,",  # a revision of the year-to-date
            "accidents,2020-Q2,4,,,",  # ends with a year-to-date
            "accidents,2020-06,9,true,,",
            "jobs,2020-06,100,,,",  # starts after it
            "jobs,2020-H2,600,,,",
            "jobs,2020-12,1300,true,,",
            "jobs,2021-Q2,300,,,",  # another year
            "allowance,2020-05,50,true,,",  # not a flow
            "allowance,2020-Q2,50,,,",
        )
    }
    assert len(load_workspace(make_workspace({"targets/t.csv": TARGETS, **files})).actuals) == 11


def test_revisions_of_a_year_to_date_are_one_row_it_overlaps(make_workspace):
    files = {
        "actuals/a.csv": cumulative(
            "jobs,2020-05,480,true,,true",  # an estimate, then the final figure, then its revision
            "jobs,2020-05,500,true,2020-06-10,",
            "jobs,2020-05,510,true,2020-06-20,",
            "jobs,2020-Q2,300,,,",
            "jobs,2020-Q2,310,,2020-07-10,",
        )
    }
    assert problems(make_workspace, files) == [
        "actuals/a.csv:5: period: 2020-Q2 overlaps the year-to-date 2020-05 of jobs at actuals/a.csv:2, "
        "which already counts 2020-04 to 2020-05 (expected an incremental period that starts after 2020-05, "
        "or a cumulative row for 2020-06)",
    ]


def test_empty_file_and_missing_column(make_workspace):
    files = {"actuals/a.csv": "", "actuals/b.csv": "indicator,value\njobs,5\n"}
    assert problems(make_workspace, files) == [
        "actuals/a.csv: the file is empty (expected a header row)",
        "actuals/b.csv:1: period: required column missing (expected the columns indicator, period, value)",
    ]


def test_missing_required_cell(make_workspace):
    assert problems(make_workspace, {"actuals/a.csv": actuals("jobs,2020-06,")}) == [
        "actuals/a.csv:2: value: missing (expected a number)"
    ]


def test_negative_flow_or_stock(make_workspace):
    files = {"actuals/a.csv": actuals("jobs,2020-06,-5", "allowance,2020-06,-1", "poverty,2020-06,-0.5")}
    assert problems(make_workspace, files) == [
        "actuals/a.csv:2: value: a flow or stock cannot be negative (got '-5'; expected a number >= 0)",
        "actuals/a.csv:3: value: a flow or stock cannot be negative (got '-1'; expected a number >= 0)",
    ]


def test_zero_flow_target(make_workspace):
    assert problems(make_workspace, {"targets/t.csv": "indicator,year,target\njobs,2020,0\n"}) == [
        "targets/t.csv:2: target: a flow's target must be above 0 (got '0'; expected a number > 0)"
    ]


def test_down_level_without_baseline_and_target_equal_to_baseline(make_workspace):
    files = {"targets/t.csv": "indicator,year,target,baseline\npoverty,2020,4,\nallowance,2020,100,100\n"}
    assert problems(make_workspace, files) == [
        "targets/t.csv:2: baseline: a 'down' stock or rate needs a baseline (got nothing; "
        "expected the level at the start of the year)",
        "targets/t.csv:3: target: the target equals the baseline (got '100'; expected a target different from the baseline)",
    ]


def test_up_level_with_a_target_of_0_needs_a_baseline(make_workspace):
    files = {
        "targets/indicators.csv": INDICATORS
        + "trained,Tỷ lệ lao động qua đào tạo,Trained share,%,rate,up,\n",
        "targets/t.csv": "indicator,year,area,target,baseline\n"
        "allowance,2020,,0,\ntrained,2020,,0,\nallowance,2021,,0,5\njobs,2020,,10,\n",
    }
    assert problems(make_workspace, files) == [
        "targets/t.csv:2: target: an 'up' stock or rate with a target of 0 needs a baseline (got '0'; "
        "expected a target above 0, or the level at the start of the year in baseline)",
        "targets/t.csv:3: target: an 'up' stock or rate with a target of 0 needs a baseline (got '0'; "
        "expected a target above 0, or the level at the start of the year in baseline)",
    ]


def test_unknown_period_syntax(make_workspace):
    assert problems(make_workspace, {"actuals/a.csv": actuals("jobs,2020-13,5", "jobs,06/2020,5")}) == [
        "actuals/a.csv:2: period: unknown period (got '2020-13'; expected 2020-06 (month), 2020-Q2, 2020-H1 or 2020)",
        "actuals/a.csv:3: period: unknown period (got '06/2020'; expected 2020-06 (month), 2020-Q2, 2020-H1 or 2020)",
    ]


def test_a_period_after_as_of_is_not_an_error(make_workspace):
    ws = load_workspace(
        make_workspace({"targets/t.csv": TARGETS, "actuals/a.csv": actuals("jobs,2030-01,5")})
    )
    assert len(ws.actuals) == 1


def test_duplicate_target(make_workspace):
    assert problems(
        make_workspace, {"targets/t.csv": "indicator,year,target\njobs,2020,5\njobs,2020,6\n"}
    ) == [
        "targets/t.csv:3: indicator: a second target for jobs 2020 (first on targets/t.csv:2; "
        "expected one row per indicator, year, area, plan and period; a revision gives its decided_at)"
    ]


def test_catalogue_rules(make_workspace):
    files = {
        "targets/indicators.csv": "indicator,name,unit,measure,direction\n"
        "jobs,Việc làm,người,flow,up\nJobs-2,X,x,flux,sideways\njobs,Again,người,flow,\n"
    }
    assert problems(make_workspace, files) == [
        "targets/indicators.csv:3: direction: unknown direction (got 'sideways'; expected up, down or empty for up)",
        "targets/indicators.csv:3: indicator: not a valid id (got 'Jobs-2'; expected lower-case letters, "
        "digits and _, e.g. jobs_created)",
        "targets/indicators.csv:3: measure: unknown measure (got 'flux'; expected flow, stock, rate or ratio)",
        "targets/indicators.csv:4: indicator: appears twice (got 'jobs'; expected each value once)",
    ]


def test_area_tree_rules(make_workspace):
    files = {"targets/areas.csv": "area,name,parent\nR,Root,\nA,A,Q\nB,B,C\nC,C,B\n"}
    assert problems(make_workspace, files) == [
        "targets/areas.csv:3: parent: unknown area (got 'Q'; expected an area of this file)",
        "targets/areas.csv:4: parent: the parents loop back to this area (got 'C'; expected a tree)",
        "targets/areas.csv:5: parent: the parents loop back to this area (got 'B'; expected a tree)",
    ]


def test_other_encodings_are_refused_with_how_to_resave(make_workspace, tmp_path):
    ws = make_workspace({"targets/t.csv": TARGETS})
    (ws / "actuals" / "u16.csv").write_bytes("indicator,period,value\njobs,2020-06,5\n".encode("utf-16"))
    (ws / "actuals" / "legacy.csv").write_bytes(
        "indicator,period,value,note\njobs,2020-06,5,Trà\n".encode("cp1258")
    )
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(ws)
    resave = 'open it in Excel and save it as "CSV UTF-8 (Comma delimited) (*.csv)"'
    assert [str(p) for p in caught.value.problems] == [
        "actuals/legacy.csv: the file is not UTF-8 (it looks like Windows-1258, TCVN3 or another legacy "
        f"encoding; byte 46); {resave}",
        f'actuals/u16.csv: the file is UTF-16 (Excel\'s "Unicode Text"), not UTF-8; {resave}',
    ]


def test_a_bom_is_accepted(make_workspace):
    ws = make_workspace({"targets/t.csv": TARGETS})
    (ws / "actuals" / "a.csv").write_bytes("\ufeffindicator,period,value\njobs,2020-06,5\n".encode())
    assert load_workspace(ws).actuals.value.tolist() == [5]


def test_xlsx_that_is_not_a_workbook_and_old_xls(make_workspace):
    ws = make_workspace({"targets/t.csv": TARGETS})
    (ws / "actuals" / "a.xlsx").write_text("not a zip")
    (ws / "actuals" / "b.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(ws)
    assert [str(p) for p in caught.value.problems] == [
        "actuals/a.xlsx: not a valid Excel file (it does not open as an .xlsx workbook)",
        "actuals/b.xls: old Excel format (expected .xlsx: save it as Excel Workbook)",
    ]


def test_xlsx_numbers_are_numbers_and_lines_are_rows(make_workspace):
    from openpyxl import Workbook

    ws = make_workspace({"targets/t.csv": TARGETS})
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value"])
    sheet.append(["jobs", "2020-05", 3.276])  # a typed number is never ambiguous
    sheet.append(["jobs", "2020-06", "n/a"])
    book.save(ws / "actuals" / "a.xlsx")
    with pytest.raises(InvalidWorkspace) as caught:
        load_workspace(ws)
    assert [str(p) for p in caught.value.problems] == [
        "actuals/a.xlsx:3: value: not a number (got 'n/a'; expected a plain number such as 1234.5; "
        'for 1.234,5 set number_format = "vi")'
    ]


def test_parquet_is_typed(make_workspace):
    ws = make_workspace({"targets/t.csv": TARGETS})
    pd.DataFrame({"indicator": ["jobs"], "period": ["2020-06"], "value": [9000.0]}).to_parquet(
        ws / "actuals" / "a.parquet"
    )
    assert load_workspace(ws).actuals.value.tolist() == [9000]


def test_bad_settings(make_workspace):
    files = {
        "tracker.toml": 'language = "fr"\npace = 3\ncolour = "red"\n[thresholds]\non_track = 0.5\nat_risk = 0.9\n'
    }
    assert problems(make_workspace, files) == [
        "tracker.toml: colour: unknown setting (expected one of name, language, number_format, root_area, pace)",
        "tracker.toml: language: got 'fr' (expected vi or en)",
        "tracker.toml: pace: got 3 (expected a text value)",
        "tracker.toml: thresholds: at_risk is above on_track (expected at_risk <= on_track)",
    ]


TABLE_EXPECTED = "expected a table such as [thresholds] on_track = 0.95 at_risk = 0.80, each on its own line"


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("thresholds = 0.9\n", f"tracker.toml: thresholds: not a table (got 0.9; {TABLE_EXPECTED})"),
        ('thresholds = "high"\n', f"tracker.toml: thresholds: not a table (got 'high'; {TABLE_EXPECTED})"),
        (
            "thresholds = [0.9, 0.8]\n",
            f"tracker.toml: thresholds: not a table (got [0.9, 0.8]; {TABLE_EXPECTED})",
        ),
        (
            "[thresholds]\non_track = nan\n",
            "tracker.toml: thresholds.on_track: got nan (expected a number > 0)",
        ),
        (
            "[thresholds]\nat_risk = inf\n",
            "tracker.toml: thresholds.at_risk: got inf (expected a number > 0)",
        ),
        (
            "[thresholds]\non_track = true\n",
            "tracker.toml: thresholds.on_track: got True (expected a number > 0)",
        ),
        (
            "[thresholds.deeper]\nx = 1\n",
            "tracker.toml: thresholds.deeper: unknown (expected on_track, at_risk)",
        ),
        ("name = 5\n", "tracker.toml: name: got 5 (expected a text value)"),
        ("root_area = false\n", "tracker.toml: root_area: got False (expected a text value)"),
        ("[language]\nvi = 1\n", "tracker.toml: language: got {'vi': 1} (expected a text value)"),
    ],
)
def test_a_setting_of_the_wrong_type_is_a_problem(make_workspace, toml, problem):
    assert problems(make_workspace, {"tracker.toml": toml}) == [problem]


def test_all_problems_at_once_sorted_by_file_and_line(make_workspace):
    files = {
        "targets/t.csv": "indicator,year,target\njobs,2020,-1\nnope,2020,5\n",
        "actuals/a.csv": actuals("jobs,2020-06,x", "jobs,2020-Q5,1"),
    }
    found = problems(make_workspace, files)
    assert [p.split(": ")[0] for p in found] == [
        "actuals/a.csv:2",
        "actuals/a.csv:3",
        "targets/t.csv:2",
        "targets/t.csv:3",
    ]


def test_unknown_columns_are_a_warning(make_workspace):
    ws = load_workspace(
        make_workspace(
            {"targets/t.csv": TARGETS, "actuals/a.csv": "indicator,period,value,valeu\njobs,2020-06,5,1\n"}
        )
    )
    assert ws.warnings == [
        "actuals/a.csv: column valeu ignored (known columns: indicator, period, area, value, cumulative, "
        "reported_at, estimate, note)"
    ]
