"""The command line on the example workspace and on broken copies of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tracker.cli import cli

SPEC_KEYS = [
    "indicator",
    "name",
    "unit",
    "measure",
    "direction",
    "area",
    "year",
    "as_of",
    "data_through",
    "stale",
    "target",
    "baseline",
    "actual",
    "attainment",
    "expected",
    "index",
    "status",
    "projected",
    "projected_low",
    "projected_high",
    "p_meet",
    "gap",
    "remaining",
    "run_rate",
    "required_per_month",
    "acceleration",
    "pace",
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_status_json_gives_the_seed_figures(example):
    result = run("status", "--workspace", str(example), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    assert list(rows["jobs_created"])[: len(SPEC_KEYS)] == SPEC_KEYS
    expected = {
        "jobs_created": (0.45, "at_risk"),
        "overseas_workers": (0.32, "lagging"),
        "vocational_enrolment": (0.3087, "lagging"),
        "covid_support_paid": (0.9974, "on_track"),
    }
    for indicator, (attainment, status) in expected.items():
        assert rows[indicator]["attainment"] == pytest.approx(attainment)
        assert rows[indicator]["status"] == status
        assert rows[indicator]["as_of"] == "2020-06" and rows[indicator]["pace"] in ("linear", "none")
    assert rows["ui_claims_settled"]["actual"] == 3276 and rows["ui_claims_settled"]["status"] == "no_target"
    assert rows["ui_benefits_paid"]["actual"] == 44385794000
    assert rows["near_poor_gift_funds"]["note"] == "hơn"
    tracked = [r for r in rows.values() if r["target"] is None]
    assert len(tracked) == 23 and {r["status"] for r in tracked} == {"no_target"}
    assert rows["jobs_created"]["area"] == "TV" and rows["jobs_created"]["stale"] is False


def test_status_csv_uses_plain_numbers(example):
    result = run("status", "-w", str(example), "--format", "csv", "--as-of", "2020-06")
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[: len(SPEC_KEYS)] == SPEC_KEYS
    jobs = dict(zip(lines[0].split(","), lines[1].split(","), strict=False))
    assert (jobs["target"], jobs["actual"], jobs["attainment"], jobs["stale"]) == (
        "20000",
        "9000",
        "0.45",
        "false",
    )
    assert jobs["data_through"] == "2020-06" and jobs["area"] == "TV"


def test_status_table_reads_in_vietnamese(example):
    result = run("status", "-w", str(example))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Sở LĐ-TB&XH tỉnh Trà Vinh — 2020-06\n")
    jobs = next(line for line in out.splitlines() if line.startswith("Giải quyết việc làm"))
    assert jobs.split() == [
        "Giải",
        "quyết",
        "việc",
        "làm",
        "TV",
        "9.000",
        "20.000",
        "45%",
        "50%",
        "18.000",
        "có",
        "nguy",
        "cơ",
        "chậm",
    ]
    assert "30,87%" in out and "44.385.794.000" in out


def test_status_for_one_area_and_an_unknown_one(example):
    assert len(json.loads(run("status", "-w", str(example), "--area", "TV", "--format", "json").stdout)) == 27
    result = CliRunner().invoke(cli, ["status", "-w", str(example), "--area", "XX"])
    assert result.exit_code == 2
    assert "--area: no rows for 'XX' (areas with figures: TV)" in result.stderr


def test_check_lists_what_lags_and_exits_3(example):
    result = CliRunner().invoke(cli, ["check", "-w", str(example)])
    assert result.exit_code == 3
    out = result.stdout
    assert "Chậm tiến độ (2)" in out and "Có nguy cơ chậm (1)" in out and "Vượt trần (0)" in out
    assert (
        "  - Giải quyết việc làm: đạt 45% kế hoạch (tiến độ cần đạt 50%), có nguy cơ chậm; "
        "cần bình quân 1.833 người/tháng từ nay đến cuối năm, gấp 1,22 lần tốc độ đến nay"
    ) in out.splitlines()
    assert out.rstrip().endswith("Kết luận: 2 chỉ tiêu chậm tiến độ hoặc vượt trần.")


def test_check_exits_0_when_nothing_lags(example):
    (example / "actuals" / "2020-H1.csv").write_text(
        "indicator,period,value\njobs_created,2020-H1,10000\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "-w", str(example)])
    # the other targets have no data: nothing lags, nothing is breached
    assert result.exit_code == 0, result.stdout
    assert "Kết luận: không có chỉ tiêu chậm tiến độ hoặc vượt trần." in result.stdout


def test_check_in_english(example):
    toml = example / "tracker.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('language = "vi"', 'language = "en"'), encoding="utf-8"
    )
    out = CliRunner().invoke(cli, ["check", "-w", str(example)]).stdout
    assert (
        "  - Job creation: 45% of the plan (expected 50%), at risk; needs 1,833 people a month from now on, "
        "1.22 times the pace so far"
    ) in out.splitlines()


def test_a_command_leaves_the_garbage_collector_as_it_found_it(example):
    import gc

    assert gc.isenabled()
    assert CliRunner().invoke(cli, ["validate", "-w", str(example)]).exit_code == 0
    assert CliRunner().invoke(cli, ["status", "-w", str(example / "nowhere")]).exit_code == 2
    assert gc.isenabled()


def test_validate_ok(example):
    result = run("validate", "-w", str(example))
    assert result.exit_code == 0
    assert result.stdout == "ok: 4 files, 27 indicators, 4 targets, 27 actual rows\n"


def test_bad_input_lists_every_problem_and_exits_1(example):
    path = example / "actuals" / "2020-H1.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("jobs_created,2020-H1,TV,9000", "jobs_createdd,2020-H1,TV,9000")
    text = text.replace("ui_claims_settled,2020-H1,TV,3276", "ui_claims_settled,2020-H1,TV,3.276")
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "status", "check", "report"):
        result = CliRunner().invoke(cli, [command, "-w", str(example)])
        assert result.exit_code == 1, command
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "actuals/2020-H1.csv:2: indicator: unknown indicator (got 'jobs_createdd'; expected an id of targets/indicators.csv)",
            "actuals/2020-H1.csv:5: value: ambiguous: dots here may group thousands (got '3.276'; "
            'expected 3276, or set number_format = "vi" in tracker.toml)',
            "2 problems in 1 file; nothing was computed",
        ]
    assert not (example / "reports").exists()


def test_usage_errors_exit_2(example, tmp_path):
    bad_month = CliRunner().invoke(cli, ["status", "-w", str(example), "--as-of", "2020-13"])
    assert (
        bad_month.exit_code == 2
        and "--as-of: got '2020-13' (expected a month such as 2020-06)" in bad_month.stderr
    )
    nowhere = CliRunner().invoke(cli, ["status", "-w", str(tmp_path)])
    assert nowhere.exit_code == 2 and "not a tracker workspace (no targets/indicators.csv)" in nowhere.stderr
    assert CliRunner().invoke(cli, ["status", "--format", "xml"]).exit_code == 2


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"tracker {command}" in result.stdout


def test_importing_the_cli_loads_no_heavy_module():
    code = (
        "import sys, tracker.cli; "
        "print(sorted(m for m in ('pandas', 'pandera', 'matplotlib', 'numpy', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_program_does_not_import_hypothesis_through_pandera(example):
    # pandera's checks import hypothesis, when installed, for data synthesis: 0.1 s of every command
    (example / "targets" / "bad.csv").write_text("indicator,year,target\njobs_created,20x0,-5\n", "utf-8")
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"sys.argv = ['tracker', 'status', '-w', {str(example)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "loaded = 'hypothesis' in sys.modules\n"
        "import hypothesis\n"  # and it can still be imported afterwards
        "print(code, loaded, 'pandera.backends.pandas.builtin_checks' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "targets/bad.csv:2: year" in out.stderr
    assert out.stdout.split() == ["1", "False", "True"]


def test_the_library_leaves_pandera_s_data_synthesis_alone(example):
    code = (
        "from tracker.workspace import load_workspace\n"
        f"load_workspace({str(example)!r})\n"
        "import pandera.pandas as pa\n"
        "print(len(pa.DataFrameSchema({'x': pa.Column(int)}).example(size=3)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "3"


def test_python_m_tracker_end_to_end(example):
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "status", "--workspace", str(example), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(out.stdout)
    assert [r["status"] for r in rows[:3]] == ["at_risk", "lagging", "lagging"]
    # the program's exit codes come through its ending (tracker.cli.main)
    check = subprocess.run(
        [sys.executable, "-m", "tracker", "check", "-w", str(example)], capture_output=True
    )
    assert check.returncode == 3 and check.stdout
    broken = subprocess.run(
        [sys.executable, "-m", "tracker", "status", "-w", str(example / "no")], capture_output=True
    )
    assert broken.returncode == 2


def test_report_writes_the_whole_bundle_and_prints_the_summary(example, tmp_path):
    out = tmp_path / "pack"
    result = CliRunner().invoke(cli, ["report", "-w", str(example), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {
        "summary.vi.md",
        "summary.en.md",
        "dashboard.pdf",
        "report.docx",
        "status.csv",
        "status.xlsx",
    } <= names
    assert "charts/overview.png" in names and "charts/jobs_created.png" in names
    assert (out / "dashboard.pdf").read_bytes().startswith(b"%PDF")
    assert result.stdout == (out / "summary.en.md").read_text(encoding="utf-8")
    assert "Job creation reached 45% of the annual plan" in result.stdout


def test_status_table_shows_a_projection_as_precisely_as_the_row_s_figures(make_workspace):
    # a poverty rate from a baseline of 5% towards 4%: 4.9, 4.8, 4.7 in the first quarter, a trend of
    # -0.1 a month that ends the year at 3.8%, better than its target: not "4", the target itself
    ws = make_workspace(
        {
            "targets/2020.csv": "indicator,year,target,baseline\npoverty,2020,4,5\njobs,2020,1200,\n",
            "actuals/2020.csv": "indicator,period,value\npoverty,2020-01,4.9\npoverty,2020-02,4.8\n"
            "poverty,2020-03,4.7\njobs,2020-03,301\n",
        }
    )
    result = run("status", "-w", str(ws))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:] == [
        "Giải quyết việc làm                 301     1.200  25,08%      25%   1.204  đúng tiến độ",
        "Tỷ lệ hộ nghèo                      4,7         4     30%      25%     3,8  đúng tiến độ",
    ]


@pytest.mark.parametrize("asked, used", [(None, "system"), ("jemalloc", "jemalloc")])
def test_the_program_has_arrow_keep_freed_memory_unless_told_otherwise(asked, used):
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if asked:
        env["ARROW_DEFAULT_MEMORY_POOL"] = asked
    program = (
        "from tracker.cli import _keep_freed_memory; _keep_freed_memory(); "
        "import pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == used
