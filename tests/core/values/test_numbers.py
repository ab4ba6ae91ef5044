"""parse_amount and parse_count: money and counts as typed, and what is not a number."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.values.findings import EMPTY, IssueCode
from xlcrm.core.values.numbers import parse_amount, parse_count

AMOUNTS: list[tuple[object, float]] = [
    (1234, 1234.0),
    (1234.5, 1234.5),
    (0, 0.0),
    (Decimal("99.90"), 99.9),
    ("1234.50", 1234.5),
    ("1,234.50", 1234.5),
    ("1，234.5", 1234.5),
    ("1,234,567", 1234567.0),
    ("¥1,234", 1234.0),
    ("￥1234", 1234.0),
    ("¥ 1,234.00", 1234.0),
    ("1234元", 1234.0),
    ("1234.5 元", 1234.5),
    ("1,000元整", 1000.0),
    ("人民币500元", 500.0),
    ("RMB 1,234", 1234.0),
    ("rmb1234", 1234.0),
    ("CNY1234", 1234.0),
    ("1234 CNY", 1234.0),
    ("1.2万", 12000.0),
    ("12万", 120000.0),
    ("3千", 3000.0),
    ("1.5亿", 150000000.0),
    ("1万2千", 12000.0),
    ("1万2", 12000.0),
    ("1万2000", 12000.0),
    ("3千5", 3500.0),
    ("1.2万元", 12000.0),
    ("1.5k", 1500.0),
    ("2K", 2000.0),
    ("1.2w", 12000.0),
    ("１２３４", 1234.0),
    ("１，２３４．５０", 1234.5),
    ("  88  ", 88.0),
    ("+100", 100.0),
    ("1.2E+05", 120000.0),
    ("$1,234.56", 1234.56),
    ("HK$100", 100.0),
    ("USD 100", 100.0),
    ("€ 50", 50.0),
    ("12。5", 12.5),
    ("0.1", 0.1),
]


@pytest.mark.parametrize(("raw", "expected"), AMOUNTS)
def test_valid_amounts(raw: object, expected: float) -> None:
    result = parse_amount(raw)
    assert result.ok, result
    assert result.value == expected  # exact: 1.2万 is 12000.0, not 12000.000000000002
    assert type(result.value) is float
    assert result.fixable


@pytest.mark.parametrize(
    ("raw", "suggestion"), [(1234, None), (12.5, None), ("1234", 1234.0), ("¥1,234", 1234.0)]
)
def test_text_amounts_carry_the_plain_number(raw: object, suggestion: float | None) -> None:
    assert parse_amount(raw).suggestion == suggestion


NEGATIVE: list[tuple[object, float]] = [
    (-50, -50.0),
    (-0.5, -0.5),
    ("-1,234", -1234.0),
    ("(1,234)", -1234.0),
    ("（1,234.50）", -1234.5),
    ("¥-100", -100.0),
    ("-¥100", -100.0),
    ("1234-", -1234.0),
    ("−200", -200.0),
]


@pytest.mark.parametrize(("raw", "expected"), NEGATIVE)
def test_negative_amounts_are_warnings(raw: object, expected: float) -> None:
    result = parse_amount(raw)
    assert result.code is IssueCode.AMOUNT_NEGATIVE
    assert result.value == expected
    assert not result.fixable and result.suggestion is None


INVALID_AMOUNTS: list[tuple[object, str, float | None]] = [
    ("面议", "not a number", None),
    ("见合同", "not a number", None),
    ("see contract", "not a number", None),
    ("abc", "not a number", None),
    ("12abc", "not a number", None),
    ("1.2.3", "not a number", None),
    ("1000-2000", "not a number", None),
    ("10%", "not a number", None),
    ("¥", "not a number", None),
    ("+", "not a number", None),
    ("()", "not a number", None),
    ("1万3万", "not a number", None),
    ("1,2,3,4", "the thousands separators are misplaced", None),
    ("1234,50", "the thousands separators are misplaced", None),
    ("1.234,50", "not a number", None),  # a European decimal comma: not guessed
    ("约1000", "it is an approximation; enter the exact number", 1000.0),
    ("1000左右", "it is an approximation; enter the exact number", 1000.0),
    ("about 500", "it is an approximation; enter the exact number", 500.0),
    ("5万多", "it is an approximation; enter the exact number", 50000.0),
    (True, "not a number", None),
    (float("inf"), "not a finite number", None),
    (10**400, "not a finite number", None),
]


@pytest.mark.parametrize(("raw", "detail_en", "suggestion"), INVALID_AMOUNTS)
def test_invalid_amounts(raw: object, detail_en: str, suggestion: float | None) -> None:
    result = parse_amount(raw)
    assert result.code is IssueCode.AMOUNT_INVALID
    assert result.detail.en == detail_en and result.detail.zh
    assert result.suggestion == suggestion
    assert result.value is None and not result.fixable


@pytest.mark.parametrize("raw", [None, "", "待定", "无", "N/A", "-", float("nan")])
def test_blank_amounts(raw: object) -> None:
    assert parse_amount(raw) == EMPTY


COUNTS: list[tuple[object, int, bool]] = [  # raw, value, messy (text --fix rewrites)
    (3, 3, False),
    (0, 0, False),
    (3.0, 3, False),  # how Excel stores 3
    ("3", 3, True),
    ("3次", 3, True),
    ("3 次", 3, True),
    ("３", 3, True),
    ("1,200", 1200, True),
    ("3单", 3, True),
    ("5笔", 5, True),
    ("3 times", 3, True),
    ("12 orders", 12, True),
    ("3.0", 3, True),
    ("三次", 3, True),
    ("两次", 2, True),
    ("十二", 12, True),
    ("二十", 20, True),
    ("1万", 10000, True),
    (" 7 ", 7, True),
]


@pytest.mark.parametrize(("raw", "expected", "messy"), COUNTS)
def test_valid_counts(raw: object, expected: int, messy: bool) -> None:
    result = parse_count(raw)
    assert result.ok, result
    assert result.value == expected and type(result.value) is int
    assert result.suggestion == (expected if messy else None)
    assert result.fixable


BAD_COUNTS: list[tuple[object, IssueCode, str, int | None]] = [
    (3.5, IssueCode.COUNT_NOT_WHOLE, "", None),
    ("2.5次", IssueCode.COUNT_NOT_WHOLE, "", None),
    (-1, IssueCode.COUNT_INVALID, "a count cannot be negative", None),
    ("-3", IssueCode.COUNT_INVALID, "a count cannot be negative", None),
    ("abc", IssueCode.COUNT_INVALID, "not a number", None),
    ("很多", IssueCode.COUNT_INVALID, "not a number", None),
    ("+", IssueCode.COUNT_INVALID, "not a number", None),
    ("次", IssueCode.COUNT_INVALID, "not a number", None),
    (True, IssueCode.COUNT_INVALID, "not a number", None),
    ("¥3", IssueCode.COUNT_INVALID, "a count has no currency", None),
    ("约3", IssueCode.COUNT_INVALID, "it is an approximation; enter the exact number", 3),
    ("about 3", IssueCode.COUNT_INVALID, "it is an approximation; enter the exact number", 3),
    ("10次左右", IssueCode.COUNT_INVALID, "it is an approximation; enter the exact number", 10),
    (float("inf"), IssueCode.COUNT_INVALID, "not a finite number", None),
]


@pytest.mark.parametrize(("raw", "code", "detail_en", "suggestion"), BAD_COUNTS)
def test_bad_counts(raw: object, code: IssueCode, detail_en: str, suggestion: int | None) -> None:
    result = parse_count(raw)
    assert result.code is code
    assert result.detail.en == detail_en
    assert result.suggestion == suggestion
    assert result.value is None and not result.fixable


@pytest.mark.parametrize("raw", [None, "", "无", "待定", float("nan")])
def test_blank_counts(raw: object) -> None:
    assert parse_count(raw) == EMPTY


def test_numpy_and_pandas_values() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert parse_amount(np.float64(1.5)).value == 1.5
    assert parse_amount(np.int64(7)).value == 7.0
    assert parse_count(np.int64(7)).value == 7
    assert parse_count(np.float64(7.0)).value == 7
    assert parse_amount(pd.NA).empty and parse_count(pd.NA).empty


def test_repeated_values_are_parsed_once_and_kept_apart_by_type() -> None:
    assert parse_amount("¥9,876") is parse_amount("¥9,876")
    assert parse_count(1).ok
    assert parse_count(True).code is IssueCode.COUNT_INVALID  # True == 1, but not a count


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_formatted_amount_round_trip(x: float) -> None:
    text = f"{x:,.2f}"
    for form in (text, "¥" + text, text + "元"):
        result = parse_amount(form)
        assert result.value == float(text.replace(",", "")), form
        assert math.isclose(result.value, round(x, 2), abs_tol=0.006)


@given(st.one_of(st.text(), st.text(alphabet="0123456789,.-+()¥$元万千kK eE约"), st.floats()))
def test_never_raises(raw: object) -> None:
    for result in (parse_amount(raw), parse_count(raw)):
        assert result.empty or result.value is not None or result.code is not None


@given(st.integers(min_value=0))
def test_count_round_trip(n: int) -> None:
    assert parse_count(str(n)).value == n
    assert parse_count(n).value == n
