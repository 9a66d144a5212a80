"""A province whose districts have not all reported: its row waits (SPEC roll-up), the districts that did are told."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tracker.check import reported_children
from tracker.cli import cli
from tracker.model import compute
from tracker.narrative import summary
from tracker.workspace import load_workspace

DISTRICT_NAMES = [
    "Long Xuyên",
    "Châu Đốc",
    "Phú Tân",
    "Tân Châu",
    "An Phú",
    "Châu Phú",
    "Tịnh Biên",
    "Tri Tôn",
    "Chợ Mới",
]
INDICATORS = """\
indicator,name,name_en,unit,measure,direction,group
xkld,Đưa lao động đi làm việc ở nước ngoài,Overseas labour,người,flow,up,Lao động
jobs,Giải quyết việc làm,Job creation,người,flow,up,Lao động
"""


@pytest.fixture
def province(make_workspace):
    """Province P of 9 districts, as of June 2020: overseas labour has a plan of 100 in each district.

    Only d1 (24 of 100: 24% against a pace of 50%) and d2 (18%) have reported: both lag, and the
    province's row waits for the 7 others (no figure). Its own jobs: 600 of 1200, on track.
    """
    areas = "area,name,parent\nP,Tỉnh An Giang,\n" + "".join(
        f"d{k},{name},P\n" for k, name in enumerate(DISTRICT_NAMES, 1)
    )
    targets = "indicator,year,area,target\njobs,2020,P,1200\n" + "".join(
        f"xkld,2020,d{k},100\n" for k in range(1, 10)
    )
    return make_workspace(
        {
            "tracker.toml": 'name = "Sở thử nghiệm"\n',
            "targets/indicators.csv": INDICATORS,
            "targets/areas.csv": areas,
            "targets/2020.csv": targets,
            "actuals/2020.csv": "indicator,period,area,value\njobs,2020-H1,P,600\n"
            "xkld,2020-H1,d1,24\nxkld,2020-H1,d2,18\n",
        },
        "province",
    )


def test_the_reported_children_of_a_waiting_row(province):
    ws = load_workspace(province)
    children = reported_children(compute(ws).status, ws.areas, "P")
    assert children[["indicator", "area", "attainment", "expected", "status", "reported", "children", "behind"]].to_dict(
        "records"
    ) == [
        {"indicator": "xkld", "area": "d2", "attainment": 0.18, "expected": 0.5, "status": "lagging",
         "reported": 2, "children": 9, "behind": True},
        {"indicator": "xkld", "area": "d1", "attainment": 0.24, "expected": 0.5, "status": "lagging",
         "reported": 2, "children": 9, "behind": True},
    ]  # fmt: skip
    # a district's rows wait for nothing; a province whose districts have all reported neither
    assert reported_children(compute(ws).status, ws.areas, "d1").empty


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# The districts that reported are named under the province's waiting row with their attainment and
# pace, the missing ones by the indicator's name with "no figure yet" (never "xkld (đến nan)"), and
# the check exits 3: two districts lag.
CHECK = """\
Sở thử nghiệm: Kiểm tra tiến độ tháng 6/2020 — P

Chưa báo cáo tháng 6/2020 (7 địa bàn)
  - Phú Tân [d3]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - Tân Châu [d4]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - An Phú [d5]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - Châu Phú [d6]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - Tịnh Biên [d7]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - Tri Tôn [d8]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)
  - Chợ Mới [d9]: Đưa lao động đi làm việc ở nước ngoài (chưa có số liệu)

Chậm tiến độ (0)

Vượt trần (0)

Có nguy cơ chậm (0)

Số liệu chưa cập nhật đến tháng kiểm tra (0)

Chưa tổng hợp được, chờ báo cáo của các địa bàn trực thuộc (1)
  - Đưa lao động đi làm việc ở nước ngoài: 2/9 địa bàn đã báo cáo, 2 địa bàn chậm tiến độ hoặc vượt trần
      Châu Đốc [d2]: đạt 18% kế hoạch (tiến độ cần đạt 50%), chậm tiến độ
      Long Xuyên [d1]: đạt 24% kế hoạch (tiến độ cần đạt 50%), chậm tiến độ

Kết luận từng chỉ tiêu
  - Đưa lao động đi làm việc ở nước ngoài: chưa có số liệu; 2/9 địa bàn đã báo cáo, 2 địa bàn chậm tiến độ hoặc vượt trần
  - Giải quyết việc làm: đúng tiến độ

Kết luận: 1 chỉ tiêu chưa tổng hợp được có địa bàn chậm tiến độ hoặc vượt trần.
"""


def test_check_tells_the_districts_that_reported_and_exits_3_when_one_lags(province):
    result = run("check", "-w", str(province))
    assert (result.exit_code, result.stderr) == (3, "")
    assert result.stdout == CHECK


def test_check_in_english(province):
    (province / "tracker.toml").write_text('name = "Test office"\nlanguage = "en"\n', encoding="utf-8")
    result = run("check", "-w", str(province))
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[2:4] == [
        "Missing reports for June 2020 (7 areas)",
        "  - Phú Tân [d3]: Overseas labour (no figure yet)",
    ]
    start = lines.index("Not rolled up yet, waiting for the areas below (1)")
    assert lines[start:] == [
        "Not rolled up yet, waiting for the areas below (1)",
        "  - Overseas labour: 2 of 9 areas reported, 2 of them lagging or breached",
        "      Châu Đốc [d2]: 18% of the plan (expected 50%), lagging",
        "      Long Xuyên [d1]: 24% of the plan (expected 50%), lagging",
        "",
        "Verdict by indicator",
        "  - Overseas labour: no figure yet; 2 of 9 areas reported, 2 of them lagging or breached",
        "  - Job creation: on track",
        "",
        "Verdict: 1 indicator(s) not rolled up yet with areas lagging or breached.",
    ]


def test_check_counts_the_districts_that_reported_when_none_lags(province):
    actuals = province / "actuals" / "2020.csv"
    actuals.write_text(
        actuals.read_text(encoding="utf-8").replace(",24\n", ",50\n").replace(",18\n", ",60\n"), "utf-8"
    )
    result = run("check", "-w", str(province))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = lines.index("Chưa tổng hợp được, chờ báo cáo của các địa bàn trực thuộc (1)")
    assert lines[start + 1 : start + 3] == [
        "  - Đưa lao động đi làm việc ở nước ngoài: 2/9 địa bàn đã báo cáo",
        "",
    ]
    assert lines[-1] == "Kết luận: không có chỉ tiêu chậm tiến độ hoặc vượt trần."


def test_once_every_district_has_reported_the_province_has_its_figure(province):
    actuals = province / "actuals" / "2020.csv"
    rows = "".join(f"xkld,2020-H1,d{k},50\n" for k in range(3, 10))
    actuals.write_text(actuals.read_text(encoding="utf-8") + rows, encoding="utf-8")
    ws = load_workspace(province)
    assert reported_children(compute(ws).status, ws.areas, "P").empty
    result = run("check", "-w", str(province))
    assert "chờ báo cáo" not in result.stdout
    # 24 + 18 + 7 x 50 = 392 of 900: 43.56% against 50%, at risk; d2 and d1 lag most
    assert (
        "  - Đưa lao động đi làm việc ở nước ngoài: đạt 43,56% kế hoạch (tiến độ cần đạt 50%), có nguy cơ chậm"
        in (result.stdout)
    )


def _summary_lines(province, lang: str) -> list[str]:
    ws = load_workspace(province)
    status = compute(ws).status
    return summary(
        status[status.area == "P"], lang, "Sở thử nghiệm", reported_children(status, ws.areas, "P")
    ).splitlines()


def test_the_summary_tells_the_districts_that_reported(province):
    vi = _summary_lines(province, "vi")
    assert (
        "- Đưa lao động đi làm việc ở nước ngoài: chưa có số liệu thực hiện (kế hoạch năm 900 người), 2/9 địa bàn đã báo cáo."
        in vi
    )
    assert vi[-3:] == [
        "## Nhiệm vụ 6 tháng cuối năm",
        "",
        "- Đưa lao động đi làm việc ở nước ngoài: chưa tổng hợp được, 2/9 địa bàn đã báo cáo; Châu Đốc đạt 18% kế hoạch "
        "(tiến độ cần đạt 50%), chậm tiến độ; Long Xuyên đạt 24% kế hoạch (tiến độ cần đạt 50%), chậm tiến độ.",
    ]
    en = _summary_lines(province, "en")
    assert (
        "- Overseas labour: no figures reported yet (annual target 900 people), 2 of 9 areas have reported."
        in en
    )
    assert en[-1] == (
        "- Overseas labour: not rolled up yet, 2 of 9 areas have reported; Châu Đốc reached 18% of its plan "
        "(expected 50%), behind pace; Long Xuyên reached 24% of its plan (expected 50%), behind pace."
    )


def test_the_pdf_tables_the_reported_areas_that_lag(province, tmp_path):
    from pdf_text import flat, page_texts

    from tracker import charts
    from tracker.report import pdf
    from tracker.report.scope import scope_of

    ws = load_workspace(province)
    scope = scope_of(ws, compute(ws))
    overview = tmp_path / "overview.png"
    charts.render_overview(scope.targeted, overview, "vi")
    text = summary(scope.root, "vi", ws.settings.name, scope.waiting)
    pdf.write_dashboard(tmp_path / "dashboard.pdf", scope, [overview], text, "vi", ws)
    cover = [flat(line) for line in page_texts(tmp_path / "dashboard.pdf")[0].splitlines() if line.strip()]
    # The province's row waits: each district that reported and lags has a row of its own,
    # named after the indicator (82 of 100 left in 6 months: 14 a month against 3 so far).
    assert cover[-8:-1] == [
        "Chỉ tiêu chậm hoặc có nguy cơ chậm tiến độ",
        "Chỉ tiêu Tình trạng Đạt Cần thực hiện Bình quân đến nay Gấp",
        "(lần)",
        "Đưa lao động đi làm việc ở nước Chậm tiến độ 18% 14 người/tháng 3 người/tháng 4,56",
        "ngoài – Châu Đốc",
        "Đưa lao động đi làm việc ở nước Chậm tiến độ 24% 13 người/tháng 4 người/tháng 3,17",
        "ngoài – Long Xuyên",
    ]
