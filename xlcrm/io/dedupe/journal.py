"""The merge journal: every data-sheet cell a merge changed, before and after, in the workbook.

``xlcrm merge`` writes one journal line per cell it changes in the data sheet (the
surviving row's new values, the provenance column, every cell of the rows it removes)
into a hidden sheet (``xlcrm_merge_journal``). Values are stored as text with their kind
(text, integer, float by ``repr``, date, boolean ...), so ``xlcrm unmerge`` writes back
exactly what was there, type included. A cell that held a formula also keeps its formula
text (``before_formula``, without "="), and a cell of a removed row its style
(``before_style``, the index of the workbook's cell style); a removed row itself is a
line with column 0 holding its <row> attributes (height, hidden ...) as JSON. Journals
written before those columns existed read as formula- and style-free, and their merges
(which blanked rows instead of removing them) undo as before.

What removing rows changed beyond the cells and cannot be worked out again when they
come back (a range that ended on a removed row, a reference to it) is kept in a second
hidden sheet (``xlcrm_merge_moves``). Each merge is a batch; unmerge undoes the latest
one, so merges made month after month can be undone one at a time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from xlcrm.errors import XlcrmError
from xlcrm.io.dedupe.files import JOURNAL_TITLE
from xlcrm.io.sources import Source
from xlcrm.xlsx import Moved

JOURNAL_HEADER = (
    "batch", "sheet", "row", "column", "before_kind", "before", "after_kind", "after",
    "before_formula", "before_style",
)  # fmt: skip
REQUIRED = len(JOURNAL_HEADER) - 2  # older journals end before "before_formula"
ROW_MARKER = 0  # the column of a removed row's own line
MOVES_TITLE = "xlcrm_merge_moves"
MOVES_HEADER = ("batch", "sheet", "kind", "where", "before", "after")


@dataclass(frozen=True)
class JournalEntry:
    """One data-sheet cell a merge changed (1-based row and column)."""

    batch: int
    sheet: str
    row: int
    column: int
    before: Any
    after: Any
    before_formula: str | None = None  # the formula the cell held (its value is ``before``)
    before_style: int | None = None  # the style of a cell of a removed row

    @property
    def removed_row(self) -> bool:
        """The line of a removed row itself (its attributes), not of a cell."""
        return self.column == ROW_MARKER

    def as_row(self) -> list[object]:
        before_kind, before = encode(self.before)
        after_kind, after = encode(self.after)
        style = "" if self.before_style is None else self.before_style
        return [self.batch, self.sheet, self.row, self.column, before_kind, before, after_kind,
                after, self.before_formula or "", style]  # fmt: skip


def encode(value: Any) -> tuple[str, str]:
    """A cell value as (kind, text) that :func:`decode` turns back into the same value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "empty", ""
    if isinstance(value, bool):
        return "bool", "1" if value else "0"
    if isinstance(value, int):
        return "int", str(value)
    if isinstance(value, float):
        return "float", repr(value)
    if isinstance(value, dt.datetime):
        return "datetime", value.isoformat()
    if isinstance(value, dt.date):
        return "date", value.isoformat()
    if isinstance(value, dt.time):
        return "time", value.isoformat()
    return "text", str(value)


def decode(kind: str, text: str) -> Any:
    """The value :func:`encode` stored as (kind, text)."""
    if kind == "empty":
        return None
    if kind == "bool":
        return text == "1"
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "datetime":
        return dt.datetime.fromisoformat(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "time":
        return dt.time.fromisoformat(text)
    return text


def journal_sheet(source: Source) -> str | None:
    """The journal sheet's name in ``source``, or None when the workbook has none."""
    return next((n for n in source.sheet_names if n.casefold() == JOURNAL_TITLE.casefold()), None)


def read_journal(source: Source) -> list[JournalEntry]:
    """Every entry of the workbook's merge journal (empty when there is no journal)."""
    name = journal_sheet(source)
    if name is None:
        return []
    grid = source.grid(name)
    if not grid or tuple(str(v) for v in grid[0][:REQUIRED]) != JOURNAL_HEADER[:REQUIRED]:
        raise _damaged(source)
    entries = []
    for line in grid[1:]:
        cells = [_text(v) for v in line] + [""] * (len(JOURNAL_HEADER) - len(line))
        if not any(cells):
            continue
        try:
            entries.append(
                JournalEntry(
                    int(float(cells[0])), cells[1], int(float(cells[2])), int(float(cells[3])),
                    decode(cells[4], cells[5]), decode(cells[6], cells[7]), cells[8] or None,
                    int(float(cells[9])) if cells[9] else None,
                )
            )  # fmt: skip
        except ValueError:
            raise _damaged(source) from None
    return entries


def read_moves(source: Source) -> list[tuple[int, str, Moved]]:
    """(batch, sheet, what removing rows changed for good) of every merge."""
    name = next((n for n in source.sheet_names if n.casefold() == MOVES_TITLE.casefold()), None)
    if name is None:
        return []
    found = []
    for line in source.grid(name)[1:]:
        cells = [_text(v) for v in line] + [""] * len(MOVES_HEADER)
        if not cells[0]:
            continue
        try:
            batch = int(float(cells[0]))
        except ValueError:
            raise _damaged(source) from None
        found.append((batch, cells[1], Moved(cells[2], cells[3], cells[4], cells[5])))
    return found


def moves_rows(moves: Sequence[tuple[int, str, Moved]]) -> Iterator[Sequence[object]]:
    """The moves sheet's rows, header first."""
    yield list(MOVES_HEADER)
    for batch, sheet, moved in moves:
        yield [batch, sheet, moved.kind, moved.where, moved.before, moved.after]


def _text(value: Any) -> str:
    """A journal cell as text (numbers were written as numbers, kinds and values as text)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _damaged(source: Source) -> XlcrmError:
    return XlcrmError("merge_journal_damaged", name=source.path.name, journal=JOURNAL_TITLE)


def journal_rows(entries: Sequence[JournalEntry]) -> Iterator[Sequence[object]]:
    """The journal sheet's rows, header first."""
    yield list(JOURNAL_HEADER)
    for entry in entries:
        yield entry.as_row()
