"""The styles part (``xl/styles.xml``): new fills, number formats and cell styles.

A cell's look is one index into ``cellXfs``. To paint a cell without losing its font,
border, number format or alignment, :meth:`Styles.resolve` clones the cell's current
``<xf>`` with a new ``fillId`` (and/or ``numFmtId``), once per combination. The clones
that carry an xlcrm fill are *marks*: ``marks`` maps each to the style it was cloned
from, so a later run can put every marked cell back (see :mod:`.props` for where
the map is kept). Existing entries are never removed or renumbered, since every sheet
refers to them by position.
"""

from __future__ import annotations

import copy

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from xlcrm.xlsx.package import (
    CT_STYLES,
    MAIN_NS,
    RT_STYLES,
    Package,
    Rels,
    damaged,
    parse_xml,
    to_xml,
)

_M = f"{{{MAIN_NS}}}"
LINK_COLOR = "FF0563C1"  # Excel's "Hyperlink" cell style
_BUILTIN_IDS = {code: number for number, code in BUILTIN_FORMATS.items()}
_FILL_ATTRS = ("fillId", "applyFill")


class Styles:
    """The workbook's style sheet, with the clones xlcrm added."""

    def __init__(self, data: bytes) -> None:
        self.root = parse_xml(data, "xl/styles.xml")
        self.xfs = self._child("cellXfs")
        self.fills = self._child("fills")
        self.fonts = self._child("fonts")
        self.changed = False
        self.marks: dict[int, int] = {}  # marked xf -> the xf it was cloned from
        self._clones: dict[tuple[int, str, int | None], int] = {}
        self._codes: dict[int, str] = {}
        self._indexes: dict[str, dict[bytes, int]] = {}  # list tag -> canonical XML -> id
        self._formats = self._number_formats()

    def _child(self, name: str) -> etree._Element:
        node = self.root.find(_M + name)
        if node is None or len(node) == 0:
            raise damaged(f"xl/styles.xml has no {name}")
        return node

    def _number_formats(self) -> dict[str, int]:
        formats = dict(_BUILTIN_IDS)
        node = self.root.find(_M + "numFmts")
        for fmt in node if node is not None else ():
            if fmt.get("formatCode") is not None:
                formats[fmt.get("formatCode", "")] = int(fmt.get("numFmtId", "0"))
        self._codes = {number: code for code, number in formats.items()}
        return formats

    # -- reading ---------------------------------------------------------------------

    def xf(self, xf_id: int) -> etree._Element:
        """The cell format (``<xf>`` of cellXfs) with index ``xf_id``."""
        if not 0 <= xf_id < len(self.xfs):
            xf_id = 0  # a dangling index shows as the default style in Excel too
        return self.xfs[xf_id]

    def format_code(self, xf_id: int) -> str:
        """The number format code of cell format ``xf_id`` (General when none)."""
        return self._codes.get(int(self.xf(xf_id).get("numFmtId", "0")), "General")

    def shows_dates(self, xf_id: int) -> bool:
        """Whether a number in a cell of this style looks like a date."""
        return bool(is_date_format(self.format_code(xf_id)))

    # -- marks -------------------------------------------------------------------------

    def adopt_marks(self, recorded: dict[int, tuple[int, str]]) -> None:
        """Take over marks of an earlier run, keeping only those still true.

        Excel may renumber styles when it saves; a recorded mark is trusted only if that
        xf still has the recorded solid fill and is otherwise its base, unchanged.
        """
        for marked, (base, color) in recorded.items():
            if self._is_clone_with_fill(marked, base, color.upper()):
                self.marks[marked] = base
                self._clones.setdefault((base, color.upper(), None), marked)

    def recorded_marks(self) -> dict[int, tuple[int, str]]:
        """The marks as they are written down: marked xf -> (base xf, fill colour)."""
        return {marked: (base, self._fill_color(marked)) for marked, base in self.marks.items()}

    def _is_clone_with_fill(self, marked: int, base: int, color: str) -> bool:
        if not (0 <= marked < len(self.xfs) and 0 <= base < len(self.xfs)) or marked == base:
            return False
        if self._fill_color(marked) != color:
            return False
        return _without_fill(self.xfs[marked]) == _without_fill(self.xfs[base])

    def _fill_color(self, xf_id: int) -> str:
        """The solid colour of an xf's fill ('' when it is not a solid fill)."""
        fill_id = int(self.xfs[xf_id].get("fillId", "0"))
        if not 0 <= fill_id < len(self.fills):
            return ""
        pattern = self.fills[fill_id].find(_M + "patternFill")
        if pattern is None or pattern.get("patternType") != "solid":
            return ""
        color = pattern.find(_M + "fgColor")
        return (color.get("rgb") or "").upper() if color is not None else ""

    # -- new styles ----------------------------------------------------------------------

    def resolve(self, base: int, fill: str | None, number_format: str | None) -> int:
        """The xf that looks like ``base`` with ``fill`` and ``number_format`` applied.

        A cell wearing a mark keeps its mark's fill when only ``number_format`` is given,
        and the result is again a mark (so :meth:`WorkbookPatch.clear_marks` still finds it).
        """
        if fill is None and number_format is None:
            return base
        if base in self.marks:  # paint over the user's style, not an old mark
            if fill is None:
                fill = self._fill_color(base) or None
            base = self.marks[base]
        if number_format is not None and self.format_code(base) != number_format:
            base = self._clone(base, None, self.number_format_id(number_format))
        if fill is None:
            return base
        return self._clone(base, fill.upper(), None)

    def _clone(self, base: int, fill: str | None, number_format_id: int | None) -> int:
        key = (base, fill or "", number_format_id)
        if key in self._clones:
            return self._clones[key]
        xf = copy.deepcopy(self.xf(base))
        if fill is not None:
            xf.set("fillId", str(self._fill_id(fill)))
            xf.set("applyFill", "1")
        if number_format_id is not None:
            xf.set("numFmtId", str(number_format_id))
            xf.set("applyNumberFormat", "1")
        # A mark is always a new entry: sharing a user's identical style would let
        # clear_marks repaint the user's own cells.
        new_id = self._append(self.xfs, xf, shared=fill is None)
        if fill is not None:
            self.marks[new_id] = base
        self._clones[key] = new_id
        return new_id

    def _append(self, parent: etree._Element, node: etree._Element, shared: bool = True) -> int:
        """Add a font, fill or xf, reusing an equal one already there when ``shared``."""
        index = self._indexes.setdefault(parent.tag, {})
        if not index:
            for position, old in enumerate(parent):
                index.setdefault(_key(old), position)
        key = _key(node)
        if shared and key in index and not (parent is self.xfs and index[key] in self.marks):
            return index[key]
        parent.append(node)
        self.changed = True
        if shared:
            index.setdefault(key, len(parent) - 1)
        return len(parent) - 1

    def _fill_id(self, color: str) -> int:
        fill = etree.Element(_M + "fill")
        pattern = etree.SubElement(fill, _M + "patternFill", patternType="solid")
        etree.SubElement(pattern, _M + "fgColor", rgb=color)
        etree.SubElement(pattern, _M + "bgColor", indexed="64")
        return self._append(self.fills, fill)

    def number_format_id(self, code: str) -> int:
        """The id of number format ``code``, adding a custom one (id >= 164) if needed."""
        if code in self._formats:
            return self._formats[code]
        node = self.root.find(_M + "numFmts")
        if node is None:
            node = etree.Element(_M + "numFmts")
            self.root.insert(0, node)  # numFmts comes first in a style sheet
        number = max([163, *self._formats.values()]) + 1
        etree.SubElement(node, _M + "numFmt", numFmtId=str(number), formatCode=code)
        self._formats[code] = number
        self._codes[number] = code
        self.changed = True
        return number

    def font_style(
        self, *, bold: bool = False, link: bool = False, size: float | None = None
    ) -> int:
        """A style like the default one, with a bold, larger or hyperlink-blue underlined font."""
        if not (bold or link or size):
            return 0
        key = (0, f"font:{bold}:{link}:{size}", None)
        if key in self._clones:
            return self._clones[key]
        font = copy.deepcopy(self.fonts[int(self.xf(0).get("fontId", "0"))])
        if bold and font.find(_M + "b") is None:
            font.insert(0, etree.Element(_M + "b"))
        if link:
            for old in font.findall(_M + "color") + font.findall(_M + "u"):
                font.remove(old)
            font.insert(0, etree.Element(_M + "u"))
            font.insert(1, etree.Element(_M + "color", rgb=LINK_COLOR))
        if size:
            node = font.find(_M + "sz")
            if node is None:  # <sz> follows b, i, strike ... u in the schema's order
                node = etree.Element(_M + "sz")
                font.insert(len(font.findall(_M + "b")) + len(font.findall(_M + "u")), node)
            node.set("val", f"{size:g}")
        xf = copy.deepcopy(self.xf(0))
        xf.set("fontId", str(self._append(self.fonts, font)))
        xf.set("applyFont", "1")
        self._clones[key] = self._append(self.xfs, xf)
        return self._clones[key]

    def to_xml(self) -> bytes:
        """The styles part with every list's count brought up to date."""
        for name in ("numFmts", "fonts", "fills", "cellXfs"):
            node = self.root.find(_M + name)
            if node is not None:
                node.set("count", str(len(node)))
        return to_xml(self.root)


def _key(node: etree._Element) -> bytes:
    """A node's canonical XML: equal keys, equal styles."""
    return etree.tostring(node, method="c14n", exclusive=True)


def _without_fill(xf: etree._Element) -> bytes:
    """An xf's XML minus its fill, to compare a mark with the style it came from."""
    bare = copy.deepcopy(xf)
    for name in _FILL_ATTRS:
        bare.attrib.pop(name, None)
    return _key(bare)


_MINIMAL = (
    f'<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def new_styles_part(package: Package, workbook_rels: Rels) -> bytes:
    """Give a workbook that has no style sheet (some writers omit it) a minimal one."""
    part = package.unique_name("xl/styles{}.xml").replace("styles1", "styles")
    data = to_xml(parse_xml(_MINIMAL.encode(), part))
    package.put(part, data)
    package.content_types.set_override(part, CT_STYLES)
    workbook_rels.add(RT_STYLES, part)
    return data
