"""Deleting and inserting rows of a patched workbook: the part of :class:`WorkbookPatch`
that moves rows (the work is in :mod:`.row_edit`, :mod:`.row_moves` and :mod:`.row_parts`).

    patch = WorkbookPatch("customers.xlsx")
    looks = patch.row_styles("客户", [8, 10])       # to put them back later
    moved = patch.delete_rows("客户", [8, 10])      # rows below move up, references follow
    patch.save("merged.xlsx")

    patch = WorkbookPatch("merged.xlsx")
    patch.insert_rows("客户", {8: looks[8].attrs, 10: looks[10].attrs}, restore=moved)
    patch.patch_cells("客户", {(8, 1): CellPatch(value="C08", style=looks[8].cells[1])})
    patch.save("unmerged.xlsx")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from xlcrm.xlsx.formulas import RowStyle, read_row_styles
from xlcrm.xlsx.package import Package
from xlcrm.xlsx.row_edit import RowEdit, plan_row_move
from xlcrm.xlsx.row_moves import Moved
from xlcrm.xlsx.rows import RowMap
from xlcrm.xlsx.workbook import SheetEntry, WorkbookXml


class RowMoves:
    """Row moves of a :class:`~xlcrm.xlsx.patch.WorkbookPatch` (one per sheet and patch)."""

    _package: Package
    _book: WorkbookXml
    _row_edits: dict[str, RowEdit]

    def _worksheet(self, name: str) -> SheetEntry:  # pragma: no cover - WorkbookPatch's
        raise NotImplementedError

    def row_styles(self, sheet: str, rows: Iterable[int]) -> dict[int, RowStyle]:
        """How ``rows`` of ``sheet`` look (row attributes, each cell's style index)."""
        return read_row_styles(self._package.read(self._worksheet(sheet).part), rows)

    def delete_rows(self, sheet: str, rows: Iterable[int]) -> list[Moved]:
        """Remove ``rows`` of ``sheet``: the rows below move up and what names rows follows.

        Formulas (here and on other sheets), tables, validations, conditional formats,
        merged cells, the AutoFilter, defined names, notes, drawings, charts and pivot
        sources follow, as in Excel (:mod:`.row_moves`). Cell patches of the sheet are
        in the numbering before the deletion. Returns what inserting the rows again
        would not give back by itself; :meth:`insert_rows` takes it to undo exactly.
        """
        return self._move_rows(sheet, RowMap.deleting(rows), (), None)

    def insert_rows(
        self,
        sheet: str,
        rows: Mapping[int, Mapping[str, str]],
        *,
        restore: Iterable[Moved] = (),
    ) -> list[Moved]:
        """Insert empty rows at these numbers (as they are after the insertion), each with
        its <row> attributes; what names rows moves down. Cell patches of the sheet are
        in the numbering after the insertion. ``restore``: what :meth:`delete_rows`
        returned, put back as it was.
        """
        return self._move_rows(sheet, RowMap.inserting(rows), restore, rows)

    def _move_rows(
        self,
        sheet: str,
        rows: RowMap,
        restore: Iterable[Moved],
        attrs: Mapping[int, Mapping[str, str]] | None,
    ) -> list[Moved]:
        entry = self._worksheet(sheet)
        if entry.part in self._row_edits:
            raise ValueError(f"the rows of {sheet!r} are moved once per patch")
        edit, lost = plan_row_move(
            self._package, self._book, entry, rows, restore=restore, row_attrs=attrs
        )
        self._row_edits[entry.part] = edit
        return lost
