"""The charts, through the artists they draw: bars, lines, tick labels, texts, legend."""

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from chart_rows import (
    AMBER,
    GREEN,
    OVERSEAS,
    RED,
    collection,
    container,
    district_rows,
    jobs_path,
    legend_texts,
    line,
    new_axes,
    seed_rows,
    status_row,
    unwrapped,
)
from matplotlib import _pylab_helpers

from tracker import charts, formats

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rows():
    return seed_rows()


@pytest.fixture
def area_rows():
    return district_rows()


def test_overview_draws_one_bar_per_measured_targeted_indicator(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    bars = container(ax, "attainment")
    assert [bar.get_width() for bar in bars] == [0.45, 0.32, 0.3087, 0.9974, 1.1]
    assert [bar.get_facecolor() for bar in bars] == [AMBER, RED, RED, GREEN, RED]
    # The no_data row keeps its place (row 5) without a bar; no_target is left out.
    assert [bar.get_y() + bar.get_height() / 2 for bar in bars] == [0, 1, 2, 3, 4]
    assert len(ax.get_yticklabels()) == 6


def test_overview_names_indicators_in_vietnamese_with_long_names_wrapped(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    labels = ax.get_yticklabels()
    assert unwrapped(labels) == [
        "Giải quyết việc làm",
        OVERSEAS,
        "Tuyển sinh giáo dục nghề nghiệp",
        "Chi trả hỗ trợ Covid-19",
        "Số hộ nghèo phát sinh mới (mức\u00a0trần)",
        "Chi trả trợ cấp xã hội",
    ]
    assert all(len(part) <= 34 for part in labels[1].get_text().split("\n"))
    assert labels[1].get_text().count("\n") == 1
    assert [label.get_fontweight() for label in labels[:3]] == ["normal", "bold", "bold"]


def test_overview_in_english_falls_back_to_the_vietnamese_name(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "en")
    assert unwrapped(ax.get_yticklabels()) == [
        "Job creation",
        "Workers sent abroad",
        "Tuyển sinh giáo dục nghề nghiệp",
        "Covid support paid",
        "Newly poor households (ceiling)",
        "Chi trả trợ cấp xã hội",
    ]


def test_overview_marks_the_target_at_100_percent_and_the_expected_pace(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    target = collection(ax, "target").get_segments()
    assert [(s[0][0], s[1][0]) for s in target] == [(1.0, 1.0)] * 6
    assert [(s[0][1] + s[1][1]) / 2 for s in target] == pytest.approx([0, 1, 2, 3, 4, 5])
    expected = collection(ax, "expected").get_segments()
    assert [s[0][0] for s in expected] == [0.5, 0.5, 0.5, 1.0, 0.5]


def test_overview_draws_grey_bands_behind_every_row(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    bands = [bar for c in ax.containers if c.get_label() == "band" for bar in c]
    assert len(bands) == 3 * 6
    assert {bar.get_zorder() for bar in bands} == {1}
    assert {bar.get_x() for bar in bands} == {0.0, 0.5, 1.0}


def test_overview_value_labels_follow_the_language(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    assert [t.get_text() for t in ax.texts] == [
        "45%",
        "32%",
        "30,87% (ước)",
        "99,74%",
        "110%",
        "Chưa có số liệu",
    ]
    ax = new_axes()
    charts.draw_overview(ax, rows, "en")
    assert [t.get_text() for t in ax.texts][2:4] == ["30.87% (est.)", "99.74%"]


def test_overview_marks_a_stale_row_with_its_last_month(rows):
    rows.loc[0, ["stale", "data_through"]] = [True, "2020-05"]
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    assert ax.texts[0].get_text() == "45% (đến tháng 5/2020)"


def test_overview_legend_and_title_in_vietnamese(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "vi")
    assert legend_texts(ax) == [
        "Đúng tiến độ",
        "Có nguy cơ chậm",
        "Chậm tiến độ",
        "Vượt mức trần",
        "Kế hoạch năm (100%)",
        "Tiến độ dự kiến",
    ]
    assert ax.get_title(loc="left") == (
        "Trà Vinh — Tiến độ thực hiện kế hoạch năm 2020\nSố liệu đến tháng 6/2020"
    )


def test_overview_legend_in_english(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows, "en")
    assert legend_texts(ax) == [
        "On track",
        "At risk",
        "Lagging",
        "Ceiling exceeded",
        "Annual plan (100%)",
        "Expected pace",
    ]
    assert ax.get_title(loc="left") == "Trà Vinh — Progress on the 2020 plan\nFigures as of June 2020"


def test_overview_words_a_ceiling_used_too_fast(rows):
    ceiling = rows.iloc[[4]].assign(actual=300, attainment=0.6, index=0.8333, status="at_risk")
    ax = new_axes()
    charts.draw_overview(ax, ceiling, "vi")
    assert legend_texts(ax)[0] == "Có nguy cơ vượt trần"
    assert ax.get_xlabel() == "Tỷ lệ đã dùng của mức trần"
    assert container(ax, "attainment")[0].get_facecolor() == AMBER


def test_overview_without_targets_says_so(rows):
    ax = new_axes()
    charts.draw_overview(ax, rows[rows["status"] == "no_target"], "en")
    assert [t.get_text() for t in ax.texts] == ["No indicator has a target"]


def test_cumulative_draws_actual_plan_projection_and_target():
    ax = new_axes()
    row = pd.Series(status_row(name="Giải quyết việc làm", target=20000, attainment=0.45, status="at_risk"))
    charts.draw_cumulative(ax, row, jobs_path(), "vi")
    actual = line(ax, "Thực hiện lũy kế")
    assert list(actual.get_xdata()) == [1, 2, 3, 4, 5, 6]
    assert list(actual.get_ydata()) == [1500, 3000, 4500, 6000, 7500, 9000]
    assert actual.get_linestyle() == "-"
    plan = line(ax, "Tiến độ dự kiến")
    assert list(plan.get_xdata()) == list(range(1, 13))
    assert plan.get_ydata()[-1] == 20000
    assert plan.get_markerfacecolor() == "white"
    projection = line(ax, "Dự báo cuối năm")
    assert list(projection.get_xdata()) == [6, 7, 8, 9, 10, 11, 12]
    assert projection.get_linestyle() == "--"
    assert projection.get_color() == formats.STATUS_COLOURS["at_risk"]
    assert list(line(ax, "Kế hoạch năm").get_ydata()) == [20000, 20000]
    band = collection(ax, "Khoảng dự báo")
    assert band.get_hatch() == "////"
    (reached,) = ax.texts
    assert reached.get_text() == "đạt 45%"
    # Behind the plan: the label sits below the actual line, away from the plan line.
    assert reached.get_va() == "top"


def test_cumulative_axis_title_and_legend_in_vietnamese():
    ax = new_axes()
    row = pd.Series(status_row(name="Giải quyết việc làm", target=20000, attainment=0.45))
    charts.draw_cumulative(ax, row, jobs_path(), "vi")
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"T{m}" for m in range(1, 13)]
    assert ax.get_title(loc="left") == "Giải quyết việc làm (người) — Trà Vinh"
    assert legend_texts(ax) == [
        "Thực hiện lũy kế",
        "Tiến độ dự kiến",
        "Kế hoạch năm",
        "Dự báo cuối năm",
        "Khoảng dự báo",
    ]
    assert ax.yaxis.get_major_formatter()(12500, 0) == "12.500"


def test_cumulative_in_english_without_a_projection_range():
    ax = new_axes()
    row = pd.Series(
        status_row(name="Giải quyết việc làm", name_en="Job creation", target=20000, attainment=0.45)
    )
    charts.draw_cumulative(ax, row, jobs_path(with_range=False), "en")
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["Jan", "Feb", "Mar"]
    assert ax.get_title(loc="left") == "Job creation (người) — Trà Vinh"
    assert legend_texts(ax) == [
        "Actual year-to-date",
        "Expected pace",
        "Annual plan",
        "Year-end projection",
    ]
    assert [t.get_text() for t in ax.texts] == ["45% of plan"]


def test_cumulative_of_a_ceiling_names_the_ceiling():
    ax = new_axes()
    row = pd.Series(
        status_row(name="Số hộ nghèo phát sinh mới", direction="down", target=20000, attainment=0.45)
    )
    faster_than_pace = jobs_path().assign(plan=lambda f: f["plan"] / 2)
    charts.draw_cumulative(ax, row, faster_than_pace, "vi")
    assert "Mức trần kế hoạch" in legend_texts(ax)
    (used,) = ax.texts
    assert used.get_text() == "đã dùng 45%"
    assert used.get_va() == "bottom"


def test_cumulative_without_actuals_says_so_in_the_title():
    ax = new_axes()
    row = pd.Series(status_row(name="Chi trả trợ cấp", unit="đồng", target=4.4e10, status="no_data"))
    path = jobs_path().assign(actual=math.nan, projected=math.nan, plan=lambda f: f["plan"] * 2.2e6)
    charts.draw_cumulative(ax, row, path, "vi")
    assert ax.get_title(loc="left") == "Chi trả trợ cấp (đồng) — Trà Vinh\nChưa có số liệu"
    assert legend_texts(ax) == ["Tiến độ dự kiến", "Kế hoạch năm", "Khoảng dự báo"]
    assert ax.yaxis.get_major_formatter()(4e10, 0) == "40 tỷ"


def test_areas_bars_sorted_best_first_and_coloured_by_status(area_rows):
    ax = new_axes()
    root = pd.Series(status_row(name="Giải quyết việc làm", attainment=0.45, expected=0.5))
    charts.draw_areas(ax, area_rows, root, "vi")
    bars = container(ax, "attainment")
    assert [bar.get_width() for bar in bars] == [0.61, 0.47, 0.38]
    assert [bar.get_facecolor() for bar in bars] == [GREEN, AMBER, RED]
    assert unwrapped(ax.get_yticklabels()) == ["Tiểu Cần", "Càng Long", "Cầu Kè", "Duyên Hải"]
    assert [t.get_text() for t in ax.texts] == ["61%", "47%", "38%", "Chưa có số liệu"]


def test_areas_mark_the_province_and_the_expected_pace(area_rows):
    ax = new_axes()
    root = pd.Series(status_row(name="Giải quyết việc làm", attainment=0.45, expected=0.5))
    charts.draw_areas(ax, area_rows, root, "vi")
    assert list(line(ax, "root").get_xdata()) == [0.45, 0.45]
    assert list(line(ax, "expected").get_xdata()) == [0.5, 0.5]
    assert list(line(ax, "target").get_xdata()) == [1.0, 1.0]
    assert legend_texts(ax)[-3:] == [
        "Kế hoạch năm (100%)",
        "Trà Vinh (45%)",
        "Tiến độ dự kiến (50%)",
    ]
    assert ax.get_title(loc="left") == (
        "Giải quyết việc làm (người)\nThực hiện theo địa bàn, năm 2020 (đến tháng 6/2020)"
    )


def test_areas_in_english(area_rows):
    ax = new_axes()
    root = pd.Series(
        status_row(name="Giải quyết việc làm", name_en="Job creation", attainment=0.45, expected=0.5)
    )
    charts.draw_areas(ax, area_rows, root, "en")
    assert legend_texts(ax) == [
        "On track",
        "At risk",
        "Lagging",
        "Annual plan (100%)",
        "Trà Vinh (45%)",
        "Expected pace (50%)",
    ]
    assert ax.get_xlabel() == "Share of the annual plan"


def test_an_unknown_language_is_refused(rows):
    with pytest.raises(ValueError, match="'fr'.*'vi' or 'en'"):
        charts.draw_overview(new_axes(), rows, "fr")


def test_render_writes_the_same_png_each_time(rows, area_rows, tmp_path):
    root = rows.iloc[0]
    charts.render_overview(rows, tmp_path / "overview.png", "vi")
    charts.render_cumulative(root, jobs_path(), tmp_path / "jobs.png", "vi")
    charts.render_areas(area_rows, root, tmp_path / "areas.png", "en")
    for name in ("overview", "jobs", "areas"):
        assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    charts.render_overview(rows, tmp_path / "again.png", "vi")
    assert (tmp_path / "again.png").read_bytes() == (tmp_path / "overview.png").read_bytes()
    assert _pylab_helpers.Gcf.get_all_fig_managers() == []


def test_overview_grows_taller_with_more_indicators(rows, tmp_path):
    from PIL import Image

    charts.render_overview(rows.iloc[:2], tmp_path / "two.png", "vi")
    charts.render_overview(rows, tmp_path / "six.png", "vi")
    two, six = (Image.open(tmp_path / f"{n}.png").size for n in ("two", "six"))
    assert two[0] == six[0]
    assert six[1] > two[1]


def test_charts_import_light_and_never_use_pyplot(rows, area_rows, tmp_path):
    rows.to_pickle(tmp_path / "rows.pkl")
    area_rows.to_pickle(tmp_path / "areas.pkl")
    jobs_path().to_pickle(tmp_path / "path.pkl")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path

        import tracker.charts as charts

        assert "matplotlib" not in sys.modules, "matplotlib imported with tracker.charts"
        import pandas as pd

        here = Path(sys.argv[1])
        rows = pd.read_pickle(here / "rows.pkl")
        path = pd.read_pickle(here / "path.pkl")
        areas = pd.read_pickle(here / "areas.pkl")
        charts.render_overview(rows, here / "o.png", "vi")
        charts.render_cumulative(rows.iloc[0], path, here / "c.png", "vi")
        charts.render_areas(areas, rows.iloc[0], here / "a.png", "vi")
        assert "matplotlib.pyplot" not in sys.modules, "pyplot imported"
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert {"a.png", "c.png", "o.png"} <= {p.name for p in tmp_path.iterdir()}
