"""Workspaces behind an fsspec URL (`s3://bucket/workspace`, through s3fs): workers without a
shared disk read the files themselves.

A task copies into a folder of its own the workspace's small files (settings,
catalogue, areas, plans) and, of its data files, those that can hold its partition's
rows: a Parquet file whose row groups' statistics exclude every indicator of the
partition (a packed workspace's other indicators) is not fetched at all. The copy is
then an ordinary workspace.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path, PurePosixPath

from tracker.engines.partition import NOTHING, Partition
from tracker.errors import BadArgument
from tracker.plans import PLANS
from tracker.settings import SETTINGS_FILE
from tracker.workspace import AREAS, CATALOGUE

SMALL = (SETTINGS_FILE, CATALOGUE, AREAS, PLANS)  # what every task (and the coordinator) needs


def is_url(path) -> bool:
    """Whether a workspace is given as a URL (`s3://...`), not a folder."""
    return "://" in str(path)


def fetch(url: str, part: Partition, dest: Path) -> Path:
    """A local copy at `dest` of what a partition needs of the workspace at `url`."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    root = PurePosixPath(root)
    for name in SMALL:
        if fs.exists(str(root / name)):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            fs.get(str(root / name), str(dest / name))
    if part.empty:
        return dest
    for folder in ("targets", "actuals"):
        (dest / folder).mkdir(parents=True, exist_ok=True)
        if not fs.exists(str(root / folder)):
            continue
        for remote in sorted(fs.ls(str(root / folder), detail=False)):
            name = PurePosixPath(remote).name
            if f"{folder}/{name}" in SMALL or fs.isdir(remote):
                continue
            if name.lower().endswith(".parquet") and not _may_hold(fs, remote, part):
                continue
            fs.get(remote, str(dest / folder / name))
    return dest


def _may_hold(fs, remote: str, part: Partition) -> bool:
    """Whether a remote Parquet file can hold rows of the partition, by its row groups' statistics."""
    import pyarrow.parquet as pq

    with fs.open(remote, "rb") as handle:
        meta = pq.ParquetFile(handle).metadata
        names = [meta.schema.column(k).name.strip().lower() for k in range(meta.num_columns)]
        if "indicator" not in names:
            return True
        at = names.index("indicator")
        for k in range(meta.num_row_groups):
            stats = meta.row_group(k).column(at).statistics
            if stats is None or not stats.has_min_max or part.may_hold(str(stats.min), str(stats.max)):
                return True
    return False


@contextlib.contextmanager
def remote_light(url: str, engine: str):
    """A local folder with the settings, catalogue, areas and plans of the workspace at `url`."""
    if engine != "dask":
        raise BadArgument(
            f"{url}: a workspace behind a URL is read by the dask engine (expected --engine dask)"
        )
    with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
        try:
            yield fetch(url, NOTHING, Path(folder))
        except (ImportError, ValueError) as e:  # no fsspec implementation for the protocol
            raise BadArgument(f"{url}: cannot be read ({e})") from e
