"""A worksheet around its rows: every child element goes where the schema's order puts it."""

from __future__ import annotations

import pytest
from lxml import etree

from xlcrm.xlsx.package import MAIN_NS
from xlcrm.xlsx.sheet_layout import (
    WORKSHEET_CHILDREN,
    ChildEdits,
    SheetLayout,
    in_schema_order,
    legacy_drawing_id,
    rewrite_head,
    rewrite_tail,
)

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CHILDREN = [name for name in WORKSHEET_CHILDREN if name != "sheetData"]
RANK = {name: rank for rank, name in enumerate(WORKSHEET_CHILDREN)}
# Controls as Excel writes them: wrapped in mc:AlternateContent.
WRAPPED_CONTROLS = (
    f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><controls>'
    '<control shapeId="1025"/></controls></mc:Choice></mc:AlternateContent>'
)
# Worksheets to insert into, by the children they already have (in schema order).
NEIGHBOURS: dict[str, list[str]] = {
    "none": [],
    "all": CHILDREN,
    "even": CHILDREN[::2],
    "odd": CHILDREN[1::2],
    "excel": ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "mergeCells",
              "conditionalFormatting", "dataValidations", "hyperlinks", "pageMargins",
              "pageSetup", "drawing", "legacyDrawing", "tableParts", "extLst"],
    "ends": ["sheetPr", "extLst"],
    "controls": ["dimension", "pageMargins", "drawing", "controls", "tableParts"],
}  # fmt: skip


def _old(name: str, prefix: str = "") -> str:
    """An element as the sheet has it before the edit, with content to step over."""
    if name == "controls":
        return WRAPPED_CONTROLS
    return (
        f'<{prefix}{name} old="1"><{prefix}extLst><{prefix}ext/></{prefix}extLst></{prefix}{name}>'
    )


def _worksheet(children: list[str], prefix: str = "") -> bytes:
    """A worksheet with those children (the schema's order) around a row of data."""
    xmlns = f'xmlns{":" + prefix[:-1] if prefix else ""}="{MAIN_NS}"'
    head = "".join(_old(n, prefix) for n in children if RANK[n] < RANK["sheetData"])
    tail = "".join(_old(n, prefix) for n in children if RANK[n] > RANK["sheetData"])
    return (
        f'<?xml version="1.0"?>\n<{prefix}worksheet {xmlns}>{head}<{prefix}sheetData>'
        f'<{prefix}row r="1"><{prefix}c r="A1"><{prefix}v>1</{prefix}v></{prefix}c></{prefix}row>'
        f"</{prefix}sheetData>{tail}</{prefix}worksheet>"
    ).encode()


def _edited(data: bytes, children: ChildEdits) -> bytes:
    layout = SheetLayout.scan(data)
    body = data[layout.body_start : layout.body_end]
    return rewrite_head(layout, None, children) + body + rewrite_tail(layout, children)


def _order(data: bytes) -> list[tuple[str, str | None]]:
    """(local name, old/new) of the worksheet's children; a wrapper counts as what it wraps."""
    found = []
    for node in etree.fromstring(data):
        name = etree.QName(node).localname
        if name == "AlternateContent":
            name, mark = "controls", "old"
        else:
            mark = "new" if node.get("new") else "old" if node.get("old") else None
        found.append((name, mark))
    return found


def _in_schema_order(order: list[tuple[str, str | None]]) -> bool:
    ranks = [RANK[name] for name, _mark in order]
    return ranks == sorted(ranks)


@pytest.mark.parametrize("name", CHILDREN)
@pytest.mark.parametrize("neighbours", list(NEIGHBOURS), ids=list(NEIGHBOURS))
@pytest.mark.parametrize("prefix", ["", "x:"], ids=["plain", "prefixed"])
def test_a_child_is_set_where_the_schema_orders_it(name: str, neighbours: str, prefix: str) -> None:
    present = NEIGHBOURS[neighbours]
    data = _worksheet(present, prefix)
    element = f'<{prefix}{name} new="1"/>'.encode()
    out = _edited(data, {name: element})
    order = _order(out)
    assert _in_schema_order(order), order
    assert order.count((name, "new")) == 1 and (name, "old") not in order
    kept = [(n, "old") for n in present if n != name] + [("sheetData", None)]
    assert sorted(order) == sorted([*kept, (name, "new")])
    assert data[data.index(b"<" + prefix.encode() + b"sheetData>") :].split(b"</")[0] in out
    removed = _order(_edited(data, {name: None}))
    assert _in_schema_order(removed) and sorted(removed) == sorted(kept)


def test_nothing_to_set_leaves_every_byte() -> None:
    data = _worksheet(NEIGHBOURS["excel"])
    assert _edited(data, {}) == data
    self_closing = data.replace(b'<row r="1"><c r="A1"><v>1</v></c></row>', b"").replace(
        b"<sheetData></sheetData>", b"<sheetData/>"
    )
    assert _edited(self_closing, {}) == data.replace(
        b'<row r="1"><c r="A1"><v>1</v></c></row>', b""
    )


def test_several_children_at_once_and_the_link_to_the_notes() -> None:
    data = _worksheet(["dimension", "pageMargins", "tableParts"])
    layout = SheetLayout.scan(data)
    link = layout.relationship_element("legacyDrawing", "rId7", "urn:rels")
    out = _edited(data, {"legacyDrawing": link, "drawing": b'<drawing new="1"/>', "sheetPr": None})
    names = [name for name, _mark in _order(out)]
    assert names == [
        "dimension",
        "sheetData",
        "pageMargins",
        "drawing",
        "legacyDrawing",
        "tableParts",
    ]
    assert legacy_drawing_id(SheetLayout.scan(out)) == b"rId7"
    assert b'<legacyDrawing xmlns:r="urn:rels" r:id="rId7"/>' in out
    with pytest.raises(ValueError, match="sheetData"):
        _edited(data, {"sheetData": None})


def test_new_sheets_join_their_children_in_the_same_order() -> None:
    parts = {name: f"<{name}/>" for name in reversed(CHILDREN)}
    joined = in_schema_order(parts)
    assert joined == "".join(f"<{name}/>" for name in CHILDREN)
    with pytest.raises(ValueError, match="row"):
        in_schema_order({"row": "<row/>"})
