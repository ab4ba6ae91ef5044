"""Survivorship: which value each field keeps when duplicate rows become one customer.

The rules are data, a table in the Settings sheet (合并规则 / Merge rules) that names a
field and the rule it follows, so an office user can read and change them in Excel:

    ==========  ======================  =================================================
    rule        label                   the merged record keeps
    ==========  ======================  =================================================
    recent      最近非空 / most recent   the non-empty value of the most recent row
    complete    最完整 / most complete   the longest non-empty value
    own         保留本行 / own value     the surviving row's own (blank: the earliest)
    frequent    最常见 / most frequent   the value most rows agree on (ties: the survivor's)
    all         全部保留 / keep all      every distinct value, joined as tags
    first       最早 / earliest          the non-empty value of the oldest row
    sum         求和 / sum               the sum of the numbers (purchase counts, amounts)
    max         最大 / largest           the largest number or latest date
    min         最小 / smallest          the smallest number or earliest date
    ==========  ======================  =================================================

"Recent" and "oldest" go by the row's update date, else its last purchase, else its
creation date; rows without any are ordered by their Excel row (lower rows were added
later). Every kept value names the rows it came from, so a merge can be explained.
Pure: plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlcrm.core.values.dates import from_number, parse_date
from xlcrm.core.values.findings import is_blank
from xlcrm.core.values.numbers import number_value, parse_amount, parse_count
from xlcrm.errors import SettingsError
from xlcrm.schema import FIELD_BY_NAME, field_named, normalize_header
from xlcrm.settings import TableSpec
from xlcrm.text import Text

# rule key → its label
RULES: dict[str, Text] = {
    "own": Text("保留本行", "own value"),
    "recent": Text("最近非空", "most recent"),
    "complete": Text("最完整", "most complete"),
    "frequent": Text("最常见", "most frequent"),
    "all": Text("全部保留", "keep all"),
    "first": Text("最早", "earliest"),
    "sum": Text("求和", "sum"),
    "max": Text("最大", "largest"),
    "min": Text("最小", "smallest"),
}
DEFAULT_RULE = "recent"
DEFAULT_RULES: dict[str, str] = {
    # The surviving row keeps its own id (and a 序号 column its own number): links,
    # other lists and the sheet's numbering point at it.
    "customer_id": "own",
    "name": "frequent",
    "company": "complete",
    "customer_type": "recent",
    "phone": "recent",
    "email": "recent",
    "region": "recent",
    "address": "complete",
    "owner": "recent",
    "tags": "all",
    "source": "first",
    "created_at": "min",
    "last_purchase_at": "max",
    # Duplicates are often copies of one record, so adding them up would double a
    # customer's spending; "sum" is one edit away for lists where each row is new business.
    "purchase_count": "max",
    "total_amount": "max",
    "consent": "recent",
    "notes": "all",
    "updated_at": "max",
}
# Headers of a running number (序号, No.): the surviving row keeps its own.
SERIAL_HEADERS = frozenset(
    normalize_header(h) for h in ("序号", "行号", "顺序号", "编号序号", "No", "No.", "#", "S/N", "SN",
                                  "Seq", "Index", "Row No")
)  # fmt: skip
# The dates that say how recent a row is, most telling first.
RECENCY_FIELDS = ("updated_at", "last_purchase_at", "created_at")
TAG_SEPARATORS = ("，", ",", "、", ";", "；", "|", "/", "\n")
TAG_LIST_SEPARATOR = Text("、", ", ")  # between the tags "keep all" joins

SURVIVORSHIP_TABLE = TableSpec(
    key="survivorship",
    title=Text("合并规则", "Merge rules"),
    headers=(Text("字段", "Field"), Text("规则", "Rule")),
    help=Text(
        "合并重复客户时每个字段保留哪个值。规则：{rules}。未列出的列按“最近非空”。"
        "购买次数、金额可改为“求和”。",
        "Which value each field keeps when duplicates are merged. Rules: {rules}. Columns not"
        " listed keep the most recent value. Counts and amounts may be set to 'sum'.",
    ).format(rules=Text.join(list(RULES.values()))),
    default_rows=tuple((FIELD_BY_NAME[f].label, RULES[r]) for f, r in DEFAULT_RULES.items()),
)


def parse_rule(text: object) -> str:
    """A rule key from its key, Chinese or English label ('最近非空', 'most recent', 'recent')."""
    folded = normalize_header(text)
    for key, label in RULES.items():
        if folded in (
            normalize_header(key),
            normalize_header(label.zh),
            normalize_header(label.en),
        ):
            return key
    choices = " / ".join(label.both() for label in RULES.values())
    raise SettingsError("merge_rule_unknown", text=text, choices=choices)


def rules_from_rows(rows: Sequence[Sequence[object]] | None) -> dict[str, str]:
    """Field (or header text) → rule key, from the Settings table rows; defaults when None.

    Field names, their labels and aliases all name a field; other text is kept as a
    header, for columns that are not customer fields.
    """
    if rows is None:
        return dict(DEFAULT_RULES)
    rules: dict[str, str] = {}
    for row in rows:
        if len(row) < 2 or is_blank(row[0]) or is_blank(row[1]):
            continue
        name = str(row[0]).strip()
        target = field_named(name) or name
        rules[target] = parse_rule(row[1])
    return rules


@dataclass(frozen=True)
class MergedValue:
    """The value a column keeps, the rule that chose it and the rows it came from."""

    value: Any
    rule: str
    sources: tuple[int, ...]
    changed: bool  # differs from the surviving row's own value


@dataclass(frozen=True)
class MergedRecord:
    """One group merged: the surviving row, what each column keeps, the rows merged away."""

    survivor: int
    merged_away: tuple[int, ...]
    values: dict[str, MergedValue] = field(default_factory=dict)


def merge_group(
    records: pd.DataFrame,
    *,
    rules: Mapping[str, str],
    field_of: Mapping[str, str | None],
    language: str = "zh",
) -> MergedRecord:
    """Merge the rows of ``records`` (indexed by Excel row) into the first one.

    ``field_of`` maps each DataFrame column to its canonical field (or None); a column's
    rule is looked up by field, then by column name, else :data:`DEFAULT_RULE`.
    """
    rows = [int(r) for r in records.index]
    matrix = records.to_numpy(dtype=object)
    return merge_rows(
        {row: list(matrix[i]) for i, row in enumerate(rows)},
        [str(c) for c in records.columns],
        rules=rules,
        field_of=field_of,
        language=language,
    )


def merge_rows(
    rows: Mapping[int, Sequence[Any]],
    columns: Sequence[str],
    *,
    rules: Mapping[str, str],
    field_of: Mapping[str, str | None],
    language: str = "zh",
) -> MergedRecord:
    """:func:`merge_group` on plain values: Excel row → the row's values in ``columns`` order.

    This is what a merge of many groups calls, so it takes no DataFrame per group.
    """
    survivor = min(rows)
    order = _recency_order(rows, columns, field_of)
    values: dict[str, MergedValue] = {}
    for j, column in enumerate(columns):
        name = field_of.get(column)
        own_number = name is None and normalize_header(column) in SERIAL_HEADERS
        rule = rules.get(name or "", rules.get(column, "own" if own_number else DEFAULT_RULE))
        cells = {row: line[j] for row, line in rows.items()}
        value, sources = choose(rule, cells, order, language, prefer=survivor)
        own = cells[survivor]
        changed = not _same(value, own)
        if changed and equivalent(value, own):  # 2024/3/1 vs a real date: no change
            value, sources, changed = own, (survivor, *(r for r in sources if r != survivor)), False
        values[column] = MergedValue(value, rule, sources, changed)
    return MergedRecord(survivor, tuple(sorted(r for r in rows if r != survivor)), values)


def _recency_order(
    rows: Mapping[int, Sequence[Any]], columns: Sequence[str], field_of: Mapping[str, str | None]
) -> list[int]:
    """Excel rows from the oldest to the most recent."""
    where = {field_of.get(c): j for j, c in enumerate(columns) if field_of.get(c) is not None}
    keys: dict[int, tuple[dt.date, ...]] = {}
    for row, line in rows.items():
        dates = []
        for name in RECENCY_FIELDS:
            day = _as_date(line[where[name]]) if name in where else None
            dates.append(day or dt.date.min)
        keys[row] = tuple(dates)
    return sorted(keys, key=lambda r: (keys[r], r))


def choose(
    rule: str,
    cells: Mapping[int, Any],
    order: Sequence[int],
    language: str = "zh",
    prefer: int | None = None,
) -> tuple[Any, tuple[int, ...]]:
    """The value ``rule`` keeps among ``cells`` (Excel row → value) and its source rows.

    ``prefer`` (the surviving row) wins a tie of "most frequent": no change beats a coin toss.
    """
    filled = [r for r in order if r in cells and not is_blank(cells[r])]
    if not filled:
        return None, ()
    if rule == "own" and prefer in filled:
        return cells[prefer], (prefer,)
    if rule in ("own", "first"):
        return cells[filled[0]], (filled[0],)
    if rule == "recent":
        return cells[filled[-1]], (filled[-1],)
    if rule == "complete":
        best = max(reversed(filled), key=lambda r: len(str(cells[r]).strip()))
        return cells[best], (best,)
    if rule == "frequent":
        counts = Counter(_fold(cells[r]) for r in filled)
        top = max(counts.values())
        tied = [r for r in reversed(filled) if counts[_fold(cells[r])] == top]
        best = prefer if prefer in tied else tied[0]
        return cells[best], tuple(r for r in filled if _fold(cells[r]) == _fold(cells[best]))
    if rule == "all":
        return _all_tags(cells, filled, language)
    if rule in ("sum", "max", "min"):
        return _numeric(rule, cells, filled)
    raise ValueError(f"unknown survivorship rule {rule!r}")


def _all_tags(
    cells: Mapping[int, Any], filled: Sequence[int], language: str
) -> tuple[Any, tuple[int, ...]]:
    tags: list[str] = []
    for row in sorted(filled):
        for tag in _split_tags(str(cells[row])):
            if tag not in tags:
                tags.append(tag)
    if len(filled) == 1 or len(tags) <= 1:
        row = min(filled)
        return cells[row], (row,)
    return TAG_LIST_SEPARATOR(language).join(tags), tuple(sorted(filled))


def _split_tags(text: str) -> list[str]:
    for separator in TAG_SEPARATORS[1:]:
        text = text.replace(separator, TAG_SEPARATORS[0])
    return [t.strip() for t in text.split(TAG_SEPARATORS[0]) if t.strip()]


def _numeric(
    rule: str, cells: Mapping[int, Any], filled: Sequence[int]
) -> tuple[Any, tuple[int, ...]]:
    """Sum, max or min of numbers (amounts as typed: 1.2万, ￥3,000) or of dates."""
    dates = {r: _as_date(cells[r]) for r in filled}
    if any(dates.values()):  # a date column: a number in it is an Excel date serial
        dates = {r: dates[r] or _serial_date(cells[r]) for r in filled}
    if rule != "sum" and all(dates[r] is not None for r in filled):
        pick = max if rule == "max" else min
        best = pick(reversed(filled), key=lambda r: dates[r] or dt.date.min)
        return cells[best], (best,)
    numbers = {r: _as_number(cells[r]) for r in filled}
    usable = [r for r in filled if numbers[r] is not None]
    if not usable:  # nothing countable: fall back to the most recent value
        return cells[filled[-1]], (filled[-1],)
    if rule == "sum":
        total = sum(numbers[r] or 0 for r in usable)
        if len(usable) == 1:
            return cells[usable[0]], (usable[0],)
        if isinstance(total, float) and total.is_integer():
            total = int(total)
        return total, tuple(sorted(usable))
    pick = max if rule == "max" else min
    best = pick(reversed(usable), key=lambda r: numbers[r] or 0)
    return cells[best], (best,)


def _as_number(value: Any) -> float | int | None:
    number = number_value(value)
    if number is not None:
        return number
    if isinstance(value, str):
        for parse in (parse_amount, parse_count):  # ￥3,000 and 1.2万; 2次 and 十二
            parsed = parse(value).value
            if isinstance(parsed, int | float) and not isinstance(parsed, bool):
                return parsed
    return None


def _serial_date(value: Any) -> dt.date | None:
    number = number_value(value)
    if number is None:
        return None
    try:  # an Excel serial, or 20240301 typed as a number
        return from_number(float(number))
    except ValueError:
        return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        parsed = parse_date(value).value
        return parsed if isinstance(parsed, dt.date) else None
    return None


def _fold(value: Any) -> str:
    return normalize_header(value) if isinstance(value, str) else repr(value)


def equivalent(a: Any, b: Any) -> bool:
    """The same value written differently: case, width and spaces, or the same date or number."""
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)
    if isinstance(a, str) and isinstance(b, str):  # two texts: the same once folded
        return _fold(a) == _fold(b)
    day_a, day_b = _as_date(a), _as_date(b)
    if day_a is not None and day_b is not None:
        return day_a == day_b
    number_a, number_b = _as_number(a), _as_number(b)
    return number_a is not None and number_a == number_b


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    return type(a) is type(b) and bool(a == b)
