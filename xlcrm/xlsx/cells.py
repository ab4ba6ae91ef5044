"""Cells of a worksheet part: what a patch says, a value as cell XML, cell references.

Values are written the way Excel reads them without any shared part: text as an inline
string (``t="inlineStr"``), so ``sharedStrings.xml`` never changes; numbers as numbers;
booleans as ``t="b"``; dates and datetimes as serial numbers (the workbook's 1900 or
1904 date system), which need a date number format on the cell to look like dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, to_excel


class _Keep:
    """Type of :data:`KEEP`: leave the cell's value (and formula) as it is."""

    _instance: _Keep | None = None

    def __new__(cls) -> _Keep:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "KEEP"

    def __reduce__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()
"""The value of a :class:`CellPatch` that changes only the look of a cell, not its value."""


@dataclass(frozen=True)
class SharedFormula:
    """A cell's place in a shared formula group (one formula text for a whole range).

    ``index`` is the group's ``si`` in the sheet; ``ref`` (the group's range, "P5:P900")
    is given on the cell that holds the text, and only there. The other cells of the group
    are written as ``<f t="shared" si="..."/>``: Excel and LibreOffice read the anchor's
    formula moved to each cell, so a column of 100k identical formulas costs one text.
    """

    index: int
    ref: str | None = None


MAX_TEXT = 32_767  # characters in a cell; more makes Excel "repair" the file
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


@dataclass(frozen=True)
class CellPatch:
    """What to change in one cell; every field left at its default changes nothing.

    ``value``: a new value (str, int, float, bool, date, datetime) or ``None`` to clear
    the cell; a replaced value drops the cell's formula. ``fill``: an ARGB colour such as
    ``"FFFFC7CE"``, painted over the cell's own style (font, border, number format and
    alignment stay). ``comment``: the text of a note by "xlcrm". ``number_format``: e.g.
    ``"yyyy-mm-dd"``; a date value gets one automatically unless the cell already shows
    dates. ``formula``: a formula (the leading "=" optional) written into the cell in
    place of its value; ``value`` is then its cached result, or KEEP/None for none (readers
    that do not calculate see an empty cell until Excel or LibreOffice recalculates; see
    :meth:`WorkbookPatch.calculate_on_open`). ``style``: the cell's whole look, as the
    index of a style of this workbook (what :meth:`WorkbookPatch.row_styles` read from
    another cell), under any ``fill`` and ``number_format`` given too.
    ``shared`` puts the formula in a shared group (:meth:`WorkbookPatch.fill_formula`
    makes them).
    """

    value: object = KEEP
    fill: str | None = None
    comment: str | None = None
    number_format: str | None = None
    formula: str | None = None
    style: int | None = None
    shared: SharedFormula | None = None

    def __post_init__(self) -> None:
        if self.fill is not None and not _ARGB.fullmatch(self.fill):
            raise ValueError(f"fill must be an ARGB colour like 'FFFFC7CE', not {self.fill!r}")

    @property
    def changes_cell(self) -> bool:
        """Whether the cell element itself changes (a comment alone lives elsewhere)."""
        return (
            self.value is not KEEP
            or self.formula is not None
            or self.fill is not None
            or self.number_format is not None
            or self.style is not None
        )

    @property
    def changes_value(self) -> bool:
        """Whether the cell's value (or formula) is replaced, not only its look."""
        return self.value is not KEEP or self.formula is not None


_ARGB = re.compile(r"[0-9A-Fa-f]{8}")
# Characters XML 1.0 cannot carry (and \r, which parsers turn into \n); Excel writes
# them as _xHHHH_ escapes.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
# A literal "_x0041_" in the text would be read back as "A": escape its underscore.
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_text(text: str) -> str:
    """``text`` escaped for element content, with Excel's escapes for control characters."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def xml_attr(text: str) -> str:
    """``text`` escaped for a double-quoted attribute value."""
    return _XML_ILLEGAL.sub("", text).translate(_XML_ATTR)


def inline_string(text: str) -> str:
    """The ``<is>`` body of an inline string cell."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"Excel cells hold at most {MAX_TEXT} characters, not {len(text)}")
    if text != text.strip() or "\n" in text or "\t" in text or "  " in text:
        return f'<is><t xml:space="preserve">{xml_text(text)}</t></is>'
    return f"<is><t>{xml_text(text)}</t></is>"


def value_xml(value: object, date1904: bool = False) -> tuple[str, str]:
    """The ``t`` attribute ('' for a number) and the body of a cell holding ``value``.

    ``None`` and pandas' blanks (NaN, NaT, NA) give ``("", "")``: no value.
    """
    if type(value) is str:  # the common cases first: this runs for every cell written
        return "inlineStr", inline_string(value)
    if type(value) is int:
        return "", f"<v>{value}</v>"
    if is_missing(value):
        return "", ""
    if isinstance(value, str):
        return "inlineStr", inline_string(value)
    if isinstance(value, bool):
        return "b", f"<v>{int(value)}</v>"
    if isinstance(value, dt.date):
        serial = date_serial(value, date1904)
        return ("", "") if serial is None else ("", f"<v>{serial}</v>")
    if isinstance(value, numbers.Integral):
        return "", f"<v>{int(value)}</v>"
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"a cell cannot hold {number!r}; use None to clear it")
        return "", f"<v>{_float_text(number)}</v>"
    raise TypeError(f"cannot write a {type(value).__name__} into a cell: {value!r}")


def formula_xml(
    formula: str, cached: object, date1904: bool = False, shared: SharedFormula | None = None
) -> tuple[str, str]:
    """The ``t`` attribute and body of a cell holding ``formula`` and its cached result.

    A cached text is ``t="str"`` with a plain ``<v>`` (inline strings are for constants).
    A cell of a shared group other than its anchor carries no text of its own.
    """
    text = formula.removeprefix("=")
    if not text.strip():
        raise ValueError("a formula cannot be empty; use value=None to clear the cell")
    kind, body = ("", "") if cached is KEEP else value_xml(cached, date1904)
    if kind == "inlineStr":
        kind, body = "str", f"<v>{xml_text(str(cached))}</v>"
    if shared is None:
        return kind, f"<f>{escape(text)}</f>{body}"
    if shared.ref is None:
        return kind, f'<f t="shared" si="{shared.index}"/>{body}'
    head = f'<f t="shared" ref="{shared.ref}" si="{shared.index}">'
    return kind, f"{head}{escape(text)}</f>{body}"


def is_missing(value: object) -> bool:
    """None, or a blank as pandas hands it over (NaN, NaT, pandas.NA)."""
    if value is None:
        return True
    if isinstance(value, numbers.Real | dt.date):
        return bool(value != value)  # only NaN and NaT differ from themselves
    return type(value).__name__ == "NAType"


def _float_text(number: float) -> str:
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def date_serial(value: dt.date, date1904: bool = False) -> int | float:
    """Excel's serial number for a date or datetime."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: keep the wall clock
    epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
    first = dt.date(1904 if date1904 else 1900, 1, 1)
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < first:
        raise ValueError(f"Excel cannot show dates before {first.year}: {value}")
    serial = to_excel(value, epoch)
    if not isinstance(value, dt.datetime):
        return int(serial)
    return round(serial, 9)  # whole microseconds without float noise


def default_date_format(value: object) -> str | None:
    """The number format a date value needs to look like a date, None for other values."""
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


@functools.lru_cache(maxsize=16384)
def column_letters(column: int) -> str:
    """1 -> 'A', 28 -> 'AB' (1-based, as cell references count)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=16384)
def column_number(letters: bytes) -> int:
    """b'A' -> 1, b'AB' -> 28."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def cell_ref(row: int, column: int) -> str:
    """(2, 3) -> 'C2'."""
    return f"{column_letters(column)}{row}"


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def parse_ref(ref: str) -> tuple[int, int]:
    """'C2' -> (2, 3)."""
    match = _REF.fullmatch(ref.strip())
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_number(match.group(1).encode())
