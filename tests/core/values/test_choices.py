"""parse_choice and its ready-made tables: customer type and consent, in Chinese and English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.values.choices import (
    CONSENT_SYNONYMS,
    CUSTOMER_TYPE_SYNONYMS,
    choice_table,
    parse_choice,
    parse_consent,
    parse_customer_type,
)
from xlcrm.core.values.findings import EMPTY, IssueCode
from xlcrm.schema import CONSENT_VALUES, CUSTOMER_TYPES, CUSTOMER_TYPES_EN, REGIONS
from xlcrm.text import Text

TYPES: list[tuple[object, str, str, bool]] = [  # raw, zh value, en value, clean in zh
    ("个人", "个人", "Individual", True),
    ("企业", "企业", "Company", True),
    ("潜在", "潜在", "Prospect", True),
    ("个 人", "个人", "Individual", False),
    (" 企业 ", "企业", "Company", False),
    ("Individual", "个人", "Individual", False),
    ("COMPANY", "企业", "Company", False),
    ("ｐｒｏｓｐｅｃｔ", "潜在", "Prospect", False),
    ("Personal", "个人", "Individual", False),
    ("person", "个人", "Individual", False),
    ("私人", "个人", "Individual", False),
    ("散客", "个人", "Individual", False),
    ("B2C", "个人", "Individual", False),
    ("个人客户", "个人", "Individual", False),
    ("Business", "企业", "Company", False),
    ("Corp", "企业", "Company", False),
    ("Enterprise", "企业", "Company", False),
    ("公司", "企业", "Company", False),
    ("单位", "企业", "Company", False),
    ("企业客户", "企业", "Company", False),
    ("企业用户", "企业", "Company", False),
    ("B2B", "企业", "Company", False),
    ("business customer", "企业", "Company", False),
    ("Lead", "潜在", "Prospect", False),
    ("Potential", "潜在", "Prospect", False),
    ("意向", "潜在", "Prospect", False),
    ("意向客户", "潜在", "Prospect", False),
    ("潜在客户", "潜在", "Prospect", False),
    ("潜客", "潜在", "Prospect", False),
]


@pytest.mark.parametrize(("raw", "zh", "en", "clean"), TYPES)
def test_customer_type_valid_in_both_languages(raw: object, zh: str, en: str, clean: bool) -> None:
    result = parse_customer_type(raw)
    assert result.ok and result.value == zh and result.fixable
    assert result.suggestion == (None if clean else zh)
    english = parse_customer_type(raw, language="en")
    assert english.ok and english.value == en


def test_english_canonical_values_are_clean_in_english() -> None:
    for value in CUSTOMER_TYPES_EN:
        result = parse_customer_type(value, language="en")
        assert result.value == value and result.suggestion is None


NEAR_MISSES: list[tuple[str, str, str]] = [  # raw, zh suggestion, en suggestion
    ("compnay", "企业", "Company"),
    ("Compay", "企业", "Company"),
    ("individul", "个人", "Individual"),
    ("Indiv.", "个人", "Individual"),
    ("prospct", "潜在", "Prospect"),
    ("bussiness", "企业", "Company"),
    ("企业大客户", "企业", "Company"),
    ("潜在的", "潜在", "Prospect"),
]


@pytest.mark.parametrize(("raw", "zh", "en"), NEAR_MISSES)
def test_near_misses_are_suggested_and_fixable(raw: str, zh: str, en: str) -> None:
    result = parse_customer_type(raw)
    assert result.code is IssueCode.ENUM_INVALID
    assert result.value is None
    assert result.suggestion == zh and result.fixable
    assert result.detail.zh == "个人/企业/潜在"
    english = parse_customer_type(raw, language="en")
    assert english.suggestion == en and english.detail.en == "Individual/Company/Prospect"


@pytest.mark.parametrize(
    "raw",
    ["个人/企业", "个人企业", "非企业", "VIP", "个体户", "客户", "经销商", "x", "???", "leed", 42],
)
def test_unclear_types_get_no_suggestion(raw: object) -> None:
    result = parse_customer_type(raw)
    assert result.code is IssueCode.ENUM_INVALID
    assert result.suggestion is None and not result.fixable


CONSENT: list[tuple[object, str, str]] = [  # raw, zh, en
    ("是", "是", "Yes"),
    ("否", "否", "No"),
    ("Yes", "是", "Yes"),
    ("no", "否", "No"),
    ("Y", "是", "Yes"),
    ("n", "否", "No"),
    ("TRUE", "是", "Yes"),
    ("false", "否", "No"),
    (True, "是", "Yes"),
    (False, "否", "No"),
    (1, "是", "Yes"),
    (0, "否", "No"),
    (1.0, "是", "Yes"),
    ("1", "是", "Yes"),
    ("同意", "是", "Yes"),
    ("不同意", "否", "No"),
    ("已授权", "是", "Yes"),
    ("未授权", "否", "No"),
    ("√", "是", "Yes"),
    ("✓", "是", "Yes"),
    ("×", "否", "No"),
    ("✗", "否", "No"),
    ("opted in", "是", "Yes"),
    ("Opt-out", "否", "No"),
    ("拒绝", "否", "No"),
]


@pytest.mark.parametrize(("raw", "zh", "en"), CONSENT)
def test_consent_values(raw: object, zh: str, en: str) -> None:
    assert parse_consent(raw).value == zh
    assert parse_consent(raw, language="en").value == en


def test_consent_x_is_a_tick_only_in_english() -> None:
    assert parse_consent("x", language="en").value == "Yes"
    assert parse_consent("X", language="en").value == "Yes"
    chinese = parse_consent("x")
    assert chinese.code is IssueCode.ENUM_INVALID and chinese.suggestion is None


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [("同意营销", "是"), ("不同意营销", "否"), ("yess", "是"), ("已同意接收", "是")],
)
def test_consent_near_misses_are_never_fixed_without_a_person(raw: str, suggestion: str) -> None:
    result = parse_consent(raw)
    assert result.code is IssueCode.ENUM_INVALID
    assert result.suggestion == suggestion
    assert not result.fixable


@pytest.mark.parametrize("raw", ["不太同意", "是否", "maybe", "看情况"])
def test_unclear_consent_gets_no_suggestion(raw: str) -> None:
    result = parse_consent(raw)
    assert result.code is IssueCode.ENUM_INVALID and result.suggestion is None


@pytest.mark.parametrize("raw", [None, "", "  ", "无", "N/A", "unknown", float("nan")])
def test_blank(raw: object) -> None:
    assert parse_customer_type(raw) == EMPTY
    assert parse_consent(raw) == EMPTY


def test_generic_choice_with_own_synonyms() -> None:
    synonyms = {"广东省": "广东", "粤": "广东", "北京市": "北京"}
    assert parse_choice("广东省", choices=REGIONS, synonyms=synonyms).value == "广东"
    assert parse_choice("粤", choices=REGIONS, synonyms=synonyms).value == "广东"
    assert parse_choice("Beijing", choices=REGIONS, synonyms=synonyms).suggestion is None
    near = parse_choice("北京市朝阳区", choices=REGIONS, synonyms=synonyms)
    assert near.code is IssueCode.ENUM_INVALID and near.suggestion == "北京"
    assert parse_choice("上海", choices=REGIONS, label=Text("地区", "Region")).ok


def test_synonym_tables_only_name_allowed_values() -> None:
    assert set(CUSTOMER_TYPE_SYNONYMS.values()) == set(CUSTOMER_TYPES)
    assert set(CONSENT_SYNONYMS.values()) == set(CONSENT_VALUES)
    with pytest.raises(ValueError, match="not one of"):
        choice_table(("是", "否"), (("ok", "好"),))
    with pytest.raises(ValueError, match="two choices"):
        choice_table(("是", "否"), (("y", "是"), ("Y", "否")))


def test_repeated_values_are_parsed_once() -> None:
    assert parse_customer_type("企业客户") is parse_customer_type("企业客户")


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans()))
def test_never_raises(raw: object) -> None:
    for result in (parse_customer_type(raw), parse_consent(raw, language="en")):
        assert result.empty or result.value is not None or result.code is not None
