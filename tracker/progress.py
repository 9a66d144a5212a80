"""A one-line progress display on stderr for long work; silent unless stderr is a terminal.

Loading a national workspace or computing its status takes seconds. A user at a
terminal then sees what tracker is doing and for how long; pipes, files and
tests see nothing, and work done within a second shows nothing either.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time

DELAY = 1.0  # seconds before the display appears: quick commands stay quiet
REFRESH = 0.25


class Progress:
    """A line such as `reading actuals/a.csv … 3 s`, kept up to date while the work goes on.

    `with Progress("loading") as p: p.step("reading actuals/a.csv")`
    """

    def __init__(self, what: str, stream=None):
        self.what = what
        self.detail = ""
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._start = time.monotonic()

    def __enter__(self) -> Progress:
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="tracker-progress", daemon=True)
            self._thread.start()
        return self

    def step(self, detail: str) -> None:
        """What is being done now (a file name, a stage)."""
        self.detail = detail

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        if self._shown:
            self._write("\r\x1b[K")

    def _run(self) -> None:
        if self._stop.wait(DELAY):
            return
        while True:
            self._draw()
            if self._stop.wait(REFRESH):
                return

    def _draw(self) -> None:
        seconds = time.monotonic() - self._start
        line = f"{self.detail or self.what} … {seconds:.0f} s"
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self._write("\r\x1b[K" + line[:width])
        self._shown = True

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: nothing to show progress on
            pass


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
