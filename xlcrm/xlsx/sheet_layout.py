"""A worksheet part around its rows: the schema's child order, the head and the tail.

A worksheet is ``<worksheet>`` head elements (sheetPr, dimension, sheetViews, cols ...),
then ``<sheetData>`` with the rows, then tail elements (mergeCells, conditional formats,
validations, hyperlinks, drawing, legacyDrawing, tableParts, extLst ...), in the order
:data:`WORKSHEET_CHILDREN` declares. The head and the tail are found and edited as bytes,
never parsed: the <dimension> grows when a patch writes a cell past it, and a child element
is set, replaced or removed (:func:`rewrite_head`, :func:`rewrite_tail`) at the place the
schema gives it, everything else kept byte for byte. :mod:`xlcrm.xlsx.newsheet` writes a
new worksheet's children in the same order. The byte-scanning helpers the rows' readers
share (:func:`parse_attrs`, :func:`row_number`) are here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import column_letters, column_number
from xlcrm.xlsx.package import damaged

Attrs = dict[bytes, bytes]

_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_DOUBLE = re.compile(rb"([\w:.-]+)\s*=\s*\"([^\"]*)\"")
# A start, end or empty tag; quoted attribute values may contain '>'.
_TAG = re.compile(rb"<(/?)([\w.-]+:)?([\w.-]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
ROW_NUMBER = re.compile(rb"(?:^|\s)r\s*=\s*[\"'](\d+)[\"']")  # in a <row>'s attributes
_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# The children of <worksheet> in the order the schema requires (CT_Worksheet, ECMA-376
# Part 1, sml.xsd). Every element the patcher writes or inserts is placed by this tuple.
WORKSHEET_CHILDREN: tuple[str, ...] = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter",
    "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
    "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches",
    "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
    "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip
_RANK = {name.encode(): rank for rank, name in enumerate(WORKSHEET_CHILDREN)}
_SHEET_DATA = _RANK[b"sheetData"]
# Excel wraps <oleObjects> and <controls> in mc:AlternateContent, which then stands where
# the element it wraps would.
_WRAPPER = b"AlternateContent"
_WRAPPED = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")

ChildEdits = Mapping[str, bytes | None]
"""Children to set (local name -> the element's XML) or to remove (-> None)."""


def in_schema_order(children: Mapping[str, str]) -> str:
    """Elements of a worksheet (local name -> XML) joined in the schema's order."""
    unknown = set(children) - set(WORKSHEET_CHILDREN)
    if unknown:
        raise ValueError(f"not children of <worksheet>: {sorted(unknown)}")
    return "".join(children[name] for name in WORKSHEET_CHILDREN if name in children)


@dataclass(frozen=True)
class Child:
    """A top-level element of the worksheet other than <sheetData>: where it is."""

    name: bytes  # the local name
    start: int
    end: int
    attrs: bytes

    def rank(self, data: bytes) -> int | None:
        """Its place in :data:`WORKSHEET_CHILDREN` (None for an element the schema lacks)."""
        if self.name != _WRAPPER:
            return _RANK.get(self.name)
        for match in _WRAPPED.finditer(data, self.start + 1, self.end):
            if match.group(1) in _RANK:
                return _RANK[match.group(1)]
        return _RANK[b"oleObjects"]


def parse_attrs(raw: bytes) -> Attrs:
    """``b' r="A1" s="3"'`` -> ``{b'r': b'A1', b's': b'3'}`` (values stay escaped)."""
    if b"'" not in raw:  # the usual case, about three times faster
        return dict(_ATTR_DOUBLE.findall(raw))
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3).replace(b'"', b"&quot;")
        for m in _ATTR.finditer(raw)
    }


def row_number(attrs: bytes, previous: int) -> int:
    """A <row>'s number: its ``r``, else the one after the previous row (as Excel reads it)."""
    match = ROW_NUMBER.search(attrs)
    return int(match.group(1)) if match else previous + 1


def format_attrs(attrs: Attrs) -> bytes:
    """Attributes written back as `` name="value"`` pairs, in their order."""
    return b"".join([b" " + name + b'="' + value + b'"' for name, value in attrs.items()])


@dataclass
class SheetLayout:
    """Where the head, the rows and the tail of a worksheet's XML are."""

    data: bytes
    prefix: bytes  # b"" or b"x:" for sheets written with a prefixed namespace
    root_attrs: bytes
    head_start: int  # just after the <worksheet> tag
    open_start: int  # the <sheetData> tag
    body_start: int  # just after it
    body_end: int  # the </sheetData> tag (== body_start for <sheetData/>)
    tail_start: int  # just after </sheetData> (or <sheetData/>)
    self_closing: bool
    column_styles: dict[int, int] = field(default_factory=dict)

    @classmethod
    def scan(cls, data: bytes) -> SheetLayout:
        """Where the head, the rows and the tail of a worksheet's XML are."""
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
            data, prefix, root.group(2), root.end(), opening.start(), opening.end(), body_end,
            tail_start, bool(opening.group(1)),
        )  # fmt: skip
        layout.column_styles = _column_styles(data[: opening.start()], prefix)
        return layout

    def namespace_prefix(self, uri: str) -> bytes | None:
        """The prefix the root element declares for ``uri``, if any."""
        match = re.search(
            rb"xmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(uri.encode()) + rb"[\"']", self.root_attrs
        )
        return match.group(1) if match else None

    def head_children(self) -> list[Child]:
        """The elements before <sheetData>."""
        children, _end = _children(self.data, self.head_start, self.open_start)
        return children

    def tail_children(self) -> tuple[list[Child], int]:
        """The elements after <sheetData>, and where </worksheet> starts."""
        children, end = _children(self.data, self.tail_start, len(self.data))
        if end == len(self.data):
            raise damaged("a worksheet that does not end with </worksheet>")
        return children, end

    def relationship_element(self, name: str, rel_id: str, rel_ns: str) -> bytes:
        """An empty child ``name`` that points at a related part (``<legacyDrawing r:id>``)."""
        r = self.namespace_prefix(rel_ns)
        declare = b"" if r else b' xmlns:r="' + rel_ns.encode() + b'"'
        return (
            b"<" + self.prefix + name.encode() + declare + b" " + (r or b"r") + b':id="'
            + rel_id.encode() + b'"/>'
        )  # fmt: skip


def _children(data: bytes, start: int, stop: int) -> tuple[list[Child], int]:
    """The top-level elements from ``start``; where they end: ``stop``, or a closing tag."""
    found: list[Child] = []
    depth, begin, name, attrs = 0, 0, b"", b""
    for match in _TAG.finditer(data, start, stop):
        closing, local, empty = match.group(1), match.group(3), match.group(5)
        if closing:
            depth -= 1
            if depth == 0:
                found.append(Child(name, begin, match.end(), attrs))
            elif depth < 0:  # </worksheet>
                return found, match.start()
        elif depth == 0 and empty:
            found.append(Child(local, match.start(), match.end(), match.group(4)))
        elif not empty:
            if depth == 0:
                begin, name, attrs = match.start(), local, match.group(4)
            depth += 1
    return found, stop


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


def rewrite_head(
    layout: SheetLayout, bounds: tuple[int, int] | None, children: ChildEdits | None = None
) -> bytes:
    """Everything up to the rows, with <dimension> grown to cover ``bounds`` (row, col) and
    the ``children`` that belong before <sheetData> set or removed."""
    edits = _edits(children, head=True)
    if edits:
        head = layout.data[: layout.head_start] + _rewrite(
            layout.data, layout.head_children(), layout.head_start, layout.open_start, edits
        )
    else:
        head = layout.data[: layout.open_start]
    if layout.self_closing:  # <sheetData/> becomes <sheetData>...</sheetData>
        head += b"<" + layout.prefix + b"sheetData>"
    else:
        head += layout.data[layout.open_start : layout.body_start]
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


def legacy_drawing_id(layout: SheetLayout) -> bytes | None:
    """The relationship id in the sheet's <legacyDrawing r:id>, if it has one."""
    children, _end = layout.tail_children()
    for child in children:
        if child.name == b"legacyDrawing":
            match = re.search(rb"(?:^|\s)[\w.-]+:id\s*=\s*[\"']([^\"']*)", child.attrs)
            return match.group(1) if match else None
    return None


def rewrite_tail(layout: SheetLayout, children: ChildEdits | None = None) -> bytes:
    """Everything after the rows, with the ``children`` that belong after <sheetData> set or
    removed."""
    closing = b"</" + layout.prefix + b"sheetData>"
    edits = _edits(children, head=False)
    if not edits:
        return closing + layout.data[layout.tail_start :]
    found, end = layout.tail_children()
    edited = _rewrite(layout.data, found, layout.tail_start, end, edits)
    return closing + edited + layout.data[end:]


def _edits(children: ChildEdits | None, *, head: bool) -> dict[bytes, bytes | None]:
    """The edits that belong before <sheetData> (``head``) or after it."""
    edits: dict[bytes, bytes | None] = {}
    for name, xml in (children or {}).items():
        rank = _RANK.get(name.encode())
        if rank is None or rank == _SHEET_DATA:
            raise ValueError(f"{name!r} cannot be set as a child of <worksheet>")
        if (rank < _SHEET_DATA) == head:
            edits[name.encode()] = xml
    return edits


def _rewrite(
    data: bytes, children: list[Child], start: int, end: int, edits: dict[bytes, bytes | None]
) -> bytes:
    """``data[start:end]`` without the children named in ``edits`` (wrapped ones included),
    and with the new ones where the old ones were, else before the first child the schema
    puts after them."""
    ranks = [child.rank(data) for child in children]
    edited = {_RANK[name] for name in edits}
    inserts: dict[int, list[tuple[int, bytes]]] = {}
    for name, xml in edits.items():
        if xml is not None:
            rank = _RANK[name]
            later = (
                c.start for c, r in zip(children, ranks, strict=True) if r is not None and r >= rank
            )
            inserts.setdefault(next(later, end), []).append((rank, xml))
    dropped = {c.start: c.end for c, r in zip(children, ranks, strict=True) if r in edited}
    pieces, cursor = [], start
    for at in sorted(inserts.keys() | dropped.keys()):
        pieces += [data[cursor:at], *(xml for _rank, xml in sorted(inserts.get(at, [])))]
        cursor = dropped.get(at, at)
    pieces.append(data[cursor:end])
    return b"".join(pieces)


def _tail_refs(data: bytes, element: bytes, child: bytes) -> list[str]:
    """The ``ref`` of each ``child`` inside the tail element ``element`` (or of ``element``)."""
    layout = SheetLayout.scan(data)
    children, _end = layout.tail_children()
    refs: list[str] = []
    pattern = re.compile(rb"<(?:[\w.-]+:)?" + child + rb"\b[^>]*?\bref\s*=\s*[\"']([^\"']*)")
    for found in children:
        if found.name == element:
            refs += [m.group(1).decode() for m in pattern.finditer(data, found.start, found.end)]
    return refs


def merged_ranges(data: bytes) -> list[str]:
    """The merged ranges of a worksheet ("A1:D1", ...)."""
    return _tail_refs(data, b"mergeCells", b"mergeCell")


def sheet_filter_ref(data: bytes) -> str | None:
    """The range of the worksheet's own AutoFilter, if it has one."""
    refs = _tail_refs(data, b"autoFilter", b"autoFilter")
    return refs[0] if refs else None


_SHARED_INDEX = re.compile(rb"<(?:[\w.-]+:)?f\b[^>]*?\bsi\s*=\s*[\"'](\d+)")


def next_shared_index(data: bytes) -> int:
    """The first ``si`` no shared formula of the worksheet uses."""
    if b"si=" not in data:
        return 0
    return max((int(m.group(1)) for m in _SHARED_INDEX.finditer(data)), default=-1) + 1
