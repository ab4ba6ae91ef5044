"""``xlcrm unmerge``: put the data sheet back exactly as it was before the latest merge.

The merge journal holds every cell the merge changed with its value before and after
(and its formula, if it had one), and every cell of the rows it removed with its style.
Unmerge first checks that the changed cells still hold the "after" values (so it never
overwrites work done since the merge), then inserts the removed rows where they were
(what refers to rows moves down again, and what the removal changed for good is put
back as it was), writes the "before" values back, removes the batch's rows from the
Merged sheet and the batch from the journal. A merge recorded before merges removed
rows (its rows were blanked) is undone by writing the values back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlcrm.core.values.dates import from_number
from xlcrm.core.values.findings import is_blank
from xlcrm.errors import XlcrmError
from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import JOURNAL_TITLE, MERGED_TITLE, both, compresslevel
from xlcrm.io.dedupe.journal import (
    MOVES_TITLE,
    JournalEntry,
    journal_rows,
    moves_rows,
    read_journal,
    read_moves,
)
from xlcrm.io.dedupe.merge import earlier_merged_rows, renumber_listings
from xlcrm.io.reader import (
    SheetTable,
    build_table,
    find_header_row,
    read_settings_from_source,
    read_table,
)
from xlcrm.io.sources import Source, open_source
from xlcrm.xlsx import CellPatch, RowMap, WorkbookPatch


@dataclass(frozen=True)
class UnmergeResult:
    """What unmerge restored."""

    table: SheetTable
    batch: int
    cells: int
    rows_restored: int


def write_unmerge_workbook(path: Path, dst: Path, *, password: str | None = None) -> UnmergeResult:
    """Undo the latest merge recorded in ``path``'s journal, writing the result to ``dst``."""
    source = open_source(path, password=password)
    entries = read_journal(source)
    if not entries:
        raise XlcrmError("unmerge_nothing_merged", name=path.name)
    batch = max(e.batch for e in entries)
    undo = [e for e in entries if e.batch == batch]
    keep = [e for e in entries if e.batch != batch]
    sheet = undo[0].sheet
    removed = {e.row: json.loads(str(e.before or "{}")) for e in undo if e.removed_row}
    rows = RowMap.deleting(removed)
    _check_unchanged(source, sheet, [e for e in undo if e.row not in removed], rows)
    table = _table(source, sheet)
    merged_header, merged_rows = _merged_sheet(source, batch, rows.inverse())
    moves = read_moves(source)

    def build(patch: WorkbookPatch, data_sheet: str) -> None:
        if removed:
            restore = [m for b, _sheet, m in moves if b == batch]
            patch.insert_rows(data_sheet, removed, restore=restore)
        cells = {(e.row, e.column): restore_patch(e) for e in undo if not e.removed_row}
        patch.patch_cells(data_sheet, cells)
        if any(e.before_formula for e in undo):
            patch.calculate_on_open()  # restored formulas are computed afresh
        if merged_header is not None:
            patch.add_sheet(merged_header[0], [merged_header[1], *merged_rows],
                            tab_color="FF7F7F7F")  # fmt: skip
        patch.add_sheet(JOURNAL_TITLE, journal_rows(keep), autofilter=False, hidden=True)
        if removed:  # the listings name the rows where they are again
            renumber_listings(patch, source, data_sheet, table, rows.inverse())
        if moves:
            kept = [(b, name, m) for b, name, m in moves if b != batch]
            patch.add_sheet(MOVES_TITLE, moves_rows(kept), autofilter=False, hidden=True)

    write_copy(
        table, dst, build, password=password, in_place=True, compresslevel=compresslevel(table)
    )
    restored = set(removed) or {e.row for e in undo if e.after is None and e.before is not None}
    cells = sum(1 for e in undo if not e.removed_row)
    return UnmergeResult(table, batch, cells, len(restored))


def _table(source: Source, sheet: str) -> SheetTable:
    """The data sheet as a table, from the grid already loaded for the check (read once)."""
    grid = source.grid(sheet)
    header = find_header_row(grid)
    if header is None:
        return read_table(source.path, sheet=sheet)  # raises the usual clear error
    return build_table(
        source.path, sheet, grid, header, read_settings_from_source(source), source.kind
    )


def restore_patch(entry: JournalEntry) -> CellPatch:
    """The before value; a date the merge wrote gave the cell a date format, which goes too.

    (The patcher formats a date written into a cell that did not show dates; such a cell
    held text or a number before, shown with Excel's General format. A group fill the cell
    wears stays: the patcher keeps a mark's fill when only the format changes.) A cell that
    held a formula gets it back, with the value it showed then as its cached result, so
    readers that do not calculate (calamine, xlcrm itself) see the sheet as it was.
    """
    formula = entry.before_formula
    if isinstance(entry.after, dt.date) and not isinstance(entry.before, dt.date):
        return CellPatch(value=entry.before, number_format="General", formula=formula)
    return CellPatch(value=entry.before, formula=formula, style=entry.before_style)


def _merged_sheet(
    source: Source, batch: int, rows: RowMap
) -> tuple[tuple[str, list[Any]] | None, list[Any]]:
    """The Merged sheet without ``batch``'s lines; the rows the others were merged into
    moved down where ``rows`` puts removed rows back."""
    titles = {t.casefold() for t in both(MERGED_TITLE)}
    name = next((n for n in source.sheet_names if n.casefold() in titles), None)
    if name is None:
        return None, []
    grid = source.grid(name)
    header = list(grid[0]) if grid else []
    lines = list(earlier_merged_rows(source, drop_batch=batch))
    for line in lines:
        if len(line) > 1 and isinstance(line[1], int):
            line[1] = rows.row(line[1]) or line[1]
    return (name, header), lines


def _check_unchanged(source: Source, sheet: str, entries: list[JournalEntry], rows: RowMap) -> None:
    """Refuse when a cell the merge wrote was edited since: unmerging would lose the edit.

    ``rows`` are the rows the merge removed: the others moved up."""
    if sheet not in source.sheet_names:
        raise XlcrmError("unmerge_sheet_gone", sheet=sheet)
    grid = source.grid(sheet)
    for entry in entries:
        now = rows.row(entry.row) or entry.row
        line = grid[now - 1] if now - 1 < len(grid) else []
        current = line[entry.column - 1] if entry.column - 1 < len(line) else ""
        if not same_cell(current, entry.after):
            raise XlcrmError("unmerge_row_edited", sheet=sheet, row=now)


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def same_cell(current: Any, expected: Any) -> bool:
    """Whether a cell as read (calamine: numbers as floats) holds ``expected``."""
    if is_blank(current) and expected is None:
        return current in ("", None)
    if isinstance(expected, bool) or isinstance(current, bool):
        return current is expected or current == expected
    if isinstance(expected, int | float) and isinstance(current, int | float):
        return float(current) == float(expected)
    if isinstance(current, dt.date) and isinstance(expected, int | float):
        try:  # a serial the merge wrote, shown as a date by the cell's format
            return from_number(float(expected)) == _day(current)
        except ValueError:
            return False
    if isinstance(expected, dt.date) and isinstance(current, dt.date):
        left = (
            current if isinstance(current, dt.datetime) else dt.datetime.combine(current, dt.time())
        )
        right = (
            expected
            if isinstance(expected, dt.datetime)
            else dt.datetime.combine(expected, dt.time())
        )
        return left == right
    return bool(current == expected) or str(current) == str(expected)
