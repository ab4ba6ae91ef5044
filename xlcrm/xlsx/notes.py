"""The comments part (``xl/commentsN.xml``): the notes (Excel's legacy comments) of a sheet.

A note lives in two parts: its text in ``xl/commentsN.xml`` and its yellow box in a
VML drawing (``xl/drawings/vmlDrawingN.vml``) that the sheet links with
``<legacyDrawing r:id>``. The user's notes (and any form controls in the same VML) are
kept as they are; notes whose author is "xlcrm" are replaced, so re-runs do not stack.
A cell can hold one note: where the user already has one, xlcrm's is skipped.

The VML side is :mod:`.vml`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from xlcrm.xlsx.cells import cell_ref, parse_ref, xml_text
from xlcrm.xlsx.package import (
    CT_COMMENTS,
    CT_VML,
    MAIN_NS,
    RT_COMMENTS,
    RT_VML,
    Package,
    parse_xml,
    to_xml,
)
from xlcrm.xlsx.vml import VmlDrawing, idmap_blocks

AUTHOR = "xlcrm"
_M = f"{{{MAIN_NS}}}"


@dataclass
class NotesResult:
    """What the sheet must link to, and what happened to the notes."""

    legacy_drawing: str | None = None  # relationship id for <legacyDrawing>
    drop_legacy_drawing: bool = False
    written: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def update_notes(
    package: Package,
    sheet_part: str,
    linked_vml: str | None,
    new: dict[tuple[int, int], str],
    clear_ours: bool,
) -> NotesResult:
    """Write ``new`` notes ((row, col) -> text) into the sheet's parts, merging with old ones.

    ``linked_vml`` is the relationship id the sheet's <legacyDrawing> already has.
    ``clear_ours`` removes every earlier xlcrm note, not only those on cells in ``new``.
    """
    rels = package.rels(sheet_part)
    existing = next((r for r in rels.of_type(RT_COMMENTS) if package.has(r.part)), None)
    comments = _Comments(
        package.read(existing.part) if existing else None, existing.part if existing else ""
    )
    removed = comments.remove_ours(None if clear_ours else set(new))
    result = NotesResult(legacy_drawing=linked_vml, removed=len(removed))
    kept = comments.cells()  # the user's notes, and xlcrm's on other cells when not clearing
    for cell in sorted(set(new) & kept):
        result.skipped.append((cell_ref(*cell), "keeps the user's own note"))
    new = {cell: text for cell, text in new.items() if cell not in kept}
    if not new and not removed:
        return result
    comments.add(new)
    result.written = len(new)
    comments_part = existing.part if existing else package.unique_name("xl/comments{}.xml")
    if comments.count():
        size = sum(len(text) * 3 + 120 for _cell, text in comments.new)
        package.put_stream(comments_part, comments.chunks, size_hint=size)
        package.content_types.set_override(comments_part, CT_COMMENTS)
        if existing is None:
            rels.add(RT_COMMENTS, comments_part)
    elif existing is not None:
        package.delete(comments_part)
        rels.remove(existing.id)
    _update_vml(package, sheet_part, result, removed, new)
    return result


def xlcrm_note_cells(package: Package, sheet_part: str) -> set[tuple[int, int]]:
    """The (row, column) cells of a worksheet that carry a note by xlcrm, as saved."""
    cells: set[tuple[int, int]] = set()
    for rel in package.rels(sheet_part).of_type(RT_COMMENTS):
        if package.has(rel.part) and not package.is_streamed(rel.part):
            comments = _Comments(package.read(rel.part), rel.part)
            ours = comments._our_author_ids()
            cells.update(
                parse_ref(n.get("ref", "A1")) for n in comments.list if n.get("authorId") in ours
            )
    return cells


class _Comments:
    """A comments part as a tree, plus new notes kept as XML text until written."""

    def __init__(self, data: bytes | None, part: str) -> None:
        if data is None:
            data = f'<comments xmlns="{MAIN_NS}"><authors/><commentList/></comments>'.encode()
        self.root = parse_xml(data, part or "comments")
        self.authors = self._child("authors", 0)
        self.list = self._child("commentList", 1)
        self.new: list[tuple[tuple[int, int], str]] = []

    def _child(self, name: str, index: int) -> etree._Element:
        node = self.root.find(_M + name)
        if node is None:
            node = etree.Element(_M + name)
            self.root.insert(index, node)
        return node

    def _our_author_ids(self) -> set[str]:
        return {str(i) for i, a in enumerate(self.authors) if (a.text or "").strip() == AUTHOR}

    def remove_ours(self, only: set[tuple[int, int]] | None) -> set[tuple[int, int]]:
        """Drop xlcrm's notes (all, or those on ``only``); return their cells."""
        ours, removed, kept = self._our_author_ids(), set(), []
        for node in self.list:
            if node.get("authorId") in ours:
                cell = parse_ref(node.get("ref", "A1"))
                if only is None or cell in only:
                    removed.add(cell)
                    continue
            kept.append(node)
        if removed:
            self.list[:] = kept  # one rebuild instead of 100k single removals
        return removed

    def cells(self) -> set[tuple[int, int]]:
        return {parse_ref(n.get("ref", "A1")) for n in self.list if isinstance(n.tag, str)}

    def add(self, new: dict[tuple[int, int], str]) -> None:
        """Add xlcrm's notes; their XML is made while the part is written."""
        self.new = sorted(new.items())
        if not new or self._our_author_ids():
            return
        etree.SubElement(self.authors, _M + "author").text = AUTHOR

    def count(self) -> int:
        return len(self.list) + len(self.new)

    def chunks(self) -> Iterator[bytes]:
        """The part's XML: the kept notes as they were, then xlcrm's new ones."""
        self.list.text = self.list.text or ""  # keeps <commentList></commentList> open
        data = to_xml(self.root)
        p = f"{self.root.prefix}:" if self.root.prefix else ""
        close = data.rfind(f"</{p}commentList>".encode())
        yield data[:close]
        author = min(self._our_author_ids(), key=int, default="0")
        for start in range(0, len(self.new), 4096):
            batch = self.new[start : start + 4096]
            yield "".join(
                f'<{p}comment ref="{cell_ref(row, column)}" authorId="{author}"><{p}text>'
                f'<{p}t xml:space="preserve">{_escaped(text)}</{p}t></{p}text></{p}comment>'
                for (row, column), text in batch
            ).encode()
        yield data[close:]


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return xml_text(text)  # the same few messages come back many times


def _update_vml(
    package: Package,
    sheet_part: str,
    result: NotesResult,
    removed: set[tuple[int, int]],
    new: dict[tuple[int, int], str],
) -> None:
    rels = package.rels(sheet_part)
    linked = rels.get(result.legacy_drawing) if result.legacy_drawing else None
    if linked is not None and package.has(linked.part):
        part, vml = linked.part, VmlDrawing(package.read(linked.part), removed)
    else:
        part, linked = package.unique_name("xl/drawings/vmlDrawing{}.vml"), None
        vml = VmlDrawing(None)
    if not new and not vml.has_shapes():
        package.delete(part)
        if linked is not None:
            rels.remove(linked.id)
        result.legacy_drawing, result.drop_legacy_drawing = None, True
        return
    package.vml_blocks[part] = vml.place(sorted(new), _blocks_elsewhere(package, part))
    package.put_stream(part, vml.chunks, size_hint=700 * len(new))
    if package.content_types.type_of(part) is None:
        package.content_types.ensure_default("vml", CT_VML)
    if linked is None:
        result.legacy_drawing = rels.add(RT_VML, part)


def _blocks_elsewhere(package: Package, part: str) -> set[int]:
    """Shape-id blocks that the workbook's other VML parts claim."""
    taken: set[int] = set()
    for name in package.names():
        if name in package.vml_blocks and name != part:
            taken.update(package.vml_blocks[name])
        elif name.lower().endswith(".vml") and name != part and not package.is_streamed(name):
            taken.update(idmap_blocks(package.read(name)))
    return taken
