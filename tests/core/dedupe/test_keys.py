"""Match keys: tables of spellings that must share a key or not, and property tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.core.dedupe import keys as mk

SAME_NAME = [
    ("陈伟", "陳偉"),  # traditional / simplified
    ("张伟", "张 伟"),  # a space typed between
    ("张伟", "张伟先生"),  # a courtesy title
    ("王芳", "王芳女士"),
    ("刘洋", "刘洋经理"),
    ("John Smith", "Ｊｏｈｎ Ｓｍｉｔｈ"),  # full-width
    ("John Smith", "JOHN  SMITH"),
    ("John Smith", "Smith, John"),  # word order
    ("John Smith", "Mr. John Smith"),
]
DIFFERENT_NAME = [
    ("张伟", "张玮"),  # homophones: only the pinyin key agrees
    ("张伟", "张伟华"),
    ("John Smith", "Jane Smith"),
]


@pytest.mark.parametrize(("a", "b"), SAME_NAME)
def test_spellings_of_one_name_share_the_name_key(a: str, b: str) -> None:
    assert mk.name_key(a) == mk.name_key(b) != ""


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAME)
def test_different_names_have_different_keys(a: str, b: str) -> None:
    assert mk.name_key(a) != mk.name_key(b)


@pytest.mark.parametrize("title_only", ["张先生", "李总", "王女士", "Ms. Armstrong", "Mr Lee"])
def test_a_surname_with_a_title_says_nothing(title_only: str) -> None:
    # 张先生 and 张女士 are two people: neither key may claim a name
    assert mk.name_key(title_only) == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [("陈伟华", "Chen Weihua"), ("陈伟华", "Weihua Chen"), ("张伟", "张玮"), ("陳偉", "Chen Wei")],
)
def test_pinyin_key_meets_across_scripts_and_homophones(a: str, b: str) -> None:
    assert mk.pinyin_key(a) == mk.pinyin_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("北京华创科技有限公司", "华创科技"),
        ("华创科技（北京）有限公司", "华创科技有限公司"),
        ("华创科技(北京)有限公司", "北京市华创科技股份有限公司"),
        ("深圳市华创科技有限责任公司", "华创科技集团"),
        ("華創科技有限公司", "华创科技"),
        ("Acme Trading Co., Ltd.", "ACME Trading"),
        ("Acme Trading Inc.", "Acme Trading LLC"),
        ("Müller Maschinen GmbH", "Müller Maschinen"),
        ("Ｈｕａｃｈｕａｎｇ Ｌｉｍｉｔｅｄ", "Huachuang"),
    ],
)
def test_company_key_drops_legal_form_and_place(a: str, b: str) -> None:
    assert mk.company_key(a) == mk.company_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [("华创科技有限公司", "华为科技有限公司"), ("Acme Trading Ltd", "Acme Foods Ltd")],
)
def test_company_key_keeps_the_name_itself(a: str, b: str) -> None:
    assert mk.company_key(a) != mk.company_key(b)


def test_company_key_parts_say_what_was_removed() -> None:
    key, removed = mk.company_key_parts("华创科技（北京）有限公司")
    assert key == "华创科技"
    assert set(removed) == {"(北京)", "有限公司"}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("(86)13800138000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),
        (13800138000, "+8613800138000"),
        (13800138000.0, "+8613800138000"),
        ("010-12345678", "+861012345678"),
        ("+852 6886 3129", "+85268863129"),
        ("手机：13800138000", "+8613800138000"),  # through parse_phone
        ("13800138000/13900139000", "+8613800138000"),  # several: the first
        ("12345", ""),
        ("无", ""),
        (None, ""),
    ],
)
def test_phone_key_is_e164(raw: object, key: str) -> None:
    assert mk.phone_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Zhang.Wei@QQ.com", "zhang.wei@qq.com"),
        (" zhang@qq.com ", "zhang@qq.com"),
        ("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com"),
        ("zhang@qq.con", "zhang@qq.com"),  # a mistyped common domain
        ("not an email", ""),
        ("N/A", ""),
        (None, ""),
    ],
)
def test_email_key_is_the_lower_cased_address(raw: object, key: str) -> None:
    assert mk.email_key(raw) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Flat F, 28/F, 213 Argyle Street", "Rm F, 28/F, 213 Argyle St"),
        ("北京市朝阳區和平路390號", "北京市朝阳区和平路390号"),
    ],
)
def test_address_key_reads_abbreviations_and_traditional_alike(a: str, b: str) -> None:
    assert mk.address_key(a) == mk.address_key(b)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        (2119.0, "2119"),
        (dt.date(1956, 4, 9), "1956-04-09"),
        (dt.datetime(1956, 4, 9), "1956-04-09"),
        ("  ＡＢＣ  def ", "abc def"),
        ("暂无", ""),
        (float("nan"), ""),
    ],
)
def test_fold_reads_cells_as_typed(raw: object, folded: str) -> None:
    assert mk.fold(raw) == folded


def test_column_keys_computes_each_value_once_and_blanks_as_empty() -> None:
    column = pd.Series(["陳偉", None, "陈伟", "陳偉"], index=[5, 6, 7, 8])
    assert list(mk.column_keys(column, mk.name_key, text=True)) == ["陈伟", "", "陈伟", "陈伟"]


# Properties: every key is a fixed point of itself and blind to width and case.

_TEXT = st.text(
    alphabet=st.sampled_from(list("张伟陳偉華创科技有限公司北京(（)）先生 abcXYZ.,-12３４５Ａｂ@")),
    max_size=16,
)
_KEYS = [mk.generic_key, mk.name_key, mk.company_key, mk.address_key]


@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_keys_are_idempotent(text: str) -> None:
    for key in _KEYS:
        once = key(text)
        assert key(once) == once, key.__name__


@settings(max_examples=150, deadline=None)
@given(text=_TEXT)
def test_keys_ignore_width_and_case(text: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    for key in [*_KEYS, mk.pinyin_key]:
        assert key(full_width) == key(text) == key(text.upper()), key.__name__


@settings(max_examples=100, deadline=None)
@given(digits=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_phone_key_ignores_how_a_mobile_is_typed(digits: str) -> None:
    spaced = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in digits)
    assert mk.phone_key(spaced) == mk.phone_key(full_width) == mk.phone_key(int(digits))
    assert mk.phone_key(digits) == "+86" + digits
