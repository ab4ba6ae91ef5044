"""Comparing candidate pairs: a level per field per pair, and the pair's match weight.

:func:`compare` puts every candidate pair of every field on a level
(:mod:`xlcrm.core.dedupe.levels`, -1 when either side is blank) and applies the levels
that depend on each other (a shared number with different names is "shared");
:func:`match_weights` adds up the base, each level's weight and, for an exact agreement
on a field with a term-frequency share, the adjustment for the value agreed on.
:func:`scores` turns weights into the 0..1 score shown to users.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xlcrm.core.dedupe.fields import CUSTOMER_FIELDS, FieldData, prepare_fields
from xlcrm.core.dedupe.levels import field_levels, interactions, similarity
from xlcrm.core.dedupe.rules import MatchRules, score_of

__all__ = [
    "CUSTOMER_FIELDS",
    "FieldData",
    "compare",
    "match_weights",
    "prepare_fields",
    "scores",
    "similarity",
]


def compare(
    fields: Sequence[FieldData], i: np.ndarray, j: np.ndarray, rules: MatchRules
) -> np.ndarray:
    """The level matrix: one row per pair, one int8 column per field."""
    matrix = np.empty((len(i), len(fields)), dtype=np.int8)
    for n, f in enumerate(fields):
        matrix[:, n] = field_levels(f, i, j, rules)
    interactions(fields, matrix, i)
    return matrix


def match_weights(
    fields: Sequence[FieldData], levels: np.ndarray, base: float, i: np.ndarray | None = None
) -> np.ndarray:
    """Each pair's match weight: ``base``, each field's level weight and its TF adjustment.

    ``i`` (the pairs' first rows) gives the value an exact agreement agreed on; without
    it no term-frequency adjustment is made.
    """
    total = np.full(len(levels), base, dtype=np.float64)
    for n, f in enumerate(fields):
        column = levels[:, n]
        table = np.append(f.weights, 0.0)  # index -1 (blank) picks the trailing 0
        total += table[column]
        if f.tf is not None and i is not None and len(f.tf):
            exact = np.flatnonzero(column == 0)
            total[exact] += f.tf[f.code[i[exact]]]
    return total


def scores(
    fields: Sequence[FieldData], i: np.ndarray, j: np.ndarray, rules: MatchRules, base: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(levels, weights, 0..1 scores) of the pairs (i, j)."""
    levels = compare(fields, i, j, rules)
    weights = match_weights(fields, levels, base, i)
    return levels, weights, score_of(weights)
