"""dashboard.pdf as a reader gets it: every page's text in order, its charts, its fonts, the same bytes.

The text is read back with poppler's `pdftotext -layout` (a table's row comes out on
one line) and its images listed with `pdfimages`; those tests are skipped where
poppler-utils is not installed (`apt-get install poppler-utils`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pytest
from example_workspace import ROOT, copy_example
from pdf_text import flat, page_texts

from tracker import model, report
from tracker.report import pdf
from tracker.report.markdown import Kind, blocks
from tracker.report.scope import Scope, scope_of
from tracker.workspace import Workspace, load_workspace

RELIABILITY_SECTION = "Hostile and huge inputs"
FOOTER_VI = "Sở LĐ-TB&XH tỉnh Trà Vinh · Số liệu đến tháng 6/2020"


@dataclass
class Example:
    """The example's report for 2020-06 and what its PDF is made of, to write the PDF again."""

    folder: Path
    ws: Workspace
    scope: Scope
    charts: list[Path]  # the overview, then the indicators'
    summary: str  # Vietnamese Markdown

    def write(self, path: Path, scope: Scope | None = None, summary: str | None = None, lang="vi") -> Path:
        pdf.write_dashboard(path, scope or self.scope, self.charts, summary or self.summary, lang, self.ws)
        return path


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Example:
    workspace = copy_example(tmp_path_factory.mktemp("pdf") / "example")
    ws = load_workspace(workspace)
    result = model.compute(ws, "2020-06")
    folder = report.build_report(ws, result)
    scope = scope_of(ws, result)
    # In the order the bundle draws them: the example has no figures by area.
    charts = [folder / "charts" / f"{name}.png" for name in ["overview", *scope.targeted["indicator"]]]
    assert set(charts) == set((folder / "charts").iterdir())
    summary = (folder / "summary.vi.md").read_text(encoding="utf-8")
    return Example(folder, ws, scope, charts, summary)


def images_per_page(path: Path) -> list[int]:
    """How many images each page shows (their transparency masks not counted)."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages is missing: apt-get install poppler-utils")
    done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    pages = [int(line.split()[0]) for line in done.stdout.splitlines()[2:] if line.split()[2] == "image"]
    return [pages.count(page) for page in range(1, len(page_texts(path)) + 1)]


def lagging_copies(scope: Scope, count: int, name) -> Scope:
    """`scope` with `count` more indicators behind pace, copies of its own, named `name(k)`."""
    behind = scope.targeted[scope.targeted["status"].isin(["lagging", "at_risk"])]
    copies = [behind.iloc[[k % len(behind)]].assign(name=name(k)) for k in range(count)]
    return replace(scope, targeted=pd.concat([scope.targeted, *copies]))


# --- the example, page by page ----------------------------------------------------------------------


def test_the_cover_has_the_title_the_counts_and_the_lagging_table_row_by_row(example):
    cover = page_texts(example.folder / "dashboard.pdf")[0]
    lines = [flat(line) for line in cover.splitlines() if line.strip()]
    assert lines[:4] == [
        "Sở LĐ-TB&XH tỉnh Trà Vinh",
        "Báo cáo tình hình thực hiện kế hoạch năm 2020",
        "Số liệu đến tháng 6/2020",
        "Chỉ tiêu được giao kế hoạch năm: 4",
    ]
    # A box per status, in the report's order, and the indicators tracked without a target.
    assert lines[4:7] == [
        "0 1 1 2 23",
        "Đã đạt kế hoạch Đúng tiến độ Có nguy cơ chậm Chậm tiến độ Theo dõi, không",
        "giao kế hoạch",
    ]
    # The overview is a picture; below it the table, a row to a line (a long name wraps).
    assert lines[7:] == [
        "Chỉ tiêu chậm hoặc có nguy cơ chậm tiến độ",
        "Chỉ tiêu Tình trạng Đạt Cần thực hiện Bình quân đến nay Gấp",
        "(lần)",
        "Giải quyết việc làm Có nguy cơ chậm 45% 1.833 người/tháng 1.500 người/tháng 1,22",
        "Đưa lao động đi làm việc có thời Chậm tiến độ 32% 23 người/tháng 11 người/tháng 2,13",
        "hạn ở nước ngoài theo hợp đồng",
        "Tuyển sinh, đào tạo nghề Chậm tiến độ 30,87% 2.304 người/tháng 1.029 người/tháng 2,24",
        f"{FOOTER_VI} Trang 1/5",
    ]


def test_the_summary_follows_the_cover_whole_and_in_order(example):
    pages = page_texts(example.folder / "dashboard.pdf")
    text = flat(" ".join(pages[1:3]))
    assert text.startswith(
        "Sở LĐ-TB&XH tỉnh Trà Vinh: tình hình thực hiện kế hoạch đến tháng 6/2020 Tính đến"
    )
    at = 0
    for block in blocks(example.summary):
        if block.kind is not Kind.GAP:
            found = text.find(flat(block.text), at)
            assert found >= at, block.text
            at = found + len(block.text)
    assert (
        "Giải quyết việc làm: cần bình quân 1.833 người/tháng, gấp 1,22 lần tốc độ 6 tháng đầu năm." in text
    )


def test_the_charts_come_two_to_a_page_and_every_page_has_its_footer(example):
    path = example.folder / "dashboard.pdf"
    pages = page_texts(path)
    assert len(pages) == 5
    # The overview on the cover, no picture in the summary, the four charts two to a page.
    assert images_per_page(path) == [1, 0, 0, 2, 2]
    for number, page in enumerate(pages, start=1):
        assert flat(page.strip().splitlines()[-1]) == f"{FOOTER_VI} Trang {number}/5"
    assert [flat(page) for page in pages[3:]] == [f"{FOOTER_VI} Trang 4/5", f"{FOOTER_VI} Trang 5/5"]


def test_the_english_pack(example, tmp_path):
    summary = (example.folder / "summary.en.md").read_text(encoding="utf-8")
    pages = page_texts(example.write(tmp_path / "en.pdf", summary=summary, lang="en"))
    cover = [flat(line) for line in pages[0].splitlines() if line.strip()]
    assert cover[1:4] == [
        "Progress on the 2020 plan",
        "Figures as of June 2020",
        "Indicators with an annual target: 4",
    ]
    # Every header word whole, every figure on its row's line.
    assert "Indicator Status Attained Needed Average so far Ratio" in cover
    assert "Job creation At risk 45% 1,833 people/month 1,500 people/month 1.22" in cover
    assert "Workers sent abroad on contract Lagging 32% 23 people/month 11 people/month 2.13" in cover
    assert cover[-1] == "Sở LĐ-TB&XH tỉnh Trà Vinh · Figures as of June 2020 Page 1 of 5"


# --- fonts, bytes, size -----------------------------------------------------------------------------


def test_the_text_is_dejavu_sans_embedded_and_nothing_else(example):
    data = (example.folder / "dashboard.pdf").read_bytes()
    fonts = re.findall(rb"/BaseFont /(\S+)", data)
    assert sorted(fonts) == [b"AAAAAA+DejaVuSans", b"AAAAAA+DejaVuSans-Bold"]
    assert data.count(b"/FontFile2") == 2  # each font's TrueType program, embedded
    assert data.count(b"/ToUnicode") == 2  # and its map back to text, for search and copy


def test_the_same_input_is_the_same_bytes_dated_from_the_as_of_month(example, tmp_path):
    first = example.write(tmp_path / "first.pdf").read_bytes()
    second = example.write(tmp_path / "second.pdf").read_bytes()
    assert first == second == (example.folder / "dashboard.pdf").read_bytes()
    assert first.count(b"/CreationDate (D:20200630000000+00'00')") == 1
    assert first.count(b"/ModDate (D:20200630000000+00'00')") == 1
    assert b"/Title (" in first and b"/Creator (tracker)" in first


def test_neither_tracker_help_nor_importing_the_pdf_module_loads_reportlab():
    script = textwrap.dedent(
        """
        import sys
        import tracker.report.pdf
        from tracker.cli import main
        sys.argv = ["tracker", "--help"]
        try:
            main()
        except SystemExit:
            pass
        print("reportlab" in sys.modules, file=sys.stderr)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert "Example:" in done.stdout
    assert done.stderr.strip() == "False"


# --- flowing onto more pages ------------------------------------------------------------------------


def test_a_picture_taller_than_its_room_gets_a_page_of_its_own(example, tmp_path):
    from PIL import Image

    tall = tmp_path / "tall.png"  # an overview of many indicators, a chart of many areas
    Image.new("RGB", (900, 1400), "white").save(tall)
    normal = example.charts[1]
    charts = [tall, normal, tall, normal, normal]
    pdf.write_dashboard(tmp_path / "tall.pdf", example.scope, charts, example.summary, "vi", example.ws)
    # The cover keeps its table and the overview goes to the next page; after the summary, a
    # chart left alone by the tall one after it, the tall one, then two together.
    assert images_per_page(tmp_path / "tall.pdf") == [0, 1, 0, 0, 1, 1, 2]
    pages = page_texts(tmp_path / "tall.pdf")
    assert "Tuyển sinh, đào tạo nghề Chậm tiến độ 30,87%" in flat(pages[0])
    assert flat(pages[2]).startswith("Sở LĐ-TB&XH tỉnh Trà Vinh: tình hình")


def test_a_long_summary_flows_onto_more_pages_without_losing_a_line(example, tmp_path):
    groups = [
        f"## Nhóm {g}\n\n"
        + "\n".join(f"- Chỉ tiêu {g}.{k}: đạt {g * 10 + k}% kế hoạch năm." for k in range(3 + g % 7))
        for g in range(40)
    ]
    summary = example.summary.rstrip("\n") + "\n\n" + "\n\n".join(groups) + "\n"
    pages = page_texts(example.write(tmp_path / "long.pdf", summary=summary))
    assert len(pages) == 1 + 9 + 2
    text = flat(" ".join(pages[1:-2]))
    for g in range(40):
        for k in range(3 + g % 7):
            assert text.count(f"• Chỉ tiêu {g}.{k}: đạt {g * 10 + k}% kế hoạch năm.") == 1, (g, k)


def test_a_heading_never_ends_a_page_and_no_page_is_blank(example, tmp_path):
    from PIL import Image

    overview = tmp_path / "overview.png"
    Image.new("RGB", (300, 100), "white").save(overview)
    # A first group of 30 to 44 lines brings the second group's heading, then its last line,
    # to every height at the foot of the summary's first page (a line is 16.8 points).
    for lines in range(30, 45):
        items = "\n".join(f"- Dòng {k}." for k in range(lines))
        summary = f"# Tóm tắt\n\n## Nhóm A\n\n{items}\n\n## Nhóm B\n\n- Dòng đầu của nhóm B.\n"
        path = tmp_path / f"{lines}.pdf"
        pdf.write_dashboard(path, example.scope, [overview], summary, "vi", example.ws)
        pages = [[flat(line) for line in page.splitlines() if line.strip()] for page in page_texts(path)]
        [page] = [page for page in pages if "Nhóm B" in page]
        assert page[page.index("Nhóm B") + 1] == "• Dòng đầu của nhóm B.", lines
        assert all(len(page) > 1 for page in pages), f"{lines}: a page holds its footer alone"


def test_a_lagging_table_longer_than_the_cover_goes_on_under_its_heading_continued(example, tmp_path):
    scope = lagging_copies(example.scope, 40, lambda k: f"Chỉ tiêu bổ sung số {k}")
    pages = page_texts(example.write(tmp_path / "many.pdf", scope=scope))
    first, second = ([flat(line) for line in page.splitlines() if line.strip()] for page in pages[:2])
    assert first[4] == "0 1 15 28 23"  # 3 + 40 behind pace: 14 more at risk, 26 more lagging
    assert second[:3] == [
        "Chỉ tiêu chậm hoặc có nguy cơ chậm tiến độ (tiếp theo)",
        "Chỉ tiêu Tình trạng Đạt Cần thực hiện Bình quân đến nay Gấp",
        "(lần)",
    ]
    text = flat(" ".join(pages[:2]))
    assert [text.count(f"Chỉ tiêu bổ sung số {k} ") for k in range(40)] == [1] * 40
    assert "(tiếp theo)" not in flat(pages[0])
    assert flat(pages[2]).startswith("Sở LĐ-TB&XH tỉnh Trà Vinh: tình hình")  # then the summary


def test_markup_and_a_name_longer_than_a_page_are_text_as_written(example, tmp_path, reliability):
    names = ["Việc <b>mới</b> &amp; $5 \\", "Dài " + "rất dài " * 1200 + "hết."]
    scope = lagging_copies(example.scope, 2, lambda k: names[k])
    summary = example.summary + "\n## Nhóm <font color=red>đỏ</font> & <br/>\n\n- <a href='x'>liên kết</a>\n"
    pages = page_texts(example.write(tmp_path / "hostile.pdf", scope=scope, summary=summary))
    text = flat(" ".join(pages))
    assert "Việc <b>mới</b> &amp; $5 \\ Có nguy cơ chậm 45% 1.833 người/tháng" in text
    assert "Nhóm <font color=red>đỏ</font> & <br/> • <a href='x'>liên kết</a>" in text
    # The long name runs over pages in its cell, cut by lines, every word kept.
    assert text.count("rất") == 1200 and "hết." in text
    assert len(pages) > 5
    reliability.record(
        "names and summary lines that are reportlab markup (`<b>`, `<font>`, `<br/>`, `&amp;`) "
        "or longer than a page (9,600 characters in a table cell), in dashboard.pdf",
        2,
        "shown as written; the long cell continues on the next pages, every word kept",
    )
