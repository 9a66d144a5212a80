"""A PDF's text as pdftotext reads it (poppler-utils), for tests of the PDF pack."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def page_texts(path: Path) -> list[str]:
    """Each page's text as `pdftotext -layout` reads it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]  # a form feed ends every page


def flat(text: str) -> str:
    """Text with every run of white space (line ends, a table's column gaps) as one space."""
    return " ".join(text.split())
