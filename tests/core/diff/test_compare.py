"""Two months compared: pairing by key, changes that are only spelling, tier moves, totals."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from xlcrm.core.check.table import CheckOptions
from xlcrm.core.diff.compare import ADDED, REMOVED, diff_payload, diff_tables, pair_rows
from xlcrm.core.diff.values import Canonical
from xlcrm.core.summary.tables import BLANK

CANONICAL = Canonical.for_options(CheckOptions(asof=dt.date(2026, 11, 30)))
FIELDS = ["name", "phone", "email", "region", "total_amount", "last_purchase_at", "tags",
          "owner", "微信号"]  # fmt: skip


def _frame(rows: list[list[object]], first: int = 2) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", *FIELDS],
                        index=range(first, first + len(rows)))  # fmt: skip


OLD = _frame([
    ["C1", "王芳", "138-0013-8000", "A@QQ.com", "广东省", "¥1,200", "2026/3/5", "VIP, 线上", "李四", "w1"],
    ["C2", "李雷", "13900139000", None, "上海", 300, dt.date(2026, 1, 1), None, "李四", "w2"],
    ["C3", "韩梅", "13700137000", None, "北京", 50, None, None, "张三", None],
    [None, "无名", None, None, "北京", 10, None, None, "张三", None],
])  # fmt: skip
NEW = _frame([
    [" C1", "王 芳", 13800138000, "a@qq.com", "广东", 1200.0, dt.date(2026, 3, 5), "线上、vip", "李四", "w1"],
    ["C2", "李雷", "13900139000", None, "湖北", 100000, dt.date(2026, 11, 20), None, "新同事", "w2x"],
    ["C4", "新人", "13600136000", None, "西藏", 5, None, None, "张三", None],
], first=5)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "before", "after", "same"),
    [("phone", "138-0013-8000", 13800138000, True), ("phone", "+86 138 0013 8000", "13800138000", True),
     ("phone", "13800138000", "13800138001", False), ("total_amount", "¥1,200", 1200, True),
     ("total_amount", "1.2万", 12000.0, True), ("total_amount", 300, 301, False),
     ("last_purchase_at", "2026年3月5日", dt.datetime(2026, 3, 5), True),
     ("region", "广东省", "广 东", True), ("tags", "VIP,线上", "线上；vip", True),
     ("name", "王 芳", "王芳", True), ("name", "王芳", "王方", False), ("notes", "无", None, True),
     ("customer_type", "企业", "Company", True), ("consent", "✓", "是", True)],
)  # fmt: skip
def test_a_value_typed_another_way_is_not_a_change(
    field: str, before: object, after: object, same: bool
) -> None:
    assert (CANONICAL(field, before) == CANONICAL(field, after)) is same


def test_rows_pair_by_key_once_per_occurrence() -> None:
    pairs, only_old, only_new = pair_rows(["a", "b", "a", ""], ["a", "a", "a", "", "c"])
    assert pairs == [(0, 0), (2, 1)] and only_old == [1, 3] and only_new == [2, 3, 4]


def _tiers(values: list[str | None], activity: list[str | None], index: range) -> pd.DataFrame:
    return pd.DataFrame({"value_tier": values, "activity": activity}, index=list(index))


def test_new_gone_changed_moves_and_totals() -> None:
    tiers = (
        _tiers(["中", "低", "低", None], ["活跃", "沉睡", None, None], OLD.index),
        _tiers(["中", "高", "低"], ["活跃", "活跃", None], NEW.index),
    )
    result = diff_tables(OLD, NEW, key="customer_id", key_header="客户编号", fields=FIELDS,
                         canonical=CANONICAL, tiers=tiers)  # fmt: skip
    assert result.added == [("C4", 7)] and result.removed == [("C3", 4), ("", 5)]
    assert result.unchanged == 1  # C1: every field the same value, typed another way
    (change,) = result.changed
    assert (change.key, change.row_old, change.row_new) == ("C2", 3, 6)
    assert change.fields == {
        "region": ("上海", "湖北"), "total_amount": (300, 100000),
        "last_purchase_at": ("2026-01-01", "2026-11-20"), "owner": ("李四", "新同事"),
        "微信号": ("w2", "w2x"),
    }  # fmt: skip
    assert result.moves() == {"value_tier": {"低→高": 1}, "activity": {"沉睡→活跃": 1}}
    tier = result.transitions["value_tier"]
    assert (
        tier.at[ADDED, "低"] == 1 and tier.at["低", REMOVED] == 1 and tier.at[BLANK, REMOVED] == 1
    )
    region = result.totals["region"]
    assert region.loc["广东"].tolist() == [1, 1, 1200.0, 1200.0]
    assert region.loc["北京"].tolist() == [2, 0, 60.0, 0.0]
    assert region.loc["湖北", "customers_new"] == 1 and region.loc["上海", "customers_new"] == 0
    payload = diff_payload(result, "old.xlsx", "new.xlsx")
    json.dumps(payload, ensure_ascii=False)
    assert payload["key"] == "客户编号" and payload["added"] == [{"key": "C4", "row": 7}]
    assert payload["changed"][0]["fields"]["total_amount"] == [300, 100000]
    assert payload["moves"]["value_tier"] == {"低→高": 1}


def test_a_key_typed_twice_pairs_each_row_with_its_closest_row_now() -> None:
    """One id on two people (entered twice): rows that only moved are not changes."""
    old = _frame([
        ["C7", "周敏", None, "zm@qq.com", "杭州", 100, None, None, "李四", None],
        ["C7", "周敏", "010-53535420", None, "杭州", 100, None, None, "李四", None],
    ])  # fmt: skip
    new = _frame([
        ["C7", "周敏", "010-53535420", None, "杭州", 100, None, None, "李四", None],
        ["C7", "周敏", None, "zm@qq.com", "杭州", 900, None, None, "李四", None],
    ], first=9)  # fmt: skip
    result = diff_tables(old, new, key="customer_id", key_header="客户编号", fields=FIELDS,
                         canonical=CANONICAL)  # fmt: skip
    assert [(c.row_old, c.row_new, sorted(c.fields)) for c in result.changed] == [
        (2, 10, ["total_amount"])
    ]
    assert result.unchanged == 1 and not result.added and not result.removed
