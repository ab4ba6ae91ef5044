"""A worksheet's rows and cells, rewritten as bytes: new cells and rows in order, odd writers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from lxml import etree

from tests.xlsx.workbooks import (
    MAIN,
    RED,
    YELLOW,
    fill_of,
    patched,
    read_parts,
    rich_workbook,
    write_parts,
)
from xlcrm.xlsx import CellPatch


def test_cells_and_rows_are_created_in_order(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    cells = {
        (2, 6): CellPatch(fill=RED),  # past the row's last cell
        (25, 3): CellPatch(fill=RED, comment="新行"),  # a row that does not exist
        (30, 1): CellPatch(value="末行"),  # after the last row
    }
    parts = read_parts(src) | {
        "xl/worksheets/sheet1.xml": _drop_cell(read_parts(src)["xl/worksheets/sheet1.xml"], "C4")
    }
    write_parts(src, parts)
    cells[(4, 3)] = CellPatch(value="企业", fill=YELLOW)  # a gap inside a row
    summary = patched(src, tmp_path / "out.xlsx", cells)
    xml = etree.fromstring(read_parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"])
    rows = [int(r.get("r")) for r in xml.iter(f"{{{MAIN}}}row")]
    assert rows == sorted(rows) and {25, 30} <= set(rows)
    for row in xml.iter(f"{{{MAIN}}}row"):
        columns = [
            openpyxl.utils.column_index_from_string(re.sub(r"\d", "", c.get("r"))) for c in row
        ]
        assert columns == sorted(columns), row.get("r")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert (
        fill_of(ws["F2"]) == RED and fill_of(ws["C25"]) == RED and ws["C25"].comment.text == "新行"
    )
    assert ws["A30"].value == "末行" and ws["C4"].value == "企业" and ws["D4"].value == 201
    assert summary.rows_created == 2 and summary.cells_created == 4


def _drop_cell(sheet: bytes, ref: str) -> bytes:
    return re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', b"", sheet, count=1)


def test_rows_and_cells_without_r_attributes(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "138"], ["李四", "139"]])
    parts = read_parts(src)
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb' r="[A-Z]*\d+"', b"", parts["xl/worksheets/sheet1.xml"]
    )
    write_parts(src, parts)
    patched(
        src,
        tmp_path / "out.xlsx",
        {(3, 2): CellPatch(value="13900139000", fill=RED), (2, 3): CellPatch(fill=YELLOW)},
    )
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["姓名", "手机", None], ["张三", "138", None], ["李四", "13900139000", None]
    ]  # fmt: skip
    assert fill_of(ws["B3"]) == RED and fill_of(ws["C2"]) == YELLOW
    grid = (
        python_calamine.CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))
        .get_sheet_by_name("客户")
        .to_python()
    )
    assert grid[2][:2] == ["李四", "13900139000"]


def test_a_sheet_written_with_a_namespace_prefix(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "138"]])
    parts = read_parts(src)
    sheet = re.sub(rb"<(/?)(?!\?)([A-Za-z]+\b)", rb"<\1x:\2", parts["xl/worksheets/sheet1.xml"])
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"xmlns=", b"xmlns:x=", 1)
    write_parts(src, parts)
    cells = {
        (2, 2): CellPatch(value="13800138000", fill=RED, comment="改"),
        (2, 4): CellPatch(fill=YELLOW),
    }
    patched(src, tmp_path / "out.xlsx", cells)
    xml = etree.fromstring(read_parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"])
    assert {etree.QName(n).namespace for n in xml.iter() if isinstance(n.tag, str)} == {MAIN}
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert (
        ws["B2"].value == "13800138000"
        and fill_of(ws["D2"]) == YELLOW
        and ws["B2"].comment.text == "改"
    )
