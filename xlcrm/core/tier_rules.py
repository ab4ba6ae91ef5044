"""Tier rules as data (thresholds, segment tables, tag rules) and the scorers that apply them.

Everything :func:`xlcrm.core.tiers.compute_tiers` decides comes from a :class:`TierRules`:
the value-tier and activity thresholds, the RFM method and cut points, the segment model
and the tag rules. A rule table carries a ``version`` and every result row records it, so
a tier written last quarter can be told apart from one written under today's rules.

Policies (the why is next to each constant):
- value tier: 高 when amount >= high_amount or count >= high_count; else 中 when
  amount >= mid_amount or count >= mid_count; else 低. Tenure does not enter the tier.
- VIP: amount >= vip_amount, or count >= vip_count, or (tier 高 and customer for at least
  vip_tenure_days since created_at). Unknown inputs never make a VIP.
- activity: days since last purchase <= active_days 活跃, <= sleeping_days 一般, else 沉睡.
- tags: one word per tag, joined with "、" (see :func:`normalize_tags`).
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from xlcrm.core.findings import is_blank
from xlcrm.errors import SettingsError
from xlcrm.settings import SPEC_BY_KEY, TableSpec, register_table

if TYPE_CHECKING:
    from xlcrm.settings import Settings

HIGH, MID, LOW = "高", "中", "低"
ACTIVE, REGULAR, SLEEPING = "活跃", "一般", "沉睡"
PROSPECT = "潜在"
SEGMENT_MODELS = ("cn8", "rfm11")
RFM_METHODS = ("quantile", "fixed")

# The R x F grid of the common "RFM segmentation" (11 named groups, R and F scored 1-5).
# Rows are R from 5 (bought most recently) down to 1; columns are F = 1 .. 5.
_CHAMP, _LOYAL, _POT, _NEW = "Champions", "Loyal Customers", "Potential Loyalists", "New Customers"
_PROM, _ATTN, _SLEEPY = "Promising", "Need Attention", "About to Sleep"
_RISK, _CANT, _HIB, _LOST = "At Risk", "Can't Lose Them", "Hibernating", "Lost"
_RFM11_ROWS: dict[int, tuple[str, str, str, str, str]] = {
    #    F=1      F=2      F=3      F=4      F=5
    5: (_NEW,    _POT,    _POT,    _CHAMP,  _CHAMP),
    4: (_PROM,   _POT,    _POT,    _LOYAL,  _LOYAL),
    3: (_SLEEPY, _SLEEPY, _ATTN,   _LOYAL,  _LOYAL),
    2: (_HIB,    _HIB,    _RISK,   _RISK,   _CANT),
    1: (_LOST,   _HIB,    _RISK,   _RISK,   _CANT),
}  # fmt: skip
RFM11_GRID: dict[tuple[int, int], str] = {
    (r, f): segment for r, row in _RFM11_ROWS.items() for f, segment in enumerate(row, start=1)
}

# The Chinese eight-class RFM model: (R high, F high, M high) → segment. "High" means
# above the pivot (by default the mean score of the scored rows).
CN8_SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}

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
        where = f"标签规则“{self.tag}”"
        where_en = f"Tag rule '{self.tag}'"
        if tag_list(self.tag) != [self.tag]:
            raise SettingsError(
                f"{where}的标签名无效：不能为空，也不能含逗号、分号、顿号、斜杠或空格。"
                f" {where_en} has an invalid tag name: it must be one word without separators."
            )
        if self.field not in TAG_FIELDS:
            allowed = ", ".join(TAG_FIELDS)
            raise SettingsError(
                f"{where}的字段“{self.field}”未知，可用：{allowed}。"
                f" {where_en} uses the unknown field '{self.field}'; use one of {allowed}."
            )
        if self.op not in OPS:
            allowed = " ".join(OPS)
            raise SettingsError(
                f"{where}的比较符“{self.op}”未知，可用：{allowed}。"
                f" {where_en} uses the unknown operator '{self.op}'; use one of {allowed}."
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
            raise SettingsError(
                f"标签规则“{self.tag}”的条件“{self.field} {self.op} {self.value}”无效："
                f"{_KIND_ZH[kind]}。"
                f" Tag rule '{self.tag}' has the invalid condition "
                f"'{self.field} {self.op} {self.value}': {_KIND_EN[kind]}."
            )


_KIND_ZH = {
    NUMBER: "该字段需要数字",
    TEXT: "该字段只能用 == 或 != 比较文本",
    FLAG: "该字段只能用 == 或 != 比较 是/否",
}
_KIND_EN = {
    NUMBER: "the field needs a number",
    TEXT: "the field compares text with == or != only",
    FLAG: "the field compares yes/no with == or != only",
}


DEFAULT_TAG_NAMES = {
    "zh": ("高频", "沉睡", "VIP", "高消费"),
    "en": ("frequent", "sleeping", "VIP", "big-spender"),
}


def default_tag_rules(
    *,
    high_count: int = 10,
    sleeping_days: int = 180,
    high_amount: float = 50000.0,
    language: str = "zh",
) -> tuple[TagRule, ...]:
    """The tag rules a workbook without a tag rules table gets, following its thresholds."""
    frequent, sleeping, vip, big = DEFAULT_TAG_NAMES.get(language, DEFAULT_TAG_NAMES["zh"])
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
            f"标签规则“{tag}”的值“{text}”无效：{_KIND_ZH[kind or TEXT]}。"
            f" Tag rule '{tag}' has the invalid value '{text}': {_KIND_EN[kind or TEXT]}."
        ) from None
    return text


@dataclass(frozen=True)
class TierRules:
    """Every threshold the tiers use; ``version`` is recorded on each result row.

    ``rfm_method`` "quantile" scores by rank within the table; "fixed" by cut points:
    R 5 when days <= r_days[0] ... 1 when days > r_days[3]; F and M step up at each cut
    point reached (count >= f_counts[3] is 5, below f_counts[0] is 1; same for amounts).
    ``cn8_pivot``: a score above it is "high" in the cn8 model; None means the mean
    score of the rows that have all three scores.
    """

    version: str = "1"
    segment_model: str = "cn8"
    rfm_method: str = "quantile"
    # The thresholds users also see in the Settings sheet take their defaults from it.
    active_days: int = SPEC_BY_KEY["activity_active_days"].default
    sleeping_days: int = SPEC_BY_KEY["activity_sleeping_days"].default
    high_amount: float = SPEC_BY_KEY["tier_high_amount"].default
    mid_amount: float = SPEC_BY_KEY["tier_mid_amount"].default
    high_count: int = SPEC_BY_KEY["tier_high_count"].default
    mid_count: int = SPEC_BY_KEY["tier_mid_count"].default
    vip_amount: float = 100000.0
    vip_count: int = 20
    vip_tenure_days: int | None = 730
    r_days: tuple[float, ...] = (30, 90, 180, 365)
    f_counts: tuple[float, ...] = (1, 2, 5, 10)
    m_amounts: tuple[float, ...] = (1000, 5000, 20000, 50000)
    cn8_pivot: float | None = None
    tag_rules: tuple[TagRule, ...] = field(default_factory=default_tag_rules)

    def __post_init__(self) -> None:
        _choice("segment_model", self.segment_model, SEGMENT_MODELS)
        _choice("rfm_method", self.rfm_method, RFM_METHODS)
        if self.sleeping_days < self.active_days or self.high_amount < self.mid_amount:
            raise SettingsError(
                "“沉睡天数”不能小于“活跃天数”，“高价值金额”不能小于“中价值金额”。"
                " Sleeping days must not be below active days, nor the high amount below the medium one."
            )
        if self.high_count < self.mid_count:
            raise SettingsError(
                "“高价值次数”不能小于“中价值次数”。"
                " 'High value purchases' must not be less than 'Medium value purchases'."
            )
        for name in ("r_days", "f_counts", "m_amounts"):
            cuts = getattr(self, name)
            if len(cuts) != 4 or any(a >= b for a, b in itertools.pairwise(cuts)):
                raise SettingsError(
                    f"分界点“{name}”应为 4 个递增的数字，而不是 {cuts}。"
                    f" Cut points '{name}' must be 4 increasing numbers, not {cuts}."
                )

    @classmethod
    def from_settings(
        cls, settings: Settings, *, language: str = "zh", **overrides: Any
    ) -> TierRules:
        """The rules in a workbook's Settings sheet; ``overrides`` replace any of them.

        The tag rules come from the sheet's 标签规则 table; a workbook without that table
        gets :func:`default_tag_rules` following its thresholds, named in ``language``.
        """
        mapped: dict[str, Any] = {
            "version": settings.tier_rules_version,
            "segment_model": settings.segment_model,
            "rfm_method": settings.rfm_method,
            "active_days": settings.activity_active_days,
            "sleeping_days": settings.activity_sleeping_days,
            "high_amount": settings.tier_high_amount,
            "mid_amount": settings.tier_mid_amount,
            "high_count": settings.tier_high_count,
            "mid_count": settings.tier_mid_count,
            "vip_amount": settings.vip_amount,
            "vip_count": settings.vip_count,
            "vip_tenure_days": settings.vip_tenure_days or None,
            "r_days": cut_points("rfm_r_days", settings.rfm_r_days),
            "f_counts": cut_points("rfm_f_counts", settings.rfm_f_counts),
            "m_amounts": cut_points("rfm_m_amounts", settings.rfm_m_amounts),
        }
        rows = settings.table_rows(TAG_RULES_TABLE.key)
        if rows is not None:
            mapped["tag_rules"] = tag_rules_from_rows(rows)
        else:
            mapped["tag_rules"] = default_tag_rules(
                high_count=mapped["high_count"],
                sleeping_days=mapped["sleeping_days"],
                high_amount=mapped["high_amount"],
                language=language,
            )
        return cls(**(mapped | overrides))


def cut_points(key: str, text: str) -> tuple[float, ...]:
    """Four increasing numbers from a Settings cell such as "30,90,180,365" (，；; and spaces too)."""
    spec = SPEC_BY_KEY[key]
    parts = [p for p in re.split(r"[,;，；、\s]+", unicodedata.normalize("NFKC", text)) if p]
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 4 or any(a >= b for a, b in itertools.pairwise(numbers)):
        raise SettingsError(
            f"设置“{spec.zh}”应为 4 个递增的数字，用逗号分隔（如 {spec.default}），而不是“{text}”。"
            f" Setting '{spec.en}' must be 4 increasing numbers separated by commas"
            f" (like {spec.default}), not '{text}'."
        )
    return numbers


TAG_RULES_TABLE = register_table(
    TableSpec(
        key="tag_rules",
        zh="标签规则",
        en="Tag rules",
        headers_zh=("标签", "字段", "比较", "值"),
        headers_en=("Tag", "Field", "Op", "Value"),
        help_zh=(
            "满足“字段 比较 值”的客户自动加上该标签。字段可用："
            + "、".join(TAG_FIELDS)
            + "（也可写 购买次数、累计消费金额、未购买天数 等中文名）；比较：>= > <= < 等于 不等于。"
            "删除本表所有行则不加自动标签。"
        ),
        help_en=(
            "Customers where 'Field Op Value' holds get the tag. Fields: "
            + ", ".join(TAG_FIELDS)
            + "; operators: >= > <= < is, is not. Delete every row to add no tags."
        ),
        default_rows=(
            ("高频", "purchase_count", ">=", 10),
            ("沉睡", "days_since_purchase", ">", 180),
            ("VIP", "vip", "等于", "是"),
            ("高消费", "total_amount", ">=", 50000),
        ),
        default_rows_en=(
            ("frequent", "purchase_count", ">=", 10),
            ("sleeping", "days_since_purchase", ">", 180),
            ("VIP", "vip", "is", "yes"),
            ("big-spender", "total_amount", ">=", 50000),
        ),
    )
)


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        options = " / ".join(allowed)
        raise SettingsError(
            f"分级规则“{name}”只能是 {options}，而不是“{value}”。"
            f" Tier rule '{name}' must be one of {options}, not '{value}'."
        )


# Scores and segments on whole columns: score arrays hold 0 where a row is unscored.


def quantile_scores(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """1..5 (higher value, higher score) by midpoint percentile rank among ``valid``; 0 elsewhere."""
    scores = np.zeros(len(values), dtype=np.int8)
    picked = values[valid]
    n = picked.size
    if n:
        # Twice the average rank is a whole number, so the arithmetic stays exact.
        twice_rank = np.rint(pd.Series(picked).rank(method="average").to_numpy() * 2)
        scores[valid] = (5 * (twice_rank.astype(np.int64) - 1)) // (2 * n) + 1
    return scores


def fixed_scores(
    values: np.ndarray, valid: np.ndarray, cuts: Sequence[float], *, higher_is_better: bool
) -> np.ndarray:
    """1..5 by cut points: a step up at each cut reached (>=), or down at each passed (>)."""
    if higher_is_better:
        scores = 1 + np.searchsorted(cuts, values, side="right")
    else:
        scores = 5 - np.searchsorted(cuts, values, side="left")
    return np.where(valid, scores, 0).astype(np.int8)


def cn8_segments(
    r: np.ndarray, f: np.ndarray, m: np.ndarray, pivot: float | None = None
) -> np.ndarray:
    """The Chinese eight-class segment of each row with all three scores, else None."""
    segments = np.full(len(r), None, dtype=object)
    scored = (r > 0) & (f > 0) & (m > 0)
    if not scored.any():
        return segments
    pivots = [pivot if pivot is not None else float(s[scored].mean()) for s in (r, f, m)]
    key = 4 * (r > pivots[0]) + 2 * (f > pivots[1]) + (m > pivots[2])
    labels = np.array(
        [CN8_SEGMENTS[bool(k & 4), bool(k & 2), bool(k & 1)] for k in range(8)], dtype=object
    )
    segments[scored] = labels[key[scored]]
    return segments


def rfm11_segments(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    """The R x F grid segment of each row with R and F, else None."""
    grid = np.full((6, 6), None, dtype=object)
    for (r_score, f_score), segment in RFM11_GRID.items():
        grid[r_score, f_score] = segment
    return grid[r, f]  # score 0 (unscored) lands in the empty row/column 0


def rfm_codes(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Codes like "545" where all three scores exist, else None."""
    labels = np.full(556, None, dtype=object)
    for code in range(111, 556):
        digits = f"{code:03d}"
        if "0" not in digits and max(digits) <= "5":
            labels[code] = digits
    key = 100 * r.astype(np.int64) + 10 * f + m
    return labels[np.where((r > 0) & (f > 0) & (m > 0), key, 0)]
