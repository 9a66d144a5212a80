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


def pack(*fields: tuple[np.ndarray | int, int]) -> np.ndarray:
    """One integer key per row from (codes, how many codes there can be) fields, the first most significant.

    `pack((indicator, n_indicators), (area, n_areas), (month, 12))` orders keys by
    indicator, then area, then month; `unpack` gives the fields back. The first
    field's size is never used (its codes only scale the key): callers that do not
    know it pass 0.
    """
    (first, _), *rest = fields
    key = np.array(first, np.int64)  # a copy, then worked in place: no temporaries of millions
    for codes, size in rest:
        key *= size
        key += codes
    return key


def unpack(keys: np.ndarray, *sizes: int) -> tuple[np.ndarray, ...]:
    """The fields of keys made by `pack` with these sizes, the first most significant."""
    fields = []
    rest = np.asarray(keys, np.int64)
    for size in reversed(sizes[1:]):
        rest, field = np.divmod(rest, size)
        fields.append(field)
    return (rest, *reversed(fields))


def by_code(values: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """`values[codes]`, with `missing` where a code is -1 (pandas' code of a missing category).

    The missing value takes a slot after the last one, which code -1 reads.
    """
    return np.append(values, np.asarray([missing], dtype=np.asarray(values).dtype))[codes]


def month_bits(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Masks (uint16) with the bits of months first..last (1-12) set (month m: bit m-1); 0 if last < first."""
    first = np.asarray(first, np.int64)
    last = np.asarray(last, np.int64)
    upto = np.left_shift(1, np.clip(last, 0, 12)) - 1
    below = np.left_shift(1, np.clip(first - 1, 0, 12)) - 1
    return np.where(last >= first, upto & ~below, 0).astype(np.uint16)


def has_month(bits: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Whether month `month` (1-12) is set in each mask."""
    shift = np.clip(np.asarray(month, np.int64) - 1, 0, 15)
    return (np.right_shift(np.asarray(bits, np.int64), shift) & 1).astype(bool)
