"""Rows removed from or put back into a sheet: where every reference to a row goes.

When rows are deleted the rows below move up, and everything that names a row follows,
as Excel does it: a cell reference to a deleted row becomes ``#REF!``, a range shrinks
to the rows it keeps (``A2:A2001`` without row 10 is ``A2:A2000``) and vanishes when it
keeps none, a whole-column reference (``A:A``) stays. Inserting rows moves the rows at
and below each new row down, and a range grows by the rows inserted inside it.

:class:`RowMap` is that mapping for one sheet; :func:`shift_formula` applies it to the
references of a formula (``'客户'!F10``, ``$A$2:$A$100``, ``5:9``), leaving text in quotes,
structured references (``表1[金额]``) and references to other sheets alone;
:func:`shift_sqref` to a list of ranges (a validation's or a conditional format's
cells). :mod:`xlcrm.xlsx.row_moves` applies them to the parts of a workbook.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import column_letters, column_number

__all__ = ["MAX_ROW", "RowMap", "shift_formula", "shift_range", "shift_sqref"]

MAX_ROW = 1_048_576
REF_ERROR = "#REF!"


@dataclass(frozen=True)
class RowMap:
    """Old row numbers to new ones after ``deleted`` rows go or ``inserted`` rows come.

    ``deleted`` are numbers before the change; ``inserted`` are numbers after it (the
    rows a later :meth:`inverse` puts back where they were).
    """

    deleted: tuple[int, ...] = ()
    inserted: tuple[int, ...] = ()
    _sorted: tuple[int, ...] = field(default=(), init=False, repr=False)
    _free: tuple[int, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        if self.deleted and self.inserted:
            raise ValueError("a RowMap deletes or inserts rows, not both")
        rows = sorted(set(self.deleted or self.inserted))
        if rows and not 1 <= rows[0] <= rows[-1] <= MAX_ROW:
            raise ValueError("rows are numbered 1 to 1048576")
        object.__setattr__(self, "_sorted", tuple(rows))
        object.__setattr__(self, "_free", tuple(r - j for j, r in enumerate(rows)))

    @classmethod
    def deleting(cls, rows: Iterable[int]) -> RowMap:
        return cls(deleted=tuple(sorted(set(rows))))

    @classmethod
    def inserting(cls, rows: Iterable[int]) -> RowMap:
        return cls(inserted=tuple(sorted(set(rows))))

    def inverse(self) -> RowMap:
        """The map that undoes this one (deleted rows come back at their old numbers)."""
        return RowMap(inserted=self._sorted) if self.deleted else RowMap(deleted=self._sorted)

    @property
    def changes(self) -> bool:
        return bool(self._sorted)

    def is_deleted(self, row: int) -> bool:
        index = bisect.bisect_left(self._sorted, row)
        return bool(self.deleted) and index < len(self._sorted) and self._sorted[index] == row

    def row(self, row: int) -> int | None:
        """Where old ``row`` is now; None when it was deleted."""
        rows = self._sorted
        if self.deleted:
            index = bisect.bisect_left(rows, row)
            if index < len(rows) and rows[index] == row:
                return None
            return row - index
        # old row r is the r-th number the insertions leave free: it moves down by the
        # insertions j whose free numbers before them (inserted[j] - j) are at most r
        return min(row + bisect.bisect_right(self._free, row), MAX_ROW)

    def rows(self, first: int, last: int) -> tuple[int, int] | None:
        """Where the range of old rows first..last is now; None when none of it is left."""
        if first > last:
            first, last = last, first
        if not self.deleted:
            return self.row(first) or first, self.row(last) or last
        rows = self._sorted
        start = first
        index = bisect.bisect_left(rows, start)
        while index < len(rows) and rows[index] == start:  # the first row kept
            start, index = start + 1, index + 1
        end = last
        index = bisect.bisect_right(rows, end) - 1
        while index >= 0 and rows[index] == end:  # the last row kept
            end, index = end - 1, index - 1
        if start > end:
            return None
        return self.row(start) or start, self.row(end) or end


_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")
_ROW = re.compile(r"^(\$?)(\d+)$")
_COLUMN = re.compile(r"^\$?[A-Za-z]{1,3}$")


def shift_range(ref: str, rows: RowMap) -> str | None:
    """A cell or range reference (no sheet) after the rows move; None when it is gone."""
    first, colon, last = ref.partition(":")
    if colon and _COLUMN.match(first) and _COLUMN.match(last):
        return ref  # whole columns
    a, b = (
        _CELL.match(first) or _ROW.match(first),
        _CELL.match(last or first) or _ROW.match(last or first),
    )
    if a is None or b is None:
        return ref
    row_a, row_b = int(a.group(a.lastindex or 0)), int(b.group(b.lastindex or 0))
    if not colon:
        new = rows.row(row_a)
        return None if new is None else _with_row(a, new)
    span = rows.rows(row_a, row_b)
    if span is None:
        return None
    low_first = row_a <= row_b
    new_a, new_b = span if low_first else (span[1], span[0])
    return _with_row(a, new_a) + ":" + _with_row(b, new_b)


def _with_row(match: re.Match[str], row: int) -> str:
    groups = match.groups()
    return "".join(groups[:-1]) + str(row)


def shift_sqref(sqref: str, rows: RowMap) -> str:
    """A space-separated list of ranges after the rows move ("" when none is left)."""
    kept = [shifted for ref in sqref.split() if (shifted := shift_range(ref, rows)) is not None]
    return " ".join(kept)


# A reference as formulas write it, optionally after a sheet name: 'My sheet'!$A$1:B2,
# 客户!F10, 5:9, A:C. Letters and digits around it (a function name, LOG10, a name) and
# a following "(" rule a match out.
_SHEET = r"(?:'(?:[^']|'')+'|[^\s!'\"(),;:+\-*/^&=<>{}\[\]]+)"
_REFERENCE = re.compile(
    r"(?<![\w.$'\]])(?:(?P<sheet>" + _SHEET + r")!)?"
    r"(?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?\d+:\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})"
    r"(?![\w(!])"
)
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\[[^\]]*\]')  # text literals; structured refs


def sheet_name_of(prefix: str) -> str:
    """'My sheet' -> My sheet; it''s -> it's."""
    if prefix.startswith("'") and prefix.endswith("'"):
        return prefix[1:-1].replace("''", "'")
    return prefix


def shift_formula(formula: str, rows: RowMap, sheet: str, *, on_sheet: bool) -> str:
    """``formula`` with its references to ``sheet`` moved; others as they are.

    ``on_sheet``: the formula lives on ``sheet`` (a cell, a validation, a conditional
    format), so references without a sheet name are to it too. A reference to a deleted
    row becomes #REF!, as Excel writes it.
    """
    if not rows.changes or not any(ch.isdigit() for ch in formula):
        return formula
    wanted = sheet.casefold()
    pieces: list[str] = []
    cursor = 0
    for literal in _QUOTED.finditer(formula):
        pieces.append(_shift_plain(formula[cursor : literal.start()], rows, wanted, on_sheet))
        pieces.append(literal.group())
        cursor = literal.end()
    pieces.append(_shift_plain(formula[cursor:], rows, wanted, on_sheet))
    return "".join(pieces)


def _shift_plain(text: str, rows: RowMap, sheet: str, on_sheet: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        prefix = match.group("sheet")
        if prefix is None and not on_sheet:
            return match.group()
        if prefix is not None and sheet_name_of(prefix).casefold() != sheet:
            return match.group()
        shifted = shift_range(match.group("ref"), rows)
        if shifted is None:  # as Excel shows it; spreadsheets read "Sheet!#REF!" unevenly
            return REF_ERROR
        return ("" if prefix is None else prefix + "!") + shifted

    return _REFERENCE.sub(replace, text)


def move_ref(ref: str, row_offset: int, column_offset: int = 0) -> str:
    """A plain cell reference moved by whole rows and columns (for re-anchoring)."""
    match = _CELL.match(ref)
    if match is None:
        return ref
    dollar_col, letters, dollar_row, digits = match.groups()
    column = column_number(letters.upper().encode()) + column_offset
    return f"{dollar_col}{column_letters(column)}{dollar_row}{int(digits) + row_offset}"
