"""Fuzz the example workspace for longer than CI does, or replay one case.

    .venv/bin/python scripts/fuzz.py --cases 5000 --seed 7     # case seeds 7000000 ... 7004999
    .venv/bin/python scripts/fuzz.py --case 214 --keep /tmp/c  # replay one case, keep its files

The cases and the rules are those of tests/test_fuzz.py (tests/fuzzing.py):
each case mutates a fresh copy of the example; validate, status --format json
and (every --report-every cases) report must answer exit 0 or 1, never a
traceback, with every problem line naming a file of the workspace. A broken
rule prints the case and the command that replays it; bugs already known (each
kept as an xfail test) are counted, not raised. Exit 1 if any case broke a rule.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import KNOWN_BUGS, Violation, run_case  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="run seed N: case seeds N*1000000 + 0, 1, ...")
    parser.add_argument("--case", type=int, action="append", help="replay this case seed (repeatable)")
    parser.add_argument("--report-every", type=int, default=20, help="run `tracker report` every N cases")
    parser.add_argument("--keep", type=Path, help="keep each case's files under this folder")
    parser.add_argument("--stop", action="store_true", help="stop at the first broken rule")
    args = parser.parse_args(argv)

    seeds = args.case or [args.seed * 1_000_000 + i for i in range(args.cases)]
    replay = bool(args.case)
    work = args.keep or Path(tempfile.mkdtemp(prefix="tracker-fuzz-"))
    broken: list[str] = []
    kinds: Counter = Counter()
    bugs: Counter = Counter()
    started = time.monotonic()
    for i, seed in enumerate(seeds):
        folder = work / f"case-{seed}"
        shutil.rmtree(folder, ignore_errors=True)
        try:
            outcome = run_case(
                folder,
                seed,
                report=replay or i % args.report_every == 0,
                known_bugs=None if replay else KNOWN_BUGS,
            )
        except Violation as v:
            broken.append(str(v))
            print(f"\n=== {v}", flush=True)
            if args.stop:
                break
        else:
            kinds[outcome.case.kind, outcome.exits["validate"]] += 1
            if outcome.known_bug:
                bugs[outcome.known_bug] += 1
            if replay:
                print(f"{outcome.case.describe()}\nexits: {outcome.exits}")
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        if not replay and (i + 1) % 250 == 0:
            print(f"{i + 1} cases, {len(broken)} broken, {time.monotonic() - started:.0f} s", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"files kept in {work}")
    print(f"\n{len(seeds)} cases in {time.monotonic() - started:.0f} s; {len(broken)} broke a rule")
    for name, n in sorted(bugs.items()):
        print(f"  known bug, {n} cases: {name}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
