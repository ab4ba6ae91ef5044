"""Survivorship rules: which value a merged customer keeps, table-driven."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from xlcrm.core.dedupe.survivorship import (
    DEFAULT_RULES,
    SURVIVORSHIP_TABLE,
    choose,
    equivalent,
    merge_group,
    parse_rule,
    rules_from_rows,
)
from xlcrm.core.rule_tables import RULE_TABLES
from xlcrm.errors import SettingsError
from xlcrm.settings import settings_from_rows

D = dt.date

# rule, {row: value} (rows listed oldest first in ORDER), expected value, expected sources
ORDER = [10, 11, 12]
CASES: list[tuple[str, dict[int, Any], Any, tuple[int, ...]]] = [
    ("recent", {10: "a@x.cn", 11: "b@x.cn", 12: None}, "b@x.cn", (11,)),
    ("recent", {10: "a", 11: "无", 12: ""}, "a", (10,)),  # placeholders are empty
    ("first", {10: None, 11: "C0002", 12: "C0003"}, "C0002", (11,)),
    ("own", {10: None, 11: "C0002", 12: "C0003"}, "C0002", (11,)),  # no row preferred
    (
        "complete",
        {10: "思优科技", 11: "武汉思优网络科技有限公司", 12: "思优"},
        "武汉思优网络科技有限公司",
        (11,),
    ),
    ("frequent", {10: "陈伟", 11: "陳偉", 12: "陈伟"}, "陈伟", (10, 12)),
    ("frequent", {10: "A", 11: "B", 12: None}, "B", (11,)),  # a tie goes to the most recent
    ("all", {10: "VIP,零售", 11: "零售、重点", 12: None}, "VIP、零售、重点", (10, 11)),
    ("all", {10: "VIP", 11: "VIP", 12: None}, "VIP", (10,)),
    ("sum", {10: 3, 11: "2次", 12: None}, 5, (10, 11)),
    ("sum", {10: "1.2万", 11: 3000, 12: None}, 15000, (10, 11)),
    ("sum", {10: 7, 11: None, 12: None}, 7, (10,)),
    ("max", {10: 100.5, 11: "￥3,000", 12: 20}, "￥3,000", (11,)),
    ("min", {10: 100.5, 11: "￥3,000", 12: 20}, 20, (12,)),
    ("max", {10: D(2024, 1, 5), 11: "2025/3/1", 12: D(2023, 1, 1)}, "2025/3/1", (11,)),
    ("min", {10: D(2024, 1, 5), 11: "2025/3/1", 12: D(2023, 1, 1)}, D(2023, 1, 1), (12,)),
    ("max", {10: "n/a text", 11: "other", 12: None}, "other", (11,)),  # nothing countable
    ("recent", {10: None, 11: None, 12: None}, None, ()),
]


@pytest.mark.parametrize(("rule", "cells", "value", "sources"), CASES)
def test_choose(rule: str, cells: dict[int, Any], value: Any, sources: tuple[int, ...]) -> None:
    assert choose(rule, cells, ORDER) == (value, sources)


def test_a_tie_of_most_frequent_keeps_the_preferred_row() -> None:
    assert choose("frequent", {10: "陈伟", 11: "陳偉"}, [10, 11], prefer=10) == ("陈伟", (10,))


def test_own_keeps_the_surviving_rows_value_else_the_earliest() -> None:
    cells = {10: "C0001", 11: "C0002", 12: "C0003"}
    assert choose("own", cells, ORDER, prefer=12) == ("C0003", (12,))
    assert choose("own", {**cells, 12: None}, ORDER, prefer=12) == ("C0001", (10,))


def test_the_survivor_keeps_its_id_and_its_running_number() -> None:
    group = _group().assign(customer_id=["C005", "C009", "C012"], 序号=[4, 8, 11])
    fields = {c: c if c not in ("微信号", "序号") else None for c in group.columns}
    record = merge_group(group, rules=DEFAULT_RULES, field_of=fields)
    assert record.values["customer_id"].value == "C005" and not record.values["customer_id"].changed
    assert record.values["序号"].value == 4 and not record.values["序号"].changed
    assert parse_rule("保留本行") == parse_rule("own value") == "own"
    assert choose("frequent", {10: "陈伟", 11: "陳偉"}, [10, 11]) == ("陳偉", (11,))


def test_keep_all_joins_with_a_comma_in_english() -> None:
    assert choose("all", {1: "vip", 2: "retail"}, [1, 2], "en") == ("vip, retail", (1, 2))


@pytest.mark.parametrize(
    ("text", "rule"),
    [("最近非空", "recent"), ("most recent", "recent"), ("Sum", "sum"), ("求和", "sum"),
     ("全部保留", "all"), ("keep all", "all"), ("最大", "max"), ("earliest", "first")],
)  # fmt: skip
def test_parse_rule_takes_keys_and_both_labels(text: str, rule: str) -> None:
    assert parse_rule(text) == rule


def test_unknown_rule_is_one_clear_sentence() -> None:
    with pytest.raises(SettingsError, match="not a merge rule"):
        parse_rule("average")


def test_rules_from_rows_maps_labels_and_headers() -> None:
    rules = rules_from_rows([("购买次数", "求和"), ("Total Spend", "sum"), ("微信号", "最完整"),
                             (None, None), ("email", "first")])  # fmt: skip
    assert rules == {
        "purchase_count": "sum",
        "total_amount": "sum",
        "微信号": "complete",
        "email": "first",
    }
    assert rules_from_rows(None) == DEFAULT_RULES


def test_table_is_registered_and_read_from_a_settings_sheet() -> None:
    assert SURVIVORSHIP_TABLE in RULE_TABLES
    rows = [
        ("合并规则", None, None, "survivorship"),
        ("字段", "规则"),
        ("累计消费金额", "求和"),
        ("电话", "最早"),
    ]
    settings = settings_from_rows(rows, tables=RULE_TABLES)
    rules = rules_from_rows(settings.table_rows("survivorship"))
    assert rules == {"total_amount": "sum", "phone": "first"}


def test_default_rows_parse_back_to_the_defaults() -> None:
    for language in ("zh", "en"):
        assert rules_from_rows(SURVIVORSHIP_TABLE.rows(language)) == DEFAULT_RULES


def _group() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["陈伟", "陳偉", "陈伟 "],
            "phone": ["13800138000", None, "13900139000"],
            "total_amount": [100, 250, None],
            "tags": ["VIP", "零售", None],
            "updated_at": [D(2024, 1, 1), D(2025, 6, 1), "2023-01-01"],
            "微信号": [None, "wx_1", None],
        },
        index=pd.Index([5, 9, 12], name="row"),
        dtype=object,
    )


def test_merge_group_keeps_the_first_row_and_names_sources() -> None:
    fields = {c: c if c != "微信号" else None for c in _group().columns}
    record = merge_group(_group(), rules=DEFAULT_RULES, field_of=fields)
    assert record.survivor == 5 and record.merged_away == (9, 12)
    values = {k: (v.value, v.sources, v.changed) for k, v in record.values.items()}
    # row 12 is the oldest (2023), row 9 the most recent (2025)
    assert values["phone"] == ("13800138000", (5,), False)
    assert values["total_amount"] == (250, (9,), True)
    assert values["tags"] == ("VIP、零售", (5, 9), True)
    assert values["updated_at"] == (D(2025, 6, 1), (9,), True)
    assert values["微信号"] == ("wx_1", (9,), True)  # unknown columns: most recent
    assert values["name"][0] == "陈伟" and not values["name"][2]


def test_sum_rule_from_settings_adds_amounts() -> None:
    rules = {**DEFAULT_RULES, "total_amount": "sum"}
    fields = {c: c for c in _group().columns}
    record = merge_group(_group(), rules=rules, field_of=fields)
    assert record.values["total_amount"].value == 350


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("陈伟 ", "陈伟", True), ("ABC", "abc", True), ("2024/3/1", D(2024, 3, 1), True),
     ("1.2万", 12000, True), ("陈伟", "陈炜", False), (None, "", True), (None, "x", False),
     (D(2024, 3, 1), D(2024, 3, 2), False)],
)  # fmt: skip
def test_equivalent(a: Any, b: Any, same: bool) -> None:
    assert equivalent(a, b) is same
