"""Find duplicate customers across fields, with a score and reasons for every group.

:func:`find_duplicates` is the whole pipeline on a sheet's DataFrame (index = Excel row
numbers):

1. keys per row (:mod:`xlcrm.core.dedupe.keys`): phones in E.164, emails lower-cased,
   names folded and simplified, companies without legal form and place;
2. candidate pairs by blocking (:mod:`xlcrm.core.dedupe.blocking`), never all pairs;
3. a level per field per pair and a 0..1 score from the weights of
   :class:`~xlcrm.core.dedupe.rules.MatchRules` (:mod:`xlcrm.core.dedupe.compare`); for
   --on columns the weights are learned from the sheet (:mod:`xlcrm.core.dedupe.learn`);
4. groups without chaining (:mod:`xlcrm.core.dedupe.groups`) and the reasons for each
   (:mod:`xlcrm.core.dedupe.reasons`).

Without ``on`` the customer fields the sheet has are compared (phone, email, name,
company, address, customer_id); ``on`` names any columns instead (field names or
header text), for sheets that are not customer lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlcrm.core.dedupe.blocking import candidate_pairs
from xlcrm.core.dedupe.compare import (
    CUSTOMER_FIELDS,
    FieldData,
    compare,
    match_weights,
    prepare_fields,
    probability,
)
from xlcrm.core.dedupe.groups import cluster, inner_pairs, triangle
from xlcrm.core.dedupe.learn import learn
from xlcrm.core.dedupe.reasons import pair_reasons
from xlcrm.core.dedupe.rules import GENERIC, MatchRules
from xlcrm.errors import SettingsError
from xlcrm.progress import Progress, no_progress
from xlcrm.schema import column_position
from xlcrm.text import Text

__all__ = ["DedupeResult", "DuplicateGroup", "MatchRules", "find_duplicates"]

MAX_REASONS = 8


@dataclass(frozen=True)
class DuplicateGroup:
    """Rows that are one customer: Excel row numbers, a 0..1 score and why."""

    group: int  # 1-based, groups ordered by their first row
    rows: tuple[int, ...]  # Excel row numbers (the DataFrame index), ascending
    score: float  # 0..1: the average score of each row's strongest link into the group
    reason_texts: tuple[Text, ...]  # strongest first

    def reasons(self, language: str) -> tuple[str, ...]:
        """The reasons in ``language``."""
        return tuple(reason(language) for reason in self.reason_texts)


@dataclass(frozen=True)
class DedupeResult:
    groups: list[DuplicateGroup]
    rows: int  # rows looked at
    pairs_compared: int
    threshold: float
    columns: tuple[str, ...]  # DataFrame columns compared


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
    names = tuple(f.column for f in fields)
    n = len(df)
    if not fields or n < 2:
        return DedupeResult([], n, 0, rules.threshold, names)
    progress("查重 blocking…", 1, steps)
    i, j = candidate_pairs(fields, n, window=rules.window, max_block=rules.max_block)
    progress("查重 comparing…", 2, steps)
    levels = compare(fields, i, j, rules)
    base = rules.base
    if rules.learn:
        learned = learn(fields, levels, rules)
        base = base if learned is None else learned
    scores = probability(match_weights(fields, levels, base))
    progress("查重 grouping…", 3, steps)

    def scorer(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return probability(match_weights(fields, compare(fields, a, b, rules), base))

    clusters = cluster(i, j, scores, n, rules.threshold, scorer, rules.floor)
    groups = _groups(clusters, fields, rules, base, df.index.to_numpy())
    progress("查重 done", steps, steps)
    return DedupeResult(groups, n, len(i), rules.threshold, names)


def _columns(df: pd.DataFrame, on: Sequence[str] | None) -> list[tuple[str, str]]:
    """(column, kind) pairs to compare; kind is a customer field or GENERIC."""
    if on is None:
        found = [(f, f) for f in CUSTOMER_FIELDS if f in df.columns]
        if not found:
            raise SettingsError("dedupe_no_customer_columns")
        return found
    resolved: list[tuple[str, str]] = []
    for name in on:
        column = _resolve(df, name)
        if column not in (c for c, _ in resolved):
            resolved.append((column, column if column in CUSTOMER_FIELDS else GENERIC))
    if not resolved:
        raise SettingsError("dedupe_on_names_nothing")
    return resolved


def _resolve(df: pd.DataFrame, name: str) -> str:
    position = column_position(name, list(df.columns))
    if position is not None:
        return str(df.columns[position])
    raise SettingsError("dedupe_no_such_column", name=name)


def _groups(
    clusters: list[np.ndarray],
    fields: list[FieldData],
    rules: MatchRules,
    base: float,
    excel_rows: np.ndarray,
) -> list[DuplicateGroup]:
    """The groups, numbered by their first row, with scores and reasons."""
    i, j, bounds = inner_pairs(clusters)
    levels = compare(fields, i, j, rules)  # every pair inside every group, in one batch
    scores = probability(match_weights(fields, levels, base))
    groups = []
    for k, part in enumerate(clusters):
        inside = slice(bounds[k], bounds[k + 1])
        group = _group(part, fields, i[inside], j[inside], levels[inside], scores[inside])
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
    scores: np.ndarray,
) -> tuple[float, tuple[Text, ...]]:
    """A group's score and reasons, both from each row's strongest link into the group.

    The score is the average of those links; the reasons are one per field, the
    strongest across those links.
    """
    a, b = triangle(len(part))
    links = _best_links(len(part), a, b, scores)
    reasons: dict[str, tuple[float, Text]] = {}  # field -> its strongest reason
    for edge in links:
        found = pair_reasons(fields, int(i[edge]), int(j[edge]), [int(x) for x in levels[edge]])
        for column, reason in found:
            if column not in reasons or reason[0] > reasons[column][0]:
                reasons[column] = reason
    ordered = sorted(reasons.values(), key=lambda r: -r[0])[:MAX_REASONS]
    score = round(float(scores[links].mean()), 4)
    return score, tuple(why for _, why in ordered)


def _best_links(size: int, a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> list[int]:
    """The pairs of a maximum spanning tree (Prim): each row's strongest link into the group."""
    joined = {0}
    chosen: list[int] = []
    order = np.argsort(-scores, kind="stable")
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
