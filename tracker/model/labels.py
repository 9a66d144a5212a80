"""Text columns of the status table, taken from a few distinct texts by code.

Taking from a few texts in Arrow is much faster than letting pandas look at every
object of a national table (134,000 rows per column).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class Texts:
    """Texts to take from by code: the objects, and an Arrow array of them when they are all text."""

    def __init__(self, values: np.ndarray):
        import pyarrow as pa

        self.values = np.asarray(values, dtype=object)
        given = [x for x in self.values if x is not None]
        self.has_missing = len(given) < len(self.values)
        all_text = all(type(x) is str for x in given)
        self.arrow = pa.array(list(self.values), pa.string()) if all_text else None

    @classmethod
    def of(cls, values: np.ndarray) -> tuple[Texts, np.ndarray]:
        """(the distinct values as Texts, each value's code)."""
        codes, uniques = pd.factorize(values)
        return cls(np.asarray(uniques, dtype=object)), codes

    def column(self, codes: np.ndarray):
        """`values[codes]` as a text column (pandas' str), as pandas would type the objects.

        Where pandas would not make a text column (no text at all, or values that
        are not text) the objects are returned as they are.
        """
        if self.arrow is None or not len(codes):
            return self.values[codes]
        if self.has_missing:
            used = self.values[np.bincount(codes, minlength=len(self.values)) > 0]
            if all(x is None for x in used):
                return self.values[codes]
        import pyarrow as pa

        return self.arrow.take(pa.array(codes)).to_pandas()
