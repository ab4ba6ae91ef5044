"""The parts beyond a sheet that follow its rows when they move (see :mod:`.row_moves`).

Tables (``xl/tables/tableN.xml``: the range, its AutoFilter and sort), the sheet's notes
(``xl/commentsN.xml`` and the boxes in its VML drawing) and its drawing's cell anchors
(pictures and charts placed on the sheet), the workbook's defined names, the formulas,
validations and conditional formats of other sheets that name the sheet, chart series
(``<c:f>``) and pivot-cache sources (``<worksheetSource>``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from lxml import etree

from xlcrm.xlsx.cells import parse_ref, xml_text
from xlcrm.xlsx.package import REL_NS, Package, parse_xml, to_xml
from xlcrm.xlsx.row_moves import Mover
from xlcrm.xlsx.rows import MAX_ROW

__all__ = ["move_related_parts", "move_workbook_names"]

RT_TABLE = REL_NS + "/table"
RT_DRAWING = REL_NS + "/drawing"
RT_COMMENTS = REL_NS + "/comments"
RT_VML = REL_NS + "/vmlDrawing"


def move_related_parts(package: Package, sheet_part: str, mover: Mover) -> None:
    """The sheet's tables, notes and drawing anchors follow its rows."""
    for rel in package.rels(sheet_part).of_type(RT_TABLE):
        if package.has(rel.part):
            package.put(rel.part, _move_table(package.read(rel.part), rel.part, mover))
    for rel in package.rels(sheet_part).of_type(RT_COMMENTS):
        if package.has(rel.part):
            package.put(rel.part, _move_comments(package.read(rel.part), mover))
    for rel in package.rels(sheet_part).of_type(RT_VML):
        if package.has(rel.part):
            package.put(rel.part, _move_vml(package.read(rel.part), mover))
    for rel in package.rels(sheet_part).of_type(RT_DRAWING):
        if package.has(rel.part):
            package.put(rel.part, _move_drawing(package.read(rel.part), mover))


def move_workbook_names(names: Iterable[etree._Element], mover: Mover) -> bool:
    """Defined names that name the sheet follow its rows; whether any changed."""
    changed = False
    for node in names:
        where = f"{node.get('localSheetId', '')}!{node.get('name', '')}"
        if node.text and (
            _mentions(node.text, mover.sheet) or ("name", where, node.text) in mover.restore
        ):
            moved = mover.formula(node.text, on_sheet=False, kind="name", where=where)
            changed |= moved != node.text
            node.text = moved
    return changed


def _mentions(text: str, sheet: str) -> bool:
    return sheet.casefold() in text.casefold()


def _move_table(data: bytes, part: str, mover: Mover) -> bytes:
    root = parse_xml(data, part)
    name = root.get("name", part)
    ref = root.get("ref")
    if ref is not None:
        moved = mover.ref(ref, kind="table", where=name)
        root.set("ref", _keep_a_row(moved or ref))
    for node in root.iter("{*}autoFilter", "{*}sortState"):
        if node.get("ref") is not None:
            moved = mover.ref(
                node.get("ref", ""), kind="table-" + etree.QName(node).localname, where=name
            )
            node.set("ref", _keep_a_row(moved or node.get("ref", "")))
    return to_xml(root)


def _keep_a_row(ref: str) -> str:
    """A table keeps its header and at least one row (Excel refuses a table without)."""
    first, _, last = ref.partition(":")
    if not last:
        return ref
    top, bottom = parse_ref(first.replace("$", "")), parse_ref(last.replace("$", ""))
    if bottom[0] > top[0]:
        return ref
    letters = last.replace("$", "").rstrip("0123456789")
    return f"{first}:{letters}{top[0] + 1}"


def _move_comments(data: bytes, mover: Mover) -> bytes:
    def comment(match: re.Match[bytes]) -> bytes:
        ref = match.group(2).decode()
        row, _column = parse_ref(ref)
        new = mover.row(row)
        if new is None:
            return b""
        letters = ref.rstrip("0123456789")
        return match.group(1) + f"{letters}{new}".encode() + match.group(3) + match.group(4)

    pattern = re.compile(
        rb'(<(?:[\w.-]+:)?comment\b[^>]*?\sref=")([A-Z]+\d+)(")(.*?</(?:[\w.-]+:)?comment>)', re.S
    )
    return pattern.sub(comment, data)


_SHAPE = re.compile(rb"<v:shape\b.*?</v:shape>", re.S)
_VML_ROW = re.compile(rb"(<x:Row>)(\d+)(</x:Row>)")
_VML_ANCHOR = re.compile(rb"(<x:Anchor>)([^<]*)(</x:Anchor>)")


def _move_vml(data: bytes, mover: Mover) -> bytes:
    """Note boxes: a note on a deleted row goes, the others move with their cell."""

    def shape(match: re.Match[bytes]) -> bytes:
        text = match.group()
        found = _VML_ROW.search(text)
        if found is None:
            return text
        old = int(found.group(2))
        new = mover.row(old + 1)
        if new is None:
            return b""
        delta = new - 1 - old
        text = _VML_ROW.sub(
            lambda m: m.group(1) + str(new - 1).encode() + m.group(3), text, count=1
        )

        def anchor(m: re.Match[bytes]) -> bytes:
            parts = [p.strip() for p in m.group(2).decode().split(",")]
            if len(parts) == 8:
                for index in (2, 6):
                    parts[index] = str(max(0, int(parts[index]) + delta))
            return m.group(1) + ", ".join(parts).encode() + m.group(3)

        return _VML_ANCHOR.sub(anchor, text, count=1)

    return _SHAPE.sub(shape, data)


_DRAWING_ROW = re.compile(rb"(<(?:[\w.-]+:)?(?:from|to)>.*?<(?:[\w.-]+:)?row>)(\d+)(</)", re.S)


def _move_drawing(data: bytes, mover: Mover) -> bytes:
    """Pictures and charts anchored to cells keep to their rows (0-based in the XML)."""

    def anchor(match: re.Match[bytes]) -> bytes:
        old = int(match.group(2)) + 1
        span = mover.rows.rows(old, MAX_ROW)
        new = mover.row(old) or (span[0] if span else old)
        return match.group(1) + str(new - 1).encode() + match.group(3)

    return _DRAWING_ROW.sub(anchor, data)


_FORMULA_TEXT = re.compile(
    rb"(<(?:[\w.-]+:)?(?:f|formula|formula1|formula2)\b[^>]*>)([^<]*)(</(?:[\w.-]+:)?(?:f|formula|formula1|formula2)>)"
)


def move_other_sheet(data: bytes, mover: Mover, name: str) -> bytes:
    """Another sheet's (``name``'s) formulas, validations and conditional formats that
    name the sheet."""

    def formula(match: re.Match[bytes]) -> bytes:
        text = html.unescape(match.group(2).decode("utf-8"))
        where = f"{name}!{_cell_of(data, match.start())}"
        if not _mentions(text, mover.sheet) and ("other-sheet", where, text) not in mover.restore:
            return match.group()
        moved = mover.formula(text, on_sheet=False, kind="other-sheet", where=where)
        return match.group(1) + xml_text(moved).encode() + match.group(3)

    return _FORMULA_TEXT.sub(formula, data)


def _cell_of(data: bytes, at: int) -> str:
    """The address of the cell a formula at ``at`` is in ("" for a validation's)."""
    start = max(data.rfind(b"<c ", 0, at), data.rfind(b":c ", 0, at))
    close = data.rfind(b"</", 0, at)
    if start < 0 or (close > start and not data.startswith(b"</f", close)):
        return ""
    found = re.search(rb'\sr="([A-Z]+\d+)"', data[start : data.find(b">", start)])
    return found.group(1).decode() if found else ""


_CHART_F = re.compile(rb"(<(?:[\w.-]+:)?f>)([^<]*)(</(?:[\w.-]+:)?f>)")
_PIVOT_SOURCE = re.compile(rb"<(?:[\w.-]+:)?worksheetSource\b[^>]*>")


def move_chart_or_pivot(data: bytes, mover: Mover) -> bytes:
    """Chart series that read the sheet, and pivot caches built from it."""

    def series(match: re.Match[bytes]) -> bytes:
        text = html.unescape(match.group(2).decode("utf-8"))
        if not _mentions(text, mover.sheet):
            return match.group()
        moved = mover.formula(text, on_sheet=False, kind="chart")
        return match.group(1) + xml_text(moved).encode() + match.group(3)

    def source(match: re.Match[bytes]) -> bytes:
        tag = match.group()
        sheet = re.search(rb'\ssheet="([^"]*)"', tag)
        ref = re.search(rb'\sref="([^"]*)"', tag)
        if sheet is None or ref is None:
            return tag
        if html.unescape(sheet.group(1).decode()).casefold() != mover.sheet.casefold():
            return tag
        moved = mover.ref(ref.group(1).decode(), kind="pivot")
        return (
            tag if moved is None else tag.replace(ref.group(0), b' ref="' + moved.encode() + b'"')
        )

    return _PIVOT_SOURCE.sub(source, _CHART_F.sub(series, data))
