"""The example workspace (Trà Vinh 2020) at the root of the repository, the workspaces of examples/,
and fresh copies of them to break."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def copy_example(dest: Path) -> Path:
    """A fresh copy of the example workspace (tracker.toml, targets/, actuals/) at `dest`."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "tracker.toml", dest / "tracker.toml")
    shutil.copytree(ROOT / "targets", dest / "targets")
    shutil.copytree(ROOT / "actuals", dest / "actuals")
    return dest


def copy_named_example(name: str, root: Path) -> Path:
    """A copy of examples/<name> at root/<name>, without its committed reports."""
    return shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("reports"))
