"""The package's declared API: every name in `tracker.__all__` resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tracker


@pytest.mark.parametrize("name", tracker.__all__)
def test_every_public_name_resolves(name):
    assert getattr(tracker, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        tracker.nothing  # noqa: B018


def test_importing_the_package_loads_no_heavy_module():
    code = (
        "import sys, tracker; print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_library_computes_the_example(example):
    result = tracker.compute(tracker.load_workspace(example), "2020-06")
    jobs = result.status.set_index("indicator").loc["jobs_created"]
    assert (jobs.attainment, jobs.status) == (0.45, tracker.Status.AT_RISK)


def test_no_public_name_hides_a_submodule():
    from importlib.util import find_spec

    assert [name for name in tracker.__all__ if find_spec(f"tracker.{name}") is not None] == []
