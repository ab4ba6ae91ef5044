"""Excel tables: a range made a table, a user's table grown, calculated columns, names."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.table import Table

from tests.xlsx.workbooks import MAIN, rich_workbook
from xlcrm.xlsx import CellPatch, TableColumn, WorkbookPatch, check_table_name, ranges_overlap
from xlcrm.xlsx.order import TABLE_CHILDREN, TABLE_COLUMN_CHILDREN
from xlcrm.xlsx.tables import extended_table_xml, new_table_xml

M = f"{{{MAIN}}}"


def _children(xml: bytes) -> list[str]:
    return [etree.QName(n).localname for n in etree.fromstring(xml)]


def test_a_range_becomes_a_table_with_a_calculated_column(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["标题"], ["地区", "金额"], ["华东", 50], ["华南", 150]])
    wb = openpyxl.load_workbook(src)
    wb.active.auto_filter.ref = "A2:B4"  # the sheet's own filter gives way to the table's
    wb.save(src)
    patch = WorkbookPatch(src)
    assert patch.tables("客户") == [] and patch.merged_ranges("客户") == []
    formula = 'IF(客户表[[#This Row],[金额]]>=100,"高","低")'
    columns = [TableColumn("地区"), TableColumn("金额"), TableColumn("等级", formula)]
    name = patch.set_table("客户", "A2:C4", columns, name="客户表")
    patch.patch_cells("客户", {(2, 3): CellPatch(value="等级")})
    patch.fill_formula("客户", 3, (3, 4), formula, ["低", "高"])
    out = tmp_path / "out.xlsx"
    patch.save(out)
    ws = openpyxl.load_workbook(out)["客户"]
    (table,) = ws.tables.values()
    assert (name, table.displayName, table.ref) == ("客户表", "客户表", "A2:C4")
    assert [c.name for c in table.tableColumns] == ["地区", "金额", "等级"]
    assert ws.auto_filter.ref is None
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
        part = z.read("xl/tables/table1.xml")
    assert b'<f t="shared" ref="C3:C4" si="0">' in sheet and b'<f t="shared" si="0"/>' in sheet
    assert _children(part) == [c for c in TABLE_CHILDREN if c in _children(part)]
    assert b"<calculatedColumnFormula>IF(" in part
    values = openpyxl.load_workbook(out, data_only=True)["客户"]
    assert [values["C3"].value, values["C4"].value] == ["低", "高"]


def test_a_users_table_grows_and_keeps_its_columns(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "rich.xlsx")  # table "Customers" over A1:E21
    patch = WorkbookPatch(src)
    (info,) = patch.tables("客户")
    assert (info.name, info.ref, info.columns[0]) == ("Customers", "A1:E21", "姓名")
    columns = [TableColumn(n) for n in info.columns] + [TableColumn("倍数", "2*1")]
    assert patch.set_table("客户", "A1:F21", columns, name="x", replace=info) == "Customers"
    out = tmp_path / "out.xlsx"
    patch.save(out)
    (table,) = openpyxl.load_workbook(out)["客户"].tables.values()
    assert table.ref == "A1:F21" and [c.id for c in table.tableColumns] == [1, 2, 3, 4, 5, 6]


def test_names_are_unique_in_the_workbook(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "rich.xlsx")
    patch = WorkbookPatch(src)
    assert patch.free_table_name("Customers") == "Customers2"
    assert patch.free_table_name("xlcrm_template_version") == "xlcrm_template_version2"
    for bad in ("A1", "1abc", "a b", "R1C1", ""):
        with pytest.raises(ValueError):
            check_table_name(bad)
    assert check_table_name("客户表") == "客户表"


def test_table_parts_follow_the_schema_order() -> None:
    xml = new_table_xml(3, "T", "B2:C9", [TableColumn("a", "1+1"), TableColumn("b")], "S")
    root = etree.fromstring(xml)
    assert (root.get("id"), root.get("ref")) == ("3", "B2:C9")
    assert _children(xml) == ["autoFilter", "tableColumns", "tableStyleInfo"]
    column = root.find(f"{M}tableColumns/{M}tableColumn")
    assert column is not None
    old = etree.tostring(root)
    grown = extended_table_xml(old, "t.xml", "B2:D9", [TableColumn("a"), TableColumn("b", "2"),
                                                       TableColumn("c")])  # fmt: skip
    columns = etree.fromstring(grown).findall(f"{M}tableColumns/{M}tableColumn")
    assert [(c.get("id"), c.get("name")) for c in columns] == [("1", "a"), ("2", "b"), ("3", "c")]
    assert columns[0].findtext(f"{M}calculatedColumnFormula") == "1+1"  # left as it was
    assert columns[1].findtext(f"{M}calculatedColumnFormula") == "2"
    assert TABLE_COLUMN_CHILDREN[0] == "calculatedColumnFormula"
    with pytest.raises(ValueError):
        new_table_xml(1, "T", "A1:B2", [TableColumn("a"), TableColumn("A")], "S")
    with pytest.raises(ValueError):
        TableColumn("two\nlines")


def test_range_overlap() -> None:
    assert ranges_overlap("A1:C3", "C3:D9") and not ranges_overlap("A1:C3", "D1:D9")


def test_merged_cells_and_a_users_table_are_visible(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["a", "b"], [1, 2], [3, 4]])
    wb = openpyxl.load_workbook(src)
    wb.active.merge_cells("A2:B2")
    wb.active.add_table(Table(displayName="T1", ref="A1:B3"))
    wb.save(src)
    patch = WorkbookPatch(src)
    assert patch.merged_ranges("客户") == ["A2:B2"]
    assert [t.ref for t in patch.tables("客户")] == ["A1:B3"]
