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
from example_workspace import copy_example

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
