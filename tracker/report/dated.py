"""The same report, the same bytes: its office files dated from the as-of month, never the clock.

A docx or xlsx file is a zip archive whose entries carry the time they were
written, and whose core properties say when the document was created and last
modified. `moment(as_of)` is the date the report's files carry instead (the last
day of the as-of month, at midnight), and `DatedZip` writes an archive whose
every entry is dated so. Run twice on the same figures, `tracker report` writes
the same bytes, so a changed file is a changed report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

__all__ = ["DatedZip", "moment"]


def moment(as_of: str) -> dt.datetime:
    """The date of a report as of `as_of` (YYYY-MM): the last day of that month, at midnight."""
    year, month = (int(part) for part in as_of.split("-"))
    return dt.datetime(year, month, calendar.monthrange(year, month)[1])


class DatedZip(zipfile.ZipFile):
    """A new zip archive (deflated) whose every entry is dated `when`; zipfile would date them now."""

    def __init__(self, path: str | Path, when: dt.datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.date_time = when.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = (
            zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        )
        super().writestr(self._entry(name), data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        """Add the file `filename` as `arcname`, streamed (openpyxl writes a large sheet so)."""
        entry = self._entry(arcname or os.path.basename(filename))
        entry.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    def copy(self, archive: zipfile.ZipFile) -> None:
        """Add every entry of `archive`, in its order."""
        for info in archive.infolist():
            self.writestr(info.filename, archive.read(info))

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self.date_time)
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16  # -rw-------, as zipfile gives a text it writes
        return entry
