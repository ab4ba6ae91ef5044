"""The VML drawing part (``xl/drawings/vmlDrawingN.vml``): the boxes of a sheet's notes.

The new shapes follow what Excel itself writes: shape type ``_x0000_t202``, a hidden box
with ``x:ClientData ObjectType="Note"``, a 0-based ``x:Row``/``x:Column`` and an
``x:Anchor`` (column, x offset, row, y offset of the box's corners). Shape ids come in
blocks of 1024 named in ``<o:idmap data="...">``; new notes get blocks that no other VML
part of the workbook claims, and the ids of shapes already there (form controls refer to
theirs from the sheet) never change.

An existing drawing is parsed with lxml, so it may use any namespace prefixes (openpyxl
writes ns0:, Excel v:/o:/x:). A drawing that is not well-formed XML is read in lxml's
recovering mode rather than refused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lxml import etree

V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"  # noqa: E741 - the namespace's usual prefix
X = "urn:schemas-microsoft-com:office:excel"
_NSMAP = {"v": V, "o": O, "x": X}
_BLOCK = 1024  # block b holds shape ids b*1024+1 .. b*1024+1023
_SHAPE_ID = re.compile(r"_x0000_s(\d+)")
_NOTE_CELL = re.compile(
    rb'ObjectType="Note".*?<x:Row>\s*(\d+)\s*</x:Row>\s*<x:Column>\s*(\d+)\s*</x:Column>', re.S
)
_IDMAP = re.compile(rb"<(?:[\w.-]+:)?idmap\b[^>]*?\bdata\s*=\s*[\"']([^\"']*)[\"']")
NOTE_SHAPETYPE = (
    b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"'
    b' path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    b'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def idmap_blocks(vml: bytes) -> set[int]:
    """The shape-id blocks a VML part claims in its <o:idmap data>."""
    match = _IDMAP.search(vml[:65536])
    return {int(b) for b in re.findall(rb"\d+", match.group(1))} if match else set()


class VmlDrawing:
    """A sheet's VML drawing: existing shapes kept, note shapes dropped or added."""

    def __init__(self, data: bytes | None, drop: set[tuple[int, int]] | None = None) -> None:
        """Read a drawing (None for a new one) without the note boxes on ``drop``."""
        self.cells: list[tuple[int, int]] = []
        self.ids: list[int] = []
        if data is None:
            self.root = etree.Element("xml", nsmap=_NSMAP)
            return
        drop = drop or set()
        if drop:
            data = _drop_note_bytes(data, drop)
        try:
            self.root = etree.fromstring(data, etree.XMLParser(huge_tree=True))
        except etree.XMLSyntaxError:
            self.root = etree.fromstring(data, etree.XMLParser(huge_tree=True, recover=True))
        for shape, cell in self._notes() if drop else []:  # what the fast path left
            if cell in drop:
                parent = shape.getparent()
                if parent is not None:
                    parent.remove(shape)

    def _notes(self) -> list[tuple[etree._Element, tuple[int, int]]]:
        found = []
        for shape in self.root.iter(f"{{{V}}}shape"):
            data = shape.find(f"{{{X}}}ClientData")
            if data is None or data.get("ObjectType") != "Note":
                continue
            row, column = data.findtext(f"{{{X}}}Row"), data.findtext(f"{{{X}}}Column")
            if row and column and row.strip().isdigit() and column.strip().isdigit():
                found.append((shape, (int(row) + 1, int(column) + 1)))
        return found

    def has_shapes(self) -> bool:
        """Whether the drawing holds any shape (a note's box, a button ...)."""
        return next(self.root.iter(f"{{{V}}}shape"), None) is not None

    def _used_ids(self) -> set[int]:
        used = set()
        for node in self.root.iter():
            for name in ("id", f"{{{O}}}spid"):
                match = _SHAPE_ID.fullmatch(node.get(name) or "")
                if match:
                    used.add(int(match.group(1)))
        return used

    def place(self, cells: list[tuple[int, int]], taken: set[int]) -> set[int]:
        """Give a note box to each of ``cells``, in id blocks not in ``taken``; return ours."""
        used = self._used_ids()
        self.cells = cells
        self.ids = _free_ids(len(cells), taken | {i // _BLOCK for i in used})
        blocks = {i // _BLOCK for i in used | set(self.ids)} | self._listed_blocks()
        self._set_idmap(sorted(blocks))
        return blocks

    def chunks(self) -> Iterator[bytes]:
        """The drawing's XML: the kept shapes as they were, then the new note boxes."""
        root = self._root_with_prefixes()
        root.text = root.text or ""  # keep <xml></xml> open for the splice below
        data = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
        end = data.rfind(b"</xml>")
        yield data[:end]
        if not self._has_note_shapetype():
            yield NOTE_SHAPETYPE
        for start in range(0, len(self.cells), 2048):
            pairs = zip(
                self.ids[start : start + 2048], self.cells[start : start + 2048], strict=True
            )
            yield b"".join(note_shape(i, row, column) for i, (row, column) in pairs)
        yield data[end:]

    def _listed_blocks(self) -> set[int]:
        node = self.root.find(f"{{{O}}}shapelayout/{{{O}}}idmap")
        return (
            {int(b) for b in re.findall(r"\d+", node.get("data", ""))}
            if node is not None
            else set()
        )

    def _set_idmap(self, blocks: list[int]) -> None:
        layout = self.root.find(f"{{{O}}}shapelayout")
        if layout is None:
            layout = etree.Element(f"{{{O}}}shapelayout")
            layout.set(f"{{{V}}}ext", "edit")
            self.root.insert(0, layout)
        idmap = layout.find(f"{{{O}}}idmap")
        if idmap is None:
            idmap = etree.SubElement(layout, f"{{{O}}}idmap")
            idmap.set(f"{{{V}}}ext", "edit")
        idmap.set("data", ",".join(str(b) for b in blocks or [1]))

    def _has_note_shapetype(self) -> bool:
        return any(n.get("id") == "_x0000_t202" for n in self.root.iter(f"{{{V}}}shapetype"))

    def _root_with_prefixes(self) -> etree._Element:
        """The root, declaring v:, o: and x: (new shapes are written with those prefixes)."""
        if all(self.root.nsmap.get(p) == uri for p, uri in _NSMAP.items()):
            return self.root
        others = {
            p: u for p, u in self.root.nsmap.items() if p not in _NSMAP and u not in _NSMAP.values()
        }
        root = etree.Element(self.root.tag, dict(self.root.attrib), nsmap={**others, **_NSMAP})
        root.text = self.root.text
        root.extend(list(self.root))
        self.root = root
        return root


def _drop_note_bytes(data: bytes, cells: set[tuple[int, int]]) -> bytes:
    """``data`` without the note boxes on ``cells``, cut out as bytes (the fast path).

    A re-run removes every earlier xlcrm note, often 100k boxes; finding them in the
    bytes is several times faster than in a parsed tree. It works on drawings that use
    Excel's v:/x: prefixes, as Excel and xlcrm write them; anything it is not sure of is
    left for the tree.
    """
    head = data[: data.find(b">") + 1]
    if b'xmlns:v="' + V.encode() not in head or b'xmlns:x="' + X.encode() not in head:
        return data
    pieces, cursor, start = [], 0, data.find(b"<v:shape ")
    while start >= 0:
        end = data.find(b"</v:shape>", start)
        if end < 0:
            break
        end += len(b"</v:shape>")
        shape = data[start:end]
        if shape.find(b"<v:shape ", 1) < 0 and _note_cell(shape) in cells:
            pieces.append(data[cursor:start])
            cursor = end
        start = data.find(b"<v:shape ", end)
    return b"".join(pieces) + data[cursor:] if pieces else data


def _note_cell(shape: bytes) -> tuple[int, int] | None:
    """The 1-based cell a note box belongs to (None for other shapes)."""
    match = _NOTE_CELL.search(shape)
    return (int(match.group(1)) + 1, int(match.group(2)) + 1) if match else None


def _free_ids(count: int, busy: set[int]) -> list[int]:
    ids: list[int] = []
    block = 1
    while len(ids) < count:
        if block not in busy:
            room = min(_BLOCK - 1, count - len(ids))
            ids.extend(range(block * _BLOCK + 1, block * _BLOCK + room + 1))
        block += 1
    return ids


def note_shape(shape_id: int, row: int, column: int) -> bytes:
    """A hidden note box beside cell (row, column), where Excel puts a new note."""
    row0, col0 = row - 1, column - 1
    top_row, top_offset = (0, 2) if row0 == 0 else (row0 - 1, 10)
    return _NOTE_SHAPE % (
        shape_id,
        _left(col0),
        top_row * 15 + top_offset * 0.75,  # points, for default 20-pixel rows
        col0 + 1, top_row, top_offset, col0 + 4, top_row + 5, top_offset,
        row0, col0,
    )  # fmt: skip


@functools.lru_cache(maxsize=1024)
def _left(col0: int) -> bytes:
    return b"%g" % ((col0 + 1) * 48 + 11.25)  # points, for default 64-pixel columns


_NOTE_SHAPE = (
    b'<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;'
    b"margin-left:%spt;margin-top:%gpt;width:144pt;height:75pt;z-index:1;"
    b'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
    b'<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
    b'<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
    b'<div style="text-align:left"></div></v:textbox>'
    b'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
    b"<x:Anchor>%d, 15, %d, %d, %d, 15, %d, %d</x:Anchor><x:AutoFill>False</x:AutoFill>"
    b"<x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>"
)
