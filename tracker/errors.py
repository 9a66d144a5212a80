"""The domain exceptions and the located problem they carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: `path:line: column: message`."""

    path: str
    line: int = 0  # 0: the whole file
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class TrackerError(Exception):
    """Base of the errors tracker reports to a user without a traceback."""


class NoWorkspace(TrackerError):
    """The folder is not a tracker workspace."""


class InvalidWorkspace(TrackerError):
    """The workspace's files have problems; nothing was computed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        files = len({p.path for p in self.problems})
        n = len(self.problems)
        super().__init__(
            f"{n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}; nothing was computed"
        )


class BadArgument(TrackerError):
    """A command-line value that does not fit the workspace (an unknown area, a bad month)."""


class NothingToCompute(TrackerError):
    """The workspace is valid but holds no targets and no actuals to report on."""
