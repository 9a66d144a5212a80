"""The benchmark script runs end to end on a small generated workspace (a smoke run, not a timing)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


@pytest.mark.skipif(
    not (BENCH / "gen_national.py").exists(), reason="no ../shared/bench beside the repository"
)
@pytest.mark.skipif(importlib.util.find_spec("polars") is None, reason="the Polars reference needs polars")
def test_the_benchmark_runs_on_a_small_workspace(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--small", "--runs", "1", "--no-duckdb",
         "--json", str(tmp_path / "bench.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("| what | tracker (median of 1)") for line in lines)
    rows = [line for line in lines if line.startswith("| ")]
    for what in ("`tracker status` small Parquet", "`tracker status` small CSV", "`tracker validate`",
                 "`tracker status` example workspace", "`tracker --help`", "peak memory"):  # fmt: skip
        assert any(line.startswith(f"| {what}") for line in rows), what
    agreement = [line for line in lines if line.startswith("| agreement")]
    assert len(agreement) == 2
    for line in agreement:
        agreed, total = line.split("|")[2].split()[0].split("/")
        assert agreed == total and int(total) > 0
    assert (tmp_path / "bench.json").exists()
