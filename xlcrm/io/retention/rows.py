"""Remove whole rows from an openpyxl sheet the way Excel's "Delete rows" does.

:func:`remove_rows` moves every cell below a removed row up in one pass over the cell map
(one ``delete_rows`` call per row would move every cell below each time), and adjusts
the formulas of the sheet: a reference to row r becomes r minus the removed rows above
it, absolute or not, as Excel does; a single-cell reference to a removed row becomes
``#REF!``, a range loses its removed rows. Structured references (``Table[[#This Row],…]``),
names and other sheets' references are left alone: they do not name rows of this sheet.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.worksheet.worksheet import Worksheet

_CELL = re.compile(r"^(\$?[A-Za-z]{1,3})?(\$?)(\d+)$")


def remove_rows(ws: Worksheet, rows: Iterable[int]) -> int:
    """Remove whole rows from ``ws`` and close the gaps; returns how many were removed."""
    gone = sorted(set(rows))
    if not gone:
        return 0
    removed = set(gone)
    cells = ws._cells  # openpyxl's (row, column) → Cell map, as delete_rows moves it
    moved = {}
    for (row, column), cell in sorted(cells.items()):
        if row in removed:
            continue
        if cell.data_type == "f" and isinstance(cell.value, str):
            cell.value = shift_formula(cell.value, gone, ws.title)
        new_row = row - bisect.bisect_left(gone, row)
        cell.row = new_row
        moved[(new_row, column)] = cell
    ws._cells = moved
    return len(gone)


def shift_formula(formula: str, gone: Sequence[int], sheet: str) -> str:
    """``formula`` with its references to this sheet's rows moved past the removed ``gone``."""
    if not formula.startswith("="):
        return formula
    try:
        tokens = Tokenizer(formula).items
    except Exception:  # a formula openpyxl cannot tokenise: leave it as it was
        return formula
    changed = False
    for token in tokens:
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            value = _shift_range(token.value, gone, sheet)
            changed |= value != token.value
            token.value = value
    return "=" + "".join(t.value for t in tokens) if changed else formula


def _shift_range(text: str, gone: Sequence[int], sheet: str) -> str:
    prefix, _, ref = text.rpartition("!")
    if prefix and prefix.strip("'") != sheet:
        return text  # another sheet's cells did not move
    parts = ref.split(":")
    if len(parts) > 2 or any(_CELL.match(p) is None for p in parts):
        return text  # a name, a structured reference, a column range
    numbers = [int(_CELL.match(p).group(3)) for p in parts]  # type: ignore[union-attr]
    if len(parts) == 1 or numbers[0] == numbers[-1]:
        if numbers[0] in set(gone):
            return (prefix + "!" if prefix else "") + "#REF!"
    elif all(n in set(gone) for n in range(numbers[0], numbers[1] + 1)):
        return (prefix + "!" if prefix else "") + "#REF!"
    shifted = []
    for index, part in enumerate(parts):
        match = _CELL.match(part)
        assert match is not None
        number = int(match.group(3))
        # The end of a range that was removed moves to the last row kept before it.
        new = number - bisect.bisect_left(gone, number)
        if index == 1 and number in set(gone):
            new = number - bisect.bisect_right(gone, number)
        shifted.append(f"{match.group(1) or ''}{match.group(2)}{new}")
    return (prefix + "!" if prefix else "") + ":".join(shifted)
