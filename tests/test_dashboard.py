"""dashboard.html in a real browser: Chromium from the system's packages, driven by Playwright.

Each test opens a dashboard from disk as a director would and checks what the
page shows; the `page` fixture fails the test on any console error, page error
or request to anything but the file itself (file://) and data: URLs.
Screenshots go to each test's tmp_path (desktop 1280 px and phone 390 px wide).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DISTRICTS
from example_workspace import copy_example, copy_named_example

from tracker import formats
from tracker.model import compute
from tracker.report import build_report
from tracker.report.dashboard import write_dashboard
from tracker.workspace import load_workspace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - .ci/run installs it
    sync_playwright = None

pytestmark = pytest.mark.skipif(
    sync_playwright is None or shutil.which(CHROMIUM) is None,
    reason=f"needs Playwright for Python (pip install playwright) and Chromium at {CHROMIUM} "
    "(apt-get install chromium); .ci/run installs both",
)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails on a console error, a page error or a request off the disk."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file://", "data:")) else problems.append(f"request: {r.url}"),
    )
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    yield page
    context.close()
    assert problems == []


@pytest.fixture(scope="module")
def example_dashboard(tmp_path_factory) -> Path:
    """The example's report bundle (Trà Vinh, 2020-06), its dashboard.html."""
    root = tmp_path_factory.mktemp("example")
    ws = load_workspace(copy_example(root / "ws"))
    folder = build_report(ws, compute(ws), root / "report")
    return folder / "dashboard.html"


def dashboard_of(workspace: Path, lang: str = "vi") -> Path:
    ws = load_workspace(workspace)
    path = workspace / "dashboard.html"
    write_dashboard(path, ws, compute(ws), lang)
    return path


def shoot(page, folder: Path, name: str) -> None:
    """Screenshots of the whole page at desktop and phone widths (for a person to look at)."""
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def overview(page) -> dict[str, tuple[str, str]]:
    """The root's overview as {indicator: (attainment, status)}."""
    rows = page.locator("#overview li[data-indicator]")
    return {
        row.get_attribute("data-indicator"): (
            row.locator(".attained").inner_text(),
            row.locator(".status").inner_text(),
        )
        for row in rows.all()
    }


def children(page) -> list[tuple[str, ...]]:
    """The child-area table as rows of cell texts."""
    return [
        tuple(cell.inner_text() for cell in row.locator("td").all())
        for row in page.locator("#children tbody tr").all()
    ]


def test_the_example_opens_on_the_root_with_the_reported_attainments(page, example_dashboard, tmp_path):
    page.goto(example_dashboard.as_uri())
    assert page.title() == "Sở LĐ-TB&XH tỉnh Trà Vinh – Bảng theo dõi thực hiện kế hoạch năm 2020"
    assert overview(page) == {
        "vocational_enrolment": ("30,87%", "Chậm tiến độ"),
        "overseas_workers": ("32%", "Chậm tiến độ"),
        "jobs_created": ("45%", "Có nguy cơ chậm"),
        "covid_support_paid": ("99,74%", "Đúng tiến độ"),
    }
    assert overview(page)["jobs_created"][1] == formats.status_label("at_risk", "vi")
    counts = {
        card.get_attribute("data-status"): card.locator("strong").inner_text()
        for card in page.locator("#counts button").all()
    }
    assert counts == {"achieved": "0", "on_track": "1", "at_risk": "1", "lagging": "2", "no_target": "23"}
    # What the rest of the year requires, as the summary says it: 2.304 people a month for enrolment.
    behind = [
        tuple(c.inner_text() for c in row.locator("td").all())
        for row in page.locator("#behind tbody tr").all()
    ]
    assert [row[0] for row in behind] == [
        "Giải quyết việc làm",
        "Đưa lao động đi làm việc có thời hạn ở nước ngoài theo hợp đồng",
        "Tuyển sinh, đào tạo nghề",
    ]
    assert behind[2] == (
        "Tuyển sinh, đào tạo nghề",
        "Chậm tiến độ",
        "30,87%",
        "2.304 người/tháng",
        "1.029 người/tháng",
        "2,24 lần",
    )
    expect(page.locator(".tracked")).to_contain_text("44,386 tỷ đồng")
    shoot(page, tmp_path, "example-vi")


def test_the_language_switch_shows_the_english_strings(page, example_dashboard, tmp_path):
    page.goto(example_dashboard.as_uri())
    page.click("#language")
    assert page.locator("html").get_attribute("lang") == "en"
    assert overview(page) == {
        "vocational_enrolment": ("30.87%", "Lagging"),
        "overseas_workers": ("32%", "Lagging"),
        "jobs_created": ("45%", "At risk"),
        "covid_support_paid": ("99.74%", "On track"),
    }
    expect(page.locator("#overview")).to_contain_text("Vocational enrolment")
    expect(page.locator(".tracked")).to_contain_text("44.386 billion đồng")
    expect(page.locator("#overview")).to_contain_text("Labour and employment")  # the catalogue's group_en
    expect(page.locator("#group-filter")).to_contain_text("Labour and employment")
    shoot(page, tmp_path, "example-en")
    page.click("#language")
    expect(page.locator("#overview")).to_contain_text("Tuyển sinh, đào tạo nghề")


def test_an_indicator_shows_its_chart_and_figures(page, example_dashboard, tmp_path):
    page.goto(example_dashboard.as_uri())
    page.get_by_role("button", name="Giải quyết việc làm").first.click()
    figures = page.locator("#figures")
    expect(figures).to_contain_text("9.000 người")
    expect(figures).to_contain_text("20.000 người")
    expect(figures).to_contain_text("Có nguy cơ chậm")
    chart = page.locator("#chart")
    expect(chart).to_contain_text("Kế hoạch năm: 20.000 người")
    expect(chart).to_contain_text("đạt 45%")
    # the plan path has a point a month; the actual only June (the example reports the half year)
    assert chart.locator("circle").count() == 13
    expect(page.locator("main")).to_contain_text("Không có số liệu theo địa bàn trực thuộc.")
    shoot(page, tmp_path, "example-indicator")


@pytest.fixture
def districts_dashboard(make_workspace) -> Path:
    """A province P of three districts (tests/conftest.py): jobs on track, lagging, at risk."""
    return dashboard_of(make_workspace(DISTRICTS, "districts"))


def test_drill_down_from_the_province_to_a_district_and_back(page, districts_dashboard, tmp_path):
    page.goto(districts_dashboard.as_uri())
    page.get_by_role("button", name="Giải quyết việc làm").first.click()
    expect(page.locator("h2")).to_have_text("Giải quyết việc làm — Tỉnh")
    # the districts, lowest performance index first, each with its status and months behind
    assert children(page) == [
        ("Huyện Hai", "150 người", "12,5%", "Chậm tiến độ", "1,5"),
        ("Huyện Ba", "170 người", "14,17%", "Có nguy cơ chậm", "0,3"),
        ("Huyện Một", "300 người", "25%", "Đúng tiến độ", "0"),
    ]
    shoot(page, tmp_path, "districts-province")
    page.get_by_role("button", name="Huyện Ba").click()
    expect(page.locator("nav.crumbs li")).to_have_text(["Tỉnh", "Huyện Ba"])
    expect(page.locator("#figures")).to_contain_text("14,17%")
    expect(page.locator("main")).to_contain_text("Không có số liệu theo địa bàn trực thuộc.")
    shoot(page, tmp_path, "districts-district")
    page.locator("nav.crumbs").get_by_role("button", name="Tỉnh").click()
    assert len(children(page)) == 3
    page.go_back()  # the address keeps the level: the browser's back button goes down again
    expect(page.locator("h2")).to_have_text("Giải quyết việc làm — Huyện Ba")


def test_the_status_filter_narrows_the_indicators_and_the_areas(page, districts_dashboard):
    page.goto(districts_dashboard.as_uri())
    page.select_option("#status-filter", label="Có nguy cơ chậm")
    assert list(overview(page)) == ["accidents"]
    page.select_option("#status-filter", label="Tất cả")
    assert list(overview(page)) == ["jobs", "accidents"]
    page.get_by_role("button", name="Giải quyết việc làm").first.click()
    page.select_option("#status-filter", label="Chậm tiến độ")
    assert [row[0] for row in children(page)] == ["Huyện Hai"]
    page.select_option("#status-filter", label="Đã đạt kế hoạch")
    expect(page.locator("main")).to_contain_text("Không có chỉ tiêu nào khớp bộ lọc.")


def test_the_group_filter_keeps_one_group(page, districts_dashboard):
    page.goto(districts_dashboard.as_uri())
    page.select_option("#group-filter", label="An toàn")
    assert list(overview(page)) == ["accidents"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("huyen ba", "Huyện Ba"),
        ("HUYỆN BA", "Huyện Ba"),
        ("giai quyet", "Giải quyết việc làm"),
        ("tai nan", "Tai nạn lao động"),
    ],
)
def test_search_finds_names_with_or_without_marks(page, districts_dashboard, query, found):
    page.goto(districts_dashboard.as_uri())
    page.fill("#search", query)
    results = page.locator("#results button")
    expect(results.first).to_contain_text(found)
    results.first.click()
    expect(page.locator("h2")).to_contain_text(found)
    assert page.input_value("#search") == ""


def test_search_folds_d_with_stroke_and_finds_every_match(page, example_dashboard):
    page.goto(example_dashboard.as_uri())
    page.fill("#search", "tra vinh")
    # the province, and no district: the example has figures for the province only
    expect(page.locator("#results .label")).to_have_text(["Tỉnh Trà Vinh"])
    page.fill("#search", "dao tao nghe")  # đ written as d
    expect(page.locator("#results")).to_contain_text("Tuyển sinh, đào tạo nghề")
    page.fill("#search", "zzz")
    expect(page.locator("#results")).to_have_text("Không tìm thấy")


HOSTILE = "</script><script>alert(1)</script><b>\"quoted\" & 'single'</b>"


def test_names_holding_html_are_shown_as_written(page, make_workspace, tmp_path):
    files = dict(DISTRICTS)
    files["targets/areas.csv"] = files["targets/areas.csv"].replace("Huyện Một", HOSTILE.replace('"', '""'))
    files["targets/areas.csv"] = files["targets/areas.csv"].replace(
        HOSTILE.replace('"', '""'), '"' + HOSTILE.replace('"', '""') + '"'
    )
    path = dashboard_of(make_workspace(files, "hostile"))
    assert "</script><script>alert" not in path.read_text(encoding="utf-8")
    page.goto(path.as_uri())
    page.get_by_role("button", name="Giải quyết việc làm").first.click()
    assert children(page)[-1][0] == HOSTILE
    assert page.locator("#children b").count() == 0
    page.fill("#search", "alert")
    expect(page.locator("#results button")).to_contain_text(HOSTILE)


def test_a_workspace_without_areas_opens_on_its_figures(page, make_workspace):
    path = dashboard_of(
        make_workspace(
            {
                "tracker.toml": 'name = "Phòng thử"\nlanguage = "en"\n',
                "targets/2020.csv": "indicator,year,target\njobs,2020,1200\n",
                "actuals/2020.csv": "indicator,period,value\njobs,2020-01,100\njobs,2020-02,100\n",
            },
            "flat",
        ),
        "en",
    )
    page.goto(path.as_uri())
    assert overview(page) == {"jobs": ("16.67%", "On track")}
    expect(page.locator("nav.crumbs")).to_have_text("Phòng thử")


def test_the_committed_showcase_dashboard_is_what_the_code_produces(example_dashboard):
    showcase = Path(__file__).resolve().parent.parent / "reports" / "2020-06" / "dashboard.html"
    assert example_dashboard.read_bytes() == showcase.read_bytes()


# --- plans, revisions, phases, five-year spans and ratios (issue 14, item 1) ------------------------


@pytest.fixture(scope="module")
def plans_dashboards(tmp_path_factory) -> dict[str, Path]:
    """examples/plans (Trà Vinh 2020: plans hdnd and tw, a revision of 10 July, a half-year phase),
    its dashboard as of June and as of December."""
    ws = load_workspace(copy_named_example("plans", tmp_path_factory.mktemp("plans")))
    out = {}
    for as_of in ("2020-06", "2020-12"):
        out[as_of] = ws.path / f"dashboard-{as_of}.html"
        write_dashboard(out[as_of], ws, compute(ws, as_of), "vi")
    return out


@pytest.fixture(scope="module")
def five_year_bundle(tmp_path_factory) -> Path:
    """examples/five-year's report bundle as of December 2023 (a 2021-2025 span, a ratio by district)."""
    root = tmp_path_factory.mktemp("five-year")
    ws = load_workspace(copy_named_example("five-year", root))
    return build_report(ws, compute(ws, "2023-12"), root / "report")


def data_blocks(path: Path) -> dict[str, object]:
    """The page's JSON data blocks by element id."""
    import json
    import re

    text = path.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', text)
    return {element_id: json.loads(body) for element_id, body in found}


def figures(page) -> dict[str, str]:
    """The indicator view's figures as {label: value}."""
    return {
        item.locator("dt").inner_text(): item.locator("dd").inner_text()
        for item in page.locator("#figures > div").all()
    }


def test_the_plan_selector_shows_the_chosen_plans_rows_everywhere(page, plans_dashboards, tmp_path):
    page.goto(plans_dashboards["2020-06"].as_uri())
    # the plan of record by default, named in the heading
    expect(page.locator("#plan-filter option")).to_have_text(
        ["Kế hoạch HĐND tỉnh giao", "Dự toán Trung ương giao"]
    )
    expect(page.locator("header p")).to_contain_text("Kế hoạch HĐND tỉnh giao")
    assert overview(page) == {
        "domestic_revenue": ("47,6%", "Đúng tiến độ"),
        "jobs_created": ("45%", "Có nguy cơ chậm"),
        "overseas_workers": ("32%", "Chậm tiến độ"),
    }
    page.select_option("#plan-filter", label="Dự toán Trung ương giao")
    # the central estimate sets domestic revenue only: 2.380 of 4.800 tỷ đồng, as the summary says
    assert overview(page) == {"domestic_revenue": ("49,58%", "Đúng tiến độ")}
    expect(page.locator("header p")).to_contain_text("Dự toán Trung ương giao")
    counts = {
        card.get_attribute("data-status"): card.locator("strong").inner_text()
        for card in page.locator("#counts button").all()
    }
    assert counts == {"achieved": "0", "on_track": "1", "at_risk": "0", "lagging": "0"}
    expect(page.locator("#behind")).to_have_count(0)
    shoot(page, tmp_path, "plans-tw")
    page.get_by_role("button", name="Thu nội địa (thu ngân sách nhà nước trên địa bàn)").click()
    assert figures(page)["Kế hoạch năm"] == "4.800 tỷ đồng"
    assert figures(page)["Đạt"] == "49,58%"
    expect(page.locator("#chart")).to_contain_text("Kế hoạch năm: 4.800 tỷ đồng")
    page.click("#language")  # the plan chosen stays
    assert figures(page)["Attained"] == "49.58%"
    expect(page.locator("header p")).to_contain_text("Central government's estimate")
    page.select_option("#plan-filter", label="Provincial council's plan")
    assert figures(page)["Annual plan"] == "5,000 billion đồng"


def test_a_revised_target_shows_its_date_and_original(page, plans_dashboards, tmp_path):
    page.goto(plans_dashboards["2020-12"].as_uri() + "#area=TV&indicator=jobs_created")
    assert figures(page)["Kế hoạch năm"] == "18.000 người (điều chỉnh 10/7/2020; đầu năm 20.000 người)"
    expect(page.locator(".row-note")).to_have_text(
        ["Căn cứ điều chỉnh: Nghị quyết điều chỉnh của HĐND tỉnh ngày 10/7/2020 (giả định)"]
    )
    # the chart: the revised target labelled, the original a thin dashed line named in the legend
    chart = page.locator("#chart")
    expect(chart).to_contain_text("Kế hoạch điều chỉnh: 18.000 người")
    assert chart.locator("line[stroke-dasharray='4 3']").count() == 1
    expect(page.locator(".legend li")).to_contain_text(["Kế hoạch điều chỉnh", "Kế hoạch đầu năm"])
    shoot(page, tmp_path, "plans-revised")
    page.click("#language")
    assert figures(page)["Annual plan"] == "18,000 people (revised 10 July 2020; originally 20,000 people)"
    # as of June the original was in force: the report then said nothing of a revision
    page.goto(plans_dashboards["2020-06"].as_uri() + "#area=TV&indicator=jobs_created")
    assert figures(page)["Kế hoạch năm"] == "20.000 người"
    assert page.locator("#chart line[stroke-dasharray='4 3']").count() == 0
    expect(page.locator(".legend")).not_to_contain_text("Kế hoạch đầu năm")


def test_a_row_paced_by_its_phases_says_so(page, plans_dashboards):
    page.goto(plans_dashboards["2020-06"].as_uri() + "#area=TV&indicator=domestic_revenue")
    assert figures(page)["Tiến độ cần đạt"] == "45% (theo giai đoạn)"
    # the summary's words (test_examples): 2.380 of the half-year's 2.250 tỷ đồng
    expect(page.locator(".row-note")).to_have_text(
        ["Tiến độ theo kế hoạch từng giai đoạn được giao: bằng 105,78% kế hoạch 6 tháng (2.250 tỷ đồng)."]
    )
    page.click("#language")
    assert figures(page)["Expected pace"] == "45% (by phase)"
    expect(page.locator(".row-note")).to_have_text(
        ["Paced by the plan's own phases: 105.78% of the plan for the first 6 months (2,250 billion đồng)."]
    )
    # the central estimate of the same revenue has no phases: a straight pace, no note
    page.select_option("#plan-filter", label="Central government's estimate")
    assert figures(page)["Expected pace"] == "50%"
    expect(page.locator(".row-note")).to_have_count(0)


def test_the_five_year_tab_shows_the_span_and_its_years(page, five_year_bundle, tmp_path):
    page.goto((five_year_bundle / "dashboard.html").as_uri())
    tabs = page.locator(".tabs .tab")
    expect(tabs).to_have_text(["Kế hoạch năm 2023", "Kế hoạch 5 năm 2021-2025"])
    tabs.nth(1).click()
    expect(page.locator("main h3")).to_have_text("Kế hoạch 5 năm 2021-2025")
    row = page.locator("#span tbody tr[data-indicator=jobs_created] td")
    # actual, target, attainment, expected, status: the summary's "59,93% kế hoạch giai đoạn
    # (59.930/100.000 người; tiến độ cần đạt 59%), đúng tiến độ"
    expect(row).to_have_text(
        ["Giải quyết việc làm", "", "59.930 người", "100.000 người", "59,93%", "59%", "Đúng tiến độ"]
    )
    assert "span=2021-2025" in page.url
    shoot(page, tmp_path, "five-year-span")
    page.get_by_role("button", name="Giải quyết việc làm").click()
    assert figures(page) == {
        "Thực hiện lũy kế giai đoạn": "59.930 người",
        "Kế hoạch giai đoạn": "100.000 người",
        "Đạt": "59,93%",
        "Tiến độ cần đạt": "59%",
        "Tình trạng": "Đúng tiến độ",
    }
    chart = page.locator("#span-chart")
    expect(chart.locator("text")).to_contain_text(["2021", "2022", "2023", "2024", "2025"])
    expect(chart).to_contain_text("Kế hoạch giai đoạn: 100.000 người")
    expect(chart).to_contain_text("đạt 59,93%")
    # the actual at the end of 2021, 2022 and 2023; the plan at the start, through the three
    # years' annual targets, and the target at the end of 2025
    assert chart.locator("circle[fill='#1a1a1a']").count() == 3
    assert chart.locator("circle[fill='#fff']").count() == 5
    shoot(page, tmp_path, "five-year-jobs")
    page.click("#language")
    expect(page.locator("h2")).to_have_text("Job creation — Tỉnh Trà Vinh — Five-year plan 2021-2025")
    assert figures(page)["Attained"] == "59.93%"
    page.reload()  # the address keeps the tab
    expect(page.locator("#span-chart")).to_be_visible()
    page.locator(".tabs .tab").first.click()
    expect(page.locator("#chart")).to_be_visible()  # the same indicator in the year's view
    assert figures(page)["Thực hiện"] == "21.360 người"


def test_a_span_drills_down_to_the_districts(page, make_workspace):
    files = dict(DISTRICTS)
    files["targets/span.csv"] = (
        "indicator,year,area,target\njobs,2020-2024,D1,6000\njobs,2020-2024,D2,6000\njobs,2020-2024,D3,6000\n"
    )
    path = dashboard_of(make_workspace(files, "span"))
    page.goto(path.as_uri() + "#area=P&indicator=jobs&span=2020-2024")
    # the province's span target is the districts' sum; its actual runs to February, the last
    # month every district reported: 200 + 100 + 170 = 470 of 18.000 people
    assert figures(page)["Kế hoạch giai đoạn"] == "18.000 người"
    assert figures(page)["Thực hiện lũy kế giai đoạn"] == "470 người"
    assert figures(page)["Đạt"] == "2,61%"
    # paced by the 2020 targets (1.200 each, 300 by March: 5% of 6.000), lowest index first
    assert children(page) == [
        ("Huyện Hai", "150 người", "2,5%", "Chậm tiến độ"),
        ("Huyện Ba", "170 người", "2,83%", "Có nguy cơ chậm"),
        ("Huyện Một", "300 người", "5%", "Đúng tiến độ"),
    ]
    page.get_by_role("button", name="Huyện Hai").click()
    expect(page.locator("nav.crumbs li")).to_have_text(["Tỉnh", "Huyện Hai"])
    assert figures(page)["Thực hiện lũy kế giai đoạn"] == "150 người"
    page.get_by_role("button", name="Mọi chỉ tiêu của Huyện Hai").click()
    expect(page.locator("#span tbody tr")).to_have_count(1)


def test_a_ratio_shows_its_two_sides(page, five_year_bundle, tmp_path):
    summary = (five_year_bundle / "summary.vi.md").read_text(encoding="utf-8")
    assert "Tỷ lệ hộ nghèo đạt 1,19% (3.440/288.000 hộ)" in summary
    page.goto((five_year_bundle / "dashboard.html").as_uri() + "#area=TV&indicator=poverty_rate")
    assert figures(page)["Thực hiện"] == "1,19% (3.440/288.000 hộ)"
    rows = {row[0]: row[1] for row in children(page)}
    assert rows["Huyện Trà Cú"] == "2,43% (1.058/43.540 hộ)"
    assert len(rows) == 9
    shoot(page, tmp_path, "five-year-ratio")
    page.click("#language")
    assert figures(page)["Actual"] == "1.19% (3,440/288,000 households)"
    assert "1.19% (3,440/288,000 households)" in (five_year_bundle / "summary.en.md").read_text(
        encoding="utf-8"
    )


def test_one_plan_without_spans_shows_no_selector_and_pays_nothing_for_them(page, example_dashboard):
    page.goto(example_dashboard.as_uri())
    expect(page.locator("#overview")).to_be_visible()
    expect(page.locator("#plan-filter")).to_have_count(0)
    expect(page.locator(".tabs")).to_have_count(0)
    # no plan column, no revision or phase fields, no span blocks: the national page stays as it was
    blocks = data_blocks(example_dashboard)
    assert "plans" not in blocks["tracker-meta"] and "spans" not in blocks["tracker-meta"]
    assert not any(element_id.startswith("tracker-span-") for element_id in blocks)
    rows = blocks["tracker-block-0"]
    assert not {"plan", "original", "revised_at", "decision", "phase_share"} & set(rows)
