"""What Excel checks when it opens a workbook and an XSD cannot: each a function over a
:class:`~tests.ooxml.opc.Package` returning problems as sentences naming the part.

- package: every part has a content type; no Override names a missing part; every
  internal relationship target exists; relationship ids are unique; every ``r:`` id used
  in a part is one of that part's relationships;
- workbook: sheet names (1–31 characters, none of ``[]:*?/\\``, no leading or trailing
  apostrophe, unique ignoring case), unique sheet ids; defined names (legal, unique per
  scope ignoring case, ``localSheetId`` in range, not empty);
- worksheets: rows in ascending order, cells in each row in ascending columns and on
  that row, within XFD1048576; style indexes below the number of cell formats; shared
  string indexes below the number of strings; values of the cell's type; merged ranges
  not overlapping; data validations' ``count`` equal to the number listed, and each with
  a range; conditional formats' ``dxfId`` in range;
- styles: every cell format's font, fill, border and number format exists;
- tables: unique ids and names, as many columns as the ``ref`` is wide, each named as
  its header cell reads.

:data:`CHECKS` lists them; another check is one more function appended there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from tests.ooxml.opc import CONTENT_TYPES, R_NS, Package

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
BUILTIN_FORMATS = 164  # numFmtId below this needs no numFmt element
ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]+)$")
_NAME = re.compile(r"^[A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\\?\u0080-\uffff]*$")
_CELL_LIKE = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[RrCc][0-9]*|[Rr][0-9]*[Cc][0-9]*)$")
_BAD_SHEET_CHARS = set("[]:*?/\\")

Check = Callable[[Package], Iterator[str]]


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, or None when it is not one."""
    match = _REF.match(ref)
    return (int(match.group(2)), column_number(match.group(1))) if match else None


def area(ref: str) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of "A1" or "A1:C9"."""
    first, _, last = ref.partition(":")
    start, end = cell(first), cell(last or first)
    if start is None or end is None:
        return None
    return start[0], start[1], end[0], end[1]


_MAIN = "application/vnd.openxmlformats-officedocument."
# Relationship type (last segment) → the content type its target must have.
EXPECTED_TYPES = {
    "styles": _MAIN + "spreadsheetml.styles+xml",
    "sharedStrings": _MAIN + "spreadsheetml.sharedStrings+xml",
    "worksheet": _MAIN + "spreadsheetml.worksheet+xml",
    "theme": _MAIN + "theme+xml",
    "table": _MAIN + "spreadsheetml.table+xml",
    "comments": _MAIN + "spreadsheetml.comments+xml",
    "drawing": _MAIN + "drawing+xml",
    "chart": _MAIN + "drawingml.chart+xml",
    "pivotTable": _MAIN + "spreadsheetml.pivotTable+xml",
    "pivotCacheDefinition": _MAIN + "spreadsheetml.pivotCacheDefinition+xml",
    "pivotCacheRecords": _MAIN + "spreadsheetml.pivotCacheRecords+xml",
    "extended-properties": _MAIN + "extended-properties+xml",
    "custom-properties": _MAIN + "custom-properties+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
}


def check_package(package: Package) -> Iterator[str]:
    if CONTENT_TYPES not in package.parts:
        yield "[Content_Types].xml is missing"
        return
    _, overrides = package.content_types
    for part in package.parts:
        if part != CONTENT_TYPES and not package.content_type(part):
            yield f"{part}: no content type"
    for part in overrides:
        if part not in package.parts:
            yield f"[Content_Types].xml: Override for missing part /{part}"
    for source in ["", *package.parts]:
        rels = package.relationships(source)
        ids = [r.id for r in rels]
        if len(ids) != len(set(ids)):
            yield f"{package.rels_part(source)}: duplicate relationship ids"
        for rel in rels:
            if not rel.external and rel.target not in package.parts:
                yield f"{package.rels_part(source)}: {rel.id} points to missing part {rel.target}"
                continue
            expected = EXPECTED_TYPES.get(rel.type.rsplit("/", 1)[-1])
            found = package.content_type(rel.target)
            if expected and not rel.external and found != expected:
                yield f"{rel.target}: content type {found}, but a {rel.type.rsplit('/', 1)[-1]} part is {expected}"
        if source and package.is_xml(source) and not source.endswith(".rels"):
            yield from _used_ids(package, source, set(ids))


def _used_ids(package: Package, part: str, known: set[str]) -> Iterator[str]:
    for element in package.xml(part).iter():
        for name, value in element.attrib.items():
            if name.startswith(f"{{{R_NS}}}") and value and value not in known:
                yield f'{part}: r:{name.split("}")[1]}="{value}" is not a relationship of the part'


def _sheets(package: Package) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) of each sheet of the workbook, in order."""
    book = package.xml(package.workbook)
    targets = {r.id: r.target for r in package.relationships(package.workbook)}
    return [
        (s.get("name", ""), targets.get(s.get(f"{{{R_NS}}}id", ""), ""))
        for s in book.iter(f"{S}sheet")
    ]


def check_workbook(package: Package) -> Iterator[str]:
    book = package.xml(package.workbook)
    sheets = list(book.iter(f"{S}sheet"))
    seen: set[str] = set()
    for sheet in sheets:
        name = sheet.get("name", "")
        if not 1 <= len(name) <= 31 or _BAD_SHEET_CHARS & set(name):
            yield f"{package.workbook}: sheet name {name!r} is not allowed"
        if name.startswith("'") or name.endswith("'") or name.casefold() in seen:
            yield f"{package.workbook}: sheet name {name!r} is not allowed or repeated"
        seen.add(name.casefold())
    ids = [s.get("sheetId") for s in sheets]
    if len(ids) != len(set(ids)):
        yield f"{package.workbook}: repeated sheetId"
    scopes: set[tuple[str, str]] = set()
    for defined in book.iter(f"{S}definedName"):
        name, scope = defined.get("name", ""), defined.get("localSheetId", "")
        if not _NAME.match(name) or (_CELL_LIKE.match(name) and not name.startswith("_xlnm")):
            yield f"{package.workbook}: defined name {name!r} is not a legal name"
        if (name.casefold(), scope) in scopes:
            yield f"{package.workbook}: defined name {name!r} repeated in one scope"
        scopes.add((name.casefold(), scope))
        if scope and not (scope.isdigit() and int(scope) < len(sheets)):
            yield f"{package.workbook}: defined name {name!r} has localSheetId {scope}"
        if not (defined.text or "").strip():
            yield f"{package.workbook}: defined name {name!r} refers to nothing"


def _counts(package: Package) -> tuple[int, int, int]:
    """(cell formats, shared strings, differential formats) of the workbook."""
    styles = package.related(package.workbook, "styles")
    strings = package.related(package.workbook, "sharedStrings")
    xfs = dxfs = 0
    if styles:
        root = package.xml(styles[0])
        xfs = len(root.findall(f"{S}cellXfs/{S}xf"))
        dxfs = len(root.findall(f"{S}dxfs/{S}dxf"))
    count = len(package.xml(strings[0]).findall(f"{S}si")) if strings else 0
    return xfs, count, dxfs


def check_worksheets(package: Package) -> Iterator[str]:
    xfs, strings, dxfs = _counts(package)
    for _, part in _sheets(package):
        if part in package.parts and part.startswith("xl/worksheets/"):
            yield from _check_sheet(package.xml(part), part, xfs, strings, dxfs)


def _check_sheet(
    root: etree._Element, part: str, xfs: int, strings: int, dxfs: int
) -> Iterator[str]:
    last_row = 0
    for row in root.iter(f"{S}row"):
        number = int(row.get("r", last_row + 1))
        if number <= last_row or number > MAX_ROWS:
            yield f"{part}: row {number} after row {last_row}"
        last_row = number
        if int(row.get("s", 0)) >= max(xfs, 1):
            yield f"{part}: row {number} has style {row.get('s')} of {xfs}"
        yield from _check_cells(row, part, number, xfs, strings)
    yield from _check_ranges(root, part, dxfs)


def _check_cells(
    row: etree._Element, part: str, number: int, xfs: int, strings: int
) -> Iterator[str]:
    last_column = 0
    for c in row.iter(f"{S}c"):
        ref = c.get("r")
        where = cell(ref) if ref else (number, last_column + 1)
        if where is None or where[0] != number or where[1] <= last_column or where[1] > MAX_COLUMNS:
            yield f"{part}: cell {ref} out of order in row {number}"
            continue
        last_column = where[1]
        if int(c.get("s", 0)) >= max(xfs, 1):
            yield f"{part}: {ref} has style {c.get('s')} but there are {xfs} cell formats"
        kind, value = c.get("t", "n"), c.findtext(f"{S}v")
        if not value:
            continue  # no cached value (an empty <v/> after a formula: Excel accepts it)
        if kind == "s" and not (value.isdigit() and int(value) < strings):
            yield f"{part}: {ref} uses shared string {value} of {strings}"
        elif kind == "n" and not _is_number(value):
            yield f"{part}: {ref} holds {value!r} as a number"
        elif kind == "b" and value not in ("0", "1"):
            yield f"{part}: {ref} holds {value!r} as a boolean"
        elif kind == "e" and value not in ERRORS:
            yield f"{part}: {ref} holds {value!r} as an error"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "infinity")


def _check_ranges(root: etree._Element, part: str, dxfs: int) -> Iterator[str]:
    merged = [area(m.get("ref", "")) for m in root.iter(f"{S}mergeCell")]
    boxes = [m for m in merged if m is not None]
    if len(boxes) != len(merged):
        yield f"{part}: a merged range is not a range"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                yield f"{part}: merged ranges {a} and {b} overlap"
    for validations in root.iter(f"{S}dataValidations"):
        listed = validations.findall(f"{S}dataValidation")
        if validations.get("count") is not None and int(validations.get("count", 0)) != len(listed):
            yield f"{part}: dataValidations count={validations.get('count')} lists {len(listed)}"
        for rule in listed:
            if not rule.get("sqref", "").strip():
                yield f"{part}: a data validation has no range"
    for rule in root.iter(f"{S}cfRule"):
        if rule.get("dxfId") is not None and int(rule.get("dxfId", 0)) >= dxfs:
            yield f"{part}: conditional format uses dxfId {rule.get('dxfId')} of {dxfs}"


def check_styles(package: Package) -> Iterator[str]:
    for part in package.related(package.workbook, "styles"):
        root = package.xml(part)
        sizes = {
            kind: len(root.findall(f"{S}{kind}s/{S}{kind}")) for kind in ("font", "fill", "border")
        }
        formats = {int(n.get("numFmtId", -1)) for n in root.iter(f"{S}numFmt")}
        for xf in [*root.findall(f"{S}cellXfs/{S}xf"), *root.findall(f"{S}cellStyleXfs/{S}xf")]:
            for kind, size in sizes.items():
                if int(xf.get(f"{kind}Id", 0)) >= max(size, 1):
                    yield f"{part}: a cell format uses {kind}Id {xf.get(f'{kind}Id')} of {size}"
            number = int(xf.get("numFmtId", 0))
            if number >= BUILTIN_FORMATS and number not in formats:
                yield f"{part}: a cell format uses undefined numFmtId {number}"


def _strings(package: Package) -> list[str]:
    """The shared strings' texts (runs joined; phonetic guides left out)."""
    parts = package.related(package.workbook, "sharedStrings")
    if not parts:
        return []
    return [
        "".join(t.text or "" for t in [*si.findall(f"{S}t"), *si.findall(f"{S}r/{S}t")])
        for si in package.xml(parts[0]).iter(f"{S}si")
    ]


def _row_texts(sheet: etree._Element, row: int, strings: list[str]) -> dict[int, str]:
    """Column → text of the string cells of ``row`` (shared, inline or formula strings)."""
    texts: dict[int, str] = {}
    for c in sheet.iter(f"{S}c"):
        where = cell(c.get("r", ""))
        if where is None or where[0] != row:
            continue
        kind, value = c.get("t", "n"), c.findtext(f"{S}v") or ""
        if kind == "s" and value.isdigit() and int(value) < len(strings):
            texts[where[1]] = strings[int(value)]
        elif kind == "inlineStr":
            texts[where[1]] = "".join(t.text or "" for t in c.iter(f"{S}t"))
        elif kind == "str":
            texts[where[1]] = value
    return texts


def check_table_headers(package: Package) -> Iterator[str]:
    """A table's column names must be the text of its header cells (Excel repairs it else)."""
    strings = _strings(package)
    for _, sheet_part in _sheets(package):
        tables = package.related(sheet_part, "table") if sheet_part in package.parts else []
        if not tables:
            continue
        sheet = package.xml(sheet_part)
        for part in tables:
            root = package.xml(part)
            box = area(root.get("ref", ""))
            if box is None or root.get("headerRowCount") == "0":
                continue
            texts = _row_texts(sheet, box[0], strings)
            names = [c.get("name", "") for c in root.iter(f"{S}tableColumn")]
            for offset, name in enumerate(names):
                found = texts.get(box[1] + offset)
                if found is not None and found != name:
                    yield f"{part}: column {name!r} but its header cell says {found!r}"


def check_tables(package: Package) -> Iterator[str]:
    ids: set[str] = set()
    names: set[str] = set()
    for part in package.parts:
        if not (part.startswith("xl/tables/") and part.endswith(".xml")):
            continue
        root = package.xml(part)
        table_id, name = root.get("id", ""), root.get("name", "")
        if table_id in ids or name.casefold() in names:
            yield f"{part}: table id {table_id} or name {name!r} repeated"
        ids.add(table_id)
        names.add(name.casefold())
        columns = [c.get("name", "") for c in root.iter(f"{S}tableColumn")]
        box = area(root.get("ref", ""))
        if box is None or box[3] - box[1] + 1 != len(columns):
            yield f"{part}: {len(columns)} columns for ref {root.get('ref')}"
        if len({c.casefold() for c in columns}) != len(columns):
            yield f"{part}: repeated column names"


CHECKS: list[Check] = [
    check_package,
    check_workbook,
    check_worksheets,
    check_styles,
    check_tables,
    check_table_headers,
]
