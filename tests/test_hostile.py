"""Hostile and huge inputs: text that is markup or a formula, names that are paths, bombs, huge lines."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzzing import rewritten_sheet
from openpyxl import Workbook, load_workbook

from tracker import model, readers
from tracker.cli import cli
from tracker.ingest import ingest
from tracker.report import markdown
from tracker.scaffold import write_submission_template
from tracker.workspace import load_workspace

RELIABILITY_SECTION = "Hostile and huge inputs"
ROOT = Path(__file__).resolve().parent.parent

# Names that are Markdown, HTML, mathtext or a formula; ids Windows reserves; an area id that is a path.
HOSTILE = {
    "tracker.toml": 'name = "**Sở** <b>LĐ</b> [x](http://e.x)"\n',
    "targets/indicators.csv": """\
        indicator,name,name_en,unit,measure,direction,group
        jobs,"# Việc làm *mới* [bấm](http://e.x) `code`",<script>alert(1)</script> jobs,người,flow,up,"## Lao động | <b>"
        con,"$\\frac{1}{$ chi trả & more &amp; _x_",Paid $5,đồng,flow,up,
        nul,"- danh sách
        1. hai dòng",,hộ,stock,up,> trích dẫn
        overview,"=HYPERLINK(""http://x"",""bấm"")",@SUM(A1),%,rate,up,
        """,
    "targets/areas.csv": """\
        area,name,parent
        P,**Tỉnh** <i>nghiêng</i>,
        D1,[Huyện](javascript:alert(1)),P
        ../../escape,"=cmd|' /C calc'!A0",P
        """,
    "targets/2020.csv": """\
        indicator,year,area,target
        jobs,2020,P,1200
        jobs,2020,D1,600
        jobs,2020,../../escape,600
        con,2020,P,100
        nul,2020,P,50
        overview,2020,P,80
        """,
    "actuals/2020-q1.csv": """\
        indicator,period,area,value,note
        jobs,2020-03,D1,100,
        jobs,2020-03,../../escape,50,+84 hồ sơ
        con,2020-03,P,30,*ghi chú* <img src=x onerror=alert(1)>
        nul,2020-03,P,20,
        overview,2020-03,P,40,-2 lớp
        """,
}
NAMES = [
    "# Việc làm *mới* [bấm](http://e.x) `code`",
    "$\\frac{1}{$ chi trả & more &amp; _x_",
    "- danh sách 1. hai dòng",  # the line break is a space once in a sentence
]
_SPECIAL = "\\`*_[]<>|~$"


def _kinds(markdown: str) -> list[str]:
    """The structure of a summary: the kind of each line."""
    kinds = []
    for line in markdown.splitlines():
        if not line.strip():
            kinds.append("blank")
        elif m := re.match(r"(#+) ", line):
            kinds.append(f"h{len(m.group(1))}")
        elif line.startswith("- "):
            kinds.append("item")
        else:
            kinds.append("text")
    return kinds


def _unescaped(line: str) -> list[str]:
    """Characters of `line` that Markdown would read as markup (not escaped by a backslash)."""
    found, k = [], 0
    while k < len(line):
        if line[k] == "\\":
            k += 2
            continue
        if line[k] in _SPECIAL or line.startswith(("&amp;", "&#"), k):
            found.append(line[k])
        k += 1
    return found


@pytest.fixture
def hostile(make_workspace) -> Path:
    return make_workspace(HOSTILE, "hostile")


def test_markup_in_names_areas_and_notes_is_literal_text_in_every_output(hostile, reliability):
    result = CliRunner().invoke(cli, ["report", "-w", str(hostile), "--as-of", "2020-03"])
    assert result.exit_code == 0, result.output
    folder = hostile / "reports" / "2020-03"

    # Markdown: one title, a heading per group and the closing, one item per indicator; nothing else.
    for lang in ("vi", "en"):
        text = (folder / f"summary.{lang}.md").read_text(encoding="utf-8")
        kinds = _kinds(text)
        assert kinds.count("h1") == 1 and kinds[0] == "h1", text
        assert kinds.count("h2") == 4, text  # three groups (one unnamed) and the closing
        assert kinds.count("item") >= 4 and "text" in kinds
        for line in text.splitlines():
            body = re.sub(r"^(#+ |- )", "", line)
            assert _unescaped(body) == [], line
            assert not re.match(r"[#>+=-]|\d+[.)]", body), line
        plain = markdown.plain(text)
        for name in NAMES if lang == "vi" else ["<script>alert(1)</script> jobs", "Paid $5"]:
            assert name in plain
        assert "*ghi chú* <img src=x onerror=alert(1)>" in plain
        assert "**Tỉnh** <i>nghiêng</i>" not in text  # the root's name is not in the title (depth 0)

    # Word: the same text, literally, and the same headings.
    from docx import Document

    doc = Document(folder / "report.docx")
    paragraphs = [p.text for p in doc.paragraphs]
    for name in NAMES:
        assert any(name in p for p in paragraphs), name
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("**Sở** <b>LĐ</b> [x](http://e.x)")
    assert "## Lao động | <b>" in headings and "> trích dẫn" in headings

    # Charts: ids Windows reserves, or the overview's, do not name a file; every file inside charts/.
    charts = sorted(p.name for p in (folder / "charts").iterdir())
    assert charts == [
        "areas-jobs.png",
        "indicator-con.png",
        "indicator-nul.png",
        "indicator-overview.png",
        "jobs.png",
        "overview.png",
    ]

    # Spreadsheets: formula-like names and notes stay text.
    sheet = load_workbook(folder / "status.xlsx").active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {'=HYPERLINK("http://x","bấm")', "=cmd|' /C calc'!A0", "+84 hồ sơ"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    rows = list(csv.DictReader(io.StringIO((folder / "status.csv").read_text("utf-8-sig"))))
    texts = [v for row in rows for v in row.values() if v]
    assert not [v for v in texts if v.startswith(("=", "+", "-", "@")) and not re.fullmatch(r"-[\d.e+-]+", v)]
    assert "'=cmd|' /C calc'!A0" in texts

    # The submission template lists the catalogue and the areas as text, not formulas.
    template = load_workbook(write_submission_template(load_workspace(hostile)))
    listed = [c for name in ("indicators", "areas") for row in template[name].iter_rows() for c in row]
    formulas = [c for c in listed if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) == 2 and all(c.data_type == "s" and c.quotePrefix for c in formulas)

    reliability.record(
        "Markdown, HTML and entities in names, groups, areas, notes, the organisation's name "
        "(`#`, `*`, `[x](y)`, `<script>`, `&amp;`, a line break, a leading `- ` or `1.`)",
        2,
        "summary.vi.md and summary.en.md keep their structure, every special character escaped; "
        "report.docx shows the text as written",
    )
    reliability.record(
        "indicator ids that Windows reserves (con, nul) or that name the overview; an area id `../../escape`",
        3,
        "charts named indicator-<id>.png, every file inside the report's charts/",
    )
    reliability.record(
        "formula-like names, area names and notes (`=HYPERLINK(...)`, `=cmd|...`, `+84`, `-2`, `@SUM`)",
        len(risky) + len(formulas),
        "text cells with a quote prefix in status.xlsx and submission-template.xlsx; `'` before them in status.csv",
    )


def test_a_dollar_sign_in_a_name_is_not_mathtext(hostile, reliability):
    from matplotlib.figure import Figure

    from tracker import charts

    ws = load_workspace(hostile)
    result = model.compute(ws, "2020-03")
    root = result.status[result.status["depth"] == 0]
    ax = Figure().add_subplot()
    charts.draw_overview(ax, root, "vi")
    labels = [t for t in ax.get_yticklabels() if "$" in t.get_text()]
    assert labels and not any(t.get_parse_math() for t in labels)
    ax.figure.savefig(io.BytesIO(), format="png")  # `$\frac{1}{$` would fail to parse as mathtext
    for code, lang in ((0, "vi"), (0, "en")):
        assert CliRunner().invoke(cli, ["report", "-w", str(hostile), "--lang", lang]).exit_code == code
    reliability.record(
        "`$` in names and units (`$\\frac{1}{$ ...`, `Paid $5`): chart labels, PDF text",
        2,
        "drawn as written, never parsed as mathtext; report exit 0 in vi and en",
    )


AREAS = ["../../escape", "/etc/passwd", "CON", "a\\b:c", "x" * 300, "..", "NUL.txt"]


def test_area_ids_that_are_paths_do_not_escape_actuals(make_workspace, tmp_path, reliability):
    areas = "area,name,parent\nP,Tỉnh,\n" + "".join(f'"{a}",Huyện {k},P\n' for k, a in enumerate(AREAS))
    ws = make_workspace(
        {
            "targets/areas.csv": areas,
            "targets/2020.csv": "indicator,year,area,target\njobs,2020,P,1200\n",
        },
        "paths",
    )
    for k, area in enumerate(AREAS):
        submission = tmp_path / f"sub-{k}.csv"
        submission.write_text(
            f'indicator,period,area,value\njobs,2020-0{k + 1},"{area}",10\n', encoding="utf-8"
        )
        done = ingest(ws, [submission])
        assert [s.result for s in done.submissions] == ["added"], done.lines()
    stored = sorted(p for p in (ws / "actuals").iterdir())
    assert len(stored) == len(AREAS)
    outside = [p for p in ws.rglob("*") if p.is_file()]
    assert all(p.parent in (ws, ws / "targets", ws / "actuals") for p in outside)
    reserved = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.I)
    for path in stored:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", path.name), path.name
        assert len(path.name.encode()) <= 255 and not reserved.fullmatch(path.name.split(".")[0])
    assert load_workspace(ws).actuals["area"].nunique() == len(AREAS)
    reliability.record(
        "area ids that are paths or devices in ingested files (`../../escape`, `/etc/passwd`, `CON`, "
        "`NUL.txt`, `..`, `a\\b:c`, 300 characters)",
        len(AREAS),
        "each stored inside actuals/ as `<period>_<area>` of letters, digits and `._-`, at most 100 "
        "characters of stem; the workspace reads them back",
    )


def _workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["indicator", "period", "area", "value"])
    book.active.append(["jobs_created", "2020-07", "TV", 100])
    book.save(path)
    return path


def _declare_huge(path: Path) -> None:
    """Rewrite the central directory of a zip so that each entry says it unpacks to 3.9 GiB."""
    data = bytearray(path.read_bytes())
    for m in re.finditer(b"PK\x01\x02", data):
        data[m.start() + 24 : m.start() + 28] = (0xF0000000).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(example, monkeypatch, reliability):
    bomb = _workbook(example / "actuals" / "bomb.xlsx")
    _declare_huge(bomb)
    assert bomb.stat().st_size < 20_000
    result = CliRunner().invoke(cli, ["validate", "-w", str(example)])
    assert result.exit_code == 1
    assert re.search(
        r"actuals/bomb\.xlsx: the workbook unpacks to \d+ MiB \(expected at most 512 MiB\)", result.output
    )

    _workbook(bomb)  # an honest workbook, over a lowered limit
    monkeypatch.setattr(readers, "_XLSX_MAX_UNPACKED", 1000)
    result = CliRunner().invoke(cli, ["validate", "-w", str(example)])
    assert result.exit_code == 1 and "actuals/bomb.xlsx: the workbook unpacks to 0 MiB" in result.output
    reliability.record(
        "an .xlsx whose entries declare 3.9 GiB each (a zip bomb), and one over a lowered limit",
        2,
        "refused before openpyxl opens it, naming the file and the limit; exit 1",
    )


SUBMISSION = [["indicator", "period", "area", "value"], ["jobs_created", "2020-07", "TV", 100]]


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("cut short", r"its XML is damaged: unclosed token: line 1, column \d+"),
        ("billion laughs", r"it declares XML entities, which Excel never writes: save it again from Excel"),
    ],
    ids=["cut short", "billion laughs"],
)
def test_an_xlsx_whose_sheet_is_cut_short_or_an_entity_bomb_is_refused(
    example, tmp_path, how, why, reliability
):
    before = sorted(p.name for p in (example / "actuals").iterdir())
    submitted = tmp_path / "district.xlsx"
    rewritten_sheet(submitted, SUBMISSION, how)
    result = CliRunner().invoke(cli, ["ingest", "-w", str(example), str(submitted)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert re.fullmatch(
        f"{re.escape(str(submitted))}: not a valid Excel file \\({why}\\)", result.stderr.splitlines()[0]
    )
    assert sorted(p.name for p in (example / "actuals").iterdir()) == before

    rewritten_sheet(example / "actuals" / "district.xlsx", SUBMISSION, how)
    for command in (["validate"], ["status"], ["status", "--format", "json"]):
        result = CliRunner().invoke(cli, [*command, "-w", str(example)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), command
        assert result.stdout == ""
        assert re.fullmatch(
            f"actuals/district\\.xlsx: not a valid Excel file \\({why}\\)\n1 problem in 1 file; nothing was computed\n",
            result.stderr,
        ), result.stderr
    reliability.record(
        f"an .xlsx as Excel writes it whose sheet XML is {'cut short' if how == 'cut short' else 'an entity bomb (billion laughs)'}",
        4,
        "`ingest`, `validate` and `status`: refused as not a valid Excel file, naming the file; nothing added; exit 1",
    )


_PEAK = textwrap.dedent(
    """\
    import json, resource, sys
    from click.testing import CliRunner
    from tracker.cli import cli
    result = CliRunner().invoke(cli, sys.argv[1:])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    print(json.dumps({"exit": result.exit_code, "output": result.output, "peak": peak}))
    """
)


def _peak(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_a_line_of_50_mb_is_refused_in_bounded_memory(example, reliability):
    with open(example / "actuals" / "huge.csv", "w", encoding="utf-8") as f:
        f.write("indicator,period,area,value,note\njobs_created,2020-07,TV,1,")
        f.write("x" * 50_000_000 + "\n")
    run = _peak("validate", "-w", str(example))
    assert run["exit"] == 1
    assert run["output"].startswith("actuals/huge.csv:2: the line is longer than 8 MiB (got 47.7 MiB; ")
    assert run["peak"] < 500 * 2**20, run["peak"]
    reliability.record(
        "a CSV of one line of 50 MB (a 50 MB note)",
        1,
        "refused, naming the file and the line; exit 1; peak memory of the process under 500 MiB",
    )


@pytest.mark.reliability(
    "Hostile and huge inputs",
    "regression: a CSV line longer than the reader's block (8 MiB)",
    cases=1,
    outcome="a message that says the line is too long and where, not pyarrow's 'straddles two block boundaries'",
)
def test_a_line_too_long_is_named_as_such(example):
    with open(example / "actuals" / "long.csv", "w", encoding="utf-8") as f:
        f.write("indicator,period,area,value,note\njobs_created,2020-07,TV,1," + "x" * 9_000_000 + "\n")
    result = CliRunner().invoke(cli, ["validate", "-w", str(example)])
    assert result.exit_code == 1
    assert re.match(r"actuals/long\.csv:2: .*line .*longer than", result.output), result.output


@pytest.mark.reliability(
    "Hostile and huge inputs",
    "regression: a CSV over the size limit (the limit lowered to 1 kB)",
    cases=1,
    outcome="refused before it is read, naming the file and the limit, saying to save it as Parquet",
)
def test_a_csv_over_the_size_limit_is_refused(example, monkeypatch):
    monkeypatch.setattr(readers, "_CSV_MAX_BYTES", 1000)
    text = "indicator,period,area,value\n" + "jobs_created,2020-07,TV,1\n" * 100
    (example / "actuals" / "big.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "-w", str(example)])
    assert result.exit_code == 1
    assert (
        "actuals/big.csv: the file is too large to read as CSV (got 2,628 bytes; expected at most 1,000 bytes: "
        in result.output
    )
    assert "Parquet" in result.output


@pytest.mark.reliability(
    "Hostile and huge inputs",
    "lines over the limit among short ones, ended by \\n, \\r\\n or \\r (the limit lowered to 10 bytes)",
    cases=3,
    outcome="each long line found, with its number as an editor counts it and its length",
)
def test_long_lines_are_found_with_their_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CSV_BLOCK", 7)  # lines are counted in chunks, some cutting a \r\n
    lines = [b"h,e", b"a" * 5, b"b" * 11, b"c" * 3, b"", b"d" * 10, b"e" * 30, b"f" * 12]
    for end in (b"\n", b"\r\n", b"\r"):
        path = tmp_path / "lines.csv"
        path.write_bytes(end.join(lines))
        assert readers._long_lines(path, 10) == [(3, 11), (7, 30), (8, 12)], end
