"""The package layer (ECMA-376 Part 2, OPC): parts, content types and relationships.

:class:`Package` reads a .xlsx/.xlsm/.xlam zip once and answers what the other checks
need: the parts by name, each part's content type (an Override, else the Default for its
extension), its relationships resolved to part names, and each XML part parsed.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a source part: its id, type, target part (or URL) and mode."""

    source: str  # "" for the package
    id: str
    type: str
    target: str  # a part name without the leading "/" when internal, else the raw target
    external: bool


class Package:
    """An OOXML package opened from ``path`` (read into memory once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.parts: dict[str, bytes] = {
                info.filename: archive.read(info) for info in archive.infolist()
                if not info.is_dir()
            }  # fmt: skip

    @cached_property
    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(defaults by lower-case extension, overrides by part name without "/")."""
        root = self.xml(CONTENT_TYPES)
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in root.iter(f"{{{CT_NS}}}Default")
        }
        overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
            for o in root.iter(f"{{{CT_NS}}}Override")
        }
        return defaults, overrides

    def content_type(self, part: str) -> str | None:
        """The content type of ``part`` (an Override wins over the extension's Default)."""
        defaults, overrides = self.content_types
        if part in overrides:
            return overrides[part]
        name = posixpath.basename(part)  # "_rels/.rels" has the extension "rels" (OPC)
        return defaults.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None

    def xml(self, part: str) -> etree._Element:
        """``part`` parsed (no DTDs, entities or network)."""
        return etree.fromstring(self.parts[part], _PARSER)

    def is_xml(self, part: str) -> bool:
        kind = self.content_type(part) or ""
        return part.endswith((".xml", ".rels", ".vml")) or kind.endswith("+xml")

    @staticmethod
    def rels_part(source: str) -> str:
        """The relationships part of ``source`` ("" is the package itself)."""
        folder, name = posixpath.split(source)
        return posixpath.join(folder, "_rels", name + ".rels")

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of ``source``, internal targets resolved to part names."""
        rels = self.rels_part(source)
        if rels not in self.parts:
            return []
        found = []
        for rel in self.xml(rels).iter(f"{{{PR_NS}}}Relationship"):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                base = posixpath.dirname(source)
                joined = target[1:] if target.startswith("/") else posixpath.join(base, target)
                target = posixpath.normpath(joined).lstrip("/")
            found.append(
                Relationship(source, rel.get("Id", ""), rel.get("Type", ""), target, external)
            )
        return found

    def related(self, source: str, kind: str) -> list[str]:
        """Existing internal targets of ``source``'s relationships of type ``.../kind``."""
        return [
            r.target for r in self.relationships(source)
            if not r.external and r.type.rsplit("/", 1)[-1] == kind and r.target in self.parts
        ]  # fmt: skip

    @cached_property
    def workbook(self) -> str:
        """The workbook part's name (the package's officeDocument target)."""
        targets = self.related("", "officeDocument")
        return targets[0] if targets else "xl/workbook.xml"
