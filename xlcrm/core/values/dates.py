"""Dates as they arrive from Excel: date cells, serial numbers and text in many forms.

Valid, value a :class:`datetime.date`:
- date and datetime cells (a time of day is dropped: every date field is a day);
- year first: 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日 (or 5号), with spaces,
  full-width digits, a weekday (星期四) and a time (14:30, 下午 2:30:00, T14:30:00Z);
- 20260305 (eight digits, text or number) and Excel serial numbers from 1950 to 2099
  (days since 1899-12-30; a fraction is the time of day);
- day and month before a four-digit year when only one order works: 13/3/2026 is
  day-first, 3/13/2026 month-first, 5/5/2026 either; 3/5/2026 is DATE_AMBIGUOUS;
- month names: 5 Mar 2026, 05-Mar-26, March 5, 2026, Thursday, March 5, 2026;
- Taiwan's Minguo years: 民國115年3月5日, and 115/3/5 (a three-digit year is only that).

Two-digit years follow Excel: 00-29 are 2000-2029, 30-99 are 1930-1999. A numeric date
with one is read every way (y-m-d, d-m-y, m-d-y): when exactly one reading is a real date
it is valid (98-3-5 → 1998-03-05, 25/12/98 → 1998-12-25), when several are it is
DATE_AMBIGUOUS (26-3-5 could be 2026-03-05 or 2005-03-26), when none it is invalid. With
年 or a month name the year's place is known, so 26年3月5日 and 5-Mar-26 are valid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from xlcrm.core.values.findings import EMPTY, IssueCode, Parsed
from xlcrm.core.values.numbers import CACHE_SIZE, cached, is_missing, number_value
from xlcrm.text import Text

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0; Excel's fake 1900-02-29 is out of range
FIRST_DATE, LAST_DATE = dt.date(1950, 1, 1), dt.date(2099, 12, 31)
SERIAL_RANGE = ((FIRST_DATE - EXCEL_EPOCH).days, (LAST_DATE - EXCEL_EPOCH).days)
COMPACT_RANGE = (19000101, 20991231)  # 8-digit numbers read as yyyymmdd
TWO_DIGIT_PIVOT = 30  # Excel: 00-29 → 20xx, 30-99 → 19xx
MINGUO_OFFSET = 1911  # 民國 1 = 1912

DETAILS: dict[str, Text] = {
    "year": Text("年份不存在", "no such year"),
    "month": Text("月份不存在", "no such month"),
    "day": Text("该月没有这一天", "that month has no such day"),
    "time": Text("时间不存在", "no such time of day"),
    "text": Text("不是日期", "not a date"),
    "range": Text(
        "数字不在日期范围内（1950–2099）",
        "the number is outside the date range (1950-2099)",
    ),
    "no_year": Text("缺少年份", "the year is missing"),
    "no_day": Text("缺少日", "the day is missing"),
}

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip

_SEP = r"\s*[-/.]\s*"
_WORD_SEP = r"[\s\-/.,]*"
_ORDINAL = r"(?:st|nd|rd|th)?"
# A time after the date: a space or "t" before it, none needed after 日/号.
_TIME_TAIL = r"(?:(?:\s+|\s*t\s*|(?<=[日号號]))(?P<time>\S.*))?"


@dataclass(frozen=True)
class DateForm:
    """A way of writing a date: a pattern with parts a, b, c and how they may be read.

    A reading names the parts in order: "ymd" year-month-day, "dmy", "mdy"; "rmd" is a
    Minguo year, month, day.
    """

    pattern: re.Pattern[str]
    readings: tuple[str, ...]


def _form(pattern: str, *readings: str) -> DateForm:
    return DateForm(re.compile(pattern + _TIME_TAIL), readings)


DATE_FORMS: tuple[DateForm, ...] = (
    _form(rf"(?P<a>\d{{3,4}}){_SEP}(?P<b>\d{{1,2}}){_SEP}(?P<c>\d{{1,2}})", "ymd"),
    _form(r"(?P<a>\d{2,4})\s*年\s*(?P<b>\d{1,2})\s*月\s*(?P<c>\d{1,2})\s*[日号號]?", "ymd"),
    _form(
        r"民[国國]\s*(?P<a>\d{1,3})\s*(?:年|[-/.])\s*(?P<b>\d{1,2})\s*(?:月|[-/.])"
        r"\s*(?P<c>\d{1,2})\s*[日号號]?",
        "rmd",
    ),
    _form(rf"(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}}){_SEP}(?P<c>\d{{4}})", "dmy", "mdy"),
    _form(rf"(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}}){_SEP}(?P<c>\d{{1,2}})", "ymd", "dmy", "mdy"),
    _form(
        rf"(?P<a>\d{{1,2}}){_ORDINAL}{_WORD_SEP}(?P<b>[a-z]+){_WORD_SEP}(?P<c>\d{{4}}|\d{{2}})",
        "dmy",
    ),
    _form(
        rf"(?P<a>[a-z]+){_WORD_SEP}(?P<b>\d{{1,2}}){_ORDINAL}{_WORD_SEP}(?P<c>\d{{4}}|\d{{2}})",
        "mdy",
    ),
    _form(rf"(?P<a>\d{{4}}){_WORD_SEP}(?P<b>[a-z]+){_WORD_SEP}(?P<c>\d{{1,2}})", "ymd"),
)

# Half a date: said so, rather than "not a date".
PARTIAL_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*月?"), "no_day"),
    (re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号號]?|\d{1,2}\s*[-/]\s*\d{1,2}"), "no_year"),
)

_TIME = re.compile(
    r"(?P<ap>上午|下午|am|pm)?\s*(?P<h>\d{1,2})\s*[:时點点]\s*(?P<m>\d{1,2})\s*分?"
    r"(?:\s*:?\s*(?P<s>\d{1,2})(?:\.\d+)?\s*秒?)?\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)?"
    r"\s*(?:z|[+-]\d{2}:?\d{2})?"
)
_WEEKDAY = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\b\.?,?\s*"
    r"|\(?(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]\)?|\([一二三四五六日天]\)"
)
_SERIAL_TEXT = re.compile(r"\d{5,8}(?:\.\d+)?")  # 5 digits: a serial; 8: yyyymmdd
_SPACES = re.compile(r"\s+")


class _Bad(ValueError):
    """Not a date; ``args[0]`` is a key of DETAILS."""


def invalid(detail: str) -> Parsed:
    """DATE_INVALID with the detail ``detail`` (a key of DETAILS)."""
    return Parsed(code=IssueCode.DATE_INVALID, detail=DETAILS[detail])


def _year(text: str, *, minguo: bool) -> int:
    number = int(text)
    if minguo or len(text) == 3:  # no Gregorian year is written with three digits
        return number + MINGUO_OFFSET
    if len(text) <= 2:
        return number + (2000 if number < TWO_DIGIT_PIVOT else 1900)
    return number


def make_date(year: int, month: int, day: int) -> dt.date:
    """The date, or _Bad saying which part does not exist."""
    if not 1 <= year <= 9999:
        raise _Bad("year")
    if not 1 <= month <= 12:
        raise _Bad("month")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Bad("day") from None


def _month(text: str) -> str:
    """A month name as its number; anything else stays (and fails int() → not a date)."""
    return str(MONTHS[text]) if text in MONTHS else text


def _read(parts: dict[str, str], reading: str) -> dt.date:
    by_role = dict(zip(reading, (parts["a"], parts["b"], parts["c"]), strict=True))
    month = _month(by_role["m"])
    if not month.isdigit():
        raise _Bad("text")
    year = by_role["r"] if "r" in by_role else by_role["y"]
    return make_date(_year(year, minguo="r" in by_role), int(month), int(by_role["d"]))


def _check_time(text: str | None) -> None:
    if text is None:
        return
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise _Bad("text")
    hour, minute, second = (int(match[g] or 0) for g in ("h", "m", "s"))
    half_day = match["ap"] or match["ap2"]
    if hour > (12 if half_day else 23) or minute > 59 or second > 59:
        raise _Bad("time")


def _both_readings(dates: list[dt.date]) -> Parsed:
    isos = sorted({d.isoformat() for d in dates})
    return Parsed(
        code=IssueCode.DATE_AMBIGUOUS,
        detail=Text("可能是" + "或".join(isos), "could be " + " or ".join(isos)),
    )


def _from_form(form: DateForm, match: re.Match[str]) -> Parsed:
    """Every reading of the matched parts: one date → valid, several → ambiguous."""
    _check_time(match["time"])
    dates: list[dt.date] = []
    errors: list[str] = []
    for reading in form.readings:
        try:
            dates.append(_read(match.groupdict(), reading))
        except _Bad as bad:
            errors.append(bad.args[0])
    if not dates:
        raise _Bad(errors[0])
    if len(set(dates)) > 1:
        return _both_readings(dates)
    return Parsed(value=dates[0], suggestion=dates[0], fixable=True)


def from_number(raw: float) -> dt.date:
    """An 8-digit yyyymmdd or an Excel serial (the fraction is a time of day)."""
    try:
        number = float(raw)
    except OverflowError:  # an int too big for a float
        raise _Bad("range") from None
    if not math.isfinite(number):
        raise _Bad("range")
    if number == int(number) and COMPACT_RANGE[0] <= number <= COMPACT_RANGE[1]:
        whole = int(number)
        return make_date(whole // 10000, whole // 100 % 100, whole % 100)
    if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1] + 1:
        raise _Bad("range")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _fold(text: str) -> str:
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return _WEEKDAY.sub(" ", text).strip(" ,")


def _from_text(text: str) -> Parsed:
    folded = _fold(text)
    if _SERIAL_TEXT.fullmatch(folded):
        day = from_number(float(folded))
        return Parsed(value=day, suggestion=day, fixable=True)
    for form in DATE_FORMS:
        match = form.pattern.fullmatch(folded)
        if match is not None:
            return _from_form(form, match)
    for pattern, detail in PARTIAL_FORMS:
        if pattern.fullmatch(folded):
            raise _Bad(detail)
    raise _Bad("text")


@lru_cache(maxsize=CACHE_SIZE)
def _parse(kind: type, raw: object) -> Parsed:
    """Everything but the future check, which depends on the day it runs."""
    if is_missing(raw):
        return EMPTY
    try:
        if isinstance(raw, dt.datetime):  # before date: a datetime is a date too
            messy = raw.time() != dt.time(0)
            return Parsed(value=raw.date(), suggestion=raw.date() if messy else None, fixable=True)
        if isinstance(raw, dt.date):
            return Parsed(value=raw, fixable=True)
        number = number_value(raw)
        if number is not None:
            day = from_number(number)
            return Parsed(value=day, suggestion=day, fixable=True)
        if isinstance(raw, str):
            return _from_text(raw)
        raise _Bad("text")
    except _Bad as bad:
        return invalid(bad.args[0])


def parse_date(raw: object, *, asof: dt.date | None = None) -> Parsed:
    """A date cell, serial or date text as a :class:`datetime.date`.

    Given ``asof`` (the day that counts as today), a later date is DATE_FUTURE: the value
    is kept, and nothing is fixed (a person must say which date was meant).
    """
    result = cached(_parse, raw)
    day = result.value
    if asof is None or not isinstance(day, dt.date) or day <= asof:
        return result
    return Parsed(
        value=day,
        code=IssueCode.DATE_FUTURE,
        detail=Text("晚于{day}", "after {day}").format(day=asof.isoformat()),
    )


def resolve_asof(asof: object = None) -> dt.date:
    """The day that counts as today: ``asof`` when it is a date, else the clock's today.

    The one place xlcrm reads the clock for it: actions through ``AsofOptions.today``, the
    cell functions (whose date argument is optional) directly. Excel hands cell functions
    datetimes; their day counts.
    """
    if isinstance(asof, dt.datetime):
        return asof.date()
    return asof if isinstance(asof, dt.date) else dt.date.today()
