"""The report bundle: every file there, each one readable, written whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from example_workspace import ROOT, copy_example

from tracker import charts, formats, model, narrative, output, report
from tracker.errors import BadArgument
from tracker.report import dated
from tracker.workspace import load_workspace

EXAMPLE_FILES = {
    "charts/covid_support_paid.png",
    "charts/jobs_created.png",
    "charts/overseas_workers.png",
    "charts/overview.png",
    "charts/vocational_enrolment.png",
    "dashboard.html",
    "dashboard.pdf",
    "report.docx",
    "status.csv",
    "status.xlsx",
    "summary.en.md",
    "summary.vi.md",
}


def build(workspace: Path, as_of: str | None = "2020-06", **kwargs) -> Path:
    ws = load_workspace(workspace)
    return report.build_report(ws, model.compute(ws, as_of), **kwargs)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The example's report for 2020-06, built once, in the workspace's default place; timed."""
    workspace = copy_example(tmp_path_factory.mktemp("bundle") / "example")
    start = time.perf_counter()
    folder = build(workspace)
    seconds = time.perf_counter() - start
    print(f"\nexample report built in {seconds:.2f} s")
    assert seconds < 20, f"the example's report took {seconds:.1f} s"
    return folder


# --- the bundle of the example ----------------------------------------------------------------------


def test_the_bundle_goes_to_reports_as_of_and_holds_every_file(bundle):
    assert bundle.name == "2020-06"
    assert bundle.parent.name == "reports"
    assert set(files_of(bundle)) == EXAMPLE_FILES
    # Nothing else beside it: no temporary or set-aside folder.
    assert [p.name for p in bundle.parent.iterdir()] == ["2020-06"]


def test_the_summaries_tell_the_root_area_in_both_languages(bundle):
    ws = load_workspace(bundle.parent.parent)
    status = model.compute(ws, "2020-06").status
    root = status[status["depth"] == 0]
    for lang in ("vi", "en"):
        text = (bundle / f"summary.{lang}.md").read_text(encoding="utf-8")
        assert text == narrative.summary(root, lang, "Sở LĐ-TB&XH tỉnh Trà Vinh")
    vi = (bundle / "summary.vi.md").read_text(encoding="utf-8")
    assert vi.startswith("# Sở LĐ-TB&XH tỉnh Trà Vinh: tình hình thực hiện kế hoạch đến tháng 6/2020\n")


def test_the_charts_are_pngs(bundle):
    for png in (bundle / "charts").iterdir():
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), png.name


def test_the_dashboard_is_an_a4_pdf_with_cover_narrative_and_chart_pages(bundle):
    data = (bundle / "dashboard.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    # The cover (counts, overview, lagging list), two pages of narrative, then the
    # four indicators' charts two to a page.
    assert pdf_pages(data) == 1 + 2 + 2
    # A4: 210 by 297 mm, in points.
    assert len(re.findall(rb"/MediaBox\s*\[\s*0 0 595\.2756 841\.8898\s*\]", data)) == 5


def test_the_xlsx_has_the_status_columns_frozen_header_and_percentages(bundle):
    from openpyxl import load_workbook

    sheet = load_workbook(bundle / "status.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert header == model.STATUS_COLUMNS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == 1 + 27
    column = {name: k + 1 for k, name in enumerate(header)}
    jobs = 2  # the catalogue's first indicator
    assert sheet.cell(jobs, column["attainment"]).value == pytest.approx(0.45)
    assert sheet.cell(jobs, column["attainment"]).number_format == "0.00%"
    assert sheet.cell(jobs, column["expected"]).number_format == "0.00%"
    assert sheet.cell(jobs, column["target"]).value == 20000
    assert sheet.cell(jobs, column["target"]).number_format == "#,##0"
    assert sheet.cell(jobs, column["indicator"]).value == "jobs_created"
    assert sheet.cell(jobs, column["name"]).value == "Giải quyết việc làm"
    assert sheet.cell(jobs, column["stale"]).value is False
    status = sheet.cell(jobs, column["status"])
    assert status.value == "at_risk"
    assert status.fill.fgColor.rgb == "FF" + formats.STATUS_COLOURS["at_risk"].lstrip("#").upper()
    lagging = sheet.cell(jobs + 1, column["status"])
    assert lagging.value == "lagging"
    assert lagging.fill.fgColor.rgb == "FFC62828"
    for letter in ("A", "B"):
        assert sheet.column_dimensions[letter].width > 10


def test_the_csv_is_the_status_command_csv_with_a_bom(bundle):
    ws = load_workspace(bundle.parent.parent)
    status = model.compute(ws, "2020-06").status
    data = (bundle / "status.csv").read_bytes()
    assert data == ("\ufeff" + output.to_csv(status)).encode("utf-8")


def test_the_docx_has_headings_bullets_a_status_table_and_the_charts(bundle):
    from docx import Document
    from docx.shared import Cm

    doc = Document(bundle / "report.docx")
    summary = (bundle / "summary.vi.md").read_text(encoding="utf-8")
    by_style: dict[str, list[str]] = {}
    for paragraph in doc.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == [summary.splitlines()[0][2:]]
    groups = [line[3:] for line in summary.splitlines() if line.startswith("## ")]
    assert by_style["Heading 2"] == [*groups, "Bảng tổng hợp chỉ tiêu", "Biểu đồ"]
    bullets = [line[2:] for line in summary.splitlines() if line.startswith("- ")]
    assert by_style["List Bullet"] == bullets

    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Chỉ tiêu",
        "Kế hoạch năm",
        "Thực hiện",
        "Đạt",
        "Tình trạng",
    ]
    assert len(table.rows) == 1 + 27
    assert [c.text for c in table.rows[1].cells] == [
        "Giải quyết việc làm",
        "20.000 người",
        "9.000 người",
        "45%",
        "Có nguy cơ chậm",
    ]
    assert [c.text for c in table.rows[5].cells][2:] == ["44,386 tỷ đồng", "–", "Không giao kế hoạch"]
    assert len(doc.inline_shapes) == 5  # the overview and the four indicators
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert all(shape.width <= Cm(16) + 1 for shape in doc.inline_shapes)


# --- written whole or not at all -------------------------------------------------------------------


def test_a_failing_build_leaves_the_earlier_report_intact(tmp_path, monkeypatch):
    workspace = copy_example(tmp_path / "example")
    folder = build(workspace)
    before = files_of(folder)

    def broken(*args, **kwargs):
        raise RuntimeError("the chart broke")

    monkeypatch.setattr(charts, "render_cumulative", broken)
    with pytest.raises(RuntimeError, match="the chart broke"):
        build(workspace, lang="en")
    assert files_of(folder) == before
    assert [p.name for p in folder.parent.iterdir()] == ["2020-06"]


def test_a_failing_first_build_leaves_nothing(tmp_path, monkeypatch):
    workspace = copy_example(tmp_path / "example")

    def broken(*args, **kwargs):
        raise RuntimeError("the workbook broke")

    monkeypatch.setattr("tracker.report.xlsx.write_status_xlsx", broken)
    with pytest.raises(RuntimeError, match="the workbook broke"):
        build(workspace)
    assert list((workspace / "reports").iterdir()) == []


def test_a_new_build_replaces_the_old_folder_whole(tmp_path):
    workspace = copy_example(tmp_path / "example")
    out = tmp_path / "out" / "june"
    build(workspace, out_dir=out)
    (out / "left-over.txt").write_text("from an earlier report", encoding="utf-8")
    vi = (out / "report.docx").read_bytes()
    assert build(workspace, out_dir=out, lang="en") == out
    assert set(files_of(out)) == EXAMPLE_FILES
    assert (out / "report.docx").read_bytes() != vi
    assert [p.name for p in out.parent.iterdir()] == ["june"]


def test_the_folder_is_readable_like_any_other(tmp_path):
    workspace = copy_example(tmp_path / "example")
    folder = build(workspace, out_dir=tmp_path / "r")
    (tmp_path / "plain").mkdir()
    assert folder.stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_an_out_path_that_is_a_file_is_refused(tmp_path):
    workspace = copy_example(tmp_path / "example")
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(BadArgument, match="is a file"):
        build(workspace, out_dir=tmp_path / "taken")


def test_an_unknown_language_is_refused(tmp_path):
    workspace = copy_example(tmp_path / "example")
    with pytest.raises(BadArgument, match="--lang: got 'fr'"):
        build(workspace, out_dir=tmp_path / "r", lang="fr")
    assert not (tmp_path / "r").exists()


def test_an_unsafe_indicator_id_never_becomes_a_file_name():
    from tracker.report.bundle import _safe_id

    assert _safe_id("jobs_created") == "jobs_created"
    for bad in ("../etc", "Jobs", "jobs-created", "", "jobs/x"):
        with pytest.raises(ValueError, match="not safe as a file name"):
            _safe_id(bad)


def test_the_same_report_is_the_same_bytes(tmp_path):
    """Built twice, seconds apart: every file the same, the office files dated from the as-of month."""
    import zipfile

    from docx import Document
    from openpyxl import load_workbook

    workspace = copy_example(tmp_path / "example")
    first = files_of(build(workspace, out_dir=tmp_path / "first"))
    time.sleep(2.1)  # a zip entry's time has a two-second grain: a clock would show
    folder = build(workspace, out_dir=tmp_path / "second")
    second = files_of(folder)
    assert set(second) == set(first) == EXAMPLE_FILES
    assert [name for name in first if first[name] != second[name]] == []
    for name in ("report.docx", "status.xlsx"):
        with zipfile.ZipFile(folder / name) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {(2020, 6, 30, 0, 0, 0)}, name
    core = Document(folder / "report.docx").core_properties
    assert (core.created.replace(tzinfo=None), core.modified.replace(tzinfo=None)) == (
        dt.datetime(2020, 6, 30),
        dt.datetime(2020, 6, 30),
    )
    properties = load_workbook(folder / "status.xlsx").properties
    assert (properties.created, properties.modified) == (dt.datetime(2020, 6, 30), dt.datetime(2020, 6, 30))


def test_a_report_is_dated_the_last_day_of_its_month():
    assert dated.moment("2020-06") == dt.datetime(2020, 6, 30)
    assert dated.moment("2020-02") == dt.datetime(2020, 2, 29)  # a leap year
    assert dated.moment("2021-02") == dt.datetime(2021, 2, 28)
    assert dated.moment("2021-12") == dt.datetime(2021, 12, 31)


# --- text a spreadsheet would run ------------------------------------------------------------------


def test_formula_like_notes_stay_text_in_the_xlsx_and_the_csv(tmp_path):
    from openpyxl import load_workbook

    workspace = copy_example(tmp_path / "example")
    actuals = workspace / "actuals" / "2020-H1.csv"
    text = actuals.read_text(encoding="utf-8")
    notes = {
        "jobs_created": '=HYPERLINK("http://x.example","bấm")',
        "overseas_workers": "@SUM(A1:A2)",
        "vocational_enrolment": "-2 lớp so với dự kiến",
        "ui_claims_settled": "+84 hồ sơ",
    }
    for indicator, note in notes.items():
        line = f"{indicator},2020-H1,TV,"
        start = text.index(line)
        end = text.index("\n", start)
        quoted = '"' + note.replace('"', '""') + '"'
        text = text[:start] + text[start:end] + quoted + text[end:]
    actuals.write_text(text, encoding="utf-8")

    folder = build(workspace)

    sheet = load_workbook(folder / "status.xlsx").active
    header = [cell.value for cell in sheet[1]]
    notes_column = header.index("note") + 1
    by_indicator = {row[0].value: row[notes_column - 1] for row in sheet.iter_rows(min_row=2)}
    for indicator, note in notes.items():
        cell = by_indicator[indicator]
        assert cell.value == note
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert by_indicator["jobs_created"].value.startswith("=")  # kept as written, as text

    rows = list(csv.DictReader(io.StringIO((folder / "status.csv").read_text("utf-8-sig"))))
    written = {row["indicator"]: row["note"] for row in rows}
    for indicator, note in notes.items():
        assert written[indicator] == "'" + note
    assert written["april30_gifted"] == ""
    assert written["near_poor_gift_funds"] == "hơn"


def test_status_csv_leaves_numbers_alone():
    status = pd.DataFrame(
        {column: [None] for column in model.STATUS_COLUMNS}
        | {"gap": [-3.5], "note": ["=1+1"], "name": ["-"], "stale": [False]}
        | {"estimate": [False], "rolled_up": [False]}
    )
    [row] = list(csv.DictReader(io.StringIO(report.status_csv(status))))
    assert (row["gap"], row["note"], row["name"]) == ("-3.5", "'=1+1", "'-")


# --- areas: the root and its direct children only --------------------------------------------------

AREAS = """\
area,name,parent
P,Tỉnh Thử,
D1,Huyện Một,P
D2,Huyện Hai,P
C11,Xã Một Một,D1
C12,Xã Một Hai,D1
C21,Xã Hai Một,D2
C22,Xã Hai Hai,D2
"""


@pytest.fixture
def three_levels(make_workspace) -> Path:
    """Targets and actuals of `jobs` by commune; the other indicators for the province only."""
    return make_workspace(
        {
            "tracker.toml": 'name = "Sở Thử"\nroot_area = "P"\n',
            "targets/areas.csv": AREAS,
            "targets/2020.csv": """\
                indicator,year,area,target,baseline
                jobs,2020,C11,100,
                jobs,2020,C12,100,
                jobs,2020,C21,100,
                jobs,2020,C22,100,
                accidents,2020,P,10,
                allowance,2020,P,500,400
                poverty,2020,P,3,4
                """,
            "actuals/2020.csv": """\
                indicator,period,area,value
                jobs,2020-Q1,C11,20
                jobs,2020-Q1,C12,30
                jobs,2020-Q1,C21,10
                jobs,2020-Q1,C22,25
                accidents,2020-Q1,P,4
                allowance,2020-03,P,430
                poverty,2020-03,P,3.8
                """,
        }
    )


def test_areas_charts_show_the_root_s_children_not_the_communes(three_levels, monkeypatch):
    drawn = []
    render_areas = charts.render_areas

    def spy(rows, root_row, out_path, lang):
        drawn.append((root_row["indicator"], list(rows["area"])))
        render_areas(rows, root_row, out_path, lang)

    monkeypatch.setattr(charts, "render_areas", spy)
    folder = build(three_levels, as_of="2020-03")

    assert drawn == [("jobs", ["D1", "D2"])]
    assert sorted(p.name for p in (folder / "charts").iterdir()) == [
        "accidents.png",
        "allowance.png",
        "areas-jobs.png",
        "jobs.png",
        "overview.png",
        "poverty.png",
    ]
    data = (folder / "dashboard.pdf").read_bytes()
    # Cover, one page of narrative, five charts two to a page.
    assert pdf_pages(data) == 1 + 1 + 3
    # Every row, communes included, is in the tables.
    status = pd.read_csv(folder / "status.csv", encoding="utf-8-sig", keep_default_na=False)
    assert {"C11", "C12", "C21", "C22", "D1", "D2", "P"} <= set(status["area"])


def test_a_large_status_table_keeps_the_root_and_its_children_in_the_xlsx(three_levels, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setattr("tracker.report.bundle.XLSX_MAX_ROWS", 6)
    folder = build(three_levels, as_of="2020-03")
    status = pd.read_csv(folder / "status.csv", encoding="utf-8-sig", keep_default_na=False)
    sheet = load_workbook(folder / "status.xlsx", read_only=True).worksheets[0]
    header, *rows = list(sheet.values)
    areas = [row[header.index("area")] for row in rows]
    assert len(status) > 6 and {"C11", "C12", "C21", "C22"} <= set(status["area"])
    assert set(areas) == {"P", "D1", "D2"}
    assert len(rows) == (status["depth"] <= 1).sum()


def test_english_documents(three_levels):
    from docx import Document

    folder = build(three_levels, as_of="2020-03", lang="en")
    doc = Document(folder / "report.docx")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[-2:] == ["Indicators at a glance", "Charts"]
    [table] = doc.tables
    assert table.rows[0].cells[0].text == "Indicator"
    assert "Occupational accidents" in [row.cells[0].text for row in table.rows]
    assert len(doc.inline_shapes) == 6
    # Both summaries whatever the language of the documents.
    assert (folder / "summary.vi.md").read_text("utf-8").startswith("# Sở Thử: tình hình")
    assert (folder / "summary.en.md").read_text("utf-8").startswith("# Sở Thử: progress")


# --- light and free of pyplot ----------------------------------------------------------------------


def test_importing_the_report_module_loads_no_drawing_or_office_library():
    script = textwrap.dedent(
        """
        import sys
        import tracker.report
        heavy = {"matplotlib", "openpyxl", "docx", "reportlab"} & set(sys.modules)
        assert not heavy, heavy
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_a_build_never_touches_pyplot(tmp_path):
    copy_example(tmp_path / "example")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_report import build
        build(sys.argv[1])
        assert "matplotlib.pyplot" not in sys.modules, "pyplot imported"
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "example")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr


def test_the_committed_showcase_is_what_the_code_produces(example, tmp_path):
    """reports/2020-06 in the repository is regenerated and its text files compared in full."""
    from tracker.model import compute
    from tracker.report import build_report
    from tracker.workspace import load_workspace

    ws = load_workspace(example)
    folder = build_report(ws, compute(ws, "2020-06"), tmp_path / "fresh")
    showcase = Path(__file__).resolve().parent.parent / "reports" / "2020-06"
    for name in ("summary.vi.md", "summary.en.md", "status.csv"):
        assert (folder / name).read_text(encoding="utf-8") == (showcase / name).read_text(encoding="utf-8"), (
            name
        )
    assert sorted(p.name for p in (folder / "charts").iterdir()) == sorted(
        p.name for p in (showcase / "charts").iterdir()
    )
