"""Two months of a customer list, compared: new, gone and changed customers, tier moves.

Rows are paired by a key (the customer id by default). A key typed twice (a customer
entered twice under one id) pairs each row with the row of that key now that differs from
it in the fewest fields, so rows that only moved do not read as changed. A row whose key is blank pairs with nothing (it is new, or gone). Keys are compared
as values (:class:`~xlcrm.core.diff.values.Canonical`), so " C001" and "C001" are one key.

For paired rows every field both months have is compared, and a field counts as changed
only when its value changed, not its spelling. Value tiers and activities (each month
as of its own day) give the transition tables: rows are last month's tier (and 新增 for
customers who are new), columns this month's (and 流失 for those gone).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xlcrm.core.diff.values import Canonical, changed_rows
from xlcrm.core.summary.tables import (
    ACTIVITY_ORDER,
    BLANK,
    TIER_ORDER,
    category_labels,
    is_blank,
    normalized_regions,
    parsed_amounts,
)

ADDED, REMOVED = "新增", "流失"  # the transition tables' extra row and column
ARROW = "→"
NONE = "—"  # no tier (unscored) in a move's name: "高→—"
TOTAL_COLUMNS = ["customers_old", "customers_new", "amount_old", "amount_new"]


@dataclass(frozen=True)
class Change:
    """A customer in both months whose values changed: field → (before, after) as typed."""

    key: str
    row_old: int
    row_new: int
    fields: dict[str, tuple[object, object]]


@dataclass
class DiffResult:
    """Everything ``xlcrm diff`` reports."""

    key: str  # the key column's header
    added: list[tuple[str, int]]  # (key, row now)
    removed: list[tuple[str, int]]  # (key, row last month)
    changed: list[Change]
    unchanged: int
    transitions: dict[str, pd.DataFrame] = field(default_factory=dict)  # value_tier, activity
    totals: dict[str, pd.DataFrame] = field(default_factory=dict)  # region, owner

    def moves(self) -> dict[str, dict[str, int]]:
        """Customers in both months whose tier (activity) moved: {"高→中": n, ...}."""
        out: dict[str, dict[str, int]] = {}
        for name, table in self.transitions.items():
            moved: dict[str, int] = {}
            for before in table.index:
                for after in table.columns:
                    n = int(table.at[before, after])
                    if n and before != after and ADDED not in (before, after) and REMOVED not in (
                        before, after
                    ):  # fmt: skip
                        moved[f"{before or NONE}{ARROW}{after or NONE}"] = n
            out[name] = moved
        return out


def key_tokens(values: pd.Series, canonical: Canonical, field: str | None) -> list[str]:
    """The key of each row as compared ("" for a blank key, which pairs with nothing)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    tokens = ["" if is_blank(v) else str(canonical(field, v)) for v in uniques]
    return [tokens[c] for c in codes]


def pair_rows(
    old_keys: Sequence[str], new_keys: Sequence[str]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(pairs of positions, positions only last month, positions only now)."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(old_keys):
        if key:
            waiting[key].append(position)
    taken: dict[str, int] = defaultdict(int)
    pairs, only_new = [], []
    for position, key in enumerate(new_keys):
        queue = waiting.get(key) if key else None
        if queue and taken[key] < len(queue):
            pairs.append((queue[taken[key]], position))
            taken[key] += 1
        else:
            only_new.append(position)
    matched = {old for old, _new in pairs}
    only_old = [p for p in range(len(old_keys)) if p not in matched]
    return pairs, only_old, only_new


def plain(value: object) -> object:
    """A cell value as JSON holds it (dates as ISO text, NaN as None)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def diff_tables(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    key: str,
    key_header: str,
    fields: Sequence[str],
    canonical: Canonical,
    tiers: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> DiffResult:
    """Compare two tables (indexed by Excel row, one column per field or header).

    ``key`` is the column that identifies a customer, ``fields`` the columns compared;
    a name of a canonical field is read by that field's rules, any other as text.
    ``tiers`` are the two months' :func:`compute_tiers` results, for the transitions.
    """
    old_keys = key_tokens(old[key], canonical, key)
    new_keys = key_tokens(new[key], canonical, key)
    pairs, only_old, only_new = pair_rows(old_keys, new_keys)
    pairs = _closest_pairs(old, new, pairs, old_keys, fields, canonical)
    rows_old, rows_new = [int(r) for r in old.index], [int(r) for r in new.index]
    shown_new, shown_old = new[key].to_numpy(), old[key].to_numpy()
    changes = _changes(old, new, pairs, fields, canonical)
    result = DiffResult(
        key=key_header,
        added=[(str(plain(shown_new[p]) or ""), rows_new[p]) for p in only_new],
        removed=[(str(plain(shown_old[p]) or ""), rows_old[p]) for p in only_old],
        changed=[
            Change(str(plain(shown_new[n]) or ""), rows_old[o], rows_new[n], changes[i])
            for i, (o, n) in enumerate(pairs)
            if changes[i]
        ],
        unchanged=sum(1 for i in range(len(pairs)) if not changes[i]),
    )
    if tiers is not None:
        for name, order in (("value_tier", TIER_ORDER), ("activity", ACTIVITY_ORDER)):
            result.transitions[name] = transitions(
                tiers[0][name].to_numpy(), tiers[1][name].to_numpy(), pairs, only_old,
                only_new, order,
            )  # fmt: skip
    for name in ("region", "owner"):
        if name in old and name in new:
            result.totals[name] = totals(old, new, name)
    return result


def _closest_pairs(
    old: pd.DataFrame,
    new: pd.DataFrame,
    pairs: list[tuple[int, int]],
    old_keys: Sequence[str],
    fields: Sequence[str],
    canonical: Canonical,
) -> list[tuple[int, int]]:
    """``pairs`` with the rows of a repeated key re-paired, fewest changed fields first."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o, n in pairs:
        groups[old_keys[o]].append((o, n))
    repeated = [g for g in groups.values() if len(g) > 1]
    if not repeated:
        return pairs
    candidates = [(o, n) for g in repeated for o, _ in g for _, n in g]
    costs = [len(c) for c in _changes(old, new, candidates, fields, canonical)]
    best = iter(sorted(zip(costs, candidates, strict=True)))
    kept = [pair for g in groups.values() if len(g) == 1 for pair in g]
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _cost, (o, n) in best:
        if o not in used_old and n not in used_new:
            kept.append((o, n))
            used_old.add(o)
            used_new.add(n)
    return sorted(kept, key=lambda pair: pair[1])


def _changes(
    old: pd.DataFrame,
    new: pd.DataFrame,
    pairs: list[tuple[int, int]],
    fields: Sequence[str],
    canonical: Canonical,
) -> list[dict[str, tuple[object, object]]]:
    """For each pair, its changed fields: name → (before, after) as typed."""
    changes: list[dict[str, tuple[object, object]]] = [{} for _ in pairs]
    if not pairs:
        return changes
    old_at = np.array([o for o, _ in pairs])
    new_at = np.array([n for _, n in pairs])
    for name in fields:
        before, after = old[name].iloc[old_at], new[name].iloc[new_at]
        for i in changed_rows(name, before, after, canonical).tolist():
            changes[i][name] = (plain(before.iat[i]), plain(after.iat[i]))
    return changes


def _tier(value: object) -> str:
    return BLANK if is_blank(value) else str(value)


def transitions(
    old: np.ndarray,
    new: np.ndarray,
    pairs: list[tuple[int, int]],
    only_old: list[int],
    only_new: list[int],
    order: Sequence[str],
) -> pd.DataFrame:
    """Customers by last month's tier (rows, then 新增) and this month's (columns, then 流失)."""
    index, columns = [*order, BLANK, ADDED], [*order, BLANK, REMOVED]
    table = pd.DataFrame(0, index=index, columns=columns, dtype=np.int64)
    for o, n in pairs:
        table.at[_tier(old[o]), _tier(new[n])] += 1
    for n in only_new:
        table.at[ADDED, _tier(new[n])] += 1
    for o in only_old:
        table.at[_tier(old[o]), REMOVED] += 1
    return table


def totals(old: pd.DataFrame, new: pd.DataFrame, name: str) -> pd.DataFrame:
    """Customers and amounts by ``name`` (regions grouped as the Summary groups them),
    last month and now; the categories with the most customers now first."""
    parts = []
    for frame, suffix in ((old, "old"), (new, "new")):
        values = frame[name]
        if name == "region":
            values = normalized_regions(values)
        labels = category_labels(values)
        amounts = (
            parsed_amounts(frame["total_amount"])
            if "total_amount" in frame
            else pd.Series(0.0, index=frame.index)
        )
        grouped = pd.DataFrame({"label": labels.to_numpy(), "amount": amounts.to_numpy()})
        summed = grouped.groupby("label", sort=False).agg(
            customers=("amount", "size"), amount=("amount", "sum")
        )
        parts.append(summed.add_suffix(f"_{suffix}"))
    table = pd.concat(parts, axis=1).fillna(0)
    table = table[TOTAL_COLUMNS]
    table[["customers_old", "customers_new"]] = table[["customers_old", "customers_new"]].astype(
        int
    )
    order = sorted(table.index, key=lambda c: (c == BLANK, -table.at[c, "customers_new"], str(c)))
    table = table.reindex(order)
    table.index.name = name
    return table


def diff_payload(result: DiffResult, old: str, new: str) -> dict[str, Any]:
    """The ``xlcrm diff --json`` document (the shape DESIGN.md gives, then the totals)."""
    return {
        "old": old,
        "new": new,
        "key": result.key,
        "added": [{"key": k, "row": r} for k, r in result.added],
        "removed": [{"key": k, "row": r} for k, r in result.removed],
        "changed": [
            {
                "key": c.key,
                "row_old": c.row_old,
                "row_new": c.row_new,
                "fields": {f: [b, a] for f, (b, a) in c.fields.items()},
            }
            for c in result.changed
        ],
        "moves": result.moves(),
        "unchanged": result.unchanged,
        "totals": {
            name: [
                {"label": str(label), **{k: plain(v) for k, v in row.items()}}
                for label, row in table.iterrows()
            ]
            for name, table in result.totals.items()
        },
    }
