"""PivotTables: the cache over a table, the pivot tables on a new sheet, parts and order."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from xlcrm.xlsx import (
    CellPatch,
    PivotSource,
    PivotTableSpec,
    PivotValue,
    TableColumn,
    WorkbookPatch,
)
from xlcrm.xlsx.order import PIVOT_CACHE_CHILDREN, PIVOT_TABLE_CHILDREN
from xlcrm.xlsx.pivots import cache_definition_xml, pivot_table_xml

SOURCE = PivotSource(
    "客户", "A1:C4", ("地区", "金额", "等级"),
    {"地区": ["华东", "华南"], "等级": ["高", "低", None]}, table="客户表",
)  # fmt: skip
SPEC = PivotTableSpec(
    "P1", ("地区",), (PivotValue("金额", "count", "客户数", 3), PivotValue("金额", "sum", "金额", 4)),
    3, 1, columns=("等级",), data_caption="值", row_caption="地区",
)  # fmt: skip


def _order(xml: bytes) -> list[str]:
    return [etree.QName(n).localname for n in etree.fromstring(xml)]


def test_parts_follow_the_schema() -> None:
    cache = cache_definition_xml(SOURCE)
    root = etree.fromstring(cache)
    assert (root.get("saveData"), root.get("refreshOnLoad")) == ("0", "1")
    assert _order(cache) == [c for c in PIVOT_CACHE_CHILDREN if c in _order(cache)]
    fields = root.findall(".//{*}cacheField")
    assert [f.get("name") for f in fields] == ["地区", "金额", "等级"]
    items = fields[2].find("{*}sharedItems")
    assert items is not None and items.get("count") == "3" and items.get("containsBlank") == "1"
    assert [etree.QName(i).localname for i in items] == ["s", "s", "m"]
    assert root.find(".//{*}worksheetSource").get("name") == "客户表"  # type: ignore[union-attr]
    table = pivot_table_xml(SPEC, SOURCE, 7)
    root = etree.fromstring(table)
    assert (root.get("cacheId"), root.get("dataCaption")) == ("7", "值")
    assert _order(table) == [c for c in PIVOT_TABLE_CHILDREN if c in _order(table)]
    assert _order(table) == ["location", "pivotFields", "rowFields", "colFields", "dataFields",
                             "pivotTableStyleInfo"]  # fmt: skip
    assert [f.get("x") for f in root.findall("{*}colFields/{*}field")] == ["-2", "2"]
    data = root.findall("{*}dataFields/{*}dataField")
    assert [(d.get("fld"), d.get("subtotal")) for d in data] == [("1", "count"), ("1", None)]
    row_field = root.findall("{*}pivotFields/{*}pivotField")[0]
    assert row_field.get("axis") == "axisRow" and len(row_field.findall(".//{*}item")) == 3
    with pytest.raises(ValueError):
        pivot_table_xml(PivotTableSpec("P", ("nope",), (), 1, 1), SOURCE, 1)
    with pytest.raises(ValueError):
        PivotValue("金额", "median", "x")


def _with_pivots(src: Path, dst: Path, title: str) -> None:
    patch = WorkbookPatch(src)
    columns = [TableColumn("地区"), TableColumn("金额"), TableColumn("等级", '"高"')]
    patch.set_table("客户", "A1:C4", columns, name="客户表")
    patch.patch_cells("客户", {(1, 3): CellPatch(value="等级")})
    sheet = patch.add_sheet(title, [["note"]], header_rows=0, autofilter=False)
    patch.add_pivot_tables(
        sheet, SOURCE, [SPEC, PivotTableSpec("P2", ("等级",), SPEC.values[:1], 3, 12)]
    )
    patch.save(dst)


def test_pivots_go_on_a_new_sheet_and_a_rerun_leaves_one_cache(
    tmp_path: Path, make_workbook: Callable[..., Path], sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    src = make_workbook([["地区", "金额", "等级"], ["华东", 50, None], ["华南", 150, None],
                         ["华东", 300, None]])  # fmt: skip
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    _with_pivots(src, first, "透视")
    patch = WorkbookPatch(first)
    sheet = patch.add_sheet("透视", [["again"]], header_rows=0, autofilter=False)
    patch.add_pivot_tables(sheet, SOURCE, [SPEC])
    patch.save(second)
    with zipfile.ZipFile(second) as z:
        names = z.namelist()
        book = z.read("xl/workbook.xml").decode()
        types = z.read("[Content_Types].xml").decode()
    caches = [n for n in names if n.startswith("xl/pivotCache/") and n.endswith(".xml")]
    assert len(caches) == 1 and book.count("<pivotCache ") == 1
    assert sum(n.startswith("xl/pivotTables/pivotTable") and n.endswith(".xml") for n in names) == 1
    assert "pivotCacheDefinition+xml" in types and "pivotTable+xml" in types
    with pytest.raises(ValueError):
        WorkbookPatch(first).add_pivot_tables("客户", SOURCE, [SPEC])  # only on a new sheet
    report = sheetcheck(first, "--show", "透视!A3:H7")
    assert report["_exit_code"] == 0
    assert [s["pivot_tables"] for s in report["sheets"] if s["name"] == "透视"] == [["P1", "P2"]]
    values = report["values"]["透视!A3:H7"]
    east = next(line for line in values if line[0] == "华东")
    assert east[1] == 2.0  # two customers in 华东, laid out by LibreOffice from the cache
