"""`tracker init`: a blank workspace that validates, the submission template, the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tracker.cli import cli
from tracker.scaffold import EXAMPLE, create_workspace, write_submission_template
from tracker.schemas import TABLES
from tracker.workspace import load_workspace

ROOT = Path(__file__).resolve().parent.parent  # the repository: the example workspace


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_init_writes_a_workspace_that_validates(tmp_path):
    folder = tmp_path / "office"
    result = run("init", str(folder))
    year = dt.date.today().year
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(folder / "tracker.toml"),
        str(folder / "targets" / "indicators.csv"),
        str(folder / "targets" / "areas.csv"),
        str(folder / "targets" / "plans.csv"),
        str(folder / "targets" / f"{year}.csv"),
        str(folder / "actuals" / f"{year}-01.csv"),
        str(folder / "submission-template.xlsx"),
    ]
    assert result.stderr == f"next: edit the files, then run `tracker validate -w {folder}`\n"
    checked = run("validate", "-w", str(folder))
    assert checked.exit_code == 0
    assert (
        checked.stdout
        == "ok: 5 files, 1 indicators, 3 targets, 1 actual rows\n1 plan (hdnd); 1 target revised in "
        + f"{year}\n"
    )


def test_the_blank_files_have_a_header_and_one_example_row(tmp_path):
    create_workspace(tmp_path / "w", year=2021)
    targets = (tmp_path / "w" / "targets" / "2021.csv").read_text(encoding="utf-8").splitlines()
    actuals = (tmp_path / "w" / "actuals" / "2021-01.csv").read_text(encoding="utf-8").splitlines()
    assert (
        targets[0]
        == ",".join(c.name for c in TABLES["targets"][:5])
        + ",plan,period,cumulative,decided_at,decision,note"
    )
    # the annual plan, then one example each of a phase and of a revision
    assert [t.split(",")[:9] for t in targets[1:]] == [
        ["jobs_created", "2021", "PROVINCE", "20000", "", "", "", "", ""],
        ["jobs_created", "2021", "PROVINCE", "9000", "", "", "2021-H1", "false", ""],
        ["jobs_created", "2021", "PROVINCE", "22000", "", "", "", "", "2021-07-15"],
    ]
    plans = (tmp_path / "w" / "targets" / "plans.csv").read_text(encoding="utf-8").splitlines()
    assert plans == ["plan,name,name_en", "hdnd,Kế hoạch HĐND tỉnh giao,Provincial council's plan"]
    assert actuals[0] == "indicator,period,area,value,cumulative,reported_at,estimate,note"
    assert actuals[1].startswith("jobs_created,2021-01,DISTRICT1,1500,false,2021-02-05,false,")
    settings = (tmp_path / "w" / "tracker.toml").read_text(encoding="utf-8")
    # every setting is there, commented out at its default
    for line in (
        '# name = ""',
        '# language = "vi"',
        '# number_format = "plain"',
        '# root_area = ""',
        '# pace = "auto"',
        "# [thresholds]",
        "# on_track = 0.95",
        "# at_risk = 0.80",
    ):
        assert line in settings.splitlines()


def test_the_submission_template_has_the_columns_notes_and_drop_down_lists(tmp_path):
    create_workspace(tmp_path / "w", year=2021)
    book = load_workbook(tmp_path / "w" / "submission-template.xlsx")
    assert book.sheetnames == ["actuals", "indicators", "areas"]
    sheet = book["actuals"]
    header = [c.value for c in sheet[1]]
    assert header == [c.name for c in TABLES["actuals"]]
    assert sheet.max_row == 1  # nothing for a clerk to delete
    period = sheet.cell(1, header.index("period") + 1).comment.text
    assert "2020-06 = tháng 6/2020" in period and "2020-Q2 = quý II/2020" in period
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "A2:A1001": "indicators!$A$2:$A$2",
        "C2:C1001": "areas!$A$2:$A$3",
        "E2:E1001": '"true,false"',
        "G2:G1001": '"true,false"',
    }
    assert all(v.type == "list" for v in sheet.data_validations.dataValidation)
    assert [[c.value for c in row] for row in book["indicators"].iter_rows()] == [
        ["indicator", "name", "unit", "measure"],
        ["jobs_created", "Giải quyết việc làm", "người", "flow"],
    ]
    assert [r[0].value for r in book["areas"].iter_rows()] == ["area", "PROVINCE", "DISTRICT1"]
    assert sheet.column_dimensions["B"].number_format == "@"  # Excel keeps 2020-06 as text


def test_the_template_speaks_english_in_an_english_workspace(example):
    (example / "tracker.toml").write_text('language = "en"\nroot_area = "TV"\n', encoding="utf-8")
    path = write_submission_template(load_workspace(example))
    period = load_workbook(path)["actuals"]["B1"].comment.text
    assert period.startswith("The period, typed as text:\n2020-06 = June 2020\n")
    indicators = load_workbook(path)["indicators"]
    assert indicators.max_row == 1 + 27


def test_init_example_copies_the_tra_vinh_example(tmp_path):
    folder = tmp_path / "demo"
    result = run("init", str(folder), "--example")
    assert result.exit_code == 0
    for target in EXAMPLE.values():
        assert (folder / target).read_bytes() == (ROOT / target).read_bytes(), target
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(
        [*EXAMPLE.values(), "submission-template.xlsx"]
    )
    checked = run("validate", "-w", str(folder))
    assert checked.stdout == "ok: 4 files, 27 indicators, 4 targets, 27 actual rows\n"


def test_init_fills_an_empty_folder(tmp_path):
    assert run("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / "targets" / "indicators.csv").exists()


@pytest.mark.parametrize("content", ["a file", "a folder"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path, content):
    folder = tmp_path / "office"
    folder.mkdir()
    if content == "a file":
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        (folder / "old").mkdir()
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert f"Error: {folder}: the folder is not empty (expected a new or empty folder" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt" if content == "a file" else "old"]
