"""The report: the bundle a director reads, and the safe writing it shares with ingest.

`build_report(ws, result)` writes `reports/<as_of>/` whole or not at all: the
summaries, the charts, `dashboard.pdf`, `report.docx`, `status.csv` and
`status.xlsx`. One module per concern:

- `bundle`: what goes into the folder, and `build_report`;
- `publish`: crash-safe writing of a file or a whole folder (used by ingest too);
- `scope`: the rows the report tells, and a status as the documents show it;
- `markdown`: the summary read back into blocks, for the PDF and the Word document;
- `pdf`: the dashboard's pages, set with reportlab's platypus;
- `docx`: the Word document;
- `xlsx`: the status table as spreadsheets open it, and text kept as text in a cell;
- `dated`: the office files dated from the as-of month, so the same report is the same bytes.

The names below are imported on first use (PEP 562), so that `import
tracker.report` (or `tracker.report.xlsx` alone) loads nothing it does not need;
matplotlib, openpyxl, python-docx and reportlab are imported inside the functions that use them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.report.bundle import build_report
    from tracker.report.xlsx import keep_text, status_csv, write_status_xlsx, xml_text

__all__ = ["build_report", "keep_text", "status_csv", "write_status_xlsx", "xml_text"]

_HOMES = {
    "build_report": "tracker.report.bundle",
    "keep_text": "tracker.report.xlsx",
    "status_csv": "tracker.report.xlsx",
    "write_status_xlsx": "tracker.report.xlsx",
    "xml_text": "tracker.report.xlsx",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'tracker.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
