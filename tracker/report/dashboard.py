"""dashboard.html: the status table as one self-contained page that drills down from the root to the leaves.

The page holds its data as JSON in `<script type="application/json">` blocks, its
styles and its script inline, and draws its charts as SVG: it makes no request
of any kind and works opened from disk (`file://`) or from an email attachment.
A Content-Security-Policy that allows only the page's own script and style (by
hash) and no connection makes that a rule, not a habit.

Every number and word shown is formatted here, with the functions the summaries
use (`tracker.formats`), in both languages; the script only picks the strings of
the current language and lays them out. So the page says what the summaries say.

Data layout (what keeps a national table of ~134,000 rows small and quick):

- `tracker-meta`: the words of both languages, the statuses and their labels,
  the area tree (id, name, parent, depth; areas with figures and their
  ancestors) and the indicator catalogue, as columnar arrays.
- `tracker-text`: every formatted string once, most frequent first so that
  common strings get the shortest codes; an entry is one string when both
  languages write it the same, else `[vi, en]`.
- `tracker-block-N`: the rows whose areas share a parent (block 0: the top
  areas' own rows), as columnar arrays: area, indicator and status codes,
  attainment and expected pace in thousandths (the bullet bars), a code into
  `tracker-text` for each string shown, and the chart. Rows are kept lowest
  performance index first, the order of the child-area tables. The script
  parses a block when the user first opens an area in it, and draws only the
  current level's rows: a click costs the same in a province as in a country.
- A row's chart is one string: the target, then 12 months each of the
  actual, plan and projected paths of `tracker.model.paths`; a value is two
  base64 characters, its height on the chart (0..4095, exact to the pixel at
  a fifth of the bytes of the number), "~" where there is none.

At national scale (3,356 areas x 40 indicators) the file is ~17 MB, all in
one file so that it still works as an email attachment; figures in
benchmarks/dashboard.py and docs/PERFORMANCE.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import formats
from tracker.messages import DASHBOARD
from tracker.report.scope import TEXT_COLOURS
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Status

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from tracker.model import Result
    from tracker.workspace import Workspace

__all__ = ["write_dashboard"]

_ASSETS = Path(__file__).parent.parent / "templates"
_STATUS_CODES = (*REPORT_ORDER, Status.NO_TARGET)  # a status is its place here in the page's data
# Status colours for text and swatches on white (the documents' own), and grey for no target.
_TEXT_COLOURS = {**TEXT_COLOURS, Status.NO_TARGET: "#6b6b6b"}
_LEVELS = 4096  # chart heights per value: two base64 characters
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_NO_VALUE = "~"
_CHART_PATHS = ("actual", "plan", "projected")


def write_dashboard(path: str | Path, ws: Workspace, result: Result, lang: str) -> None:
    """Write `dashboard.html` for `result`, opening in `lang` with a switch to the other language."""
    status = _status_rows(result)
    areas = _area_table(ws, status)
    row_area = status["area"].fillna("").map(areas.position).to_numpy()
    parent = areas.parent_position[row_area]
    blocks = _blocks(parent)
    block_of_parent = {int(parent[rows[0]]): number for number, rows in enumerate(blocks)}
    meta = {
        "lang": lang,
        "organisation": ws.settings.name,
        "words": _words(result),
        "statuses": list(_STATUS_CODES),
        "colours": [_TEXT_COLOURS[s] for s in _STATUS_CODES],
        "bars": [formats.STATUS_COLOURS.get(s, _TEXT_COLOURS[s]) for s in _STATUS_CODES],
        "labels": {
            code: [
                [formats.status_label(s, code, ceiling) for s in _STATUS_CODES] for ceiling in (False, True)
            ]
            for code in formats.LANGUAGES
        },
        "root": areas.root,
        "areas": {
            "id": areas.ids,
            "name": areas.names,
            "parent": areas.parent_position.tolist(),
            # the block that holds the area's own rows, and the one with its children's
            "block": [block_of_parent.get(p, -1) for p in areas.parent_position.tolist()],
            "children": [block_of_parent.get(k, -1) for k in range(len(areas.ids))],
        },
        **_catalogue(result.status),
    }
    indicator_codes = _indicator_codes(status, meta["indicators"]["id"])
    table, codes = _texts(status)
    charts = _charts(result, status)
    data = [
        _block(
            status.iloc[rows],
            row_area[rows],
            indicator_codes[rows],
            {k: c[rows] for k, c in codes.items()},
            charts[rows],
        )
        for rows in blocks
    ]
    html = _page(meta, table, data, lang, ws.settings.name, result)
    Path(path).write_bytes(html.encode("utf-8"))


# --- the rows --------------------------------------------------------------------------------------


def _status_rows(result: Result) -> pd.DataFrame:
    """The status table with `months_behind`, in the order each block keeps: worst index first."""
    import numpy as np

    from tracker.history import months_behind

    status = result.status.assign(months_behind=months_behind(result)).reset_index(drop=True)
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


def _area_table(ws: Workspace, status: pd.DataFrame) -> _Areas:
    """The areas of the status rows and their ancestors, in the workspace's order.

    A workspace without areas has one row per indicator with no area: it becomes
    one unnamed top area, named after the organisation.
    """
    used = set(status["area"].fillna(""))
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


def _blocks(parent: np.ndarray) -> list[np.ndarray]:
    """Row numbers grouped by the parent of their area, the top areas' rows (no parent) first."""
    import numpy as np

    order = np.argsort(parent, kind="stable")  # -1, the top, sorts first
    starts = np.flatnonzero(np.r_[True, parent[order][1:] != parent[order][:-1]])
    return np.split(order, starts[1:])


def _catalogue(status: pd.DataFrame) -> dict:
    """The indicators in the status table's order (the catalogue's), with their groups."""
    catalogue = status.drop_duplicates("indicator").set_index("indicator")
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


def _indicator_codes(status: pd.DataFrame, ids: list[str]) -> np.ndarray:
    return status["indicator"].map({indicator: k for k, indicator in enumerate(ids)}).to_numpy()


def _words(result: Result) -> dict:
    words = {}
    for code in formats.LANGUAGES:
        words[code] = {
            **DASHBOARD[code],
            "title": DASHBOARD[code]["title"].format(year=result.year),
            "as_of": DASHBOARD[code]["as_of"].format(month=formats.month(result.as_of, code)),
        }
    return words


# --- formatted strings -----------------------------------------------------------------------------


class _Formatter:
    """Each field's string in both languages, each distinct value formatted once.

    A national table repeats its values (targets, months behind, expected paces), and
    each call to formats costs ~10 µs: the memo halves the cost at national scale.
    """

    def __init__(self):
        self._memo: dict[tuple, tuple[str, str]] = {}

    def pairs(self, kind: str, values, units) -> list[tuple[str, str]]:
        memo, missing = self._memo, (formats.MISSING, formats.MISSING)
        out = []
        for value, unit in zip(values, units, strict=True):
            if value != value:  # NaN: every NaN is a different key
                out.append(missing)
                continue
            key = (kind, unit, value)
            pair = memo.get(key)
            if pair is None:
                pair = memo[key] = tuple(_format(kind, value, unit, code) for code in formats.LANGUAGES)
            out.append(pair)
        return out


def _format(kind: str, value, unit: str, lang: str) -> str:
    words = DASHBOARD[lang]
    if kind == "quantity":
        return formats.quantity(value, unit, lang)
    if kind == "percent":
        return formats.percent(value, lang)
    if kind == "months":
        return formats.number(value, lang, 1)  # as the check writes months behind
    if kind == "ratio":
        return formats.ratio(value, lang)
    if kind in ("per_month", "at_most"):
        text = words["per_month"].format(value=formats.monthly(value, unit, lang))
        return words["at_most"].format(value=text) if kind == "at_most" else text
    # the level a stock or rate must reach ("level_up", "level_down") or stands at ("level_now")
    return words[kind].format(value=formats.quantity(value, unit, lang))


def _texts(status: pd.DataFrame) -> tuple[list, dict[str, np.ndarray]]:
    """The strings shown, as one table (most frequent first, so common strings get short codes)
    and, per field, each row's code into it."""
    import numpy as np

    unit = status["unit"].tolist()
    flow = (status["measure"] == "flow").to_numpy()
    ceiling = flow & (status["direction"] == "down").to_numpy()
    down = (status["direction"] == "down").to_numpy()
    behind = status["status"].isin(BEHIND_PACE).to_numpy()
    paced = status["pace"].isin(["linear", "seasonal"]).to_numpy()
    formatter = _Formatter()

    def column(name: str, mask=None) -> list[float]:
        values = status[name].to_numpy(float)
        return (values if mask is None else np.where(mask, values, np.nan)).tolist()

    # What the rest of the year requires, for the rows behind pace only (as the reports give it).
    needed_kind = np.where(
        flow, np.where(ceiling, "at_most", "per_month"), np.where(down, "level_down", "level_up")
    )
    needed = np.where(flow, status["required_per_month"].to_numpy(float), status["target"].to_numpy(float))
    so_far = np.where(flow, status["run_rate"].to_numpy(float), status["actual"].to_numpy(float))
    fields = {
        "actual": formatter.pairs("quantity", column("actual"), unit),
        "target": formatter.pairs("quantity", column("target"), unit),
        "attained": formatter.pairs("percent", column("attainment"), unit),
        "pace": formatter.pairs("percent", column("expected", paced), unit),
        "behind": formatter.pairs("months", column("months_behind"), unit),
        "needed": _pairs_by_kind(formatter, needed_kind, np.where(behind, needed, np.nan), unit),
        "so_far": _pairs_by_kind(
            formatter, np.where(flow, "per_month", "level_now"), np.where(behind, so_far, np.nan), unit
        ),
        "ratio": formatter.pairs("ratio", column("acceleration", behind & flow), unit),
    }
    counts = Counter(pair for pairs in fields.values() for pair in pairs)
    ordered = [pair for pair, _ in counts.most_common()]
    code = {pair: k for k, pair in enumerate(ordered)}
    table = [vi if vi == en else [vi, en] for vi, en in ordered]
    return table, {name: np.array([code[p] for p in pairs]) for name, pairs in fields.items()}


def _block(
    rows: pd.DataFrame, area: np.ndarray, indicator: np.ndarray, codes: dict, charts: np.ndarray
) -> dict:
    """One block's rows as columns."""
    import numpy as np

    paced = rows["pace"].isin(["linear", "seasonal"]).to_numpy()
    return {
        "area": area.tolist(),
        "indicator": indicator.tolist(),
        "status": rows["status"].map({s: k for k, s in enumerate(_STATUS_CODES)}).to_numpy().tolist(),
        # bullet bars: fractions of the plan in thousandths, a tenth of a pixel on a 300 px bar
        "attainment": _thousandths(rows["attainment"].to_numpy(float)),
        "expected": _thousandths(np.where(paced, rows["expected"].to_numpy(float), np.nan)),
        **{name: values.tolist() for name, values in codes.items()},
        "chart": charts.tolist(),
    }


def _pairs_by_kind(texts: _Formatter, kinds: np.ndarray, values: np.ndarray, unit: list[str]) -> list:
    out: list = [None] * len(values)
    for kind in dict.fromkeys(kinds.tolist()):
        at = (kinds == kind).nonzero()[0]
        for k, pair in zip(at, texts.pairs(kind, values[at].tolist(), [unit[i] for i in at]), strict=True):
            out[k] = pair
    return out


def _thousandths(values: np.ndarray) -> list:
    import numpy as np

    rounded = np.rint(values * 1000)
    return [None if v != v else int(v) for v in rounded.tolist()]


def _text(value) -> str:
    return "" if formats.is_missing(value) else str(value)


# --- charts ----------------------------------------------------------------------------------------


def _charts(result: Result, status: pd.DataFrame) -> np.ndarray:
    """Each row's chart string (see the module's docstring), from the model's monthly paths."""
    import numpy as np

    from tracker.model import paths

    n = len(status)
    monthly = paths(result, status)
    series = np.stack([monthly[name].to_numpy(float).reshape(n, 12) for name in _CHART_PATHS], axis=1)
    target = status["target"].to_numpy(float)
    everything = np.concatenate([series.reshape(n, -1), target[:, None]], axis=1)
    seen = ~np.isnan(everything).all(axis=1)
    top = np.where(seen, np.nanmax(np.where(seen[:, None], everything, 0), axis=1), 1.0)
    low = np.where(seen, np.nanmin(np.where(seen[:, None], everything, 0), axis=1), 0.0)
    # Flows and levels without a baseline are read from zero, as the report's charts draw them;
    # a level with a baseline is drawn around its values.
    from_zero = (status["measure"] == "flow").to_numpy() | status["baseline"].isna().to_numpy()
    bottom = np.where(from_zero, np.minimum(low, 0.0), low)
    span = top - bottom
    span = np.where(span > 0, span, np.maximum(np.abs(top), 1.0))
    margin = 0.06 * span  # room above the top value (and below the lowest, when not from zero)
    bottom = np.where(from_zero, bottom, bottom - margin)
    height = span + np.where(from_zero, margin, 2 * margin)

    def heights(values: np.ndarray) -> np.ndarray:
        scaled = np.rint((values - bottom[:, None]) / height[:, None] * (_LEVELS - 1))
        return np.nan_to_num(scaled, nan=_LEVELS).astype(np.int64)  # _LEVELS: no value

    # target, then 12 months of each path: 2 characters a value, 1 ("~") where there is none
    levels = np.concatenate([heights(target[:, None]), heights(series.reshape(n, -1))], axis=1)
    alphabet = np.frombuffer(_BASE64.encode("ascii"), dtype=np.uint8)
    none = levels == _LEVELS
    chars = np.stack(
        [
            np.where(none, ord(_NO_VALUE), alphabet[levels // 64 % 64]),
            np.where(none, 0, alphabet[levels % 64]),
        ],
        axis=2,
    ).reshape(n, -1)
    kept = chars != 0
    ends = np.cumsum(kept.sum(axis=1))
    text = chars[kept].tobytes().decode("ascii")
    starts = np.r_[0, ends[:-1]]
    return np.array([text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)], dtype=object)


# --- the page --------------------------------------------------------------------------------------


def _page(meta: dict, table: list, blocks: list[dict], lang: str, organisation: str, result: Result) -> str:
    import html

    style = (_ASSETS / "dashboard.css").read_text(encoding="utf-8")
    script = (_ASSETS / "dashboard.js").read_text(encoding="utf-8")
    title = " – ".join(p for p in (organisation, DASHBOARD[lang]["title"].format(year=result.year)) if p)
    data = [_json_script("tracker-meta", meta), _json_script("tracker-text", table)]
    data += [_json_script(f"tracker-block-{k}", block) for k, block in enumerate(blocks)]
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
