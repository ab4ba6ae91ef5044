"""parse_date: every form people and Excel write a date in, and what is wrong with the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.values.dates import EXCEL_EPOCH, parse_date, resolve_asof
from xlcrm.core.values.findings import EMPTY, IssueCode

D = dt.date
MARCH_5 = D(2026, 3, 5)


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


VALID: list[tuple[object, dt.date]] = [
    # cells
    (D(2026, 3, 5), MARCH_5),
    (dt.datetime(2026, 3, 5), MARCH_5),
    (dt.datetime(2026, 3, 5, 14, 30), MARCH_5),
    (dt.datetime(2026, 3, 5, 23, 59, 59), MARCH_5),
    # year first
    ("2026-03-05", MARCH_5),
    ("2026-3-5", MARCH_5),
    ("2026/3/5", MARCH_5),
    ("2026/03/05", MARCH_5),
    ("2026.3.5", MARCH_5),
    ("2026年3月5日", MARCH_5),
    ("2026年3月5号", MARCH_5),
    ("2026年03月05日", MARCH_5),
    (" 2026 年 3 月 5 日 ", MARCH_5),
    ("２０２６年３月５日", MARCH_5),
    ("２０２６－０３－０５", MARCH_5),
    ("2026／3／5", MARCH_5),
    ("2026年3月5日星期四", MARCH_5),
    ("2026-03-05(四)", MARCH_5),
    ("2024-02-29", D(2024, 2, 29)),
    # with a time of day
    ("2026-03-05 14:30", MARCH_5),
    ("2026/3/5 9:30:00", MARCH_5),
    ("2026/3/5 下午 02:30:00", MARCH_5),
    ("2026-03-05T14:30:00Z", MARCH_5),
    ("2026-03-05 00:00:00.000", MARCH_5),
    ("2026年3月5日 14时30分", MARCH_5),
    # compact and serial
    ("20260305", MARCH_5),
    (20260305, MARCH_5),
    (46086, MARCH_5),
    (46086.0, MARCH_5),
    (46086.75, MARCH_5),
    ("46086", MARCH_5),
    (18264, D(1950, 1, 1)),
    (73050, D(2099, 12, 31)),
    # day and month before a four-digit year, when only one order works
    ("13/3/2026", D(2026, 3, 13)),
    ("3/13/2026", D(2026, 3, 13)),
    ("31.12.2025", D(2025, 12, 31)),
    ("12-31-2025", D(2025, 12, 31)),
    ("5/5/2026", D(2026, 5, 5)),
    # two-digit years where one reading only is a date
    ("98-3-5", D(1998, 3, 5)),
    ("25/12/98", D(1998, 12, 25)),
    ("26年3月5日", MARCH_5),
    # month names
    ("5 Mar 2026", MARCH_5),
    ("05-Mar-26", MARCH_5),
    ("March 5, 2026", MARCH_5),
    ("Thursday, March 5, 2026", MARCH_5),
    ("5th March 2026", MARCH_5),
    ("Sept 30 2025", D(2025, 9, 30)),
    ("2026-Mar-05", MARCH_5),
    # Minguo years (Taiwan)
    ("民國115年3月5日", MARCH_5),
    ("民国99年1月1日", D(2010, 1, 1)),
    ("115/03/05", MARCH_5),
]


@pytest.mark.parametrize(("raw", "expected"), VALID)
def test_valid_dates(raw: object, expected: dt.date) -> None:
    result = parse_date(raw)
    assert result.ok, result
    assert result.value == expected
    assert type(result.value) is dt.date
    assert result.fixable


@pytest.mark.parametrize(
    ("raw", "messy"),
    [
        (D(2026, 3, 5), False),
        (dt.datetime(2026, 3, 5), False),  # what a date cell reads as
        (dt.datetime(2026, 3, 5, 9, 0), True),  # the time is dropped
        ("2026-03-05", True),  # text: --fix turns it into a date cell
        (46086, True),
    ],
)
def test_suggestion_marks_values_fix_would_change(raw: object, messy: bool) -> None:
    result = parse_date(raw)
    assert (result.suggestion == MARCH_5) if messy else (result.suggestion is None)


INVALID: list[tuple[object, str]] = [
    ("2026-13-01", "no such month"),
    ("2026年0月5日", "no such month"),
    ("13/13/2026", "no such month"),
    ("20261301", "no such month"),
    ("2026/2/30", "that month has no such day"),
    ("2025-02-29", "that month has no such day"),
    ("2026-04-31", "that month has no such day"),
    ("31/2/2026", "that month has no such day"),
    ("0000-01-01", "no such year"),
    ("2026-03-05 25:00", "no such time of day"),
    ("下周", "not a date"),
    ("abc", "not a date"),
    ("2026年", "not a date"),
    ("32 Foo 2026", "not a date"),
    (True, "not a date"),
    (dt.time(9, 30), "not a date"),
    ("2026-03", "the day is missing"),
    ("2026年3月", "the day is missing"),
    ("3月5日", "the year is missing"),
    ("3/5", "the year is missing"),
    (100, "the number is outside the date range (1950-2099)"),
    (2026, "the number is outside the date range (1950-2099)"),
    (18263, "the number is outside the date range (1950-2099)"),
    (73051, "the number is outside the date range (1950-2099)"),
    (-46086, "the number is outside the date range (1950-2099)"),
    (float("inf"), "the number is outside the date range (1950-2099)"),
    (10**400, "the number is outside the date range (1950-2099)"),
]


@pytest.mark.parametrize(("raw", "detail_en"), INVALID)
def test_invalid_dates(raw: object, detail_en: str) -> None:
    result = parse_date(raw)
    assert result.code is IssueCode.DATE_INVALID
    assert result.detail.en == detail_en
    assert result.detail.zh
    assert result.value is None and result.suggestion is None and not result.fixable


def test_invalid_detail_in_chinese() -> None:
    assert parse_date("2026-13-01").detail.zh == "月份不存在"
    assert parse_date("2026/2/30").detail.zh == "该月没有这一天"
    assert parse_date("下周").detail.zh == "不是日期"


AMBIGUOUS: list[tuple[str, set[str]]] = [
    ("3/5/2026", {"2026-03-05", "2026-05-03"}),
    ("03.05.2026", {"2026-03-05", "2026-05-03"}),
    ("12/11/2025", {"2025-12-11", "2025-11-12"}),
    ("26-3-5", {"2026-03-05", "2005-03-26"}),
    ("3/5/26", {"2026-03-05", "2026-05-03", "2003-05-26"}),
]


@pytest.mark.parametrize(("raw", "readings"), AMBIGUOUS)
def test_ambiguous_day_month(raw: str, readings: set[str]) -> None:
    result = parse_date(raw)
    assert result.code is IssueCode.DATE_AMBIGUOUS
    assert result.value is None and result.suggestion is None and not result.fixable
    assert all(r in result.detail.en and r in result.detail.zh for r in readings)


@pytest.mark.parametrize("raw", [None, "", "   ", "无", "N/A", "-", float("nan")])
def test_blank(raw: object) -> None:
    assert parse_date(raw) == EMPTY


def test_pandas_and_numpy_values() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert parse_date(pd.Timestamp("2026-03-05 10:00")).value == MARCH_5
    assert parse_date(np.int64(46086)).value == MARCH_5
    assert parse_date(np.float64(46086.5)).value == MARCH_5
    assert parse_date(pd.NaT).empty
    assert parse_date(pd.NA).empty


@pytest.mark.parametrize(
    ("raw", "with_asof", "code"),
    [
        ("2026-03-06", True, IssueCode.DATE_FUTURE),
        (D(2027, 1, 1), True, IssueCode.DATE_FUTURE),
        (46100, True, IssueCode.DATE_FUTURE),
        ("2026-03-05", True, None),  # today is not the future
        ("2026-03-04", True, None),
        ("2026-03-06", False, None),
    ],
)
def test_future(raw: object, with_asof: bool, code: IssueCode | None) -> None:
    result = parse_date(raw, asof=MARCH_5) if with_asof else parse_date(raw)
    assert result.code is code
    assert isinstance(result.value, dt.date)  # the date is kept either way
    if code is not None:
        assert not result.fixable and result.suggestion is None
        assert "2026-03-05" in result.detail.en


def test_asof_is_the_day_given_else_today() -> None:
    assert resolve_asof(MARCH_5) == MARCH_5
    assert resolve_asof(dt.datetime(2026, 3, 5, 23, 59)) == MARCH_5  # Excel's datetimes
    today = dt.date.today()
    assert resolve_asof() == resolve_asof("") == resolve_asof(None) == today
    tomorrow = today + dt.timedelta(days=1)
    assert parse_date(tomorrow, asof=resolve_asof()).code is IssueCode.DATE_FUTURE
    assert parse_date(today, asof=resolve_asof()).ok


def test_repeated_values_are_parsed_once() -> None:
    first = parse_date("2026年7月8日")
    assert parse_date("2026年7月8日") is first
    # equal in Python, different cells: the type is part of the cache key
    assert parse_date(46086).ok and parse_date(46086.0) is not parse_date(46086)


ANYTHING = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-/.年月日号: Tt"),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.booleans(),
    st.none(),
)


@given(ANYTHING)
def test_never_raises(raw: object) -> None:
    result = parse_date(raw, asof=MARCH_5)
    assert result.empty or result.value is not None or result.code is not None


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)))
def test_round_trip(day: dt.date) -> None:
    forms = (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        serial(day),
        float(serial(day)) + 0.5,
    )
    for form in forms:
        assert parse_date(form).value == day, form
