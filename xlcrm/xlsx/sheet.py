"""A worksheet part's rows and cells (``xl/worksheets/sheetN.xml``), stream-edited as bytes.

The sheet XML is scanned as bytes, not parsed: rows are found with one regular
expression, and only rows that have a patch (or a marked cell to put back, see
``revert``) are touched. Inside such a row, a patched cell is found by searching for
its ``<c r="E5"`` start; only that cell is rewritten, and every other byte is copied as
it was. A cell that does not exist yet is inserted before the first cell to its right.
This is 2 to 8 times faster than ``lxml.etree.iterparse`` and re-serialising
(bench/patch.py --iterparse), and cannot lose what a parser would not understand.
When the sheet's rows move (:class:`~xlcrm.xlsx.row_edit.RowEdit`), deleted rows are
left out and the bytes of the others renumbered on their way through.

The scanner relies on what writers of SpreadsheetML produce: ``<row>`` and ``<c>``
elements are never nested in themselves, attribute values hold no ``>``, and there are
no XML comments or CDATA inside ``<sheetData>``. Rows and cells without an ``r``
attribute (some writers leave it out) take the position after the previous one, as in
Excel; such rows go through a slower, general path that gives each cell its address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import (
    KEEP,
    CellPatch,
    cell_ref,
    column_letters,
    column_number,
    default_date_format,
    formula_xml,
    parse_ref,
    value_xml,
)
from xlcrm.xlsx.formulas import anchors_other_cells
from xlcrm.xlsx.package import REL_NS, damaged
from xlcrm.xlsx.row_edit import RowEdit
from xlcrm.xlsx.sheet_layout import (
    ROW_NUMBER,
    Attrs,
    ChildEdits,
    SheetLayout,
    format_attrs,
    parse_attrs,
    rewrite_head,
    rewrite_tail,
    row_number,
)
from xlcrm.xlsx.styles import Styles
from xlcrm.xlsx.tables import table_part_ids, table_parts_xml

_FLUSH = 1 << 20  # bytes gathered before a chunk goes to the zip stream
_DROPPED_WITH_VALUE = (b"t", b"cm", b"vm")  # type, and metadata of the old value
_STYLE = re.compile(rb"\ss\s*=\s*[\"'](\d+)[\"']")
StyleOfEmpty = Callable[[int], int]


@dataclass
class SheetEdit:
    """What to change in one worksheet part, and (after streaming) what was done."""

    patches: dict[int, dict[int, CellPatch]]  # row -> column -> patch that changes the cell
    styles: Styles
    revert: dict[int, int] = field(default_factory=dict)  # marked xf -> base xf
    date1904: bool = False
    legacy_drawing: str | None = None  # relationship id for a new <legacyDrawing>
    drop_legacy_drawing: bool = False
    table_rel_ids: list[str] = field(default_factory=list)  # tables to list in <tableParts>
    drop_autofilter: bool = False  # a table takes over the sheet's AutoFilter range
    formulas_dropped: int = 0
    formulas_written: int = 0
    cells_created: int = 0
    rows_created: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (cell, why)
    rows: RowEdit | None = None  # rows deleted or inserted (see WorkbookPatch.delete_rows)


def stream_sheet(data: bytes, edit: SheetEdit) -> Iterator[bytes]:
    """The edited sheet XML, in chunks of about a megabyte."""
    layout = SheetLayout.scan(data)
    children = _child_edits(layout, edit)
    moves = edit.rows
    bounds = _patched_bounds(edit) if moves is None else None  # moved rows: moved range
    yield (
        moves.head(rewrite_head(layout, bounds, children))
        if moves
        else rewrite_head(layout, bounds, children)
    )
    yield from _Body(layout, edit).chunks()
    tail = rewrite_tail(layout, children)
    yield tail if moves is None else moves.tail(tail, layout)


def _child_edits(layout: SheetLayout, edit: SheetEdit) -> ChildEdits:
    """The link to the notes' drawing, added or removed, the tables listed, the AutoFilter
    dropped, as the edit says."""
    edits: dict[str, bytes | None] = {}
    if edit.drop_legacy_drawing:
        edits["legacyDrawing"] = None
    elif edit.legacy_drawing is not None:
        edits["legacyDrawing"] = layout.relationship_element(
            "legacyDrawing", edit.legacy_drawing, REL_NS
        )
    if edit.table_rel_ids:
        children, _end = layout.tail_children()
        listed = [
            rel_id
            for child in children
            if child.name == b"tableParts"
            for rel_id in table_part_ids(layout.data[child.start : child.end])
        ]
        ids = listed + [i for i in edit.table_rel_ids if i not in listed]
        edits["tableParts"] = table_parts_xml(ids, layout.prefix, layout.namespace_prefix(REL_NS))
    if edit.drop_autofilter:
        edits["autoFilter"] = None
    return edits


def _patched_bounds(edit: SheetEdit) -> tuple[int, int] | None:
    """The last row and column a patch writes a cell in (None when none does)."""
    rows = [r for r, cells in edit.patches.items() if cells]
    if not rows:
        return None
    return max(rows), max(max(cells) for cells in edit.patches.values() if cells)


class _Body:
    """The rows of <sheetData>: copied as bytes, except the rows that change."""

    def __init__(self, layout: SheetLayout, edit: SheetEdit) -> None:
        self.data, self.layout, self.edit = layout.data, layout, edit
        self.p = p = layout.prefix
        q = re.escape(p)
        self.row_re = re.compile(rb"<" + q + rb"row\b([^>]*?)(/?)>")
        self.cell_re = re.compile(rb"<" + q + rb"c\b([^>]*?)(?:/>|>(.*?)</" + q + rb"c>)", re.S)
        self.cell_start_re = re.compile(rb"<" + q + rb"c\b(?:\s+r=\"([A-Z]+)\d+\")?")
        self.formula_re = re.compile(rb"<" + q + rb"f\b([^>]*)")
        self.close_row = b"</" + p + b"row>"
        self.cell_open = b"<" + p + b'c r="'

    def old(self, data: bytes) -> bytes:
        """Bytes of rows as they were, renumbered when the sheet's rows move."""
        moves = self.edit.rows
        return data if moves is None else moves.old(data, self.p)

    def created(self, number: int) -> bytes:
        """A row made for patches: in the old numbering when rows are deleted."""
        row = self.new_row(number)
        moves = self.edit.rows
        return self.old(row) if moves is not None and moves.deletes else row

    def chunks(self) -> Iterator[bytes]:
        data, edit, moves = self.data, self.edit, self.edit.rows
        body_start, body_end = self.layout.body_start, self.layout.body_end
        pending, marks = sorted(edit.patches), self._marked_positions()
        out: list[bytes] = []
        size = number = next_patch = next_mark = 0
        cursor = body_start
        for match in self.row_re.finditer(data, body_start, body_end):
            start, number = match.start(), row_number(match.group(1), number)
            key = number if moves is None else moves.key(number)
            while next_patch < len(pending) and pending[next_patch] < key:  # missing rows
                out += [self.old(data[cursor:start]), self.created(pending[next_patch])]
                cursor, next_patch = start, next_patch + 1
            if match.group(2):
                inner_end = end = match.end()
            else:
                inner_end = data.find(self.close_row, match.end(), body_end)
                if inner_end < 0:
                    raise damaged("a row of the sheet is not closed")
                end = inner_end + len(self.close_row)
            first_mark = next_mark
            while next_mark < len(marks) and marks[next_mark] < end:
                next_mark += 1
            if moves is not None and moves.deletes and moves.is_deleted(number):
                out.append(self.old(data[cursor:start]))  # the row goes
                cursor, next_patch = (
                    end,
                    next_patch + (next_patch < len(pending) and pending[next_patch] == key),
                )
                continue
            has_patch = next_patch < len(pending) and pending[next_patch] == key
            if not has_patch and first_mark == next_mark:
                continue
            patches = edit.patches[key] if has_patch else {}
            row = self.rewrite_row(number, match, inner_end, patches, marks[first_mark:next_mark])
            out += [self.old(data[cursor:start]), self.old(row)]
            size += start - cursor + len(row)
            cursor, next_patch = end, next_patch + has_patch
            if size >= _FLUSH:
                yield b"".join(out)
                out, size = [], 0
        out.append(self.old(data[cursor:body_end]))
        out += [self.created(row) for row in pending[next_patch:]]
        yield b"".join(out)

    def _marked_positions(self) -> list[int]:
        """Where the cells styled with a mark to put back start (only when reverting)."""
        if not self.edit.revert:
            return []
        ids = b"|".join(str(i).encode() for i in sorted(self.edit.revert))
        q = re.escape(self.p)
        pattern = re.compile(rb"<" + q + rb"c\b[^>]*?\ss=[\"'](?:" + ids + rb")[\"']")
        span = (self.layout.body_start, self.layout.body_end)
        return [m.start() for m in pattern.finditer(self.data, *span)]

    # -- one row -------------------------------------------------------------------------

    def rewrite_row(
        self,
        number: int,
        row: re.Match[bytes],
        inner_end: int,
        patches: dict[int, CellPatch],
        marks: list[int],
    ) -> bytes:
        """The row with its patched and marked cells rewritten and missing cells added."""
        data, inner_start = self.data, row.end()
        found: dict[int, tuple[int, CellPatch | None]] = {}  # cell start -> column, patch
        missing: dict[int, CellPatch] = {}
        digits = str(number).encode()
        for column, patch in patches.items():
            needle = self.cell_open + column_letters(column).encode() + digits + b'"'
            at = data.find(needle, inner_start, inner_end)
            if at >= 0:
                found[at] = (column, patch)
            else:
                missing[column] = patch
        for at in marks:
            found.setdefault(at, (0, None))
        inserts = self.insertion_points(inner_start, inner_end, missing) if missing else []
        if inserts is None:
            return self.rewrite_row_slowly(number, row, inner_end, patches)
        pieces = [self.row_tag(number, row, bool(inserts))]
        if inserts:
            base = self.empty_cell_style(parse_attrs(row.group(1)))
            self.edit.cells_created += len(inserts)
        cursor = inner_start
        events = sorted([(a, 0, c) for a, c in inserts] + [(a, 1, 0) for a in found])
        for at, is_cell, column in events:
            pieces.append(data[cursor:at])
            if not is_cell:
                pieces.append(self.cell(number, column, {}, None, missing[column], base(column)))
                cursor = at
                continue
            cell = self.cell_re.match(data, at)
            if cell is None:
                raise damaged(f"a cell of row {number} is not closed")
            column, change = found[at]
            if change is None or not change.changes_value:
                pieces.append(self.restyle(cell, change))
            else:
                attrs = parse_attrs(cell.group(1))
                pieces.append(self.cell(number, column, attrs, cell.group(2), change))
            cursor = cell.end()
        pieces += [data[cursor:inner_end], self.close_row]
        return b"".join(pieces)

    def row_tag(self, number: int, row: re.Match[bytes], cells_added: bool) -> bytes:
        """The row's start tag: as it was, unless it lacks ``r`` or its spans go stale."""
        if not cells_added and ROW_NUMBER.search(row.group(1)):
            return row.group(0)
        attrs = parse_attrs(row.group(1))
        attrs.pop(b"spans", None)  # only a hint, and a wrong one once cells are added
        attrs = {b"r": str(number).encode(), **attrs}
        return b"<" + self.p + b"row" + format_attrs(attrs) + b">"

    def restyle(self, cell: re.Match[bytes], patch: CellPatch | None) -> bytes:
        """A cell whose value stays, with its style changed in place (the common case)."""
        raw = cell.group(1)
        found = _STYLE.search(raw)
        old = int(found.group(1)) if found else 0
        new = self.edit.revert.get(old, old)
        if patch is not None:
            new = new if patch.style is None else patch.style
            new = self.edit.styles.resolve(new, patch.fill, patch.number_format)
        if new == old:
            return cell.group(0)
        style = b' s="%d"' % new if new else b""
        raw = raw[: found.start()] + style + raw[found.end() :] if found else raw + style
        return b"<" + self.p + b"c" + raw + self.data[cell.end(1) : cell.end()]

    def insertion_points(
        self, inner_start: int, inner_end: int, missing: dict[int, CellPatch]
    ) -> list[tuple[int, int]] | None:
        """Where each missing cell goes: before the first cell to its right.

        None when a cell in the row has no leading ``r``, or when the row holds more than
        cells (an extLst): the slow path handles those.
        """
        starts: list[tuple[int, int]] = []
        for match in self.cell_start_re.finditer(self.data, inner_start, inner_end):
            if match.group(1) is None:
                return None
            starts.append((column_number(match.group(1)), match.start()))
        if self.data.find(b"<" + self.p + b"extLst", inner_start, inner_end) >= 0:
            return None
        points = []
        for column in sorted(missing):
            at = next((pos for col, pos in starts if col > column), inner_end)
            points.append((at, column))
        return points

    def rewrite_row_slowly(
        self, number: int, row: re.Match[bytes], inner_end: int, patches: dict[int, CellPatch]
    ) -> bytes:
        """The general path: take every cell of the row apart and put it back together."""
        attrs = parse_attrs(row.group(1))
        inner = b"" if row.group(2) else self.data[row.end() : inner_end]
        todo = dict(patches)
        pieces: list[tuple[int, bytes]] = []
        for column, cell_attrs, body in self.parse_cells(inner, number):
            patch = todo.pop(column, None)
            pieces.append((column, self.cell(number, column, cell_attrs, body, patch)))
        if todo:
            base = self.empty_cell_style(attrs)
            pieces += [(c, self.cell(number, c, {}, None, p, base(c))) for c, p in todo.items()]
            pieces.sort(key=lambda piece: piece[0])
            attrs.pop(b"spans", None)
            self.edit.cells_created += len(todo)
        attrs = {b"r": str(number).encode(), **attrs}
        body = b"".join(piece for _, piece in pieces)
        return b"<" + self.p + b"row" + format_attrs(attrs) + b">" + body + self.close_row

    def parse_cells(self, inner: bytes, number: int) -> list[tuple[int, Attrs, bytes | None]]:
        cells: list[tuple[int, Attrs, bytes | None]] = []
        column = 0
        for match in self.cell_re.finditer(inner):
            attrs = parse_attrs(match.group(1))
            ref = attrs.get(b"r")
            column = column_number(ref.rstrip(b"0123456789")) if ref else column + 1
            if ref is None:  # give every cell of a rewritten row its address
                attrs = {b"r": cell_ref(number, column).encode(), **attrs}
            cells.append((column, attrs, match.group(2)))
        return cells

    def new_row(self, number: int) -> bytes:
        patches = self.edit.patches[number]
        self.edit.rows_created += 1
        self.edit.cells_created += len(patches)
        moves = self.edit.rows
        attrs = moves.row_attrs.get(number, b"") if moves is not None else b""
        base = self.empty_cell_style(parse_attrs(attrs))
        cells = b"".join(
            self.cell(number, c, {}, None, patches[c], base(c)) for c in sorted(patches)
        )
        head = b"<" + self.p + b'row r="' + str(number).encode() + b'"' + attrs + b">"
        return head + cells + self.close_row

    def empty_cell_style(self, row_attrs: Attrs) -> StyleOfEmpty:
        """How Excel styles a cell that has no element: the row's style, else the column's."""
        if row_attrs.get(b"customFormat") in (b"1", b"true"):
            row_style = int(row_attrs.get(b"s") or 0)
            return lambda _column: row_style
        return lambda column: self.layout.column_styles.get(column, 0)

    # -- one cell ------------------------------------------------------------------------

    def cell(
        self,
        row: int,
        column: int,
        attrs: Attrs,
        body: bytes | None,
        patch: CellPatch | None,
        style: int | None = None,
    ) -> bytes:
        """A cell's XML after the patch (and after putting back a mark)."""
        if style is None:
            style = int(attrs.get(b"s") or 0)
        style = self.edit.revert.get(style, style)
        value = KEEP if patch is None else patch.value
        formula = None if patch is None else patch.formula
        replaces = value is not KEEP or formula is not None
        if replaces and body is not None and not self.may_drop_formula(body, row, column):
            value, formula, replaces = KEEP, None, False
        if patch is not None:
            style = style if patch.style is None else patch.style
            number_format = patch.number_format
            if number_format is None and value is not KEEP:
                wanted = default_date_format(value)
                number_format = None if self.edit.styles.shows_dates(style) else wanted
            style = self.edit.styles.resolve(style, patch.fill, number_format)
        attrs = {b"r": attrs.get(b"r") or cell_ref(row, column).encode(), **attrs}
        if style:
            attrs[b"s"] = str(style).encode()
        else:
            attrs.pop(b"s", None)
        p = self.p
        if replaces:
            if formula is not None:
                shared = None if patch is None else patch.shared
                kind, xml = formula_xml(formula, value, self.edit.date1904, shared)
                self.edit.formulas_written += 1
            else:
                kind, xml = value_xml(value, self.edit.date1904)
            for name in _DROPPED_WITH_VALUE:
                attrs.pop(name, None)
            if kind:
                attrs[b"t"] = kind.encode()
            body = (xml.encode() if not p else _prefixed(xml, p)) if xml else None
        if body is None:
            return b"<" + p + b"c" + format_attrs(attrs) + b"/>"
        return b"<" + p + b"c" + format_attrs(attrs) + b">" + body + b"</" + p + b"c>"

    def may_drop_formula(self, body: bytes, row: int, column: int) -> bool:
        """Whether a value may replace the cell's formula; count it if there is one.

        A shared formula's first cell holds the text the other cells of the group are
        computed from, and an array formula spans several cells: replacing those would
        break other cells, so such a cell keeps its formula and is reported instead,
        unless this edit replaces every cell of the group (a column written again).
        """
        match = self.formula_re.search(body)
        if match is None:
            return True
        attrs = parse_attrs(match.group(1).rstrip(b"/"))
        if anchors_other_cells(attrs) and not self.replaces_all(attrs[b"ref"].decode()):
            why = "keeps its formula: other cells depend on it (shared or array formula)"
            self.edit.skipped.append((cell_ref(row, column), why))
            return False
        self.edit.formulas_dropped += 1
        return True

    def replaces_all(self, ref: str) -> bool:
        """Whether the edit gives every cell of ``ref`` ("P5:P900") a new value or formula."""
        first, _, last = ref.partition(":")
        try:
            (top, left), (bottom, right) = parse_ref(first), parse_ref(last or first)
        except ValueError:
            return False
        patches = self.edit.patches
        for row in range(top, bottom + 1):
            cells = patches.get(row, {})
            for column in range(left, right + 1):
                patch = cells.get(column)
                if patch is None or not patch.changes_value:
                    return False
        return True


def _prefixed(xml: str, prefix: bytes) -> bytes:
    """Cell body XML with the sheet's namespace prefix (for sheets written as <x:c>)."""
    return re.sub(rb"<(/?)(?!xml)(?=[a-z])", rb"<\1" + prefix, xml.encode())
