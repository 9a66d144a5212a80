"""Load a workspace: every file read, typed and checked; all problems at once, or a Workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tracker import readers, schemas
from tracker.errors import InvalidWorkspace, Problem
from tracker.settings import SETTINGS_FILE, Settings, find_workspace, load_settings

CATALOGUE = "targets/indicators.csv"
AREAS = "targets/areas.csv"


@dataclass
class Workspace:
    """A validated workspace: settings, the catalogue, the area tree, targets and actuals.

    `targets` and `actuals` hold `indicator` and `area` as categoricals whose
    categories are the catalogue's ids and the known areas, so the model works on
    integer codes.
    """

    path: Path
    settings: Settings
    indicators: pd.DataFrame  # indicator, name, name_en, unit, measure, direction, group
    areas: pd.DataFrame  # area, name, parent ("" for a root), depth
    root_area: str  # "" when the workspace has none
    targets: pd.DataFrame  # indicator, year, area, target, baseline, note, file, line
    actuals: pd.DataFrame  # indicator, area, period, year, start, end, value, flags, note, file, line
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def data_files(folder: Path, skip: tuple[str, ...] = ()) -> tuple[list[Path], list[Problem], list[str]]:
    """The readable files of a folder, sorted; problems for old .xls files; warnings for the rest."""
    files, problems, warnings = [], [], []
    if not folder.is_dir():
        return files, problems, warnings
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or name.startswith((".", "~$")) or name in skip:
            continue
        suffix = path.suffix.lower()
        if suffix in readers.READABLE:
            files.append(path)
        elif suffix == ".xls":
            problems.append(
                Problem(
                    f"{folder.name}/{name}",
                    0,
                    "",
                    "old Excel format (expected .xlsx: save it as Excel Workbook)",
                )
            )
        else:
            warnings.append(f"{folder.name}/{name}: ignored (expected .csv, .xlsx or .parquet)")
    return files, problems, warnings


def load_workspace(path: str | Path) -> Workspace:
    """Read and check every file of the workspace at `path`; raise InvalidWorkspace with all problems."""
    root = find_workspace(path)
    settings = load_settings(root)
    problems: list[Problem] = []
    warnings: list[str] = []
    fmt = settings.number_format

    def read(file: Path, table: str):
        shown = file.relative_to(root).as_posix()
        raw = readers.read_table(file, shown, schemas.KEYS if table in ("targets", "actuals") else ())
        problems.extend(raw.problems)
        if raw.frame.columns.empty:
            return None
        typed, bad, notes = schemas.type_columns(raw.frame, table, shown, raw.lines, fmt)
        problems.extend(bad)
        warnings.extend(notes)
        if any(p.line == 1 and p.path == shown for p in bad):  # a required column is missing
            return None
        return typed.assign(file=shown, line=raw.lines)

    indicators = read(root / CATALOGUE, "indicators")
    areas_file = root / AREAS
    areas = read(areas_file, "areas") if areas_file.exists() else None
    skip = (Path(CATALOGUE).name, Path(AREAS).name)
    target_files, bad, notes = data_files(root / "targets", skip)
    actual_files, bad2, notes2 = data_files(root / "actuals")
    problems += bad + bad2
    warnings += notes + notes2
    targets = [t for t in (read(f, "targets") for f in target_files) if t is not None]
    actuals = [a for a in (read(f, "actuals") for f in actual_files) if a is not None]

    if indicators is None:
        raise InvalidWorkspace(problems)
    indicators = _check_indicators(indicators, problems)
    areas, root_area = _check_areas(areas, settings, problems)
    if areas.empty:
        areas = _flat_areas(targets + actuals, root_area)
    targets = _check_targets(targets, indicators, areas, root_area, problems)
    actuals = _check_actuals(actuals, indicators, areas, root_area, problems)
    if problems:
        raise InvalidWorkspace(problems)
    return Workspace(
        root,
        settings,
        indicators,
        areas,
        root_area,
        targets,
        actuals,
        warnings,
        [CATALOGUE]
        + ([AREAS] if areas_file.exists() else [])
        + [f.relative_to(root).as_posix() for f in target_files + actual_files],
    )


def _check_indicators(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    frame = frame.assign(direction=frame.direction.replace("", "up"))
    problems += schemas.pandera_problems(
        schemas.IndicatorSchema, frame, frame.file.to_numpy(), frame.line.to_numpy()
    )
    return frame.drop_duplicates("indicator").reset_index(drop=True)


def _check_areas(
    frame: pd.DataFrame | None, settings: Settings, problems: list[Problem]
) -> tuple[pd.DataFrame, str]:
    """The area tree with each area's depth, and the root area that empty cells stand for."""
    if frame is None:
        tree = pd.DataFrame({"area": pd.Series(dtype=str), "name": "", "parent": "", "depth": 0})
        return tree, settings.root_area
    problems += schemas.pandera_problems(
        schemas.AreaSchema, frame, frame.file.to_numpy(), frame.line.to_numpy()
    )
    frame = frame.drop_duplicates("area").reset_index(drop=True)
    unknown = (frame.parent != "") & ~frame.parent.isin(frame.area)
    for row in frame[unknown].itertuples():
        problems.append(
            Problem(
                row.file,
                row.line,
                "parent",
                f"unknown area (got {row.parent!r}; expected an area of this file)",
            )
        )
    parent_of = dict(zip(frame.area, frame.parent.where(~unknown, ""), strict=True))
    depth = pd.Series(np.where(frame.parent.where(~unknown, "") == "", 0, -1), index=frame.area)
    for level in range(1, len(frame) + 1):  # one pass per level of the tree, not per area
        parents = frame.area[depth.to_numpy() < 0].map(parent_of)
        ready = depth.reindex(parents.to_numpy()).to_numpy() == level - 1
        if not ready.any():
            break
        depth.iloc[np.flatnonzero(depth.to_numpy() < 0)[ready]] = level
    for row in frame[depth.to_numpy() < 0].itertuples():
        problems.append(
            Problem(
                row.file,
                row.line,
                "parent",
                f"the parents loop back to this area (got {row.parent!r}; expected a tree)",
            )
        )
    tree = frame.assign(depth=depth.to_numpy())[["area", "name", "parent", "depth", "file", "line"]]
    roots = tree.area[frame.parent.to_numpy() == ""].tolist()
    root_area = settings.root_area or (roots[0] if len(roots) == 1 else "")
    if settings.root_area and settings.root_area not in set(tree.area):
        problems.append(
            Problem(
                SETTINGS_FILE,
                0,
                "root_area",
                f"unknown area (got {settings.root_area!r}; expected an area of {AREAS})",
            )
        )
    return tree, root_area


def _flat_areas(frames: list[pd.DataFrame], root_area: str) -> pd.DataFrame:
    """Without areas.csv: every area named in the data, side by side, none above another."""
    seen: set[str] = set()
    for frame in frames:
        seen.update(frame.area.astype("category").cat.categories.astype(str))
    ids = sorted({root_area if a == "" else a for a in seen} | ({root_area} if root_area else set()))
    return pd.DataFrame({"area": ids, "name": "", "parent": "", "depth": 0, "file": "", "line": 0})


def _keys(
    frame: pd.DataFrame, indicators: pd.DataFrame, areas: pd.DataFrame, root_area: str, problems
) -> pd.DataFrame:
    """indicator and area as categoricals over the catalogue and the area list; unknown ones reported."""
    ids = pd.Index(indicators.indicator)
    indicator = frame.indicator.astype("category")
    unknown = ~np.isin(indicator.cat.codes.to_numpy(), np.flatnonzero(indicator.cat.categories.isin(ids)))
    for r in np.flatnonzero(unknown & (indicator.astype(str) != "").to_numpy()):
        problems.append(
            Problem(
                frame.file.iat[r],
                int(frame.line.iat[r]),
                "indicator",
                f"unknown indicator (got {indicator.iat[r]!r}; expected an id of {CATALOGUE})",
            )
        )
    area = frame.area.astype("category")
    if root_area:
        area = schemas.map_categories(area, lambda cats: cats.where(cats != "", root_area))
    known = pd.Index(areas.area)
    if areas.file.ne("").any():
        bad = ~np.isin(area.cat.codes.to_numpy(), np.flatnonzero(area.cat.categories.isin(known)))
        for r in np.flatnonzero(bad):
            got = str(area.iat[r])
            problems.append(
                Problem(
                    frame.file.iat[r],
                    int(frame.line.iat[r]),
                    "area",
                    f"unknown area (got {got!r}; expected an area of {AREAS})"
                    if got
                    else "empty, and the workspace has no single root area "
                    f"(expected an area of {AREAS}, or root_area in {SETTINGS_FILE})",
                )
            )
    return frame.assign(
        indicator=indicator.cat.set_categories(ids),
        area=area.cat.set_categories(known),
    )


def _check_targets(frames, indicators, areas, root_area, problems) -> pd.DataFrame:
    columns = [c.name for c in schemas.TABLES["targets"]] + ["file", "line"]
    if not frames:
        return pd.DataFrame(columns=columns).astype({"year": int, "target": float, "baseline": float})
    frame = pd.concat(frames, ignore_index=True)
    frame = _keys(frame, indicators, areas, root_area, problems)
    kind = indicators.set_index("indicator")
    codes = frame.indicator.cat.codes.to_numpy()
    measure = np.append(kind.measure.to_numpy(), "")[codes]
    direction = np.append(kind.direction.to_numpy(), "")[codes]
    checked = frame.assign(measure=measure, direction=direction)
    problems += schemas.pandera_problems(
        schemas.TargetSchema, checked, frame.file.to_numpy(), frame.line.to_numpy()
    )
    key = ["indicator", "year", "area"]
    dup = frame.duplicated(key, keep=False) & frame.indicator.notna()
    if dup.any():
        first = frame[dup].groupby(key, observed=True).head(1).set_index(key)[["file", "line"]]
        later = frame[dup & frame.duplicated(key, keep="first")]
        for row in later.itertuples():
            f, ln = first.loc[(row.indicator, row.year, row.area)]
            problems.append(
                Problem(
                    row.file,
                    row.line,
                    "indicator",
                    f"a second target for {row.indicator} {int(row.year)}"
                    f"{f' {row.area}' if row.area else ''} (first on {f}:{ln}; "
                    "expected one row per indicator, year and area)",
                )
            )
    return frame[columns].assign(year=frame.year.fillna(0).astype(np.int64))


def _check_actuals(frames, indicators, areas, root_area, problems) -> pd.DataFrame:
    columns = [c.name for c in schemas.TABLES["actuals"]] + ["year", "start", "end", "file", "line"]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return _keys(
            empty.astype({"value": float, "year": int, "start": np.int8, "end": np.int8}),
            indicators,
            areas,
            root_area,
            problems,
        )
    frame = pd.concat(
        [schemas.with_periods(f).astype({"file": "category"}) for f in frames], ignore_index=True
    )
    problems += schemas.period_problems(frame)
    frame = _keys(frame, indicators, areas, root_area, problems)
    kind = indicators.measure.to_numpy()
    codes = frame.indicator.cat.codes.to_numpy()
    measure = pd.Categorical.from_codes(
        np.where(codes < 0, -1, pd.Index(schemas.MEASURES).get_indexer(kind)[np.maximum(codes, 0)]),
        categories=list(schemas.MEASURES),
    )
    problems += schemas.pandera_problems(
        schemas.ActualSchema,
        frame[["value"]].assign(measure=measure),
        frame.file.to_numpy(),
        frame.line.to_numpy(),
    )
    ok = (codes >= 0) & (frame.area.cat.codes.to_numpy() >= 0) & (frame.start.to_numpy() > 0)
    problems += _duplicate_actuals(frame[ok])
    problems += _overlapping_flows(frame[ok & (np.asarray(measure) == "flow") & ~frame.cumulative.to_numpy()])
    return frame[columns]


def actual_keys(frame: pd.DataFrame) -> np.ndarray:
    """One int64 per (indicator, area, year, period shape): duplicates found by hashing one column."""
    n_areas = len(frame.area.cat.categories) + 1
    series = frame.indicator.cat.codes.to_numpy(np.int64) * n_areas + frame.area.cat.codes.to_numpy(np.int64)
    return (
        (series * 10000 + frame.year.to_numpy(np.int64)) * 144
        + (frame.start.to_numpy(np.int64) - 1) * 12
        + frame.end.to_numpy(np.int64)
        - 1
    )


def _duplicate_actuals(frame: pd.DataFrame) -> list[Problem]:
    """Rows of one indicator, area and period that neither reported_at nor estimate tells apart."""
    key = pd.Series(actual_keys(frame), index=frame.index)
    suspects = frame[key.duplicated(keep=False).to_numpy()].assign(key=key)
    if suspects.empty:
        return []
    same = ["key", "estimate", "reported_at"]
    clash = suspects.duplicated(same, keep=False)
    suspects = suspects[clash]
    first = suspects.groupby(same, dropna=False).head(1).set_index(same)[["file", "line"]]
    problems = []
    for row in suspects[suspects.duplicated(same, keep="first")].itertuples():
        f, ln = first.loc[(row.key, row.estimate, row.reported_at)]
        problems.append(
            Problem(
                str(row.file),
                int(row.line),
                "period",
                f"a second row for {row.indicator}{f' {row.area}' if row.area else ''} {row.period} "
                f"(first on {f}:{ln}; "
                "expected one row per indicator, area and period, or a later reported_at for a revision)",
            )
        )
    return problems


def _overlapping_flows(frame: pd.DataFrame) -> list[Problem]:
    """Incremental rows of one flow whose periods share a month (2020-06 and 2020-Q2)."""
    if frame.empty:
        return []
    n_areas = len(frame.area.cat.categories) + 1
    series = (
        frame.indicator.cat.codes.to_numpy(np.int64) * n_areas + frame.area.cat.codes.to_numpy(np.int64)
    ) * 10000 + frame.year.to_numpy(np.int64)
    longer = frame.start.to_numpy() != frame.end.to_numpy()
    if not longer.any():  # months alone can only clash as duplicates
        return []
    sub = frame[np.isin(series, np.unique(series[longer]))].assign(
        series=series[np.isin(series, np.unique(series[longer]))]
    )
    sub = sub.drop_duplicates(["series", "start", "end"]).sort_values(["series", "start", "end"])
    reach = sub.groupby("series").end.cummax().groupby(sub.series).shift()
    clash = sub.start.to_numpy() <= reach.to_numpy()
    problems = []
    previous = sub.shift()
    for i in np.flatnonzero(clash):
        row, other = sub.iloc[i], previous.iloc[i]
        problems.append(
            Problem(
                str(row.file),
                int(row.line),
                "period",
                f"{row.period} overlaps {other.period} of {row.indicator} on {other.file}:{int(other.line)} "
                "(expected periods that do not overlap; for year-to-date figures set cumulative = true)",
            )
        )
    return problems
