"""Excel tables (``xl/tables/tableN.xml``): read a sheet's tables, add one, or extend one.

A table (Insert > Table, a "ListObject") names a range whose first row holds the column
names. Formulas can then say ``客户[金额]`` (the whole column, however long the table
grows) and ``客户[[#This Row],[金额]]`` (the same row), and a *calculated column* holds
one formula that Excel fills into every row, including rows a user adds by typing just
below the table. A pivot cache whose source is the table's name follows it too.

A table is a part related from its worksheet (listed in the sheet's ``<tableParts>``).
Its ``tableColumn`` names must equal the header cells' text, be unique ignoring case and
hold no line break; :class:`TableColumn` checks what it can and the caller writes the
header cells. Table ids and names are unique in the workbook (names also against the
defined names). The child order of every element is :mod:`xlcrm.xlsx.order`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from xlcrm.xlsx.cells import column_letters, parse_ref, xml_attr, xml_text
from xlcrm.xlsx.order import TABLE_CHILDREN, TABLE_COLUMN_CHILDREN, in_order
from xlcrm.xlsx.package import MAIN_NS, REL_NS, Package, parse_xml, to_xml

RT_TABLE = REL_NS + "/table"
CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
DEFAULT_STYLE = "TableStyleLight1"
_M = f"{{{MAIN_NS}}}"
# Letters (any script), digits, "_", "." and "\"; not starting with a digit or ".".
_NAME = re.compile(r"[^\W\d.][\w.\\]*")
_CELL_LIKE = re.compile(r"(?i)[a-z]{1,3}\d+|r\d*c\d*|r|c")


@dataclass(frozen=True)
class TableColumn:
    """One column of a table: its name (the header cell's text) and, for a calculated
    column, the formula Excel fills into every row (no "="; None leaves it as it is)."""

    name: str
    formula: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or any(ch in self.name for ch in "\r\n"):
            raise ValueError(f"a table column needs a one-line name, not {self.name!r}")


@dataclass(frozen=True)
class TableInfo:
    """A table as the workbook has it."""

    name: str
    ref: str  # "A4:T504", header row included
    columns: tuple[str, ...]
    part: str
    table_id: int

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """(first row, first column, last row, last column), 1-based."""
        return ref_bounds(self.ref)


def ref_bounds(ref: str) -> tuple[int, int, int, int]:
    """'B4:T504' -> (4, 2, 504, 20)."""
    first, _, last = ref.partition(":")
    (top, left), (bottom, right) = parse_ref(first), parse_ref(last or first)
    return top, left, bottom, right


def bounds_ref(top: int, left: int, bottom: int, right: int) -> str:
    return f"{column_letters(left)}{top}:{column_letters(right)}{bottom}"


def overlaps(a: str, b: str) -> bool:
    """Whether two A1 ranges share a cell."""
    t1, l1, b1, r1 = ref_bounds(a)
    t2, l2, b2, r2 = ref_bounds(b)
    return t1 <= b2 and t2 <= b1 and l1 <= r2 and l2 <= r1


def check_table_name(name: str) -> str:
    """``name`` if Excel takes it for a table, else ValueError (say why)."""
    if len(name) > 255 or not _NAME.fullmatch(name) or _CELL_LIKE.fullmatch(name):
        raise ValueError(f"{name!r} cannot name an Excel table")
    return name


def read_table(package: Package, part: str) -> TableInfo:
    """A table part's name, range and column names."""
    root = parse_xml(package.read(part), part)
    columns = tuple(_column_name(node.get("name", "")) for node in root.iter(_M + "tableColumn"))
    name = root.get("displayName") or root.get("name") or ""
    return TableInfo(name, root.get("ref", ""), columns, part, int(root.get("id", "0") or 0))


def sheet_tables(package: Package, sheet_part: str) -> list[TableInfo]:
    """The tables of one worksheet."""
    rels = package.rels(sheet_part).of_type(RT_TABLE)
    return [read_table(package, rel.part) for rel in rels if package.has(rel.part)]


def workbook_tables(package: Package) -> list[TableInfo]:
    """Every table part of the package (for unique ids and names)."""
    names = [n for n in package.names() if re.fullmatch(r"xl/tables/[^/]+\.xml", n)]
    return [read_table(package, name) for name in names]


def _column_name(raw: str) -> str:
    """A tableColumn name as the header cell shows it (Excel escapes line breaks)."""
    return raw.replace("_x000a_", "\n").replace("_x000d_", "\r")


def new_table_xml(
    table_id: int, name: str, ref: str, columns: Sequence[TableColumn], style: str
) -> bytes:
    """A table part over ``ref`` (header row first) with ``columns``, one per column."""
    _check_columns(ref, columns)
    body = in_order(
        "table",
        TABLE_CHILDREN,
        {
            "autoFilter": f'<autoFilter ref="{ref}"/>',
            "tableColumns": _columns_xml(columns),
            "tableStyleInfo": (
                f'<tableStyleInfo name="{xml_attr(style)}" showFirstColumn="0"'
                ' showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>'
            ),
        },
    )
    head = (
        f'<table xmlns="{MAIN_NS}" id="{table_id}" name="{xml_attr(name)}"'
        f' displayName="{xml_attr(name)}" ref="{ref}" totalsRowShown="0">'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + head + body + "</table>"
    ).encode()


def _columns_xml(columns: Sequence[TableColumn]) -> str:
    parts = [f'<tableColumns count="{len(columns)}">']
    for number, column in enumerate(columns, start=1):
        parts.append(f'<tableColumn id="{number}" name="{xml_attr(column.name)}"')
        if column.formula is None:
            parts.append("/>")
        else:
            formula = xml_text(column.formula.removeprefix("="))
            parts.append(f"><calculatedColumnFormula>{formula}</calculatedColumnFormula>")
            parts.append("</tableColumn>")
    parts.append("</tableColumns>")
    return "".join(parts)


def _check_columns(ref: str, columns: Sequence[TableColumn]) -> None:
    _top, left, _bottom, right = ref_bounds(ref)
    if right - left + 1 != len(columns):
        raise ValueError(f"{ref} is {right - left + 1} columns wide, not {len(columns)}")
    folded = [c.name.casefold() for c in columns]
    if len(set(folded)) != len(folded):
        raise ValueError("table column names must be unique (ignoring case)")


def extended_table_xml(data: bytes, part: str, ref: str, columns: Sequence[TableColumn]) -> bytes:
    """An existing table part grown to ``ref``: columns it had keep their ids and settings
    (their names are ``columns``' too), new ones are added, and each column given a
    formula becomes a calculated column with it."""
    _check_columns(ref, columns)
    root = parse_xml(data, part)
    root.set("ref", ref)
    fltr = root.find(_M + "autoFilter")
    if fltr is not None:
        fltr.set("ref", ref)
    holder = root.find(_M + "tableColumns")
    if holder is None:
        raise ValueError(f"{part} has no <tableColumns>")
    old = list(holder.iter(_M + "tableColumn"))
    if len(old) > len(columns):
        raise ValueError(f"{part} has more columns than {ref}")
    next_id = max([int(n.get("id", "0") or 0) for n in old] + [0]) + 1
    for position, column in enumerate(columns):
        if position < len(old):
            node = old[position]
        else:
            node = etree.SubElement(holder, _M + "tableColumn")
            node.set("id", str(next_id))
            next_id += 1
        node.set("name", column.name.replace("\n", "_x000a_"))
        if column.formula is not None:
            _set_formula(node, column.formula.removeprefix("="))
    holder.set("count", str(len(columns)))
    return to_xml(root)


def _set_formula(column: etree._Element, formula: str) -> None:
    """Make ``column`` a calculated column with ``formula``, its other children kept."""
    found = column.find(_M + "calculatedColumnFormula")
    if found is None:
        found = etree.Element(_M + "calculatedColumnFormula")
        later = TABLE_COLUMN_CHILDREN[1:]
        following = [n for n in column if etree.QName(n).localname in later]
        if following:
            following[0].addprevious(found)
        else:
            column.append(found)
    found.attrib.clear()
    found.text = formula


def table_parts_xml(rel_ids: Sequence[str], prefix: bytes, r_prefix: bytes | None) -> bytes:
    """The worksheet's ``<tableParts>`` listing the related tables ``rel_ids``.

    ``prefix`` is the sheet's own namespace prefix (b"" or b"x:"), ``r_prefix`` the one
    its root declares for relationships (None: declared here).
    """
    r = r_prefix or b"r"
    declare = b"" if r_prefix else b' xmlns:r="' + REL_NS.encode() + b'"'
    parts = b"".join(
        b"<" + prefix + b"tablePart " + r + b':id="' + i.encode() + b'"/>' for i in rel_ids
    )
    head = b"<" + prefix + b'tableParts count="%d"' % len(rel_ids) + declare + b">"
    return head + parts + b"</" + prefix + b"tableParts>"


def unique_table_name(package: Package, defined: set[str], name: str) -> str:
    """``name``, or ``name`` with 2, 3 ... after it, that no table or defined name has."""
    check_table_name(name)
    taken = {t.name.casefold() for t in workbook_tables(package)} | {d.casefold() for d in defined}
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name}{number}"
    return candidate


def add_table(
    package: Package,
    sheet_part: str,
    ref: str,
    columns: Sequence[TableColumn],
    name: str,
    style: str = DEFAULT_STYLE,
) -> str:
    """A new table part related from ``sheet_part``; the relationship's id."""
    table_id = max([t.table_id for t in workbook_tables(package)] + [0]) + 1
    part = package.unique_name("xl/tables/table{}.xml")
    package.put(part, new_table_xml(table_id, name, ref, columns, style))
    package.content_types.set_override(part, CT_TABLE)
    return package.rels(sheet_part).add(RT_TABLE, part)


_PART_ID = re.compile(rb"(?:^|\s)[\w.-]+:id\s*=\s*[\"']([^\"']*)")


def table_part_ids(element: bytes) -> list[str]:
    """The relationship ids an existing ``<tableParts>`` element lists."""
    return [m.group(1).decode() for m in _PART_ID.finditer(element)]
