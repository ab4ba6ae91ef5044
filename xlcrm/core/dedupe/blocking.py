"""Blocking: the candidate pairs worth comparing, never all n² of them.

Two rows become a candidate pair when they share a block key (the same phone, email,
name key, pinyin of the name, company key or address; a name with a company or an
address; for --on columns the same value of a column, or of two neighbouring columns
together) or sit within ``window`` rows of each other when sorted by name (sorted
neighbourhood, which catches typos that change the key). A block larger than ``max_block`` rows is a common value (张伟, a big employer,
the state "nsw"): it is split by a second key where one helps, else left out — two rows
sharing only a common value are not evidence of anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlcrm.core.dedupe.fields import FieldData
from xlcrm.core.dedupe.rules import GENERIC


def block_pairs(codes: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i < j) of rows with the same code (>= 0), in blocks of 2..max_block rows."""
    rows = np.flatnonzero(codes >= 0)
    order = np.argsort(codes[rows], kind="stable")
    rows, sorted_codes = rows[order], codes[rows][order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(rows)])
    pieces_i, pieces_j = [], []
    for size in np.unique(sizes):
        if size < 2 or size > max_block:
            continue
        members = rows[starts[sizes == size][:, None] + np.arange(size)]
        a, b = np.triu_indices(size, 1)
        pieces_i.append(members[:, a].ravel())
        pieces_j.append(members[:, b].ravel())
    return _concat(pieces_i), _concat(pieces_j)


def oversized(codes: np.ndarray, max_block: int) -> np.ndarray:
    """True for rows in a block too large to pair out."""
    valid = codes >= 0
    counts = np.bincount(codes[valid]) if valid.any() else np.zeros(0, dtype=np.int64)
    big = np.zeros(len(codes), dtype=bool)
    big[valid] = counts[codes[valid]] > max_block
    return big


def combine(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One code per distinct (first, second) pair; -1 where either is -1."""
    valid = (first >= 0) & (second >= 0)
    joined = np.where(valid, first * (int(second.max(initial=0)) + 1) + second, -1)
    codes, _ = pd.factorize(joined)
    codes = codes.astype(np.int64)
    missing = np.flatnonzero(~valid)
    if missing.size:
        codes[missing] = -1
    return codes


def neighbourhood_pairs(
    sort_key: np.ndarray, window: int, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows within ``window`` places of each other in the order of ``sort_key``.

    ``sort_key`` holds strings ("" rows are left out); ``rows`` limits it to those rows.
    """
    rows = np.flatnonzero(sort_key != "") if rows is None else rows[sort_key[rows] != ""]
    order = rows[np.argsort(sort_key[rows], kind="stable")]
    pieces_i, pieces_j = [], []
    for step in range(1, max(window, 1)):
        pieces_i.append(order[:-step])
        pieces_j.append(order[step:])
    return _concat(pieces_i), _concat(pieces_j)


def _concat(pieces: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(pieces).astype(np.int64) if pieces else np.zeros(0, dtype=np.int64)


def unique_pairs(
    parts: Sequence[tuple[np.ndarray, np.ndarray]], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs among ``parts``, each as (smaller row, larger row), sorted."""
    keys = [np.minimum(i, j) * n + np.maximum(i, j) for i, j in parts if len(i)]
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    joined = np.sort(pd.unique(np.concatenate(keys)))  # hashing, then sorting the few left
    i, j = joined // n, joined % n
    keep = i != j
    return i[keep], j[keep]


# Customer fields whose value alone identifies a customer; other single keys (a name, a
# company, an address) are shared by many people and block in smaller blocks only.
STRONG_KEYS = frozenset({"phone", "email", "customer_id"})
# Fields that never block alone: too many rows share a region or a gender.
NO_BLOCK = frozenset({"region", "gender", "birth_date"})


def candidate_pairs(
    fields: Sequence[FieldData], n: int, *, window: int, max_block: int
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs of a table of ``n`` rows compared on ``fields``.

    A name, company or address alone blocks rows only in blocks up to a fifth of
    ``max_block`` (12 by default): two rows sharing just 张伟 or a big employer cannot
    reach the threshold without a shared contact, which has its own block, or a second
    shared field, which the name + company and name + address blocks pair up (also
    for a name in pinyin, and for a surname with a title: 张先生 at 华创 meets 张伟 there).
    """
    by_kind = {f.kind: f for f in fields if f.kind != GENERIC}
    generic = [f for f in fields if f.kind == GENERIC]
    weak_block = max(2, max_block // 5)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for f in fields:
        if f.kind in NO_BLOCK:
            continue
        strong = f.kind in STRONG_KEYS or f.kind == GENERIC
        parts.append(block_pairs(f.code, max_block if strong else weak_block))
    if "name" in by_kind:
        parts += _name_blocks(by_kind, max_block, weak_block, window)
    if "company" in by_kind:
        parts.append(block_pairs(by_kind["company"].extra["romanised"], weak_block))
    for first, second in itertools.pairwise(generic):
        parts.append(block_pairs(combine(first.code, second.code), max_block))
    if generic:
        parts.append(neighbourhood_pairs(_joined_keys(generic), window))
        parts.append(neighbourhood_pairs(_joined_keys(generic[::-1]), window))
    return unique_pairs(parts, n)


def _name_blocks(
    by_kind: dict[str, FieldData], max_block: int, weak_block: int, window: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The blocks a name takes part in: its pinyin, with where they work or live, and its
    sorted neighbourhood."""
    name = by_kind["name"]
    sounds, family = name.extra["sounds"], name.extra["surname"]
    parts = [block_pairs(sounds, weak_block)]
    for other in ("company", "address"):  # split the 张伟 block by where they work/live
        if other in by_kind:
            code = by_kind[other].code
            parts.append(block_pairs(combine(name.code, code), max_block))
            parts.append(block_pairs(combine(sounds, code), max_block))
            titled = np.where(name.code < 0, family, -1)  # 张先生: surname only
            parts.append(_one_side_pairs(titled, family, code, max_block))
    if "birth_date" in by_kind:  # the same birthday and surname: a misspelt given name
        parts.append(block_pairs(combine(family, by_kind["birth_date"].code), max_block))
    if "company" in by_kind:  # a company written in English: 恒达机械 / Hengda Machinery
        parts.append(
            block_pairs(combine(name.code, by_kind["company"].extra["romanised"]), max_block)
        )
    parts.append(neighbourhood_pairs(name.key, window))
    return parts


def _one_side_pairs(
    titled: np.ndarray, family: np.ndarray, place: np.ndarray, max_block: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of a row whose name is a surname with a title and a row with that surname at
    the same company or address: blocks of (surname, place) holding a titled row."""
    if not (titled >= 0).any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    joined = combine(family, place)
    wanted = np.unique(joined[(titled >= 0) & (joined >= 0)])
    return block_pairs(np.where(np.isin(joined, wanted), joined, -1), max_block)


def _joined_keys(fields: Sequence[FieldData]) -> np.ndarray:
    joined = fields[0].key.astype(str)
    for f in fields[1:]:
        joined = np.char.add(np.char.add(joined, "\x1f"), f.key.astype(str))
    return np.where(np.char.str_len(np.char.replace(joined, "\x1f", "")) > 0, joined, "")
