"""Fixtures: tiny workspaces written to tmp_path from CSV text."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

INDICATORS = """\
indicator,name,name_en,unit,measure,direction,group
jobs,Giải quyết việc làm,Job creation,người,flow,up,Lao động
accidents,Tai nạn lao động,Occupational accidents,vụ,flow,down,An toàn
allowance,Người hưởng trợ cấp,People on allowance,người,stock,up,Bảo trợ
poverty,Tỷ lệ hộ nghèo,Poverty rate,%,rate,down,Giảm nghèo
"""


def write_workspace(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text, dedented) under `root`; return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "actuals").mkdir(exist_ok=True)
    return root


@pytest.fixture
def make_workspace(tmp_path):
    """A function that writes a workspace from CSV texts; indicators default to INDICATORS."""

    def make(files: dict[str, str], name: str = "ws") -> Path:
        files = {"targets/indicators.csv": INDICATORS, **files}
        return write_workspace(tmp_path / name, files)

    return make


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the example workspace (Trà Vinh 2020) that a test may break."""
    dest = tmp_path / "example"
    dest.mkdir()
    shutil.copy(ROOT / "tracker.toml", dest / "tracker.toml")
    shutil.copytree(ROOT / "targets", dest / "targets")
    shutil.copytree(ROOT / "actuals", dest / "actuals")
    return dest


DISTRICTS = {
    "tracker.toml": 'name = "Sở thử nghiệm"\n',
    "targets/areas.csv": """\
        area,name,parent
        P,Tỉnh,
        D1,Huyện Một,P
        D2,Huyện Hai,P
        D3,Huyện Ba,P
        """,
    "targets/2020.csv": """\
        indicator,year,area,target
        jobs,2020,D1,1200
        jobs,2020,D2,1200
        jobs,2020,D3,1200
        accidents,2020,P,120
        """,
    "actuals/2020-q1.csv": """\
        indicator,period,area,value
        jobs,2020-01,D1,100
        jobs,2020-02,D1,100
        jobs,2020-03,D1,100
        jobs,2020-01,D2,50
        jobs,2020-02,D2,50
        jobs,2020-03,D2,50
        jobs,2020-01,D3,100
        jobs,2020-02,D3,70
        accidents,2020-01,P,5
        accidents,2020-02,P,5
        accidents,2020-03,P,25
        """,
}


@pytest.fixture
def districts(make_workspace) -> Path:
    """A province P of three districts, January to March 2020.

    jobs (a target of 1200 in each district, the province's is their sum):
    D1 100 a month (on track), D2 50 a month (lagging), D3 100 and 70 and no
    report for March (at risk). accidents: a ceiling of 120 for P, 35 used by March.
    """
    return make_workspace(DISTRICTS, "districts")
