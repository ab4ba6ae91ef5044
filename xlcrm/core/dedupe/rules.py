"""Match rules as data: which fields are compared, the levels of agreement, and their weights.

The model is the one record-linkage tools such as Splink use (Fellegi–Sunter): every
field of a pair of rows lands on one *level* (same phone; names equal once traditional
characters are read as simplified; names that sound alike; different; blank), and each
level adds a *weight* — how many times more likely (as a power of 2) that agreement is
between two rows of the same customer than between two different customers. The
weights of a pair add up, with the ``base`` weight, to a match weight W.

An exact agreement on a common value says less than on a rare one (two 张伟 rows, or two
rows at a big employer, are weaker evidence than two 欧阳娜娜 rows): levels with a
term-frequency share (``tf``, 0..1) add ``tf × log2(u / f(x))`` for the value x agreed on,
where f(x) is the share of rows holding x and u the chance that two random rows agree
(Splink's term-frequency adjustment).

The score shown is ``1 / (1 + 2^(-(W + 5) / 6))``: the default threshold 0.85 at W = +10
(a thousand to one), 0.95 at +20, 0.99 at +35, 0.999 at +55, so it spreads over 0..1 with
the weight of the evidence instead of sitting at 1.0 for every pair beyond doubt.

The table is the "Match rules / 查重规则" block of the Settings sheet (one row per
level: field, level, minimum similarity, weight, term-frequency share); rows a user
leaves out keep their default. Columns named with ``--on`` that are not customer fields
are compared as text (exact, close, similar, different) with weights learned from the
sheet itself, as Splink does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from xlcrm.core.values.findings import is_blank
from xlcrm.errors import SettingsError
from xlcrm.settings import SPEC_BY_KEY, TableSpec
from xlcrm.text import Text

if TYPE_CHECKING:
    from xlcrm.settings import Settings

__all__ = [
    "FIELD_LEVELS",
    "GENERIC",
    "SCORE_SCALE",
    "Level",
    "MatchRules",
    "match_rules_from_rows",
    "score_of",
    "weight_of",
]

GENERIC = "*"  # the field name of the rows that apply to any --on column
BASE = "all"  # the field of the single "base" row
SCORE_SCALE = 6.0  # weight per doubling of the score's odds
SCORE_SHIFT = 5.0  # the score's odds are even at W = -5, so 0.85 (the threshold) is W = +10
TF_RANGE = (-5.0, 3.0)  # how far a term-frequency adjustment may move a weight

# field -> its levels, best first; "different" is what is left when none applies.
FIELD_LEVELS: dict[str, tuple[str, ...]] = {
    "phone": ("exact", "landline", "shared", "different"),
    "email": ("exact", "typo", "shared", "different"),
    "name": ("exact", "romanised", "homophone", "similar", "surname", "different"),
    "company": ("exact", "romanised", "branch", "similar", "different"),
    "address": ("exact", "office", "contained", "similar", "different"),
    "region": ("exact", "different"),
    "birth_date": ("exact", "similar", "different"),
    "gender": ("exact", "different"),
    "customer_id": ("exact", "different"),
    GENERIC: ("exact", "close", "similar", "different"),
}
FIELD_LABELS: dict[str, Text] = {
    "phone": Text("电话", "Phone"),
    "email": Text("邮箱", "Email"),
    "name": Text("姓名", "Name"),
    "company": Text("公司", "Company"),
    "address": Text("地址", "Address"),
    "region": Text("地区", "Region"),
    "birth_date": Text("出生日期", "Birth date"),
    "gender": Text("性别", "Gender"),
    "customer_id": Text("客户编号", "Customer ID"),
    GENERIC: Text("其他列", "Other columns"),
    BASE: Text("全部", "All"),
}
LEVEL_LABELS: dict[str, Text] = {
    "exact": Text("相同", "Same"),
    "landline": Text("同一座机", "Same landline"),
    "shared": Text("共用（姓名不同）", "Shared, names differ"),
    "typo": Text("疑似输错", "Likely typo"),
    "romanised": Text("拼音对应", "Romanised"),
    "homophone": Text("同音", "Sounds alike"),
    "surname": Text("仅姓氏", "Surname only"),
    "branch": Text("不同分店", "Other branch"),
    "contained": Text("同楼不同室", "Same building"),
    "office": Text("单位或住户地址", "Shared premises"),
    "close": Text("很接近", "Close"),
    "similar": Text("相近", "Similar"),
    "different": Text("不同", "Different"),
    "base": Text("基础", "Base"),
}


@dataclass(frozen=True)
class Level:
    """One row of the table: pairs whose ``field`` is at ``level`` add ``weight``.

    ``min_similarity`` (0..1, rapidfuzz) is where a "similar"/"close" level starts;
    ``tf`` (0..1) is how much of the term-frequency adjustment an exact agreement takes.
    """

    field: str
    level: str
    weight: float
    min_similarity: float | None = None
    tf: float | None = None


# Why each default is what it is (weights are log2 of "how much likelier for one customer"):
# - base -5: rows that meet in a block are mostly different customers.
# - a shared mobile (+15) or email (+13) is rarely a coincidence; a shared landline (+11)
#   is a company's or a family's; any shared number or email whose names disagree is
#   "shared" (+1): evidence of one company or household, not of one person. A different
#   number or email is weak evidence against (-1.5): people change them.
# - name +11, -10 when two full names differ; pinyin against characters +9 only where
#   the company or address agrees too.
# - company +9 and address +10: colleagues and families share them, but with the same
#   name they are strong; a branch in another city -2. Where the company or a landline
#   agrees too, the same address is the premises of a company or household and adds
#   little more (+2): colleagues and families share it.
# - the exact levels of name, company, address and birth date are adjusted by term
#   frequency: about -1 for a value only the two rows share (duplicates make a value
#   twice as common as a unique one), -4 for 张伟 in a long list, up to +3 for a value
#   rarer than the column's usual agreement.
# - birth date +10 / -8 and gender +1 / -8: father and son, 张先生 and 张女士 stay apart.
# - generic: only the starting point of the learning; the sheet's own numbers replace it.
DEFAULT_LEVELS: tuple[Level, ...] = (
    Level(BASE, "base", -5.0),
    Level("phone", "exact", 15.0),
    Level("phone", "landline", 11.0),
    Level("phone", "shared", 1.0),
    Level("phone", "different", -1.5),
    Level("email", "exact", 13.0),
    Level("email", "typo", 10.0),
    Level("email", "shared", 1.0),
    Level("email", "different", -1.5),
    Level("name", "exact", 11.0, tf=1.0),
    Level("name", "romanised", 9.0),
    Level("name", "homophone", 4.0),
    Level("name", "similar", 3.0, 0.85),
    Level("name", "surname", 2.0),
    Level("name", "different", -10.0),
    Level("company", "exact", 9.0, tf=1.0),
    Level("company", "romanised", 6.0),
    Level("company", "branch", -2.0),
    Level("company", "similar", 3.0, 0.85),
    Level("company", "different", -2.0),
    Level("address", "exact", 10.0, tf=1.0),
    Level("address", "office", 2.0),
    Level("address", "contained", 2.0),
    Level("address", "similar", 5.0, 0.9),
    Level("address", "different", -3.0),
    Level("region", "exact", 1.0),
    Level("region", "different", -4.0),
    Level("birth_date", "exact", 10.0, tf=1.0),
    Level("birth_date", "similar", 2.0),
    Level("birth_date", "different", -8.0),
    Level("gender", "exact", 1.0),
    Level("gender", "different", -8.0),
    Level("customer_id", "exact", 6.0),
    Level("customer_id", "different", 0.0),
    Level(GENERIC, "exact", 8.0),
    Level(GENERIC, "close", 4.0, 0.92),
    Level(GENERIC, "similar", 0.0, 0.8),
    Level(GENERIC, "different", -6.0),
)


def score_of(weight: float | np.ndarray) -> np.ndarray:
    """Match weight W to the 0..1 score: 1 / (1 + 2^(-(W + 5) / 6)).

    0.85 (the default threshold) at W = +10, 0.95 at +20, 0.99 at +35, 0.999 at +55: a
    pair that agrees on a name and a phone scores about 0.95, one that agrees on every
    field 0.997, so the score keeps telling them apart where a probability would say 1.0.
    """
    weights = np.clip(np.asarray(weight, dtype=np.float64), -400, 400)
    return 1.0 / (1.0 + np.exp2(-(weights + SCORE_SHIFT) / SCORE_SCALE))


def weight_of(score: float) -> float:
    """The match weight a score stands for (the inverse of :func:`score_of`)."""
    clipped = min(max(score, 1e-12), 1 - 1e-12)
    return float(SCORE_SCALE * np.log2(clipped / (1 - clipped)) - SCORE_SHIFT)


@dataclass(frozen=True)
class MatchRules:
    """Everything :func:`xlcrm.core.dedupe.find.find_duplicates` decides with.

    ``learn`` lets --on columns learn their weights from the data (EM); ``window`` is the
    sorted-neighbourhood width; blocks larger than ``max_block`` rows are split by a
    second key or skipped (they are common values, not evidence). Rows of one group
    never include two that score below ``floor`` with each other.
    """

    levels: tuple[Level, ...] = DEFAULT_LEVELS
    threshold: float = SPEC_BY_KEY["dedup_threshold"].default
    region: str = "CN"
    learn: bool = True
    window: int = 5
    max_block: int = 60
    floor: float = 0.3  # two rows scoring below this (W < -12) are never put in one group

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 1:
            raise SettingsError("dedupe_threshold_out_of_range", threshold=self.threshold)

    def level(self, field_name: str, level: str) -> Level:
        """The row for ``field_name`` at ``level`` (generic fields use the "*" rows)."""
        key = field_name if field_name in FIELD_LEVELS or field_name == BASE else GENERIC
        for row in self.levels:
            if row.field == key and row.level == level:
                return row
        return Level(key, level, 0.0)

    def weight(self, field_name: str, level: str) -> float:
        return self.level(field_name, level).weight

    @property
    def base(self) -> float:
        return self.weight(BASE, "base")

    @classmethod
    def from_settings(cls, settings: Settings) -> MatchRules:
        """The rules of a workbook: its match-rule rows over the defaults, its threshold."""
        rows = settings.table_rows(TABLE.key)
        levels = match_rules_from_rows(rows) if rows is not None else DEFAULT_LEVELS
        return cls(
            levels=levels,
            threshold=settings.dedup_threshold,
            region=settings.default_phone_region,
        )

    def with_threshold(self, threshold: float | None) -> MatchRules:
        return self if threshold is None else dataclasses.replace(self, threshold=threshold)


def _index(labels: dict[str, Text]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, label in labels.items():
        for text in (key, label.zh, label.en):
            found[text.casefold().replace(" ", "")] = key
    return found


_FIELD_INDEX = _index(FIELD_LABELS) | {
    "手机": "phone", "手机号": "phone", "编号": "customer_id", "生日": "birth_date", "省份": "region",
}  # fmt: skip
_LEVEL_INDEX = _index(LEVEL_LABELS) | {"pinyin": "homophone", "同音": "homophone"}
_HEADER_WORDS = frozenset({"字段", "field"})


def match_rules_from_rows(rows: Iterable[Sequence[object]]) -> tuple[Level, ...]:
    """Levels from (field, level, min similarity, weight[, tf]) rows, over the defaults.

    Fields and levels may be written in Chinese or English; blank rows and a header row
    are skipped; a row for a level that does not exist raises SettingsError.
    """
    chosen = {(row.field, row.level): row for row in DEFAULT_LEVELS}
    for row in rows:
        cells = [None if is_blank(c) else str(c).strip() for c in list(row)[:5]]
        cells += [None] * (5 - len(cells))
        if all(c is None for c in cells) or (cells[0] or "").casefold() in _HEADER_WORDS:
            continue
        level = _parse_row(cells)
        chosen[(level.field, level.level)] = level
    return tuple(chosen.values())


def _parse_row(cells: list[str | None]) -> Level:
    raw_field, raw_level, raw_similarity, raw_weight, raw_tf = cells
    field_name = _FIELD_INDEX.get((raw_field or "").casefold().replace(" ", ""))
    level = _LEVEL_INDEX.get((raw_level or "").casefold().replace(" ", ""))
    allowed = FIELD_LEVELS.get(field_name or "", ("base",) if field_name == BASE else ())
    if field_name is None or level not in allowed:
        raise SettingsError("match_rule_unknown", field=raw_field, level=raw_level)
    assert level is not None
    default = next(r for r in DEFAULT_LEVELS if (r.field, r.level) == (field_name, level))
    try:
        weight = float(raw_weight) if raw_weight is not None else default.weight
        similarity = float(raw_similarity) if raw_similarity is not None else None
        tf = float(raw_tf) if raw_tf is not None else default.tf
    except ValueError:
        raise SettingsError("match_rule_not_a_number", field=raw_field, level=raw_level) from None
    if default.min_similarity is None:
        similarity = None
    elif similarity is None or not 0 < similarity <= 1:
        similarity = default.min_similarity if similarity is None else _bad_similarity(cells)
    if tf is not None and not 0 <= tf <= 1:
        raise SettingsError("match_rule_bad_tf", field=raw_field, level=raw_level)
    return Level(field_name, level, weight, similarity, tf)


def _bad_similarity(cells: list[str | None]) -> float:
    raise SettingsError("match_rule_bad_similarity", field=cells[0], level=cells[1])


TABLE = TableSpec(
    key="match_rules",
    title=Text("查重规则", "Match rules"),
    headers=(
        Text("字段", "Field"),
        Text("比较", "Level"),
        Text("相似度下限", "Min similarity"),
        Text("权重", "Weight"),
        Text("词频调整", "TF share"),
    ),
    help=Text(
        "两行的每个字段落在一个比较级别上，加上该级别的权重（2 的幂：+10 约为 1000 倍的"
        "把握）；权重之和换算成 0–1 的得分（+10 为 0.85），达到查重阈值即为重复。"
        "“词频调整”为 1 时，常见的值（如常见姓名）相同时权重降低，少见的值升高。"
        "“其他列”是 --on 指定的非客户字段，其权重会按数据自动学习。",
        "Each field of two rows lands on one level and adds its weight (a power of 2:"
        " +10 is about 1000 to 1); the weights add up to a 0-1 score (+10 is 0.85), and a"
        " score at or above the duplicate threshold is a duplicate. With a TF share of 1 a"
        " common value (a common name) weighs less when it agrees, a rare one more."
        " 'Other columns' are --on columns that are not customer fields; their weights"
        " are learned from the data.",
    ),
    default_rows=tuple(
        (FIELD_LABELS[r.field], LEVEL_LABELS[r.level], r.min_similarity, r.weight, r.tf)
        for r in DEFAULT_LEVELS
    ),
)
