"""The string similarity scores xlcrm uses, from rapidfuzz or, where it has no build, in Python.

rapidfuzz is compiled and has no Pyodide (WebAssembly) build, so under xlwings Lite the
same scores come from the small implementations below. Only the scores xlcrm uses exist:

- :func:`ratio`: 0..100, rapidfuzz's ``fuzz.ratio`` — 100 × (1 − Indel distance / total
  length), the Indel distance being insertions and deletions only (len₁ + len₂ − 2·LCS);
- :func:`jaro_winkler`: 0..1, ``JaroWinkler.normalized_similarity`` (prefix weight 0.1,
  a common prefix of up to 4 characters, boosted only above a Jaro score of 0.7);
- :func:`common_prefix`: ``Prefix.similarity``, the length of the shared start;
- :func:`damerau_levenshtein`: ``DamerauLevenshtein.distance`` (unrestricted: a swapped
  pair costs 1 even with edits between), capped at ``cutoff + 1`` like rapidfuzz;
- :func:`extract`: ``process.extract`` with ``ratio``: every choice at or above a cutoff,
  best first, ties in the choices' order;
- :func:`paired`: ``process.cpdist``, a score for each pair of two equally long lists.

:data:`BACKEND` says which is in use ("rapidfuzz" or "python"); tests/core/test_similarity.py
compares the two on the matching test set and requires identical results. If rapidfuzz ever
ships a Pyodide wheel it is picked up as it is here: its import decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

try:  # compiled and fast where it installs; absent under Pyodide
    from rapidfuzz import fuzz as _fuzz
    from rapidfuzz import process as _process
    from rapidfuzz.distance import DamerauLevenshtein as _DL
    from rapidfuzz.distance import JaroWinkler as _JW
    from rapidfuzz.distance import Prefix as _Prefix

    BACKEND = "rapidfuzz"
except ImportError:  # pragma: no cover - exercised under Pyodide and by use_python()
    BACKEND = "python"

_use_python = BACKEND == "python"


def use_python(enabled: bool = True) -> None:
    """Use the pure-Python scores even where rapidfuzz is installed (for the comparison test)."""
    global _use_python
    _use_python = enabled or BACKEND == "python"


# The pure-Python scores.


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, one pass over ``b``)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    for char in b:
        matches = masks.get(char, 0)
        low = row & matches
        row = ((row + low) | (row - low)) & full
    return len(a) - bin(row).count("1")


def _py_ratio(a: str, b: str) -> float:
    total = len(a) + len(b)
    if not total:
        return 100.0
    distance = total - 2 * lcs_length(a, b)
    return (1.0 - distance / total) * 100


def _jaro(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    taken = [False] * len(b)
    matched_a: list[str] = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not taken[j] and b[j] == char:
                taken[j] = True
                matched_a.append(char)
                break
    common = len(matched_a)
    if not common:
        return 0.0
    matched_b = [b[j] for j in range(len(b)) if taken[j]]
    half_transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) // 2
    score = common / len(a) + common / len(b) + (common - half_transpositions) / common
    return score / 3.0


def _py_jaro_winkler(a: str, b: str) -> float:
    score = _jaro(a, b)
    if score > 0.7:
        prefix = min(_py_prefix(a, b), 4)
        score += prefix * 0.1 * (1.0 - score)
    return 1.0 - (1.0 - score)  # rapidfuzz reports 1 - distance: the same rounding


def _py_prefix(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def _py_damerau_levenshtein(a: str, b: str) -> int:
    """Unrestricted Damerau-Levenshtein distance (Lowrance and Wagner's recurrence)."""
    big = len(a) + len(b)
    last_row_of: dict[str, int] = {}
    # d[i + 1][j + 1] is the distance of a[:i] and b[:j]; row and column 0 hold `big`.
    d = [[big] * (len(b) + 2) for _ in range(len(a) + 2)]
    for i in range(len(a) + 1):
        d[i + 1][1] = i
    for j in range(len(b) + 1):
        d[1][j + 1] = j
    for i in range(1, len(a) + 1):
        last_column = 0
        for j in range(1, len(b) + 1):
            k, cost = last_row_of.get(b[j - 1], 0), 0 if a[i - 1] == b[j - 1] else 1
            swap = d[k][last_column] + (i - k - 1) + 1 + (j - last_column - 1)
            d[i + 1][j + 1] = min(d[i][j] + cost, d[i + 1][j] + 1, d[i][j + 1] + 1, swap)
            if not cost:
                last_column = j
        last_row_of[a[i - 1]] = i
    return d[len(a) + 1][len(b) + 1]


# The scores xlcrm calls.


def ratio(a: str, b: str) -> float:
    """0..100: how much of the two texts is shared, as rapidfuzz's ``fuzz.ratio``."""
    return _py_ratio(a, b) if _use_python else float(_fuzz.ratio(a, b))


def jaro_winkler(a: str, b: str) -> float:
    """0..1 Jaro-Winkler similarity (prefix weight 0.1), as rapidfuzz computes it."""
    return _py_jaro_winkler(a, b) if _use_python else float(_JW.normalized_similarity(a, b))


def common_prefix(a: str, b: str) -> int:
    """How many characters the two texts share at the start."""
    return _py_prefix(a, b) if _use_python else int(_Prefix.similarity(a, b))


def damerau_levenshtein(a: str, b: str, cutoff: int | None = None) -> int:
    """Edits from ``a`` to ``b`` (a swapped pair is one); ``cutoff + 1`` when above ``cutoff``."""
    if not _use_python:
        return int(_DL.distance(a, b, score_cutoff=cutoff))
    distance = _py_damerau_levenshtein(a, b)
    return distance if cutoff is None or distance <= cutoff else cutoff + 1


def extract(query: str, choices: Sequence[str], cutoff: float) -> list[tuple[str, float]]:
    """Every choice whose :func:`ratio` with ``query`` is at least ``cutoff``, best first."""
    if not _use_python:
        found = _process.extract(
            query, choices, scorer=_fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        return [(choice, float(score)) for choice, score, _ in found]
    scored = [(choice, _py_ratio(query, choice), i) for i, choice in enumerate(choices)]
    kept = sorted((s for s in scored if s[1] >= cutoff), key=lambda s: (-s[1], s[2]))
    return [(choice, score) for choice, score, _ in kept]


_PAIRED: dict[str, tuple[Callable[[str, str], Any], Callable[[], Any]]] = {
    "ratio": (_py_ratio, lambda: _fuzz.ratio),
    "jaro_winkler": (_py_jaro_winkler, lambda: _JW.normalized_similarity),
    "common_prefix": (_py_prefix, lambda: _Prefix.similarity),
}


def paired(score: str, a: Iterable[str], b: Iterable[str]) -> Sequence[float]:
    """``score`` ("ratio", "jaro_winkler" or "common_prefix") of a[i] and b[i] for each i."""
    python, compiled = _PAIRED[score]
    if _use_python:
        return [python(x, y) for x, y in zip(a, b, strict=True)]
    return _process.cpdist(list(a), list(b), scorer=compiled(), dtype="float64")  # type: ignore[return-value]
