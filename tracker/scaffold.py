"""New workspaces (`tracker init`) and the Excel sheet district offices fill in each month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from string import Template

from tracker.errors import BadArgument
from tracker.plans import PLANS
from tracker.schemas import TABLES
from tracker.workspace import AREAS, CATALOGUE, Workspace, load_workspace

SUBMISSION_TEMPLATE = "submission-template.xlsx"
TEMPLATES = Path(__file__).parent / "templates"
# The example workspace (Trà Vinh 2020) ships inside the package as flat files, because the
# package data are `templates/*`: packaged name -> path in the new workspace.
EXAMPLE = {
    "example-tracker.toml": "tracker.toml",
    "example-indicators.csv": CATALOGUE,
    "example-areas.csv": AREAS,
    "example-targets-2020.csv": "targets/2020.csv",
    "example-actuals-2020-H1.csv": "actuals/2020-H1.csv",
}
# A new workspace: template name -> path in the new workspace ($year: the year of the plan).
BLANK = {
    "tracker.toml": "tracker.toml",
    "indicators.csv": CATALOGUE,
    "areas.csv": AREAS,
    "plans.csv": PLANS,
    "targets.csv": "targets/$year.csv",
    "actuals.csv": "actuals/$year-01.csv",
}
_ROWS = 1000  # rows of the submission sheet that carry the drop-down lists
_NOTES = {
    "vi": {
        "indicator": "Mã chỉ tiêu: chọn trong danh sách (xem sheet indicators).",
        "period": (
            "Kỳ báo cáo, gõ dạng văn bản:\n2020-06 = tháng 6/2020\n2020-Q2 = quý II/2020\n"
            "2020-H1 = 6 tháng đầu năm 2020\n2020 = cả năm 2020"
        ),
        "area": "Mã địa bàn (xem sheet areas). Để trống nếu là số của toàn tỉnh.",
        "value": "Số liệu: một con số, theo đơn vị của chỉ tiêu (người, hộ, đồng...).",
        "cumulative": "true nếu số liệu là lũy kế từ đầu năm; để trống nếu là số phát sinh trong kỳ.",
        "reported_at": "Ngày báo cáo (năm-tháng-ngày, ví dụ 2020-07-05).",
        "estimate": "true nếu là số ước thực hiện (kỳ chưa kết thúc).",
        "note": "Ghi chú (không bắt buộc).",
    },
    "en": {
        "indicator": "Indicator id: pick one from the list (see the indicators sheet).",
        "period": (
            "The period, typed as text:\n2020-06 = June 2020\n2020-Q2 = second quarter 2020\n"
            "2020-H1 = first half of 2020\n2020 = the whole year 2020"
        ),
        "area": "Area id (see the areas sheet). Leave empty for the figure of the whole province.",
        "value": "The figure: a number, in the indicator's unit (people, households, đồng...).",
        "cumulative": "true if the figure is the year-to-date total; empty if it is the period's own.",
        "reported_at": "Date of the report (year-month-day, e.g. 2020-07-05).",
        "estimate": "true if the figure is an estimate made before the period closed.",
        "note": "A note (optional).",
    },
}


def create_workspace(folder: str | Path, example: bool = False, year: int | None = None) -> list[Path]:
    """Write a new workspace into `folder` (new or empty); return the files written.

    The blank workspace has every file with its header row and one example row,
    for `year` (default: this year); `example=True` copies the Trà Vinh 2020
    example instead. Both get a `submission-template.xlsx` built from their catalogue.
    """
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise BadArgument(
            f"{root}: the folder is not empty (expected a new or empty folder for the workspace)"
        )
    files = EXAMPLE if example else BLANK
    fill = {"year": str(year or dt.date.today().year)}
    written = []
    for source, target in files.items():
        path = root / Template(target).substitute(fill)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (TEMPLATES / source).read_text(encoding="utf-8")
        path.write_text(text if example else Template(text).substitute(fill), encoding="utf-8")
        written.append(path)
    written.append(write_submission_template(load_workspace(root)))
    return written


def write_submission_template(ws: Workspace) -> Path:
    """Write `submission-template.xlsx` for the workspace's catalogue and areas; return its path.

    The first sheet has the actuals columns, a note on each header (the period's
    syntax among them) and drop-down lists of indicator and area ids; the other
    sheets list the catalogue and the areas the drop-downs read from.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    notes = _NOTES[ws.settings.language]
    book = Workbook()
    sheet = book.active
    sheet.title = "actuals"
    columns = [c.name for c in TABLES["actuals"]]
    sheet.append(columns)
    letter = {name: get_column_letter(k + 1) for k, name in enumerate(columns)}
    for k, name in enumerate(columns):
        cell = sheet.cell(1, k + 1)
        cell.comment = Comment(notes[name], "tracker", width=320, height=140)
        sheet.column_dimensions[letter[name]].width = 22 if name in ("indicator", "note") else 14
    # text columns stay text: Excel would otherwise turn 2020-06 into a date
    for name in ("indicator", "period", "area"):
        sheet.column_dimensions[letter[name]].number_format = "@"
    sheet.column_dimensions[letter["reported_at"]].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    catalogue = book.create_sheet("indicators")
    catalogue.append(["indicator", "name", "unit", "measure"])
    for row in ws.indicators[["indicator", "name", "unit", "measure"]].itertuples(index=False):
        _append_text(catalogue, row)
    lists = [("indicator", f"indicators!$A$2:$A${len(ws.indicators) + 1}")]
    if len(ws.areas):
        places = book.create_sheet("areas")
        places.append(["area", "name", "parent"])
        for row in ws.areas[["area", "name", "parent"]].itertuples(index=False):
            _append_text(places, row)
        lists.append(("area", f"areas!$A$2:$A${len(ws.areas) + 1}"))
    lists += [("cumulative", '"true,false"'), ("estimate", '"true,false"')]
    for name, source in lists:
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        check.add(f"{letter[name]}2:{letter[name]}{_ROWS + 1}")
        sheet.add_data_validation(check)
    path = ws.path / SUBMISSION_TEMPLATE
    book.save(path)
    return path


def _append_text(sheet, values) -> None:
    """A row of workspace text kept as text: `=...` is no formula, control characters are shown."""
    from tracker.report.xlsx import FORMULA_START, keep_text, xml_text

    sheet.append([xml_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            keep_text(cell)
