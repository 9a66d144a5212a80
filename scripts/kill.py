"""Kill `tracker report` and `tracker ingest` at random moments, more times than CI does.

    .venv/bin/python scripts/kill.py --kills 200 --seed 7       # 200 of each
    .venv/bin/python scripts/kill.py --only ingest --kills 500

The kills and the checks are those of tests/test_crash.py (tests/crashing.py):
after each SIGKILL, reports/2020-06 must be the previous report or the new one,
whole; actuals/ as it was or with the submission stored whole, the log's lines
whole; run again, the submission is stored once. Prints what the kills left and
every broken rule; exit 1 if any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from crashing import Tally, kill_ingests, kill_reports  # noqa: E402

from examples import copy_example  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="kills of each command (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the delays (default 1)")
    parser.add_argument("--only", choices=("report", "ingest"), help="kill only this command")
    args = parser.parse_args(argv)

    broken = 0
    with tempfile.TemporaryDirectory(prefix="tracker-kill-") as tmp:
        for command in ("report", "ingest"):
            if args.only and args.only != command:
                continue
            tally, started = Tally(), time.monotonic()
            if command == "report":
                kill_reports(copy_example(Path(tmp) / "report"), args.kills, args.seed, tally)
            else:
                kill_ingests(Path(tmp), args.kills, args.seed, tally)
            print(
                f"{command}: {tally.kills} killed, {tally.finished} finished first "
                f"in {time.monotonic() - started:.0f} s"
            )
            for state, n in sorted(tally.states.items()):
                print(f"  {n:5d}  {state}")
            for problem in tally.problems:
                print(f"  BROKEN: {problem}")
            broken += len(tally.problems)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
