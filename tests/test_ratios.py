"""Ratio indicators (SPEC section 8, issue 12): a rate from two counts, rolled up as a ratio of sums.

Every figure is worked out by hand in the comment above its assertion.
"""

from __future__ import annotations

import pytest
from test_model import AREAS

from tracker.errors import InvalidWorkspace
from tracker.model import compute
from tracker.workspace import load_workspace

CATALOGUE = """\
indicator,name,name_en,unit,measure,direction,group,group_en,numerator,denominator
poor,Số hộ nghèo,Poor households,hộ,stock,down,Giảm nghèo,Poverty,,
households,Số hộ,Households,hộ,stock,up,Giảm nghèo,Poverty,,
trained,Lao động được đào tạo,Workers trained,người,flow,up,,,,
rate,Tỷ lệ hộ nghèo,Poverty rate,%,ratio,down,Giảm nghèo,Poverty,poor,households
per_household,Lao động được đào tạo mỗi hộ,Trained per household,người/hộ,ratio,up,,,trained,households
"""


def workspace(make_workspace, actuals: str, targets: str = "indicator,year,area,target,baseline\n", **more):
    files = {
        "targets/indicators.csv": CATALOGUE,
        "targets/areas.csv": AREAS,
        "targets/t.csv": targets,
        "actuals/a.csv": "indicator,period,area,value\n" + actuals,
        **more,
    }
    return load_workspace(make_workspace(files))


def rows(ws, as_of="2020-12"):
    result = compute(ws, as_of)
    return result, result.status.set_index(["indicator", "area"])


def test_a_parent_ratio_is_the_ratio_of_its_childrens_sums(make_workspace):
    ws = workspace(
        make_workspace,
        "poor,2020-12,A,100\nhouseholds,2020-12,A,1000\npoor,2020-12,B,50\nhouseholds,2020-12,B,10000\n",
        "indicator,year,area,target,baseline\nrate,2020,R,1,2\n",
    )
    _, s = rows(ws)
    # A: 10%, B: 0,5%; the root: 150 / 11.000 = 1,3636...% (the plain mean of the two would be 5,25%)
    assert s.loc[("rate", "A"), "actual"] == pytest.approx(10)
    assert s.loc[("rate", "B"), "actual"] == pytest.approx(0.5)
    root = s.loc[("rate", "R")]
    assert root.actual == pytest.approx(150 / 11000 * 100)
    assert (root.numerator, root.denominator) == (150, 11000)
    assert root.rolled_up
    # judged as a rate with a baseline: from 2% towards 1%, (2 - 1,36) / (2 - 1) = 63,6% of the way
    assert root.attainment == pytest.approx((2 - 150 / 110) / 1)
    assert root.pace == "linear"


def test_a_ratio_without_percent_is_not_scaled_and_flows_count_their_year_to_date(make_workspace):
    ws = workspace(
        make_workspace,
        "trained,2020-01,R,30\ntrained,2020-02,R,30\nhouseholds,2020-01,R,100\nhouseholds,2020-02,R,100\n",
    )
    _, s = rows(ws, "2020-02")
    # 60 trained by February over 100 households: 0,6 a household
    assert s.loc[("per_household", "R"), "actual"] == pytest.approx(0.6)
    assert s.loc[("per_household", "R"), "data_through"] == "2020-02"


def test_a_ratio_is_through_the_earlier_of_its_sides(make_workspace):
    ws = workspace(
        make_workspace,
        "poor,2020-03,R,10\npoor,2020-06,R,8\nhouseholds,2020-03,R,100\n" + "households,2020-04,R,100\n",
    )
    _, s = rows(ws, "2020-06")
    # households through April (its level carries to June, but its report stops at April)
    assert s.loc[("rate", "R"), "data_through"] == "2020-04"
    assert s.loc[("rate", "R"), "actual"] == pytest.approx(10)


def test_a_zero_denominator_is_no_value_and_a_warning(make_workspace):
    ws = workspace(
        make_workspace,
        "poor,2020-12,A,0\nhouseholds,2020-12,A,0\npoor,2020-12,B,5\nhouseholds,2020-12,B,100\n",
    )
    result, s = rows(ws)
    assert ("rate", "A") not in s.index
    assert s.loc[("rate", "B"), "actual"] == pytest.approx(5)
    assert "rate: the denominator is 0 in A 2020-12 (the ratio has no value there)" in result.warnings


def test_catalogue_errors_of_ratios_at_their_line(make_workspace):
    broken = (
        CATALOGUE.replace("poor,households\n", "poor,nowhere\n").replace("trained,households\n", "rate,\n")
        + "rate2,x,x,%,ratio,up,,,,\nstocky,x,x,hộ,stock,up,,,poor,\n"
    )
    with pytest.raises(InvalidWorkspace) as caught:
        workspace(make_workspace, "", **{"targets/indicators.csv": broken})
    assert [str(p) for p in caught.value.problems] == [
        "targets/indicators.csv:5: denominator: unknown indicator (got 'nowhere'; expected a flow or stock of this catalogue)",
        "targets/indicators.csv:6: denominator: a ratio needs its denominator (expected the id of a flow or stock of this catalogue)",
        "targets/indicators.csv:6: numerator: the numerator of a ratio must be a flow or stock (got 'rate', a ratio; expected a flow or stock of this catalogue)",
        "targets/indicators.csv:7: denominator: a ratio needs its denominator (expected the id of a flow or stock of this catalogue)",
        "targets/indicators.csv:7: numerator: a ratio needs its numerator (expected the id of a flow or stock of this catalogue)",
        "targets/indicators.csv:8: numerator: only a ratio has a numerator (got 'poor'; expected empty, or measure = ratio)",
    ]


def test_an_actual_row_of_a_ratio_is_refused_at_its_line(make_workspace):
    with pytest.raises(InvalidWorkspace) as caught:
        workspace(make_workspace, "poor,2020-12,A,10\nrate,2020-12,A,5\n")
    assert [str(p) for p in caught.value.problems] == [
        "actuals/a.csv:3: indicator: rate is a ratio, computed from poor and households "
        "(got a row of it; expected rows of poor and households instead)"
    ]
