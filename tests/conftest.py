"""Fixtures: tiny workspaces written to tmp_path from CSV text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from example_workspace import copy_example

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
    return copy_example(tmp_path / "example")


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


# --- docs/RELIABILITY.md: tests report what they tried (tests/reliability.py) ------------------------


def pytest_addoption(parser):
    parser.addoption(
        "--reliability-write",
        action="store_true",
        help="after the run, rewrite docs/RELIABILITY.md from the rows the tests reported",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "reliability(section, klass, cases, outcome): a row of docs/RELIABILITY.md for this test",
    )
    config.addinivalue_line(
        "markers", "reliability_table: the check of docs/RELIABILITY.md, run after every other test"
    )


def pytest_collection_modifyitems(config, items):
    """The check of docs/RELIABILITY.md runs last: it reads what every other test reported."""
    last = [item for item in items if item.get_closest_marker("reliability_table")]
    items[:] = [item for item in items if not item.get_closest_marker("reliability_table")] + last


def pytest_collection_finish(session):
    import reliability

    for item in session.items:
        marks = list(item.iter_markers("reliability"))
        if marks or "reliability" in getattr(item, "fixturenames", ()):
            reliability.REGISTRY.expect(item.nodeid, reliability.marker_rows(item.nodeid, marks))


def pytest_runtest_logreport(report):
    import reliability

    reliability.REGISTRY.result(report.nodeid, report.when, report.outcome, hasattr(report, "wasxfail"))


def pytest_sessionfinish(session, exitstatus):
    import reliability

    if session.config.getoption("--reliability-write") and exitstatus in (0, 1):
        changed = reliability.write()
        where = reliability.DOC.relative_to(reliability.ROOT)
        print(f"\n{where}: {'rewritten' if changed else 'unchanged'}")


@pytest.fixture
def reliability(request):
    """Report rows of docs/RELIABILITY.md: `reliability.record(klass, cases, outcome, section=None)`.

    The section defaults to the test module's RELIABILITY_SECTION.
    """
    import reliability as registry

    return registry.Recorder(request.node.nodeid, getattr(request.module, "RELIABILITY_SECTION", None))


@pytest.fixture
def new_workspace(tmp_path):
    """Like `make_workspace`, but every call writes a new folder: for hypothesis, whose examples share tmp_path.

    `make(files, settings="")`: files as for `make_workspace` (indicators default to
    INDICATORS), `settings` the text of tracker.toml.
    """
    count = iter(range(1 << 30))

    def make(files: dict[str, str], settings: str = "") -> Path:
        files = {"targets/indicators.csv": INDICATORS, **files}
        if settings:
            files["tracker.toml"] = settings
        return write_workspace(tmp_path / f"hypothesis-{next(count)}", files)

    return make
