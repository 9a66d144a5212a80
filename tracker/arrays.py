"""Integer-coded arrays, by counting: what the loader and the model do to millions of keys.

Keys (indicator, area, year, month codes combined) are small non-negative integers,
so marking, ranking and counting them in an array of slots beats hashing them, as
long as the slots stay few. Past `BINS` slots (or four per key) pandas hashes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BINS = 1 << 25


def present(keys: np.ndarray, space: int) -> np.ndarray:
    """Which of 0..space-1 occur in `keys`: `np.bincount(keys, minlength=space) > 0`, in less memory."""
    out = np.zeros(space, bool)
    out[keys] = True
    return out


def dense_codes(keys: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """(each key's rank among the distinct keys, the sorted distinct keys) for keys below `space`."""
    if space > max(BINS, 4 * len(keys)):
        codes, uniques = pd.factorize(keys, sort=True)
        return codes, uniques
    seen = present(keys, space)
    rank = np.cumsum(seen) - 1
    return rank[keys], np.flatnonzero(seen)
