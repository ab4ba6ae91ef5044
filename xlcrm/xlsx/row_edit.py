"""Planning a row move of one sheet before the copy is written (see :mod:`.row_moves`).

:func:`plan_row_move` does at once all the work outside the sheet's rows — tables,
notes, drawing anchors, defined names, other sheets, charts, pivot caches, the sheet's
head and tail — and scans the sheet's formulas, so the texts a deletion cannot give back
are known before anything is written (the caller journals them). The rows themselves are
moved while the sheet streams (:class:`RowEdit`, used by :mod:`.sheet`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import xml_attr
from xlcrm.xlsx.package import Package
from xlcrm.xlsx.row_moves import Moved, Mover, move_head, move_segment, move_tail, shared_anchors
from xlcrm.xlsx.row_parts import (
    move_chart_or_pivot,
    move_other_sheet,
    move_related_parts,
    move_workbook_names,
)
from xlcrm.xlsx.rows import RowMap
from xlcrm.xlsx.sheet_layout import SheetLayout, row_number
from xlcrm.xlsx.workbook import SheetEntry, WorkbookXml

__all__ = ["RowEdit", "plan_row_move"]

_ROW_ATTRS = re.compile(r"[A-Za-z][\w:.-]*")


@dataclass
class RowEdit:
    """What the sheet's stream needs to move its rows."""

    mover: Mover
    broken: dict[bytes, tuple[str, str]] = field(default_factory=dict)  # shared, first cell gone
    row_attrs: dict[int, bytes] = field(default_factory=dict)  # inserted rows: <row> attributes

    @property
    def deletes(self) -> bool:
        return bool(self.mover.rows.deleted)

    def is_deleted(self, row: int) -> bool:
        return self.mover.rows.is_deleted(row)

    def old(self, data: bytes, prefix: bytes) -> bytes:
        """Rows as they were, renumbered and with their formulas moved."""
        return move_segment(data, self.mover, prefix, self.broken)

    def head(self, head: bytes) -> bytes:
        """The sheet up to its rows, with the used range, pane and selection moved."""
        return move_head(head, self.mover)

    def tail(self, tail: bytes, layout: SheetLayout) -> bytes:
        """``</sheetData>`` and what follows, with the tail's ranges and formulas moved."""
        closing = b"</" + layout.prefix + b"sheetData>"
        end = tail.rfind(b"</")
        return closing + move_tail(tail[len(closing) : end], layout, self.mover) + tail[end:]

    def key(self, row: int) -> int:
        """The number a cell patch gives a row: before a deletion, after an insertion."""
        return row if self.deletes else (self.mover.row(row) or row)


def row_attributes(attrs: Mapping[str, str]) -> bytes:
    """A row's attributes (ht, customHeight, hidden, s, customFormat ...) as XML."""
    parts = []
    for name, value in attrs.items():
        if name == "r" or not _ROW_ATTRS.fullmatch(name):
            continue
        parts.append(f' {name}="{xml_attr(str(value))}"')
    return "".join(parts).encode()


def plan_row_move(
    package: Package,
    book: WorkbookXml,
    entry: SheetEntry,
    rows: RowMap,
    *,
    restore: Iterable[Moved] = (),
    row_attrs: Mapping[int, Mapping[str, str]] | None = None,
) -> tuple[RowEdit, list[Moved]]:
    """Move everything about ``entry``'s rows except the rows; what cannot be given back."""
    lookup = {(m.kind, m.where, m.after): m.before for m in restore}
    mover = Mover(entry.name, rows, lookup)
    data = package.read(entry.part)
    layout = SheetLayout.scan(data)
    broken = shared_anchors(layout, rows)
    _scan_formulas(layout, mover, broken)
    _children, tail_end = layout.tail_children()
    move_head(data[: layout.open_start], mover)
    move_tail(data[layout.tail_start : tail_end], layout, mover)
    move_related_parts(package, entry.part, mover)
    if move_workbook_names(book.defined_names(), mover):
        book.changed = True
    _move_other_parts(package, book, entry, mover)
    book.drop_calc_chain()
    lost = list(mover.lost)
    stream = Mover(entry.name, rows, lookup)
    attrs = {row: row_attributes(a) for row, a in (row_attrs or {}).items()}
    return RowEdit(stream, broken, attrs), lost


def _scan_formulas(
    layout: SheetLayout, mover: Mover, broken: Mapping[bytes, tuple[str, str]]
) -> None:
    """Every formula of the kept rows through the mover, to learn what cannot be undone."""
    data, p = layout.data, layout.prefix
    if data.find(b"<" + p + b"f", layout.body_start, layout.body_end) < 0:
        return
    q = re.escape(p)
    row_re = re.compile(rb"<" + q + rb"row\b([^>]*?)(/?)>")
    close_row = b"</" + p + b"row>"
    number = 0
    for row in row_re.finditer(data, layout.body_start, layout.body_end):
        number = row_number(row.group(1), number)
        if row.group(2):
            continue
        end = data.find(close_row, row.end(), layout.body_end)
        if mover.rows.deleted and mover.rows.is_deleted(number):
            continue
        chunk = data[row.start() : end + len(close_row)]
        if b"<" + p + b"f" in chunk:
            move_segment(chunk, mover, p, broken)


def _needles(name: str) -> set[bytes]:
    """How a sheet name can be written in XML: as is, escaped, or as character references
    (openpyxl writes 客户 as &#23458;&#25143;)."""
    escaped = html.escape(name, quote=False)
    decimal = "".join(ch if ch.isascii() else f"&#{ord(ch)};" for ch in escaped)
    hexadecimal = "".join(ch if ch.isascii() else f"&#x{ord(ch):x};" for ch in escaped)
    return {name.encode(), escaped.encode(), decimal.encode(), hexadecimal.encode()}


def _move_other_parts(package: Package, book: WorkbookXml, entry: SheetEntry, mover: Mover) -> None:
    """Other sheets, charts and pivot caches that name the sheet."""
    needles = _needles(entry.name)
    restored = {where.split("!")[0] for kind, where, _ in mover.restore if kind == "other-sheet"}
    for other in book.sheets():
        if other.part == entry.part or not other.is_worksheet or not package.has(other.part):
            continue
        data = package.read(other.part)
        if other.name in restored or any(n in data for n in needles):
            package.put(other.part, move_other_sheet(data, mover, other.name))
    for part in package.names():
        if part.startswith("xl/charts/chart") or part.startswith(
            "xl/pivotCache/pivotCacheDefinition"
        ):
            data = package.read(part)
            if any(n in data for n in needles):
                package.put(part, move_chart_or_pivot(data, mover))
