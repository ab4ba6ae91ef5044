"""Moving the rows of one sheet through a workbook: every part that names a row follows.

:class:`Mover` carries a :class:`~xlcrm.xlsx.rows.RowMap` for one sheet and rewrites,
part by part, what refers to its rows:

- the sheet's own rows and cells (``<row r>``, ``<c r>``) and formulas, a shared
  formula whose first cell goes written out in each cell that keeps it
  (:func:`move_segment`);
- its head and tail: the used range, the frozen pane and selection, the AutoFilter,
  merged cells, conditional formats and data validations (ranges and formulas, also
  Excel 2010's in ``extLst``), hyperlinks, page breaks (:func:`move_head`, :func:`move_tail`);
- its tables, notes and anchored drawings; the workbook's defined names; formulas,
  validations and conditional formats of other sheets that name it; chart series and
  pivot-cache sources (:meth:`Mover.move_part`).

Deleting rows loses what pointed only at them; inserting the same rows again cannot
know where a range ended that ended on a deleted row. Every text a deletion changed in
a way the matching insertion would not give back is kept in :attr:`Mover.lost`, and an
insertion given those (``restore``) puts them back as they were, so a deletion can be
undone exactly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.formula.translate import Translator

from xlcrm.xlsx.cells import column_letters, xml_text
from xlcrm.xlsx.rows import MAX_ROW, RowMap, shift_formula, shift_range, shift_sqref
from xlcrm.xlsx.sheet_layout import SheetLayout, parse_attrs

__all__ = ["Moved", "Mover"]

RestoreKey = tuple[str, str, str]  # kind, where, the text after the move


@dataclass(frozen=True)
class Moved:
    """A text a deletion changed that inserting the rows again would not give back."""

    kind: str  # cell, name, table, cf, dv, ...
    where: str  # the cell (in the numbering before the deletion), a name; "" otherwise
    before: str
    after: str  # "" when the thing pointed only at deleted rows and is gone


@dataclass
class Mover:
    """One sheet's row map, applied to every part of a workbook that refers to its rows."""

    sheet: str
    rows: RowMap
    restore: Mapping[RestoreKey, str] = field(default_factory=dict)
    lost: list[Moved] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._back = self.rows.inverse() if self.rows.deleted else None

    # -- texts -------------------------------------------------------------------------

    def formula(self, text: str, *, on_sheet: bool, kind: str, where: str = "") -> str:
        """A formula with its references to the sheet moved (or put back as it was)."""
        restored = self.restore.get((kind, where, text))
        if restored is not None:
            return restored
        new = shift_formula(text, self.rows, self.sheet, on_sheet=on_sheet)
        back = self._back
        if (
            back is not None
            and new != text
            and shift_formula(new, back, self.sheet, on_sheet=on_sheet) != text
        ):
            self.lost.append(Moved(kind, where, text, new))
        return new

    def ref(self, ref: str, *, kind: str, where: str = "") -> str | None:
        """A range on the sheet moved; None when none of it is left."""
        return self._moved(ref, shift_range, kind, where)

    def sqref(self, sqref: str, *, kind: str, where: str = "") -> str | None:
        """A list of ranges moved; None when none of them is left."""
        return self._moved(sqref, lambda text, rows: shift_sqref(text, rows) or None, kind, where)

    def _moved(
        self,
        text: str,
        shift: Callable[[str, RowMap], str | None],
        kind: str,
        where: str,
    ) -> str | None:
        restored = self.restore.get((kind, where, text))
        if restored is not None:
            return restored
        new = shift(text, self.rows)
        back = self._back
        if back is not None and new != text and (new is None or shift(new, back) != text):
            self.lost.append(Moved(kind, where, text, new or ""))
        return new

    def row(self, row: int) -> int | None:
        return self.rows.row(row)


# -- the sheet's rows --------------------------------------------------------------------

_ROW_OR_CELL = re.compile(rb'(<(?:[\w.-]+:)?(?:row|c)\b[^>]*?\sr=")([A-Z]*)(\d+)(")')


def shared_anchors(layout: SheetLayout, rows: RowMap) -> dict[bytes, tuple[str, str]]:
    """si -> (cell, formula) of the shared formulas whose first cell is deleted."""
    if not rows.deleted:
        return {}
    from xlcrm.xlsx.formulas import shared_texts

    found = {}
    for si, (ref, text) in shared_texts(layout).items():
        digits = "".join(ch for ch in ref if ch.isdigit())
        if digits and rows.is_deleted(int(digits)):
            found[si] = (ref, text)
    return found


def move_segment(
    data: bytes, mover: Mover, prefix: bytes, broken: Mapping[bytes, tuple[str, str]]
) -> bytes:
    """Whole rows of the sheet (as they were) renumbered, their formulas moved."""
    if not data:
        return data
    if b"<" + prefix + b"f" in data:
        data = _move_formulas(data, mover, prefix, broken)
    row = mover.row

    def renumber(match: re.Match[bytes]) -> bytes:
        new = row(int(match.group(3)))
        return match.group(1) + match.group(2) + str(new).encode() + match.group(4)

    return _ROW_OR_CELL.sub(renumber, data)


def _move_formulas(
    data: bytes, mover: Mover, prefix: bytes, broken: Mapping[bytes, tuple[str, str]]
) -> bytes:
    p = re.escape(prefix)
    formula_re = re.compile(rb"<" + p + rb"f\b([^>]*?)(?:/>|>(.*?)</" + p + rb"f>)", re.S)
    cell_open = b"<" + prefix + b"c "
    pieces: list[bytes] = []
    cursor = 0
    for match in formula_re.finditer(data):
        start = data.rfind(cell_open, 0, match.start())
        ref = parse_attrs(data[start : data.find(b">", start)]).get(b"r", b"").decode()
        where = _where(ref, mover)
        pieces += [
            data[cursor : match.start()],
            _moved_formula(match, ref, where, mover, prefix, broken),
        ]
        cursor = match.end()
    pieces.append(data[cursor:])
    return b"".join(pieces)


def _where(ref: str, mover: Mover) -> str:
    """A cell's address in the numbering before a deletion (after an insertion)."""
    if mover.rows.deleted or not ref:
        return ref
    letters = ref.rstrip("0123456789")
    return f"{letters}{mover.row(int(ref[len(letters) :]))}"


def _moved_formula(
    match: re.Match[bytes],
    ref: str,
    where: str,
    mover: Mover,
    prefix: bytes,
    broken: Mapping[bytes, tuple[str, str]],
) -> bytes:
    attrs = parse_attrs(match.group(1).rstrip(b"/"))
    body = match.group(2)
    tag = b"f"
    if body is None:  # a shared formula's other cell: its text is the first cell's
        si = attrs.get(b"si")
        if si is None or si not in broken:
            return match.group()
        anchor, text = broken[si]
        translated = Translator("=" + text, origin=anchor).translate_formula(ref)[1:]
        new = mover.formula(translated, on_sheet=True, kind="cell", where=where)
        return b"<" + prefix + tag + b">" + xml_text(new).encode() + b"</" + prefix + tag + b">"
    text = html.unescape(body.decode("utf-8"))
    new = mover.formula(text, on_sheet=True, kind="cell", where=where)
    if b"ref" in attrs:
        moved = mover.ref(attrs[b"ref"].decode(), kind="formula-range", where=where)
        attrs[b"ref"] = (moved or ref).encode()
    head = b"".join(b" " + k + b'="' + v + b'"' for k, v in attrs.items())
    return b"<" + prefix + tag + head + b">" + xml_text(new).encode() + b"</" + prefix + tag + b">"


# -- the sheet's head and tail -----------------------------------------------------------

_HEAD_REFS = re.compile(rb"(<(?:[\w.-]+:)?(?:dimension|pane|selection)\b[^>]*>)")
_HEAD_ATTR = re.compile(rb'(\s(?:ref|topLeftCell|activeCell|sqref)=")([^"]*)(")')


def move_head(head: bytes, mover: Mover) -> bytes:
    """The used range, the frozen pane's first row and the selection, moved."""

    def element(match: re.Match[bytes]) -> bytes:
        def attr(found: re.Match[bytes]) -> bytes:
            text = found.group(2).decode()
            name = found.group(1).strip().rstrip(b'="')
            moved = (
                shift_sqref(text, mover.rows) if name == b"sqref" else shift_range(text, mover.rows)
            )
            return found.group(1) + (moved or _first_kept(text, mover)).encode() + found.group(3)

        return _HEAD_ATTR.sub(attr, match.group())

    return _HEAD_REFS.sub(element, head)


def _first_kept(ref: str, mover: Mover) -> str:
    """The cell below a deleted one (where Excel's selection lands), else A1."""
    first = ref.split()[0].split(":")[0].replace("$", "")
    letters = first.rstrip("0123456789") or "A"
    digits = first[len(letters) :]
    span = mover.rows.rows(int(digits), MAX_ROW) if digits else None
    return f"{letters}{span[0]}" if span else "A1"


def move_tail(tail: bytes, layout: SheetLayout, mover: Mover) -> bytes:
    """Merged cells, conditional formats, validations, hyperlinks, AutoFilter, breaks."""
    if not tail.strip():
        return tail
    wrapper = b"<w " + layout.root_attrs + b">" + tail + b"</w>"
    root = etree.fromstring(
        wrapper, parser=etree.XMLParser(remove_blank_text=False, huge_tree=True)
    )
    for node in list(root.iter()):
        if isinstance(node.tag, str) and node.getparent() is not None:
            _move_node(node, mover)
    for name in (
        "mergeCells",
        "dataValidations",
        "hyperlinks",
        "rowBreaks",
        "conditionalFormatting",
    ):
        for holder in root.iter("{*}" + name):
            _recount_or_drop(holder, name)
    text = etree.tostring(root, encoding="utf-8")
    return text[text.index(b">") + 1 : text.rindex(b"</")]


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


_RANGE_NODES = {"autoFilter": "ref", "sortState": "ref", "mergeCell": "ref", "hyperlink": "ref"}
_LIST_NODES = {"conditionalFormatting", "dataValidation", "ignoredError", "protectedRange"}


def _move_node(node: etree._Element, mover: Mover) -> None:
    name = _local(node)
    parent = node.getparent()
    if name in _RANGE_NODES and node.get("ref") is not None:
        _move_attribute(node, "ref", mover.ref(node.get("ref", ""), kind=name))
    elif name in _LIST_NODES and node.get("sqref") is not None:
        _move_attribute(node, "sqref", mover.sqref(node.get("sqref", ""), kind=name))
    elif name in ("formula", "formula1", "formula2", "f") and node.text:
        node.text = mover.formula(node.text, on_sheet=True, kind=name)
    elif name == "sqref" and node.text:  # Excel 2010's x14 ranges, in extLst
        moved = mover.sqref(node.text, kind="x14")
        holder = parent.getparent() if parent is not None else None
        if moved is None and parent is not None and holder is not None:
            holder.remove(parent)
        elif moved is not None:
            node.text = moved
    elif name == "brk" and node.get("id", "").isdigit():
        row = mover.row(int(node.get("id", "0")))
        if row is None and parent is not None:
            parent.remove(node)
        elif row is not None:
            node.set("id", str(row))


def _move_attribute(node: etree._Element, name: str, moved: str | None) -> None:
    """The element with its range moved, or gone when nothing of the range is left."""
    parent = node.getparent()
    if moved is None and parent is not None:
        parent.remove(node)
    elif moved is not None:
        node.set(name, moved)


def _recount_or_drop(holder: etree._Element, name: str) -> None:
    """An emptied list of merged cells, validations ... goes; a count follows the items."""
    items = [c for c in holder if isinstance(c.tag, str)]
    parent = holder.getparent()
    if name == "conditionalFormatting":
        if not any(_local(c) == "cfRule" for c in items) and parent is not None:
            parent.remove(holder)
        return
    if not items and parent is not None:
        parent.remove(holder)
        return
    if holder.get("count") is not None:
        holder.set("count", str(len(items)))
    if name == "rowBreaks" and holder.get("manualBreakCount") is not None:
        holder.set("manualBreakCount", str(len(items)))


def column_ref(column: int, row: int) -> str:
    return f"{column_letters(column)}{row}"
