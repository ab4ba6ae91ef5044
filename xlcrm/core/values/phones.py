"""Phone numbers: read what people type into a phone column, with phonenumbers.

:func:`parse_phone` turns one raw cell into a :class:`~xlcrm.core.values.findings.Parsed`: the
number formatted per Settings (E.164, national or international) when it is a real number,
however it was typed, and otherwise PHONE_INVALID (with the reason) or PHONE_MULTIPLE.
:func:`phone_region_conflict` says when a landline's area code contradicts the row's region.

Excel hands over text, whole numbers, floats (13800138000.0), booleans and dates; text comes
with full-width digits, labels ("手机："), extensions ("转 123"), notes ("微信同号") and
separators between several numbers. Anything phonenumbers cannot settle alone is decided by
small tables below, so a reader can see every rule.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberType,
)
from phonenumbers import ValidationResult as Possible

from xlcrm.core.values.findings import EMPTY, IssueCode, Parsed, is_blank
from xlcrm.settings import DEFAULTS
from xlcrm.text import Text

__all__ = ["STYLES", "parse_phone"]

STYLES = {
    "E164": PhoneNumberFormat.E164,
    "national": PhoneNumberFormat.NATIONAL,
    "international": PhoneNumberFormat.INTERNATIONAL,
}

# Why a value is not a phone number: fragments for the message's {detail}.
TOO_FEW = Text("位数太少", "too few digits")
TOO_MANY = Text("位数太多", "too many digits")
WRONG_LENGTH = Text("位数不对", "wrong number of digits")
NO_RANGE = Text("号段不存在", "no such number range")
NO_AREA_CODE = Text("缺少区号", "the area code is missing")
NO_COUNTRY = Text("国家代码不存在", "no such country code")
LETTERS = Text("含有字母", "it contains letters")
TEXT = Text("含有文字", "it contains text")
MASKED = Text("部分数字被 * 隐藏", "some digits are hidden by *")
SYMBOLS = Text("含有无效符号", "it contains invalid symbols")
NOT_A_NUMBER = Text("不是电话号码", "it is not a phone number")
FRACTION = Text("带有小数", "it has a decimal fraction")
NEGATIVE = Text("是负数", "it is negative")
BOOLEAN = Text("是真/假值，不是号码", "it is TRUE/FALSE, not a number")
DATE = Text("是日期，不是号码", "it is a date, not a number")
SCIENTIFIC = Text(
    "是科学计数法，数字可能已丢失", "it is in scientific notation; digits may be lost"
)

_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: NO_COUNTRY,
    NumberParseException.NOT_A_NUMBER: NOT_A_NUMBER,
    NumberParseException.TOO_SHORT_AFTER_IDD: TOO_FEW,
    NumberParseException.TOO_SHORT_NSN: TOO_FEW,
    NumberParseException.TOO_LONG: TOO_MANY,
}
_POSSIBLE_REASONS = {
    Possible.INVALID_COUNTRY_CODE: NO_COUNTRY,
    Possible.TOO_SHORT: TOO_FEW,
    Possible.TOO_LONG: TOO_MANY,
    Possible.INVALID_LENGTH: WRONG_LENGTH,
    Possible.IS_POSSIBLE_LOCAL_ONLY: NO_AREA_CODE,
}
# phonenumbers accepts any length from 7 to 12 for mainland numbers, so its "possible"
# verdict says little there; the shape of the national number says more. Rows: leading
# digits -> (fewest, most) digits of a valid national number. Mobiles are 1[1-9] + 9
# digits; 10 and 2x are two-digit area codes + 8; other area codes are three digits + 7/8.
_CN_SHAPES = (
    (re.compile(r"1[1-9]"), 11, 11),
    (re.compile(r"10|2"), 10, 10),
    (re.compile(r"[3-9]"), 10, 11),
)

# Labels typed before the number ("手机：", "Tel:"). Chinese labels may lack the colon.
_LABEL = re.compile(
    r"^(?:(?:手机号码|手机号|手机|移动电话|联系电话|电话号码|电话|座机|固话|联系方式)\s*:?"
    r"|(?:tel|telephone|phone|mobile|mob|cell|m|t)\s*:)\s*",
    re.IGNORECASE,
)
# An extension after the number: "转 123", "分机 12", "ext. 12", "x12", "#12".
_EXTENSION = re.compile(
    r"^(?P<main>.*[\d)])\s*(?:ext|extn|extension|x|#|转|轉|分机|分機|内线|內線)[号號]?"
    r"\s*[.:]?\s*(?P<ext>\d{1,6})$",
    re.IGNORECASE,
)
# A landline followed by "-123" is how many Chinese offices write an extension.
_DASH_EXTENSION = re.compile(r"^(?P<main>.*\d{7,8})-(?P<ext>\d{1,5})$")
# Between several numbers in one cell. A space is not here: it also groups digits.
_SEPARATORS = re.compile(r"[/\\、;,|\n\r]|或|及")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")  # a number formatted as 13,800,138,000
_FLOAT_TEXT = re.compile(r"^(\+?\d+)\.0+$")  # "13800138000.0" from a CSV round trip
_SCIENTIFIC_TEXT = re.compile(r"^\d+(?:\.\d+)?e\+?\d+$", re.IGNORECASE)
_ALLOWED = re.compile(r"^[\d\s+\-.()\[\]]+$")  # what may surround digits in a clean number
_INTERNATIONAL = re.compile(r"^\s*(?:\+|00)")
_MAINLAND_MOBILE = re.compile(r"^(?:\+?86|0086)?0?1[3-9]\d{9}$")
# Letters people type for look-alike digits: a mobile with O for 0 or l for 1.
_LOOKALIKES = str.maketrans("OolI|", "00111")
# Country codes of nearby places typed without + or 00 ("852 5123 4567", "86 138...").
# +1 is left out on purpose: "120 1234 5678" (no such mainland range) must not turn into
# a New Jersey number.
_BARE_COUNTRY_CODES = ("86", "852", "853", "886")
_FIXED = (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def parse_phone(
    raw: object,
    *,
    region: str = DEFAULTS.default_phone_region,
    style: str = DEFAULTS.phone_format,
) -> Parsed:
    """Parse one phone cell; ``region`` is the default region, ``style`` a key of STYLES."""
    if isinstance(raw, float) and raw != raw:  # NaN: never equal to itself, so never cached
        return EMPTY
    if style not in STYLES:
        raise ValueError(f"Unknown phone style {style!r}; use one of {', '.join(STYLES)}.")
    return _parse_cached(_plain(raw), region.upper(), style)


def _plain(raw: object) -> object:
    """numpy and pandas scalars as the Python values they stand for, so caching works."""
    if isinstance(raw, bool | str | int | float) or raw is None:
        return raw
    if type(raw).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if type(raw).__module__ == "numpy" and hasattr(raw, "item"):
        return raw.item()  # numpy.int64, numpy.bool_ ... from a pandas column
    return raw


@lru_cache(maxsize=200_000, typed=True)  # typed: 1, 1.0 and True are different cells
def _parse_cached(raw: object, region: str, style: str) -> Parsed:
    text = _as_text(raw)
    if isinstance(text, Parsed):
        return text
    if is_blank(text):
        return EMPTY
    return _parse_text(_tidy(text), region, style)


def _invalid(reason: Text, suggestion: object = None) -> Parsed:
    return Parsed(code=IssueCode.PHONE_INVALID, detail=reason, suggestion=suggestion)


def _as_text(raw: object) -> str | Parsed:
    """The cell as text, or the reason it cannot be a phone number at all."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):  # before int: True is an int
        return _invalid(BOOLEAN)
    if isinstance(raw, dt.date | dt.time):
        return _invalid(DATE)
    if isinstance(raw, float):
        if raw in (float("inf"), float("-inf")):
            return _invalid(NOT_A_NUMBER)
        if not raw.is_integer():
            return _invalid(FRACTION)
        raw = int(raw)  # 1.3800138e10 and 13800138000.0 are the integer Excel stored
    if isinstance(raw, int):
        return str(raw) if raw >= 0 else _invalid(NEGATIVE)
    return str(raw)


def _tidy(text: str) -> str:
    """Full-width forms folded, invisible characters and labels dropped, spaces trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).strip()
    text = _LABEL.sub("", text)
    if _THOUSANDS.match(text):
        return text.replace(",", "")
    if match := _FLOAT_TEXT.match(text):
        return match[1]
    return text


def _parse_text(text: str, region: str, style: str) -> Parsed:
    if _SCIENTIFIC_TEXT.match(text):
        return _invalid(SCIENTIFIC)
    parts = [p.strip() for p in _SEPARATORS.split(text) if p.strip()]
    numbered = [p for p in parts if any(ch.isdigit() for ch in p)]
    if len(numbered) >= 2:
        return _multiple(numbered, region, style)
    if len(parts) == 1:
        text = parts[0]  # a stray separator at either end ("138 0013 8000/")
    number = _parse_one(text, region)
    if isinstance(number, PhoneNumber):
        return Parsed(value=_format(number, region, style), fixable=True)
    return _explain(text, number, region, style)


def _multiple(parts: list[str], region: str, style: str) -> Parsed:
    """Several numbers in a cell: suggest the first real one."""
    numbers_ = (_parse_one(p, region) for p in parts)
    first = next((n for n in numbers_ if isinstance(n, PhoneNumber)), None)
    suggestion = _format(first, region, style) if first is not None else None
    return Parsed(code=IssueCode.PHONE_MULTIPLE, suggestion=suggestion)


# phonenumbers' own pattern for mainland mobiles, compiled once from its metadata so it
# never drifts from the library. A number matching it is valid (whatever type
# phonenumbers would name first), so plain mobiles skip the full parse and type search.
def _mobile_pattern(region: str) -> re.Pattern[str]:
    metadata = PhoneMetadata.metadata_for_region(region)
    pattern = metadata.mobile.national_number_pattern if metadata and metadata.mobile else None
    return re.compile(pattern or r"(?!)")  # no metadata: match nothing, use the full parse


_CN_MOBILE = _mobile_pattern("CN")


_PUNCTUATION = re.compile(r"[\s\-.()]+")
_COMPACT_MOBILE = re.compile(r"(\+86|0086|86)?(1[3-9]\d{9})")


def _plain_mainland_mobile(text: str, region: str) -> PhoneNumber | None:
    """A mainland mobile written plainly (separators, +86/0086 allowed), validated fast.

    Most cells of a Chinese list are such numbers; building the number directly and
    validating its segment once is several times faster than phonenumbers.parse.
    """
    match = _COMPACT_MOBILE.fullmatch(_PUNCTUATION.sub("", text))
    if match is None or not (region == "CN" or match.group(1) in ("+86", "0086")):
        return None
    digits = match.group(2)
    if _CN_MOBILE.fullmatch(digits) is None:
        return None
    return PhoneNumber(country_code=86, national_number=int(digits))


def _parse_one(text: str, region: str) -> PhoneNumber | Text:
    """A valid number, or why not."""
    mobile = _plain_mainland_mobile(text, region)
    if mobile is not None:
        return mobile
    main, extension = _split_extension(text)
    if not _ALLOWED.match(main):
        return _stray_characters(main)
    number = _parse(_with_extension(main, extension), region)
    if isinstance(number, PhoneNumber) and phonenumbers.is_valid_number(number):
        return number
    rescued = None if _INTERNATIONAL.match(main) else _rescue(main, extension, region)
    if rescued is not None:
        return rescued
    return number if isinstance(number, Text) else _why_invalid(number, main)


def _split_extension(text: str) -> tuple[str, str]:
    match = _EXTENSION.match(text)
    return (match["main"].strip(), match["ext"]) if match else (text, "")


def _with_extension(main: str, extension: str) -> str:
    return f"{main} ext. {extension}" if extension else main


def _stray_characters(main: str) -> Text:
    """What is wrong with characters a phone number cannot hold."""
    if "*" in main:
        return MASKED
    if any(ch.isascii() and ch.isalpha() for ch in main):
        return LETTERS
    if any(ch.isalpha() for ch in main):
        return TEXT
    return SYMBOLS


def _parse(text: str, region: str) -> PhoneNumber | Text:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        return _PARSE_ERRORS.get(error.error_type, NOT_A_NUMBER)


def _rescue(main: str, extension: str, region: str) -> PhoneNumber | None:
    """Readings phonenumbers does not try alone; each only turns an invalid number valid."""
    digits = re.sub(r"\D", "", main)
    candidates: list[tuple[str, str, bool]] = []  # (text, region, must be a landline)
    if not extension and (match := _DASH_EXTENSION.match(main)):
        candidates.append((_with_extension(match["main"], match["ext"]), region, True))
    if region != "CN" and _MAINLAND_MOBILE.match(digits):
        candidates.append((digits, "CN", False))  # a mainland mobile in a Hong Kong list
    own = str(phonenumbers.country_code_for_region(region))
    for code in _BARE_COUNTRY_CODES:
        if code != own and digits.startswith(code):
            candidates.append(("+" + digits, region, False))
    for text, where, landline in candidates:
        number = _parse(text, where)
        if not isinstance(number, PhoneNumber) or not phonenumbers.is_valid_number(number):
            continue
        if not landline or phonenumbers.number_type(number) in _FIXED:
            return number
    return None


def _why_invalid(number: PhoneNumber, main: str) -> Text:
    """The most telling reason a parsed number is not valid."""
    national = str(number.national_number)
    if number.country_code == 86:
        typed_area = main.lstrip("+(").startswith(("0", "86"))
        if not typed_area and 7 <= len(national) <= 8 and national[0] in "23456789":
            return NO_AREA_CODE  # a local landline: 8888 8888
        for leading, fewest, most in _CN_SHAPES:
            if leading.match(national):
                if len(national) < fewest:
                    return TOO_FEW
                if len(national) > most:
                    return TOO_MANY
                break
    reason = phonenumbers.is_possible_number_with_reason(number)
    return _POSSIBLE_REASONS.get(reason) or _length_off(number) or NO_RANGE


def _length_off(number: PhoneNumber) -> Text | None:
    """TOO_MANY or TOO_FEW when one digit less or more makes the number real.

    Mainland areas differ: Shenzhen numbers have 8 digits after 0755, Xiamen's 7 after
    0592, and phonenumbers knows each, so "0592-36041190" has one digit too many.
    """
    national = number.national_number or 0
    shorter = PhoneNumber(country_code=number.country_code, national_number=national // 10)
    if phonenumbers.is_valid_number(shorter):
        return TOO_MANY
    for digit in (0, 5, 8):
        longer = PhoneNumber(
            country_code=number.country_code, national_number=national * 10 + digit
        )
        if phonenumbers.is_valid_number(longer):
            return TOO_FEW
    return None


def _explain(text: str, reason: Text, region: str, style: str) -> Parsed:
    """PHONE_INVALID with the reason, or PHONE_MULTIPLE when the text holds two numbers."""
    found = _numbers_in(text, region)
    if len(found) >= 2:
        return Parsed(code=IssueCode.PHONE_MULTIPLE, suggestion=_format(found[0], region, style))
    suggestion = None
    if reason in (LETTERS, TEXT):
        lookalike = _parse_one(text.translate(_LOOKALIKES), region)
        if isinstance(lookalike, PhoneNumber):
            suggestion = _format(lookalike, region, style)
        elif len(found) == 1:
            suggestion = _format(found[0], region, style)  # "13800138000（微信同号）"
    return _invalid(reason, suggestion)


def _numbers_in(text: str, region: str) -> list[PhoneNumber]:
    """Valid numbers phonenumbers finds in free text ("138... 139...", "138...（微信同号）")."""
    if sum(ch.isdigit() for ch in text) < 7:
        return []  # no room for a number; skip the (slow) matcher
    head = text[:200]  # a cell of notes is not worth scanning to the end
    matches = phonenumbers.PhoneNumberMatcher(head, region, leniency=phonenumbers.Leniency.VALID)
    return [match.number for match in matches]


def _format(number: PhoneNumber, region: str, style: str) -> str:
    """The number per ``style``; a foreign number is never written in national form."""
    kind = STYLES[style]
    domestic = number.country_code == phonenumbers.country_code_for_region(region)
    if kind == PhoneNumberFormat.NATIONAL and not domestic:
        kind = PhoneNumberFormat.INTERNATIONAL
    if kind == PhoneNumberFormat.E164:  # what format_number does, without its overhead
        text = f"+{number.country_code}{phonenumbers.national_significant_number(number)}"
    else:
        text = phonenumbers.format_number(number, kind)
    if kind == PhoneNumberFormat.E164 and number.extension:
        text += f" ext. {number.extension}"  # E.164 has no extensions; keep it anyway
    return text
