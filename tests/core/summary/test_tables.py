"""The Summary's numbers in pandas: blocks, regions, tags, the top 10 and the payload."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from xlcrm.core.summary.numbers import (
    MonthRow,
    merge_months,
    month_row,
    relabel,
    summarise,
    summary_payload,
)
from xlcrm.core.summary.tables import BLANK, GROUP, normalize_region, summary_tables, top_customers

ASOF = dt.date(2026, 11, 23)


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["华东", "华东", "华南", None],
            "owner": ["甲", "乙", "甲", "甲"],
            "customer_type": ["个人", "企业", "个人", "个人"],
            "total_amount": [100, "¥1,200", "不详", 50.5],
            "tags": ["VIP, 线上", "vip", None, "线上；展会"],
            "name": ["a", "b", "c", "d"],
            "value_tier": ["高", "中", None, "低"],
            "activity": ["活跃", "沉睡", "活跃", None],
            "segment": ["重要价值", "重要价值", "一般", None],
            "unscored": [None, None, "金额", "日期"],
        },
        index=[2, 3, 4, 5],
    )


def test_blocks_on_a_small_table() -> None:
    t = summary_tables(_frame())
    count = t["region_tier_count"]
    assert count.index.tolist() == ["华东", "华南", BLANK]
    assert count.columns.tolist() == ["高", "中", "低", BLANK]  # every tier, always
    assert count.loc["华东"].tolist() == [1, 1, 0, 0] and count.loc[BLANK, "低"] == 1
    assert t["region_tier_amount"].loc["华东"].tolist() == [100.0, 1200.0, 0.0, 0.0]
    assert t["region_tier_amount"].loc["华南", BLANK] == 0.0  # 不详 is not summed
    assert t["owner_activity"].loc["甲"].tolist() == [2, 0, 0, 1]
    types = t["customer_type"]
    assert types.loc["个人", "count"] == 3 and types.loc["个人", "amount"] == 150.5
    assert types.loc["个人", "average"] == pytest.approx(75.25)
    assert t["segment"]["count"].to_dict() == {"重要价值": 2, "一般": 1, BLANK: 1}
    # Tags are whole words of the user's column; VIP and vip are one tag, counted once each.
    assert t["tags"]["count"].to_dict() == {"VIP": 2, "线上": 2, "展会": 1}
    assert t["top_customers"]["name"].tolist() == ["b", "a", "d"]


def test_missing_fields_skip_their_blocks() -> None:
    df = pd.DataFrame({"segment": ["a", "b"], "value_tier": ["高", "低"]})
    assert set(summary_tables(df)) == {"segment"}


@pytest.mark.parametrize(
    ("raw", "grouped"),
    [("广东省", "广东"), ("广东", "广东"), ("广 东", "广东"), ("上海市", "上海"),
     ("新疆维吾尔自治区", "新疆"), ("内蒙古自治区", "内蒙古"), ("香港特别行政区", "香港"),
     ("广州市", "广州市"), ("Guangdong", "Guangdong"), (None, None)],
)  # fmt: skip
def test_regions_group_by_their_short_name(raw: object, grouped: object) -> None:
    assert normalize_region(raw) == grouped


def test_the_top_10_counts_a_duplicate_group_once() -> None:
    data = pd.DataFrame(
        {
            "name": ["陈伟", "陳偉", "李娜", "王芳", "张三"],
            "amount": [9000.0, 9500.0, 9500.0, 100.0, float("nan")],
            GROUP: [1, 1, None, "", None],
        },
        index=[5, 6, 7, 8, 9],
    )
    top = top_customers(data.rename(columns={"amount": "amount"}))
    # Group 1 once, at its largest amount (row 6); 李娜 ties at 9500 but comes after row 6.
    assert top["row"].tolist() == [6, 7, 8]
    assert top["name"].tolist() == ["陳偉", "李娜", "王芳"]
    plain = top_customers(data.drop(columns=[GROUP]))
    assert plain["row"].tolist() == [6, 7, 5, 8]


def test_months_keep_history_and_replace_this_month() -> None:
    tiers = pd.DataFrame(
        {"value_tier": ["高", "低", None], "activity": ["活跃", "沉睡", "沉睡"]}, index=[2, 3, 4]
    )
    now = month_row(tiers, ASOF)
    assert (now.month, now.customers) == ("2026-11", 3)
    assert now.value_tier == {"高": 1, "中": 0, "低": 1, BLANK: 1}
    assert now.activity == {"活跃": 1, "一般": 0, "沉睡": 2, BLANK: 0}
    old = MonthRow("2026-10", "2026-10-31", 2, dict.fromkeys(now.value_tier, 0), now.activity)
    stale = MonthRow("2026-11", "2026-11-01", 9, now.value_tier, now.activity)
    merged = merge_months([stale, old], now)
    assert [m.month for m in merged] == ["2026-10", "2026-11"] and merged[1].customers == 3


def test_payload_holds_the_numbers_the_sheet_shows() -> None:
    data = _frame()
    tiers = data[["value_tier", "activity", "segment", "unscored"]]
    numbers = summarise(data, tiers, ASOF)
    payload = summary_payload(numbers, issues=[("phone_invalid", "手机号无效", "error", 3)])
    json.dumps(payload, ensure_ascii=False)  # plain JSON
    assert payload["asof"] == "2026-11-23" and payload["rows"] == 4
    region = payload["blocks"]["region_tier_count"]
    assert region[0] == {"label": "华东", "高": 1, "中": 1, "低": 0, "": 0, "total": 2}
    types = {row["label"]: row for row in payload["blocks"]["customer_type"]}
    assert types["个人"]["amount"] == 150.5 and types["企业"]["average"] == 1200.0
    assert [r["name"] for r in payload["top_customers"]] == ["b", "a", "d"]
    assert payload["top_customers"][0]["rank"] == 1
    assert payload["quality"]["unscored"] == [{"reason": "日期", "count": 1},
                                              {"reason": "金额", "count": 1}]  # fmt: skip
    assert payload["quality"]["issues"][0]["name"] == "手机号无效"
    assert payload["months"][0]["value_tier"]["高"] == 1
    english = relabel(numbers.tables, {"高": "High", "活跃": "Active", "重要价值": "Key"})
    assert english["region_tier_count"].columns.tolist()[0] == "High"
    assert english["segment"].index.tolist()[0] == "Key"
