"""Field comparison for duplicate finding: keys per row, levels and weights per pair.

:func:`prepare_fields` turns each compared column into a :class:`FieldData` once (keys
computed per distinct value, then integer codes so equality is an array comparison).
:func:`compare` puts every candidate pair of every field on a level (index into
:data:`~xlcrm.core.dedupe.rules.FIELD_LEVELS`, -1 when either side is blank), and
:func:`match_weights` adds up the weights. Fuzzy similarity is computed by :mod:`xlcrm.core.similarity` on
distinct pairs of keys only, many pairs at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.rules import FIELD_LEVELS, GENERIC, MatchRules
from xlcrm.core.similarity import paired

# The customer fields compared when the user names no columns, in reason order.
CUSTOMER_FIELDS = ("phone", "email", "name", "company", "address", "customer_id")


@dataclass
class FieldData:
    """One compared column: its values as typed, keys, and codes of the keys (-1 blank)."""

    column: str  # the DataFrame column
    kind: str  # a customer field name, or GENERIC
    raw: np.ndarray
    key: np.ndarray  # object array of str ("" blank)
    code: np.ndarray  # int64: equal codes, equal keys; -1 blank
    fuzzy: np.ndarray  # the strings the similar levels compare
    sounds: np.ndarray | None = None  # names: pinyin codes, -1 blank
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def levels(self) -> tuple[str, ...]:
        return FIELD_LEVELS[self.kind]


def _codes(keys: np.ndarray) -> np.ndarray:
    codes, uniques = pd.factorize(keys)
    if len(uniques):
        blank = np.flatnonzero(uniques == "")
        if blank.size:
            codes = np.where(codes == blank[0], -1, codes)
    return codes.astype(np.int64)


def _key_function(kind: str, region: str) -> Callable[[object], str]:
    keys: dict[str, Callable[[object], str]] = {
        "phone": partial(mk.phone_key, region=region),
        "email": mk.email_key,
        "name": mk.name_key,
        "company": mk.company_key,
        "address": mk.address_key,
    }
    return keys.get(kind, mk.generic_key)


def prepare_fields(
    df: pd.DataFrame, columns: Sequence[tuple[str, str]], rules: MatchRules
) -> list[FieldData]:
    """FieldData for each (column, kind); columns with no usable value are left out."""
    fields = []
    for column, kind in columns:
        raw = df[column].to_numpy(dtype=object)
        text = kind not in ("phone", "email")
        key = mk.column_keys(df[column], _key_function(kind, rules.region), text=text)
        code = _codes(key)
        if (code >= 0).sum() == 0:
            continue
        data = FieldData(column, kind, raw, key, code, key)
        if kind == "name":
            pinyin = mk.column_keys(pd.Series(key), mk.pinyin_key)
            data.sounds = _codes(pinyin)
            data.fuzzy = pinyin  # similar names: compared as pinyin, so scripts meet
        data.weights = np.array([rules.weight(kind, level) for level in data.levels])
        fields.append(data)
    return fields


def similarity(kind: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0..1 similarity of two equally long arrays of keys, pair by pair."""
    if not len(a):
        return np.zeros(0, dtype=np.float32)
    if kind == GENERIC:
        return np.asarray(paired("jaro_winkler", a, b), dtype=np.float32)
    scores = np.asarray(paired("ratio", a, b), dtype=np.float32) / 100
    if kind == "address":  # the same place, once without the room: 88号 ~ 88号A座1203室
        common = np.asarray(paired("common_prefix", a, b), dtype=np.int32)
        shorter = np.minimum(_lengths(a), _lengths(b))
        inside = (common == shorter) & (shorter >= 6)
        scores = np.where(inside, np.maximum(scores, np.float32(0.9)), scores)
    return scores


def _lengths(texts: np.ndarray) -> np.ndarray:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def field_levels(f: FieldData, i: np.ndarray, j: np.ndarray, rules: MatchRules) -> np.ndarray:
    """The level index of field ``f`` for each pair (i, j); -1 where either side is blank."""
    ci, cj = f.code[i], f.code[j]
    missing = (ci < 0) | (cj < 0)
    levels = np.full(len(i), f.levels.index("different"), dtype=np.int8)
    levels[missing] = -1
    levels[(ci == cj) & ~missing] = 0
    todo = levels == f.levels.index("different")
    if f.sounds is not None and "pinyin" in f.levels:
        alike = todo & (f.sounds[i] == f.sounds[j]) & (f.sounds[i] >= 0)
        levels[alike] = f.levels.index("pinyin")
        todo &= ~alike
    fuzzy_levels = [
        (n, lv) for n, lv in enumerate(f.levels) if rules.level(f.kind, lv).min_similarity
    ]
    if fuzzy_levels and todo.any():
        rows = np.flatnonzero(todo)
        scores = _distinct_similarity(f, ci[rows], cj[rows])
        for n, lv in reversed(fuzzy_levels):  # the best level last, so it wins
            floor = rules.level(f.kind, lv).min_similarity or 1.0
            levels[rows[scores >= floor]] = n
    return levels


def _distinct_similarity(f: FieldData, ci: np.ndarray, cj: np.ndarray) -> np.ndarray:
    """Similarity per pair of codes, computed once per distinct pair of values."""
    width = int(f.code.max()) + 1
    pair_key = np.minimum(ci, cj) * width + np.maximum(ci, cj)
    inverse, distinct = pd.factorize(pair_key)  # hashing: faster than np.unique's sort
    first = np.empty(width, dtype=np.int64)
    first[f.code[f.code >= 0]] = np.flatnonzero(f.code >= 0)  # a row holding each code
    a = f.fuzzy[first[distinct // width]]
    b = f.fuzzy[first[distinct % width]]
    return similarity(f.kind, a, b)[inverse]


def compare(
    fields: Sequence[FieldData], i: np.ndarray, j: np.ndarray, rules: MatchRules
) -> np.ndarray:
    """The level matrix: one row per pair, one int8 column per field."""
    matrix = np.empty((len(i), len(fields)), dtype=np.int8)
    for n, f in enumerate(fields):
        matrix[:, n] = field_levels(f, i, j, rules)
    return matrix


def match_weights(fields: Sequence[FieldData], levels: np.ndarray, base: float) -> np.ndarray:
    """Each pair's match weight: ``base`` plus the weight of each field's level."""
    total = np.full(len(levels), base, dtype=np.float64)
    for n, f in enumerate(fields):
        column = levels[:, n]
        table = np.append(f.weights, 0.0)  # index -1 (blank) picks the trailing 0
        total += table[column]
    return total


def probability(weights: np.ndarray) -> np.ndarray:
    """Match weight (log2 odds) to a 0..1 score."""
    return 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
