"""Customer tiers: RFM scores, segments, value tier, VIP, activity, tags and their rules."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.tiers.rules import (
    CN8_SEGMENTS,
    RFM11_GRID,
    TagRule,
    TierRules,
    cn8_segments,
    fixed_scores,
    normalize_tags,
    quantile_scores,
    tag_rules_from_rows,
)
from xlcrm.core.tiers.scores import (
    NO_PURCHASES,
    RESULT_COLUMNS,
    Status,
    compute_tiers,
    plain_amounts,
    tier_payload,
)
from xlcrm.core.values.numbers import parse_amount
from xlcrm.errors import SettingsError
from xlcrm.settings import Settings

ASOF = dt.date(2026, 3, 1)
FIXED = TierRules(rfm_method="fixed")


def ago(days: int) -> dt.date:
    return ASOF - dt.timedelta(days=days)


def table(*rows: Mapping[str, object]) -> pd.DataFrame:
    """Rows of raw cells (a complete, valid customer unless overridden), from Excel row 2."""
    base = {"last_purchase_at": ago(10), "purchase_count": 1, "total_amount": 100.0}
    frame = pd.DataFrame([base | dict(row) for row in rows], dtype=object)
    frame.index = pd.RangeIndex(2, len(rows) + 2)
    return frame


def tiers(*rows: Mapping[str, object], rules: TierRules | None = None) -> pd.DataFrame:
    return compute_tiers(table(*rows), asof=ASOF, rules=rules or TierRules())


def scores(column: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in column]


# --- fixed cut points ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "r"),
    [(0, 5), (30, 5), (31, 4), (90, 4), (91, 3), (180, 3), (181, 2), (365, 2), (366, 1), (3000, 1)],
)
def test_fixed_recency(days: int, r: int) -> None:
    assert scores(tiers({"last_purchase_at": ago(days)}, rules=FIXED)["r"]) == [r]


@pytest.mark.parametrize(
    ("count", "f"), [(0, 1), (1, 2), (2, 3), (4, 3), (5, 4), (9, 4), (10, 5), (500, 5)]
)
def test_fixed_frequency(count: int, f: int) -> None:
    assert scores(tiers({"purchase_count": count}, rules=FIXED)["f"]) == [f]


@pytest.mark.parametrize(
    ("amount", "m"),
    [(0.0, 1), (999.99, 1), (1000, 2), (4999.5, 2), (5000, 3), (20000, 4), (50000, 5), (1e9, 5)],
)
def test_fixed_monetary(amount: float, m: int) -> None:
    assert scores(tiers({"total_amount": amount}, rules=FIXED)["m"]) == [m]


# --- quantiles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([100, 200, 300, 400, 500], [1, 2, 3, 4, 5]),
        ([500, 100, 400, 200, 300], [5, 1, 4, 2, 3]),  # order of rows does not matter
        (list(range(1, 11)), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        ([100, 200, 300, 400, 1e9], [1, 2, 3, 4, 5]),  # a whale moves nobody else
        ([7.0], [3]),  # one row
        ([1, 2], [2, 4]),
        ([1, 2, 3], [1, 3, 5]),
        ([42] * 7, [3] * 7),  # all equal
        ([1, 1, 1, 1, 5], [3, 3, 3, 3, 5]),  # ties share the middle of their block
        ([1, 1, 9, 9], [2, 2, 4, 4]),
    ],
)
def test_quantile_monetary(amounts: list[float], expected: list[int]) -> None:
    result = tiers(*({"total_amount": a} for a in amounts))
    assert scores(result["m"]) == expected


def test_quantile_recency_prefers_recent_and_frequency_more() -> None:
    result = tiers(
        {"last_purchase_at": ago(400), "purchase_count": 1},
        {"last_purchase_at": ago(100), "purchase_count": 4},
        {"last_purchase_at": ago(3), "purchase_count": 20},
    )
    assert scores(result["r"]) == [1, 3, 5]
    assert scores(result["f"]) == [1, 3, 5]
    assert list(result["rfm"]) == ["113", "333", "553"]


def test_unscorable_rows_are_left_out_of_the_quantiles() -> None:
    result = tiers(
        {"total_amount": 100},
        {"total_amount": "abc"},
        {"total_amount": 300},
        {"total_amount": None},
    )
    assert scores(result["m"]) == [2, None, 4, None]


def test_empty_table() -> None:
    result = compute_tiers(pd.DataFrame(), asof=ASOF)
    assert list(result.columns) == RESULT_COLUMNS
    assert len(result) == 0
    assert tier_payload(result, ASOF) == {"asof": "2026-03-01", "rows": []}


# --- unscored reasons ---------------------------------------------------------------

MISSING_DATE = "缺少最近购买日期 / no last purchase date"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"last_purchase_at": None}, MISSING_DATE),
        ({"last_purchase_at": "无"}, MISSING_DATE),
        ({"last_purchase_at": "2026-13-01"}, "最近购买日期无效 / invalid last purchase date"),
        ({"last_purchase_at": "soon"}, "最近购买日期无效 / invalid last purchase date"),
        (
            {"last_purchase_at": "3/5/2025"},
            "最近购买日期日月顺序不明 / ambiguous last purchase date",
        ),
        ({"last_purchase_at": ago(-1)}, "最近购买日期在未来 / last purchase is in the future"),
        ({"purchase_count": None}, "缺少购买次数 / no purchase count"),
        ({"purchase_count": "many"}, "购买次数无效 / invalid purchase count"),
        ({"purchase_count": 2.5}, "购买次数无效 / invalid purchase count"),
        ({"purchase_count": -1}, "购买次数无效 / invalid purchase count"),
        ({"total_amount": "待定"}, "缺少累计消费金额 / no total amount"),
        ({"total_amount": "lots"}, "累计消费金额无效 / invalid total amount"),
        ({"total_amount": -5.0}, "累计消费金额为负数 / total amount is negative"),
        ({"total_amount": math.inf}, "累计消费金额无效 / invalid total amount"),
        (
            {"last_purchase_at": None, "purchase_count": "x"},
            MISSING_DATE + "; 购买次数无效 / invalid purchase count",
        ),
        ({}, None),
    ],
)
def test_unscored_reasons(cells: dict[str, object], reason: str | None) -> None:
    assert list(tiers(cells)["unscored"]) == [reason]


def test_unscored_rows_lose_only_what_depends_on_the_bad_input() -> None:
    row = tiers({"last_purchase_at": ago(-3), "total_amount": 60000}).iloc[0]
    assert pd.isna(row["r"]) and pd.isna(row["days_since_purchase"])
    assert row["activity"] is None and row["segment"] is None and row["rfm"] is None
    assert row["value_tier"] == "高" and row["f"] == 3 and row["m"] == 3


def test_absent_columns_are_missing_inputs() -> None:
    frame = pd.DataFrame({"tags": ["a"]}, index=[5], dtype=object)
    row = compute_tiers(frame, asof=ASOF).iloc[0]
    assert row["unscored"] == (
        "缺少最近购买日期 / no last purchase date; 缺少购买次数 / no purchase count;"
        " 缺少累计消费金额 / no total amount"
    )
    assert row["value_tier"] is None and row["tags"] == "a"


@pytest.mark.parametrize(
    ("cells", "never"),
    [
        ({"customer_type": "潜在", "last_purchase_at": None, "purchase_count": None,
          "total_amount": None}, True),
        ({"customer_type": "潜在客户", "last_purchase_at": None, "purchase_count": 0,
          "total_amount": 0}, True),
        ({"customer_type": "个人", "last_purchase_at": None, "purchase_count": 0,
          "total_amount": None}, True),
        ({"customer_type": "个人", "last_purchase_at": None, "purchase_count": None,
          "total_amount": None}, False),  # a customer with blanks: missing data
        ({"customer_type": "潜在", "last_purchase_at": None, "purchase_count": 2,
          "total_amount": 300}, False),  # has bought: the date is missing
    ],
)  # fmt: skip
def test_never_bought(cells: dict[str, object], never: bool) -> None:
    row = tiers(cells).iloc[0]
    assert (row["unscored"] == NO_PURCHASES) is never
    if never:
        assert row["value_tier"] == "低" and not row["vip"] and pd.isna(row["f"])
    else:
        assert MISSING_DATE in row["unscored"]


# --- activity, value tier, VIP ------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "activity"),
    [(0, "活跃"), (90, "活跃"), (91, "一般"), (180, "一般"), (181, "沉睡"), (2000, "沉睡")],
)
def test_activity_boundaries(days: int, activity: str) -> None:
    result = tiers({"last_purchase_at": ago(days)})
    assert list(result["activity"]) == [activity]
    assert list(result["days_since_purchase"]) == [days]


def test_activity_follows_settings() -> None:
    rules = TierRules.from_settings(Settings(activity_active_days=30, activity_sleeping_days=60))
    result = tiers(*({"last_purchase_at": ago(d)} for d in (30, 31, 60, 61)), rules=rules)
    assert list(result["activity"]) == ["活跃", "一般", "一般", "沉睡"]


@pytest.mark.parametrize(
    ("amount", "count", "tier"),
    [
        (0.0, 1, "低"),
        (9999.99, 2, "低"),
        (10000, 0, "中"),
        (0.0, 3, "中"),
        (49999.99, 9, "中"),
        (50000, 0, "高"),
        (0.0, 10, "高"),
        (1e7, 1, "高"),
    ],
)
def test_value_tier_boundaries(amount: float, count: int, tier: str) -> None:
    assert list(tiers({"total_amount": amount, "purchase_count": count})["value_tier"]) == [tier]


@pytest.mark.parametrize(
    ("cells", "rules", "vip"),
    [
        ({"total_amount": 100000}, TierRules(), True),
        ({"total_amount": 99999.99, "purchase_count": 19}, TierRules(), False),
        ({"purchase_count": 20}, TierRules(), True),
        ({"total_amount": 50000, "created_at": ago(730)}, TierRules(), True),
        ({"total_amount": 50000, "created_at": ago(729)}, TierRules(), False),
        ({"total_amount": 50000, "created_at": None}, TierRules(), False),
        ({"total_amount": 50000, "created_at": ago(-5)}, TierRules(), False),  # future
        ({"total_amount": 20000, "created_at": ago(5000)}, TierRules(), False),  # tier 中
        ({"total_amount": 50000, "created_at": ago(5000)}, TierRules(vip_tenure_days=None), False),
        ({"total_amount": "oops", "purchase_count": 25}, TierRules(), True),
    ],
)
def test_vip(cells: dict[str, object], rules: TierRules, vip: bool) -> None:
    assert list(tiers(cells, rules=rules)["vip"]) == [vip]


# --- segments -----------------------------------------------------------------------

CN8_CASES = [
    ((5, 5, 5), "重要价值客户"),
    ((1, 5, 5), "重要保持客户"),
    ((5, 1, 5), "重要发展客户"),
    ((1, 1, 5), "重要挽留客户"),
    ((5, 5, 1), "一般价值客户"),
    ((1, 5, 1), "一般保持客户"),
    ((5, 1, 1), "一般发展客户"),
    ((1, 1, 1), "一般挽留客户"),
]


def test_cn8_all_eight_combinations() -> None:
    r, f, m = (np.array(s, dtype=np.int8) for s in zip(*(c for c, _ in CN8_CASES), strict=True))
    assert list(cn8_segments(r, f, m, pivot=3)) == [label for _, label in CN8_CASES]
    assert list(cn8_segments(r, f, m)) == [label for _, label in CN8_CASES]  # mean is 3
    assert len(set(CN8_SEGMENTS.values())) == 8


def test_cn8_compares_with_the_mean_and_skips_unscored() -> None:
    r, f, m = np.array([2, 3, 4, 0]), np.array([2, 2, 2, 3]), np.array([4, 4, 1, 5])
    # means over the first three rows: R 3, F 2, M 3 — strictly above is high
    assert list(cn8_segments(r, f, m)) == ["重要挽留客户", "重要挽留客户", "一般发展客户", None]


def test_all_equal_table_is_one_segment() -> None:
    result = tiers(*({} for _ in range(4)))
    assert set(result["rfm"]) == {"333"} and set(result["segment"]) == {"一般挽留客户"}


def test_rfm11_grid_covers_every_cell() -> None:
    assert set(RFM11_GRID) == set(itertools.product(range(1, 6), repeat=2))
    assert set(RFM11_GRID.values()) == {
        "Champions", "Loyal Customers", "Potential Loyalists", "New Customers", "Promising",
        "Need Attention", "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating", "Lost",
    }  # fmt: skip
    assert RFM11_GRID[5, 5] == "Champions" and RFM11_GRID[1, 1] == "Lost"
    assert RFM11_GRID[1, 5] == "Can't Lose Them" and RFM11_GRID[5, 1] == "New Customers"


def test_rfm11_segments_in_compute_tiers() -> None:
    rules = TierRules(segment_model="rfm11", rfm_method="fixed")
    result = tiers(
        {"last_purchase_at": ago(5), "purchase_count": 30},
        {"last_purchase_at": ago(900), "purchase_count": 0},
        {"last_purchase_at": ago(900), "purchase_count": 30, "total_amount": "bad"},
        {"last_purchase_at": None, "purchase_count": 30},
        rules=rules,
    )
    assert list(result["segment"]) == ["Champions", "Lost", "Can't Lose Them", None]


# --- tags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tags"),
    [
        (None, ""),
        ("", ""),
        ("无", ""),
        ("VIP", "VIP"),
        ("VIP,老客户", "VIP、老客户"),
        (
            "VIP， 老客户；华东;华南、重点/线上|展会  新",
            "VIP、老客户、华东、华南、重点、线上、展会、新",
        ),
        ("a a b a", "a、b"),
        ("VIP vip ＶＩＰ", "VIP"),  # widths and case folded, first spelling kept
        ("a - b", "a、b"),  # placeholders dropped
        ("  \t 华东 \n", "华东"),
        (12, "12"),
    ],
)
def test_normalize_tags(raw: object, tags: str) -> None:
    assert normalize_tags(raw) == tags


@given(st.text(alphabet=st.sampled_from("ab中VvＶ ,，;；、/|-无\t"), max_size=30) | st.text())
def test_normalize_tags_is_idempotent(raw: str) -> None:
    once = normalize_tags(raw)
    assert normalize_tags(once) == once


def test_default_tag_rules_add_tags() -> None:
    result = tiers(
        {"purchase_count": 10, "tags": "老客户, 华东"},
        {"last_purchase_at": ago(181), "tags": "沉睡"},
        {"total_amount": 100000.0},
        {},
    )
    assert list(result["tags"]) == ["老客户、华东、高频", "沉睡", "VIP、高消费", ""]


def test_custom_tag_rules() -> None:
    rules = TierRules(
        tag_rules=(
            TagRule("B2B", "customer_type", "==", "企业"),
            TagRule("非活跃", "activity", "!=", "活跃"),
            TagRule("冠军", "r", ">=", 4),
        )
    )
    result = tiers(
        {"customer_type": "公司", "last_purchase_at": ago(1)},
        {"customer_type": "个人", "last_purchase_at": ago(200)},
        {"customer_type": None, "last_purchase_at": None},
        rules=rules,
    )
    assert list(result["tags"]) == ["B2B、冠军", "非活跃", ""]


def test_tag_rules_from_rows() -> None:
    rows = [
        ("标签", "字段", "比较", "值"),
        ("高频", "购买次数", "≥", "10"),
        (None, None, None, None),
        ("VIP", "vip", "=", "是"),
        ("大单", "total_amount", ">", 2.5e4),
        ("企业客户", "customer_type", "==", "企业"),
    ]
    assert tag_rules_from_rows(rows) == (
        TagRule("高频", "purchase_count", ">=", 10),
        TagRule("VIP", "vip", "==", True),
        TagRule("大单", "total_amount", ">", 25000),
        TagRule("企业客户", "customer_type", "==", "企业"),
    )


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (("x", "shoe_size", ">=", "3"), "shoe_size"),
        (("x", "purchase_count", "=>", "3"), "=>"),
        (("x", "purchase_count", ">=", "many"), "many"),
        (("x", "value_tier", ">", "高"), "value_tier > 高"),
        (("x", "vip", "==", "maybe"), "maybe"),
        (("a b", "vip", "==", "是"), "a b"),
        ((None, "vip", "==", "是"), "标签规则"),
    ],
)
def test_tag_rules_from_rows_rejects(row: tuple[object, ...], words: str) -> None:
    with pytest.raises(SettingsError, match=words) as error:
        tag_rules_from_rows([row])
    assert "Tag rule" in str(error.value)  # bilingual: Chinese first, then English


# --- rules ----------------------------------------------------------------------------


def test_rules_from_settings_and_version() -> None:
    settings = Settings(tier_high_amount=80000.0, tier_mid_count=4, activity_sleeping_days=200)
    rules = TierRules.from_settings(settings, version="2024-Q4")
    assert (rules.high_amount, rules.mid_count, rules.sleeping_days) == (80000.0, 4, 200)
    assert TagRule("沉睡", "days_since_purchase", ">", 200) in rules.tag_rules
    result = tiers({}, rules=rules)
    assert list(result["rules_version"]) == ["2024-Q4"]
    assert result.attrs == {"asof": "2026-03-01", "rules_version": "2024-Q4"}


@pytest.mark.parametrize(
    "changes",
    [
        {"segment_model": "rfm12"},
        {"rfm_method": "deciles"},
        {"r_days": (30, 30, 90, 180)},
        {"f_counts": (1, 2, 3)},
        {"active_days": 200},
        {"mid_count": 20},
    ],
)
def test_invalid_rules(changes: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        TierRules(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rules", "settings"),
    [
        ({"active_days": 200}, {"activity_active_days": 200}),
        ({"mid_amount": 90000.0}, {"tier_mid_amount": 90000.0}),
        ({"mid_count": 20}, {"tier_mid_count": 20}),
    ],
)
def test_rules_and_settings_refuse_thresholds_out_of_order_alike(
    rules: dict[str, Any], settings: dict[str, Any]
) -> None:
    with pytest.raises(SettingsError) as from_rules:
        TierRules(**rules)
    with pytest.raises(SettingsError) as from_settings:
        Settings(**settings)
    assert from_rules.value.code == from_settings.value.code
    assert str(from_rules.value) == str(from_settings.value)


# --- properties -----------------------------------------------------------------------


def assert_monotonic(
    values: Sequence[float], got: list[int | None], *, higher_is_better: bool
) -> None:
    for (a, sa), (b, sb) in itertools.combinations(zip(values, got, strict=True), 2):
        assert sa is not None and sb is not None
        if (a < b) == higher_is_better and a != b:
            assert sa <= sb
        elif a != b:
            assert sa >= sb
        else:
            assert sa == sb


@given(st.lists(st.integers(0, 3000), min_size=1, max_size=25), st.booleans())
def test_more_recent_never_gets_a_lower_r(days: list[int], fixed: bool) -> None:
    rules = FIXED if fixed else TierRules()
    result = tiers(*({"last_purchase_at": ago(d)} for d in days), rules=rules)
    assert_monotonic(days, scores(result["r"]), higher_is_better=False)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=25), st.booleans())
def test_more_purchases_never_get_a_lower_f(counts: list[int], fixed: bool) -> None:
    rules = FIXED if fixed else TierRules()
    result = tiers(*({"purchase_count": c} for c in counts), rules=rules)
    assert_monotonic(counts, scores(result["f"]), higher_is_better=True)


amounts = st.floats(0, 1e9, allow_nan=False)


@given(st.lists(amounts, min_size=1, max_size=25), st.booleans())
def test_more_spent_never_gets_a_lower_m(values: list[float], fixed: bool) -> None:
    rules = FIXED if fixed else TierRules()
    result = tiers(*({"total_amount": v} for v in values), rules=rules)
    assert_monotonic(values, scores(result["m"]), higher_is_better=True)


@given(st.lists(amounts, min_size=1, max_size=25), st.data())
def test_raising_one_value_never_lowers_its_score(values: list[float], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(values) - 1))
    raised = [*values[:i], values[i] + data.draw(amounts), *values[i + 1 :]]
    valid = np.ones(len(values), dtype=bool)
    before = quantile_scores(np.array(values), valid)[i]
    after = quantile_scores(np.array(raised), valid)[i]
    assert after >= before
    cuts = FIXED.m_amounts
    fixed_before = fixed_scores(np.array(values), valid, cuts, higher_is_better=True)[i]
    assert fixed_scores(np.array(raised), valid, cuts, higher_is_better=True)[i] >= fixed_before


@given(st.floats() | st.integers(-(2**52), 2**52))
def test_plain_amounts_agree_with_parse_amount(value: float) -> None:
    number, status = plain_amounts(np.array([value], dtype=float))
    parsed = parse_amount(value)
    if parsed.empty:
        assert status[0] == Status.MISSING
    elif parsed.code is None:
        assert status[0] == Status.OK and number[0] == parsed.value
    else:
        assert status[0] in (Status.INVALID, Status.NEGATIVE)
        assert (status[0] == Status.NEGATIVE) == (parsed.value is not None)


# --- JSON -----------------------------------------------------------------------------


def test_tier_payload_shape() -> None:
    # Row 3 has no date: no R, but its count and amount still rank (F and M are 4 vs 2);
    # row 2 alone has all three scores, so it is the mean and nothing is above it.
    result = tiers({"total_amount": 60000, "purchase_count": 12}, {"last_purchase_at": None})
    payload = tier_payload(result, ASOF)
    assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
    assert list(payload) == ["asof", "rows"] and payload["asof"] == "2026-03-01"
    first, second = payload["rows"]
    assert list(first)[:7] == ["row", "r", "f", "m", "segment", "value_tier", "activity"]
    assert first == {
        "row": 2, "r": 3, "f": 4, "m": 4, "segment": "一般挽留客户", "value_tier": "高",
        "activity": "活跃", "rfm": "344", "vip": False, "tags": "高频、高消费",
        "unscored": None, "rules_version": "1",
    }  # fmt: skip
    assert type(first["r"]) is int and type(first["vip"]) is bool
    assert second["row"] == 3 and second["r"] is None and second["activity"] is None
    assert second["value_tier"] == "低" and second["unscored"] == MISSING_DATE
