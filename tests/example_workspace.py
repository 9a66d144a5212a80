"""The example workspace (Trà Vinh 2020) at the root of the repository, and fresh copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_example(dest: Path) -> Path:
    """A fresh copy of the example workspace (tracker.toml, targets/, actuals/) at `dest`."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "tracker.toml", dest / "tracker.toml")
    shutil.copytree(ROOT / "targets", dest / "targets")
    shutil.copytree(ROOT / "actuals", dest / "actuals")
    return dest
