"""The workspaces of examples/, built from published figures: their numbers, and their committed reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from example_workspace import EXAMPLES, copy_named_example
from pdf_text import flat, page_texts

from tracker.model import compute
from tracker.report import build_report
from tracker.workspace import load_workspace

TEXT_FILES = ("summary.vi.md", "summary.en.md", "status.csv")


@pytest.fixture
def plans(tmp_path) -> Path:
    return copy_named_example("plans", tmp_path)


# as of, indicator, plan: target in force, attainment, expected, status, planned (examples/plans/README.md)
PLANS_BY_HAND = {
    ("2020-06", "domestic_revenue", "hdnd"): (5e12, 0.476, 0.45, "on_track", 2.25e12),
    ("2020-06", "domestic_revenue", "tw"): (4.8e12, 2.38 / 4.8, 0.5, "on_track", 2.4e12),
    ("2020-06", "jobs_created", "hdnd"): (20000, 0.45, 0.5, "at_risk", 10000),
    ("2020-06", "overseas_workers", "hdnd"): (200, 0.32, 0.5, "lagging", 100),
    ("2020-09", "domestic_revenue", "hdnd"): (5e12, 0.728, 0.725, "on_track", 3.625e12),
    ("2020-09", "jobs_created", "hdnd"): (18000, 13600 / 18000, 0.75, "on_track", 13500),
    ("2020-12", "domestic_revenue", "hdnd"): (5e12, 5031.287 / 5000, 1, "achieved", 5e12),
    ("2020-12", "domestic_revenue", "tw"): (4.8e12, 5031.287 / 4800, 1, "achieved", 4.8e12),
    ("2020-12", "jobs_created", "hdnd"): (18000, 1.05, 1, "achieved", 18000),
    ("2020-12", "overseas_workers", "hdnd"): (200, 0.46, 1, "lagging", 200),
}


def test_the_plans_example_gives_the_figures_worked_out_by_hand(plans):
    ws = load_workspace(plans)
    for as_of in ("2020-06", "2020-09", "2020-12"):
        rows = compute(ws, as_of).table("all").set_index(["indicator", "plan"])
        for (month, indicator, plan), (
            target,
            attainment,
            expected,
            status,
            planned,
        ) in PLANS_BY_HAND.items():
            if month != as_of:
                continue
            row = rows.loc[(indicator, plan)]
            assert row.target == target, (as_of, indicator, plan)
            assert row.attainment == pytest.approx(attainment), (as_of, indicator, plan)
            assert row.expected == pytest.approx(expected), (as_of, indicator, plan)
            assert row.status == status, (as_of, indicator, plan)
            assert row.planned == pytest.approx(planned), (as_of, indicator, plan)
    # the revision: in force from July, the original beside it; June reproduces what was reported then
    june = compute(ws, "2020-06").status.set_index("indicator")
    december = compute(ws, "2020-12").status.set_index("indicator")
    assert june.loc["jobs_created", "revised_at"] is None
    assert december.loc["jobs_created", ["target_original", "revised_at"]].tolist() == [20000, "2020-07-10"]


@pytest.mark.parametrize("as_of", ["2020-06", "2020-12"])
def test_the_committed_plans_reports_are_what_the_code_produces(plans, tmp_path, as_of):
    ws = load_workspace(plans)
    folder = build_report(ws, compute(ws, as_of), tmp_path / "fresh")
    committed = EXAMPLES / "plans" / "reports" / as_of
    if as_of == "2020-06":  # a row paced by its phases, in the words of its dashboard's note
        assert "bằng 105,78% kế hoạch 6 tháng" in (folder / "summary.vi.md").read_text(encoding="utf-8")
    for name in TEXT_FILES:
        assert (folder / name).read_text(encoding="utf-8") == (committed / name).read_text(
            encoding="utf-8"
        ), name
    assert sorted(p.name for p in (folder / "charts").iterdir()) == sorted(
        p.name for p in (committed / "charts").iterdir()
    )


@pytest.fixture
def five_year(tmp_path) -> Path:
    return copy_named_example("five-year", tmp_path)


# as of: actual, attainment, expected, status of the span 2021-2025 (examples/five-year/README.md)
SPAN_BY_HAND = {
    "2021-12": (17420, 0.1742, 0.19, "at_risk"),
    "2022-12": (38570, 0.3857, 0.39, "on_track"),
    "2023-12": (59930, 0.5993, 0.59, "on_track"),
    "2024-06": (70410, 0.7041, 0.6925, "on_track"),
}
# the province's poverty rate: its poor households over its households (not the mean of the districts')
POVERTY_BY_HAND = {"2021-12": 10207 / 286700, "2022-12": 5404 / 287300, "2023-12": 3440 / 288000}


def test_the_five_year_example_gives_the_figures_worked_out_by_hand(five_year):
    from tracker.model.spans import span_status

    ws = load_workspace(five_year)
    for as_of, (actual, attainment, expected, status) in SPAN_BY_HAND.items():
        row = span_status(ws, as_of).status.iloc[0]
        assert (row.indicator, row.area, row.span, row.pace) == ("jobs_created", "TV", "2021-2025", "plan")
        assert (row.actual, row.status) == (actual, status), as_of
        assert (row.attainment, row.expected) == pytest.approx((attainment, expected)), as_of
    for as_of, share in POVERTY_BY_HAND.items():
        rows = compute(ws, as_of).status.set_index(["indicator", "area"])
        assert rows.loc[("poverty_rate", "TV"), "actual"] == pytest.approx(100 * share), as_of
        districts = rows.xs("poverty_rate", level="indicator").drop("TV").actual
        assert abs(districts.mean() - 100 * share) > 0.03  # the unweighted mean is another figure


def test_the_committed_five_year_report_is_what_the_code_produces(five_year, tmp_path):
    ws = load_workspace(five_year)
    folder = build_report(ws, compute(ws, "2023-12"), tmp_path / "fresh")
    committed = EXAMPLES / "five-year" / "reports" / "2023-12"
    for name in TEXT_FILES:
        assert (folder / name).read_text(encoding="utf-8") == (committed / name).read_text(
            encoding="utf-8"
        ), name
    assert "span-2021-2025-jobs_created.png" in {p.name for p in (folder / "charts").iterdir()}


def test_the_five_year_plan_has_its_table_in_the_word_report_and_the_pdf(five_year, tmp_path):
    import zipfile

    ws = load_workspace(five_year)
    folder = build_report(ws, compute(ws, "2023-12"), tmp_path / "fresh")
    with zipfile.ZipFile(folder / "report.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    cells = ["Kế hoạch 5 năm 2021-2025", "Kế hoạch giai đoạn", "100.000 người", "59.930 người", "59,93%"]
    assert all(cell in document for cell in cells)
    text = flat(" ".join(page_texts(folder / "dashboard.pdf")))
    assert all(cell in text for cell in cells)
