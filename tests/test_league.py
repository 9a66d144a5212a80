"""League tables and the check's areas: ranks among siblings, the areas that lag most, missing reports."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tracker.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_status_by_area_ranks_each_area_among_its_siblings(districts):
    result = run("status", "-w", str(districts), "--by-area", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert list(rows[0])[-5:] == ["lagging_months", "months_behind", "parent", "rank", "siblings"]
    # jobs' indexes as of March: D1 300/300 = 1, D3 170/200 (reported through February) = 0.85,
    # D2 150/300 = 0.5; the province P has no parent, so no rank
    assert [(r["indicator"], r["area"], r["parent"], r["rank"], r["siblings"]) for r in rows] == [
        ("jobs", "P", None, None, None),
        ("jobs", "D1", "P", 1, 3),
        ("jobs", "D3", "P", 2, 3),
        ("jobs", "D2", "P", 3, 3),
        ("accidents", "P", None, None, None),
    ]


def test_status_by_area_as_a_table(districts):
    result = run("status", "-w", str(districts), "--by-area")
    assert result.stdout.splitlines()[:6] == [
        "Sở thử nghiệm — 2020-03",
        "Chỉ tiêu             Địa bàn  Hạng  Thực hiện  Kế hoạch     Đạt  Tiến độ  Dự báo  Trạng thái",
        "-------------------  -------  ----  ---------  --------  ------  -------  ------  -----------------",
        "Giải quyết việc làm  P           –        470     3.600  13,06%   16,67%   2.820  chậm tiến độ *",
        "Giải quyết việc làm  D1        1/3        300     1.200     25%      25%   1.200  đúng tiến độ",
        "Giải quyết việc làm  D3        2/3        170     1.200  14,17%   16,67%   1.020  có nguy cơ chậm *",
    ]


def test_status_without_by_area_keeps_its_columns(districts):
    rows = json.loads(run("status", "-w", str(districts), "--format", "json").stdout)
    assert list(rows[0])[-3:] == ["denominator", "lagging_months", "months_behind"]


# The province's jobs are rolled up through February, the last month all three districts
# reported: 200 + 100 + 170 = 470 of 3600, 13.06% against 16.67%: index 0.78, lagging; also in
# January (250 of 300: 0.83, at risk) and February, so three months running. 470 is where the pace
# stood at 12 x 470 / 3600 = 1.57 months: 0.43 months behind at February. accidents: 35 of a
# ceiling of 120 is 29.17% used where the pace allows 25% (index 0.86, at risk, since March only:
# February's 10 was 8.33% of 16.67%); the pace reaches 29.17% at month 3.5: 0.5 months early.
CHECK = """\
Sở thử nghiệm: Kiểm tra tiến độ tháng 3/2020 — P

Chưa báo cáo tháng 3/2020 (1 địa bàn)
  - Huyện Ba [D3]: Giải quyết việc làm (đến tháng 2/2020)

Chậm tiến độ (1)
  - Giải quyết việc làm: đạt 13,06% kế hoạch (tiến độ cần đạt 16,67%), chậm tiến độ; cần bình quân 313 người/tháng từ nay đến cuối năm, gấp 1,33 lần tốc độ đến nay
      chậm nhất: Huyện Hai [D2] 12,5%, Huyện Ba [D3] 14,17%

Vượt trần (0)

Có nguy cơ chậm (1)
  - Tai nạn lao động: đã sử dụng 29,17% mức trần (tiến độ cho phép 25%), có nguy cơ chậm

Số liệu chưa cập nhật đến tháng kiểm tra (1)
  - Giải quyết việc làm: số liệu đến tháng 2/2020

Kết luận từng chỉ tiêu
  - Giải quyết việc làm: chậm tiến độ, 3 tháng liên tiếp (từ tháng 1/2020); chậm 0,4 tháng so với tiến độ (số liệu đến tháng 2/2020)
  - Tai nạn lao động: sử dụng nhanh hơn tiến độ cho phép (tháng đầu tiên); sớm 0,5 tháng so với tiến độ cho phép

Kết luận: 1 chỉ tiêu chậm tiến độ hoặc vượt trần.
"""


def test_check_names_missing_reports_the_areas_that_lag_most_and_a_verdict_per_indicator(districts):
    result = run("check", "-w", str(districts))
    assert result.exit_code == 3
    assert result.stdout == CHECK


def test_check_in_english(districts):
    (districts / "tracker.toml").write_text('name = "Test office"\nlanguage = "en"\n', encoding="utf-8")
    out = run("check", "-w", str(districts)).stdout.splitlines()
    assert out[2:4] == [
        "Missing reports for March 2020 (1 areas)",
        "  - Huyện Ba [D3]: Job creation (through February 2020)",
    ]
    assert "      lagging most: Huyện Hai [D2] 12.5%, Huyện Ba [D3] 14.17%" in out
    assert out[-5:] == [
        "Verdict by indicator",
        "  - Job creation: lagging for 3 months running (since January 2020); 0.4 months behind the pace "
        "(data through February 2020)",
        "  - Occupational accidents: using the allowance faster than the pace allows (first month); "
        "0.5 months ahead of the allowed pace",
        "",
        "Verdict: 1 indicator(s) lagging or breached.",
    ]


def test_check_of_a_district(districts):
    result = run("check", "-w", str(districts), "--area", "D3")
    assert result.stdout.splitlines()[:4] == [
        "Sở thử nghiệm: Kiểm tra tiến độ tháng 3/2020 — D3",
        "",
        "Chưa báo cáo tháng 3/2020 (1 địa bàn)",
        "  - Huyện Ba [D3]: Giải quyết việc làm (đến tháng 2/2020)",
    ]
    assert (
        "  - Giải quyết việc làm: có nguy cơ chậm, 2 tháng liên tiếp (từ tháng 2/2020); chậm 0,3 tháng "
        in (result.stdout)
    )
    assert result.exit_code == 0  # at risk is not lagging


def test_check_puts_what_has_lagged_longest_first(make_workspace):
    # jobs: 70 a month of a 1200 plan, lagging since January (index 0.7), 0.9 months behind.
    # allowance: from a baseline of 1000 towards 2200, on pace in January and February, down to
    # 1050 in March: 4.17% of the way where 25% was due (index 0.17), 2.5 months behind, one month.
    ws = make_workspace(
        {
            "tracker.toml": 'root_area = "VN"\n',
            "targets/2020.csv": "indicator,year,target,baseline\njobs,2020,1200,\nallowance,2020,2200,1000\n",
            "actuals/2020.csv": "indicator,period,value\n"
            "jobs,2020-01,70\njobs,2020-02,70\njobs,2020-03,70\n"
            "allowance,2020-01,1100\nallowance,2020-02,1200\nallowance,2020-03,1050\n",
        }
    )
    out = run("check", "-w", str(ws)).stdout.splitlines()
    start = out.index("Chậm tiến độ (2)")
    assert [line.split(":")[0] for line in out[start + 1 : start + 3]] == [
        "  - Giải quyết việc làm",
        "  - Người hưởng trợ cấp",
    ]
    assert out[-4:-2] == [
        "  - Giải quyết việc làm: chậm tiến độ, 3 tháng liên tiếp (từ tháng 1/2020); chậm 0,9 tháng so với tiến độ",
        "  - Người hưởng trợ cấp: chậm tiến độ (tháng đầu tiên); chậm 2,5 tháng so với tiến độ",
    ]
