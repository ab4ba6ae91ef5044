"""Match rules as data: which fields are compared, the levels of agreement, and their weights.

The model is the one record-linkage tools such as Splink use (Fellegi–Sunter): every
field of a pair of rows lands on one *level* (same phone; names equal once traditional
characters are read as simplified; names that sound alike; different; blank), and each
level adds a *weight* — how many times more likely (as a power of 2) that agreement is
between two rows of the same customer than between two different customers. The
weights of a pair add up, with the ``base`` weight (how rare duplicates are to begin
with), to a match weight W; the score is the probability 1 / (1 + 2^-W).

So a shared mobile (+12) overcomes the base (-8) on its own, a shared name (+6) does
not, and a different phone (-4) or email (-3) pulls a pair of namesakes well below the
threshold: people who share a name, a company or an address but no phone or email stay
apart.

The table is the "Match rules / 查重规则" block of the Settings sheet (one row per
level: field, level, minimum similarity, weight); rows a user leaves out keep their
default. Columns named with ``--on`` that are not customer fields are compared as text
(exact, close, similar, different) with weights learned from the sheet itself: how
often two random rows agree (u) and, by expectation–maximisation over the candidate
pairs, how often duplicates agree (m), as Splink does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xlcrm.core.values.findings import is_blank
from xlcrm.errors import SettingsError
from xlcrm.settings import SPEC_BY_KEY, TableSpec
from xlcrm.text import Text

if TYPE_CHECKING:
    from xlcrm.settings import Settings

__all__ = ["FIELD_LEVELS", "GENERIC", "Level", "MatchRules", "match_rules_from_rows"]

GENERIC = "*"  # the field name of the rows that apply to any --on column
BASE = "all"  # the field of the single "base" row

# field -> its levels, best first; "different" is what is left when none applies.
FIELD_LEVELS: dict[str, tuple[str, ...]] = {
    "phone": ("exact", "different"),
    "email": ("exact", "different"),
    "name": ("exact", "pinyin", "similar", "different"),
    "company": ("exact", "similar", "different"),
    "address": ("exact", "similar", "different"),
    "customer_id": ("exact", "different"),
    GENERIC: ("exact", "close", "similar", "different"),
}
FIELD_LABELS: dict[str, Text] = {
    "phone": Text("电话", "Phone"),
    "email": Text("邮箱", "Email"),
    "name": Text("姓名", "Name"),
    "company": Text("公司", "Company"),
    "address": Text("地址", "Address"),
    "customer_id": Text("客户编号", "Customer ID"),
    GENERIC: Text("其他列", "Other columns"),
    BASE: Text("全部", "All"),
}
LEVEL_LABELS: dict[str, Text] = {
    "exact": Text("相同", "Same"),
    "pinyin": Text("同音", "Sounds alike"),
    "close": Text("很接近", "Close"),
    "similar": Text("相近", "Similar"),
    "different": Text("不同", "Different"),
    "base": Text("基础", "Base"),
}


@dataclass(frozen=True)
class Level:
    """One row of the table: pairs whose ``field`` is at ``level`` add ``weight``.

    ``min_similarity`` (0..1, rapidfuzz) is where a "similar"/"close" level starts.
    """

    field: str
    level: str
    weight: float
    min_similarity: float | None = None


# Why each default is what it is:
# - phone/email: a shared number or address is rarely a coincidence (+12 = 4096:1); a
#   different one is weaker evidence against (-4, -3): people change numbers.
# - name: equal keys +6 (common names recur: 张伟 is in every long list), homophones +3
#   (a pinyin input slip, or a different person), similar spellings +2, different -6.
# - company and address: shared by colleagues and families, so weak (+2, -1).
# - base -8: before any evidence, two rows that meet in a block are rarely one customer.
# - generic: only the starting point of the learning; the sheet's own numbers replace it.
DEFAULT_LEVELS: tuple[Level, ...] = (
    Level(BASE, "base", -7.0),
    Level("phone", "exact", 12.0),
    Level("phone", "different", -4.0),
    Level("email", "exact", 12.0),
    Level("email", "different", -3.0),
    Level("name", "exact", 6.0),
    Level("name", "pinyin", 3.0),
    Level("name", "similar", 2.0, 0.85),
    Level("name", "different", -8.0),
    Level("company", "exact", 2.0),
    Level("company", "similar", 1.0, 0.85),
    Level("company", "different", -1.0),
    Level("address", "exact", 4.0),
    Level("address", "similar", 2.0, 0.85),
    Level("address", "different", -1.0),
    Level("customer_id", "exact", 5.0),
    Level("customer_id", "different", 0.0),
    Level(GENERIC, "exact", 4.0),
    Level(GENERIC, "close", 2.0, 0.92),
    Level(GENERIC, "similar", 0.0, 0.8),
    Level(GENERIC, "different", -4.0),
)


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
    floor: float = 0.01  # two rows scoring below this are never put in one group

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


_FIELD_INDEX = _index(FIELD_LABELS) | {"手机": "phone", "手机号": "phone", "编号": "customer_id"}
_LEVEL_INDEX = _index(LEVEL_LABELS)
_HEADER_WORDS = frozenset({"字段", "field"})


def match_rules_from_rows(rows: Iterable[Sequence[object]]) -> tuple[Level, ...]:
    """Levels from (field, level, min similarity, weight) rows, over the defaults.

    Fields and levels may be written in Chinese or English; blank rows and a header row
    are skipped; a row for a level that does not exist raises SettingsError.
    """
    chosen = {(row.field, row.level): row for row in DEFAULT_LEVELS}
    for row in rows:
        cells = [None if is_blank(c) else str(c).strip() for c in list(row)[:4]]
        cells += [None] * (4 - len(cells))
        if all(c is None for c in cells) or (cells[0] or "").casefold() in _HEADER_WORDS:
            continue
        level = _parse_row(cells)
        chosen[(level.field, level.level)] = level
    return tuple(chosen.values())


def _parse_row(cells: list[str | None]) -> Level:
    raw_field, raw_level, raw_similarity, raw_weight = cells
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
    except ValueError:
        raise SettingsError("match_rule_not_a_number", field=raw_field, level=raw_level) from None
    if default.min_similarity is None:
        similarity = None
    elif similarity is None or not 0 < similarity <= 1:
        similarity = default.min_similarity if similarity is None else _bad_similarity(cells)
    return Level(field_name, level, weight, similarity)


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
    ),
    help=Text(
        "两行的每个字段落在一个比较级别上，加上该级别的权重（2 的幂：+12 约为 4000 倍的"
        "把握）；权重之和换算成 0–1 的相似度，达到查重阈值即为重复。"
        "“其他列”是 --on 指定的非客户字段，其权重会按数据自动学习。",
        "Each field of two rows lands on one level and adds its weight (a power of 2:"
        " +12 is about 4000 to 1); the weights add up to a 0-1 score, and a score at or"
        " above the duplicate threshold is a duplicate. 'Other columns' are --on columns"
        " that are not customer fields; their weights are learned from the data.",
    ),
    default_rows=tuple(
        (FIELD_LABELS[r.field], LEVEL_LABELS[r.level], r.min_similarity, r.weight)
        for r in DEFAULT_LEVELS
    ),
)
