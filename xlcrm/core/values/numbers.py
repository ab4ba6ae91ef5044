"""Amounts of money and purchase counts, as office staff type them.

Valid amounts: numeric cells; text with ¥/￥/元/RMB/CNY (or $, HK$, USD, € ...), thousands
separators (1,234.50; the full-width ， too), full-width digits, 万/千/亿/百 and k/w/m
multipliers (1.2万, 3千, 1万2千, 1.5k), accounting negatives "(1,234)" and a trailing minus
"1234-" (SAP-style exports). The value is the float of the decimal as written: parsed with
:class:`~decimal.Decimal` so 1.2万 is exactly 12000.0 and not 12000.000000000002; nothing is
rounded. A currency mark is only stripped, never converted: offline there is no rate, and
an English workbook's "$" is its home currency.

Counts are whole, non-negative numbers; "3次", "3 orders", "1,200" and 3.0 are valid.

Also here, because every parser needs them: :func:`number_value` (the number in a
numeric cell, numpy and Decimal included) and :func:`is_missing` (blank, placeholder,
NaN, pandas NA/NaT), plus :func:`cached`, the cache all parsers share.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from xlcrm.core.values.findings import EMPTY, IssueCode, Parsed, is_blank
from xlcrm.text import Text

CACHE_SIZE = 1 << 17  # distinct values kept per parser: more than a sheet's distinct dates

# Longest first, so "hk$" wins over "$" and "元整" over "元".
CURRENCIES = tuple(sorted(
    ("人民币", "rmb", "cny", "¥", "元整", "元", "块钱", "块", "圆", "us$", "usd", "hk$",
     "hkd", "nt$", "ntd", "twd", "mop", "$", "€", "eur", "£", "gbp"),
    key=len, reverse=True,
))  # fmt: skip
COUNT_UNITS = ("次", "单", "笔", "件", "个", "回", "份", "times", "time", "orders", "order")
MULTIPLIERS: dict[str, int] = {
    "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3, "百": 100,
    "m": 10**6, "w": 10**4, "k": 10**3,  # 1.5m, 1.2w (万 in chat shorthand), 2k
}  # fmt: skip
# Words that make a number approximate: a person must pick the number, --fix may not.
APPROX_PREFIXES = ("大约", "大概", "将近", "约", "近", "超过", "不到", "approximately",
                   "approx", "about", "around", "over", "~", "≈")  # fmt: skip
APPROX_SUFFIXES = ("左右", "上下", "以上", "以下", "多", "余", "+", "ish")
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                  "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip

DETAILS: dict[str, Text] = {
    "text": Text("不是数字", "not a number"),
    "separators": Text("千位分隔符位置不对", "the thousands separators are misplaced"),
    "approx": Text("是约数，请填写确切数字", "it is an approximation; enter the exact number"),
    "infinite": Text("不是有限的数", "not a finite number"),
    "negative": Text("次数不能为负数", "a count cannot be negative"),
    "currency": Text("次数不应带货币符号", "a count has no currency"),
}

_SPACES = re.compile(r"\s+")
_CURRENCY = "|".join(re.escape(c) for c in CURRENCIES)
# sign, currency, sign, quantity, currency, trailing minus: "-¥1,234", "¥-1234", "1234元-"
_AMOUNT = re.compile(rf"([-+]?)(?:{_CURRENCY})?([-+]?)(.+?)(?:{_CURRENCY})?(-?)")
_UNITS = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
# one term of a quantity: digits with separators, an exponent, a multiplier
_TERM = re.compile(rf"(\d[\d,]*(?:\.\d*)?|\.\d+)(?:e([-+]?\d{{1,3}}))?({_UNITS})?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")


class _Bad(ValueError):
    """A value that is not a number; ``args[0]`` is a key of DETAILS."""


_PANDAS_MISSING = ("NAType", "NaTType")


def is_missing(raw: object) -> bool:
    """Blank or a placeholder (findings.is_blank), or pandas' NA/NaT."""
    return is_blank(raw) or type(raw).__name__ in _PANDAS_MISSING


def number_value(raw: object) -> int | float | None:
    """The number in a numeric cell (int, float, numpy scalar, Decimal), else None.

    Booleans are not numbers here: TRUE in an amount column is a mistake, not 1.
    """
    if isinstance(raw, bool) or type(raw).__name__ == "bool_":
        return None
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str | bytes) or not hasattr(raw, "__float__"):
        return None
    try:
        return operator.index(raw)  # type: ignore[arg-type]  # numpy integers
    except TypeError:
        pass
    try:
        return float(raw)  # numpy floats, Decimal, Fraction
    except (ValueError, OverflowError):  # Decimal("sNaN") refuses
        return None


def cached(parse: Callable[..., Parsed], raw: object, *context: object) -> Parsed:
    """``parse(*context, type(raw), raw)`` through its lru_cache.

    The type is part of the key so that True, 1 and 1.0 (equal in Python) stay apart.
    None, NaN and pandas' NA/NaT are answered here: NaN != NaN would make every NaN a new
    cache entry. Text placeholders (无, N/A) are left to ``parse`` (see :func:`is_missing`),
    behind the cache, because normalising the text costs more than the lookup.
    """
    if raw is None or type(raw).__name__ in _PANDAS_MISSING:
        return EMPTY
    if isinstance(raw, float) and math.isnan(raw):
        return EMPTY
    try:
        return parse(*context, type(raw), raw)
    except TypeError:  # unhashable: parse without the cache
        return parse.__wrapped__(*context, type(raw), raw)  # type: ignore[attr-defined]


def fold_number_text(text: str) -> str:
    """Full-width to ASCII (NFKC), lower case, no spaces; 。 as a point, − (U+2212) as minus."""
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return folded.replace("。", ".").replace("\u2212", "-")


def _strip_affix(text: str, words: tuple[str, ...], *, suffix: bool) -> tuple[str, bool]:
    for word in words:
        if suffix and text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], True
        if not suffix and text.startswith(word) and len(text) > len(word):
            return text[len(word) :], True
    return text, False


def _term_value(digits: str, exponent: str | None) -> Decimal:
    if "," in digits:
        if not _GROUPED.fullmatch(digits):
            raise _Bad("separators")  # 1,2,3,4 or a decimal comma (1234,50): not guessed
        digits = digits.replace(",", "")
    return Decimal(digits + (f"e{exponent}" if exponent else ""))


def parse_quantity(text: str) -> Decimal:
    """A folded, unsigned quantity: 1234.5, 1,234, 1.2e5, 1.2万, 1万2千, 1万2000, 1万2.

    Multipliers must descend. A bare number after one is the rest (1万2000 = 12000), except
    a single digit, which is the colloquial next place (1万2 = 12000, 3千5 = 3500).
    Raises ValueError (its argument a DETAILS key) when the text is not such a quantity.
    """
    if not text:
        raise _Bad("text")
    total, position, last_unit = Decimal(0), 0, 0
    while position < len(text):
        match = _TERM.match(text, position)
        # a bare number must come last; an exponent only on a lone plain number (1.2e5)
        if match is None or (position and not last_unit) or (match[2] and (match[3] or position)):
            raise _Bad("text")
        digits, exponent, unit = match.groups()
        amount = _term_value(digits, exponent)
        if unit:
            if last_unit and MULTIPLIERS[unit] >= last_unit:
                raise _Bad("text")
            total, last_unit = total + amount * MULTIPLIERS[unit], MULTIPLIERS[unit]
        elif last_unit:  # a bare number after a multiplier, at the end
            amount = amount * last_unit // 10 if len(digits) == 1 else amount
            if amount >= last_unit:
                raise _Bad("text")
            total, last_unit = total + amount, 0
        else:
            total = amount
        position = match.end()
    return total


def _signed_amount(text: str) -> Decimal:
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise _Bad("text")
    sign, sign2, quantity, trailing = match.groups()
    if (sign and sign2) or (trailing and (sign or sign2)):
        raise _Bad("text")
    value = parse_quantity(quantity)
    # copy_negate: exact, where unary minus would round to the context's 28 digits
    return value.copy_negate() if negative or "-" in (sign, sign2, trailing) else value


def _approximate(text: str, parse: Callable[[str], Decimal]) -> Decimal | None:
    """The number in "约1000" / "1000左右" / "about 3", or None when there is none."""
    rest, before = _strip_affix(text, APPROX_PREFIXES, suffix=False)
    rest, after = _strip_affix(rest, APPROX_SUFFIXES, suffix=True)
    if not (before or after):
        return None
    try:
        return parse(rest)
    except (_Bad, InvalidOperation):
        return None


def _invalid(code: IssueCode, detail: str, suggestion: object = None) -> Parsed:
    return Parsed(code=code, suggestion=suggestion, detail=DETAILS[detail])


def _read_text(text: str, parse: Callable[[str], Decimal]) -> Decimal | tuple[str, Decimal | None]:
    """The number in ``text``, or (detail key, approximate number or None) when there is none."""
    try:
        return parse(text)
    except _Bad as bad:
        approx = _approximate(text, parse)
        return ("approx" if approx is not None else str(bad.args[0])), approx
    except InvalidOperation:
        return "text", None


def _as_float(number: float | Decimal) -> float:
    try:
        return float(number)
    except OverflowError:  # an int too big for a float
        return math.inf


def _amount_result(number: float | Decimal, messy: bool) -> Parsed:
    value = _as_float(number)
    if not math.isfinite(value):
        return _invalid(IssueCode.AMOUNT_INVALID, "infinite")
    if value < 0:  # refunds and credit notes exist: a warning, and nothing to fix
        return Parsed(value=value, code=IssueCode.AMOUNT_NEGATIVE)
    return Parsed(value=value, suggestion=value if messy else None, fixable=True)


@dataclass(frozen=True)
class _NumberKind:
    """How one kind of number (amount, count) is read from a cell and judged."""

    code: IssueCode  # the issue when it is not one
    read: Callable[[str], Decimal]  # the number in folded text, or _Bad
    result: Callable[[float | Decimal, bool], Parsed]  # (number, messy) → the outcome
    suggest: Callable[[Decimal], object]  # an approximate number → the suggestion


def _parse_number(raw: object, kind: _NumberKind) -> Parsed:
    """A cell as ``kind``: numbers as they are, text read (messy), else why not."""
    if is_missing(raw):
        return EMPTY
    number = number_value(raw)
    if number is not None:
        return kind.result(number, False)
    if not isinstance(raw, str):
        return _invalid(kind.code, "text")
    read = _read_text(fold_number_text(raw), kind.read)
    if isinstance(read, Decimal):
        return kind.result(read, True)
    detail, approx = read
    return _invalid(kind.code, detail, None if approx is None else kind.suggest(approx))


@lru_cache(maxsize=CACHE_SIZE)
def _parse_amount(kind: type, raw: object) -> Parsed:
    return _parse_number(raw, _AMOUNT_KIND)


def parse_amount(raw: object) -> Parsed:
    """An amount of money as a float; negative is a warning, text that is no number an error."""
    return cached(_parse_amount, raw)


def _count_number(text: str) -> Decimal:
    """An unsigned or signed count without its unit: 3, -3, 1,200, 3.0, 三, 十二."""
    text, _ = _strip_affix(text, COUNT_UNITS, suffix=True)
    if text and all(ch in CHINESE_DIGITS or ch == "十" for ch in text):
        return Decimal(_chinese_small_number(text))
    if any(mark in text for mark in ("¥", "$", "元", "rmb", "cny")):
        raise _Bad("currency")
    value = parse_quantity(text[1:] if text[:1] in ("+", "-") else text)
    return value.copy_negate() if text.startswith("-") else value


def _chinese_small_number(text: str) -> int:
    """0-99 in Chinese numerals (三, 十二, 二十, 九十九): how counts are sometimes typed."""
    tens, _, ones = text.partition("十")
    if "十" not in text:
        if len(text) != 1:
            raise _Bad("text")
        return CHINESE_DIGITS[text]
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        raise _Bad("text")
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)


def _count_result(number: float | Decimal, messy: bool) -> Parsed:
    value = number if isinstance(number, Decimal) else Decimal(number)  # 3.0 is Excel's 3
    if not value.is_finite():
        return _invalid(IssueCode.COUNT_INVALID, "infinite")
    if value != value.to_integral_value():
        return Parsed(code=IssueCode.COUNT_NOT_WHOLE)  # 3.5 purchases: which one was meant?
    if value < 0:
        return _invalid(IssueCode.COUNT_INVALID, "negative")
    whole = int(value)
    return Parsed(value=whole, suggestion=whole if messy else None, fixable=True)


def _whole_suggestion(approx: Decimal) -> int | None:
    """A count to suggest for text that nearly is one: a whole number, not negative."""
    return int(approx) if approx >= 0 and approx == approx.to_integral_value() else None


_AMOUNT_KIND = _NumberKind(IssueCode.AMOUNT_INVALID, _signed_amount, _amount_result, float)
_COUNT_KIND = _NumberKind(IssueCode.COUNT_INVALID, _count_number, _count_result, _whole_suggestion)


@lru_cache(maxsize=CACHE_SIZE)
def _parse_count(kind: type, raw: object) -> Parsed:
    return _parse_number(raw, _COUNT_KIND)


def parse_count(raw: object) -> Parsed:
    """A purchase count as an int: whole and not negative."""
    return cached(_parse_count, raw)
