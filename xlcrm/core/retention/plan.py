"""Which rows each retention rule selects, decided on whole columns at once.

Every cell is parsed once per distinct value (dates by :func:`parse_date`, amounts and
counts by the number parsers, 客户类型 and 营销授权 to their canonical Chinese values,
so "Prospect" matches 潜在), then the conditions become boolean arrays.

How rules combine, so that each row is acted on at most once:
- a row selected by several rules takes the strongest action (destroy > anonymise >
  archive); among rules of equal strength the first one in the file owns the row;
- a row selected by a ``hold`` rule is never anonymised or destroyed: it is listed in the
  owning rule's ``held`` and marked restricted instead (archive keeps the data, so it goes on);
- a row whose field is unknown (blank or unreadable) never matches a comparison.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xlcrm.core.retention.rules import (
    BLOCKED_BY_HOLD,
    HOLD,
    KIND_DATE,
    KIND_NUMBER,
    STRENGTH,
    Condition,
    RetentionRule,
    field_kind,
)
from xlcrm.core.values.choices import parse_consent, parse_customer_type
from xlcrm.core.values.dates import parse_date
from xlcrm.core.values.findings import Parsed, is_blank
from xlcrm.core.values.numbers import parse_amount, parse_count
from xlcrm.errors import SettingsError
from xlcrm.schema import FIELD_BY_NAME, FieldType

_ENUM_PARSERS: dict[str, Callable[[object], Parsed]] = {
    "customer_type": parse_customer_type,
    "consent": parse_consent,
}


@dataclass(frozen=True)
class RulePlan:
    """What one rule does: the Excel rows it acts on and those a legal hold keeps."""

    rule: RetentionRule
    rows: tuple[int, ...]
    held: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The rule's entry in ``xlcrm retention --json``."""
        return {
            "name": self.rule.name,
            "action": self.rule.action,
            "basis": self.rule.basis,
            "rows": list(self.rows),
            "held": list(self.held),
        }


@dataclass(frozen=True)
class RetentionPlan:
    """The whole plan: one entry per action rule, in file order, and the hold rules' rows."""

    rules: tuple[RulePlan, ...]
    holds: tuple[RulePlan, ...]

    def rows(self, action: str) -> list[int]:
        """Every Excel row the plan gives ``action``, ascending."""
        return sorted(r for p in self.rules if p.rule.action == action for r in p.rows)

    @property
    def restricted(self) -> list[int]:
        """Rows kept by a legal hold instead of being anonymised or destroyed."""
        return sorted({r for p in self.rules for r in p.held})

    def payload(self, *, applied: bool) -> dict[str, Any]:
        """The ``xlcrm retention --json`` shape."""
        return {"applied": applied, "rules": [p.as_json() for p in self.rules]}


def _text_value(raw: object) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFKC", str(raw)).strip().casefold()


def canonical_text(field: str, raw: object) -> str | None:
    """A text cell as compared: enum values canonical (Prospect → 潜在), else folded text."""
    parse = _ENUM_PARSERS.get(field)
    if parse is not None and not is_blank(raw):
        result = parse(raw)
        if result.ok and result.value is not None:
            return str(result.value).casefold()
    return _text_value(raw)


def _number(field: str, raw: object) -> float:
    parse = parse_count if FIELD_BY_NAME[field].type is FieldType.INTEGER else parse_amount
    result = parse(raw)
    value = result.value
    return float(value) if isinstance(value, int | float) and result.ok else np.nan


def _ordinal(raw: object) -> float:
    value = parse_date(raw).value
    if isinstance(value, dt.datetime):
        value = value.date()
    return float(value.toordinal()) if isinstance(value, dt.date) else np.nan


def field_values(df: pd.DataFrame, column: str, field: str) -> np.ndarray:
    """A column as compared: floats (NaN unknown) for numbers and dates (ordinals), else text."""
    codes, distinct = pd.factorize(df[column], use_na_sentinel=False)
    kind = field_kind(field)
    values: list[Any]
    if kind == KIND_DATE:
        values = [_ordinal(v) for v in distinct]
    elif kind == KIND_NUMBER:
        values = [_number(field, v) for v in distinct]
    else:
        values = [canonical_text(field, v) for v in distinct]
    array = np.array(values, dtype=float if kind != "text" else object)
    return array[codes] if len(distinct) else np.array([], dtype=array.dtype)


def _first_filled(arrays: Sequence[np.ndarray]) -> np.ndarray:
    result = arrays[0].copy()
    for other in arrays[1:]:
        missing = pd.isna(result)
        result[missing] = other[missing]
    return result


def condition_mask(
    cond: Condition, df: pd.DataFrame, columns: Mapping[str, str], asof: dt.date, rule: str
) -> np.ndarray:
    """The rows (as a boolean array) where one condition holds."""
    for field in cond.fields:
        if field not in columns:
            raise SettingsError("retention_rule_field_missing", name=rule, field=field)
    values = _first_filled([field_values(df, columns[f], f) for f in cond.fields])
    known = ~pd.isna(values)
    if cond.op == "blank":
        return ~known
    if cond.op == "filled":
        return known
    if cond.op in ("in", "not_in"):
        wanted = {canonical_text(cond.fields[0], v) for v in cond.value}
        inside = np.array([v in wanted for v in values], dtype=bool)
        return inside if cond.op == "in" else known & ~inside
    if cond.op in ("older_than", "within"):
        days = asof.toordinal() - values.astype(float)
        with np.errstate(invalid="ignore"):
            return known & (days > cond.value if cond.op == "older_than" else days <= cond.value)
    target = cond.value
    if isinstance(target, dt.date):
        target = float(target.toordinal())
    elif isinstance(target, str):
        target = canonical_text(cond.fields[0], target)
    return known & _compare(values, cond.op, target)


def _compare(values: np.ndarray, op: str, target: Any) -> np.ndarray:
    if values.dtype == object:  # text: only == and != reach here
        equal = np.array([v == target for v in values], dtype=bool)
        return equal if op == "==" else ~equal
    with np.errstate(invalid="ignore"):
        result = {
            "==": values == target,
            "!=": values != target,
            ">": values > target,
            ">=": values >= target,
            "<": values < target,
            "<=": values <= target,
        }[op]
    return np.asarray(result, dtype=bool)


def rule_mask(
    rule: RetentionRule, df: pd.DataFrame, columns: Mapping[str, str], asof: dt.date
) -> np.ndarray:
    """The rows where every condition of ``rule`` holds."""
    mask = np.ones(len(df), dtype=bool)
    for cond in rule.conditions:
        mask &= condition_mask(cond, df, columns, asof, rule.name)
    return mask


def plan_retention(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    rules: Sequence[RetentionRule],
    *,
    asof: dt.date,
) -> RetentionPlan:
    """Decide, for every action rule, the Excel rows it acts on and those held.

    ``df`` is indexed by Excel row number; ``columns`` maps canonical fields to its columns.
    """
    rows = df.index.to_numpy()
    held = np.zeros(len(df), dtype=bool)
    holds = []
    for rule in (r for r in rules if r.action == HOLD):
        mask = rule_mask(rule, df, columns, asof)
        held |= mask
        holds.append(RulePlan(rule, tuple(rows[mask].tolist())))
    actions = [r for r in rules if r.action != HOLD]
    owner = np.full(len(df), -1)
    strength = np.zeros(len(df), dtype=int)
    for index, rule in enumerate(actions):
        mask = rule_mask(rule, df, columns, asof) & (STRENGTH[rule.action] > strength)
        owner[mask] = index
        strength[mask] = STRENGTH[rule.action]
    plans = []
    for index, rule in enumerate(actions):
        mine = owner == index
        kept = mine & held if rule.action in BLOCKED_BY_HOLD else np.zeros(len(df), dtype=bool)
        plans.append(RulePlan(rule, tuple(rows[mine & ~kept].tolist()), tuple(rows[kept].tolist())))
    return RetentionPlan(tuple(plans), tuple(holds))


def record_keys(df: pd.DataFrame, columns: Mapping[str, str]) -> pd.Series:
    """What identifies each record across copies: its customer id, else a fingerprint.

    The fingerprint (a hash of the row's values) finds a record without an id in the
    backups, which are read the same way and so give the same values.
    """
    ids = (
        df[columns["customer_id"]].map(_text_value)
        if "customer_id" in columns
        else pd.Series(None, index=df.index, dtype=object)
    )
    missing = ids.isna()
    if missing.any():
        prints = df[missing].apply(_fingerprint, axis=1)
        ids = ids.astype(object)
        ids[missing] = prints
    return ids


def row_prints(df: pd.DataFrame) -> pd.Series:
    """A fingerprint of all the values of every row (what a saved plan checks again)."""
    if df.empty:
        return pd.Series([], index=df.index, dtype=object)
    return df.apply(_fingerprint, axis=1)


def _fingerprint(row: pd.Series) -> str:
    text = "\x1f".join("" if is_blank(v) else str(v) for v in row.tolist())
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def salted_hashes(keys: Sequence[str], salt: str) -> list[str]:
    """SHA-256 of salt + key for each record key: what the destruction log keeps."""
    return [hashlib.sha256((salt + key).encode("utf-8")).hexdigest() for key in keys]
