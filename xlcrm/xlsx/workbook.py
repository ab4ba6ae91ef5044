"""The workbook part (``xl/workbook.xml``): the sheet list, dates, defined names, calculation.

Adding a sheet means a ``<sheet>`` entry (with a new sheetId and a relationship to its
part) and, for an AutoFilter, the hidden ``_xlnm._FilterDatabase`` name Excel keeps for
it. Replacing a sheet keeps its entry, so its position, id and visibility stay.
``docProps/app.xml`` (which lists sheet titles for file browsers) is left alone: Excel
rewrites it on save and does not check it on open, and openpyxl does not write titles
there at all. Sheet titles are made safe for Excel with :func:`safe_title`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from xlcrm.errors import UnsupportedFormatError
from xlcrm.xlsx.package import (
    CT_WORKSHEET,
    MAIN_NS,
    REL_NS,
    RT_CALC_CHAIN,
    RT_OFFICE_DOCUMENT,
    RT_WORKSHEET,
    Package,
    damaged,
    parse_xml,
    to_xml,
)

_M = f"{{{MAIN_NS}}}"
_HIDDEN = ("hidden", "veryHidden")
_RID = f"{{{REL_NS}}}id"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
# The children of <workbook> in the order the schema requires (CT_Workbook, ECMA-376
# Part 1, sml.xsd); every element added here is placed by it.
WORKBOOK_CHILDREN = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
    "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
)  # fmt: skip
_FORBIDDEN_IN_TITLES = "[]:*?/\\"
MAX_TITLE = 31


def safe_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    for ch in _FORBIDDEN_IN_TITLES:
        title = title.replace(ch, "_")
    return title[:MAX_TITLE] or "Sheet"


@dataclass
class SheetEntry:
    """A sheet as the workbook lists it."""

    name: str
    index: int
    rel_id: str
    part: str
    is_worksheet: bool


class WorkbookXml:
    """The workbook part of a package, parsed once and edited in memory."""

    def __init__(self, package: Package) -> None:
        self.package = package
        main = package.rels("").of_type(RT_OFFICE_DOCUMENT)
        if not main:
            raise UnsupportedFormatError("workbook_layout_unsupported")
        self.part = main[0].part
        self.root = parse_xml(package.read(self.part), self.part)
        if self.root.tag != _M + "workbook":
            raise damaged(f"{self.part} is not a workbook")
        self.rels = package.rels(self.part)
        self.changed = False

    @property
    def macro_enabled(self) -> bool:
        """Whether the workbook is an .xlsm (its main part has the macro content type)."""
        return self.package.content_types.type_of(self.part) == MACRO_MAIN

    @property
    def date1904(self) -> bool:
        """Whether dates count from 1904 (old Mac workbooks) instead of 1900."""
        props = self.root.find(_M + "workbookPr")
        return props is not None and props.get("date1904", "0").lower() in ("1", "true")

    def _sheet_nodes(self) -> list[etree._Element]:
        sheets = self.root.find(_M + "sheets")
        return [] if sheets is None else list(sheets.iter(_M + "sheet"))

    def sheets(self) -> list[SheetEntry]:
        """Every sheet in tab order: name, position, relationship, part, worksheet or not."""
        entries = []
        for index, node in enumerate(self._sheet_nodes()):
            rel = self.rels.get(node.get(_RID, ""))
            part = rel.part if rel is not None else ""
            is_worksheet = rel is not None and rel.type == RT_WORKSHEET
            entries.append(
                SheetEntry(node.get("name", ""), index, node.get(_RID, ""), part, is_worksheet)
            )
        return entries

    def find(self, name: str) -> SheetEntry | None:
        """The sheet called ``name``: exactly, else as Excel compares names (ignoring case)."""
        entries = self.sheets()
        exact = next((e for e in entries if e.name == name), None)
        return exact or next((e for e in entries if e.name.casefold() == name.casefold()), None)

    def add_sheet(self, title: str) -> SheetEntry:
        """A new sheet entry at the end, related to a new, still empty, worksheet part."""
        part = self.package.unique_name("xl/worksheets/sheet{}.xml")
        rel_id = self.rels.add(RT_WORKSHEET, part)
        sheets = self.root.find(_M + "sheets")
        if sheets is None:
            raise damaged(f"{self.part} has no <sheets>")
        ids = [
            int(n.get("sheetId", "0"))
            for n in self._sheet_nodes()
            if n.get("sheetId", "").isdigit()
        ]
        node = etree.SubElement(sheets, _M + "sheet", nsmap={"r": REL_NS})
        node.set("name", title)
        node.set("sheetId", str(max([0, *ids]) + 1))
        node.set(_RID, rel_id)
        self.package.content_types.set_override(part, CT_WORKSHEET)
        self.changed = True
        return SheetEntry(title, len(self._sheet_nodes()) - 1, rel_id, part, True)

    def replace_sheet(self, entry: SheetEntry, title: str) -> SheetEntry:
        """Point ``entry`` at a new worksheet part; the old part and what only it used go."""
        if entry.part:
            self.package.remove_tree(entry.part)
        part = self.package.unique_name("xl/worksheets/sheet{}.xml")
        rel = self.rels.get(entry.rel_id)
        if rel is None:
            raise damaged(f"sheet {entry.name} has no part")
        self.rels.retarget(entry.rel_id, part)
        rel.type = RT_WORKSHEET  # a chart sheet of that name becomes a worksheet
        self.package.content_types.set_override(part, CT_WORKSHEET)
        node = self._sheet_nodes()[entry.index]
        node.set("name", title)
        self._drop_local_names(entry.index)
        self.changed = True
        return SheetEntry(title, entry.index, entry.rel_id, part, True)

    def hide(self, index: int) -> None:
        """Hide the sheet at ``index`` (Excel: right-click a tab, Unhide, to see it again)."""
        nodes = self._sheet_nodes()
        if all(n.get("state") in _HIDDEN for i, n in enumerate(nodes) if i != index):
            raise ValueError("a workbook needs one visible sheet; this one cannot be hidden")
        nodes[index].set("state", "hidden")
        for view in self.root.iter(_M + "workbookView"):
            if view.get("activeTab", "0") == str(index):  # Excel opens on a visible tab
                first = next(i for i, n in enumerate(nodes) if n.get("state") not in _HIDDEN)
                view.set("activeTab", str(first))
        self.changed = True

    def _drop_local_names(self, index: int) -> None:
        """Names scoped to a replaced sheet described its old content."""
        self._remove_children("definedNames", "localSheetId", str(index))

    def _remove_children(self, holder: str, attribute: str, value: str) -> bool:
        """Remove the children of ``holder`` whose ``attribute`` is ``value``; the holder
        goes too once empty. Whether anything was removed."""
        node = self.root.find(_M + holder)
        if node is None:
            return False
        found = [child for child in node if child.get(attribute) == value]
        for child in found:
            node.remove(child)
        if not len(node):
            self.root.remove(node)
        return bool(found)

    def defined_names(self) -> list[etree._Element]:
        """The <definedName> elements (edited in place; set ``changed`` after editing)."""
        names = self.root.find(_M + "definedNames")
        return [] if names is None else list(names.iter(_M + "definedName"))

    def set_filter_range(self, index: int, title: str, ref: str) -> None:
        """Record an AutoFilter's range as Excel does, in a hidden sheet-scoped name."""
        names = self._defined_names()
        first, _, last = ref.partition(":")
        absolute = _absolute(first) + (":" + _absolute(last) if last else "")
        quoted = "'" + title.replace("'", "''") + "'"
        node = etree.SubElement(names, _M + "definedName")
        node.set("name", "_xlnm._FilterDatabase")
        node.set("localSheetId", str(index))
        node.set("hidden", "1")
        node.text = f"{quoted}!{absolute}"
        self.changed = True

    def defined_name_set(self) -> set[str]:
        """The names the workbook defines (a table may not take one of them)."""
        names = self.root.find(_M + "definedNames")
        return set() if names is None else {n.get("name", "") for n in names}

    def drop_filter_name(self, index: int) -> None:
        """Forget the AutoFilter range of the sheet at ``index`` (a table replaced it)."""
        names = self.root.find(_M + "definedNames")
        for node in [] if names is None else list(names):
            hidden_filter = node.get("name") == "_xlnm._FilterDatabase"
            if hidden_filter and node.get("localSheetId") == str(index):
                names.remove(node)
                self.changed = True

    def _defined_names(self) -> etree._Element:
        names = self.root.find(_M + "definedNames")
        return names if names is not None else self._insert_child("definedNames")

    def _insert_child(self, name: str) -> etree._Element:
        """A new, empty child ``name`` of <workbook>, at the place the schema gives it."""
        rank = WORKBOOK_CHILDREN.index(name)
        node = etree.Element(_M + name)
        before = [
            n
            for n in self.root
            if isinstance(n.tag, str) and etree.QName(n).localname in WORKBOOK_CHILDREN[:rank]
        ]
        if before:
            before[-1].addnext(node)
        else:
            self.root.insert(0, node)
        return node

    def pivot_caches(self) -> list[tuple[int, str]]:
        """(cacheId, relationship id) of each pivot cache the workbook lists."""
        caches = self.root.find(_M + "pivotCaches")
        nodes = [] if caches is None else caches.iter(_M + "pivotCache")
        return [(int(n.get("cacheId", "0")), n.get(_RID, "")) for n in nodes]

    def add_pivot_cache(self, rel_id: str) -> int:
        """List a pivot cache part (related as ``rel_id``); return its new cacheId."""
        caches = self.root.find(_M + "pivotCaches")
        if caches is None:
            caches = self._insert_child("pivotCaches")
        cache_id = max([i for i, _ in self.pivot_caches()] + [0]) + 1
        node = etree.SubElement(caches, _M + "pivotCache", nsmap={"r": REL_NS})
        node.set("cacheId", str(cache_id))
        node.set(_RID, rel_id)
        self.changed = True
        return cache_id

    def drop_pivot_cache(self, cache_id: int) -> None:
        """Stop listing cache ``cache_id`` (the list goes when it is empty: the schema
        wants at least one entry)."""
        if self._remove_children("pivotCaches", "cacheId", str(cache_id)):
            self.changed = True

    def calculate_on_open(self) -> None:
        """Ask the spreadsheet to recalculate every formula when it opens the file."""
        calc = self.root.find(_M + "calcPr")
        if calc is None:
            if self.root.find(_M + "sheets") is None:
                raise damaged(f"{self.part} has no <sheets>")
            calc = self._insert_child("calcPr")
        if calc.get("fullCalcOnLoad") != "1":
            calc.set("fullCalcOnLoad", "1")
            self.changed = True

    def drop_calc_chain(self) -> None:
        """Remove the formula calculation order; Excel rebuilds it when it opens the file."""
        for rel in self.rels.of_type(RT_CALC_CHAIN):
            self.package.delete(rel.part)
            self.rels.remove(rel.id)

    def to_xml(self) -> bytes:
        """The workbook part as written back."""
        return to_xml(self.root)


def _absolute(ref: str) -> str:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    return f"${letters}${digits}"
