"""Phone rules: tables of raw cell -> outcome, region conflicts, and properties."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.core.values.findings import EMPTY, IssueCode, Severity
from xlcrm.core.values.phone_regions import phone_region_conflict
from xlcrm.core.values.phones import parse_phone
from xlcrm.text import Text

# Messy but valid: the E.164 form, no issue, and --fix may write it.
VALID = [
    ("13800138000", "+8613800138000"),
    ("138 0013 8000", "+8613800138000"),
    ("138  0013  8000", "+8613800138000"),
    ("138-0013-8000", "+8613800138000"),
    ("138.0013.8000", "+8613800138000"),
    ("(+86)13800138000", "+8613800138000"),
    ("(86) 13800138000", "+8613800138000"),
    ("（+86）138 0013 8000", "+8613800138000"),
    ("+86 138 0013 8000", "+8613800138000"),
    ("+86-13800138000", "+8613800138000"),
    ("0086 13800138000", "+8613800138000"),
    ("0086-138-0013-8000", "+8613800138000"),
    ("8613800138000", "+8613800138000"),
    ("86 13800138000", "+8613800138000"),
    ("86-13800138000", "+8613800138000"),
    ("013800138000", "+8613800138000"),  # a trunk 0 before a mobile
    ("１３８００１３８０００", "+8613800138000"),
    ("１３８－００１３－８０００", "+8613800138000"),
    (" 13800138000\u00a0", "+8613800138000"),
    ("\u200b13800138000", "+8613800138000"),
    ("手机：13800138000", "+8613800138000"),
    ("Tel: +86 10 1234 5678", "+861012345678"),
    ("13800138000/", "+8613800138000"),
    ("13800138000.0", "+8613800138000"),  # a CSV round trip
    ("13,800,138,000", "+8613800138000"),  # a number shown with thousands separators
    (13800138000, "+8613800138000"),
    (13800138000.0, "+8613800138000"),
    (1.3800138e10, "+8613800138000"),
    ("19912345678", "+8619912345678"),
    ("010-12345678", "+861012345678"),
    ("01012345678", "+861012345678"),
    (1012345678, "+861012345678"),  # Excel dropped the area code's 0
    ("(010)12345678", "+861012345678"),
    ("021-6234 5678", "+862162345678"),
    ("0755-88888888", "+8675588888888"),
    ("(0755)8888-8888", "+8675588888888"),
    ("（0755）8888-8888", "+8675588888888"),
    ("0755 8888 8888", "+8675588888888"),
    ("+86 (0)755 8888 8888", "+8675588888888"),
    ("860755 88888888", "+8675588888888"),
    ("0851-85123456", "+8685185123456"),
    ("400-800-8888", "+864008008888"),
    ("010-12345678 转 123", "+861012345678 ext. 123"),
    ("010-12345678转123", "+861012345678 ext. 123"),
    ("010-12345678 分机 8", "+861012345678 ext. 8"),
    ("010-12345678 ext. 12", "+861012345678 ext. 12"),
    ("010-12345678 Ext 12", "+861012345678 ext. 12"),
    ("010-12345678#12", "+861012345678 ext. 12"),
    ("010-12345678 x12", "+861012345678 ext. 12"),
    ("0755-88888888-8001", "+8675588888888 ext. 8001"),
    ("+852 5123 4567", "+85251234567"),
    ("+852 2123 4567", "+85221234567"),
    ("852 5123 4567", "+85251234567"),  # country code typed without + or 00
    ("00852-51234567", "+85251234567"),
    ("+886 912 345 678", "+886912345678"),
    ("+886 2 2345 6789", "+886223456789"),
    ("+1 415-555-2671", "+14155552671"),
    ("+1 (212) 555-0100", "+12125550100"),
    ("+44 20 7946 0958", "+442079460958"),
    ("+44 7911 123456", "+447911123456"),
]


@pytest.mark.parametrize(("raw", "e164"), VALID)
def test_messy_but_valid_numbers_become_e164(raw: object, e164: str) -> None:
    result = parse_phone(raw)
    assert (result.value, result.code, result.fixable, result.empty) == (e164, None, True, False)


STYLED = [
    ("13800138000", "national", "138 0013 8000"),
    ("13800138000", "international", "+86 138 0013 8000"),
    ("010-12345678", "national", "010 1234 5678"),
    ("(0755)8888-8888", "international", "+86 755 8888 8888"),
    ("010-12345678 转 123", "national", "010 1234 5678 ext. 123"),
    ("+852 5123 4567", "national", "+852 5123 4567"),  # foreign: never in national form
    ("+1 415-555-2671", "international", "+1 415-555-2671"),
]


@pytest.mark.parametrize(("raw", "style", "formatted"), STYLED)
def test_styles(raw: str, style: str, formatted: str) -> None:
    assert parse_phone(raw, style=style).value == formatted


REGIONS = [
    ("HK", "5123 4567", "+85251234567"),
    ("HK", "2123-4567", "+85221234567"),
    ("HK", "13800138000", "+8613800138000"),  # a mainland mobile in a Hong Kong list
    ("HK", "86 13800138000", "+8613800138000"),
    ("HK", "+86 10 1234 5678", "+861012345678"),
    ("TW", "0912 345 678", "+886912345678"),
    ("US", "(415) 555-2671", "+14155552671"),
    ("US", "860-234-5678", "+18602345678"),  # starts with 86 but is a valid US number
    ("hk", "51234567", "+85251234567"),
]


@pytest.mark.parametrize(("region", "raw", "e164"), REGIONS)
def test_default_region(region: str, raw: str, e164: str) -> None:
    result = parse_phone(raw, region=region)
    assert (result.value, result.code) == (e164, None)


def test_national_style_in_a_hong_kong_list() -> None:
    assert parse_phone("51234567", region="HK", style="national").value == "5123 4567"
    assert parse_phone("13800138000", region="HK", style="national").value == "+86 138 0013 8000"


@pytest.mark.parametrize(
    "raw",
    [
        "无",
        "暂无",
        "-",
        "--",
        "N/A",
        "n/a",
        "空",
        "/",
        "未知",
        "",
        "   ",
        None,
        float("nan"),
        pd.NA,
        pd.NaT,
    ],
)
def test_placeholders_are_empty_not_invalid(raw: object) -> None:
    assert parse_phone(raw) == EMPTY


INVALID = [
    ("12012345678", "号段不存在", "no such number range"),
    ("11012345678", "号段不存在", "no such number range"),
    ("1380013800", "位数太少", "too few digits"),
    ("138001380", "位数太少", "too few digits"),
    ("138001380001", "位数太多", "too many digits"),
    ("1380013800012", "位数太多", "too many digits"),
    ("010-1234567", "位数太少", "too few digits"),
    ("0755-2914005", "位数太少", "too few digits"),  # Shenzhen numbers have 8 digits
    ("0592-36041190", "位数太多", "too many digits"),  # Xiamen numbers have 7
    ("+852 5123 456", "位数太少", "too few digits"),
    ("+1 328-375-8781", "号段不存在", "no such number range"),  # no area code 328
    ("88888888", "缺少区号", "the area code is missing"),
    ("12345", "位数太少", "too few digits"),
    ("+999 12345678", "国家代码不存在", "no such country code"),
    ("abc", "含有字母", "it contains letters"),
    ("138abcd8000", "含有字母", "it contains letters"),
    ("1-800-FLOWERS", "含有字母", "it contains letters"),  # no keypad letters in a customer list
    ("联系不上", "含有文字", "it contains text"),
    ("138****8000", "部分数字被 * 隐藏", "some digits are hidden by *"),
    (
        "1.38001E+10",
        "是科学计数法，数字可能已丢失",
        "it is in scientific notation; digits may be lost",
    ),
    (138001380.5, "带有小数", "it has a decimal fraction"),
    (-13800138000, "是负数", "it is negative"),
    (True, "是真/假值，不是号码", "it is TRUE/FALSE, not a number"),
    (dt.date(2024, 3, 1), "是日期，不是号码", "it is a date, not a number"),
    (dt.datetime(2024, 3, 1, 9, 30), "是日期，不是号码", "it is a date, not a number"),
    (float("inf"), "不是电话号码", "it is not a phone number"),
    ("13800138000-12", "位数太多", "too many digits"),  # a mobile has no dash extension
]


@pytest.mark.parametrize(("raw", "zh", "en"), INVALID)
def test_invalid_numbers_say_why(raw: object, zh: str, en: str) -> None:
    result = parse_phone(raw)
    assert result.code is IssueCode.PHONE_INVALID
    assert result.severity is Severity.ERROR
    assert (result.detail.zh, result.detail.en) == (zh, en)
    assert (result.value, result.fixable) == (None, False)


SUGGESTED = [
    ("138OO138000", "+8613800138000"),  # letter O for zero
    ("1380013800O", "+8613800138000"),
    ("l3800138000", "+8613800138000"),  # letter l for one
    ("ｌ３８００１３８０００", "+8613800138000"),  # and in full width
    ("13800138000（微信同号）", "+8613800138000"),
    ("13800138000 张经理", "+8613800138000"),
]


@pytest.mark.parametrize(("raw", "suggestion"), SUGGESTED)
def test_invalid_with_one_obvious_fix_suggests_it(raw: str, suggestion: str) -> None:
    result = parse_phone(raw)
    assert result.code is IssueCode.PHONE_INVALID
    assert (result.suggestion, result.fixable) == (suggestion, False)


MULTIPLE = [
    ("13800138000/13900139000", "+8613800138000"),
    ("13800138000 / 13900139000", "+8613800138000"),
    ("13800138000、13900139000", "+8613800138000"),
    ("13800138000；13900139000", "+8613800138000"),
    ("13800138000,13900139000", "+8613800138000"),
    ("13800138000\n010-12345678", "+8613800138000"),
    ("13800138000 13900139000", "+8613800138000"),
    ("010-12345678/87654321", "+861012345678"),
    ("123/13900139000", "+8613900139000"),  # the first *valid* one
]


@pytest.mark.parametrize(("raw", "suggestion"), MULTIPLE)
def test_several_numbers_in_a_cell(raw: str, suggestion: str) -> None:
    result = parse_phone(raw)
    assert result.code is IssueCode.PHONE_MULTIPLE
    assert result.severity is Severity.WARNING
    assert (result.suggestion, result.fixable) == (suggestion, False)


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="E164"):
        parse_phone("13800138000", style="e.164")


def test_numpy_values_are_read_like_python_ones() -> None:
    np = pytest.importorskip("numpy")
    assert parse_phone(np.int64(13800138000)).value == "+8613800138000"
    assert parse_phone(np.float64(13800138000.0)).value == "+8613800138000"
    assert parse_phone(np.float64("nan")) == EMPTY


def test_repeated_values_are_cached() -> None:
    first = parse_phone("139 0013 9000")
    assert parse_phone("139 0013 9000") is first
    assert parse_phone(13900139000) is not first  # an int cell is a different key


CONFLICTS = [
    ("+861012345678", "广东", Text("北京市", "Beijing")),
    ("+861012345678", "北京", None),
    ("+861012345678", "北京市", None),
    ("+861012345678", "Beijing", None),
    ("+861012345678", "BEIJING", None),
    ("+861012345678", "BJ", None),
    ("+861012345678", "上海市", Text("北京市", "Beijing")),
    ("+861012345678", "海外", Text("北京市", "Beijing")),
    ("+861012345678", "", None),
    ("+861012345678", None, None),
    ("+861012345678", float("nan"), None),
    ("+861012345678", "深圳", None),  # a city: unknown province, so no claim
    ("+861012345678", "华北", None),
    ("+861012345678 ext. 12", "广东", Text("北京市", "Beijing")),
    ("+8675588888888", "广东", None),
    ("+8675588888888", "广东省", None),
    ("+8675588888888", "Guangdong Province", None),
    ("+8675588888888", "北京", Text("广东省深圳市", "Shenzhen, Guangdong")),
    ("+864712345678", "内蒙古自治区", None),
    ("+864712345678", "Inner Mongolia", None),
    ("+8677112345678", "广西", None),
    ("+8613800138000", "广东", None),  # mobiles never conflict
    ("+8613800138000", "海外", None),
    ("+864008008888", "上海", None),  # a 400 number belongs nowhere
    ("+85221234567", "香港", None),
    ("+85221234567", "Hong Kong", None),
    ("+85221234567", "香港特别行政区", None),
    ("+85221234567", "广东", Text("香港", "Hong Kong")),
    ("+85251234567", "广东", None),  # a Hong Kong mobile
    ("+886223456789", "台湾", None),
    ("+886223456789", "TW", None),
    ("+886223456789", "福建", Text("台北", "Taipei, Taiwan")),
    ("+12125550100", "海外", None),
    ("+12125550100", "北京", None),  # a US number may be a mobile
    ("+442079460958", "海外", None),
    ("+442079460958", "Overseas", None),
    ("+442079460958", "北京", Text("英国", "London, United Kingdom")),
    ("not a number", "北京", None),
]


@pytest.mark.parametrize(("value", "row_region", "conflict"), CONFLICTS)
def test_region_conflicts(value: str, row_region: object, conflict: object) -> None:
    assert phone_region_conflict(value, row_region) == conflict


def test_region_conflict_reads_national_forms_in_the_default_region() -> None:
    assert phone_region_conflict("010 1234 5678", "上海") == Text("北京市", "Beijing")
    assert phone_region_conflict("2123 4567", "北京", region="HK") == Text("香港", "Hong Kong")
    assert phone_region_conflict("2123 4567", "香港", region="HK") is None


# --- properties ---------------------------------------------------------------------

cells = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 +-()./、转ext#xO０１２３８６\n", max_size=30),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.dates(),
)
mainland = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
E164 = re.compile(r"\+[1-9]\d{6,14}(?: ext\. \d+)?")


@settings(max_examples=400, deadline=None)
@given(cells)
def test_parse_phone_never_raises(raw: object) -> None:
    result = parse_phone(raw)
    assert result.ok or result.value is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(cells, mainland), st.sampled_from(["E164", "national", "international"]))
def test_parse_phone_is_idempotent(raw: object, style: str) -> None:
    first = parse_phone(raw, style=style)
    if first.ok and first.value is not None:
        assert parse_phone(first.value, style=style).value == first.value


@settings(max_examples=300, deadline=None)
@given(st.one_of(cells, mainland, mainland.map(int)))
def test_e164_is_plus_and_digits(raw: object) -> None:
    result = parse_phone(raw)
    if result.ok and result.value is not None:
        assert E164.fullmatch(str(result.value))


@settings(max_examples=200, deadline=None)
@given(mainland, st.sampled_from([" ", "-", ".", ""]), st.sampled_from(["", "+86", "0086", "86"]))
def test_any_spelling_of_a_mobile_gives_the_same_number(digits: str, sep: str, cc: str) -> None:
    typed = cc + sep + sep.join((digits[:3], digits[3:7], digits[7:]))
    assert parse_phone(typed).value == parse_phone(digits).value


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=25), st.from_regex(r"\+86[1-9][0-9]{9,10}", fullmatch=True)),
    st.one_of(
        st.text(max_size=10), st.sampled_from(["北京", "广东省", "Hong Kong", "海外"]), st.none()
    ),
)
def test_region_conflict_never_raises(value: str, row_region: object) -> None:
    conflict = phone_region_conflict(value, row_region)
    assert conflict is None or all(
        isinstance(part, str) and part for part in (conflict.zh, conflict.en)
    )
