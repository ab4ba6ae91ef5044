"""Grouping: from scored pairs to groups of rows that are one customer, without chaining.

Pairs at or above the threshold link rows; rows linked directly or through others form
a component. A component of two rows is a group. A larger one is re-examined with every
pair inside it scored (not only the pairs blocking produced), and clustered bottom-up:
two parts join when one of their pairs is a duplicate (>= threshold) and none of their
pairs is clearly two people (below ``floor``). So A≈B and B≈C put A, B and C together
only when A and C do not contradict each other; one weak link can no longer pull two
different people into one group.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

# Components larger than this are clustered on the pairs already scored; the others
# count as different (0), so nobody joins a group without being compared to all of it.
FULL_SCORING_LIMIT = 300

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


@lru_cache(maxsize=64)
def triangle(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) positions of every pair a < b among ``size`` items (cached: groups are small)."""
    return np.triu_indices(size, 1)


def components(i: np.ndarray, j: np.ndarray, n: int) -> list[np.ndarray]:
    """The connected components (of 2+ rows) of the graph with edges (i, j), sorted rows."""
    if not len(i):
        return []
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels, minlength=count)
    linked = np.flatnonzero(sizes[labels] >= 2)
    order = linked[np.argsort(labels[linked], kind="stable")]
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return [np.sort(part) for part in np.split(order, cuts)]


def link_clusters(scores: np.ndarray, threshold: float, floor: float) -> list[list[int]]:
    """Clusters of a symmetric score matrix, built bottom-up.

    Two parts join when some pair across them scores >= ``threshold`` (one is a
    duplicate of the other) and no pair across them scores below ``floor`` (nobody in
    one is clearly a different person from anybody in the other); the parts with the
    highest average score between them join first.
    """
    size = len(scores)
    totals = scores.astype(np.float64).copy()
    highs, lows = totals.copy(), totals.copy()
    counts = np.ones(size)
    members: list[list[int]] = [[k] for k in range(size)]
    alive = np.ones(size, dtype=bool)
    while True:
        average = totals / np.outer(counts, counts)
        allowed = (highs >= threshold) & (lows >= floor) & np.outer(alive, alive)
        np.fill_diagonal(allowed, False)
        if not allowed.any():
            break
        average[~allowed] = -1.0
        a, b = np.unravel_index(int(np.argmax(average)), average.shape)
        for matrix, combine in ((totals, np.add), (highs, np.maximum), (lows, np.minimum)):
            matrix[a, :] = combine(matrix[a, :], matrix[b, :])
            matrix[:, a] = matrix[a, :]
        counts[a] += counts[b]
        members[a] += members[b]
        alive[b] = False
    return [sorted(members[k]) for k in np.flatnonzero(alive) if len(members[k]) > 1]


def inner_pairs(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair inside each part, all parts in one batch: (i, j, start offsets + end)."""
    firsts, seconds, sizes = [], [], [0]
    for part in parts:
        a, b = triangle(len(part))
        firsts.append(part[a])
        seconds.append(part[b])
        sizes.append(len(a))
    empty = np.zeros(0, dtype=np.int64)
    i = np.concatenate(firsts) if firsts else empty
    j = np.concatenate(seconds) if seconds else empty
    return i, j, np.cumsum(sizes)


def cluster(
    i: np.ndarray,
    j: np.ndarray,
    score: np.ndarray,
    n: int,
    threshold: float,
    scorer: Scorer,
    floor: float = 0.2,
) -> list[np.ndarray]:
    """Groups of rows (indexes 0..n-1) from scored candidate pairs; ``scorer`` scores more."""
    strong = score >= threshold
    parts = components(i[strong], j[strong], n)
    groups = [part for part in parts if len(part) == 2]
    full = [part for part in parts if 2 < len(part) <= FULL_SCORING_LIMIT]
    inner_i, inner_j, bounds = inner_pairs(full)
    values = scorer(inner_i, inner_j)  # one batch for all the components
    for k, part in enumerate(full):
        a, b = triangle(len(part))
        matrix = np.zeros((len(part), len(part)))
        matrix[a, b] = matrix[b, a] = values[bounds[k] : bounds[k + 1]]
        groups.extend(part[np.array(c)] for c in link_clusters(matrix, threshold, floor))
    for part in parts:
        if len(part) > FULL_SCORING_LIMIT:
            matrix = _known_scores(part, i, j, score)
            groups.extend(part[np.array(c)] for c in link_clusters(matrix, threshold, floor))
    groups.sort(key=lambda g: int(g[0]))
    return groups


def _known_scores(part: np.ndarray, i: np.ndarray, j: np.ndarray, score: np.ndarray) -> np.ndarray:
    """A giant component's matrix from the scores blocking produced; the rest count as 0."""
    position = np.full(int(max(i.max(initial=0), j.max(initial=0))) + 1, -1)
    position[part] = np.arange(len(part))
    inside = (position[i] >= 0) & (position[j] >= 0)
    a, b = position[i[inside]], position[j[inside]]
    matrix = np.zeros((len(part), len(part)))
    matrix[a, b] = matrix[b, a] = score[inside]
    return matrix
