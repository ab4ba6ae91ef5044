"""Part-by-part comparison with a workbook saved by Microsoft Excel.

For every kind of part both packages have — a kind is the relationship type that reaches
it (officeDocument, worksheet, styles, sharedStrings, theme, core and extended
properties …) — the part must have the same root element and put the child elements both
have in the same order (Excel reads several parts in schema order and repairs a file
whose order differs).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.ooxml.opc import Package


def _kinds(package: Package) -> dict[str, str]:
    """The first XML part reached by each relationship type (its last segment)."""
    found: dict[str, str] = {}
    for source in ["", *sorted(package.parts)]:
        for rel in package.relationships(source):
            if not rel.external and rel.target in package.parts and package.is_xml(rel.target):
                found.setdefault(rel.type.rsplit("/", 1)[-1], rel.target)
    return found


def _child_order(root: etree._Element) -> list[str]:
    order: list[str] = []
    for child in root:
        if isinstance(child.tag, str) and child.tag not in order:
            order.append(child.tag)
    return order


def compare_with_excel(ours: Path, excel: Path) -> list[str]:
    """Differences from the Excel-saved ``excel`` in the kinds of part both packages have."""
    mine, theirs = Package(ours), Package(excel)
    my_kinds, their_kinds = _kinds(mine), _kinds(theirs)
    differences = []
    for kind in sorted(set(my_kinds) & set(their_kinds)):
        a, b = my_kinds[kind], their_kinds[kind]
        root_a, root_b = mine.xml(a), theirs.xml(b)
        if root_a.tag != root_b.tag:
            differences.append(f"{a}: root {root_a.tag}, Excel's {root_b.tag}")
            continue
        order_b = _child_order(root_b)
        shared = [t for t in _child_order(root_a) if t in order_b]
        if shared != [t for t in order_b if t in shared]:
            differences.append(f"{a}: children in the order {shared}, Excel's {order_b}")
    return differences
