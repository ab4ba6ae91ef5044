"""Markup Compatibility (ECMA-376 Part 3) as a consumer that understands only Transitional.

Excel writes newer markup inside older parts in two ways, and a reader that does not know
the newer namespaces must do what Part 3 says before validating:

- ``mc:Ignorable="x14ac xr"`` on an element: elements and attributes in those namespaces
  (when not understood) are dropped; ``mc:ProcessContent`` keeps an ignored element's
  children in its place;
- ``mc:AlternateContent``: the first ``mc:Choice`` whose ``Requires`` prefixes are all
  understood is used, else ``mc:Fallback``, else nothing;
- ``mc:MustUnderstand`` naming a namespace not understood is an error, as is an element
  or attribute in a namespace that is neither understood nor ignorable.

:func:`preprocess` returns a copy of the tree with that done, the ``mc:*`` attributes
removed, and the problems found; extension lists (``extLst``/``ext``) stay, since the
schemas accept any element there, and what an ``ext`` holds is not checked (the schemas'
``xsd:any processContents="lax"``).
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_MC = f"{{{MC_NS}}}"


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _prefixed(element: etree._Element, value: str | None) -> set[str]:
    """The namespaces of the space-separated prefixes in ``value``, as in scope."""
    found = set()
    for prefix in (value or "").split():
        namespace = element.nsmap.get(prefix)
        if namespace:
            found.add(namespace)
    return found


def preprocess(root: etree._Element, understood: Iterable[str]) -> tuple[etree._Element, list[str]]:
    """(a copy of ``root`` as a Transitional-only consumer sees it, problems found)."""
    known = {*understood, XML_NS, MC_NS}
    problems: list[str] = []
    copy = etree.fromstring(etree.tostring(root))
    _walk(copy, known, set(), set(), problems)
    etree.cleanup_namespaces(copy)
    return copy, problems


def _walk(
    element: etree._Element,
    known: set[str],
    ignorable: set[str],
    process: set[str],
    problems: list[str],
) -> None:
    ignorable = ignorable | (_prefixed(element, element.get(f"{_MC}Ignorable")) - known)
    process = process | _prefixed(element, element.get(f"{_MC}ProcessContent"))
    for namespace in _prefixed(element, element.get(f"{_MC}MustUnderstand")) - known:
        problems.append(f"mc:MustUnderstand names {namespace}, which is not understood")
    for name in list(element.attrib):
        namespace = _namespace(name)
        if namespace == MC_NS or namespace in ignorable:
            del element.attrib[name]
        elif namespace and namespace not in known:
            problems.append(f"attribute {name} of {element.tag}: namespace not understood")
    index = 0
    while index < len(element):
        child = element[index]
        if not isinstance(child.tag, str):  # comments, processing instructions
            index += 1
            continue
        namespace = _namespace(child.tag)
        if child.tag == f"{_MC}AlternateContent":
            _replace(child, _chosen(child, known, problems))  # its children: walked next
        elif namespace in known and _is_extension(child):
            _strip_mc(child, ignorable)  # extLst/ext holds any markup (the schema's lax any)
            index += 1
        elif namespace in known:
            _walk(child, known, ignorable, process, problems)
            index += 1
        elif namespace in ignorable:
            _replace(child, list(child) if namespace in process else [])
        else:
            problems.append(f"element {child.tag}: namespace neither understood nor ignorable")
            index += 1


def _is_extension(element: etree._Element) -> bool:
    parent = element.getparent()
    return (
        etree.QName(element).localname == "ext"
        and parent is not None
        and etree.QName(parent).localname == "extLst"
    )


def _strip_mc(element: etree._Element, ignorable: set[str]) -> None:
    """Drop the mc:* and ignorable attributes of an extension (its content is not checked)."""
    for name in list(element.attrib):
        if _namespace(name) == MC_NS or _namespace(name) in ignorable:
            del element.attrib[name]


def _chosen(
    alternate: etree._Element, known: set[str], problems: list[str]
) -> list[etree._Element]:
    """The children of ``alternate``'s first usable Choice, else of its Fallback."""
    for branch in alternate:
        if branch.tag == f"{_MC}Choice":
            required = branch.get("Requires", "").split()
            namespaces = {branch.nsmap.get(p) for p in required}
            if required and None not in namespaces and namespaces <= known:
                return list(branch)
        elif branch.tag == f"{_MC}Fallback":
            return list(branch)
        elif isinstance(branch.tag, str):
            problems.append(f"{branch.tag} inside mc:AlternateContent")
    return []


def _replace(element: etree._Element, children: list[etree._Element]) -> None:
    """Put ``children`` where ``element`` was (none: just drop it)."""
    parent = element.getparent()
    assert parent is not None
    position = parent.index(element)
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(position + offset, child)
