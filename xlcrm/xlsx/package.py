"""The package (OPC): the zip of parts, ``[Content_Types].xml`` and the ``.rels`` parts.

:class:`Package` reads parts from the source zip on demand and records edits: parts
replaced or added (bytes), parts produced while saving (streams), parts removed. On
:meth:`Package.write` every other part is copied with its bytes unchanged. Relationship
files and ``[Content_Types].xml`` are parsed once, edited in memory and written back
only if they changed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from xlcrm.errors import CorruptWorkbookError
from xlcrm.xlsx.zipwriter import write_entry

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

RT_WORKSHEET = REL_NS + "/worksheet"
RT_STYLES = REL_NS + "/styles"
RT_COMMENTS = REL_NS + "/comments"
RT_VML = REL_NS + "/vmlDrawing"
RT_CALC_CHAIN = REL_NS + "/calcChain"
RT_CUSTOM_PROPS = REL_NS + "/custom-properties"
RT_OFFICE_DOCUMENT = REL_NS + "/officeDocument"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CUSTOM_PROPS = "application/vnd.openxmlformats-officedocument.custom-properties+xml"

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Stream = Callable[[], Iterable[bytes]]


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse a part, turning broken XML into the user-facing 'damaged' error."""
    try:
        parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise damaged(name) from None


def to_xml(root: etree._Element) -> bytes:
    """A part's bytes, with the declaration Excel writes."""
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def damaged(detail: str) -> CorruptWorkbookError:
    """The error for a package that cannot be edited; ``detail`` says what is wrong."""
    return CorruptWorkbookError("workbook_cannot_be_edited", detail=detail)


@dataclass
class Relationship:
    """One relationship of a part; ``part`` is the resolved target part name."""

    id: str
    type: str
    target: str
    external: bool
    part: str


class Rels:
    """The relationships of one part (its ``_rels/NAME.rels``)."""

    def __init__(self, source: str, data: bytes | None) -> None:
        self.source = source
        self.items: list[Relationship] = []
        self.changed = False
        if data is not None:
            for node in parse_xml(data, rels_name(source)):
                if isinstance(node.tag, str) and node.tag.endswith("Relationship"):
                    self._load(node)

    def _load(self, node: etree._Element) -> None:
        target = node.get("Target", "")
        external = node.get("TargetMode") == "External"
        part = "" if external else resolve(self.source, target)
        self.items.append(
            Relationship(node.get("Id", ""), node.get("Type", ""), target, external, part)
        )

    def get(self, rel_id: str) -> Relationship | None:
        """The relationship with id ``rel_id``, or None."""
        return next((r for r in self.items if r.id == rel_id), None)

    def of_type(self, rel_type: str) -> list[Relationship]:
        """The relationships of one type (a relationship type URI)."""
        return [r for r in self.items if r.type == rel_type]

    def add(self, rel_type: str, part: str) -> str:
        """Relate ``part`` to the source; return the new relationship's id."""
        used = {r.id for r in self.items}
        number = len(self.items) + 1
        while f"rId{number}" in used:
            number += 1
        rel_id = f"rId{number}"
        base = posixpath.dirname(self.source)
        target = posixpath.relpath(part, base) if base else part
        self.items.append(Relationship(rel_id, rel_type, target, False, part))
        self.changed = True
        return rel_id

    def retarget(self, rel_id: str, part: str) -> None:
        """Point relationship ``rel_id`` at ``part`` instead."""
        rel = self.get(rel_id)
        assert rel is not None
        base = posixpath.dirname(self.source)
        rel.target = posixpath.relpath(part, base) if base else part
        rel.part = part
        self.changed = True

    def remove(self, rel_id: str) -> None:
        """Drop relationship ``rel_id``."""
        self.items = [r for r in self.items if r.id != rel_id]
        self.changed = True

    def to_xml(self) -> bytes:
        """The .rels part as written back into the package."""
        root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        for rel in self.items:
            node = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship")
            node.set("Id", rel.id)
            node.set("Type", rel.type)
            node.set("Target", rel.target)
            if rel.external:
                node.set("TargetMode", "External")
        return to_xml(root)


def rels_name(part: str) -> str:
    """'xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels'; '' (the package) -> '_rels/.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target points at, relative to its source part."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


class ContentTypes:
    """``[Content_Types].xml``: which content type each part has."""

    def __init__(self, data: bytes) -> None:
        self.root = parse_xml(data, "[Content_Types].xml")
        self.changed = False

    def _overrides(self) -> dict[str, etree._Element]:
        return {
            node.get("PartName", "").lstrip("/").casefold(): node
            for node in self.root
            if isinstance(node.tag, str) and node.tag.endswith("Override")
        }

    def type_of(self, part: str) -> str | None:
        """The content type of ``part``: its override, else its extension's default."""
        node = self._overrides().get(part.casefold())
        if node is not None:
            return node.get("ContentType")
        extension = posixpath.splitext(part)[1].lstrip(".").casefold()
        for node in self.root:
            is_default = isinstance(node.tag, str) and node.tag.endswith("Default")
            if is_default and node.get("Extension", "").casefold() == extension:
                return node.get("ContentType")
        return None

    def set_override(self, part: str, content_type: str) -> None:
        """Give ``part`` its own content type."""
        node = self._overrides().get(part.casefold())
        if node is None:
            node = etree.SubElement(self.root, f"{{{CT_NS}}}Override")
            node.set("PartName", "/" + part)
        node.set("ContentType", content_type)
        self.changed = True

    def remove_override(self, part: str) -> None:
        """Forget ``part``'s own content type (it is being deleted)."""
        node = self._overrides().get(part.casefold())
        if node is not None:
            self.root.remove(node)
            self.changed = True

    def ensure_default(self, extension: str, content_type: str) -> None:
        """Declare a content type for an extension that has none yet."""
        if self.type_of(f"x.{extension}") is None:
            node = etree.Element(f"{{{CT_NS}}}Default")
            node.set("Extension", extension)
            node.set("ContentType", content_type)
            self.root.insert(0, node)  # the schema wants Defaults before Overrides
            self.changed = True


class Package:
    """An OPC package opened for a copy-with-edits; the source file is only read."""

    def __init__(self, path: Path | BinaryIO) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            self._names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
        except zipfile.BadZipFile:
            raise damaged("zip") from None
        self._folded = {name.casefold(): name for name in self._names}
        self._edits: dict[str, bytes | None] = {}
        self._streams: dict[str, Stream] = {}
        self._large: set[str] = set()  # streamed parts that may pass 2 GiB
        self._rels: dict[str, Rels] = {}
        self.vml_blocks: dict[str, set[int]] = {}  # shape-id blocks of VML parts being written
        self.content_types = ContentTypes(self.read("[Content_Types].xml"))

    def close(self) -> None:
        """Close the source file."""
        self._zip.close()

    def find(self, part: str) -> str | None:
        """The stored name of ``part`` (part names are case-insensitive), or None."""
        if part in self._edits or part in self._streams:
            return None if self._edits.get(part, b"") is None else part
        return self._folded.get(part.casefold())

    def is_streamed(self, part: str) -> bool:
        """Whether ``part`` is written from a stream while saving."""
        return part in self._streams

    def has(self, part: str) -> bool:
        """Whether the package (with the edits so far) has ``part``."""
        return self.find(part) is not None

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, edited or as stored; a damaged file is one clear error."""
        if part in self._edits:
            data = self._edits[part]
            if data is None:
                raise KeyError(part)
            return data
        name = self._folded.get(part.casefold())
        if name is None:
            raise damaged(f"{part} missing")
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise damaged(f"{part}: {exc}") from None

    def put(self, part: str, data: bytes) -> None:
        """Write ``part`` (new or replaced) when saving."""
        self._streams.pop(part, None)
        self._edits[self.find(part) or part] = data

    def put_stream(self, part: str, produce: Stream, size_hint: int = 0) -> None:
        """``part`` will be written from ``produce()``'s chunks while saving.

        ``size_hint`` (bytes, roughly) above 1 GiB writes the entry as ZIP64, which a
        part past 2 GiB needs and which old readers may not know, so only then.
        """
        name = self.find(part) or part
        self._edits.pop(name, None)
        self._streams[name] = produce
        if size_hint > 1 << 30:
            self._large.add(name)

    def delete(self, part: str) -> None:
        """Leave ``part`` (and its content type) out of the copy."""
        name = self.find(part)
        if name is not None:
            self._streams.pop(name, None)
            self._edits[name] = None
            self.content_types.remove_override(name)

    def rels(self, part: str) -> Rels:
        """The relationships of ``part`` ('' for the package), parsed once and cached."""
        if part not in self._rels:
            name = rels_name(part)
            data = self.read(name) if self.has(name) else None
            self._rels[part] = Rels(part, data)
        return self._rels[part]

    def unique_name(self, pattern: str) -> str:
        """The first free part name of ``pattern`` ('xl/comments{}.xml' -> ...1, 2, ...)."""
        number = 1
        while self.has(pattern.format(number)):
            number += 1
        return pattern.format(number)

    def names(self) -> list[str]:
        """Every part the copy will have."""
        kept = [n for n in self._names if self._edits.get(n, b"") is not None]
        added = [n for n in [*self._edits, *self._streams] if n.casefold() not in self._folded]
        return kept + [n for n in added if self._edits.get(n, b"") is not None]

    def remove_tree(self, part: str) -> None:
        """Remove ``part``, its relationships, and the parts only it referred to."""
        rels = self.rels(part)
        self.delete(part)
        self.delete(rels_name(part))
        self._rels.pop(part, None)
        for rel in rels.items:
            if not rel.external and self.has(rel.part) and not self._referenced(rel.part):
                self.remove_tree(rel.part)

    def _referenced(self, part: str) -> bool:
        sources = {_rels_source(n) for n in self.names() if n.endswith(".rels")} | set(self._rels)
        return any(r.part == part for source in sources for r in self.rels(source).items)

    def write(
        self, dst: Path | BinaryIO, finish: Callable[[], None], compresslevel: int = 6
    ) -> None:
        """Write the copy: streamed parts first, then ``finish()``, then every other part."""
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out:
            for name, produce in self._streams.items():
                write_entry(out, name, produce, large=name in self._large)
            finish()
            self._flush_xml()
            for name in self.names():
                if name not in self._streams:
                    self._copy(out, name)

    def _flush_xml(self) -> None:
        for part, rels in self._rels.items():
            if rels.changed:
                if rels.items:
                    self.put(rels_name(part), rels.to_xml())
                else:
                    self.delete(rels_name(part))
        if self.content_types.changed:
            self.put("[Content_Types].xml", to_xml(self.content_types.root))

    def _copy(self, out: zipfile.ZipFile, name: str) -> None:
        if name in self._edits:
            data = self._edits[name]
            assert data is not None
            out.writestr(name, data)
            return
        old = self._zip.getinfo(name)
        # a fresh entry with the old name, date and method (stored parts stay stored)
        info = zipfile.ZipInfo(name, old.date_time)
        info.compress_type = old.compress_type
        info.external_attr = old.external_attr
        out.writestr(info, self.read(name))


_RELS_PATH = re.compile(r"(?:(.*)/)?_rels/([^/]*)\.rels")


def _rels_source(rels_part: str) -> str:
    """'xl/_rels/workbook.xml.rels' -> 'xl/workbook.xml' ('' for the package's)."""
    match = _RELS_PATH.fullmatch(rels_part)
    if match is None:
        return rels_part
    folder, name = match.group(1) or "", match.group(2)
    return posixpath.join(folder, name) if name else ""
