"""A seeded mutator of the example workspace, and the rules every command keeps on what it makes.

One case is one integer seed: `mutate(folder, seed)` breaks a fresh copy of the
example (Trà Vinh 2020) in a way drawn from `random.Random(seed)`, and
`run_case` runs `tracker validate`, `tracker status --format json` and, when
asked, `tracker report` on it. Every command must answer exit 0 or 1, never a
traceback; on exit 1 every problem line names a file of the workspace (and the
changed line, where the case knows one). A broken rule raises `Violation`,
whose message says how to replay the case:

    .venv/bin/python scripts/fuzz.py --case SEED

Used by tests/test_fuzz.py (a few hundred cases) and scripts/fuzz.py (as many
as you like).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from example_workspace import copy_example

REPLAY = ".venv/bin/python scripts/fuzz.py --case {seed}"

CATALOGUE = "targets/indicators.csv"
AREAS = "targets/areas.csv"
TARGETS = "targets/2020.csv"
ACTUALS = "actuals/2020-H1.csv"
DATA_FILES = (TARGETS, ACTUALS)
CSV_FILES = (CATALOGUE, AREAS, TARGETS, ACTUALS)

# What each column of the example's files holds; `kind` says which junk must be refused at its line.
KINDS = {
    CATALOGUE: {
        "indicator": "new_id",
        "name": "text",
        "name_en": "free",
        "unit": "text",
        "measure": "measure",
        "direction": "direction",
        "group": "free",
    },
    AREAS: {"area": "free", "name": "text", "parent": "area"},
    TARGETS: {
        "indicator": "indicator",
        "year": "number",
        "area": "area",
        "target": "number",
        "baseline": "optional_number",
        "note": "free",
    },
    ACTUALS: {
        "indicator": "indicator",
        "period": "period",
        "area": "area",
        "value": "number",
        "reported_at": "date",
        "note": "free",
    },
}

LONG = "x" * 100_000
JUNK = [
    "n/a", "N/A", "-", "=1+1", "=HYPERLINK(\"http://example.com\",\"x\")", "+1", "-1", "-5", "-0",
    "1e309", "-1e309", "1e308", "1e30", "1e-400", "4.9e-324", "NaN", "nan", "inf", "-inf", "Infinity",
    "12,5", "1.234", "1.234,5", "44.385.794.000", "12 500", "12\u00a0500", "0.125", "17.9", "99.74%",
    "\u200b", "1\u200b2", "\ufeff12", "12\u200b", "\x00", "1\x002", LONG, "9" * 400, "0x1F", "1_000",
    "１２", "١٢", "2020-06-22", "22/06/2020", "2020-06-22T10:00:00+07:00", "2020-13", "2020-Q5",
    "2020-H3", "2020-00", "2020-q2", "2020", "2019-12", "2021-01", "99999", "0", "", " ", "TRUE", "true",
    "None", "null", '"', "a,b", "a;b", "a\tb", "line\nbreak", "\r", "%", "50%", "--5", "+-5", "1e5",
    "  42  ", "\U0001f600", "\u202eTV", "../../etc/passwd", "<script>alert(1)</script>", "💥" * 1000,
    "TV", "CL", "jobs_created", "flow", "stock", "rate", "down", "Tỉnh Trà Vinh", "TRÀ VINH",
]  # fmt: skip
# Junk that is never a number in the plain format (so a required number cell holding it is an error).
NOT_NUMBER = {
    "", " ", "n/a", "N/A", "-", "=1+1", "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e309",
    "12,5", "1.234", "1.234,5", "44.385.794.000", "12 500", "12\u00a0500", "\u200b", "1\u200b2",
    "\ufeff12", "12\u200b", LONG, "0x1F", "1_000", "１２", "١٢", "2020-06-22", "22/06/2020", "2020-13",
    "2020-Q5", "None", "null", "TRUE", "%", "--5", "+-5", "a,b", "jobs_created", "\U0001f600",
}  # fmt: skip
NOT_ID = {
    "", " ", "n/a", "N/A", "-", "=1+1", "NaN", "12,5", "\u200b", "12\u200b", LONG, "2020-06-22",
    "2020-13", "None", "%", "\U0001f600", "\u202eTV", "../../etc/passwd", "a,b",
}  # fmt: skip
NOT_PERIOD = NOT_ID | {"2020-Q5", "2020-H3", "2020-00", "99999", "22/06/2020", "0", "TRUE"}
NOT_DATE = {"n/a", "=1+1", "NaN", "12,5", "\u200b", LONG, "22/06/2020", "2020-13-45", "None", "TRUE", "%"}
_ID = re.compile(r"[a-z][a-z0-9_]*")


def must_refuse(kind: str, junk: str) -> bool:
    """Whether `junk` in a cell of this kind is surely an error at that line."""
    if kind == "number":
        return junk in NOT_NUMBER
    if kind == "optional_number":
        return junk in NOT_NUMBER and junk.strip() not in ("", "%")  # a lone % is an empty cell
    if kind == "indicator":
        return junk in NOT_ID
    if kind == "measure":
        return junk.strip() not in ("flow", "stock", "rate")
    if kind == "new_id":
        return junk.strip() == "" or not _ID.fullmatch(junk.strip())
    if kind == "direction":
        return junk.strip().lower() not in ("", "up", "down") and junk in NOT_ID | {"flow", "0"}
    if kind == "period":
        return junk in NOT_PERIOD
    if kind == "area":
        return junk in NOT_ID - {"", " "}
    if kind == "date":
        return junk in NOT_DATE
    if kind == "text":
        return junk.strip() == ""
    return False


@dataclass
class Case:
    """One mutated workspace: what was done to it, and the cell that must be reported, if any."""

    seed: int
    kind: str = ""
    steps: list[str] = field(default_factory=list)
    cell: tuple[str, int, str] | None = None  # (file, line, column) that exit 1 must name
    junk: str | None = None

    def describe(self) -> str:
        return f"case {self.seed} ({self.kind}): " + "; ".join(self.steps)


class Violation(AssertionError):
    """A command broke a rule on a fuzzed workspace."""


# --- the example, and its files as text ------------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


# --- mutations: each takes (rng, root, case) and changes files under root --------------------------------


def junk_cell(rng: random.Random, root: Path, case: Case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES * 3)  # the data files more often
    rows = _rows(root / name)
    r = rng.randrange(1, len(rows))
    c = rng.randrange(len(rows[0]))
    column = rows[0][c]
    junk = rng.choice(JUNK) if rng.random() < 0.85 else _random_text(rng)
    rows[r][c] = junk
    _write_rows(root / name, rows)
    case.junk = junk
    case.steps.append(f"{name}:{r + 1}: {column} = {junk[:40]!r}{'...' if len(junk) > 40 else ''}")
    kind = KINDS[name].get(column, "free")
    if must_refuse(kind, junk) and "\n" not in junk and "\r" not in junk:
        case.cell = (name, r + 1, column)


def _random_text(rng: random.Random) -> str:
    alphabets = [
        "0123456789",
        "0123456789.,-+eE% ",
        "abcdefghijklmnopqrstuvwxyz_",
        "ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡđĐ",
        "\u200b\u200c\u200d\ufeff\u00a0\u2028\u2029\t ",
        "\"';,=\\|<>",
    ]
    chars = "".join(rng.sample(alphabets, rng.randint(1, 3)))
    return "".join(rng.choice(chars) for _ in range(rng.randint(1, 30)))


def drop_column(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES)
    rows = _rows(root / name)
    c = rng.randrange(len(rows[0]))
    case.steps.append(f"{name}: column {rows[0][c]!r} dropped")
    _write_rows(root / name, [row[:c] + row[c + 1 :] for row in rows])


def rename_column(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES)
    rows = _rows(root / name)
    c = rng.randrange(len(rows[0]))
    old = rows[0][c]
    new = rng.choice(
        [
            "",
            " ",
            old.upper(),
            f" {old} ",
            old + "_",
            old.replace("a", "\u0430"),  # a Cyrillic а that looks like a Latin a
            old + "\u200b",
            rng.choice(rows[0]),  # the name of another column: now twice
            "giá trị",
            "=cmd|' /C calc'!A0",
            LONG[:300],
        ]
    )
    rows[0][c] = new
    case.steps.append(f"{name}: column {old!r} renamed {new[:40]!r}")
    _write_rows(root / name, rows)


def lines(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES)
    text = (root / name).read_text(encoding="utf-8")
    body = text.splitlines(keepends=True)
    how = rng.choice(["duplicate", "delete", "shuffle", "blank", "cells", "header", "crlf", "no newline"])
    if how == "duplicate":
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(body))
            body.insert(rng.randrange(len(body) + 1), body[k])
    elif how == "delete" and len(body) > 1:
        for _ in range(rng.randint(1, min(3, len(body) - 1))):
            del body[rng.randrange(1, len(body))]
    elif how == "shuffle":
        rest = body[1:]
        rng.shuffle(rest)
        body = body[:1] + rest
    elif how == "blank":
        body.insert(rng.randrange(1, len(body) + 1), rng.choice(["\n", ",,,,,\n", "   \n", "\t\n"]))
    elif how == "cells":
        k = rng.randrange(1, len(body))
        body[k] = body[k].rstrip("\n") + rng.choice([",extra", ",,,,,,,,", ""]) + "\n"
        if rng.random() < 0.5:
            body[k] = body[k].split(",", 1)[0] + "\n"
    elif how == "header":
        k = rng.randrange(1, len(body))
        body[0], body[k] = body[k], body[0]
    elif how == "crlf":
        body = [b.replace("\n", "\r\n") for b in body]
    else:
        body[-1] = body[-1].rstrip("\n")
    case.steps.append(f"{name}: lines {how}")
    (root / name).write_text("".join(body), encoding="utf-8", newline="")


def truncate(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES + ("tracker.toml",))
    data = (root / name).read_bytes()
    cut = rng.randrange(len(data))
    (root / name).write_bytes(data[:cut])
    case.steps.append(f"{name}: truncated at byte {cut} of {len(data)}")


def empty(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES + ("tracker.toml",))
    data = (root / name).read_bytes()
    content = rng.choice([b"", b"\xef\xbb\xbf", b"\n\n\n", b"   ", data.split(b"\n", 1)[0] + b"\n", b","])
    (root / name).write_bytes(content)
    case.steps.append(f"{name}: replaced by {content[:30]!r}")


def random_bytes(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES + ("tracker.toml",))
    junk = rng.randbytes(rng.randint(1, 5000))
    where = rng.choice(["replace", "append", "insert"])
    data = (root / name).read_bytes()
    if where == "replace":
        data = junk
    elif where == "append":
        data += junk
    else:
        k = rng.randrange(len(data))
        data = data[:k] + junk + data[k:]
    (root / name).write_bytes(data)
    case.steps.append(f"{name}: {len(junk)} random bytes ({where})")


def encoding(rng, root, case) -> None:
    name = rng.choice(CSV_FILES + DATA_FILES + ("tracker.toml",))
    text = (root / name).read_text(encoding="utf-8")
    how = rng.choice(
        ["utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1", "utf-8-sig", "semicolon", "tab"]
    )
    if how in ("semicolon", "tab") and name != "tracker.toml":
        _write_rows(root / name, _rows(root / name), ";" if how == "semicolon" else "\t")
    else:
        (root / name).write_bytes(text.encode(how if how not in ("semicolon", "tab") else "utf-8", "replace"))
    case.steps.append(f"{name}: re-encoded {how}")


def _typed_rows(name: str, rows: list[list[str]]) -> list[list]:
    """The rows of a CSV with numbers as numbers and dates as dates, as Excel would store them."""
    kinds = KINDS[name]
    out = [rows[0]]
    for row in rows[1:]:
        typed = []
        for column, value in zip(rows[0], row, strict=False):
            kind = kinds.get(column, "free")
            if kind in ("number", "optional_number"):
                typed.append(_number(value) if value else None)
            elif kind == "date" and value:
                typed.append(dt.datetime.fromisoformat(value))
            else:
                typed.append(value or None)
        out.append(typed)
    return out


TYPED_JUNK = [
    float("nan"), float("inf"), -1.0, 1e308, 10**30, True, False, dt.datetime(2020, 6, 22), dt.date(2020, 1, 1),
    dt.time(12, 0), "=1+1", "=1/0", "n/a", "12,5", "1.234", "", " ", None, 0, -0.0, 2020.5, "\u200b",
]  # fmt: skip


def as_xlsx(rng, root, case) -> None:
    """A data file saved as .xlsx, with a typed junk cell now and then."""
    from openpyxl import Workbook

    name = rng.choice(DATA_FILES)
    rows = _typed_rows(name, _rows(root / name))
    note = ""
    if rng.random() < 0.7:
        r, c = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
        junk = rng.choice(TYPED_JUNK)
        rows[r][c] = junk
        note = f"; row {r + 1} {rows[0][c]} = {junk!r}"
        kind = KINDS[name].get(rows[0][c], "free")
        if isinstance(junk, str) and must_refuse(kind, junk) and junk not in ("=1+1", "=1/0"):
            case.cell = (str(Path(name).with_suffix(".xlsx")), r + 1, rows[0][c])
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    (root / name).unlink()
    try:
        book.save(root / Path(name).with_suffix(".xlsx"))
    except Exception as e:  # openpyxl refuses some values (nan in a number cell): write what it can
        case.steps.append(f"{name}: openpyxl could not save it ({type(e).__name__}), saved without the junk")
        book = Workbook()
        for row in rows:
            book.active.append([v if not isinstance(v, float) or v == v else None for v in row])
        book.save(root / Path(name).with_suffix(".xlsx"))
    case.steps.append(f"{name}: saved as .xlsx{note}")


def as_parquet(rng, root, case) -> None:
    """A data file saved as .parquet, typed, with a column of the wrong type now and then."""
    import numpy as np
    import pandas as pd

    name = rng.choice(DATA_FILES)
    rows = _typed_rows(name, _rows(root / name))
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    note = ""
    if rng.random() < 0.8:
        column = rng.choice(list(frame.columns))
        n = len(frame)
        how = rng.choice(["text junk", "bool", "date", "int", "nan", "inf", "categorical", "nulls", "bytes"])
        if how == "text junk":
            values = [rng.choice(JUNK[:60]) for _ in range(n)]
        elif how == "bool":
            values = [rng.random() < 0.5 for _ in range(n)]
        elif how == "date":
            values = pd.date_range("2020-01-01", periods=n, freq="D")
        elif how == "int":
            values = np.arange(n, dtype=np.int64) * (2**40)
        elif how == "nan":
            values = np.full(n, np.nan)
        elif how == "inf":
            values = np.where(np.arange(n) % 2 == 0, np.inf, -np.inf)
        elif how == "categorical":
            values = pd.Categorical(frame[column].astype(str))
        elif how == "nulls":
            values = pd.Series([None] * n, dtype=object)
        else:
            values = [rng.randbytes(4) for _ in range(n)]
        frame[column] = values
        note = f"; column {column} as {how}"
    for k in range(frame.shape[1]):  # pyarrow wants one type per column (by position: a name may repeat)
        values = frame.iloc[:, k]
        if values.dtype == object and values.map(type).nunique() > 1:
            frame.isetitem(k, values.map(lambda v: None if v is None else str(v)))
    (root / name).unlink()
    frame.to_parquet(root / Path(name).with_suffix(".parquet"), index=False)
    case.steps.append(f"{name}: saved as .parquet{note}")


def _any_format_junk(rng, how: str, source: Path, target: Path) -> bool:
    """Write `target` as junk any format can get (the CSV's text, random bytes, nothing); False for other kinds."""
    if how == "csv text":
        target.write_bytes(source.read_bytes())
    elif how == "random bytes":
        target.write_bytes(rng.randbytes(rng.randint(1, 4000)))
    elif how == "empty":
        target.write_bytes(b"")
    else:
        return False
    return True


SHEET = "xl/worksheets/sheet1.xml"


def _laughs(depth: int = 9) -> str:
    """A DTD whose entity &lol{depth}; expands to 10**depth times "lol" ("billion laughs")."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, depth + 1)
    ]
    return f"<!DOCTYPE worksheet [{''.join(entities)}]>"


def rewritten_sheet(target: Path, rows: list[list], how: str, rng: random.Random | None = None) -> None:
    """An .xlsx of `rows` as openpyxl writes it (as Excel does: with its <dimension>), its sheet XML then
    "cut short" (at a random point, or two thirds in) or given "billion laughs" (entities that
    expand a billion times, used in the first cell)."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                text = data.decode("utf-8")
                assert "<dimension " in text
                if how == "cut short":
                    data = data[: rng.randrange(1, len(data)) if rng else len(data) * 2 // 3]
                else:
                    text = text.replace("<worksheet", _laughs() + "<worksheet", 1)
                    data = re.sub(r"<t>[^<]*</t>", "<t>&lol9;</t>", text, count=1).encode("utf-8")
            out.writestr(info, data)


def not_xlsx(rng, root, case) -> None:
    """An .xlsx that is not a workbook: CSV text, random bytes, another zip, a cut workbook or sheet, a bomb."""
    from openpyxl import Workbook

    name = rng.choice(DATA_FILES)
    how = rng.choice(
        ["csv text", "random bytes", "empty", "zip of junk", "cut workbook", "zip without sheets"]
        + ["cut short", "billion laughs"]
    )
    target = root / Path(name).with_suffix(".xlsx")
    if _any_format_junk(rng, how, root / name, target):
        pass
    elif how in ("cut short", "billion laughs"):
        rewritten_sheet(target, _typed_rows(name, _rows(root / name)), how, rng)
    elif how == "zip of junk":
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("junk.txt", rng.randbytes(100))
    elif how == "zip without sheets":
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook><sheets/></workbook>")
    else:
        book = Workbook()
        for row in _rows(root / name):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        target.write_bytes(data[: rng.randrange(len(data))])
    (root / name).unlink()
    case.steps.append(f"{target.relative_to(root).as_posix()}: {how}")


def not_parquet(rng, root, case) -> None:
    import pandas as pd

    name = rng.choice(DATA_FILES)
    how = rng.choice(["csv text", "random bytes", "empty", "magic only", "cut parquet"])
    target = root / Path(name).with_suffix(".parquet")
    if _any_format_junk(rng, how, root / name, target):
        pass
    elif how == "magic only":
        target.write_bytes(b"PAR1" + rng.randbytes(rng.randint(0, 64)) + b"PAR1")
    else:
        rows = _rows(root / name)
        buffer = io.BytesIO()
        pd.DataFrame(rows[1:], columns=rows[0]).to_parquet(buffer, index=False)
        data = buffer.getvalue()
        target.write_bytes(data[: rng.randrange(len(data))])
    (root / name).unlink()
    case.steps.append(f"{target.relative_to(root).as_posix()}: {how}")


SETTINGS_JUNK = [
    'number_format = "vi"', 'number_format = 5', 'language = "fr"', 'language = "en"', 'pace = "seasonal"',
    'pace = ["auto"]', 'root_area = "XX"', 'root_area = ""', 'root_area = "CL"', "colour = true",
    "[thresholds]\non_track = -1", "[thresholds]\nat_risk = 2.0", '[thresholds]\non_track = "high"',
    "[thresholds]\nsomething = 1", "thresholds = 5", "[thresholds.deeper]\nx = 1", 'name = """',
    "name = \"\\u0000\"", "= 1", "[[thresholds]]", 'name = "' + "x" * 10_000 + '"',
]  # fmt: skip


def settings(rng, root, case) -> None:
    path = root / "tracker.toml"
    text = path.read_text(encoding="utf-8")
    junk = rng.choice(SETTINGS_JUNK)
    if rng.random() < 0.5:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(junk.split(" ")[0]))
    # a table or a broken line goes at the end; a key before [thresholds], so that it is a top-level key
    text = text + "\n" + junk + "\n" if junk.startswith(("[", "=")) else junk + "\n" + text
    path.write_text(text, encoding="utf-8")
    case.steps.append(f"tracker.toml: {junk[:40]!r}")


def stray_files(rng, root, case) -> None:
    folder = rng.choice(["targets", "actuals"])
    how = rng.choice(["xls", "txt", "lock", "hidden", "folder", "odd name", "copy", "upper suffix"])
    source = root / (TARGETS if folder == "targets" else ACTUALS)
    if how == "xls":
        (root / folder / "old.xls").write_bytes(rng.randbytes(100))
    elif how == "txt":
        (root / folder / "readme.txt").write_text("not data", encoding="utf-8")
    elif how == "lock":
        (root / folder / "~$2020.xlsx").write_bytes(rng.randbytes(50))
    elif how == "hidden":
        (root / folder / ".2020.csv.swp").write_bytes(rng.randbytes(50))
    elif how == "folder":
        (root / folder / "more.csv").mkdir()
    elif how == "odd name":
        (root / folder / "tệp của huyện Càng Long (1).csv").write_bytes(source.read_bytes())
    elif how == "copy":
        (root / folder / "copy.csv").write_bytes(source.read_bytes())
    else:
        source.rename(source.with_suffix(".CSV"))
    case.steps.append(f"{folder}/: {how}")


def delete_files(rng, root, case) -> None:
    """Files gone: a target or actuals file, the area tree, the settings, or all the data."""
    choice = rng.choice(
        [[TARGETS], [ACTUALS], [AREAS], ["tracker.toml"], [TARGETS, ACTUALS], [AREAS, TARGETS]]
    )
    for name in choice:
        (root / name).unlink()
    if TARGETS in choice and ACTUALS in choice and rng.random() < 0.5:  # an empty workspace, header only
        (root / TARGETS).write_text("indicator,year,area,target\n", encoding="utf-8")
        choice = [*choice, f"(then {TARGETS} written back with its header alone)"]
    case.steps.append(f"deleted {', '.join(choice)}")


MUTATIONS = {
    "junk in a CSV cell": (junk_cell, 8),
    "column dropped": (drop_column, 2),
    "column renamed or repeated": (rename_column, 2),
    "lines duplicated, deleted, shuffled, blank, ragged": (lines, 3),
    "file truncated": (truncate, 2),
    "file emptied": (empty, 1),
    "random bytes": (random_bytes, 2),
    "re-encoded (UTF-16, legacy, delimiters)": (encoding, 2),
    "data saved as xlsx (typed junk cells)": (as_xlsx, 2),
    "data saved as Parquet (wrong column types)": (as_parquet, 2),
    "an .xlsx that is not a workbook": (not_xlsx, 1),
    "a .parquet that is not Parquet": (not_parquet, 1),
    "tracker.toml junk": (settings, 2),
    "stray files and folders": (stray_files, 1),
    "files deleted": (delete_files, 1),
}
COMBINED = "several of these at once"
CLASSES = list(MUTATIONS) + [COMBINED]


def mutate(root: Path, seed: int) -> Case:
    """Break the workspace at `root` as the seed says; what was done."""
    rng = random.Random(seed)
    case = Case(seed)
    names = list(MUTATIONS)
    weights = [MUTATIONS[n][1] for n in names]
    if rng.random() < 0.12:
        case.kind = COMBINED
        for _ in range(rng.randint(2, 4)):
            _apply(rng.choices(names, weights)[0], rng, root, case)
        case.cell = None  # another change may hide the cell (an unreadable file)
    else:
        case.kind = rng.choices(names, weights)[0]
        _apply(case.kind, rng, root, case)
    return case


def _apply(name: str, rng: random.Random, root: Path, case: Case) -> None:
    function = MUTATIONS[name][0]
    try:
        function(rng, root, case)
    except (FileNotFoundError, UnicodeDecodeError, csv.Error, IndexError, ValueError) as e:
        # an earlier change of a combined case moved the file away or made it unreadable
        case.steps.append(f"({name}: not applied, {type(e).__name__})")


# --- running the commands and judging what they answer -----------------------------------------------------

SUMMARY = re.compile(r"^\d+ problems? in \d+ files?; nothing was computed$")
LOCATED = re.compile(r"^(?P<path>(?:tracker\.toml|targets/[^:]+|actuals/[^:]+))(?::(?P<line>\d+))?: \S")


@dataclass
class Outcome:
    """What the commands answered on one case."""

    case: Case
    exits: dict[str, int] = field(default_factory=dict)
    located_cell: bool = False
    known_bug: str | None = None


def workspace_files(root: Path) -> set[str]:
    files = {"tracker.toml"} if (root / "tracker.toml").exists() else set()
    for folder in ("targets", "actuals"):
        files |= {p.relative_to(root).as_posix() for p in (root / folder).iterdir() if p.is_file()}
    return files


def judge(case: Case, command: str, result, root: Path) -> bool:
    """Check one command's answer; True when it named the case's changed cell."""

    def fail(rule: str) -> None:
        _fail(case, command, result, rule)

    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info))
        fail(f"raised {type(exception).__name__}: {exception}\n{trace[-4000:]}")
    if "Traceback" in result.output:
        fail("a traceback reached the user")
    if result.exit_code not in (0, 1):
        fail(f"exit {result.exit_code} (expected 0 or 1)")
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        if not lines or not (SUMMARY.match(lines[-1]) or lines[-1].startswith("Error: ")):
            fail("exit 1 without a summary line")
        files = workspace_files(root)
        for line in lines[:-1]:
            located = LOCATED.match(line)
            if not located or located["path"] not in files:
                fail(f"a problem line that names no file of the workspace: {line[:200]!r}")
            if located["line"] and located["path"].endswith(".csv"):
                physical = (root / located["path"]).read_bytes().count(b"\n") + 1
                if int(located["line"]) > physical:
                    fail(f"line {located['line']} of a file of {physical} lines: {line[:200]!r}")
        if lines[-1].startswith("Error: ") and not LOCATED.match(lines[-1][7:]) and not nothing_yet(result):
            fail(f"an error that names no file: {lines[-1][:200]!r}")
        if case.cell:
            name, line, column = case.cell
            return any(ln.startswith(f"{name}:{line}: {column}: ") for ln in lines)
        return False
    if command == "status":

        def strict(constant):
            raise ValueError(f"not JSON: {constant}")

        try:
            rows = json.loads(result.stdout, parse_constant=strict)
        except ValueError as e:
            fail(f"--format json is not JSON ({e})")
        if not isinstance(rows, list) or any("indicator" not in r or "status" not in r for r in rows):
            fail("--format json is not a list of status rows")
    return False


def run_case(
    folder: Path,
    seed: int,
    report: bool = False,
    status_when_refused: bool = True,
    known_bugs: dict | None = None,
) -> Outcome:
    """Mutate a fresh copy of the example in `folder`; judge validate, status and (if asked) report.

    `status` runs on every case that validate accepts, and on refused ones when
    `status_when_refused` (it loads the workspace as validate does). A command
    must agree with validate: both accept or both refuse. `known_bugs` maps a
    name to a function (case, command, result) -> bool: an answer that breaks a
    rule and is a known bug is counted in `Outcome.known_bug` instead of raised.
    """
    from click.testing import CliRunner

    from tracker.cli import cli

    root = copy_example(folder / "ws")
    case = mutate(root, seed)
    outcome = Outcome(case)
    runner = CliRunner()
    commands = {
        "validate": ["validate"],
        "status": ["status", "--format", "json"],
        "report": ["report", "--out", str(folder / "report")],
    }
    for command, args in commands.items():
        refused = outcome.exits.get("validate") == 1
        if command == "status" and refused and not status_when_refused or command == "report" and not report:
            continue
        result = runner.invoke(cli, [*args, "--workspace", str(root)], catch_exceptions=True)
        outcome.exits[command] = result.exit_code
        try:
            named = judge(case, command, result, root)
            if command == "validate":
                outcome.located_cell = named
                if case.cell and not named:
                    _fail(
                        case,
                        command,
                        result,
                        f"{'accepted' if result.exit_code == 0 else 'did not name'} "
                        f"the changed cell {case.cell[0]}:{case.cell[1]}: {case.cell[2]}",
                    )
            elif (
                "validate" in outcome.exits
                and result.exit_code != outcome.exits["validate"]
                and not nothing_yet(result)
            ):
                _fail(
                    case,
                    command,
                    result,
                    f"exit {result.exit_code}, but validate answered {outcome.exits['validate']}",
                )
            if command == "report" and result.exit_code == 0:
                written = {p.name for p in (folder / "report").iterdir()}
                if not {"summary.vi.md", "summary.en.md", "status.csv"} <= written:
                    _fail(case, command, result, f"exit 0 but the report folder holds only {sorted(written)}")
        except Violation:
            bug = next(
                (name for name, known in (known_bugs or {}).items() if known(case, command, result)), None
            )
            if bug is None:
                raise
            outcome.known_bug = bug
            break
    return outcome


def nothing_yet(result) -> bool:
    """The one refusal that names no file: a valid workspace with neither targets nor actuals."""
    return result.exit_code == 1 and result.stderr.startswith("Error: nothing to compute yet")


def _fail(case: Case, command: str, result, rule: str) -> None:
    raise Violation(
        f"{command}: {rule}\n{case.describe()}\nreplay: {REPLAY.format(seed=case.seed)}\n"
        f"exit {result.exit_code}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
    )


# --- bugs known and not fixed yet: each has a regression test marked xfail in tests/test_fuzz.py ---------


def _raised_in(result, exception: type, module: str) -> bool:
    """Whether the command raised `exception` whose deepest tracker frame is in tracker/`module`."""
    import traceback

    if not isinstance(result.exception, exception) or result.exc_info is None:
        return False
    frames = [
        f for f in traceback.extract_tb(result.exc_info[2]) if "/tracker/" in f.filename.replace("\\", "/")
    ]
    return bool(frames) and Path(frames[-1].filename).name == module


KNOWN_BUGS: dict = {
    # name -> lambda case, command, result: whether this violation is that bug, e.g.
    # lambda case, command, result: _raised_in(result, AttributeError, "schemas.py")
}
