"""The parts of a worksheet's XML around its rows, found and edited as bytes.

A worksheet is ``<worksheet>`` head elements (sheetPr, dimension, sheetViews, cols ...),
then ``<sheetData>`` with the rows, then tail elements (mergeCells, conditional formats,
validations, hyperlinks, drawing, legacyDrawing, tableParts, extLst ...). Only two small
edits are ever made outside the rows: the ``<dimension>`` grows when a patch writes a
cell past it, and ``<legacyDrawing>`` (the link to the notes' VML) is added or removed,
at the place the schema requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import column_letters, column_number
from xlcrm.xlsx.package import damaged

Attrs = dict[bytes, bytes]

_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_DOUBLE = re.compile(rb"([\w:.-]+)\s*=\s*\"([^\"]*)\"")
# A start, end or empty tag; quoted attribute values may contain '>'.
_TAG = re.compile(rb"<(/?)([\w.-]+:)?([\w.-]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# Elements that must come after <legacyDrawing> in a worksheet (CT_Worksheet's order);
# Excel wraps <controls> and <oleObjects> in mc:AlternateContent.
_AFTER_LEGACY_DRAWING = {
    b"AlternateContent",
    b"legacyDrawingHF",
    b"drawingHF",
    b"picture",
    b"oleObjects",
    b"controls",
    b"webPublishItems",
    b"tableParts",
    b"extLst",
}


def parse_attrs(raw: bytes) -> Attrs:
    """``b' r="A1" s="3"'`` -> ``{b'r': b'A1', b's': b'3'}`` (values stay escaped)."""
    if b"'" not in raw:  # the usual case, about three times faster
        return dict(_ATTR_DOUBLE.findall(raw))
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3).replace(b'"', b"&quot;")
        for m in _ATTR.finditer(raw)
    }


def format_attrs(attrs: Attrs) -> bytes:
    return b"".join([b" " + name + b'="' + value + b'"' for name, value in attrs.items()])


@dataclass
class SheetLayout:
    """Where the head, the rows and the tail of a worksheet's XML are."""

    data: bytes
    prefix: bytes  # b"" or b"x:" for sheets written with a prefixed namespace
    root_attrs: bytes
    open_start: int  # the <sheetData> tag
    body_start: int  # just after it
    body_end: int  # the </sheetData> tag (== body_start for <sheetData/>)
    tail_start: int  # just after </sheetData> (or <sheetData/>)
    self_closing: bool
    column_styles: dict[int, int] = field(default_factory=dict)

    @classmethod
    def scan(cls, data: bytes) -> SheetLayout:
        root = _ROOT.search(data)
        if root is None:
            raise damaged("a worksheet without <worksheet>")
        prefix = root.group(1) + b":" if root.group(1) else b""
        p = re.escape(prefix)
        opening = re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>").search(data, root.end())
        if opening is None:
            raise damaged("a worksheet without <sheetData>")
        if opening.group(1):
            body_end = tail_start = opening.end()
        else:
            body_end = data.rfind(b"</" + prefix + b"sheetData>")
            if body_end < opening.end():
                raise damaged("a worksheet whose <sheetData> is not closed")
            tail_start = body_end + len(b"</" + prefix + b"sheetData>")
        layout = cls(
            data, prefix, root.group(2), opening.start(), opening.end(), body_end, tail_start,
            bool(opening.group(1)),
        )  # fmt: skip
        layout.column_styles = _column_styles(data[: opening.start()], prefix)
        return layout

    def namespace_prefix(self, uri: str) -> bytes | None:
        """The prefix the root element declares for ``uri``, if any."""
        match = re.search(
            rb"xmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(uri.encode()) + rb"[\"']", self.root_attrs
        )
        return match.group(1) if match else None


def _column_styles(head: bytes, prefix: bytes) -> dict[int, int]:
    """Column number -> the style of its empty cells, from <cols>."""
    styles: dict[int, int] = {}
    for match in re.finditer(rb"<" + re.escape(prefix) + rb"col\b([^>]*)>", head):
        attrs = parse_attrs(match.group(1))
        style = int(attrs.get(b"style") or 0)
        if style:
            low, high = int(attrs.get(b"min") or 1), int(attrs.get(b"max") or 1)
            for column in range(low, min(high, 16384) + 1):
                styles[column] = style
    return styles


def rewrite_head(layout: SheetLayout, bounds: tuple[int, int] | None) -> bytes:
    """Everything up to the rows, with <dimension> grown to cover ``bounds`` (row, col)."""
    if layout.self_closing:  # <sheetData/> becomes <sheetData>...</sheetData>
        head = layout.data[: layout.open_start] + b"<" + layout.prefix + b"sheetData>"
    else:
        head = layout.data[: layout.body_start]
    if bounds is None:
        return head
    pattern = re.compile(
        rb"(<" + re.escape(layout.prefix) + rb"dimension\b[^>]*?\bref\s*=\s*[\"'])([^\"']*)"
    )
    match = pattern.search(head)
    if match is None:
        return head
    grown = _grow(match.group(2).decode("ascii", "replace"), *bounds)
    return head[: match.start(2)] + grown.encode() + head[match.end(2) :]


def _grow(ref: str, row: int, column: int) -> str:
    first, _, last = ref.partition(":")
    last = last or first
    found = re.fullmatch(r"([A-Z]+)(\d+)", last.upper())
    if found is None:
        return ref
    last_col, last_row = column_number(found.group(1).encode()), int(found.group(2))
    if row <= last_row and column <= last_col:
        return ref
    start = first if re.fullmatch(r"[A-Z]+\d+", first.upper()) else "A1"
    return f"{start}:{column_letters(max(column, last_col))}{max(row, last_row)}"


def top_level_tail(layout: SheetLayout) -> list[tuple[bytes, int, int, bytes]]:
    """The tail's elements: (local name, start, end, attributes); end of the worksheet last."""
    found: list[tuple[bytes, int, int, bytes]] = []
    depth, start, name, attrs = 0, 0, b"", b""
    for match in _TAG.finditer(layout.data, layout.tail_start):
        closing, local, empty = match.group(1), match.group(3), match.group(5)
        if closing:
            depth -= 1
            if depth == 0:
                found.append((name, start, match.end(), attrs))
            elif depth < 0:  # </worksheet>
                found.append((b"", match.start(), match.start(), b""))
                return found
        elif depth == 0 and empty:
            found.append((local, match.start(), match.end(), match.group(4)))
        elif not empty:
            if depth == 0:
                start, name, attrs = match.start(), local, match.group(4)
            depth += 1
    raise damaged("a worksheet that does not end with </worksheet>")


def legacy_drawing_id(layout: SheetLayout) -> bytes | None:
    """The relationship id in the sheet's <legacyDrawing r:id>, if it has one."""
    for name, _start, _end, attrs in top_level_tail(layout):
        if name == b"legacyDrawing":
            match = re.search(rb"(?:^|\s)[\w.-]+:id\s*=\s*[\"']([^\"']*)", attrs)
            return match.group(1) if match else None
    return None


def rewrite_tail(layout: SheetLayout, legacy_drawing: str | None, drop: bool, rel_ns: str) -> bytes:
    """Everything after the rows, with <legacyDrawing> added or removed as asked."""
    closing = b"</" + layout.prefix + b"sheetData>"
    return closing + _edit_tail(layout, legacy_drawing, drop, rel_ns)


def _edit_tail(layout: SheetLayout, legacy_drawing: str | None, drop: bool, rel_ns: str) -> bytes:
    tail = layout.data[layout.tail_start :]
    if legacy_drawing is None and not drop:
        return tail
    elements = top_level_tail(layout)
    existing = next((e for e in elements if e[0] == b"legacyDrawing"), None)
    if existing is not None:
        start, end = existing[1] - layout.tail_start, existing[2] - layout.tail_start
        tail = tail[:start] + tail[end:]
        position = start
    else:
        follower = next(e for e in elements if e[0] in _AFTER_LEGACY_DRAWING or e[0] == b"")
        position = follower[1] - layout.tail_start
    if drop or legacy_drawing is None:
        return tail
    r = layout.namespace_prefix(rel_ns)
    declare = b"" if r else b' xmlns:r="' + rel_ns.encode() + b'"'
    tag = (
        b"<" + layout.prefix + b"legacyDrawing" + declare + b" " + (r or b"r") + b':id="'
        + legacy_drawing.encode() + b'"/>'
    )  # fmt: skip
    return tail[:position] + tag + tail[position:]
