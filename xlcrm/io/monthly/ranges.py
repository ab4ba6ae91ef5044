"""Ranges that follow a sheet's rows: a table's range, validation and formatting ranges.

Shared by distribute (each owner's file: the template's ranges stretched over the rows
written) and collect (the new master: ranges that covered the master's rows stretched
over the appended new customers, and the table's calculated column filled in those
rows). Everything works on the package's XML as text, so a big sheet is never loaded
into an object model.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xlcrm.io.writer import replace_atomically
from xlcrm.xlsx import column_letters, column_number

_SHEET = re.compile(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(r"<Relationship\b[^>]*>")
_ATTR = re.compile(r'\b(Id|Target)="([^"]*)"')
_RANGE = re.compile(r"^(\$?[A-Z]+\$?)(\d+)(?::(\$?[A-Z]+\$?)(\d+))?$")
# sqref attributes of validations and conditional formats, and the extLst's xm:sqref.
_SQREF_ATTR = re.compile(
    r'(<(?:\w+:)?(?:dataValidation|conditionalFormatting)\b[^>]*?\bsqref=")([^"]*)(")'
)
_SQREF_ELEMENT = re.compile(r"(<xm:sqref>)([^<]*)(</xm:sqref>)")
_TABLE_REFS = re.compile(r'(<(?:table|autoFilter|sortState)\b[^>]*?\bref=")([^"]*)(")')
_TABLE_HEAD = re.compile(r"<table\b[^>]*>")
_TABLE_COLUMN = re.compile(r"<tableColumn\b[^>]*?(?:/>|>(.*?)</tableColumn>)", re.S)
_CALCULATED = re.compile(r"<calculatedColumnFormula\b([^>]*)>(.*?)</calculatedColumnFormula>", re.S)
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_ROW = re.compile(r'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_CELL_REF = re.compile(r'<c\b[^>]*?\br="([A-Z]+)\d+"')
_CELL_STYLE = re.compile(r'\bs="(\d+)"')

Predicate = Callable[[int, int], bool]


def relationships(rels: str) -> dict[str, str]:
    """Id → Target of a .rels part (attributes in any order)."""
    out = {}
    for element in _REL.findall(rels):
        attrs = dict(_ATTR.findall(element))
        if "Id" in attrs and "Target" in attrs:
            out[attrs["Id"]] = attrs["Target"]
    return out


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet title → worksheet part name, in workbook order."""
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    targets = relationships(parts["xl/_rels/workbook.xml.rels"].decode("utf-8"))
    out: dict[str, str] = {}
    for name, rid in _SHEET.findall(workbook):
        title = name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        title = title.replace("&quot;", '"').replace("&apos;", "'")
        out[title] = _resolve("xl", targets[rid])
    return out


def table_parts(parts: dict[str, bytes], sheet_part: str) -> list[str]:
    """The table parts (``xl/tables/tableN.xml``) related from a worksheet part."""
    folder, name = posixpath.split(sheet_part)
    rels = parts.get(posixpath.join(folder, "_rels", name + ".rels"))
    if rels is None:
        return []
    targets = relationships(rels.decode("utf-8")).values()
    return [_resolve(folder, t) for t in targets if "tables/" in t]


def _bounds(ref: str) -> tuple[str, int, str, int] | None:
    """First column, top row, last column, bottom row of ``A2:C9`` or ``A2``; None otherwise."""
    match = _RANGE.match(ref)
    if match is None:
        return None
    first, top, last, bottom = match.groups()
    return first, int(top), last or first, int(bottom or top)


def extend_ref(ref: str, last: int, when: Predicate | None = None) -> str:
    """``ref`` (``A2:C9``) ending at row ``last`` when ``when(top, bottom)`` holds (default: always)."""
    bounds = _bounds(ref)
    if bounds is None:
        return ref  # whole columns (D:D) and anything unusual: left as they are
    first, top, end, bottom = bounds
    if when is not None and not when(top, bottom):
        return ref
    return f"{first}{top}:{end}{last}"


def extend_sqref(sqref: str, last: int, when: Predicate | None = None) -> str:
    """Each range of a space-separated sqref extended as :func:`extend_ref` does."""
    return " ".join(extend_ref(r, last, when) for r in sqref.split())


def extend_sheet_ranges(tail: str, last: int, when: Predicate | None = None) -> str:
    """The validation and conditional-format ranges of a sheet's XML after ``</sheetData>``."""

    def sub(match: re.Match[str]) -> str:
        return match.group(1) + extend_sqref(match.group(2), last, when) + match.group(3)

    return _SQREF_ELEMENT.sub(sub, _SQREF_ATTR.sub(sub, tail))


def extend_table(table_xml: str, last: int) -> str:
    """A table part whose range (and its filter's) ends at row ``last``."""
    return _TABLE_REFS.sub(
        lambda m: m.group(1) + extend_ref(m.group(2), last) + m.group(3), table_xml
    )


# ---------------------------------------------------------------- the new master (collect)


@dataclass
class _Table:
    part: str
    xml: str
    top: int
    bottom: int
    formulas: dict[int, str]  # column number → calculated formula, as escaped XML text


def _read_table(part: str, xml: str) -> _Table | None:
    head = _TABLE_HEAD.search(xml)
    ref = re.search(r'\bref="([^"]*)"', head.group(0)) if head else None
    bounds = _bounds(ref.group(1)) if ref else None
    if head is None or bounds is None or re.search(r'totalsRowCount="[1-9]', head.group(0)):
        return None  # a totals row sits at the bottom: rows appended below it stay outside
    first = column_number(bounds[0].replace("$", "").encode())
    formulas: dict[int, str] = {}
    for index, column in enumerate(_TABLE_COLUMN.finditer(xml)):
        found = _CALCULATED.search(column.group(1) or "")
        if found and 'array="1"' not in found.group(1):
            formulas[first + index] = found.group(2)
    return _Table(part, xml, bounds[1], bounds[3], formulas)


def extend_master(path: Path, sheet: str, *, header_row: int, old_last: int, new_last: int) -> None:
    """Stretch the data sheet's table, validations and formats over rows appended to it.

    A table whose header is ``header_row`` grows to ``new_last`` and each calculated
    column gets its formula in the rows it newly covers that have no cell there.
    Validation and conditional-format ranges that start at the header or the first data
    row and reach the old end of the data (``old_last``, or the table's old end) grow to
    ``new_last`` too; other ranges are left alone. ``path`` is rewritten in place.
    """
    if new_last <= old_last:
        return
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = {name: archive.read(name) for name in names}
    part = sheet_parts(parts).get(sheet)
    if part is None:
        return
    replaced: dict[str, bytes] = {}
    reach = old_last
    tables = [_read_table(p, parts[p].decode("utf-8")) for p in table_parts(parts, part)]
    data_tables = [t for t in tables if t is not None and t.top == header_row]
    for table in data_tables:
        if table.bottom < new_last:
            replaced[table.part] = extend_table(table.xml, new_last).encode("utf-8")
            reach = min(reach, table.bottom)
    sheet_xml = parts[part]
    for table in data_tables:
        for column, formula in table.formulas.items():
            sheet_xml = _fill_column(sheet_xml, column, table.bottom, new_last, formula)

    def reaches(top: int, bottom: int) -> bool:
        return top in (header_row, header_row + 1) and reach <= bottom < new_last

    end = sheet_xml.rfind(b"</sheetData>")
    if end >= 0:
        tail = extend_sheet_ranges(sheet_xml[end:].decode("utf-8"), new_last, reaches)
        sheet_xml = sheet_xml[:end] + tail.encode("utf-8")
    if sheet_xml != parts[part]:
        replaced[part] = sheet_xml
    if replaced:
        replace_atomically(path, lambda temp: _write_zip(temp, names, parts | replaced))


def _write_zip(path: Path, names: list[str], parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in names:
            archive.writestr(name, parts[name])


def _fill_column(sheet: bytes, column: int, after: int, last: int, formula: str) -> bytes:
    """Rows ``after``+1 … ``last`` get a formula cell in ``column`` where they have none.

    Only the sheet's last rows are parsed: the rows are found by searching back from the
    end of the sheet data, so a sheet of 100,000 rows costs no more than one of ten.
    """
    end = sheet.rfind(b"</sheetData>")
    if end < 0 or after >= last:
        return sheet
    start = end
    while True:  # back to the first row numbered ``after`` or above
        found = sheet.rfind(b"<row", 0, start)
        head = _ROW_NUMBER.match(sheet, found) if found >= 0 else None
        if head is None or int(head.group(1)) < after:
            break
        start = found
    rows = {int(m.group(1)): m.group(0) for m in _ROW.finditer(sheet[start:end].decode("utf-8"))}
    letter = column_letters(column)
    style = _style_of(rows.get(after, ""), letter)
    for number in range(after + 1, last + 1):
        rows[number] = _with_cell(rows.get(number), number, letter, column, style, formula)
    body = "".join(rows[n] for n in sorted(rows))
    return sheet[:start] + body.encode("utf-8") + sheet[end:]


def _style_of(row: str, letter: str) -> str:
    """The ``s="…"`` of the row's cell in column ``letter`` (with its leading space), or ""."""
    found = re.search(rf'<c\b[^>]*?\br="{letter}\d+"[^>]*>', row)
    style = _CELL_STYLE.search(found.group(0)) if found else None
    return f' s="{style.group(1)}"' if style else ""


def _with_cell(
    row: str | None, number: int, letter: str, column: int, style: str, formula: str
) -> str:
    """``row`` with a formula cell in ``column``, unless it already has a cell there."""
    cell = f'<c r="{letter}{number}"{style}><f>{formula}</f></c>'
    if row is None:
        return f'<row r="{number}">{cell}</row>'
    refs = [(m.start(), column_number(m.group(1).encode())) for m in _CELL_REF.finditer(row)]
    if any(c == column for _p, c in refs):
        return row
    row = re.sub(r'\sspans="[^"]*"', "", row, count=1)  # the row's cell span has changed
    if row.endswith("/>"):
        return row[:-2] + ">" + cell + "</row>"
    refs = [(m.start(), column_number(m.group(1).encode())) for m in _CELL_REF.finditer(row)]
    after = next((p for p, c in refs if c > column), len(row) - len("</row>"))
    return row[:after] + cell + row[after:]
