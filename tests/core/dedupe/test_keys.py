"""Match keys: tables of spellings that must share a key or not, and property tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.address import address_region
from xlcrm.core.dedupe.company import company_aliases, company_parts, romanised_key
from xlcrm.core.dedupe.person import birth_date_key, gender_from_name, gender_key, surname

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


# The ways issue 14 found one place written: 省/市 omitted, 號, 栋/幢/座, 6-1403, F/楼/层.
SAME_ADDRESS = [
    ("浙江省杭州市西湖区文三路88号锦园3-502", "杭州市西湖区文三路88號锦园3栋502室"),
    ("浙江省杭州市西湖区文三路88号", "杭州西湖区文三路88号"),
    ("北京市朝阳区建国路1号6-1403", "朝阳区建国路1号6栋1403室"),
    ("朝阳区建国路1号6幢1403", "朝阳区建国路1号6座1403室"),
    ("朝阳区建国路1号6#1403", "朝阳区建国路1号6号楼1403"),
    ("上海市浦东新区世纪大道１００号", "上海浦东新区世纪大道100号"),
    ("深圳市南山区科技园5F", "深圳南山区科技园5楼"),
    ("深圳市南山区科技园5层", "深圳市南山区科技园5F"),
    ("杭州市西湖区文三路88号3栋2单元502室", "杭州市西湖区文三路88号3-2-502"),
]
DIFFERENT_ADDRESS = [
    ("杭州市西湖区文三路88号锦园3-502", "杭州市西湖区文三路88号锦园3-503"),
    ("杭州市西湖区文三路88号", "杭州市西湖区文三路89号"),
    ("朝阳区建国路1号6栋1403室", "朝阳区建国路1号16栋403室"),
]


@pytest.mark.parametrize(("a", "b"), SAME_ADDRESS)
def test_one_address_written_many_ways_has_one_key(a: str, b: str) -> None:
    assert mk.address_key(a) == mk.address_key(b) != ""


@pytest.mark.parametrize(("a", "b"), DIFFERENT_ADDRESS)
def test_different_flats_keep_different_keys(a: str, b: str) -> None:
    assert mk.address_key(a) != mk.address_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州恒达机械有限公司", "杭州 恒达机械有限公司"),  # a space after the city
        ("恒达机械(杭州)有限公司", "杭州市恒达机械有限公司"),  # the city in brackets or before
        ("恒信(上海)贸易有限公司", "恒信（上海）贸易有限公司"),  # brackets of either width
        ("恒达机械有限公司", "恒达机械有限责任公司"),
        ("恒达机械股份有限公司", "恒达机械有限公司"),
        ("Hangzhou Hengda Machinery Co., Ltd.", "Hengda Machinery"),
    ],
)
def test_company_variants_from_issue_14_share_a_key(a: str, b: str) -> None:
    assert mk.company_key(a) == mk.company_key(b) != ""


@pytest.mark.parametrize(
    ("raw", "key", "places", "branch"),
    [
        ("华创科技有限公司北京分公司", "华创科技", (), "北京"),
        ("华创科技(徐汇店)", "华创科技", (), "徐汇"),
        ("恒信餐饮管理有限公司浦东新区店", "恒信餐饮管理", (), "浦东"),
        ("恒信餐饮管理有限公司江宁办事处", "恒信餐饮管理", (), "江宁"),
        ("杭州恒达机械有限公司", "恒达机械", ("杭州",), ""),
        ("好再来饭店", "好再来饭店", (), ""),  # 饭店 is no branch
    ],
)
def test_company_parts_tell_branches_and_places(
    raw: str, key: str, places: tuple[str, ...], branch: str
) -> None:
    parts = company_parts(raw)
    assert (parts.key, parts.places, parts.branch) == (key, places, branch)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州恒达机械有限公司", "Hangzhou Hengda Machinery Co., Ltd."),
        ("恒达机械设备有限公司", "Hengda Machinery Limited"),
        ("华创科技有限公司", "Huachuang Technology Co., Ltd"),
    ],
)
def test_romanised_key_meets_a_company_written_in_english(a: str, b: str) -> None:
    assert romanised_key(a) == romanised_key(b) != ""


def test_a_cell_with_both_names_teaches_the_alias() -> None:
    cells = ["恒达机械有限公司 (Hengda Machinery Co., Ltd.)", "华创科技", "Acme Ltd"]
    assert company_aliases(cells) == {"hengdamachinery": "恒达机械"}


@pytest.mark.parametrize(
    ("raw", "key"),
    [("浙江", "浙江"), ("浙江省", "浙江"), ("Zhejiang", "浙江"), ("Zhejiang Province", "浙江"),
     ("广西壮族自治区", "广西"), ("上海市", "上海"), ("Inner Mongolia", "内蒙古"), ("", "")],
)  # fmt: skip
def test_region_key_reads_a_region_any_way(raw: str, key: str) -> None:
    assert mk.region_key(raw) == key


def test_a_blank_region_is_read_from_the_address() -> None:
    assert address_region("浙江省杭州市西湖区文三路1号") == "浙江"
    assert address_region("杭州市西湖区文三路1号") == "浙江"
    assert address_region("文三路1号") == ""


@pytest.mark.parametrize(
    ("name", "family", "gender"),
    [("张伟", "张", ""), ("张先生", "张", "m"), ("王女士", "王", "f"), ("欧阳娜娜", "欧阳", ""),
     ("John Smith", "smith", ""), ("Smith, John", "smith", ""), ("Ms. Lee", "lee", "f"),
     ("李总", "李", "")],
)  # fmt: skip
def test_surname_and_gender_from_a_name(name: str, family: str, gender: str) -> None:
    assert (surname(name), gender_from_name(name)) == (family, gender)


@pytest.mark.parametrize(
    ("raw", "key"),
    [("男", "m"), ("女性", "f"), ("F", "f"), ("Male", "m"), ("未知", ""), (None, "")],
)
def test_gender_key(raw: object, key: str) -> None:
    assert gender_key(raw) == key


@pytest.mark.parametrize(
    "raw", ["1985-03-07", "1985/3/7", "1985年3月7日", "19850307", dt.date(1985, 3, 7),
            dt.datetime(1985, 3, 7)],
)  # fmt: skip
def test_birth_date_key_reads_the_ways_dates_are_typed(raw: object) -> None:
    assert birth_date_key(raw) == "1985-03-07"


@pytest.mark.parametrize(
    ("raw", "typed", "role"),
    [("ZhaoLiu@QQ.con ", "zhaoliu@qq.con", False), ("info@hengda.com", "info@hengda.com", True),
     ("sales2@x.cn", "sales2@x.cn", True), ("no at sign", "", False)],
)  # fmt: skip
def test_typed_email_key_keeps_the_domain_as_typed(raw: str, typed: str, role: bool) -> None:
    assert mk.typed_email_key(raw) == typed
    assert mk.is_role_mailbox(mk.email_key(raw) or typed) is role


def test_hotlines_and_mobiles_are_told_apart() -> None:
    assert mk.is_hotline(mk.phone_key("400-800-1234")) and not mk.is_hotline("+8613800138000")
    assert mk.is_mobile("+8613800138000") and not mk.is_mobile("+861012345678")


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
