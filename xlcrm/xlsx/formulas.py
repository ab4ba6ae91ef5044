"""The formulas of worksheet cells (``xl/worksheets/sheetN.xml``), read as bytes.

Readers such as python-calamine give a formula cell's cached value only; a caller that
must put a cell back exactly (``xlcrm unmerge``) needs the formula text too. The sheet
XML is scanned as bytes like :mod:`xlcrm.xlsx.sheet` does: a sheet without any
``<f>`` costs one search (0.2 s for a 100k-row, 109 MB sheet), and only the wanted rows
are taken apart (1.4 s on that sheet with a formula in every row, half of them shared,
and 16.7k rows wanted, which is what merging 7.6k groups asks for).

A cell in a shared formula group (``<f t="shared" si="0"/>``) holds no text of its own;
it gets the group's formula moved to the cell, as Excel shows it (``N3*2`` shared from
M3 reads ``N6*2`` in M6). An array formula's text is given like any other. The cells
other cells' formulas depend on (the one holding a shared group's text, the first cell
of a multi-cell array) are listed in :attr:`CellFormulas.anchors`: the patcher will not
replace them with a value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.formula.translate import Translator

from xlcrm.xlsx.cells import cell_ref, column_number
from xlcrm.xlsx.sheet_layout import Attrs, SheetLayout, parse_attrs, row_number

_ANCHORING = (b"shared", b"array", b"dataTable")


def anchors_other_cells(formula: Attrs) -> bool:
    """Whether a cell whose <f> has these attributes holds what other cells compute from:
    the text of a shared formula group, or the first cell of a multi-cell array."""
    return formula.get(b"t") in _ANCHORING and b":" in formula.get(b"ref", b"")


@dataclass(frozen=True)
class RowStyle:
    """How a row looks: its <row> attributes (height, hidden, style ...) and each cell's
    style index (0 for the default), cells without a value included."""

    attrs: dict[str, str]
    cells: dict[int, int]


def read_row_styles(data: bytes, rows: Iterable[int]) -> dict[int, RowStyle]:
    """The look of each of ``rows`` (1-based) that the sheet has."""
    wanted = set(rows)
    layout = SheetLayout.scan(data)
    p = re.escape(layout.prefix)
    row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(/?)>")
    cell_re = re.compile(rb"<" + p + rb"c\b([^>]*?)(/?)>")
    close_row = b"</" + layout.prefix + b"row>"
    found: dict[int, RowStyle] = {}
    number = 0
    for row in row_re.finditer(data, layout.body_start, layout.body_end):
        number = row_number(row.group(1), number)
        if number not in wanted:
            continue
        attrs = {
            k.decode(): html.unescape(v.decode()) for k, v in parse_attrs(row.group(1)).items()
        }
        end = row.end() if row.group(2) else data.find(close_row, row.end(), layout.body_end)
        cells: dict[int, int] = {}
        column = 0
        for cell in cell_re.finditer(data, row.end(), end):
            cell_attrs = parse_attrs(cell.group(1))
            ref = cell_attrs.get(b"r")
            column = column_number(ref.rstrip(b"0123456789")) if ref else column + 1
            cells[column] = int(cell_attrs.get(b"s") or 0)
        found[number] = RowStyle(attrs, cells)
    return found


class CellFormulas(dict[tuple[int, int], str]):
    """Formula text (no "=") by (row, column); ``anchors``: cells other formulas need."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[tuple[int, int]] = set()


def read_formulas(data: bytes, cells: Iterable[tuple[int, int]]) -> CellFormulas:
    """The formula text (without "=") of each of ``cells`` (row, column) that has one."""
    wanted = set(cells)
    rows = {r for r, _c in wanted}
    layout = SheetLayout.scan(data)
    p = re.escape(layout.prefix)
    start, end = layout.body_start, layout.body_end
    found = CellFormulas()
    if not wanted or data.find(b"<" + layout.prefix + b"f", start, end) < 0:
        return found
    row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(/?)>")
    cell_re = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
    formula_re = re.compile(rb"<" + p + rb"f\b([^>]*?)(?:/>|>(.*?)</" + p + rb"f>)", re.S)
    close_row = b"</" + layout.prefix + b"row>"
    dependents: dict[tuple[int, int], bytes] = {}  # wanted cell -> si of its shared group
    number = 0
    for row in row_re.finditer(data, start, end):
        number = row_number(row.group(1), number)
        if row.group(2) or number not in rows:
            continue
        inner_end = data.find(close_row, row.end(), end)
        column = 0
        for cell in cell_re.finditer(data, row.end(), inner_end):
            ref = parse_attrs(cell.group(1)).get(b"r")
            column = column_number(ref.rstrip(b"0123456789")) if ref else column + 1
            formula = formula_re.search(cell.group(2) or b"")
            if formula is None or (number, column) not in wanted:
                continue
            attrs = parse_attrs(formula.group(1))
            text = html.unescape((formula.group(2) or b"").decode("utf-8"))
            if text:
                found[(number, column)] = text
                if anchors_other_cells(attrs):
                    found.anchors.add((number, column))
            elif attrs.get(b"t") == b"shared" and b"si" in attrs:
                dependents[(number, column)] = attrs[b"si"]
    if dependents:
        shared = _shared_texts(layout, formula_re)
        for (r, c), si in dependents.items():
            if si in shared:
                anchor, text = shared[si]
                moved = Translator("=" + text, origin=anchor).translate_formula(cell_ref(r, c))
                found[(r, c)] = moved.removeprefix("=")
    return found


def shared_texts(layout: SheetLayout) -> dict[bytes, tuple[str, str]]:
    """si -> (cell, text) of each shared formula group of a sheet, from the cells holding
    the text (the other cells of the group compute theirs from it)."""
    p = re.escape(layout.prefix)
    formula_re = re.compile(rb"<" + p + rb"f\b([^>]*?)(?:/>|>(.*?)</" + p + rb"f>)", re.S)
    return _shared_texts(layout, formula_re)


def _shared_texts(
    layout: SheetLayout, formula_re: re.Pattern[bytes]
) -> dict[bytes, tuple[str, str]]:
    """si -> (cell, text) of each shared formula group, from the cells holding the text.

    Only those carry ``ref=`` inside <sheetData>, so one search finds them; a cell
    without an ``r`` address (rare writers) cannot be placed and its group is left out.
    """
    data, prefix = layout.data, layout.prefix
    cell_open = b"<" + prefix + b"c "
    shared: dict[bytes, tuple[str, str]] = {}
    at = data.find(b"ref=", layout.body_start, layout.body_end)
    while at >= 0:
        f_start = data.rfind(b"<" + prefix + b"f", layout.body_start, at)
        formula = formula_re.match(data, f_start) if f_start >= 0 else None
        if formula is not None and formula.end() > at:
            attrs = parse_attrs(formula.group(1))
            c_start = data.rfind(cell_open, layout.body_start, f_start)
            tag_end = data.find(b">", c_start)
            tag = data[c_start + len(cell_open) - 1 : tag_end] if c_start >= 0 else b""
            ref = parse_attrs(tag).get(b"r")
            if attrs.get(b"t") == b"shared" and b"si" in attrs and ref and formula.group(2):
                text = html.unescape(formula.group(2).decode("utf-8"))
                shared[attrs[b"si"]] = (ref.decode(), text)
        at = data.find(b"ref=", at + 4, layout.body_end)
    return shared
