"""Retention rules as data: which records to archive, anonymise or destroy, and which to hold.

A rule is a name, an action, the legal basis and a list of conditions that must all hold
(AND). A condition is ``field op value``; nothing in a rule is ever evaluated as code.
Rules come from a TOML file (:func:`rules_from_toml`) or from the Settings sheet's
retention table (:func:`rules_from_rows`, one row per condition, rows with the same name
are one rule). :mod:`xlcrm.core.retention.plan` decides which rows each rule selects.

Actions: ``archive`` (move the rows to a password-protected archive workbook),
``anonymise`` (blank the personal fields, keep the rest for statistics), ``destroy``
(remove the rows everywhere xlcrm keeps them) and ``hold``: a legal hold (a statutory
retention period) whose rows are never anonymised or destroyed but marked restricted.

Operators: == != (text, numbers, dates), > >= < <= (numbers, dates), in / not_in (a list
of values, e.g. customer ids who asked for deletion), older_than / within (an age such as
3y, 18m, 90d, 3年 measured from the "as of" day, date fields only), blank / filled.
A field may name fallbacks with "|": ``last_purchase_at|created_at`` uses the first
filled one, so a prospect who never bought is aged from the day it was created.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlcrm.errors import SettingsError
from xlcrm.schema import FIELD_BY_NAME, FieldType, field_named
from xlcrm.settings import TableSpec
from xlcrm.text import Text

ARCHIVE, ANONYMISE, DESTROY, HOLD = "archive", "anonymise", "destroy", "hold"
ACTIONS = (ARCHIVE, ANONYMISE, DESTROY, HOLD)
ACTION_ALIASES = {
    "归档": ARCHIVE,
    "匿名化": ANONYMISE,
    "匿名": ANONYMISE,
    "anonymize": ANONYMISE,
    "销毁": DESTROY,
    "删除": DESTROY,
    "delete": DESTROY,
    "保全": HOLD,
    "法定保留": HOLD,
    "legal_hold": HOLD,
    "legal hold": HOLD,
}
# Stronger actions win when several rules select a row; a hold blocks the irreversible ones.
STRENGTH = {ARCHIVE: 1, ANONYMISE: 2, DESTROY: 3}
BLOCKED_BY_HOLD = frozenset({ANONYMISE, DESTROY})

COMPARE = ("==", "!=", ">", ">=", "<", "<=")
OPS = (*COMPARE, "in", "not_in", "older_than", "within", "blank", "filled")
# In a Settings cell "==" or "=" would start a formula, so words stand for operators too.
OP_ALIASES = {
    "=": "==", "≠": "!=", "<>": "!=", "≥": ">=", "≤": "<=",
    "is": "==", "eq": "==", "等于": "==", "是": "==", "is_not": "!=", "is not": "!=",
    "ne": "!=", "不等于": "!=", "不是": "!=", "gt": ">", "大于": ">", "ge": ">=",
    "大于等于": ">=", "lt": "<", "小于": "<", "le": "<=", "小于等于": "<=",
    "属于": "in", "不属于": "not_in", "not in": "not_in",
    "早于": "older_than", "超过": "older_than", "older than": "older_than",
    "以内": "within", "为空": "blank", "不为空": "filled",
}  # fmt: skip
_NO_VALUE = frozenset({"blank", "filled"})
_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(y|years?|年|m|months?|个月|月|d|days?|天|日)$")
_AGE_DAYS = {
    "y": 365.25,
    "年": 365.25,
    "m": 30.4375,
    "月": 30.4375,
    "个": 30.4375,
    "d": 1.0,
    "天": 1.0,
    "日": 1.0,
}
_LIST_SPLIT = re.compile(r"[,;，；、\s]+")

KIND_DATE, KIND_NUMBER, KIND_TEXT = "date", "number", "text"


def field_kind(field: str) -> str:
    """How a canonical field's values compare: as dates, numbers or text."""
    kind = FIELD_BY_NAME[field].type
    if kind is FieldType.DATE:
        return KIND_DATE
    if kind in (FieldType.INTEGER, FieldType.MONEY):
        return KIND_NUMBER
    return KIND_TEXT


@dataclass(frozen=True)
class Condition:
    """``fields op value``: fields are canonical names, the first filled one is compared."""

    fields: tuple[str, ...]
    op: str
    value: Any = None  # float, dt.date, str, tuple[str, ...] (in/not_in) or days (ages)
    written: str = field(default="", compare=False)  # the value as the user wrote it

    def describe(self) -> str:
        """The condition as a user wrote it, for the dry run's reasons."""
        value = self.value
        if isinstance(value, tuple):
            shown = f"[{len(value)} 个值 values]"
        elif self.op in ("older_than", "within"):
            shown = self.written or f"{value:g}d"
        else:
            shown = "" if value is None else str(value)
        return f"{'|'.join(self.fields)} {self.op} {shown}".strip()


@dataclass(frozen=True)
class RetentionRule:
    """One rule: all ``conditions`` select a row; ``action`` says what happens to it."""

    name: str
    action: str
    basis: str
    conditions: tuple[Condition, ...]
    reason: str = ""

    def describe(self) -> str:
        """Why the rule selects a row: its reason, else its conditions joined by AND."""
        return self.reason or " AND ".join(c.describe() for c in self.conditions)


def _text(raw: object) -> str:
    return "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()


def _plain(raw: object) -> str:
    """Free text (names, bases, reasons) kept as written, only trimmed."""
    return "" if raw is None else str(raw).strip()


def _known(raw: object, aliases: Mapping[str, str], known: Sequence[str]) -> str | None:
    """The canonical word ``raw`` stands for (itself or through an alias); None if unknown."""
    text = _text(raw).casefold()
    word = aliases.get(text, text)
    return word if word in known else None


def parse_action(name: str, raw: object) -> str:
    """The action of rule ``name`` (archive, anonymise, destroy, hold or an alias); else SettingsError."""
    action = _known(raw, ACTION_ALIASES, ACTIONS)
    if action is None:
        allowed = " / ".join(ACTIONS)
        raise SettingsError(
            "retention_rule_unknown_action", name=name, action=_text(raw), allowed=allowed
        )
    return action


def parse_fields(name: str, raw: object) -> tuple[str, ...]:
    """Canonical field names from ``a|b`` (names, or zh/en headers such as 最近购买日期)."""
    parts = [p.strip() for p in _text(raw).split("|")]
    fields: list[str] = []
    for part in parts:
        field = field_named(part)
        if field is None:
            raise SettingsError("retention_rule_unknown_field", name=name, field=part)
        fields.append(field)
    kinds = {field_kind(f) for f in fields}
    if len(kinds) > 1:
        raise SettingsError("retention_rule_mixed_fields", name=name, fields=_text(raw))
    return tuple(fields)


def parse_age(name: str, raw: object) -> float:
    """Days in an age such as 3y, 18m, 90d, 3年, 6个月."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)  # a bare number is days
    match = _AGE.match(_text(raw).casefold())
    if match is None:
        raise SettingsError("retention_rule_bad_age", name=name, age=_text(raw))
    return float(match.group(1)) * _AGE_DAYS[match.group(2)[0]]


def _parse_date(name: str, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(_text(raw).replace("/", "-"))
    except ValueError:
        raise SettingsError("retention_rule_bad_date", name=name, date=_text(raw)) from None


def _parse_number(name: str, raw: object) -> float:
    try:
        if isinstance(raw, bool):
            raise ValueError(raw)
        return float(raw if isinstance(raw, int | float) else _text(raw).replace(",", ""))
    except ValueError:
        raise SettingsError("retention_rule_not_a_number", name=name, value=_text(raw)) from None


def parse_condition(name: str, field_raw: object, op_raw: object, value: object) -> Condition:
    """One condition, checked: known field and operator, a value of the field's kind."""
    fields = parse_fields(name, field_raw)
    op = _known(op_raw, OP_ALIASES, OPS)
    if op is None:
        allowed = " ".join(OPS)
        raise SettingsError(
            "retention_rule_unknown_operator", name=name, op=_text(op_raw), allowed=allowed
        )
    kind = field_kind(fields[0])
    if op in _NO_VALUE:
        return Condition(fields, op)
    if op in ("older_than", "within"):
        if kind != KIND_DATE:
            raise SettingsError("retention_rule_age_needs_date", name=name, op=op, field=fields[0])
        return Condition(fields, op, parse_age(name, value), _text(value))
    if op in ("in", "not_in"):
        items = value if isinstance(value, list | tuple) else _LIST_SPLIT.split(_text(value))
        # An empty list is allowed: the template's deletion-request rule starts empty.
        return Condition(fields, op, tuple(_text(v).casefold() for v in items if _text(v)))
    if kind == KIND_DATE:
        return Condition(fields, op, _parse_date(name, value))
    if kind == KIND_NUMBER:
        return Condition(fields, op, _parse_number(name, value))
    if op not in ("==", "!="):
        raise SettingsError("retention_rule_text_compare", name=name, field=fields[0], op=op)
    return Condition(fields, op, _text(value))


def _check_rule(rule: RetentionRule) -> RetentionRule:
    if not rule.name:
        raise SettingsError("retention_rule_no_name")
    if not rule.conditions:
        raise SettingsError("retention_rule_no_conditions", name=rule.name)
    if rule.action != HOLD and not rule.basis:
        raise SettingsError("retention_rule_no_basis", name=rule.name)
    return rule


def _unique(rules: Sequence[RetentionRule]) -> tuple[RetentionRule, ...]:
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise SettingsError("retention_rule_twice", name=rule.name)
        seen.add(rule.name)
    return tuple(rules)


_RULE_KEYS = frozenset({"name", "action", "basis", "reason", "conditions"})
_CONDITION_KEYS = frozenset({"field", "op", "value"})


def rules_from_mapping(data: Mapping[str, Any]) -> tuple[RetentionRule, ...]:
    """Rules from a loaded TOML document: ``[[rules]]`` tables with ``conditions``."""
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise SettingsError("retention_rules_none")
    rules = []
    for number, raw in enumerate(raw_rules, start=1):
        name = _plain(raw.get("name")) if isinstance(raw, dict) else ""
        name = name or f"#{number}"
        if not isinstance(raw, dict) or set(raw) - _RULE_KEYS:
            extra = ", ".join(sorted(set(raw) - _RULE_KEYS)) if isinstance(raw, dict) else raw
            raise SettingsError("retention_rule_unknown_keys", name=name, keys=extra)
        conditions = []
        for cond in raw.get("conditions") or []:
            if not isinstance(cond, dict) or set(cond) - _CONDITION_KEYS or "field" not in cond:
                raise SettingsError("retention_rule_bad_condition", name=name)
            conditions.append(
                parse_condition(name, cond["field"], cond.get("op"), cond.get("value"))
            )
        rule = RetentionRule(
            name=_plain(raw.get("name")),
            action=parse_action(name, raw.get("action")),
            basis=_plain(raw.get("basis")),
            conditions=tuple(conditions),
            reason=_plain(raw.get("reason")),
        )
        rules.append(_check_rule(rule))
    return _unique(rules)


def rules_from_toml(text: str) -> tuple[RetentionRule, ...]:
    """Rules from the text of a TOML rules file (see xlcrm/workbook_templates/)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError("retention_rules_bad_toml", error=error) from None
    return rules_from_mapping(data)


_HEADER_WORDS = frozenset({"规则名称", "rule", "name", "规则"})


def rules_from_rows(rows: Iterable[Sequence[object]]) -> tuple[RetentionRule, ...]:
    """Rules from the Settings table: (name, action, field, op, value, basis) per row.

    Rows with the same name are one rule whose conditions all hold; a later row may leave
    the action and basis blank. Blank rows and a repeated header row are skipped.
    """
    order: list[str] = []
    parts: dict[str, dict[str, Any]] = {}
    for row in rows:
        cells = list(row) + [None] * (6 - len(row))
        name, action, field, op, value, basis = cells[:6]
        if not any(_text(c) for c in cells[:6]) or _text(name).casefold() in _HEADER_WORDS:
            continue
        key = _plain(name)
        if not key:
            raise SettingsError("retention_rule_no_name")
        rule = parts.setdefault(key, {"action": None, "basis": "", "conditions": []})
        if key not in order:
            order.append(key)
        rule["action"] = rule["action"] or (_text(action) or None)
        rule["basis"] = rule["basis"] or _plain(basis)
        rule["conditions"].append(parse_condition(key, field, op, value))
    rules = [
        _check_rule(
            RetentionRule(
                key, parse_action(key, parts[key]["action"]), parts[key]["basis"],
                tuple(parts[key]["conditions"]),
            )
        )
        for key in order
    ]  # fmt: skip
    return tuple(rules)


DEFAULT_ROWS: tuple[tuple[object, ...], ...] = (
    ("潜在客户三年未成交", "archive", "customer_type", "等于", "潜在", "PIPL 第19条 / GDPR Art. 5(1)(e) 存储限制"),
    ("潜在客户三年未成交", "", "last_purchase_at|created_at", "older_than", "3y", ""),
    ("撤回同意", "anonymise", "consent", "等于", "否", "PIPL 第15条 / GDPR Art. 7(3) 撤回同意"),
    ("删除请求", "destroy", "customer_id", "in", "", "PIPL 第47条 / GDPR Art. 17 删除权"),
    ("会计凭证保管期", "hold", "last_purchase_at", "within", "30y", "《会计档案管理办法》第十四条"),
)  # fmt: skip

TABLE = TableSpec(
    key="retention",
    title=Text("保留规则", "Retention rules"),
    headers=(
        Text("规则名称", "Rule"),
        Text("动作", "Action"),
        Text("字段", "Field"),
        Text("条件", "Operator"),
        Text("值", "Value"),
        Text("法律依据", "Legal basis"),
    ),
    help=Text(
        "每行一个条件，同名的行为同一规则（条件同时满足）。动作：archive 归档、anonymise 匿名化、"
        "destroy 销毁、hold 法定保留（阻止销毁，标记为受限）。删除请求的客户编号填在“值”中，用逗号分隔。",
        "One condition per row; rows with the same name are one rule (all must hold)."
        " Actions: archive, anonymise, destroy, hold (a legal hold: blocks destruction and"
        " marks the record restricted). Put the customer ids of deletion requests in Value,"
        " separated by commas.",
    ),
    default_rows=DEFAULT_ROWS,
)


def rules_to_mapping(rules: Sequence[RetentionRule]) -> dict[str, Any]:
    """Rules as :func:`rules_from_mapping` reads them back (a saved plan keeps its rules)."""
    return {"rules": [_rule_mapping(rule) for rule in rules]}


def _rule_mapping(rule: RetentionRule) -> dict[str, Any]:
    conditions = []
    for cond in rule.conditions:
        entry: dict[str, Any] = {"field": "|".join(cond.fields), "op": cond.op}
        value = cond.value
        if cond.op in ("older_than", "within"):
            value = cond.written or value
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        if value is not None:
            entry["value"] = value
        conditions.append(entry)
    mapping = {"name": rule.name, "action": rule.action, "basis": rule.basis}
    return mapping | ({"reason": rule.reason} if rule.reason else {}) | {"conditions": conditions}
