"""Properties of the model on random valid workspaces.

Each workspace is written as CSV text and read by the tracker's own loader, so
what is tested is what a user's files give. Hypothesis runs derandomized and
without a database: the same examples every run, so the counts in
docs/RELIABILITY.md do not move. A failure prints the smallest example found,
and the run replays it as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tracker.history import BEHIND, lagging_months
from tracker.model import compute, missing_months, status_plan_keys, statuses_as_of
from tracker.workspace import load_workspace

RELIABILITY_SECTION = "Model properties"


def deterministic(examples: int):
    """Hypothesis settings: derandomized, no database, no deadline; `examples` cases.

    No shrinking in CI (an example costs a few workspaces; shrinking one can take
    minutes): a failure shows the example as drawn. TRACKER_SHRINK=1 shrinks it.
    """
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("TRACKER_SHRINK") else [])
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )


# --- writing workspaces ---------------------------------------------------------------------------------

KIND = {
    "jobs": ("flow", "up"),
    "accidents": ("flow", "down"),
    "allowance": ("stock", "up"),
    "poverty": ("rate", "down"),
}
TREE = "area,name,parent\nR,Root,\nA,Area A,R\nB,Area B,R\nA1,Area A1,A\nA2,Area A2,A\n"
PARENT = {"R": None, "A": "R", "B": "R", "A1": "A", "A2": "A"}


@dataclass(frozen=True)
class Actual:
    """One row of an actuals file."""

    indicator: str
    year: int
    start: int
    end: int
    area: str
    value: float
    cumulative: bool = False
    reported_at: str = ""
    estimate: bool = False
    note: str = ""

    @property
    def period(self) -> str:
        if self.start == self.end:
            return f"{self.year}-{self.end:02d}"
        if self.end - self.start == 2:
            return f"{self.year}-Q{self.end // 3}"
        if self.end - self.start == 5:
            return f"{self.year}-H{self.end // 6}"
        return f"{self.year}"

    @property
    def key(self) -> tuple:
        return (self.indicator, self.area, self.period)

    def line(self) -> str:
        flag = {True: "true", False: "false"}
        value = repr(float(self.value)) if not float(self.value).is_integer() else str(int(self.value))
        return (
            f"{self.indicator},{self.period},{self.area},{value},{flag[self.cumulative]},"
            f"{self.reported_at},{flag[self.estimate]},{self.note}\n"
        )


@dataclass(frozen=True)
class Target:
    indicator: str
    year: int
    area: str
    target: float
    baseline: float | None = None

    def line(self) -> str:
        baseline = "" if self.baseline is None else repr(self.baseline)
        return f"{self.indicator},{self.year},{self.area},{self.target!r},{baseline}\n"


ACTUALS_HEADER = "indicator,period,area,value,cumulative,reported_at,estimate,note\n"
TARGETS_HEADER = "indicator,year,area,target,baseline\n"


def files_of(targets, actuals, areas: str | None = TREE) -> dict[str, str]:
    """The files of a workspace: one targets file and one actuals file."""
    files = {
        "targets/targets.csv": TARGETS_HEADER + "".join(t.line() for t in targets),
        "actuals/actuals.csv": ACTUALS_HEADER + "".join(a.line() for a in actuals),
    }
    if areas:
        files["targets/areas.csv"] = areas
    return files


def status_of(new_workspace, files, as_of=None, settings_text=""):
    """The status table (and the result) of the workspace these files make."""
    ws = load_workspace(new_workspace(files, settings_text))
    result = compute(ws, as_of)
    return result.status, result, ws


def assert_same(a: pd.DataFrame, b: pd.DataFrame, exact: bool = False) -> None:
    """Equal tables: the same rows, columns and values (floats to 1e-12 unless `exact`)."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    if exact:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    else:
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-9)


# --- strategies ---------------------------------------------------------------------------------------------


@st.composite
def periods(draw, last: int | None = None, longer: bool = True, gaps: bool = True):
    """Non-overlapping periods (start, end) of one year, in order, through month `last` at most."""
    last = last or draw(st.integers(1, 12))
    out, month = [], 1
    while month <= last:
        if gaps and month > 1 and draw(st.integers(0, 9)) == 0:  # a month nobody reported
            month += 1
            continue
        options = [(month, month)]
        if longer and month % 3 == 1 and month + 2 <= last:
            options.append((month, month + 2))
        if longer and month in (1, 7) and month + 5 <= last:
            options.append((month, month + 5))
        if longer and month == 1 and last == 12:
            options.append((1, 12))
        start, end = draw(st.sampled_from(options))
        out.append((start, end))
        month = end + 1
    return out


def split(draw, total: int, parts: int) -> list[int]:
    """`total` as `parts` non-negative whole numbers."""
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [bounds[k + 1] - bounds[k] for k in range(parts)]


amounts = st.integers(0, 5000)
# whole numbers or tenths: sums of tenths are where float order could show
decimals = st.one_of(st.integers(0, 5000), st.integers(0, 50000).map(lambda n: n / 10))


def target_for(draw, indicator: str, year: int, area: str) -> Target:
    """A valid target: > 0 for flows; a baseline (required for `down` levels) different from the target."""
    measure, direction = KIND[indicator]
    target = float(draw(st.integers(1, 20000)))
    if measure == "flow":
        return Target(indicator, year, area, target)
    baseline = None
    if direction == "down" or draw(st.booleans()):
        baseline = float(draw(st.integers(0, 20000).filter(lambda b: b != target)))
    return Target(indicator, year, area, target, baseline)


@st.composite
def rich_workspaces(draw):
    """(targets, actuals): the four kinds of indicator over a two-level tree and two years.

    Flows come incremental, cumulative or mixed (year-to-date figures, then
    increments); rows carry notes, report dates, estimates and revisions.
    """
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(list(KIND)), st.sampled_from(list(PARENT)), st.sampled_from([2019, 2020])
            ),
            min_size=1,
            max_size=7,
            unique=True,
        )
    )
    targets, actuals = [], []
    dates = st.sampled_from(["", "2020-01-15", "2020-04-02", "2020-07-20", "2020-07-21", "2021-01-10"])
    notes = st.sampled_from(["", "", "", "hơn", "trên", "ước", "số liệu sơ bộ"])
    for indicator, area, year in keys:
        if draw(st.booleans()):
            targets.append(target_for(draw, indicator, year, area))
        if not draw(st.integers(0, 3)):  # a target alone, now and then
            continue
        flow = KIND[indicator][0] == "flow"
        spans = draw(periods())
        values = [draw(decimals) for _ in spans]
        encoding = draw(st.sampled_from(["incremental", "cumulative", "mixed"])) if flow else "level"
        ytd = np.cumsum(values).tolist()
        cut = draw(st.integers(1, len(spans))) if encoding == "mixed" else 0
        rows = []
        for k, (start, end) in enumerate(spans):
            if encoding == "cumulative" or k < cut:
                rows.append(Actual(indicator, year, start, end, area, round(ytd[k], 1), cumulative=True))
            else:
                rows.append(Actual(indicator, year, start, end, area, values[k]))
        for row in rows:
            row = replace(
                row, reported_at=draw(dates), estimate=not draw(st.integers(0, 5)), note=draw(notes)
            )
            actuals.append(row)
            if not draw(st.integers(0, 4)):  # a revision: a distinct (estimate, reported_at)
                other = draw(dates.filter(lambda d, r=row: d != r.reported_at))
                actuals.append(replace(row, value=draw(decimals), reported_at=other, note=draw(notes)))
    if not actuals:
        actuals.append(Actual("jobs", 2020, 1, 1, "A", 1))
    return targets, actuals


# --- the properties -----------------------------------------------------------------------------------------


def test_splitting_a_quarter_into_its_months_changes_nothing(new_workspace, reliability):
    """A quarter's figure, or its three months summing to it: the same year-to-date and roll-ups."""
    tried = []

    @deterministic(20)
    @given(st.data())
    def check(data):
        draw = data.draw
        targets, quarters, months = [], [], []
        for indicator in ("jobs", "accidents"):
            for area in ("A", "B"):
                targets.append(Target(indicator, 2020, area, float(draw(st.integers(1, 20000)))))
                for q in range(1, draw(st.integers(0, 4)) + 1):
                    value = draw(amounts)
                    quarters.append(Actual(indicator, 2020, 3 * q - 2, 3 * q, area, value))
                    for k, part in enumerate(split(draw, value, 3)):
                        months.append(Actual(indicator, 2020, 3 * q - 2 + k, 3 * q - 2 + k, area, part))
            if draw(st.booleans()):  # the root's own target, or the sum of its children's
                targets.append(Target(indicator, 2020, "R", float(draw(st.integers(1, 40000)))))
        if not quarters:
            quarters.append(Actual("jobs", 2020, 1, 3, "A", 30))
            months += [Actual("jobs", 2020, m, m, "A", 10) for m in (1, 2, 3)]
        last = max(a.end for a in quarters)
        for as_of in sorted({f"2020-{last:02d}", f"2020-{3 * draw(st.integers(1, last // 3)):02d}"}):
            by_quarter, *_ = status_of(new_workspace, files_of(targets, quarters), as_of)
            by_month, *_ = status_of(new_workspace, files_of(targets, months), as_of)
            assert_same(by_quarter, by_month)
        tried.append(1)

    check()
    reliability.record(
        "a flow's quarter split into its three months (areas A, B and their roll-up R)",
        len(tried),
        "every status column equal, as of the last and an earlier quarter end",
    )


def test_splitting_a_child_into_two_leaves_the_roll_up_unchanged(new_workspace, reliability):
    """Area A's figures and target shared between two children A1 and A2: R and B do not move."""
    tried = []
    two = "area,name,parent\nR,Root,\nA1,Area A1,R\nA2,Area A2,R\nB,Area B,R\n"
    one = "area,name,parent\nR,Root,\nA,Area A,R\nB,Area B,R\n"

    @deterministic(20)
    @given(st.data())
    def check(data):
        draw = data.draw
        whole_t, split_t, whole_a, split_a = [], [], [], []
        for indicator in ("jobs", "allowance", "accidents"):
            last = draw(st.integers(1, 12))
            target = draw(st.integers(2, 20000))
            t1, t2 = split(draw, target - 2, 2)
            whole_t.append(Target(indicator, 2020, "A", float(target)))
            split_t += [
                Target(indicator, 2020, "A1", float(t1 + 1)),
                Target(indicator, 2020, "A2", float(t2 + 1)),
            ]
            b_target = Target(indicator, 2020, "B", float(draw(st.integers(1, 20000))))
            whole_t.append(b_target)
            split_t.append(b_target)
            for start, end in draw(periods(last)):
                value = draw(amounts)
                v1, v2 = split(draw, value, 2)
                whole_a.append(Actual(indicator, 2020, start, end, "A", value))
                split_a += [
                    Actual(indicator, 2020, start, end, "A1", v1),
                    Actual(indicator, 2020, start, end, "A2", v2),
                ]
            for start, end in draw(periods(draw(st.integers(1, 12)))):
                row = Actual(indicator, 2020, start, end, "B", draw(amounts))
                whole_a.append(row)
                split_a.append(row)
        as_of = f"2020-{draw(st.integers(1, 12)):02d}"
        whole, *_ = status_of(new_workspace, files_of(whole_t, whole_a, one), as_of)
        parts, *_ = status_of(new_workspace, files_of(split_t, split_a, two), as_of)
        for area in ("R", "B"):
            assert_same(whole[whole.area == area], parts[parts.area == area])
        tried.append(1)

    check()
    reliability.record(
        "a child area's figures and target split between two children (flow, stock, ceiling)",
        len(tried),
        "the parent's roll-up and the sibling's row equal in every column",
    )


def test_cumulative_and_incremental_encodings_agree(new_workspace, reliability):
    """Increments, year-to-date figures, or year-to-date figures then increments: the same results."""
    tried = []

    @deterministic(20)
    @given(st.data())
    def check(data):
        draw = data.draw
        targets, increments, encoded = [], [], []
        for indicator in ("jobs", "accidents"):
            for area in ("A", "B"):
                targets.append(Target(indicator, 2020, area, float(draw(st.integers(1, 20000)))))
                spans = draw(periods())
                values = [draw(amounts) for _ in spans]
                ytd = np.cumsum(values).tolist()
                how = draw(st.sampled_from(["incremental", "cumulative", "mixed"]))
                cut = draw(st.integers(1, len(spans)))
                for k, (start, end) in enumerate(spans):
                    increments.append(Actual(indicator, 2020, start, end, area, values[k]))
                    if how == "cumulative" or (how == "mixed" and k < cut):
                        encoded.append(Actual(indicator, 2020, start, end, area, ytd[k], cumulative=True))
                    else:
                        encoded.append(Actual(indicator, 2020, start, end, area, values[k]))
        ends = sorted({a.end for a in increments})
        for as_of in sorted({ends[-1], draw(st.sampled_from(ends))}):
            plain, *_ = status_of(new_workspace, files_of(targets, increments), f"2020-{as_of:02d}")
            other, *_ = status_of(new_workspace, files_of(targets, encoded), f"2020-{as_of:02d}")
            assert_same(plain, other)
        tried.append(1)

    check()
    reliability.record(
        "one flow series as increments, as year-to-date figures, or mixed (with roll-up)",
        len(tried),
        "every status column equal, as of the last and an earlier reported month",
    )


STATUS_RANK = {"achieved": 0, "on_track": 1, "at_risk": 2, "lagging": 3}
CEILING_RANK = {"on_track": 0, "at_risk": 1, "lagging": 2, "breached": 3}


def test_a_worse_actual_never_improves_attainment_or_status(new_workspace, reliability):
    """Area B is area A with one figure made worse: lower for `up`, higher for `down`."""
    tried = []

    @deterministic(40)
    @given(st.data())
    def check(data):
        draw = data.draw
        targets, actuals = [], []
        for indicator, (measure, direction) in KIND.items():
            target = target_for(draw, indicator, 2020, "A")
            if (
                measure != "flow" and target.baseline is not None
            ):  # a level moves from its baseline toward its target
                low, high = sorted((target.target, target.baseline))
                target = replace(target, target=high if direction == "up" else low)
                target = replace(target, baseline=low if direction == "up" else high)
            targets += [target, replace(target, area="B")]
            spans = draw(periods(longer=measure == "flow"))
            values = [draw(st.integers(1, 5000)) for _ in spans]
            worse = list(values)
            k = draw(st.integers(0, len(spans) - 1)) if measure == "flow" else len(spans) - 1
            change = draw(st.integers(1, values[k]))
            worse[k] += change if direction == "down" else -change
            for (start, end), good, bad in zip(spans, values, worse, strict=True):
                actuals += [
                    Actual(indicator, 2020, start, end, "A", good),
                    Actual(indicator, 2020, start, end, "B", bad),
                ]
        status, *_ = status_of(new_workspace, files_of(targets, actuals, "area,name,parent\nA,A,\nB,B,\n"))
        for indicator, (measure, direction) in KIND.items():
            rows = status[status.indicator == indicator].set_index("area")
            a, b = rows.loc["A"], rows.loc["B"]
            ceiling = measure == "flow" and direction == "down"
            assert (b.actual > a.actual) if direction == "down" else (b.actual < a.actual)
            if ceiling:
                assert b.attainment > a.attainment
                assert CEILING_RANK[b.status] >= CEILING_RANK[a.status], (a.status, b.status)
            else:
                assert b.attainment < a.attainment
                assert STATUS_RANK[b.status] >= STATUS_RANK[a.status], (a.status, b.status)
        tried.append(1)

    check()
    reliability.record(
        "one figure made worse (flow, ceiling, stock, rate; with and without baseline)",
        len(tried),
        "attainment moves with the actual, the status never improves",
    )


def test_exactly_on_pace_projects_to_the_target_and_is_on_track(new_workspace, reliability):
    """Linear pace (flows, levels with a baseline) and seasonal pace (two complete earlier years)."""
    tried = []

    @deterministic(40)
    @given(st.data())
    def check(data):
        draw = data.draw
        seasonal = draw(st.booleans())
        m = draw(st.integers(1, 12))
        targets, actuals = [], []
        if seasonal:  # earlier years share one monthly pattern; this year follows it exactly
            pattern = [draw(st.integers(1, 50))] + [draw(st.integers(0, 50)) for _ in range(11)]
            shares = np.cumsum(pattern) / sum(pattern)
            for indicator in ("jobs", "accidents"):
                for year, scale in (
                    (2018, draw(st.integers(1, 9))),
                    (2019, draw(st.integers(1, 9))),
                    (2020, 0),
                ):
                    c = scale or draw(st.integers(1, 99))
                    if year == 2020:
                        targets.append(Target(indicator, 2020, "", float(c * sum(pattern))))
                    for month in range(1, (m if year == 2020 else 12) + 1):
                        actuals.append(Actual(indicator, year, month, month, "", c * pattern[month - 1]))
            expected = shares[m - 1]
        else:
            for indicator, (measure, direction) in KIND.items():
                if measure == "flow":
                    v = draw(st.integers(1, 2000))
                    targets.append(Target(indicator, 2020, "", float(12 * v)))
                    actuals += [Actual(indicator, 2020, k, k, "", v) for k in range(1, m + 1)]
                else:
                    b, t = draw(st.integers(0, 5000)), draw(st.integers(0, 5000).filter(lambda x: x != 0))
                    baseline, target = (b, b + t) if direction == "up" else (b + t, b)
                    targets.append(Target(indicator, 2020, "", float(target), float(baseline)))
                    actuals += [
                        Actual(indicator, 2020, k, k, "", baseline + (target - baseline) * k / 12)
                        for k in range(1, m + 1)
                    ]
            expected = m / 12
        status, *_ = status_of(new_workspace, files_of(targets, actuals, None))
        for row in status.itertuples():
            assert row.pace == ("seasonal" if seasonal else "linear")
            assert abs(row.expected - expected) < 1e-12
            assert abs(row.index - 1) < 1e-9
            flow = row.measure == "flow"
            ceiling = flow and row.direction == "down"
            # the whole plan is due by month m at December, or earlier on a seasonal pattern
            done = expected == 1 and not ceiling
            assert row.status == ("achieved" if done else "on_track"), row
            if flow or m >= 3:  # a level's projection is its trend, with three or more values
                scale = max(1.0, abs(row.target), abs(np.nan_to_num(row.baseline)))
                assert abs(row.projected - row.target) < 1e-9 * scale
                assert abs(row.gap) < 1e-9 * scale
        tried.append(1)

    check()
    reliability.record(
        "exactly on the expected pace: linear (four kinds) or seasonal (two complete years)",
        len(tried),
        "projected = target, gap 0, index 1, on_track (achieved once the whole plan is due)",
    )


def _outputs(new_workspace, files):
    status, result, ws = status_of(new_workspace, files)
    steps = result.steps.sort_values(["indicator", "area", "month"], na_position="first").reset_index(
        drop=True
    )
    return status, steps, result.profile, missing_months(ws)


@st.composite
def shuffled(draw, rows: list, names: list[str]):
    """`rows` shuffled and dealt into files of the given names (each file keeps a header)."""
    order = draw(st.permutations(rows))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    return [(draw(st.sampled_from(chosen)), row) for row in order]


def test_the_order_of_rows_and_files_changes_no_output(new_workspace, reliability):
    """The same rows, shuffled within files and dealt into differently named files: the same outputs."""
    tried = []

    @deterministic(25)
    @given(rich_workspaces(), st.data())
    def check(workspace, data):
        targets, actuals = workspace
        files = files_of(targets, actuals)
        moved = {
            "targets/areas.csv": TREE.splitlines(keepends=True)[0]
            + "".join(data.draw(st.permutations(TREE.splitlines(keepends=True)[1:])))
        }
        for name, row in data.draw(shuffled(actuals, ["a.csv", "z.csv", "2020-06.csv", "Đợt 2.csv"])):
            moved.setdefault(f"actuals/{name}", ACTUALS_HEADER)
            moved[f"actuals/{name}"] += row.line()
        for name, row in data.draw(shuffled(targets, ["2020.csv", "a.csv", "ke-hoach.csv"])):
            moved.setdefault(f"targets/{name}", TARGETS_HEADER)
            moved[f"targets/{name}"] += row.line()
        before = _outputs(new_workspace, files)
        after = _outputs(new_workspace, moved)
        assert_same(before[0], after[0], exact=True)
        assert_same(before[1], after[1], exact=True)
        assert_same(before[2], after[2], exact=True)
        assert before[3] == after[3]
        tried.append(1)

    check()
    reliability.record(
        "rows shuffled, dealt into other files, areas.csv reordered (four kinds, two years, revisions)",
        len(tried),
        "status table (joined notes included), monthly steps, seasonal profile "
        "and missing-month warnings identical to the bit",
    )


def test_a_later_revision_changes_only_its_own_key(new_workspace, reliability):
    """Adding a later report of one row's key is the same as editing that row in place."""
    tried = []

    @deterministic(20)
    @given(rich_workspaces(), st.data())
    def check(workspace, data):
        targets, actuals = workspace
        chosen = data.draw(st.sampled_from(actuals))
        revision = replace(
            chosen,
            value=data.draw(decimals),
            reported_at="2022-12-31",  # later than any report of the generator
            estimate=False,
            note=data.draw(st.sampled_from(["", "đã điều chỉnh"])),
        )
        edited = [a for a in actuals if a.key != chosen.key] + [revision]
        base, result, _ = status_of(new_workspace, files_of(targets, actuals))
        added_files = files_of(targets, actuals)
        added_files["actuals/zz-revision.csv"] = ACTUALS_HEADER + revision.line()
        added, *_ = status_of(new_workspace, added_files, result.as_of)
        in_place, *_ = status_of(new_workspace, files_of(targets, edited), result.as_of)
        assert_same(added, in_place)
        # rows of other indicators, or of areas that neither are nor hold the revised one, stay as they were
        lineage, area = set(), chosen.area
        while area:
            lineage.add(area)
            area = PARENT[area]
        touched = (base.indicator == chosen.indicator) & (
            base.area.isin(lineage) | (chosen.year < result.year)  # an earlier year moves the seasonal pace
        )
        keys = ["indicator", "area"]
        assert_same(
            base[~touched].set_index(keys).sort_index(),
            added.set_index(keys).reindex(base[~touched].set_index(keys).index).sort_index(),
        )
        tried.append(1)

    check()
    reliability.record(
        "a later revision of one row added in a new file (four kinds, two years, estimates)",
        len(tried),
        "the same as editing the row in place; no other indicator or area moves",
    )


def test_the_history_is_the_status_of_each_earlier_month(new_workspace, reliability):
    """`statuses_as_of` is `compute`'s status column; `lagging_months` counts the trailing months behind."""
    tried = []

    @deterministic(15)
    @given(rich_workspaces())
    def check(workspace):
        status, result, ws = status_of(new_workspace, files_of(*workspace))
        table = pd.DataFrame(index=pd.MultiIndex.from_arrays([status.indicator, status.area.fillna("")]))
        for month in range(1, result.month + 1):
            earlier = compute(ws, f"{result.year:04d}-{month:02d}").status
            alone = statuses_as_of(ws, f"{result.year:04d}-{month:02d}")
            assert alone.loc[status_plan_keys(ws, earlier)].tolist() == earlier.status.tolist()
            keys = pd.MultiIndex.from_arrays([earlier.indicator, earlier.area.fillna("")])
            column = pd.Series(earlier.status.to_numpy(), index=keys)
            table[month] = column.reindex(table.index).isin(BEHIND).to_numpy()
        trailing = table.iloc[:, ::-1].cummin(axis=1).sum(axis=1).to_numpy()
        assert lagging_months(ws, result).tolist() == trailing.tolist()
        tried.append(1)

    check()
    reliability.record(
        "month by month through the as-of year (four kinds, two years, revisions)",
        len(tried),
        "the status worked out alone for history equals the full table's; lagging_months its trailing count",
    )


@pytest.mark.reliability(
    RELIABILITY_SECTION,
    "regression: the same noted rows in files named in another order",
    cases=1,
    outcome="the status row's note the same whatever the order of files and rows",
)
def test_notes_follow_the_periods_not_the_files(make_workspace):
    rows = ["jobs,2020-01,,100,đợt 1\n", "jobs,2020-02,,100,đợt 2\n"]
    header = "indicator,period,area,value,note\n"
    notes = []
    for k, names in enumerate((("a.csv", "b.csv"), ("b.csv", "a.csv"))):
        files = {"targets/t.csv": "indicator,year,target\njobs,2020,1200\n"}
        files.update({f"actuals/{name}": header + row for name, row in zip(names, rows, strict=True)})
        notes.append(compute(load_workspace(make_workspace(files, f"ws{k}"))).status.note.iloc[0])
    assert notes[0] == notes[1] == "đợt 1; đợt 2"
