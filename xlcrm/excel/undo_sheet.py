"""撤销 Undo in Excel: a hidden backup sheet holding what the last xlcrm change replaced.

Before the add-in overwrites cells of the user's sheet it copies them (formulas as
formulas, text as text) into the hidden sheet ``xlcrm.undo``; it also notes the sheets
it created. Undo writes the copy back in one call, deletes those sheets and the backup.
Only the last change is kept: a new change replaces the backup.

Layout of ``xlcrm.undo``: row 1 holds the sheet name, the block's top row, left column,
height and width, the action and the created sheets (joined by a tab); the block starts
on row 2.
Text is written as text ("00123" stays "00123", see :func:`xlcrm.excel.live.write_block`);
a formula is stored as the text "'=..." and becomes a formula again only when it goes back.
"""

from __future__ import annotations

from typing import Any

from xlcrm.errors import XlcrmError
from xlcrm.excel import live
from xlcrm.text import Text, message

UNDO_SHEET = "xlcrm.undo"
_SEPARATOR = "\t"


def save_undo(
    book: Any,
    *,
    sheet: str,
    top: int,
    left: int,
    block: live.Grid,
    action: str,
    created: list[str],
) -> None:
    """Keep ``block`` (what cells held before) and the sheets ``created`` for one undo."""
    width = max((len(r) for r in block), default=0)
    meta = [sheet, top, left, len(block), width, action, _SEPARATOR.join(created)]
    rows = [meta, *([[_stored(v) for v in row] for row in block])]
    last = [s for s in book.sheets if s.name != UNDO_SHEET][-1]
    backup, _ = live.replace_sheet(book, UNDO_SHEET, rows, after=last)
    backup.visible = False


def _stored(value: Any) -> Any:
    # A formula is kept as the text "'=..." so it does not calculate in the backup sheet.
    return "'" + value if isinstance(value, str) and value.startswith("=") else value


def _restored(value: Any) -> Any:
    if value == "":
        return None
    return value[1:] if isinstance(value, str) and value.startswith("'=") else value


def undo_last(book: Any) -> Text:
    """Put back the last change; returns the sentence to show."""
    if UNDO_SHEET not in live.sheet_names(book):
        raise XlcrmError("nothing_to_undo")
    backup = book.sheets[UNDO_SHEET]
    grid = live.read_grid(backup)
    sheet_name, top, left, height, width, action, created = (grid[0] + [""] * 7)[:7]
    height, width = int(height or 0), int(width or 0)
    # Trailing empty rows or columns of the block are not in the sheet's used range.
    padded = [*grid[1 : 1 + height], *[[]] * max(0, height - len(grid) + 1)]
    block = [[*row, *[""] * width][:width] for row in padded[:height]]
    if block and block[0] and sheet_name in live.sheet_names(book):
        rows = [[_restored(v) for v in r] for r in block]
        live.write_block(book.sheets[sheet_name], int(top), int(left), rows)
    removed = [n for n in str(created).split(_SEPARATOR) if n and n in live.sheet_names(book)]
    for name in removed:
        book.sheets[name].delete()
    backup.delete()
    return message("undo_done", action=action, rows=len(block), sheets=len(removed))
