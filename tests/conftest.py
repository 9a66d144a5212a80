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
