"""Tag rules as data: the tags column normalised, and rules that add tags from the data.

Split from :mod:`xlcrm.core.tiers.rules`, which re-exports these names. A rule is
``tag | field | op | value`` (e.g. 高频 | purchase_count | >= | 10); the Settings sheet's
标签规则 / Tag rules table holds one per row (:data:`TAG_RULES_TABLE`), parsed by
:func:`tag_rules_from_rows`. Tags are one word each, joined with "、".
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xlcrm.core.values.findings import is_blank
from xlcrm.errors import SettingsError
from xlcrm.settings import DEFAULTS, TableSpec
from xlcrm.text import Text

# Tag rule fields and their kinds; Chinese labels are accepted in the Settings sheet.
NUMBER, TEXT, FLAG = "number", "text", "bool"
TAG_FIELDS: dict[str, str] = {
    "purchase_count": NUMBER,
    "total_amount": NUMBER,
    "days_since_purchase": NUMBER,
    "tenure_days": NUMBER,
    "r": NUMBER,
    "f": NUMBER,
    "m": NUMBER,
    "value_tier": TEXT,
    "activity": TEXT,
    "customer_type": TEXT,
    "segment": TEXT,
    "vip": FLAG,
}
FIELD_ALIASES: dict[str, str] = {
    "购买次数": "purchase_count",
    "累计消费金额": "total_amount",
    "消费金额": "total_amount",
    "未购买天数": "days_since_purchase",
    "距上次购买天数": "days_since_purchase",
    "客户天数": "tenure_days",
    "价值等级": "value_tier",
    "活跃度": "activity",
    "客户类型": "customer_type",
    "客户分群": "segment",
}
OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
# Excel takes a cell typed as "=" or "==" for a formula, so the sheet offers words too.
OP_ALIASES = {
    "≥": ">=",
    "≤": "<=",
    "=": "==",
    "≠": "!=",
    "<>": "!=",
    "等于": "==",
    "不等于": "!=",
    "is": "==",
    "is not": "!=",
    "isnot": "!=",
}
_TRUE = frozenset({"1", "true", "yes", "y", "是", "对", "on"})
_FALSE = frozenset({"0", "false", "no", "n", "否", "不是", "off"})
_HEADER_WORDS = frozenset({"op", "operator", "运算符", "比较", "条件"})

# Tags are split on these: full- and half-width commas and semicolons, 、, / and |, and
# any whitespace. NFKC first turns the full-width forms into the half-width ones.
TAG_SPLIT = re.compile(r"[,;、/|\s]+")
TAG_JOIN = "、"  # the list separator of Chinese text; survives CSV (unlike ",")


def normalize_tags(value: object) -> str:
    """Tags as one string: split on ，,;；、/| and spaces, deduplicated, joined with "、".

    Widths are folded (NFKC) and duplicates compared case-insensitively, keeping the first
    spelling and the order first seen; placeholders (无, -, N/A) are dropped. Idempotent.
    """
    return TAG_JOIN.join(tag_list(value))


def tag_list(value: object) -> list[str]:
    """The distinct tags in a cell, in first-seen order (see :func:`normalize_tags`)."""
    if is_blank(value):
        return []
    text = unicodedata.normalize("NFKC", str(value))
    seen: dict[str, str] = {}
    for word in TAG_SPLIT.split(text):
        if word and not is_blank(word):
            seen.setdefault(word.casefold(), word)
    return list(seen.values())


@dataclass(frozen=True)
class TagRule:
    """Add ``tag`` to every row where ``field op value`` holds (rows with the field unknown never match)."""

    tag: str
    field: str
    op: str
    value: object

    def __post_init__(self) -> None:
        if tag_list(self.tag) != [self.tag]:
            raise SettingsError("tag_rule_bad_name", tag=self.tag)
        if self.field not in TAG_FIELDS:
            allowed = ", ".join(TAG_FIELDS)
            raise SettingsError(
                "tag_rule_unknown_field", tag=self.tag, field=self.field, allowed=allowed
            )
        if self.op not in OPS:
            allowed = " ".join(OPS)
            raise SettingsError(
                "tag_rule_unknown_operator", tag=self.tag, op=self.op, allowed=allowed
            )
        self._check_value()

    def _check_value(self) -> None:
        kind = TAG_FIELDS[self.field]
        number = isinstance(self.value, int | float) and not isinstance(self.value, bool)
        ordered = self.op not in ("==", "!=")
        fits = {
            NUMBER: number,
            TEXT: isinstance(self.value, str),
            FLAG: isinstance(self.value, bool),
        }
        if not fits[kind] or (ordered and kind != NUMBER):
            condition = f"{self.field} {self.op} {self.value}"
            raise SettingsError(
                "tag_rule_bad_condition", tag=self.tag, condition=condition, why=KIND_NEEDS[kind]
            )


# What a field of each kind takes: fills {why} of the tag-rule errors.
KIND_NEEDS = {
    NUMBER: Text("该字段需要数字", "the field needs a number"),
    TEXT: Text("该字段只能用 == 或 != 比较文本", "the field compares text with == or != only"),
    FLAG: Text("该字段只能用 == 或 != 比较 是/否", "the field compares yes/no with == or != only"),
}

# The tags of the default rules: frequent, sleeping, VIP, big spender.
DEFAULT_TAG_NAMES = (
    Text("高频", "frequent"),
    Text("沉睡", "sleeping"),
    Text.same("VIP"),
    Text("高消费", "big-spender"),
)


def default_tag_rules(
    *,
    high_count: int = DEFAULTS.tier_high_count,
    sleeping_days: int = DEFAULTS.activity_sleeping_days,
    high_amount: float = DEFAULTS.tier_high_amount,
    language: str = "zh",
) -> tuple[TagRule, ...]:
    """The tag rules a workbook without a tag rules table gets, following its thresholds."""
    frequent, sleeping, vip, big = (name(language) for name in DEFAULT_TAG_NAMES)
    return (
        TagRule(frequent, "purchase_count", ">=", high_count),
        TagRule(sleeping, "days_since_purchase", ">", sleeping_days),
        TagRule(vip, "vip", "==", True),
        TagRule(big, "total_amount", ">=", high_amount),
    )


def tag_rules_from_rows(rows: Iterable[Sequence[object]]) -> tuple[TagRule, ...]:
    """Tag rules from a table of (tag, field, op, value) rows, e.g. a Settings sheet block.

    Blank rows and a header row are skipped. Fields may be written as their Chinese
    labels (购买次数 ...), operators as ≥ ≤ = ≠ too. Anything else raises SettingsError.
    """
    rules: list[TagRule] = []
    for row in rows:
        cells = [None if is_blank(c) else str(c).strip() for c in list(row)[:4]]
        cells += [None] * (4 - len(cells))
        if all(c is None for c in cells) or (cells[2] or "").casefold() in _HEADER_WORDS:
            continue
        tag, field_name, op, raw = cells
        field_name = FIELD_ALIASES.get(field_name or "", field_name or "")
        op = OP_ALIASES.get((op or "").casefold(), op or "")
        value = _rule_value(tag or "", field_name, raw)
        rules.append(TagRule(tag or "", field_name, op, value))
    return tuple(rules)


def _rule_value(tag: str, field_name: str, raw: str | None) -> object:
    """The rule's value cell in the field's kind; unknown fields are left to TagRule."""
    kind = TAG_FIELDS.get(field_name)
    text = (raw or "").strip()
    try:
        if kind == NUMBER:
            number = float(text)
            return int(number) if number.is_integer() else number
        if kind == FLAG:
            if text.casefold() in _TRUE | _FALSE:
                return text.casefold() in _TRUE
            raise ValueError(text)
    except ValueError:
        raise SettingsError(
            "tag_rule_bad_value", tag=tag, text=text, why=KIND_NEEDS[kind or TEXT]
        ) from None
    return text


TAG_RULES_TABLE = TableSpec(
    key="tag_rules",
    title=Text("标签规则", "Tag rules"),
    headers=(Text("标签", "Tag"), Text("字段", "Field"), Text("比较", "Op"), Text("值", "Value")),
    help=Text(
        "满足“字段 比较 值”的客户自动加上该标签。字段可用："
        + "、".join(TAG_FIELDS)
        + "（也可写 购买次数、累计消费金额、未购买天数 等中文名）；比较：>= > <= < 等于 不等于。"
        "删除本表所有行则不加自动标签。",
        "Customers where 'Field Op Value' holds get the tag. Fields: "
        + ", ".join(TAG_FIELDS)
        + "; operators: >= > <= < is, is not. Delete every row to add no tags.",
    ),
    default_rows=(
        (Text("高频", "frequent"), "purchase_count", ">=", 10),
        (Text("沉睡", "sleeping"), "days_since_purchase", ">", 180),
        ("VIP", "vip", Text("等于", "is"), Text("是", "yes")),
        (Text("高消费", "big-spender"), "total_amount", ">=", 50000),
    ),
)
