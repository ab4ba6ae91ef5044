"""The merge journal: every data-sheet cell a merge changed, before and after, in the workbook.

``xlcrm merge`` writes one journal line per cell it changes in the data sheet (the
surviving row's new values, the cleared rows, the provenance column) into a hidden sheet
(``xlcrm_merge_journal``). Values are stored as text with their kind (text, integer,
float by ``repr``, date, boolean ...), so ``xlcrm unmerge`` writes back exactly what was
there, type included. A cell that held a formula also keeps its formula text
(``before_formula``, without "="), which unmerge writes back; journals written before
that column existed read as formula-free. Each merge is a batch; unmerge undoes the latest one, so merges
made month after month can be undone one at a time.
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

JOURNAL_HEADER = (
    "batch", "sheet", "row", "column", "before_kind", "before", "after_kind", "after",
    "before_formula",
)  # fmt: skip
REQUIRED = len(JOURNAL_HEADER) - 1  # older journals end before "before_formula"


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

    def as_row(self) -> list[object]:
        before_kind, before = encode(self.before)
        after_kind, after = encode(self.after)
        return [self.batch, self.sheet, self.row, self.column, before_kind, before, after_kind,
                after, self.before_formula or ""]  # fmt: skip


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
                )
            )  # fmt: skip
        except ValueError:
            raise _damaged(source) from None
    return entries


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
