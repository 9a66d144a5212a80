"""Crash-safe writing: a file, or a whole folder, appears complete or not at all.

A file is written to a hidden temporary beside it (`.<name>.tmp`), flushed to
the disk (`write_hidden`), then renamed over its final name and the folder
flushed so that the rename survives a crash of the machine (`put_in_place`);
ingest notes each file in its log between the two. `final_path` names what a
leftover temporary was meant to become.

A folder (the report bundle) is written by `publishing(dest)`: into a hidden
temporary folder beside `dest`, held by a lock while it is written, then swapped
with `dest` in one step (Linux's renameat2 RENAME_EXCHANGE; elsewhere two
renames). Killed at any moment, it leaves `dest` whole, the previous folder or
the new one; the next run removes what the killed one left behind.
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["final_path", "put_in_place", "publishing", "sync_folder", "write_hidden"]

# --- one file --------------------------------------------------------------------------------------


def write_hidden(path: Path, data: bytes) -> Path:
    """Write `data` to the hidden temporary of `path`, flushed to the disk; return the temporary.

    Hidden (`.<name>.tmp`): a reader listing the folder meanwhile ignores it.
    """
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return temporary


def final_path(temporary: Path) -> Path:
    """The path a temporary of `write_hidden` is to be renamed to."""
    return temporary.with_name(temporary.name[1:].removesuffix(".tmp"))


def put_in_place(temporaries: Iterable[Path]) -> None:
    """Rename temporaries of `write_hidden` to their final names, then flush their folders."""
    folders = []
    for temporary in temporaries:
        os.replace(temporary, final_path(temporary))
        if temporary.parent not in folders:
            folders.append(temporary.parent)
    for folder in folders:
        sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames and deletions in it) to the disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- one folder ------------------------------------------------------------------------------------


@contextmanager
def publishing(dest: Path) -> Iterator[Path]:
    """Yield an empty folder to write; once the block ends without error, it becomes `dest`.

    An existing `dest` is replaced whole, and only then. On an error (or a kill)
    the folder written is removed and `dest` is left as it was.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    _clean_up_after_crashes(dest)
    # Beside the destination, so that the final move is a rename on one filesystem.
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    # Held while the folder is written: a later run knows a folder nobody holds is a dead run's.
    held = os.open(work, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        _open_up(work)
        yield work
        _move_into_place(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.close(held)


def _move_into_place(new: Path, dest: Path) -> None:
    """Rename `new` to `dest`; an existing `dest` is set aside first and deleted last.

    On Linux the two folders swap names in one step (renameat2 RENAME_EXCHANGE), so
    that no instant, and no kill, leaves `dest` missing. Elsewhere `dest` is renamed
    aside to a hidden `.old` first; a run killed between the two renames leaves it
    there, and the next run puts it back (`_clean_up_after_crashes`).
    """
    if not dest.exists():
        os.rename(new, dest)
        return
    old = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.old")
    if _exchange(new, dest):
        os.rename(new, old)  # the previous report, now at the temporary name
    else:
        os.rename(dest, old)
        try:
            os.rename(new, dest)
        except BaseException:
            os.rename(old, dest)
            raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names of two paths atomically (Linux); False where the system cannot."""
    if sys.platform != "linux":
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: a filesystem without exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _clean_up_after_crashes(dest: Path) -> None:
    """Remove what runs killed before finishing left beside `dest`; put back a folder they set aside.

    A hidden `.<name>.*.tmp` folder is a run's work: it is removed once no process
    holds its lock (its run is dead). A `.<name>.*.old` folder is a previous one
    set aside: deleted when `dest` is in place, renamed back to `dest` when it is not.
    """
    for path in sorted(dest.parent.glob(f".{glob.escape(dest.name)}.*.old")):
        if not dest.exists():
            os.rename(path, dest)
        else:
            shutil.rmtree(path, ignore_errors=True)
    for path in dest.parent.glob(f".{glob.escape(dest.name)}.*.tmp"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a run still writing it
        else:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def _open_up(folder: Path) -> None:
    # mkdtemp makes a private folder (0700); a report is shared like any folder the user makes.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)
