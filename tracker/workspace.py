"""Load a workspace: every file read, typed and checked; all problems at once, or a Workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tracker import readers, schemas
from tracker.arrays import by_code
from tracker.cells import as_category, is_text, map_categories, recode
from tracker.clashes import clash_problems
from tracker.engines.partition import Partition
from tracker.errors import InvalidWorkspace, Problem
from tracker.plans import (
    PLANS,
    check_plans,
    implicit_plans,
    phase_problems,
    phases,
    plan_codes,
    version_problems,
)
from tracker.progress import Progress
from tracker.ratios import ratio_problems, reported_ratios
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
    targets: pd.DataFrame  # indicator, year, area, target, baseline, note, plan, period, cumulative,
    # decided_at, decision, last_year (> year: a span), start, end (months of a phase; 1 and 12 for
    # the year), file, line
    actuals: pd.DataFrame  # indicator, area, period, year, start, end, value, flags, note, file, line
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    revisions: bool = True  # some actual rows share an indicator, area and period (revisions, estimates)
    plans: pd.DataFrame = field(default_factory=implicit_plans)  # plan, name, name_en; the first: of record
    # What the model works out once from these frames, which are not changed after loading
    # (tracker.model.derived); a copy made with dataclasses.replace starts without it.
    derived: object = field(default=None, init=False, repr=False, compare=False)


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


NOT_TARGETS = (Path(CATALOGUE).name, Path(AREAS).name, Path(PLANS).name)  # in targets/, not target rows


def load_workspace(
    path: str | Path, part: Partition | None = None, sent: dict[str, readers.RawTable] | None = None
) -> Workspace:
    """Read and check every file of the workspace at `path`; raise InvalidWorkspace with all problems.

    `part`: only the target and actual rows of a partition's indicators (tracker.engines);
    `sent`: data files already read (by `read_rows`), by their path in the workspace.
    """
    root = find_workspace(path)
    settings = load_settings(root)
    problems: list[Problem] = []
    warnings: list[str] = []

    def read(file: Path, table: str) -> pd.DataFrame | None:
        return _read_file(root, file, table, settings.number_format, problems, warnings, progress, part, sent)

    target_files, bad, notes = data_files(root / "targets", NOT_TARGETS)
    actual_files, bad2, notes2 = data_files(root / "actuals")
    with Progress("loading the workspace") as progress:
        indicators = read(root / CATALOGUE, "indicators")
        areas_file = root / AREAS
        areas = read(areas_file, "areas") if areas_file.exists() else None
        plans_file = root / PLANS
        plans = read(plans_file, "plans") if plans_file.exists() else None
        problems += bad + bad2
        warnings += notes + notes2
        targets = [t for t in (read(f, "targets") for f in target_files) if t is not None]
        actuals = [a for a in (read(f, "actuals") for f in actual_files) if a is not None]

        if indicators is None:
            raise InvalidWorkspace(problems)
        progress.step("checking the workspace")
        indicators = _check_indicators(indicators, problems)
        areas, root_area = _check_areas(areas, settings, problems)
        if areas.empty:
            areas = _flat_areas(targets + actuals, root_area)
        plans = check_plans(plans, problems)
        targets = _check_targets(targets, indicators, areas, root_area, plans, problems)
        actuals, revisions = _check_actuals(actuals, indicators, areas, root_area, problems)
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
        + ([PLANS] if plans_file.exists() else [])
        + [f.relative_to(root).as_posix() for f in target_files + actual_files],
        revisions,
        plans,
    )


def data_tables(root: Path) -> list[tuple[Path, str]]:
    """The workspace's data files, each with its table (targets or actuals)."""
    targets = data_files(root / "targets", NOT_TARGETS)[0]
    return [(f, "targets") for f in targets] + [(f, "actuals") for f in data_files(root / "actuals")[0]]


def read_rows(root: Path, file: Path, table: str, part: Partition | None = None) -> readers.RawTable:
    """A data file of `table` (targets or actuals) as read, only `part`'s rows where one is given.

    Every column's text is judged once per distinct value (categoricals).
    """
    known = tuple(c.name for c in schemas.TABLES[table])
    return readers.read_table(file, file.relative_to(root).as_posix(), known, columns=known, part=part)


def _read_file(
    root, file: Path, table: str, fmt: str, problems, warnings, progress, part=None, sent=None
) -> pd.DataFrame | None:
    """One file read and typed as `table`, with its `file` and `line` columns; None when it cannot be.

    Its problems and warnings are added to those lists. With a `part`, only its rows of
    targets and actuals are kept (their lines as in the whole file); a file in `sent` is
    not read again.
    """
    shown = file.relative_to(root).as_posix()
    progress.step(f"reading {shown}")
    if table in schemas.LARGE and part is not None and part.empty:
        return None  # the settings, the catalogue and the area tree alone
    if table in schemas.LARGE:
        raw = sent[shown] if sent and shown in sent else read_rows(root, file, table, part)
        mine = part is None or part.first or "indicator" not in raw.frame.columns
        if not mine and not len(raw.frame) and not raw.problems:
            return None  # other partitions' file (a packed workspace's): they check it
    else:
        raw = readers.read_table(file, shown)
    problems.extend(raw.problems)
    if raw.frame.columns.empty and not raw.names:
        return None
    typed, bad, notes = schemas.type_columns(raw.frame, table, shown, raw.lines, fmt, raw.names)
    problems.extend(bad)
    warnings.extend(notes)
    if any(p.line == 1 and p.path == shown for p in bad):  # a required column is missing
        return None
    if table in schemas.LARGE:  # one category, not a file name per row; no column copied
        file = pd.Categorical.from_codes(
            np.zeros(len(typed), np.int8), dtype=pd.CategoricalDtype(pd.Index([shown], dtype=str))
        )
        columns = {name: typed[name] for name in typed.columns}
        columns["file"] = pd.Series(file, copy=False)
        columns["line"] = pd.Series(raw.lines, copy=False)
        return pd.DataFrame(columns, copy=False)
    return typed.assign(file=shown, line=raw.lines)


def _check_indicators(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    frame = frame.assign(direction=frame.direction.replace("", "up"))
    problems += schemas.pandera_problems(
        schemas.IndicatorSchema, frame, frame.file.to_numpy(), frame.line.to_numpy()
    )
    problems += ratio_problems(frame)
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
    """Without areas.csv the only area is the root: `root_area`, or "" when the settings name none.

    With neither a root_area nor any row, there is no area at all. Any other id in
    the data is an unknown area (`_keys`).
    """
    ids = [root_area] if root_area or any(len(frame) for frame in frames) else []
    return pd.DataFrame({"area": ids, "name": "", "parent": "", "depth": 0, "file": "", "line": 0})


def _keys(
    frame: pd.DataFrame, indicators: pd.DataFrame, areas: pd.DataFrame, root_area: str, problems
) -> pd.DataFrame:
    """indicator and area as categoricals over the catalogue and the area list; unknown ones reported.

    Ids are judged once per category: millions of rows hold a few thousand ids.
    """
    ids = pd.Index(indicators.indicator)
    indicator = as_category(frame.indicator)
    codes = indicator.cat.codes.to_numpy()
    categories = indicator.cat.categories
    # a row is reported when its id is not in the catalogue and not empty (empty is "missing")
    shown = by_code(~categories.isin(ids) & (categories.astype(str) != ""), codes, True)
    for r in np.flatnonzero(shown):
        problems.append(
            Problem(
                frame.file.iat[r],
                int(frame.line.iat[r]),
                "indicator",
                f"unknown indicator (got {indicator.iat[r]!r}; expected an id of {CATALOGUE})",
            )
        )
    area = as_category(frame.area)
    if root_area:
        area = map_categories(area, lambda cats: cats.where(cats != "", root_area))
    known = pd.Index(areas.area)
    area_codes = area.cat.codes.to_numpy()
    tree = areas.file.ne("").any()
    for r in np.flatnonzero(by_code(~area.cat.categories.isin(known), area_codes, True)):
        got = str(area.iat[r])
        if not tree:
            root = f"{root_area!r} or empty" if root_area else "empty"
            message = (
                f"unknown area (got {got!r}; expected {root}: without {AREAS} the only area is the root; "
                f"leave area empty, or add {AREAS} to name other areas)"
            )
        elif got:
            message = f"unknown area (got {got!r}; expected an area of {AREAS})"
        else:
            message = (
                "empty, and the workspace has no single root area "
                f"(expected an area of {AREAS}, or root_area in {SETTINGS_FILE})"
            )
        problems.append(Problem(frame.file.iat[r], int(frame.line.iat[r]), "area", message))
    return frame.assign(
        indicator=recode(indicator, ids),
        area=recode(area, known),
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames of a table one after another; categoricals stay categoricals, their categories merged."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns = {}
    for name in frames[0].columns:
        parts = [f[name] for f in frames]
        if any(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            parts = [as_category(p) for p in parts]
            merged = pd.Index(
                np.concatenate([p.cat.categories.to_numpy(object) for p in parts]), dtype=object
            ).unique()
            categories = pd.Index(merged, dtype=str)
            codes = np.concatenate([recode(p, categories).cat.codes.to_numpy() for p in parts])
            columns[name] = pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(categories), validate=False
            )
        else:
            columns[name] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns, copy=False)  # no copy into blocks: the columns are new already


def _check_targets(frames, indicators, areas, root_area, plans, problems) -> pd.DataFrame:
    """The target rows, checked, with `start` and `end` months (1 and 12 unless a phase)."""
    columns = [c.name for c in schemas.TABLES["targets"]] + ["last_year", "start", "end", "file", "line"]
    if not frames:
        frames = [_no_targets()]
    frame = _concat(frames)
    frame = _keys(frame, indicators, areas, root_area, problems)
    frame["plan"] = plan_codes(frame, plans, problems)
    codes = frame.indicator.cat.codes.to_numpy()
    # each row's measure and direction (empty for an unknown indicator), as categoricals
    measure, direction = (
        _categories_by_code(indicators[c].to_numpy(object), codes) for c in ("measure", "direction")
    )
    checked = pd.DataFrame(
        {
            "year": frame.year,
            "last_year": frame.last_year,
            "target": frame.target,
            "baseline": frame.baseline,
        },
        copy=False,
    ).assign(measure=measure, direction=direction)
    problems += schemas.pandera_problems(
        schemas.TargetSchema, checked, frame.file.array, frame.line.to_numpy()
    )
    frame["year"] = frame.year.fillna(0).astype(np.int64)
    frame["last_year"] = frame.last_year.fillna(0).astype(np.int64)
    frame["start"], frame["end"] = phases(frame, is_text(pd.Series(measure), "flow") | (codes < 0), problems)
    # an unknown indicator, area, plan or phase (code -1, month 0) is reported as such, not as a clash
    known = (codes >= 0) & (frame.area.cat.codes.to_numpy() >= 0) & (frame.plan.cat.codes.to_numpy() >= 0)
    known &= frame.start.to_numpy() > 0
    problems += version_problems(frame, known)
    problems += phase_problems(frame, known)
    return frame[columns]


def _no_targets() -> pd.DataFrame:
    """A target table without rows, every column typed as a file's would be."""
    kinds = {"number": float, "year": float, "flag": bool, "date": "datetime64[ns]"}
    columns = {c.name: pd.Series(dtype=kinds.get(c.kind, "category")) for c in schemas.TABLES["targets"]}
    columns["year"] = columns["last_year"] = pd.Series(dtype=float)
    return pd.DataFrame(columns).assign(file=pd.Series(dtype="category"), line=pd.Series(dtype=np.int64))


def _categories_by_code(values: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """`values[codes]` (empty text where the code is -1) as a categorical."""
    categories = pd.Index(np.append(values, ""), dtype=object).unique()
    picked = by_code(categories.get_indexer(values), codes, categories.get_loc(""))
    return pd.Categorical.from_codes(picked, dtype=pd.CategoricalDtype(categories), validate=False)


def _check_actuals(frames, indicators, areas, root_area, problems) -> tuple[pd.DataFrame, bool]:
    """The actual rows, checked, and whether some of them share a key (revisions)."""
    columns = [c.name for c in schemas.TABLES["actuals"]] + ["year", "start", "end", "file", "line"]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        empty = empty.astype(
            {"value": float, "year": np.int32, "start": np.int8, "end": np.int8, "file": "category"}
        )
        return _keys(empty, indicators, areas, root_area, problems), False
    frame = _concat([schemas.with_periods(f) for f in frames])
    problems += schemas.period_problems(frame)
    frame = _keys(frame, indicators, areas, root_area, problems)
    kind = indicators.measure.to_numpy()
    codes = frame.indicator.cat.codes.to_numpy()
    measure_codes = by_code(pd.Index(schemas.MEASURES).get_indexer(kind), codes, -1)  # each row's measure
    measure = pd.Categorical.from_codes(measure_codes, categories=list(schemas.MEASURES), validate=False)
    problems += schemas.pandera_problems(
        schemas.ActualSchema,
        pd.DataFrame({"value": frame.value, "measure": measure}),
        frame.file.array,
        frame.line.to_numpy(),
    )
    problems += reported_ratios(frame, indicators, measure_codes == schemas.MEASURES.index("ratio"))
    ok = (codes >= 0) & (frame.area.cat.codes.to_numpy() >= 0) & (frame.start.to_numpy() > 0)
    clashes, revisions = clash_problems(frame, ok, measure_codes == schemas.MEASURES.index("flow"))
    problems += clashes
    return frame[columns], revisions
