"""The workspaces of examples/, built from published figures: their numbers, and their committed reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracker.model import compute
from tracker.report import build_report
from tracker.workspace import load_workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEXT_FILES = ("summary.vi.md", "summary.en.md", "status.csv")


@pytest.fixture
def plans(tmp_path) -> Path:
    """A copy of examples/plans without its reports."""
    dest = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "plans", dest, ignore=shutil.ignore_patterns("reports"))
    return dest


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
    for name in TEXT_FILES:
        assert (folder / name).read_text(encoding="utf-8") == (committed / name).read_text(
            encoding="utf-8"
        ), name
    assert sorted(p.name for p in (folder / "charts").iterdir()) == sorted(
        p.name for p in (committed / "charts").iterdir()
    )
