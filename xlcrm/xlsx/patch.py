"""Mark up a copy of a workbook fast, without touching what xlcrm does not understand.

:class:`WorkbookPatch` edits the workbook *package* (the zip of XML parts) instead of
loading it into an object model: every part it does not need to change (charts,
images, shapes, form controls, slicers, pivot caches, VBA, custom XML ...) is copied
byte for byte, and the data sheet is rewritten in one streaming pass over its bytes.

    patch = WorkbookPatch("customers.xlsx")
    patch.clear_marks("客户")                       # undo an earlier run's marks
    patch.patch_cells("客户", {
        (17, 3): CellPatch(fill="FFFFC7CE", comment="手机号码位数不对 ..."),
        (18, 5): CellPatch(value=date(2024, 3, 1)),  # gets a date format by itself
    })
    patch.add_sheet("问题清单", rows, hyperlinks={(2, 1): cell_location("客户", 17, 3)})
    summary = patch.save("customers.check.xlsx")    # a PatchSummary

What changes, and how:

* **Fills** paint a cell over its own style: the cell's ``<xf>`` is cloned with a new
  fill, so font, border, number format and alignment stay. The clones are recorded in
  the workbook (custom document property ``xlcrm_fill_styles``), and
  :meth:`WorkbookPatch.clear_marks` puts every cell wearing one back to its own style
  and removes xlcrm's notes, so running again does not stack marks or styles.
* **Notes** (comments) by the author "xlcrm" are merged with the user's: the user's stay,
  xlcrm's earlier ones on the same cells are replaced. A cell that already has a user's
  note keeps it, and xlcrm's is reported in :attr:`PatchSummary.skipped`.
* **Values** are written without touching shared strings (text as inline strings).
  Replacing a value drops the cell's formula, and then ``xl/calcChain.xml`` too (Excel
  rebuilds it). A cell may get a formula instead (``CellPatch(formula=...)``), which
  drops the calc chain as well; :meth:`WorkbookPatch.formulas` reads cells' formulas. The first cell of a shared or array formula keeps its formula, since
  other cells depend on it; it is reported as skipped.
* **Sheets** added with :meth:`WorkbookPatch.add_sheet` replace a sheet of the same
  title in place, so re-runs do not stack Issues sheets; they may carry dropdowns
  (:class:`ListValidation`) and be hidden. ``docProps/app.xml`` keeps its old list of
  sheet titles (Excel rewrites it on save; openpyxl writes none).
* **Rows** can be removed (:meth:`WorkbookPatch.delete_rows`), the rows below moving up
  and everything that names rows following, as in Excel, or put back
  (:meth:`WorkbookPatch.insert_rows`), exactly as they were (:mod:`.patch_rows`).
* **Document properties** (custom, text) are read and set with
  :meth:`WorkbookPatch.get_property` / :meth:`WorkbookPatch.set_property`.
* **Old text** that must not stay in the file (``xlcrm encrypt``) is removed from the
  shared strings with :meth:`WorkbookPatch.blank_shared_strings`.

Speed (bench/patch.py, 100k rows x 19 columns, 10% of the cells filled and noted, a
100k-row Issues sheet, on a 2-core machine): 8-10 s for the whole save, against about
60 s for openpyxl's load + save alone. Parts are produced in a thread while the zip
compresses, so the two cores overlap.

Limits: encrypted workbooks must be decrypted first, Strict Open XML files are
refused, and a part larger than 4 GiB cannot be written (no ZIP64 streaming). What was
checked here is openpyxl, python-calamine and LibreOffice reading the result; Excel's
stricter reading (the layout of the notes' VML, shape-id blocks, inline strings in
place of shared ones) follows what Excel and xlsxwriter write but was not opened in
Excel itself.

Inside, one module per part kind, this one only directing them: :mod:`.package` (the zip,
content types, relationships) and :mod:`.zipwriter` (threaded entries, atomic replace);
:mod:`.workbook` (``xl/workbook.xml``: the sheet list, names, calculation);
:mod:`.sheet_layout` (a worksheet around its rows, in the schema's child order),
:mod:`.sheet` (its rows and cells, as bytes), :mod:`.cells` (values as XML) and
:mod:`.formulas` (reading formulas); :mod:`.newsheet` (added sheets) and :mod:`.charts`
(their charts and drawings); :mod:`.styles` (fills, number formats) and :mod:`.props`
(custom properties, the record of the marks); :mod:`.notes` (the comments part) and
:mod:`.vml` (the notes' boxes); :mod:`.shared_strings` (blanking old text).

Policy is the caller's: :mod:`xlcrm.io.copies` decides which files may be patched (no
CSV) and where copies may go (never over the input, never into a file open in Excel).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from xlcrm.errors import SheetError, SheetNotFoundError, XlcrmError
from xlcrm.text import Text
from xlcrm.xlsx.cells import CellPatch, cell_ref
from xlcrm.xlsx.charts import ChartPart, attach_charts
from xlcrm.xlsx.formulas import CellFormulas, read_formulas
from xlcrm.xlsx.newsheet import ListValidation, NewSheet, stream_new_sheet
from xlcrm.xlsx.notes import update_notes, xlcrm_note_cells
from xlcrm.xlsx.package import RT_STYLES, Package
from xlcrm.xlsx.patch_rows import RowMoves
from xlcrm.xlsx.pivots import prune_pivot_caches
from xlcrm.xlsx.props import (
    Marks,
    is_reserved,
    read_marks,
    read_property,
    write_marks,
    write_property,
)
from xlcrm.xlsx.row_edit import RowEdit
from xlcrm.xlsx.shared_strings import blank_shared_strings
from xlcrm.xlsx.sheet import SheetEdit, stream_sheet
from xlcrm.xlsx.sheet_layout import SheetLayout, legacy_drawing_id
from xlcrm.xlsx.structured import StructuredParts
from xlcrm.xlsx.styles import Styles, new_styles_part
from xlcrm.xlsx.workbook import SheetEntry, WorkbookXml, safe_title
from xlcrm.xlsx.zipwriter import replace_atomically

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384


def cell_location(sheet: str, row: int, column: int) -> str:
    """A hyperlink target for a cell: ``cell_location("客户", 17, 3) == "'客户'!C17"``."""
    return "'" + sheet.replace("'", "''") + "'!" + cell_ref(row, column)


@dataclass
class PatchSummary:
    """What :meth:`WorkbookPatch.save` did."""

    cells_patched: int = 0
    cells_created: int = 0
    rows_created: int = 0
    notes_written: int = 0
    notes_removed: int = 0
    formulas_dropped: int = 0
    formulas_written: int = 0
    sheets_added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, cell, why)


class WorkbookPatch(RowMoves, StructuredParts):
    """Edits to a copy of an .xlsx/.xlsm workbook, applied when :meth:`save` writes it."""

    def __init__(self, src: Path | str | BinaryIO, *, name: str | None = None) -> None:
        # A stream is a workbook held in memory (one decrypted from a file password, say);
        # ``name`` is the file name messages give for it.
        self.src: Path | None = None
        source: Path | BinaryIO
        if isinstance(src, str | Path):
            self.src = source = Path(src)
        else:
            source = src
        self.name = name or (self.src.name if self.src is not None else "workbook")
        self._package = Package(source)
        self._book = WorkbookXml(self._package)
        self._styles: Styles | None = None
        self._patches: dict[str, dict[tuple[int, int], CellPatch]] = {}
        self._clear: set[str] = set()
        self._tables: dict[str, list[str]] = {}  # sheet part -> rel ids of tables added
        self._drop_filter: set[str] = set()  # sheet parts whose AutoFilter a table replaces
        self._shared: dict[str, int] = {}  # sheet part -> next free shared-formula index
        self._prune = False  # pivot caches may have lost their tables
        self._new: dict[str, tuple[SheetEntry, NewSheet]] = {}
        self._row_edits: dict[str, RowEdit] = {}
        self._saved = False

    # -- reading -----------------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        """Every sheet's name, in tab order (sheets added so far included)."""
        return [entry.name for entry in self._book.sheets()]

    def _worksheet(self, name: str) -> SheetEntry:
        entry = self._book.find(name)
        if entry is None:
            sheets = Text.join([Text.same(title) for title in self.sheet_names()])
            raise SheetNotFoundError("sheet_not_found", name=name, file=self.name, sheets=sheets)
        if not entry.is_worksheet or not self._package.has(entry.part):
            raise SheetError("not_a_worksheet", name=entry.name)
        if entry.part in {e.part for e, _ in self._new.values()}:
            raise ValueError(
                f"sheet {entry.name!r} is being added by this patch; give its rows instead"
            )
        return entry

    @property
    def styles(self) -> Styles:
        """The workbook's style sheet, with the marks an earlier run left (loaded once)."""
        if self._styles is None:
            rels = self._book.rels.of_type(RT_STYLES)
            if rels and self._package.has(rels[0].part):
                self._styles = Styles(self._package.read(rels[0].part))
            else:
                self._styles = Styles(new_styles_part(self._package, self._book.rels))
            self._styles.adopt_marks(read_marks(self._package))
        return self._styles

    def xlcrm_note_cells(self, sheet: str) -> set[tuple[int, int]]:
        """The (row, column) cells of ``sheet`` that carry a note by xlcrm in the source."""
        return xlcrm_note_cells(self._package, self._worksheet(sheet).part)

    def formulas(self, sheet: str, cells: Iterable[tuple[int, int]]) -> CellFormulas:
        """The formula text (no "=") of those (row, column) ``cells`` of ``sheet`` that have one.

        A cell of a shared formula gets the group's formula as it reads in that cell;
        ``.anchors`` are the cells a value cannot replace (other formulas depend on them).
        """
        return read_formulas(self._package.read(self._worksheet(sheet).part), cells)

    def get_property(self, name: str) -> str | None:
        """The text of custom document property ``name`` (None when there is none).

        Custom properties live in ``docProps/custom.xml``; Excel shows them under File >
        Info > Properties > Advanced > Custom and keeps them when it saves.
        """
        return read_property(self._package, name)

    # -- edits -------------------------------------------------------------------------

    def patch_cells(self, sheet: str, cells: Mapping[tuple[int, int], CellPatch]) -> None:
        """Change cells of ``sheet``, keyed by 1-based (row, column); later calls win per cell."""
        entry = self._worksheet(sheet)
        for (row, column), patch in cells.items():
            if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
                raise ValueError(f"cell ({row}, {column}) is outside an Excel sheet")
            if not isinstance(patch, CellPatch):
                raise TypeError(f"cell ({row}, {column}): expected a CellPatch, not {patch!r}")
        self._patches.setdefault(entry.part, {}).update(cells)

    def set_property(self, name: str, value: str) -> None:
        """Set custom document property ``name`` to the text ``value`` (made if missing).

        The ``xlcrm_fill_styles`` properties are the patcher's record of its marks and
        cannot be set.
        """
        if not name.strip() or is_reserved(name):
            raise ValueError(f"{name!r} cannot be set as a document property")
        write_property(self._package, name, value)

    def blank_shared_strings(self, sheet: str, cells: Iterable[tuple[int, int]]) -> int:
        """Empty the shared strings that only ``cells`` of ``sheet`` show; return how many.

        For old text that must not stay in the file once those cells get new values
        (patched values are inline strings, so the shared ones would stay behind). Give
        the cells new values too, or they show empty. A string another cell of the
        workbook shows is kept; no other cell's string index moves.
        """
        part = self._worksheet(sheet).part
        return blank_shared_strings(self._package, self._book, part, set(cells))

    def clear_marks(self, sheet: str) -> None:
        """Put back every cell xlcrm painted in ``sheet`` and remove xlcrm's notes there."""
        self._clear.add(self._worksheet(sheet).part)

    def add_sheet(
        self,
        title: str,
        rows: Iterable[Sequence[object]],
        *,
        header_rows: int = 1,
        column_widths: Sequence[float] | None = None,
        hyperlinks: Mapping[tuple[int, int], str] | None = None,
        freeze_header: bool = True,
        autofilter: bool = True,
        tab_color: str | None = None,
        charts: Sequence[ChartPart] = (),
        validations: Sequence[ListValidation] = (),
        hidden: bool = False,
    ) -> str:
        """Add a sheet (replacing one of the same title in place); return its final title.

        ``rows`` is consumed while saving; a value may be a :class:`SheetCell` (formula,
        number format, font, fill). ``hyperlinks`` maps (row, column) to a place in the
        workbook such as ``"'客户'!C17"``. ``charts`` are placed on the sheet, and
        ``validations`` give ranges of it a dropdown. ``hidden`` hides the sheet; without
        it a replaced sheet keeps its visibility. The title is cut to 31 characters and
        characters Excel forbids become "_".
        """
        title = safe_title(title).strip("'") or "Sheet"
        old = self._book.find(title)
        if old is not None and old.part in self._patches.keys() | self._clear:
            raise ValueError(f"sheet {old.name!r} has cell patches; it cannot be replaced too")
        if old is not None:
            self._new.pop(old.part, None)
            self._prune = True  # the old sheet's pivot tables may leave caches unused
        entry = self._book.replace_sheet(old, title) if old else self._book.add_sheet(title)
        if hidden:
            self._book.hide(entry.index)
        sheet = NewSheet(title, rows, header_rows, column_widths, dict(hyperlinks or {}),
                         freeze_header, autofilter, tab_color, validations=tuple(validations))  # fmt: skip
        if charts:
            sheet.drawing_rel = attach_charts(self._package, entry.part, charts)
        self._new[entry.part] = (entry, sheet)
        # claimed now, so a second new sheet gets another part name
        size = 2000 * len(rows) if isinstance(rows, Sized) else 0
        self._package.put_stream(
            entry.part, lambda: stream_new_sheet(sheet, self.styles, self._book.date1904), size
        )
        return title

    def calculate_on_open(self) -> None:
        """Have Excel recalculate every formula when it opens the copy (for added formulas)."""
        self._book.calculate_on_open()

    # -- writing -----------------------------------------------------------------------

    def save(self, dst: Path | str, *, compresslevel: int = 6) -> PatchSummary:
        """Write the patched copy to ``dst`` (atomically: a temp file, then a rename).

        ``compresslevel`` is zlib's: 6 is what Excel writes; 1 saves about a second per
        100k rows on two cores and makes the file about a third bigger. ``dst`` ends in
        .xlsm for a workbook with macros and in .xlsx for one without, and is not the
        source: the copy is read from it while written.
        """
        dst = Path(dst)
        if self.src is not None and dst.resolve() == self.src.resolve():
            raise ValueError(f"a WorkbookPatch writes a copy, not over its source {self.src}")
        self._check_suffix(dst)
        summaries: list[PatchSummary] = []

        def write(temp: Path) -> None:
            summaries.append(self.save_to(temp, suffix=dst.suffix, compresslevel=compresslevel))
            if self.src is not None:
                shutil.copymode(self.src, temp)  # the copy is as readable as the original

        try:
            replace_atomically(dst, write)
        finally:
            self.close()
        return summaries[0]

    def save_to(
        self, target: Path | BinaryIO, *, suffix: str, compresslevel: int = 6
    ) -> PatchSummary:
        """Write the patched copy straight into ``target`` (a file or a stream in memory).

        No temporary file and no rename: the caller makes the result appear atomically
        (:meth:`save` does). ``suffix`` is the copy's (.xlsx or .xlsm), checked as in
        :meth:`save`.
        """
        if self._saved:
            raise RuntimeError("a WorkbookPatch is saved once; make a new one for another copy")
        self._check_suffix(Path("copy" + suffix))
        self._saved = True
        summary = PatchSummary()
        touched = self._patches.keys() | self._clear | self._row_edits.keys()
        touched |= self._tables.keys() | self._drop_filter
        edits = {part: self._plan_sheet(part, summary) for part in touched}
        summary.sheets_added = [entry.name for entry, _sheet in self._new.values()]
        recorded = read_marks(self._package)

        def finish() -> None:
            self._finish(edits, summary, recorded)

        self._package.write(target, finish, compresslevel)
        return summary

    def _check_suffix(self, dst: Path) -> None:
        suffix = dst.suffix.lower()
        if self._book.macro_enabled and suffix != ".xlsm":
            raise XlcrmError("output_needs_xlsm", name=dst.name)
        if not self._book.macro_enabled and suffix != ".xlsx":
            raise XlcrmError("output_needs_xlsx", name=dst.name)

    def _plan_sheet(self, part: str, summary: PatchSummary) -> SheetEdit:
        """Write the sheet's notes now and schedule its cells to be streamed."""
        patches = self._patches.get(part, {})
        moves = self._row_edits.get(part)
        if moves is not None and any(p.comment is not None for p in patches.values()):
            raise ValueError("notes cannot be written on a sheet whose rows move")
        if moves is not None and moves.deletes:
            patches = {c: p for c, p in patches.items() if not moves.is_deleted(c[0])}
        data = self._package.read(part)
        linked = legacy_drawing_id(SheetLayout.scan(data))
        linked_id = linked.decode() if linked else None
        notes = {cell: p.comment for cell, p in patches.items() if p.comment is not None}
        result = update_notes(self._package, part, linked_id, notes, part in self._clear)
        rows: dict[int, dict[int, CellPatch]] = {}
        for (row, column), patch in patches.items():
            if patch.changes_cell:
                rows.setdefault(row, {})[column] = patch
        for row in moves.row_attrs if moves is not None else ():
            rows.setdefault(row, {})  # an inserted row, written even with no cell
        edit = SheetEdit(
            rows, self.styles, dict(self.styles.marks) if part in self._clear else {},
            self._book.date1904,
            legacy_drawing=result.legacy_drawing if result.legacy_drawing != linked_id else None,
            drop_legacy_drawing=result.drop_legacy_drawing, rows=moves,
            table_rel_ids=self._tables.get(part, []), drop_autofilter=part in self._drop_filter,
        )  # fmt: skip
        changes_tail = edit.legacy_drawing or edit.drop_legacy_drawing or edit.table_rel_ids
        if rows or edit.revert or changes_tail or edit.drop_autofilter or moves:
            size = len(data) + 200 * len(patches)
            self._package.put_stream(part, _bind(stream_sheet, data, edit), size_hint=size)
        name = self._name_of(part)
        summary.notes_written += result.written
        summary.notes_removed += result.removed
        summary.skipped += [(name, cell, why) for cell, why in result.skipped]
        summary.cells_patched += sum(len(cells) for cells in rows.values())
        return edit

    def _name_of(self, part: str) -> str:
        return next((e.name for e in self._book.sheets() if e.part == part), part)

    def _finish(self, edits: dict[str, SheetEdit], summary: PatchSummary, recorded: Marks) -> None:
        """After the sheets are streamed: styles, marks, workbook and calc chain."""
        for part, edit in edits.items():
            summary.cells_created += edit.cells_created
            summary.rows_created += edit.rows_created
            summary.formulas_dropped += edit.formulas_dropped
            summary.formulas_written += edit.formulas_written
            summary.skipped += [(self._name_of(part), cell, why) for cell, why in edit.skipped]
        formulas_changed = bool(summary.formulas_dropped or summary.formulas_written)
        if formulas_changed:  # the chain lists formula cells; Excel rebuilds it
            self._book.drop_calc_chain()
        if self._prune:
            prune_pivot_caches(self._package, self._book)
        for entry, sheet in self._new.values():
            if sheet.filter_ref:
                self._book.set_filter_range(entry.index, entry.name, sheet.filter_ref)
        styles = self.styles
        if styles.changed:
            self._package.put(self._styles_part(), styles.to_xml())
        if styles.recorded_marks() != recorded:
            write_marks(self._package, styles.recorded_marks())
        if self._book.changed or formulas_changed:
            self._package.put(self._book.part, self._book.to_xml())

    def _styles_part(self) -> str:
        return self._book.rels.of_type(RT_STYLES)[0].part

    def close(self) -> None:
        """Let go of the source file (also done when the object is garbage-collected)."""
        self._package.close()


def _bind(function: Callable[..., Iterable[bytes]], *args: object) -> Callable[[], Iterable[bytes]]:
    return lambda: function(*args)
