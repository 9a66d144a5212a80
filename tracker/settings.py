"""Find the workspace and read `tracker.toml`, with defaults."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import InvalidWorkspace, NoWorkspace, Problem

SETTINGS_FILE = "tracker.toml"
CHOICES = {
    "language": ("vi", "en"),
    "number_format": ("plain", "vi"),
    "pace": ("auto", "linear", "seasonal"),
}


@dataclass(frozen=True)
class Thresholds:
    """Performance-index limits: at or above `on_track` is on track, below `at_risk` lagging."""

    on_track: float = 0.95
    at_risk: float = 0.80


@dataclass(frozen=True)
class Settings:
    """The workspace's `tracker.toml`, every key with its default."""

    name: str = ""
    language: str = "vi"
    number_format: str = "plain"
    root_area: str = ""
    pace: str = "auto"
    thresholds: Thresholds = field(default_factory=Thresholds)


def find_workspace(path: str | Path) -> Path:
    """The workspace folder: it must hold `targets/indicators.csv`."""
    root = Path(path)
    if not (root / "targets" / "indicators.csv").is_file():
        raise NoWorkspace(
            f"{root}: not a tracker workspace (no targets/indicators.csv); "
            "run it inside one, pass --workspace DIR, or create one with `tracker init DIR`"
        )
    return root


def load_settings(workspace: Path) -> Settings:
    """Read `tracker.toml` if there is one; unknown keys and bad values are problems."""
    path = workspace / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidWorkspace([Problem(SETTINGS_FILE, 0, "", f"not valid TOML: {e}")]) from e
    problems = []
    values: dict = {}
    for key, value in raw.items():
        if key == "thresholds":
            continue
        if key not in Settings.__dataclass_fields__:
            known = ", ".join(k for k in Settings.__dataclass_fields__ if k != "thresholds")
            problems.append(Problem(SETTINGS_FILE, 0, key, f"unknown setting (expected one of {known})"))
        elif not isinstance(value, str):
            problems.append(Problem(SETTINGS_FILE, 0, key, f"got {value!r} (expected a text value)"))
        elif key in CHOICES and value not in CHOICES[key]:
            problems.append(
                Problem(SETTINGS_FILE, 0, key, f"got {value!r} (expected {' or '.join(CHOICES[key])})")
            )
        else:
            values[key] = value
    limits = raw.get("thresholds", {})
    if not isinstance(limits, dict):
        problems.append(
            Problem(
                SETTINGS_FILE,
                0,
                "thresholds",
                f"not a table (got {limits!r}; expected a table such as [thresholds] on_track = 0.95 "
                "at_risk = 0.80, each on its own line)",
            )
        )
        limits = {}
    th = {}
    for key, value in limits.items():
        if key not in Thresholds.__dataclass_fields__:
            problems.append(
                Problem(SETTINGS_FILE, 0, f"thresholds.{key}", "unknown (expected on_track, at_risk)")
            )
        elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
            problems.append(
                Problem(SETTINGS_FILE, 0, f"thresholds.{key}", f"got {value!r} (expected a number > 0)")
            )
        else:
            th[key] = float(value)
    thresholds = Thresholds(**th)
    if thresholds.at_risk > thresholds.on_track:
        problems.append(
            Problem(
                SETTINGS_FILE,
                0,
                "thresholds",
                "at_risk is above on_track (expected at_risk <= on_track)",
            )
        )
    if problems:
        raise InvalidWorkspace(problems)
    return Settings(**values, thresholds=thresholds)
