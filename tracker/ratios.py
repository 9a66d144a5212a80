"""Ratio indicators in the catalogue (SPEC section 8): their two sides checked, their actual rows refused.

A ratio (a poverty rate: poor households over households) is computed from its
numerator and denominator, two flows or stocks of the catalogue, at every area
and month (tracker.model.ratios); nobody reports it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.errors import Problem

SIDES = ("numerator", "denominator")
ADDABLE = ("flow", "stock")


def ratio_problems(catalogue: pd.DataFrame) -> list[Problem]:
    """Ratios whose sides are missing, unknown or not flows or stocks; sides given to other measures."""
    measure = dict(zip(catalogue.indicator, catalogue.measure, strict=False))
    problems = []
    for row in catalogue.itertuples(index=False):  # a catalogue has tens of rows
        ratio = row.measure == "ratio"
        for side in SIDES:
            named = str(getattr(row, side)).strip()
            if not ratio:
                if named:
                    problems.append(
                        Problem(
                            row.file,
                            row.line,
                            side,
                            f"only a ratio has a {side} (got {named!r}; expected empty, or measure = ratio)",
                        )
                    )
                continue
            kind = measure.get(named)
            if not named:
                problem = f"a ratio needs its {side} (expected the id of a flow or stock of this catalogue)"
            elif kind is None:
                problem = f"unknown indicator (got {named!r}; expected a flow or stock of this catalogue)"
            elif kind not in ADDABLE:
                problem = (
                    f"the {side} of a ratio must be a flow or stock (got {named!r}, a {kind}; "
                    "expected a flow or stock of this catalogue)"
                )
            else:
                continue
            problems.append(Problem(row.file, row.line, side, problem))
    return problems


def reported_ratios(actuals: pd.DataFrame, catalogue: pd.DataFrame, rows: np.ndarray) -> list[Problem]:
    """Actual rows (the `rows` mask) of ratio indicators: a ratio is computed, never reported."""
    sides = catalogue.set_index("indicator")[list(SIDES)]
    problems = []
    for r in np.flatnonzero(rows):
        indicator = actuals.indicator.iat[r]
        numerator, denominator = sides.loc[indicator]
        problems.append(
            Problem(
                str(actuals.file.iat[r]),
                int(actuals.line.iat[r]),
                "indicator",
                f"{indicator} is a ratio, computed from {numerator} and {denominator} "
                f"(got a row of it; expected rows of {numerator} and {denominator} instead)",
            )
        )
    return problems
