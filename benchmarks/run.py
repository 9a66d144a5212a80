"""Benchmark tracker against the reference implementations, side by side (issue 5).

    python benchmarks/run.py                 # the national workspace, 3 runs of each command
    python benchmarks/run.py --small         # a small workspace in a temporary folder, a smoke run
    python benchmarks/run.py --plans         # also two plans and half-year phases for every target
    python benchmarks/run.py --spans         # also a ratio for every commune and five-year targets

Generates the national workspace with `gen_national.py` if it is not there yet
(`--data`, default `national/` at the root of the repository, which git ignores),
then runs each command as a child process, tracker and the reference in turn,
and prints the table of the issue: the median (and fastest) wall time of the
runs, the ratio to the reference run in the same loop, and the peak memory of
each command (the child's own maximum resident set, from `os.wait4`). Last, it
checks with `agree.py` that tracker's status agrees with the Polars reference
row by row, on the Parquet and on the CSV workspace.

Machines are shared and noisy: compare medians and ratios, not single times.
Exit status 0 when every row agrees, 1 when one does not, 2 when a command fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository, also the example workspace
BENCH = ROOT.parent / "shared" / "bench"  # gen_national.py, reference_*.py, agree.py
PYTHON = sys.executable
SMALL = ["--communes", "60", "--provinces", "3", "--indicators", "8", "--history-years", "3"]
GiB = 2**30


@dataclass
class Timing:
    """The runs of one command: wall seconds and peak resident memory (bytes) of each."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def fastest(self) -> float:
        return min(self.seconds)

    @property
    def max_peak(self) -> int:
        return max(self.peak)


class CommandFailed(Exception):
    """A benchmarked command exited with an error."""


def run(command: list[str], out: Path | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """Run `command` (stdout to `out`, or discarded); its wall time and peak resident memory."""
    stdout = open(out, "wb") if out else subprocess.DEVNULL  # noqa: SIM115 - closed below
    start = time.perf_counter()
    try:
        child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd)
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not all children's
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stderr.close()
    finally:
        if out:
            stdout.close()
    if child.returncode not in (0, 3):  # 3: `tracker check` found lagging indicators
        message = stderr.decode("utf-8", "replace")[-2000:]
        raise CommandFailed(f"{' '.join(command)} exited with {child.returncode}:\n{message}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return seconds, usage.ru_maxrss * scale


TRACKER_PATH: Path | None = None  # --tracker-path: another checkout of tracker to run
_FROM_PATH = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from tracker.cli import cli; cli(prog_name='tracker')"
)


def tracker(*args: str) -> list[str]:
    """The command line of `tracker args...`: the installed package, or the one of --tracker-path."""
    if TRACKER_PATH is not None:
        return [PYTHON, "-c", _FROM_PATH, str(TRACKER_PATH), *args]
    return [PYTHON, "-m", "tracker", *args]


def compile_bytecode() -> None:
    """Write the bytecode of the tracker that is measured, as Python does on a user's first run.

    Where PYTHONDONTWRITEBYTECODE is set (as on the machines these figures come
    from), every run would compile tracker's sources again: some 40 ms, a fifth
    of what `tracker status` adds to its imports on the example workspace.
    """
    import compileall

    compileall.compile_dir((TRACKER_PATH or ROOT) / "tracker", quiet=1)


def generate(bench: Path, data: Path, small: bool) -> None:
    """The national workspace (CSV and Parquet) under `data`, unless it is there already."""
    if (data / "parquet" / "targets" / "indicators.csv").exists() and (data / "csv").exists():
        return
    print(f"generating the workspace into {data} ...", file=sys.stderr, flush=True)
    command = [PYTHON, str(bench / "gen_national.py"), "--out", str(data), "--format", "both"]
    subprocess.run(command + (SMALL if small else []), check=True, stdout=subprocess.DEVNULL)


def derive_plans(data: Path) -> Path:
    """The national Parquet workspace with two plans and half-year phases for every flow target (issue 11).

    The council's plan (`hdnd`, of record) keeps the generated targets; the central
    estimate (`tw`) is 95% of each flow's (a level's is the same); every flow target
    of each plan gets a cumulative half-year phase (`2025-H1`) of 45% of its year.
    The actuals are the plain workspace's (a link): only the targets differ. Written
    once, beside the plain workspace.
    """
    import pandas as pd

    plain, variant = data / "parquet", data / "plans-parquet"
    if (variant / "targets" / "targets.parquet").exists():
        return variant
    (variant / "targets").mkdir(parents=True, exist_ok=True)
    for name in ("tracker.toml",):
        shutil.copy(plain / name, variant / name)
    for name in ("indicators.csv", "areas.csv"):
        shutil.copy(plain / "targets" / name, variant / "targets" / name)
    (variant / "targets" / "plans.csv").write_text(
        "plan,name,name_en\nhdnd,Kế hoạch HĐND giao,Council's plan\n"
        "tw,Dự toán Trung ương giao,Central estimate\n",
        encoding="utf-8",
    )
    if not (variant / "actuals").exists():
        (variant / "actuals").symlink_to((plain / "actuals").resolve(), target_is_directory=True)
    targets = pd.read_parquet(plain / "targets" / "targets.parquet")
    catalogue = pd.read_csv(plain / "targets" / "indicators.csv")
    flows = set(catalogue.indicator[catalogue.measure == "flow"])
    council = targets.assign(plan="hdnd", period="", cumulative=False)
    flow = council.indicator.isin(flows)
    central = council.assign(plan="tw", target=council.target.where(~flow, (council.target * 0.95).round()))
    annual = pd.concat([council, central], ignore_index=True)
    phases = annual[annual.indicator.isin(flows)].copy()
    phases["period"] = phases.year.astype(str) + "-H1"
    phases["cumulative"] = True
    phases["target"] = (phases.target * 0.45).round().clip(lower=1)
    pd.concat([annual, phases], ignore_index=True).to_parquet(variant / "targets" / "targets.parquet")
    return variant


SPAN_FLOWS = ("giai_quyet_viec_lam", "xuat_khau_lao_dong", "tuyen_sinh_gdnn")


def derive_spans(data: Path) -> Path:
    """The national Parquet workspace with a ratio for every commune and five-year targets (issue 12).

    The ratio is the insured against unemployment over the socially insured (two of
    the generated stocks); three flows get a target for the last five target years
    (2022-2026) in every area, the sum of its annual targets. The actuals are the
    plain workspace's (a link).
    """
    import pandas as pd

    plain, variant = data / "parquet", data / "spans-parquet"
    if (variant / "targets" / "targets.parquet").exists():
        return variant
    (variant / "targets").mkdir(parents=True, exist_ok=True)
    shutil.copy(plain / "tracker.toml", variant / "tracker.toml")
    shutil.copy(plain / "targets" / "areas.csv", variant / "targets" / "areas.csv")
    catalogue = pd.read_csv(plain / "targets" / "indicators.csv", dtype=str, keep_default_na=False)
    sides = ["nguoi_tham_gia_bhtn", "nguoi_tham_gia_bhxh"]  # a smaller generated catalogue: two others
    if not set(sides) <= set(catalogue.indicator):
        stocks = catalogue.indicator[catalogue.measure == "stock"].tolist()
        sides = (stocks + catalogue.indicator[catalogue.measure == "flow"].tolist())[:2]
    ratio = {
        "indicator": "ty_le_bhtn_tren_bhxh",
        "name": "Tỷ lệ người tham gia BHTN trên người tham gia BHXH",
        "name_en": "Unemployment-insured among the socially insured",
        "unit": "%",
        "measure": "ratio",
        "direction": "up",
        "group": catalogue.group.iloc[-1],
        "numerator": sides[0],
        "denominator": sides[1],
    }
    catalogue = pd.concat([catalogue.assign(numerator="", denominator=""), pd.DataFrame([ratio])])
    catalogue.to_csv(variant / "targets" / "indicators.csv", index=False)
    if not (variant / "actuals").exists():
        (variant / "actuals").symlink_to((plain / "actuals").resolve(), target_is_directory=True)
    targets = pd.read_parquet(plain / "targets" / "targets.parquet")
    years = sorted(targets.year.unique())[-5:]  # the last five target years (the as-of year's span)
    five = targets[targets.indicator.isin(SPAN_FLOWS) & targets.year.isin(years)]
    sums = five.groupby(["indicator", "area"], sort=False).target.agg(["sum", "size"]).reset_index()
    spans = sums[sums["size"] == len(years)].rename(columns={"sum": "target"}).drop(columns="size")
    spans = spans.assign(year=f"{years[0]}-{years[-1]}", baseline=float("nan"))
    out = pd.concat(
        [targets.assign(year=targets.year.astype(str)), spans[targets.columns]], ignore_index=True
    )
    out.to_parquet(variant / "targets" / "targets.parquet")
    return variant


def packed(data: Path) -> Path:
    """The national Parquet workspace packed by indicator (`tracker pack`), once."""
    dest = data / "packed"
    if not (dest / "targets" / "indicators.csv").exists():
        shutil.rmtree(dest, ignore_errors=True)
        subprocess.run(
            tracker("pack", "-w", str(data / "parquet"), str(dest)), check=True, stdout=subprocess.DEVNULL
        )
    return dest


def measure(args: argparse.Namespace, data: Path, scratch: Path, cluster=None) -> dict[str, Timing]:
    """Every command, `args.runs` times, the tracker and reference commands of a row in turn."""
    bench = args.bench
    parquet, csv = data / "parquet", data / "csv"
    polars = bench / "reference_polars.py"
    duckdb = bench / "reference_duckdb.py"

    def reference(workspace: Path, script: Path, out: str) -> list[str]:
        return [PYTHON, str(script), "--workspace", str(workspace), "--out", str(scratch / out)]

    Command = tuple[list[str], Path | None, Path | None]  # command, stdout file, working folder
    commands: dict[str, Command] = {
        "status parquet": (
            tracker("status", "-w", str(parquet), "--format", "csv"),
            scratch / "status.csv",
            None,
        ),
        "polars parquet": (reference(parquet, polars, "ref.parquet"), None, None),
        "status csv": (
            tracker("status", "-w", str(csv), "--format", "csv"),
            scratch / "status-csv.csv",
            None,
        ),
        "polars csv": (reference(csv, polars, "ref-csv.parquet"), None, None),
        "validate parquet": (tracker("validate", "-w", str(parquet)), None, None),
        "example status": (tracker("status"), None, ROOT),
        "import pandas, pandera": ([PYTHON, "-c", "import pandas, pandera.pandas"], None, None),
        "help": (tracker("--help"), None, None),
        "import click": ([PYTHON, "-c", "import click"], None, None),
    }
    if args.plans:
        plans = derive_plans(data)
        commands["status plans"] = (
            tracker("status", "-w", str(plans), "--format", "csv", "--plan", "all"),
            scratch / "status-plans.csv",
            None,
        )
    if args.spans:
        spans = derive_spans(data)
        commands["status spans"] = (
            tracker("status", "-w", str(spans), "--format", "csv"),
            scratch / "status-spans.csv",
            None,
        )
        commands["status --span"] = (
            tracker("status", "-w", str(spans), "--format", "csv", "--span"),
            scratch / "status-span-table.csv",
            None,
        )
    if cluster is not None:
        commands["status dask"] = (
            tracker("status", "-w", str(packed(data)), "--format", "csv", "--engine", "dask",
                    "--scheduler", cluster.address),
            scratch / "status-dask.csv",
            None,
        )  # fmt: skip
    if args.duckdb and duckdb.exists():
        commands["duckdb parquet"] = (reference(parquet, duckdb, "ref-duckdb.parquet"), None, None)
    if args.report:
        commands["report"] = (
            tracker("report", "-w", str(parquet), "--out", str(scratch / "report")),
            None,
            None,
        )
    timings = {label: Timing(label) for label in commands}
    for k in range(args.runs):
        for label, (command, out, cwd) in commands.items():
            if label == "report":
                shutil.rmtree(scratch / "report", ignore_errors=True)
            print(f"run {k + 1}/{args.runs}: {label}", file=sys.stderr, flush=True)
            seconds, peak = run(command, out, cwd)
            timings[label].seconds.append(seconds)
            timings[label].peak.append(peak)
    return timings


def agreement(bench: Path, status: Path, reference: Path, workspace: Path) -> tuple[bool, str]:
    """agree.py's verdict: (every row agrees, its last line)."""
    done = subprocess.run(
        [PYTHON, str(bench / "agree.py"), str(status), str(reference), "--workspace", str(workspace)],
        capture_output=True,
        text=True,
    )
    lines = done.stdout.strip().splitlines() or [done.stderr.strip()]
    return done.returncode == 0, lines[-1]


def table(t: dict[str, Timing], scale: str = "national") -> list[dict]:
    """The rows of the issue's table: what, tracker, reference, ratio, must, aim."""
    rows = []

    def add(what, mine, ref, must, aim):
        mine_t, ref_t = t.get(mine), t.get(ref) if ref else None
        if mine_t is None or (ref and ref_t is None):
            return
        ratio = mine_t.median / ref_t.median if ref_t else None
        value = ratio if ratio is not None else mine_t.median
        rows.append(
            {
                "what": what,
                "tracker_s": mine_t.median,
                "tracker_fastest_s": mine_t.fastest,
                "reference": ref,
                "reference_s": ref_t.median if ref_t else None,
                "ratio": ratio,
                "must": must,
                "aim": aim,
                "met": value <= must,
                "aim_met": value <= aim,
                "peak_mib": mine_t.max_peak / 2**20,
                "reference_peak_mib": ref_t.max_peak / 2**20 if ref_t else None,
            }
        )

    # issue 13: the local engine (both cores) within 1.5x Polars on the national Parquet
    add(f"`tracker status` {scale} Parquet, to a file", "status parquet", "polars parquet", 1.5, 1)
    add(f"`tracker status` {scale} CSV, to a file", "status csv", "polars csv", 2, 1)
    add(f"`tracker validate` {scale} Parquet", "validate parquet", "polars parquet", 1.5, 0.75)
    add("`tracker status` example workspace", "example status", "import pandas, pandera", 1.3, 1.1)
    add("`tracker --help`", "help", "import click", 3, 1.5)
    add(f"`tracker report` {scale} (seconds)", "report", None, 45, 15)  # issue 13, on a quiet machine
    # issue 13 sets no speed for Dask on one machine (its must is memory): 2 workers on 2 cores pay
    # for a scheduler and for tasks that each load the catalogue; no worse than 4x the reference
    add(f"`tracker status --engine dask` {scale}, packed, 2 workers", "status dask", "polars parquet", 4, 1)
    add(
        f"`tracker status` {scale} with a ratio per commune and five-year targets (against plain `status`)",
        "status spans",
        "status parquet",
        1.3,
        1.1,
    )
    add(f"`tracker status --span` {scale}, the span of the month (seconds)", "status --span", None, 60, 15)
    if "status plans" in t:  # two plans: the cost per plan against the plain status, in the same loop
        per_plan = t["status plans"].median / 2 / t["status parquet"].median
        rows.append(
            {
                "what": f"`tracker status --plan all` {scale}, 2 plans and H1 phases, per plan "
                "(against plain `status` Parquet)",
                "tracker_s": t["status plans"].median,
                "tracker_fastest_s": t["status plans"].fastest,
                "reference": "status parquet",
                "reference_s": t["status parquet"].median,
                "ratio": per_plan,
                "must": 1.3,
                "aim": 1.1,
                "met": per_plan <= 1.3,
                "aim_met": per_plan <= 1.1,
                "peak_mib": t["status plans"].max_peak / 2**20,
                "reference_peak_mib": t["status parquet"].max_peak / 2**20,
            }
        )
    if "status parquet" in t:
        peak = max(t["status parquet"].max_peak, t.get("status csv", t["status parquet"]).max_peak)
        rows.append(
            {
                "what": f"peak memory of `tracker status`, {scale} (GiB)",
                "tracker_s": None,
                "peak_gib": peak / GiB,
                "must": 3,
                "aim": 1.5,
                "met": peak / GiB <= 3,
                "aim_met": peak / GiB <= 1.5,
            }
        )
    return rows


def _peak_row(what: str, gib: float, must: float, aim: float) -> dict:
    return {"what": what, "tracker_s": None, "peak_gib": gib, "must": must, "aim": aim,
            "met": gib <= must, "aim_met": gib <= aim}  # fmt: skip


def render(rows: list[dict], timings: dict[str, Timing], verdicts: dict[str, str], runs: int) -> str:
    def yes(ok):
        return "yes" if ok else "**no**"

    lines = [
        f"| what | tracker (median of {runs}) | reference (median) | ratio | must | aim | met (aim) "
        "| peak memory |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "peak_gib" in r:
            lines.append(
                f"| {r['what']} | {r['peak_gib']:.2f} GiB | | | <= {r['must']} | <= {r['aim']} "
                f"| {yes(r['met'])} ({yes(r['aim_met'])}) | |"
            )
            continue
        ref = f"{r['reference_s']:.2f} s ({r['reference']})" if r["reference"] else ""
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else f"{r['tracker_s']:.1f} s"
        unit = "" if r["ratio"] is None else "x"
        lines.append(
            f"| {r['what']} | {r['tracker_s']:.2f} s (fastest {r['tracker_fastest_s']:.2f}) | {ref} "
            f"| {ratio} | <= {r['must']}{unit} | <= {r['aim']}{unit} | {yes(r['met'])} ({yes(r['aim_met'])}) "
            f"| {r['peak_mib']:.0f} MiB |"
        )
    for what, verdict in verdicts.items():
        lines.append(
            f"| agreement with the Polars reference, {what} (`agree.py`) | {verdict} | | | every row | | | |"
        )
    lines.append("")
    lines.append("All runs (seconds; peak MiB):")
    for t in timings.values():
        times = ", ".join(f"{s:.2f}" for s in t.seconds)
        lines.append(f"- {t.label}: {times}; peak {t.max_peak / 2**20:.0f} MiB")
    return "\n".join(lines)


def machine() -> str:
    """Date, machine and the versions that matter, for the record."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GiB
    except (ValueError, OSError, AttributeError):
        memory = float("nan")
    code = (
        "import importlib.metadata as m\n"
        "for p in ('pandas', 'pandera', 'pyarrow', 'numpy', 'polars', 'duckdb'):\n"
        "    try: print(f'{p} {m.version(p)}', end='; ')\n"
        "    except m.PackageNotFoundError: pass\n"
    )
    versions = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True).stdout.strip(" ;\n")
    return (
        f"{datetime.date.today().isoformat()}, {platform.node()}: {cpu}, {os.cpu_count()} CPUs, "
        f"{memory:.0f} GiB; {platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"{versions}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="a small generated workspace (a smoke run)")
    parser.add_argument("--runs", type=int, help="runs of each command (default 3; 1 with --small)")
    parser.add_argument(
        "--data", type=Path, help="where the national workspace is or goes (default: national/)"
    )
    parser.add_argument("--bench", type=Path, default=BENCH, help=f"the reference scripts (default: {BENCH})")
    parser.add_argument(
        "--no-duckdb", dest="duckdb", action="store_false", help="leave out the DuckDB reference"
    )
    parser.add_argument("--report", action="store_true", help="also time `tracker report` on the workspace")
    parser.add_argument(
        "--plans",
        action="store_true",
        help="also time a variant with two plans and half-year phases (issue 11)",
    )
    parser.add_argument(
        "--spans",
        action="store_true",
        help="also time a variant with ratios and five-year targets (issue 12)",
    )
    parser.add_argument(
        "--dask",
        action="store_true",
        help="also time the dask engine on the packed workspace, 2 workers (issue 13)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--tracker-path",
        type=Path,
        help="run the tracker package in this folder (an older checkout, say) instead of the installed one",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.small else 3)
    global TRACKER_PATH
    TRACKER_PATH = args.tracker_path.resolve() if args.tracker_path else None
    if not (args.bench / "gen_national.py").exists():
        parser.error(f"{args.bench}: no gen_national.py (pass --bench DIR)")
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        scratch = Path(tmp)
        data = args.data or (scratch / "small" if args.small else ROOT / "national")
        try:
            generate(args.bench, data, args.small)
            compile_bytecode()
            with contextlib.ExitStack() as stack:
                cluster = None
                if args.dask:
                    sys.path.insert(0, str(Path(__file__).parent))
                    from dask_cluster import Cluster

                    packed(data)
                    cluster = stack.enter_context(Cluster())
                timings = measure(args, data, scratch, cluster)
                peaks = cluster.peaks() if cluster is not None else []
        except (CommandFailed, subprocess.CalledProcessError) as e:
            print(f"benchmark: {e}", file=sys.stderr)
            return 2
        verdicts, agreed = {}, True
        if args.dask:
            same = (scratch / "status-dask.csv").read_bytes() == (scratch / "status.csv").read_bytes()
            verdicts["dask engine against the local engine (bytes)"] = "identical" if same else "DIFFERENT"
            agreed &= same
        for what, status, reference, workspace in (
            ("Parquet", "status.csv", "ref.parquet", data / "parquet"),
            ("CSV", "status-csv.csv", "ref-csv.parquet", data / "csv"),
        ):
            ok, verdict = agreement(args.bench, scratch / status, scratch / reference, workspace)
            verdicts[what] = verdict
            agreed &= ok
    rows = table(timings, "small" if args.small else "national")
    if peaks:
        dask_peak = timings["status dask"].max_peak / GiB
        rows.append(_peak_row("peak memory of `tracker status --engine dask` (GiB)", dask_peak, 0.5, 0.25))
        rows.append(_peak_row("peak memory of each Dask worker (GiB)", max(peaks) / GiB, 0.75, 0.5))
    print(f"\n{machine()}\nworkspace: {data}{' (small)' if args.small else ''}\n")
    print(render(rows, timings, verdicts, args.runs))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "small": args.small,
                    "runs": args.runs,
                    "rows": rows,
                    "agreement": verdicts,
                    "timings": {k: {"seconds": t.seconds, "peak_bytes": t.peak} for k, t in timings.items()},
                },
                indent=1,
            )
        )
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())
