"""The report's text: one area's status rows told in Vietnamese or English, as Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from tracker import formats
from tracker.messages import NARRATIVE
from tracker.plans import explicit
from tracker.statuses import BEHIND_PACE, REPORT_ORDER, Pace, Status

# The order the opening names the paces in: the usual one first.
_PACE_ORDER = (Pace.LINEAR, Pace.SEASONAL, Pace.PLAN, Pace.NONE)


def summary(
    rows: pd.DataFrame,
    lang: str,
    organisation: str,
    reported_children: pd.DataFrame | None = None,
    context: Context | None = None,
) -> str:
    """Markdown summary of one area's status rows (the columns of docs/MODEL.md) in vi or en.

    `reported_children` (tracker.check.reported_children of the area) tells the
    rows that wait for their areas' reports: how many reported, and which of
    them lag or breached. `context`: the workspace's plans and the area's rows of
    the other plans (named beside the plan of record's), the units of ratios' sides.
    """
    if lang not in NARRATIVE:
        raise ValueError(f"unsupported language {lang!r} (expected one of vi, en)")
    if rows.empty:
        raise ValueError("no status rows to summarise")
    words = NARRATIVE[lang]
    records = rows.to_dict("records")
    as_of = records[0]["as_of"]
    waiting = _waiting(reported_children, words, lang)
    words = {**words, "_context": context or Context()}
    blocks = [_title(records[0], organisation, words, lang), _opening(records, as_of, words, lang)]

    groups: dict[str, list[dict]] = {}
    for row in records:
        groups.setdefault(_text(row.get("group")), []).append(row)
    for group, members in groups.items():
        heading = formats.group_name(members[0], lang) if group else ""
        heading = heading or (words["other_group"] if len(groups) > 1 else words["only_group"])
        lines = [f"- {_markdown(_sentence(row, words, lang, waiting))}." for row in members]
        blocks.append(f"## {_markdown(heading)}\n\n" + "\n".join(lines))

    for span, span_rows, years in words["_context"].spans:
        blocks.append(_span_block(span, span_rows, years, words, lang))
    blocks.append(_closing(records, as_of, words, lang, waiting))
    return "\n\n".join(blocks) + "\n"


def _title(row: dict, organisation: str, words: dict, lang: str) -> str:
    area = _text(row.get("area_name")) if _value(row, "depth") else ""
    head = " – ".join(part for part in (organisation, area) if part)
    text = words["title"].format(month=formats.month(row["as_of"], lang))
    return f"# {_markdown(head)}: {text}" if head else f"# {text[0].upper()}{text[1:]}"


def _opening(records: list[dict], as_of: str, words: dict, lang: str) -> str:
    month = formats.month(as_of, lang)
    targeted = [row for row in records if row["status"] != Status.NO_TARGET]
    tracked = len(records) - len(targeted)
    sentences = []
    if targeted:
        statuses = [row["status"] for row in targeted]
        counts = [
            f"{statuses.count(status)} {words['count_labels'][status]}"
            for status in REPORT_ORDER
            if status in statuses
        ]
        sentences.append(
            words["counts"].format(
                month=month,
                counts=_join(counts, words),
                **_plural(len(targeted), lang),
            )
        )
    else:
        sentences.append(words["no_targets"].format(month=month))
    if tracked:
        template = words["tracked_more"] if targeted else words["tracked_only"]
        sentences.append(template.format(**_plural(tracked, lang)))
    paces = [row["pace"] for row in targeted if _value(row, "pace")]
    used = [pace for pace in _PACE_ORDER if pace in paces]
    if used:
        phrases = [words["paces"][pace] for pace in used]
        if len(used) > 1:
            phrases = [
                words["pace_count"].format(pace=phrase, **_plural(paces.count(pace), lang))
                for pace, phrase in zip(used, phrases, strict=True)
            ]
        sentences.append(words["pace"].format(paces=_join(phrases, words)))
    return " ".join(sentences)


def _waiting(children: pd.DataFrame | None, words: dict, lang: str) -> dict[str, tuple[str, list[str]]]:
    """Per indicator waiting for its areas: (how many reported, where each one lagging or breached stands)."""
    said = {}
    for indicator, rows in children.groupby("indicator", sort=False) if children is not None else ():
        first = rows.iloc[0]
        reporting = words["reporting"].format(reported=first["reported"], children=first["children"])
        said[indicator] = (
            reporting,
            [_area_standing(row, words, lang) for _, row in rows[rows.behind].iterrows()],
        )
    return said


def _area_standing(row: dict, words: dict, lang: str) -> str:
    ceiling = formats.is_ceiling(row)
    return words["area_ceiling" if ceiling else "area_flow"].format(
        area=_text(row["area_name"]) or _text(row["area"]),
        attainment=formats.percent(row["attainment"], lang),
        expected=formats.percent(row["expected"], lang),
        status=words["ceiling_status" if ceiling else "status"][row["status"]],
    )


def _sentence(row: dict, words: dict, lang: str, waiting: dict) -> str:
    name = _text(formats.indicator_name(row, lang))
    unit = row["unit"]
    status = row["status"]
    ceiling = formats.is_ceiling(row)
    qualifier, notes = _note(row, words)
    actual = qualifier + formats.quantity(row["actual"], unit, lang) + _sides(row, words, lang)
    target = formats.quantity(row["target"], unit, lang)

    if status == Status.NO_DATA:
        text = words["no_data_ceiling" if ceiling else Status.NO_DATA].format(name=name, target=target)
        return f"{text}, {waiting[row['indicator']][0]}" if row["indicator"] in waiting else text
    if status == Status.NO_TARGET:
        text = words["tracked"].format(name=name, actual=actual)
    else:
        attainment = formats.percent(row["attainment"], lang)
        status_text = words["ceiling_status" if ceiling else "status"][status]
        if row["measure"] == "flow":
            attainments = _attainments(row, qualifier, words, lang)
            text = words["ceiling" if ceiling else "flow"].format(
                name=name, attainments=attainments, status=status_text
            )
        elif _value(row, "baseline") is None:
            text = words["level"].format(name=name, actual=actual, target=target, status=status_text)
        else:
            text = words["level_baseline"].format(
                name=name,
                actual=actual,
                baseline=formats.quantity(row["baseline"], unit, lang),
                target=target,
                attainment=attainment,
                change=words["decrease" if _is_down(row) else "increase"],
                status=status_text,
            )
    yoy = _value(row, "yoy")
    if yoy is not None:
        text += ", " + _yoy(yoy, words, lang)
    marks = _marks(row, words, lang) + notes
    return " ".join([text, *marks])


def _span_block(span: str, rows: pd.DataFrame, years: pd.DataFrame, words: dict, lang: str) -> str:
    """The section of a five-year plan: a line per indicator, the years without figures named."""
    from tracker.model.spans import missing_years

    lines = []
    for row, missing in zip(rows.to_dict("records"), missing_years(rows, years), strict=True):
        name, unit = _text(formats.indicator_name(row, lang)), row["unit"]
        target = formats.quantity(row["target"], unit, lang)
        status = words["span_achieved"] if row["status"] == Status.ACHIEVED else _status_text(row, words)
        if row["status"] == Status.NO_DATA:
            text = words["span_no_data"].format(name=name, target=target)
        elif row["measure"] == "flow":
            text = words["span_flow"].format(
                name=name,
                attainment=formats.percent(row["attainment"], lang),
                figures=_of(row, "", words, lang),
                expected=formats.percent(row["expected"], lang),
                status=status,
            )
            if missing:
                text += words["span_missing"].format(years=", ".join(str(y) for y in missing))
        else:
            text = words["span_level"].format(
                name=name,
                actual=formats.quantity(row["actual"], unit, lang),
                baseline=formats.quantity(row["baseline"], unit, lang),
                target=target,
                status=status,
            )
        lines.append(f"- {_markdown(text)}.")
    heading = formats.span_title(span, lang)
    return f"## {heading}\n\n" + "\n".join(lines)


def _status_text(row: dict, words: dict) -> str:
    return words["ceiling_status" if formats.is_ceiling(row) else "status"].get(row["status"], "")


def _closing(records: list[dict], as_of: str, words: dict, lang: str, waiting: dict) -> str:
    heading = words["closing_second_half"] if int(as_of[5:]) == 6 else words["closing"]
    behind = [row for row in records if row["status"] in BEHIND_PACE]
    lines = [f"- {_markdown(_requirement(row, words, lang))}." for row in behind]
    for row in records:
        reporting, areas = waiting.get(row["indicator"], ("", []))
        if row["status"] == Status.NO_DATA and areas:
            name = _text(formats.indicator_name(row, lang))
            text = words["waiting"].format(name=name, reporting=reporting, areas="; ".join(areas))
            lines.append(f"- {_markdown(text)}.")
    return f"## {heading}\n\n" + ("\n".join(lines) if lines else words["none_behind"])


def _requirement(row: dict, words: dict, lang: str) -> str:
    name = _text(formats.indicator_name(row, lang))
    unit = row["unit"]
    stale = _stale(row, words, lang)
    if row["measure"] != "flow":
        template = words["level_down" if _is_down(row) else "level_up"]
        text = template.format(
            name=name,
            target=formats.quantity(row["target"], unit, lang),
            actual=formats.quantity(row["actual"], unit, lang),
        )
        return " ".join([text, *stale])
    required = _value(row, "required_per_month")
    if required is None:
        text = words["shortfall"].format(name=name, remaining=formats.quantity(row["remaining"], unit, lang))
        return " ".join([text, *stale])
    text = words["ceiling_required" if formats.is_ceiling(row) else "required"].format(
        name=name, per_month=formats.monthly(required, unit, lang)
    )
    m = int(row["data_through"][5:])
    elapsed = words["elapsed_one"] if m == 1 else words["elapsed"].format(m=m)
    acceleration = _value(row, "acceleration")
    if acceleration is None:
        text += words["nothing_yet"].format(elapsed=elapsed)
    else:
        template = words["faster"] if acceleration >= 1 else words["slower"]
        text += template.format(ratio=formats.ratio(acceleration, lang), elapsed=elapsed)
    return " ".join([text, *stale])


@dataclass
class Context:
    """What the summary tells beside an area's rows: the workspace's plans (the plan of record first),
    the area's rows of the other plans, and the unit of each ratio's sides (by ratio id)."""

    plans: pd.DataFrame | None = None
    others: pd.DataFrame | None = None
    side_units: dict[str, str] = field(default_factory=dict)
    # each span of years that holds the month: (span, the area's span rows, their figures by year)
    spans: list[tuple[str, pd.DataFrame, pd.DataFrame]] = field(default_factory=list)

    def other_rows(self, indicator: str) -> list[dict]:
        """The other plans' rows of an indicator, in the order of plans.csv."""
        if self.others is None or not len(self.others):
            return []
        return self.others[self.others.indicator == indicator].to_dict("records")


def _attainments(row: dict, qualifier: str, words: dict, lang: str) -> str:
    """Every plan's attainment of a flow, the plan of record first: "71,6% dự toán HĐND tỉnh giao (...) và
    76,3% dự toán Trung ương giao (...)"; a revised target named as such, the original beside it."""
    plans = words["_context"]
    said = [_against(row, qualifier, words, lang, plans)]
    for other in plans.other_rows(row["indicator"]):
        if _value(other, "attainment") is not None:
            said.append(_against(other, "", words, lang, plans, figures=False))
    text = _join(said, words)
    phased = _value(row, "planned")
    m = int(row["data_through"][5:]) if _value(row, "data_through") else 12
    if row.get("pace") == Pace.PLAN and phased and m < 12:  # at December the plan is the year's
        text += words["phase"].format(share=formats.percent(row["actual"] / phased, lang), m=m)
    return text


def _against(row: dict, qualifier: str, words: dict, lang: str, plans: Context, figures: bool = True) -> str:
    """One plan's attainment: "45% so với kế hoạch năm (9.000/20.000 người)"."""
    ceiling = formats.is_ceiling(row)
    if plans.plans is not None and explicit(plans.plans):
        plan = formats.plan_name(plans.plans, row["plan"], lang)
        plan, template = plan[:1].lower() + plan[1:], "against_named"
    else:
        plan, template = words["annual_ceiling" if ceiling else "annual_plan"], "against"
    template = "against_ceiling" if ceiling and template == "against" else template
    original = _value(row, "target_original")
    if original is not None:
        plan = words["revised"].format(plan=plan)
    shown = (
        _of(row, qualifier, words, lang) if figures else formats.quantity(row["target"], row["unit"], lang)
    )
    if original is not None:
        shown += words["original"].format(original=formats.quantity(original, row["unit"], lang))
    attainment = formats.percent(row["attainment"], lang)
    return words[template].format(attainment=attainment, plan=plan, figures=shown)


def _sides(row: dict, words: dict, lang: str) -> str:
    """A ratio's two sides after its value: " (1.050/11.000 hộ)"."""
    numerator, denominator = _value(row, "numerator"), _value(row, "denominator")
    if numerator is None or denominator is None:
        return ""
    unit = words["_context"].side_units.get(row["indicator"], "")
    return f" ({formats.sides(numerator, denominator, unit, lang)})"


def _of(row: dict, qualifier: str, words: dict, lang: str) -> str:
    unit = row["unit"]
    if unit == formats.MONEY_UNIT:
        actual = formats.money(row["actual"], lang)
    else:
        actual = formats.number(row["actual"], lang)
    target = formats.quantity(row["target"], unit, lang)
    return words["of"].format(actual=qualifier + actual, target=target)


def _yoy(yoy: float, words: dict, lang: str) -> str:
    change = formats.percent(abs(yoy), lang)
    if change == formats.percent(0, lang):
        return words["yoy_level"]
    return words["yoy_up" if yoy > 0 else "yoy_down"].format(change=change)


def _marks(row: dict, words: dict, lang: str) -> list[str]:
    return _stale(row, words, lang) + ([words["estimate"]] if formats.flag(row, "estimate") else [])


def _stale(row: dict, words: dict, lang: str) -> list[str]:
    if not formats.flag(row, "stale"):
        return []
    return [words["stale"].format(month=formats.month(row["data_through"], lang))]


def _note(row: dict, words: dict) -> tuple[str, list[str]]:
    """The note as a qualifier put before the figure ("hơn "), or else as marks after it."""
    parts = list(dict.fromkeys(p.strip() for p in _text(row.get("note")).split(";") if p.strip()))
    if len(parts) == 1 and parts[0].lower() in words["qualifiers"]:
        return words["qualifiers"][parts[0].lower()] + " ", []
    return "", [f"({'; '.join(parts)})"] if parts else []


def _plural(n: int, lang: str) -> dict:
    if lang == "vi":
        return {"n": n}
    one = n == 1
    return {
        "n": n,
        "indicators": "indicator" if one else "indicators",
        "have": "has" if one else "have",
        "are": "is" if one else "are",
    }


def _join(items: list[str], words: dict) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {words['and']} {items[-1]}"


def _is_down(row: dict) -> bool:
    return _text(row.get("direction")) == "down"


def _value(row: dict, key: str):
    value = row.get(key)
    return None if formats.is_missing(value) else value


def _text(value) -> str:
    """Workspace text on one line: a line break in a name must not start a new Markdown block."""
    return "" if formats.is_missing(value) else re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", str(value)).strip()


# Characters that change Markdown's structure inside a line (CommonMark and GitHub's extensions:
# emphasis, links, code, HTML, entities, tables, strikethrough, math), and what opens a block at
# the start of a line's text (a heading, a quote, a list, a thematic break).
_INLINE = re.compile(r"([\\`*_\[\]<>|~$]|&(?=#?\w+;))")  # `&` only where it would start an entity
_BLOCK_START = re.compile(r"^([#>+=-]|\d+[.)])")


def _markdown(text: str) -> str:
    """Workspace text (names, units, notes, areas, groups) as literal Markdown: special characters escaped."""
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], _INLINE.sub(r"\\\1", text))
