"""Write what an action changed into the open workbook, keeping what it replaced for Undo.

Both front ends on the open workbook use this: the .xlam ribbon (xlwings over COM or
AppleScript) and xlwings Lite's scripts (xlwings over Office.js, in Pyodide). It takes the
changes as :mod:`xlcrm.actions.roundtrip` reads them (any object with the fields of
:class:`Changes`) and uses only the calls :mod:`xlcrm.excel.live` lists, which both
xlwings engines have:

1. the cells the action changed, as one rectangle: cells inside it that the action did
   not change keep what they had, formulas included (one ``.formula`` read);
2. before writing, that rectangle and the names of the sheets about to be created go to
   the hidden undo sheet (:mod:`xlcrm.excel.undo_sheet`), so 撤销 Undo puts them back;
3. each added or rewritten sheet in one write, hidden if the action hid it.
"""

from __future__ import annotations

from typing import Any, Protocol

from xlcrm.excel import live, undo_sheet

# Sheets of xlcrm's own that no action reads: the undo backup, the add-in's settings.
SYSTEM_SHEETS = frozenset({undo_sheet.UNDO_SHEET, "xlcrm.conf"})


def read_book(book: Any, sheet: Any) -> tuple[live.Grid, dict[str, live.Grid]]:
    """``sheet``'s values and every other sheet's, each in one call: the Settings, and
    sheets an action reads (merge reads the 重复客户 sheet that dedupe wrote)."""
    grid = live.read_grid(sheet)
    extra = {
        s.name: live.read_grid(s)
        for s in book.sheets
        if s.name != sheet.name and s.name not in SYSTEM_SHEETS
    }
    return grid, extra


class Changes(Protocol):
    """What an action changed (:class:`xlcrm.actions.roundtrip.Outcome`)."""

    top: int
    left: int
    block: live.Grid
    changed: set[tuple[int, int]]
    sheets: dict[str, live.Grid]
    hidden: set[str]


def write_back(book: Any, sheet: Any, action: str, changes: Changes, grid: live.Grid) -> None:
    """Write ``changes`` of ``action`` into ``book``; ``grid``: the sheet's values before."""
    if not changes.block and not changes.sheets:
        return
    new_sheets = [n for n in changes.sheets if n not in live.sheet_names(book)]
    old = old_block(sheet, changes, grid)
    for r, row in enumerate(changes.block):
        for c in range(len(row)):
            if (changes.top + r, changes.left + c) not in changes.changed:
                row[c] = old[r][c]
    undo_sheet.save_undo(
        book,
        sheet=sheet.name,
        top=changes.top,
        left=changes.left,
        block=old,
        action=action,
        created=new_sheets,
    )
    if changes.block:
        live.write_block(sheet, changes.top, changes.left, changes.block)
    after = sheet
    for name, rows in changes.sheets.items():
        after, _ = live.replace_sheet(book, name, rows, after=after)
        if name in changes.hidden:
            after.visible = False
    sheet.activate()


def old_block(sheet: Any, changes: Changes, grid: live.Grid) -> live.Grid:
    """What the changed block holds now: formulas where there are formulas, else values."""
    if not changes.block:
        return []
    height, width = len(changes.block), len(changes.block[0])
    formulas = live.read_formulas(sheet, changes.top, changes.left, height, width)
    old = []
    for r in range(height):
        row = []
        for c in range(width):
            formula = formulas[r][c] if r < len(formulas) and c < len(formulas[r]) else ""
            if isinstance(formula, str) and formula.startswith("="):
                row.append(formula)
            else:
                row.append(live.cell_at(grid, changes.top + r, changes.left + c))
        old.append(row)
    return old
