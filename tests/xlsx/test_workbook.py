"""The workbook part: sheets replaced in place, titles made safe, children in the schema's order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from tests.xlsx.workbooks import read_parts, rich_workbook, write_parts
from xlcrm.xlsx import WorkbookPatch, safe_title
from xlcrm.xlsx.workbook import WORKBOOK_CHILDREN


def test_replacing_a_sheet_keeps_its_place_and_titles_are_made_safe(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    assert patch.add_sheet("其他", [["new"]]) == "其他"
    assert patch.add_sheet("a/b:c*d?[e]" + "x" * 40, [["x"]]) == "a_b_c_d__e_" + "x" * 20
    patch.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["客户", "其他", "a_b_c_d__e_" + "x" * 20]
    assert wb["其他"]["A1"].value == "new"


@pytest.mark.parametrize(
    ("title", "safe"),
    [
        ("客户", "客户"),
        ("a/b:c", "a_b_c"),
        ("[x]*?\\", "_x____"),
        ("", "Sheet"),
        ("y" * 40, "y" * 31),
    ],
)
def test_safe_title(title: str, safe: str) -> None:
    assert safe_title(title) == safe


def test_names_and_calculation_go_where_the_schema_orders_them(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["姓名"], ["张三"]])
    parts = read_parts(src)
    book = re.sub(rb"<definedNames>.*?</definedNames>|<definedNames/>|<calcPr[^>]*/>", b"",
                  parts["xl/workbook.xml"])  # fmt: skip
    parts["xl/workbook.xml"] = book.replace(
        b"</sheets>", b'</sheets><externalReferences/><extLst><ext uri="x"/></extLst>'
    )
    write_parts(src, parts)
    patch = WorkbookPatch(src)
    patch.add_sheet("问题清单", [["行"], [2]])  # an AutoFilter: a _FilterDatabase name
    patch.calculate_on_open()
    patch.save(tmp_path / "out.xlsx")
    root = etree.fromstring(read_parts(tmp_path / "out.xlsx")["xl/workbook.xml"])
    names = [etree.QName(node).localname for node in root]
    assert names == sorted(names, key=WORKBOOK_CHILDREN.index)
    assert names[-4:] == ["externalReferences", "definedNames", "calcPr", "extLst"]
