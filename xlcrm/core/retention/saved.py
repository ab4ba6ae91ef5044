"""A saved retention plan: the records a dry run selected, found again when it is applied.

``xlcrm retention --plan F`` (a dry run) keeps the plan: the rules and the day it was made
for, and for each record a rule acts on (or a legal hold marks), its Excel row, a salted
hash of its key (customer id, else the row's values) and a salted hash of all its values.
``--apply --plan F`` applies exactly that plan: :func:`locate` finds each record again —
at its row, or moved (the sheet was sorted, rows above were deleted) when its key and
values are found once elsewhere — and lists the records that are not there as planned
(deleted, edited, or no longer unique). Applying then stops unless every record was found.

Pure: plain values in and out. The hashes tell a record apart without holding its data;
the file holds no names, phone numbers or ids (a guesser who has the file and a list of
candidate ids could test them against it, as with the destruction record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlcrm.core.retention.plan import (
    RetentionPlan,
    RulePlan,
    record_keys,
    row_prints,
    salted_hashes,
)
from xlcrm.core.retention.rules import RetentionRule, rules_from_mapping, rules_to_mapping
from xlcrm.errors import SettingsError

PLAN_VERSION = 1


@dataclass(frozen=True)
class PlannedRecord:
    """One record of a saved plan: its row then, and salted hashes of its key and values."""

    row: int
    key: str
    print: str


@dataclass(frozen=True)
class SavedPlan:
    """A dry run's plan as saved: enough to apply exactly it, and nothing personal."""

    workbook: str
    sheet: str
    asof: dt.date
    salt: str
    rules: tuple[RetentionRule, ...]
    records: Mapping[str, tuple[PlannedRecord, ...]]  # action rule → records it acts on
    held: Mapping[str, tuple[PlannedRecord, ...]]  # action rule → records a hold keeps

    def to_json(self) -> dict[str, Any]:
        def rows(by_rule: Mapping[str, tuple[PlannedRecord, ...]]) -> dict[str, Any]:
            return {name: [[r.row, r.key, r.print] for r in recs] for name, recs in by_rule.items()}

        return {
            "xlcrm_retention_plan": PLAN_VERSION, "workbook": self.workbook, "sheet": self.sheet,
            "asof": self.asof.isoformat(), "salt": self.salt, **rules_to_mapping(self.rules),
            "records": rows(self.records), "held": rows(self.held),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: object) -> SavedPlan:
        """A plan read back; SettingsError ``retention_plan_damaged`` when it is not one."""
        if not isinstance(data, dict) or data.get("xlcrm_retention_plan") != PLAN_VERSION:
            raise SettingsError("retention_plan_damaged")
        try:

            def rows(raw: Mapping[str, Any]) -> dict[str, tuple[PlannedRecord, ...]]:
                return {
                    str(name): tuple(PlannedRecord(int(r[0]), str(r[1]), str(r[2])) for r in recs)
                    for name, recs in raw.items()
                }

            return cls(
                str(data["workbook"]), str(data["sheet"]), dt.date.fromisoformat(data["asof"]),
                str(data["salt"]), rules_from_mapping(data), rows(data["records"]),
                rows(data["held"]),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise SettingsError("retention_plan_damaged") from None


def save_plan(
    plan: RetentionPlan, df: pd.DataFrame, columns: Mapping[str, str],
    rules: Sequence[RetentionRule], *, workbook: str, sheet: str, asof: dt.date, salt: str,
) -> SavedPlan:  # fmt: skip
    """The saved form of ``plan``, made on the sheet ``df`` it was planned on."""
    keys, prints = _hashes(df, columns, salt)

    def records(rows: Sequence[int]) -> tuple[PlannedRecord, ...]:
        return tuple(PlannedRecord(int(r), keys[r], prints[r]) for r in rows)

    return SavedPlan(
        workbook, sheet, asof, salt, tuple(rules),
        {p.rule.name: records(p.rows) for p in plan.rules},
        {p.rule.name: records(p.held) for p in plan.rules if p.held},
    )  # fmt: skip


@dataclass(frozen=True)
class Located:
    """Where a saved plan's records are now: the plan to apply, what moved, what is gone."""

    plan: RetentionPlan
    moved: tuple[tuple[int, int], ...]  # (row then, row now)
    missing: tuple[int, ...]  # rows then of records not found as planned


def locate(saved: SavedPlan, df: pd.DataFrame, columns: Mapping[str, str]) -> Located:
    """Find every record of ``saved`` in the sheet ``df`` as it is now."""
    keys, prints = _hashes(df, columns, saved.salt)
    by_key: dict[str, list[int]] = {}
    for row, key in keys.items():
        by_key.setdefault(key, []).append(row)
    taken: set[int] = set()
    moved: list[tuple[int, int]] = []
    missing: list[int] = []

    def find(record: PlannedRecord) -> int | None:
        if keys.get(record.row) == record.key and prints.get(record.row) == record.print:
            found: int | None = record.row
        else:
            same = [r for r in by_key.get(record.key, []) if prints[r] == record.print]
            found = same[0] if len(same) == 1 else None
        if found is None or found in taken:
            missing.append(record.row)
            return None
        taken.add(found)
        if found != record.row:
            moved.append((record.row, found))
        return found

    def rows(records: Sequence[PlannedRecord]) -> tuple[int, ...]:
        return tuple(sorted(r for r in map(find, records) if r is not None))

    plans = tuple(
        RulePlan(rule, rows(saved.records.get(rule.name, ())), rows(saved.held.get(rule.name, ())))
        for rule in saved.rules
        if rule.name in saved.records
    )
    return Located(RetentionPlan(plans, ()), tuple(moved), tuple(sorted(missing)))


def _hashes(
    df: pd.DataFrame, columns: Mapping[str, str], salt: str
) -> tuple[dict[int, str], dict[int, str]]:
    """Each row's salted key hash and salted values hash, by Excel row."""
    rows = [int(r) for r in df.index]
    keys = salted_hashes([str(k) for k in record_keys(df, columns)], salt)
    prints = salted_hashes(list(row_prints(df)), salt)
    return dict(zip(rows, keys, strict=True)), dict(zip(rows, prints, strict=True))
