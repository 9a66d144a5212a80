"""dashboard.html: the status table as one self-contained page that drills down from the root to the leaves.

The page holds its data as JSON in `<script type="application/json">` blocks, its
styles and its script inline, and draws its charts as SVG: it makes no request
of any kind and works opened from disk (`file://`) or from an email attachment.
A Content-Security-Policy that allows only the page's own script and style (by
hash) and no connection makes that a rule, not a habit.

Every number and word shown is formatted here, with the functions the summaries
use (`tracker.formats`), in both languages; the script only picks the strings of
the current language and lays them out. So the page says what the summaries say.

What it shows: the year's rows (every plan's where `targets/plans.csv` has
several, one plan at a time, the plan of record first); beside a revised target,
its date and original; the pace of a row paced by its phases; a ratio's two
sides; and a tab per five-year span holding the as-of year, whose rows drill
down like the year's, each with a chart of its years.

Data layout (what keeps a national table of ~134,000 rows small and quick):

- `tracker-meta`: the words of both languages, the statuses and their labels,
  the area tree (id, name, parent, depth; areas with figures and their
  ancestors), the indicator catalogue, as columnar arrays, and where there are
  several, the plans; per span, its years and its blocks.
- `tracker-text`: every formatted string once, most frequent first so that
  common strings get the shortest codes; an entry is one string when both
  languages write it the same, else `[vi, en]`.
- `tracker-block-N`: the year's rows whose areas share a parent (block 0: the top
  areas' own rows), as columnar arrays: area, indicator and status codes,
  attainment and expected pace in thousandths (the bullet bars), a code into
  `tracker-text` for each string shown, and the chart; with several plans, each
  row's plan. A field that no row of the block has (a revision, a phase note) is
  left out, so a workspace pays only for what it uses. Rows are kept lowest
  performance index first, the order of the child-area tables. The script
  parses a block when the user first opens an area in it, and draws only the
  current level's rows: a click costs the same in a province as in a country.
- `tracker-span-S-block-N`: the same for span S's rows.
- A row's chart is one string (tracker/report/dashboard_data.py): the target,
  then 12 months each of the actual, plan and projected paths of
  `tracker.model.paths` (a span's: the years' actuals, then its planned path);
  a value is two base64 characters, its height on the chart (0..4095, exact to
  the pixel at a fifth of the bytes of the number), "~" where there is none.

At national scale (3,356 areas x 40 indicators) the file is ~17 MB, all in
one file so that it still works as an email attachment; figures in
benchmarks/dashboard.py and docs/PERFORMANCE.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import DASHBOARD
from tracker.report.dashboard_data import (
    STATUS_CODES,
    Formatter,
    block,
    code_strings,
    span_charts,
    span_strings,
    year_charts,
    year_strings,
)
from tracker.report.scope import TEXT_COLOURS, side_units
from tracker.statuses import Status

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from tracker.model import Result
    from tracker.workspace import Workspace

__all__ = ["write_dashboard"]

_ASSETS = Path(__file__).parent.parent / "templates"
# Status colours for text and swatches on white (the documents' own), and grey for no target.
_TEXT_COLOURS = {**TEXT_COLOURS, Status.NO_TARGET: "#6b6b6b"}


def write_dashboard(
    path: str | Path, ws: Workspace, result: Result, lang: str, spans: list[Result] | None = None
) -> None:
    """Write `dashboard.html` for `result`, opening in `lang` with a switch to the other language.

    `spans` are the span tables to show (default: `tracker.model.spans.holding_spans`, computed here).
    """
    if spans is None:
        from tracker.model.spans import holding_spans

        spans = holding_spans(ws, result)
    plans = list(ws.plans.plan) if len(ws.plans) > 1 else None  # a selector only among several
    year = _worst_first(_year_rows(result, plans))
    span_rows = [_worst_first(span.table("all")) for span in spans]
    areas = _area_table(ws, [year, *span_rows])
    catalogue = _catalogue(ws, [year, *span_rows])
    formatter, sides = Formatter(), side_units(ws)
    strings = [year_strings(year, formatter, sides)]
    strings += [
        span_strings(rows, span.span_years, formatter, sides)
        for rows, span in zip(span_rows, spans, strict=True)
    ]
    table, codes = code_strings(strings)
    # the original target on a revised row's chart, where the workspace has a revision in force
    revised = "target_original" in year and bool(year["target_original"].notna().any())
    charts = [year_charts(result, year, original=revised)]
    for rows, span in zip(span_rows, spans, strict=True):
        first, last = (int(y) for y in span.span.split("-"))
        charts.append(span_charts(rows, span.span_years, first, last))
    ids = catalogue["indicators"]["id"]
    (year_blocks, year_index), *laid = [
        _lay_out(rows, areas, ids, coded, drawn, plans)
        for rows, coded, drawn in zip([year, *span_rows], codes, charts, strict=True)
    ]
    meta = _meta(ws, result, lang, areas, year_index, catalogue)
    if plans:
        meta["plans"] = {
            "id": plans,
            "name": {
                code: [formats.plan_name(ws.plans, p, code) for p in plans] for code in formats.LANGUAGES
            },
        }
    if spans:
        meta["spans"] = [_span_meta(span.span, index) for span, (_, index) in zip(spans, laid, strict=True)]
    data = {f"tracker-block-{k}": b for k, b in enumerate(year_blocks)}
    for s, (blocks, _) in enumerate(laid):
        data.update({f"tracker-span-{s}-block-{k}": b for k, b in enumerate(blocks)})
    html = _page(meta, table, data, lang, ws.settings.name, result)
    Path(path).write_bytes(html.encode("utf-8"))


# --- the rows --------------------------------------------------------------------------------------


def _year_rows(result: Result, plans: list[str] | None) -> pd.DataFrame:
    """The year's rows (every plan's, where there are several) with `months_behind`."""
    from tracker.history import months_behind

    status = result.table("all") if plans else result.status
    return status.assign(months_behind=months_behind(result, status))


def _worst_first(status: pd.DataFrame) -> pd.DataFrame:
    """The rows in the order each block keeps: lowest performance index first."""
    import numpy as np

    status = status.reset_index(drop=True)
    # Rows without an index (no data, no target) after those with one; a stable sort keeps
    # the catalogue's order among equals.
    index = status["index"].to_numpy(float)
    order = np.lexsort((np.nan_to_num(index, nan=np.inf), np.isnan(index)))
    return status.iloc[order].reset_index(drop=True)


class _Areas:
    """The area tree as the page needs it: positions instead of ids, and the root's."""

    def __init__(self, ids: list[str], names: list[str], parents: list[str], depths: list[int], root: str):
        import numpy as np

        self.ids, self.names, self.depths = ids, names, depths
        self.position = {area: k for k, area in enumerate(ids)}
        # "" is no parent, even where "" is also an area (a workspace without areas)
        self.parent_position = np.array([self.position[p] if p else -1 for p in parents], dtype=np.int64)
        self.root = self.position[root]


def _area_table(ws: Workspace, tables: list[pd.DataFrame]) -> _Areas:
    """The areas of the tables' rows and their ancestors, in the workspace's order.

    A workspace without areas has one row per indicator with no area: it becomes
    one unnamed top area, named after the organisation.
    """
    used = set().union(*(set(t["area"].fillna("")) for t in tables))
    tree = ws.areas
    parent_of = dict(zip(tree["area"], tree["parent"], strict=True))
    wanted = set()
    for area in used:
        while area and area not in wanted:
            wanted.add(area)
            area = parent_of.get(area, "")
    ids, names, parents, depths = [], [], [], []
    for area, name, parent, depth in tree[["area", "name", "parent", "depth"]].itertuples(index=False):
        if area in wanted:
            ids.append(area)
            names.append(name if isinstance(name, str) and name else area)
            parents.append(parent)
            depths.append(int(depth))
    # Areas outside the tree stand at the top: "" (a workspace without areas) under the
    # organisation's name.
    for area in sorted(used - set(ids)):
        ids.append(area)
        names.append(area or ws.settings.name)
        parents.append("")
        depths.append(0)
    top = [a for a, d in zip(ids, depths, strict=True) if d == 0]
    root = ws.root_area if ws.root_area in top else top[0]
    return _Areas(ids, names, parents, depths, root)


def _lay_out(
    rows: pd.DataFrame,
    areas: _Areas,
    indicator_ids: list[str],
    codes: dict[str, np.ndarray],
    charts: np.ndarray,
    plans: list[str] | None,
) -> tuple[list[dict], dict[str, list[int]]]:
    """One table's blocks, and per area the block of its own rows and the one of its children's."""
    row_area = rows["area"].fillna("").map(areas.position).to_numpy()
    parent = areas.parent_position[row_area]
    groups = _blocks(parent)
    block_of_parent = {int(parent[at[0]]): number for number, at in enumerate(groups)}
    index = {
        "block": [block_of_parent.get(p, -1) for p in areas.parent_position.tolist()],
        "children": [block_of_parent.get(k, -1) for k in range(len(areas.ids))],
    }
    indicator = rows["indicator"].map({indicator: k for k, indicator in enumerate(indicator_ids)}).to_numpy()
    plan = rows["plan"].map({p: k for k, p in enumerate(plans)}).to_numpy() if plans else None
    blocks = [
        block(
            rows.iloc[at],
            row_area[at],
            indicator[at],
            {name: values[at] for name, values in codes.items()},
            charts[at],
            None if plan is None else plan[at],
        )
        for at in groups
    ]
    return blocks, index


def _blocks(parent: np.ndarray) -> list[np.ndarray]:
    """Row numbers grouped by the parent of their area, the top areas' rows (no parent) first."""
    import numpy as np

    if not len(parent):
        return []
    order = np.argsort(parent, kind="stable")  # -1, the top, sorts first
    starts = np.flatnonzero(np.r_[True, parent[order][1:] != parent[order][:-1]])
    return np.split(order, starts[1:])


def _catalogue(ws: Workspace, tables: list[pd.DataFrame]) -> dict:
    """The indicators of the tables in the catalogue's order, with their groups."""
    import pandas as pd

    order = {indicator: k for k, indicator in enumerate(ws.indicators["indicator"])}
    rows = pd.concat([t.drop_duplicates("indicator") for t in tables]).drop_duplicates("indicator")
    catalogue = rows.iloc[rows["indicator"].map(order).fillna(len(order)).argsort(kind="stable")]
    catalogue = catalogue.set_index("indicator")
    groups = list(dict.fromkeys(_text(g) for g in catalogue["group"]))
    first = {_text(row["group"]): row for _, row in catalogue.drop_duplicates("group").iterrows()}
    return {
        "groups": {code: [formats.group_name(first[g], code) for g in groups] for code in formats.LANGUAGES},
        "indicators": {
            "id": list(catalogue.index),
            "name": {
                code: [formats.indicator_name(row, code) for _, row in catalogue.iterrows()]
                for code in formats.LANGUAGES
            },
            "group": [groups.index(_text(g)) for g in catalogue["group"]],
            "ceiling": [int(formats.is_ceiling(row)) for _, row in catalogue.iterrows()],
            "flow": [int(measure == "flow") for measure in catalogue["measure"]],
        },
    }


def _words(result: Result) -> dict:
    words = {}
    for code in formats.LANGUAGES:
        words[code] = {
            **DASHBOARD[code],
            "title": DASHBOARD[code]["title"].format(year=result.year),
            "as_of": DASHBOARD[code]["as_of"].format(month=formats.month(result.as_of, code)),
            "year_tab": DASHBOARD[code]["year_tab"].format(year=result.year),
        }
    return words


def _meta(ws: Workspace, result: Result, lang: str, areas: _Areas, index: dict, catalogue: dict) -> dict:
    """The page's words, statuses, area tree (with the year's blocks) and catalogue."""
    return {
        "lang": lang,
        "organisation": ws.settings.name,
        "words": _words(result),
        "statuses": list(STATUS_CODES),
        "colours": [_TEXT_COLOURS[s] for s in STATUS_CODES],
        "bars": [formats.STATUS_COLOURS.get(s, _TEXT_COLOURS[s]) for s in STATUS_CODES],
        "labels": {
            code: [
                [formats.status_label(s, code, ceiling) for s in STATUS_CODES] for ceiling in (False, True)
            ]
            for code in formats.LANGUAGES
        },
        "root": areas.root,
        "areas": {"id": areas.ids, "name": areas.names, "parent": areas.parent_position.tolist(), **index},
        **catalogue,
    }


def _span_meta(span: str, index: dict[str, list[int]]) -> dict:
    first, last = (int(y) for y in span.split("-"))
    title = {code: formats.span_title(span, code) for code in formats.LANGUAGES}
    return {"span": span, "first": first, "last": last, "title": title, **index}


def _text(value) -> str:
    return "" if formats.is_missing(value) else str(value)


# --- the page --------------------------------------------------------------------------------------


def _page(
    meta: dict, table: list, blocks: dict[str, dict], lang: str, organisation: str, result: Result
) -> str:
    import html

    style = (_ASSETS / "dashboard.css").read_text(encoding="utf-8")
    script = (_ASSETS / "dashboard.js").read_text(encoding="utf-8")
    title = " – ".join(p for p in (organisation, DASHBOARD[lang]["title"].format(year=result.year)) if p)
    data = [_json_script("tracker-meta", meta), _json_script("tracker-text", table)]
    data += [_json_script(element_id, block) for element_id, block in blocks.items()]
    policy = "; ".join(
        (
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n"
        '<div id="app"></div>\n' + "\n".join(data) + f"\n<script>{script}</script>\n</body>\n</html>\n"
    )


def _json_script(element_id: str, value) -> str:
    """JSON inside a <script> element: `<`, `>` and `&` escaped, so no text in it can end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
