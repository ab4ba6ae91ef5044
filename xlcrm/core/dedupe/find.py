"""Find duplicate customers across fields, with a score and reasons for every group.

:func:`find_duplicates` is the whole pipeline on a sheet's DataFrame (index = Excel row
numbers):

1. keys per row (:mod:`xlcrm.core.dedupe.fields`): phones in E.164, emails lower-cased,
   names folded and simplified, companies without legal form and place, addresses
   without province and city, term frequencies of names, companies and addresses;
2. candidate pairs by blocking (:mod:`xlcrm.core.dedupe.blocking`), never all pairs;
3. a level per field per pair and a 0..1 score from the weights of
   :class:`~xlcrm.core.dedupe.rules.MatchRules` (:mod:`xlcrm.core.dedupe.compare`); for
   --on columns the weights are learned from the sheet (:mod:`xlcrm.core.dedupe.learn`);
4. groups without chaining (:mod:`xlcrm.core.dedupe.groups`) and the reasons for each
   (:mod:`xlcrm.core.dedupe.reasons`), every field that weighed with its weight.

Rows that share a phone or an email but whose names disagree (a switchboard, a family
phone, info@) are kept apart and listed in :attr:`DedupeResult.kept_apart`, with reasons.

Without ``on`` the customer fields the sheet has are compared (phone, email, name,
company, address, region, customer_id, and birth date and gender when a column holds
them); ``on`` names any columns instead (field names or header text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlcrm.core.dedupe.blocking import candidate_pairs
from xlcrm.core.dedupe.compare import CUSTOMER_FIELDS, FieldData, prepare_fields, scores
from xlcrm.core.dedupe.fields import MATCH_ONLY_HEADERS, match_only_column
from xlcrm.core.dedupe.groups import cluster, inner_pairs, triangle
from xlcrm.core.dedupe.learn import learn
from xlcrm.core.dedupe.reasons import pair_reasons, with_weight
from xlcrm.core.dedupe.rules import GENERIC, MatchRules
from xlcrm.errors import SettingsError
from xlcrm.progress import Progress, no_progress
from xlcrm.schema import column_position
from xlcrm.text import Text

__all__ = ["DedupeResult", "DuplicateGroup", "KeptApart", "MatchRules", "find_duplicates"]

MAX_REASONS = 10


@dataclass(frozen=True)
class DuplicateGroup:
    """Rows that are one customer: Excel row numbers, a 0..1 score and why."""

    group: int  # 1-based, groups ordered by their first row
    rows: tuple[int, ...]  # Excel row numbers (the DataFrame index), ascending
    score: float  # 0..1: the average score of each row's strongest link into the group
    reason_texts: tuple[Text, ...]  # for first, strongest first; then against

    def reasons(self, language: str) -> tuple[str, ...]:
        """The reasons in ``language``."""
        return tuple(reason(language) for reason in self.reason_texts)


@dataclass(frozen=True)
class KeptApart:
    """Two rows that share a phone or email but are not one customer, and why."""

    rows: tuple[int, int]
    score: float
    reason_texts: tuple[Text, ...]

    def reasons(self, language: str) -> tuple[str, ...]:
        return tuple(reason(language) for reason in self.reason_texts)


@dataclass(frozen=True)
class DedupeResult:
    groups: list[DuplicateGroup]
    rows: int  # rows looked at
    pairs_compared: int
    threshold: float
    columns: tuple[str, ...]  # DataFrame columns compared
    kept_apart: list[KeptApart] = field(default_factory=list)


def find_duplicates(
    df: pd.DataFrame,
    *,
    on: Sequence[str] | None = None,
    threshold: float | None = None,
    rules: MatchRules | None = None,
    progress: Progress = no_progress,
) -> DedupeResult:
    """Groups of rows of ``df`` that are the same customer (or record, with ``on``)."""
    rules = (rules or MatchRules()).with_threshold(threshold)
    columns = _columns(df, on)
    steps = 5
    progress("查重 keys…", 0, steps)
    fields = prepare_fields(df, columns, rules)
    names = tuple(dict.fromkeys(f.column for f in fields))
    n = len(df)
    if not fields or n < 2:
        return DedupeResult([], n, 0, rules.threshold, names)
    progress("查重 blocking…", 1, steps)
    i, j = candidate_pairs(fields, n, window=rules.window, max_block=rules.max_block)
    progress("查重 comparing…", 2, steps)
    base = rules.base
    levels, _weights, score = scores(fields, i, j, rules, base)
    if rules.learn:
        learned = learn(fields, levels, rules, i)
        if learned is not None:
            base = learned
            levels, _weights, score = scores(fields, i, j, rules, base)
    progress("查重 grouping…", 3, steps)

    def scorer(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return scores(fields, a, b, rules, base)[2]

    clusters = cluster(i, j, score, n, rules.threshold, scorer, rules.floor)
    excel_rows = df.index.to_numpy()
    groups = _groups(clusters, fields, rules, base, excel_rows)
    apart = _kept_apart(fields, i, j, levels, score, clusters, rules, base, excel_rows)
    progress("查重 done", steps, steps)
    return DedupeResult(groups, n, len(i), rules.threshold, names, apart)


def _columns(df: pd.DataFrame, on: Sequence[str] | None) -> list[tuple[str, str]]:
    """(column, kind) pairs to compare; kind is a customer field or GENERIC."""
    if on is None:
        found = [(f, f) for f in CUSTOMER_FIELDS if f in df.columns]
        for kind in MATCH_ONLY_HEADERS:
            column = match_only_column(list(df.columns), kind)
            if column is not None and kind not in df.columns:
                found.append((str(column), kind))
        if not any(kind in ("phone", "email", "name", "company", "address", "customer_id")
                   for _, kind in found):  # fmt: skip
            raise SettingsError("dedupe_no_customer_columns")
        return found
    resolved: list[tuple[str, str]] = []
    for name in on:
        column = _resolve(df, name)
        if column not in (c for c, _ in resolved):
            resolved.append((column, _kind_of(column)))
    if not resolved:
        raise SettingsError("dedupe_on_names_nothing")
    return resolved


def _kind_of(column: str) -> str:
    if column in CUSTOMER_FIELDS:
        return column
    return next((k for k in MATCH_ONLY_HEADERS if match_only_column([column], k)), GENERIC)


def _resolve(df: pd.DataFrame, name: str) -> str:
    position = column_position(name, list(df.columns))
    if position is not None:
        return str(df.columns[position])
    raise SettingsError("dedupe_no_such_column", name=name)


def _pair_weights(fields: list[FieldData], levels: np.ndarray, i: np.ndarray) -> np.ndarray:
    """Each field's weight for each pair, term frequencies included (pairs x fields)."""
    table = np.zeros(levels.shape, dtype=np.float64)
    for n, f in enumerate(fields):
        table[:, n] = np.append(f.weights, 0.0)[levels[:, n]]
        if f.tf is not None and len(f.tf):
            exact = np.flatnonzero(levels[:, n] == 0)
            table[exact, n] += f.tf[f.code[i[exact]]]
    return table


def _groups(
    clusters: list[np.ndarray],
    fields: list[FieldData],
    rules: MatchRules,
    base: float,
    excel_rows: np.ndarray,
) -> list[DuplicateGroup]:
    """The groups, numbered by their first row, with scores and reasons."""
    i, j, bounds = inner_pairs(clusters)
    levels, _weights, score = scores(fields, i, j, rules, base)  # every pair in one batch
    per_field = _pair_weights(fields, levels, i)
    groups = []
    for k, part in enumerate(clusters):
        inside = slice(bounds[k], bounds[k + 1])
        group = _group(part, fields, i[inside], j[inside], levels[inside], score[inside],
                       per_field[inside])  # fmt: skip
        groups.append((tuple(sorted(int(excel_rows[r]) for r in part)), group))
    groups.sort(key=lambda g: g[0][0])
    return [
        DuplicateGroup(number, rows, score, reasons)
        for number, (rows, (score, reasons)) in enumerate(groups, start=1)
    ]


def _group(
    part: np.ndarray,
    fields: list[FieldData],
    i: np.ndarray,
    j: np.ndarray,
    levels: np.ndarray,
    scores_: np.ndarray,
    weights: np.ndarray,
) -> tuple[float, tuple[Text, ...]]:
    """A group's score and reasons, both from each row's strongest link into the group.

    The score is the average of those links; the reasons are one per field that weighed,
    the strongest for the group across those links, then the strongest against, each
    with its weight.
    """
    a, b = triangle(len(part))
    links = _best_links(len(part), a, b, scores_)
    best: dict[str, tuple[float, Text]] = {}  # field -> its reason across the links
    for edge in links:
        found = pair_reasons(fields, int(i[edge]), int(j[edge]),
                             [int(x) for x in levels[edge]], list(weights[edge]))  # fmt: skip
        for key, (weight, why) in found:
            old = best.get(key)
            if old is None or _stronger(weight, old[0]):
                best[key] = (weight, why)
    ordered = sorted(best.values(), key=lambda r: (r[0] < 0, -abs(r[0])))[:MAX_REASONS]
    score = round(float(scores_[links].mean()), 4)
    return score, tuple(with_weight(why, weight) for weight, why in ordered)


def _stronger(new: float, old: float) -> bool:
    """A reason for the group beats one against it; among equals, the larger weight wins."""
    if (new > 0) != (old > 0):
        return new > 0
    return abs(new) > abs(old)


def _best_links(size: int, a: np.ndarray, b: np.ndarray, scores_: np.ndarray) -> list[int]:
    """The pairs of a maximum spanning tree (Prim): each row's strongest link into the group."""
    joined = {0}
    chosen: list[int] = []
    order = np.argsort(-scores_, kind="stable")
    while len(joined) < size:
        for edge in order:
            x, y = int(a[edge]), int(b[edge])
            if (x in joined) != (y in joined):
                joined.update((x, y))
                chosen.append(int(edge))
                break
        else:  # pragma: no cover - every pair is scored, so the group is connected
            break
    return chosen


def _kept_apart(
    fields: list[FieldData],
    i: np.ndarray,
    j: np.ndarray,
    levels: np.ndarray,
    score: np.ndarray,
    clusters: list[np.ndarray],
    rules: MatchRules,
    base: float,
    excel_rows: np.ndarray,
) -> list[KeptApart]:
    """Pairs sharing a phone or email whose names disagree, not put in one group."""
    shared = np.zeros(len(i), dtype=bool)
    for n, f in enumerate(fields):
        if f.kind in ("phone", "email"):
            shared |= levels[:, n] == f.levels.index("shared")
    label = np.full(len(excel_rows), -1, dtype=np.int64)
    for k, part in enumerate(clusters):
        label[part] = k
    apart = shared & ((label[i] < 0) | (label[i] != label[j]))
    apart &= score < rules.threshold
    rows = np.flatnonzero(apart)
    weights = _pair_weights(fields, levels[rows], i[rows])
    found = []
    for k, edge in enumerate(rows):
        reasons = pair_reasons(fields, int(i[edge]), int(j[edge]),
                               [int(x) for x in levels[edge]], list(weights[k]))  # fmt: skip
        ordered = sorted(reasons, key=lambda r: (r[1][0] < 0, -abs(r[1][0])))[:MAX_REASONS]
        pair = (int(excel_rows[i[edge]]), int(excel_rows[j[edge]]))
        texts = tuple(with_weight(why, w) for _key, (w, why) in ordered)
        found.append(KeptApart(tuple(sorted(pair)), round(float(score[edge]), 4), texts))  # type: ignore[arg-type]
    found.sort(key=lambda p: p.rows)
    return found
