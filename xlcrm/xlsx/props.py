"""The custom properties part (``docProps/custom.xml``), where xlcrm records its marks.

The map {marked xf id: [base xf id, fill colour]} is kept as custom document properties
(``docProps/custom.xml``, File > Info > Properties > Custom in Excel), which Excel keeps
when it saves. Excel's dialog handles text values up to 255 characters, so the JSON map
is split over ``xlcrm_fill_styles``, ``xlcrm_fill_styles_2``, ... each below that. The
colour lets a later run check that an id still means what it meant.

:func:`read_property` and :func:`write_property` read and set any other text property
there (``xlcrm encrypt`` keeps its key record as ``xlcrm_crypto``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from lxml import etree

from xlcrm.xlsx.package import (
    CT_CUSTOM_PROPS,
    RT_CUSTOM_PROPS,
    Package,
    parse_xml,
    to_xml,
)

PROPERTY = "xlcrm_fill_styles"
PART = "docProps/custom.xml"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the id of user-defined properties
_OURS = re.compile(rf"{PROPERTY}(?:_\d+)?")
_CHUNK = 240


def custom_part(package: Package) -> str | None:
    """The custom-properties part of the package, if it has one."""
    rels = package.rels("").of_type(RT_CUSTOM_PROPS)
    return rels[0].part if rels and package.has(rels[0].part) else None


Marks = dict[int, tuple[int, str]]  # marked xf -> (base xf, ARGB fill)


def read_marks(package: Package) -> Marks:
    """The marks an earlier run recorded ({} when none, or when they are unreadable)."""
    part = custom_part(package)
    if part is None:
        return {}
    marks: Marks = {}
    for node in parse_xml(package.read(part), part):
        if _OURS.fullmatch(node.get("name", "")):
            try:
                chunk = json.loads("".join(node.itertext()))
                marks.update({int(k): (int(v[0]), str(v[1])) for k, v in chunk.items()})
            except (ValueError, AttributeError, TypeError, IndexError, KeyError):
                continue  # edited by hand: those marks are simply not trusted
    return marks


def is_reserved(name: str) -> bool:
    """Whether ``name`` is one of the properties that hold the marks (written on save)."""
    return _OURS.fullmatch(name) is not None


def read_property(package: Package, name: str) -> str | None:
    """The text of custom document property ``name`` (None when there is none)."""
    part = custom_part(package)
    if part is None:
        return None
    for node in parse_xml(package.read(part), part):
        if node.get("name") == name:
            return "".join(node.itertext())
    return None


def write_property(package: Package, name: str, value: str) -> None:
    """Set text property ``name`` to ``value`` (replacing it), creating the part if needed."""
    root, part = _properties(package)
    _remove(root, lambda n: n == name)
    _append(root, _next_pid(root), name, value)
    package.put(part, to_xml(root))


def write_marks(package: Package, marks: Marks) -> None:
    """Record ``marks`` in docProps/custom.xml, creating the part if needed."""
    if custom_part(package) is None and not marks:
        return
    root, part = _properties(package)
    _remove(root, is_reserved)
    pid = _next_pid(root) - 1
    for index, chunk in enumerate(_chunks(marks)):
        pid += 1
        _append(root, pid, PROPERTY if index == 0 else f"{PROPERTY}_{index + 1}", chunk)
    package.put(part, to_xml(root))


def _properties(package: Package) -> tuple[etree._Element, str]:
    """The parsed custom-properties part and its name; a new, empty one if missing."""
    part = custom_part(package)
    if part is not None:
        return parse_xml(package.read(part), part), part
    part = PART if not package.has(PART) else package.unique_name("docProps/custom{}.xml")
    package.rels("").add(RT_CUSTOM_PROPS, part)
    package.content_types.set_override(part, CT_CUSTOM_PROPS)
    return etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT}), part


def _remove(root: etree._Element, named: Callable[[str], bool]) -> None:
    for node in [n for n in root if named(n.get("name", ""))]:
        root.remove(node)


def _next_pid(root: etree._Element) -> int:
    """A free property id: above every one in use (ids 0 and 1 are reserved)."""
    return max([1, *(int(n.get("pid", "1")) for n in root if n.get("pid", "").isdigit())]) + 1


def _append(root: etree._Element, pid: int, name: str, value: str) -> None:
    node = etree.SubElement(root, f"{{{_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
    etree.SubElement(node, f"{{{_VT}}}lpwstr").text = value


def _chunks(marks: Marks) -> list[str]:
    """The map as JSON objects of at most _CHUNK characters each."""
    chunks: list[str] = []
    items: list[str] = []
    for marked, (base, color) in sorted(marks.items()):
        item = f'"{marked}":[{base},"{color}"]'
        if items and sum(len(i) + 1 for i in items) + len(item) + 1 > _CHUNK:
            chunks.append("{" + ",".join(items) + "}")
            items = []
        items.append(item)
    if items:
        chunks.append("{" + ",".join(items) + "}")
    return chunks
