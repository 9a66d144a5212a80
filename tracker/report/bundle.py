"""The report bundle: summaries, charts, a PDF pack, a Word document and the status table, in one folder.

`build_report` writes everything into a temporary folder beside the destination
and moves it into place only when every file is written (`publish.publishing`),
so a failure leaves the previous report as it was and no half-written folder
behind. Charts are drawn for the root area and its direct children only
(`scope`); the status table (`status.csv`, `status.xlsx`) holds every row, but
past `XLSX_MAX_ROWS` the spreadsheet keeps the root and its children.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import charts, formats, narrative
from tracker.errors import BadArgument
from tracker.model.spans import holding_spans, years_of
from tracker.report import dashboard, dated, docx, pdf, xlsx
from tracker.report.publish import publishing
from tracker.report.scope import Scope, scope_of, side_units
from tracker.statuses import Status

if TYPE_CHECKING:
    import pandas as pd

    from tracker.model import Result
    from tracker.workspace import Workspace

SAFE_ID = re.compile(r"[a-z][a-z0-9_]*")
# Names Windows reserves for devices, with any extension (con.png is the console).
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)
# A spreadsheet of every commune of a country is neither readable nor quick to write
# (openpyxl: a few thousand rows a second): past this many rows status.xlsx holds the root
# and its children, and status.csv keeps every row.
XLSX_MAX_ROWS = 20_000
# From this many charts on, they are drawn in processes, one per core (matplotlib draws on one).
CHARTS_PER_PROCESS = 12


def build_report(ws: Workspace, result: Result, out_dir: Path | None = None, lang: str | None = None) -> Path:
    """Write the report bundle of `result` and return its folder.

    The folder (default `<workspace>/reports/<as_of>`) holds `summary.vi.md`,
    `summary.en.md`, `charts/*.png`, `dashboard.pdf`, `report.docx`,
    `status.csv`, `status.xlsx` and `dashboard.html`. `lang` (default: the workspace's language)
    is the language of the charts, the PDF and the Word document; both
    summaries are always written. An existing folder is replaced whole, and
    only once the new one is complete.
    """
    lang = lang or ws.settings.language
    if lang not in formats.LANGUAGES:
        raise BadArgument(f"--lang: got {lang!r} (expected one of {', '.join(formats.LANGUAGES)})")
    dest = Path(out_dir) if out_dir is not None else Path(ws.path) / "reports" / result.as_of
    if dest.exists() and not dest.is_dir():
        raise BadArgument(f"--out: {dest} is a file (expected a folder, or a path not yet used)")
    with publishing(dest) as folder:
        _write_bundle(folder, ws, result, lang)
    return dest


def _write_bundle(folder: Path, ws: Workspace, result: Result, lang: str) -> None:
    scope = scope_of(ws, result)
    organisation = ws.settings.name
    span_tables = holding_spans(ws, result)  # every area's rows: the dashboard drills down
    spans = _span_tables(span_tables, scope)
    context = narrative.Context(scope.plans, scope.others, side_units(ws), spans)
    summaries = {
        code: narrative.summary(scope.root, code, organisation, scope.waiting, context)
        for code in formats.LANGUAGES
    }
    for code, text in summaries.items():
        (folder / f"summary.{code}.md").write_bytes(text.encode("utf-8"))
    when = dated.moment(result.as_of)  # not the clock: the same report, the same bytes
    jobs = _chart_jobs(folder / "charts", scope, result, lang) + _span_jobs(folder / "charts", spans, lang)
    with drawn_meanwhile(jobs):  # what needs no chart is written while the charts are drawn
        # With a BOM, as Excel needs to read the diacritics; tracker reads it back as well.
        # every plan's rows: the plan of record's first where an indicator has several
        everything = result.table("all")
        (folder / "status.csv").write_bytes(xlsx.status_csv(everything).encode("utf-8-sig"))
        status = everything
        if len(status) > XLSX_MAX_ROWS:
            status = status[status.depth <= 1]
        xlsx.write_status_xlsx(status, folder / "status.xlsx", when)
        dashboard.write_dashboard(folder / "dashboard.html", ws, result, lang, span_tables)
    drawn = [file for _, file, _ in jobs]
    span_rows = [(span, rows) for span, rows, _ in spans]
    pdf.write_dashboard(folder / "dashboard.pdf", scope, drawn, summaries[lang], lang, ws, span_rows)
    docx.write_docx(folder / "report.docx", scope, drawn, summaries[lang], lang, when, span_rows)


def _span_tables(tables: list[Result], scope: Scope) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """Each span of years holding the month: (span, the root area's span rows, their figures by year)."""
    out = []
    root = set(scope.root["area"].fillna(""))
    for table in tables:
        rows = table.status[table.status["depth"].eq(0) & table.status["area"].fillna("").isin(root)]
        out.append((table.span, rows, table.span_years))
    return out


def _span_jobs(folder: Path, spans: list, lang: str) -> list[tuple[str, Path, tuple]]:
    """One chart per indicator with figures in each span: `span-<first>-<last>-<indicator>.png`."""
    jobs = []
    for span, rows, years in spans:
        for _, row in rows[rows["status"] != Status.NO_DATA].iterrows():
            mine = years_of(years, row)
            file = folder / f"span-{span}-{_safe_id(row['indicator'])}.png"
            jobs.append(("span", file, (row, mine, file, lang)))
    return jobs


def _chart_jobs(folder: Path, scope: Scope, result: Result, lang: str) -> list[tuple[str, Path, tuple]]:
    """The overview, then each targeted indicator's year chart and, with figures by area, its areas
    chart: each as (its kind, its file, the arguments of its render function)."""
    from tracker import model

    folder.mkdir()
    overview = folder / "overview.png"
    others = scope.others.assign(
        plan_label=[formats.plan_name(scope.plans, p, lang) for p in scope.others["plan"]]
    )
    jobs = [("overview", overview, (scope.targeted, overview, lang, others))]
    if not scope.targeted.empty:
        paths = model.paths(result, scope.targeted)
        for _, row in scope.targeted.iterrows():
            indicator = _safe_id(row["indicator"])
            # "overview" is a valid indicator id; its chart must not replace the overview. Nor may
            # "con" or "nul" name a file: Windows reserves them whatever the extension.
            clash = indicator == "overview" or _RESERVED.fullmatch(indicator)
            name = f"indicator-{indicator}" if clash else indicator
            file = folder / f"{name}.png"
            jobs.append(("cumulative", file, (row, paths[paths["indicator"] == indicator], file, lang)))
            kids = scope.children[
                (scope.children["indicator"] == indicator) & scope.children["target"].notna()
            ]
            if kids["attainment"].notna().any():
                file = folder / f"areas-{indicator}.png"
                jobs.append(("areas", file, (kids, row, file, lang)))
    return jobs


@contextlib.contextmanager
def drawn_meanwhile(jobs: list[tuple[str, Path, tuple]]) -> Iterator[None]:
    """Each chart of `jobs` drawn by the end of the block: when there are many (a national report has a
    chart or two per indicator), in processes on the machine's cores while the block runs; else
    here, before it."""
    from tracker.engines.local import cores, in_background

    if len(jobs) >= CHARTS_PER_PROCESS and cores() > 1:
        with in_background(_draw, [(kind, args) for kind, _, args in jobs]):
            yield
        return
    for kind, _, args in jobs:
        _draw(kind, args)
    yield


def _draw(kind: str, args: tuple) -> None:
    """One chart: `charts.render_<kind>(*args)`."""
    getattr(charts, f"render_{kind}")(*args)


def _safe_id(indicator) -> str:
    if not isinstance(indicator, str) or not SAFE_ID.fullmatch(indicator):
        raise ValueError(f"indicator id {indicator!r} is not safe as a file name")
    return indicator
