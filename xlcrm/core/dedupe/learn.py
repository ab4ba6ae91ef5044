"""Weights learned from the sheet for --on columns (Fellegi–Sunter, as Splink does).

A level's weight is log2(m / u): m is how often two rows of the same record agree at
that level, u how often two unrelated rows do. u comes from the data without labels:
exact agreement from the value frequencies (a column of unique IDs agrees by chance
almost never, a column of 8 states often), the fuzzy levels from random pairs of rows.
m and the share of duplicates among the candidate pairs come from
expectation–maximisation over the candidate pairs, starting from the usual guesses.
The share of duplicates becomes the base weight.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xlcrm.core.dedupe.compare import FieldData, compare, match_weights
from xlcrm.core.dedupe.rules import GENERIC, MatchRules

SAMPLE_PAIRS = 20_000
MIN_PAIRS = 30  # fewer candidate pairs than this: keep the table's weights
ITERATIONS = 30
M_START = np.array([0.85, 0.07, 0.04, 0.04])  # exact, close, similar, different
FLOOR = 1e-6
MIN_AGREEMENT = 0.6  # learned duplicates must agree exactly on most columns, on average


def chance_agreement(
    fields: Sequence[FieldData], rules: MatchRules, seed: int = 1
) -> dict[int, np.ndarray]:
    """u per level for each generic field (by its index in ``fields``)."""
    n = len(fields[0].code)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, SAMPLE_PAIRS)
    j = rng.integers(0, n, SAMPLE_PAIRS)
    keep = i != j
    i, j = i[keep], j[keep]
    u: dict[int, np.ndarray] = {}
    for index, f in enumerate(fields):
        if f.kind != GENERIC:
            continue
        levels = compare([f], i, j, rules)[:, 0]
        present = levels >= 0
        counts = np.bincount(levels[present], minlength=len(f.levels)).astype(float)
        share = counts / max(present.sum(), 1)
        share[0] = _exact_chance(f.code)
        u[index] = np.maximum(share, 1.0 / max(present.sum(), 1) / 2)
        u[index][0] = max(share[0], FLOOR)
    return u


def _exact_chance(codes: np.ndarray) -> float:
    """The probability that two distinct random non-blank rows have the same value."""
    counts = np.bincount(codes[codes >= 0]).astype(float)
    total = counts.sum()
    return float((counts * (counts - 1)).sum() / (total * (total - 1))) if total > 1 else 0.0


def learn(
    fields: Sequence[FieldData], levels: np.ndarray, rules: MatchRules, i: np.ndarray
) -> float | None:
    """Set the weights of the generic fields from the data; returns the learned base weight.

    Returns None (weights unchanged) when there are too few candidate pairs to learn from.
    When the learned duplicates would agree exactly on fewer than MIN_AGREEMENT of the
    columns on average, EM has explained blocking (which picks rows that agree) instead
    of duplicates — a sheet without duplicates does that — so m stays at the usual
    guesses and only the share of duplicates is learned.
    """
    generic = [n for n, f in enumerate(fields) if f.kind == GENERIC]
    if not generic or len(levels) < MIN_PAIRS:
        return None
    u = chance_agreement(fields, rules)
    fixed = [f for f in fields if f.kind != GENERIC]
    fixed_columns = [n for n, f in enumerate(fields) if f.kind != GENERIC]
    known = match_weights(fixed, levels[:, fixed_columns], 0.0, i)  # log2 ratio, fixed part
    start = {n: M_START[: len(fields[n].levels)].copy() for n in generic}
    m, share = _em(levels, generic, u, known, start, learn_m=True)
    if np.mean([m[n][0] for n in generic]) < MIN_AGREEMENT:
        m, share = _em(levels, generic, u, known, start, learn_m=False)
    for n in generic:
        # a better level never weighs less than a worse one (a rare near-miss is not
        # stronger evidence than an exact agreement)
        fields[n].weights = np.minimum.accumulate(np.log2(m[n] / u[n]))
    return float(np.log2(share / (1 - share)))


def _em(
    levels: np.ndarray,
    generic: list[int],
    u: dict[int, np.ndarray],
    known: np.ndarray,
    start: dict[int, np.ndarray],
    *,
    learn_m: bool,
) -> tuple[dict[int, np.ndarray], float]:
    """Expectation–maximisation of m (when ``learn_m``) and the share of duplicates."""
    m = {n: start[n].copy() for n in generic}
    share = 0.01  # duplicates are rare among candidate pairs until the data says otherwise
    for _ in range(ITERATIONS):
        log_ratio = known + np.log2(share / (1 - share))
        for n in generic:
            table = np.append(np.log2(m[n] / u[n]), 0.0)
            log_ratio = log_ratio + table[levels[:, n]]
        posterior = 1.0 / (1.0 + np.exp2(-np.clip(log_ratio, -60, 60)))
        share = float(np.clip(posterior.mean(), 1e-6, 1 - 1e-4))
        if not learn_m:
            continue
        for n in generic:
            column = levels[:, n]
            present = column >= 0
            weight = np.bincount(column[present], posterior[present], len(m[n]))
            m[n] = np.maximum(weight / max(weight.sum(), FLOOR), FLOOR)
    return m, share
