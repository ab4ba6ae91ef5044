"""The shared strings part (``xl/sharedStrings.xml``): blanking text that must not stay.

Text cells usually point into ``xl/sharedStrings.xml`` by index. When cells get new
values the patcher writes them as inline strings, so their old text would stay behind
in the shared strings, readable by anyone who unzips the file. Blanking a string keeps
an empty ``<si>`` in its place, so no other cell's index moves; a string that any other
cell of the workbook still shows is kept.
"""

from __future__ import annotations

import re

from xlcrm.xlsx.cells import column_number
from xlcrm.xlsx.package import REL_NS, Package
from xlcrm.xlsx.workbook import WorkbookXml

RT_SHARED_STRINGS = REL_NS + "/sharedStrings"
# a shared-string cell and its index: <c r="B7" s="3" t="s"><v>12</v>
_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*\st="s")([^>]*)>\s*<(?:\w+:)?v>(\d+)<')
_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_SI = re.compile(rb"<((?:\w+:)?)si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)
_COUNT = re.compile(rb'(<(?:\w+:)?sst\b[^>]*?)\scount="\d+"')


def blank_shared_strings(
    package: Package, book: WorkbookXml, sheet_part: str, cells: set[tuple[int, int]]
) -> int:
    """Blank the shared strings only ``cells`` of ``sheet_part`` use; return how many.

    Cells are read as the source has them; sheets added by the patch hold inline
    strings only and are not looked at.
    """
    rels = book.rels.of_type(RT_SHARED_STRINGS)
    if not rels or not package.has(rels[0].part) or not cells:
        return 0
    ours: set[int] = set()
    others: set[int] = set()
    for entry in book.sheets():
        if not entry.is_worksheet or not package.has(entry.part):
            continue
        if package.is_streamed(entry.part):
            continue
        target = entry.part == sheet_part
        for match in _SHARED_CELL.finditer(package.read(entry.part)):
            ref = _REF.search(match.group(1)) if target else None
            place = (int(ref.group(2)), column_number(ref.group(1))) if ref else None
            (ours if place in cells else others).add(int(match.group(2)))
    blank = ours - others
    if blank:
        part = rels[0].part
        package.put(part, _blanked(package.read(part), blank))
    return len(blank)


def _blanked(data: bytes, blank: set[int]) -> bytes:
    """The shared-strings part with the strings at ``blank`` emptied."""
    pieces, cursor = [], 0
    for index, match in enumerate(_SI.finditer(data)):
        if index in blank:
            prefix = match.group(1)
            pieces += [data[cursor : match.start()], b"<%ssi><%st/></%ssi>" % ((prefix,) * 3)]
            cursor = match.end()
    pieces.append(data[cursor:])
    # count= is the number of references, which just went down; it is optional
    return _COUNT.sub(rb"\1", b"".join(pieces), count=1)
