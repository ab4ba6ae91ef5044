"""Tables, PivotTables and shared formulas: the structured parts a patch can add.

:class:`StructuredParts` is the part of :class:`~xlcrm.xlsx.patch.WorkbookPatch` that
makes them: a formula filled down a column as one shared formula, an Excel table over a
range (or a user's table grown), and PivotTables over a table on a sheet the patch adds.
The parts themselves are written by :mod:`xlcrm.xlsx.tables` and :mod:`xlcrm.xlsx.pivots`;
this class only records what the sheets must list when the patch saves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xlcrm.xlsx.cells import CellPatch, SharedFormula, cell_ref
from xlcrm.xlsx.newsheet import NewSheet
from xlcrm.xlsx.package import Package
from xlcrm.xlsx.pivots import PivotSource, PivotTableSpec, add_pivot_cache, add_pivot_table
from xlcrm.xlsx.sheet_layout import merged_ranges, next_shared_index, sheet_filter_ref
from xlcrm.xlsx.tables import (
    DEFAULT_STYLE,
    TableColumn,
    TableInfo,
    add_table,
    extended_table_xml,
    overlaps,
    sheet_tables,
    unique_table_name,
)
from xlcrm.xlsx.workbook import SheetEntry, WorkbookXml


class StructuredParts:
    """Tables, PivotTables and shared formulas of a :class:`WorkbookPatch` (its base)."""

    _package: Package
    _book: WorkbookXml
    _new: dict[str, tuple[SheetEntry, NewSheet]]
    _tables: dict[str, list[str]]  # sheet part -> rel ids of tables added
    _drop_filter: set[str]  # sheet parts whose AutoFilter a table replaces
    _shared: dict[str, int]  # sheet part -> next free shared-formula index
    _prune: bool  # pivot caches may have lost their tables

    def _worksheet(self, name: str) -> SheetEntry:
        raise NotImplementedError

    def patch_cells(self, sheet: str, cells: Mapping[tuple[int, int], CellPatch]) -> None:
        raise NotImplementedError

    def fill_formula(
        self,
        sheet: str,
        column: int,
        rows: tuple[int, int],
        formula: str,
        values: Sequence[object],
        number_format: str | None = None,
    ) -> None:
        """One formula down ``column`` of ``sheet`` from ``rows[0]`` to ``rows[1]`` (a shared
        formula: its text is stored once), with each row's cached result in ``values``."""
        first, last = rows
        if len(values) != last - first + 1:
            raise ValueError(f"{len(values)} values for rows {first}-{last}")
        part = self._worksheet(sheet).part
        if part not in self._shared:
            self._shared[part] = next_shared_index(self._package.read(part))
        index = self._shared[part]
        self._shared[part] += 1
        ref = f"{cell_ref(first, column)}:{cell_ref(last, column)}"
        member = SharedFormula(index)
        made: dict[tuple[type, object], CellPatch] = {}  # the cells that are alike, made once
        cells = {}
        for row, value in zip(range(first + 1, last + 1), values[1:], strict=True):
            key = (type(value), value)
            patch = made.get(key)
            if patch is None:
                patch = made[key] = CellPatch(
                    value, number_format=number_format, formula=formula, shared=member
                )
            cells[(row, column)] = patch
        anchor = SharedFormula(index, ref)
        cells[(first, column)] = CellPatch(
            values[0], number_format=number_format, formula=formula, shared=anchor
        )
        self.patch_cells(sheet, cells)

    def tables(self, sheet: str) -> list[TableInfo]:
        """The Excel tables of ``sheet`` (name, range, column names)."""
        return sheet_tables(self._package, self._worksheet(sheet).part)

    def merged_ranges(self, sheet: str) -> list[str]:
        """The merged cell ranges of ``sheet`` ("A1:D1", ...)."""
        return merged_ranges(self._package.read(self._worksheet(sheet).part))

    def free_table_name(self, name: str) -> str:
        """``name``, or ``name`` with 2, 3 ... after it, that no table or defined name has."""
        return unique_table_name(self._package, self._book.defined_name_set(), name)

    def set_table(
        self,
        sheet: str,
        ref: str,
        columns: Sequence[TableColumn],
        *,
        name: str,
        replace: TableInfo | None = None,
        style: str = DEFAULT_STYLE,
    ) -> str:
        """Make ``ref`` of ``sheet`` an Excel table, or grow the table ``replace`` to it;
        return the table's name. The caller writes the header cells (the columns' names).

        A new table gets ``name`` (made unique in the workbook: 客户表, 客户表2 ...); the
        sheet's AutoFilter, if it overlaps, gives way (a table has its own).
        """
        part = self._worksheet(sheet).part
        if replace is not None:
            data = extended_table_xml(self._package.read(replace.part), replace.part, ref, columns)
            self._package.put(replace.part, data)
            return replace.name
        name = self.free_table_name(name)
        rel_id = add_table(self._package, part, ref, columns, name, style)
        self._tables.setdefault(part, []).append(rel_id)
        filtered = sheet_filter_ref(self._package.read(part))
        if filtered is not None and overlaps(filtered, ref):
            self._drop_filter.add(part)
            self._book.drop_filter_name(self._worksheet(sheet).index)
        return name

    def add_pivot_tables(
        self, title: str, source: PivotSource, pivots: Sequence[PivotTableSpec]
    ) -> None:
        """Put ``pivots`` on the sheet ``title`` added by this patch, over one new cache of
        ``source`` that Excel refreshes when it opens the copy (see :mod:`.pivots`)."""
        entry = next((e for e, _ in self._new.values() if e.name == title), None)
        if entry is None:
            raise ValueError(f"pivot tables go on a sheet this patch adds, not {title!r}")
        cache = add_pivot_cache(self._package, self._book, source)
        for spec in pivots:
            add_pivot_table(self._package, entry.part, spec, source, cache)
        self._prune = True
