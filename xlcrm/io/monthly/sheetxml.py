"""Fast writing of the owners' workbooks: one openpyxl *shell*, then XML per file.

openpyxl takes seconds to fill and save a few thousand rows, and a distribution writes
fifty files. So the template is loaded and dressed once (carried columns, the hidden
sheet, the review sheet's header, the distribution's names and properties) and saved as
a shell; each owner's file is then the shell's package with four parts rewritten as
text: the data sheet's rows (each cell keeps the template's style for its column), the
table's range, the hidden sheet, and the review sheet. Values are written as
:mod:`xlcrm.xlsx` writes them (inline strings, numbers, date serials).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape as xml_escape

from openpyxl.formula.translate import Translator

from xlcrm.io.monthly.ranges import extend_sheet_ranges, extend_table, sheet_parts, table_parts
from xlcrm.xlsx import column_letters, column_number, value_xml

FILE_ID_PLACEHOLDER = "XLCRM-FILE-ID-PLACEHOLDER"
_STYLE = re.compile(r'<c r="([A-Z]+)2" s="(\d+)"')
_HEADER_CELL = re.compile(r'<c r="[A-Z]+1"')
_ROW1 = re.compile(r'<row r="1"[ >].*?</row>', re.S)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_XMLNS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


class Shell:
    """A dressed template, ready to be filled once per owner."""

    def __init__(
        self, data: bytes, *, template_rows: int, date_column: int, headers: Sequence[str] = ()
    ) -> None:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            self.names = archive.namelist()
            self.parts = {name: archive.read(name) for name in self.names}
        self.template_rows = template_rows  # the template's pre-formatted rows, header included
        self.sheets = sheet_parts(self.parts)
        self.data_title, first = next(iter(self.sheets.items()))
        self.data_part = first
        self.table_part = table_parts(self.parts, first)[0]
        text = self.parts[first].decode("utf-8")
        start, end = text.index("<sheetData>"), text.index("</sheetData>")
        self.head, self.tail = text[:start], text[end + len("</sheetData>") :]
        header = _ROW1.search(text[start:end])
        self.header_row = header.group(0) if header else ""
        # Row 2 holds a styled cell only for columns with a number format; others are plain.
        row2 = dict(_STYLE.findall(text[start:end]))
        width = len(_HEADER_CELL.findall(self.header_row))
        self.styles = [row2.get(column_letters(c), "0") for c in range(1, width + 1)]
        self.date_style = self.styles[date_column - 1] if date_column <= width else "0"
        self.headers = list(headers)  # row 1 of the data sheet, template columns first
        # Columns the template fills itself (a formula per row): their cells are kept.
        self.template_cells = _template_cells(text[start:end], width)
        self.value_index: list[int | None] = list(range(width))
        self.template_width = width
        self._static: dict[int, str] = {}
        self._cells: dict[tuple[type, object], tuple[str, str]] = {}

    def write(
        self,
        path: Path | BinaryIO,
        *,
        rows: Sequence[Sequence[object]],
        file_id: str,
        hidden: tuple[str, Sequence[Sequence[object]]],
        review: tuple[str, Sequence[Sequence[object]]] | None = None,
    ) -> None:
        """Write one owner's workbook: ``rows`` in the table, ``hidden`` = (sheet, rows)."""
        last = max(self.template_rows, len(rows) + 1)
        replaced = {
            self.data_part: self._data_sheet(rows, last),
            self.table_part: extend_table(self.parts[self.table_part].decode("utf-8"), last).encode(
                "utf-8"
            ),
            self.sheets[hidden[0]]: _plain_sheet(hidden[1], {}),
        }
        if review is not None:
            part = self.sheets[review[0]]
            replaced[part] = self._review_sheet(part, review[1])
        for name in ("xl/workbook.xml", "docProps/custom.xml"):
            if name in self.parts:
                text = self.parts[name].replace(FILE_ID_PLACEHOLDER.encode(), file_id.encode())
                replaced[name] = text
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=4) as archive:
            for name in self.names:
                archive.writestr(name, replaced.get(name, self.parts[name]))

    def _data_sheet(self, rows: Sequence[Sequence[object]], last: int) -> bytes:
        styles = self.styles
        letters = [column_letters(c) for c in range(1, len(styles) + 1)]
        empty = [f'<c r="{{r}}" s="{s}"/>' for s in styles]
        parts = [self.header_row]
        for number in range(2, last + 1):
            values = rows[number - 2] if number - 2 < len(rows) else ()
            cells = []
            for index, style in enumerate(styles):
                source = self.value_index[index]
                if source is None:
                    cells.append(self._template_cell(index + 1, number))
                    continue
                value = values[source] if source < len(values) else None
                kind, body = self._cell_xml(value) if value is not None else ("", "")
                ref = f"{letters[index]}{number}"
                if body:
                    t = f' t="{kind}"' if kind else ""
                    # a date in a column the template does not format (a carried 出生日期)
                    s = self.date_style if not kind and style == "0" and _is_date(value) else style
                    cells.append(f'<c r="{ref}" s="{s}"{t}>{body}</c>')
                else:
                    cells.append(empty[index].replace("{r}", ref))
            parts.append(f'<row r="{number}">{"".join(cells)}</row>')
        last_letter = letters[-1] if letters else "A"
        head = _DIMENSION.sub(f'<dimension ref="A1:{last_letter}{last}"/>', self.head)
        tail = extend_sheet_ranges(self.tail, last)
        return (head + "<sheetData>" + "".join(parts) + "</sheetData>" + tail).encode("utf-8")

    def _cell_xml(self, value: object) -> tuple[str, str]:
        """:func:`cell_xml`, remembered: owners, regions, types and dates repeat a lot."""
        try:
            key = (type(value), value)
            found = self._cells.get(key)
        except TypeError:
            return cell_xml(value)
        if found is None:
            if len(self._cells) > 500_000:
                self._cells.clear()
            found = self._cells[key] = cell_xml(value)
        return found

    def _template_cell(self, column: int, row: int) -> str:
        """A template-filled column's cell for ``row``: the template's own, or row 2's moved."""
        cells = self.template_cells.get(column, {})
        if row in cells:
            return cells[row]
        first = cells.get(2)
        if first is None:
            return ""
        if column not in self._static:
            letter = column_letters(column)
            moved = _move_cell(first, column, 3)
            static = moved == first.replace(f'r="{letter}2"', f'r="{letter}3"', 1)
            self._static[column] = first.replace(f'r="{letter}2"', 'r="\x00"', 1) if static else ""
        if self._static[column]:  # the same formula in every row: only the reference moves
            return self._static[column].replace("\x00", f"{column_letters(column)}{row}", 1)
        return _move_cell(first, column, row)

    def _review_sheet(self, part: str, rows: Sequence[Sequence[object]]) -> bytes:
        """The review sheet: the shell's header row and styles kept, data rows written."""
        text = self.parts[part].decode("utf-8")
        start, end = text.index("<sheetData>"), text.index("</sheetData>")
        header = _ROW1.search(text[start:end])
        body = _rows_xml(rows, start_row=2, date_style=self.date_style)
        return (text[:start] + "<sheetData>" + (header.group(0) if header else "") + body
                + "</sheetData>" + text[end + len("</sheetData>"):]).encode("utf-8")  # fmt: skip


_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
_FORMULA = re.compile(r"<f>(.*?)</f>", re.S)


def _template_cells(sheet_data: str, width: int) -> dict[int, dict[int, str]]:
    """Cells with a formula in the template's body, by column then row."""
    out: dict[int, dict[int, str]] = {}
    for match in _CELL.finditer(sheet_data):
        if "<f" in match.group(0):
            column = column_number(match.group(1).encode())
            out.setdefault(column, {})[int(match.group(2))] = match.group(0)
    return out


def _move_cell(cell: str, column: int, row: int) -> str:
    """A template formula cell of row 2, moved to ``row`` (relative references follow)."""
    letter = column_letters(column)
    moved = cell.replace(f'r="{letter}2"', f'r="{letter}{row}"', 1)
    formula = _FORMULA.search(moved)
    if formula is None or "#This Row" in html.unescape(formula.group(1)):
        return moved  # structured references mean the same in every row
    text = Translator("=" + html.unescape(formula.group(1)), origin=f"{letter}2")
    translated = text.translate_formula(f"{letter}{row}")[1:]
    return moved.replace(formula.group(0), f"<f>{xml_escape(translated)}</f>")


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date)


def cell_xml(value: object) -> tuple[str, str]:
    """A value's cell type and body; what Excel cannot hold as a date (before 1900) as text."""
    try:
        return value_xml(value)
    except (ValueError, TypeError, OverflowError):
        return value_xml(str(value))


def _rows_xml(rows: Sequence[Sequence[object]], *, start_row: int, date_style: str = "") -> str:
    parts = []
    for number, values in enumerate(rows, start=start_row):
        cells = []
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            kind, body = cell_xml(value)
            if not body:
                continue
            t = f' t="{kind}"' if kind else ""
            is_date = date_style and not kind and hasattr(value, "isoformat")
            s = f' s="{date_style}"' if is_date else ""
            cells.append(f'<c r="{column_letters(column)}{number}"{s}{t}>{body}</c>')
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(parts)


def _plain_sheet(rows: Sequence[Sequence[object]], _styles: dict[int, str]) -> bytes:
    """A bare worksheet holding ``rows`` from A1 (for the hidden sheet)."""
    body = _rows_xml(rows, start_row=1)
    return f"<worksheet {_XMLNS}><sheetData>{body}</sheetData></worksheet>".encode()
