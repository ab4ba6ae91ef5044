"""Formulas: read from the sheet, written with a cached value, and kept where others need them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.xlsx.workbooks import MAIN, patched, read_parts, write_parts
from xlcrm.xlsx import CellPatch, WorkbookPatch


def test_formulas_give_way_to_values_except_shared_ones(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["a", "b"], [1, "=A2*2"], [2, "=A3*2"]])
    parts = read_parts(src)
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"<f>A3*2</f>", b'<f t="shared" ref="B3:B4" si="0">A3*2</f>'
    )
    sheet = sheet.replace(
        b"</sheetData>", b'<row r="4"><c r="B4"><f t="shared" si="0"/></c></row></sheetData>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/calcChain.xml"] = (
        b'<calcChain xmlns="' + MAIN.encode() + b'"><c r="B2" i="1"/></calcChain>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCc" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    write_parts(src, parts)
    summary = patched(
        src, tmp_path / "out.xlsx", {(2, 2): CellPatch(value=5), (3, 2): CellPatch(value=6)}
    )
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert ws["B2"].value == 5 and ws["B3"].value == "=A3*2"
    assert summary.formulas_dropped == 1 and summary.skipped[0][:2] == ("客户", "B3")
    parts = read_parts(tmp_path / "out.xlsx")
    assert "xl/calcChain.xml" not in parts and b"calcChain" not in parts["[Content_Types].xml"]
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]


def test_formulas_are_read_and_written_with_or_without_a_cached_value(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["a", "b", "c"], [1, "=A2*2", 'x&"<'], [2, "=A3*2", None]])
    parts = read_parts(src)
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"<f>A3*2</f>", b'<f t="shared" ref="B3:B4" si="0">A3*2</f>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'<row r="4"><c r="B4"><f t="shared" si="0"/></c></row></sheetData>'
    )
    write_parts(src, parts)
    patch = WorkbookPatch(src)
    wanted = [(2, 1), (2, 2), (3, 2), (4, 2), (2, 3), (9, 9)]
    assert patch.formulas("客户", wanted) == {(2, 2): "A2*2", (3, 2): "A3*2", (4, 2): "A4*2"}
    patch.patch_cells(
        "客户",
        {
            (2, 1): CellPatch(formula="=SUM(B3:B4)"),  # a value cell gets a formula
            (2, 3): CellPatch(formula='IF(A2>0,"a&b","<")', value="a&b"),  # cached text
            (5, 1): CellPatch(formula="A2+1", value=2),  # a new row
            (5, 2): CellPatch(formula="TODAY()", value=dt.date(2024, 1, 2)),
        },
    )
    summary = patch.save(tmp_path / "out.xlsx")
    assert summary.formulas_written == 4 and summary.formulas_dropped == 0
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert [ws["A2"].value, ws["C2"].value, ws["A5"].value, ws["B5"].value] == [
        "=SUM(B3:B4)",
        '=IF(A2>0,"a&b","<")',
        "=A2+1",
        "=TODAY()",
    ]
    assert ws["B5"].number_format == "yyyy-mm-dd"  # a date result gets a date format too
    cached = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["客户"]
    assert [cached["A2"].value, cached["C2"].value, cached["A5"].value] == [None, "a&b", 2]
    assert cached["B5"].value == dt.datetime(2024, 1, 2)
    assert WorkbookPatch(tmp_path / "out.xlsx").formulas("客户", [(2, 3), (5, 1)]) == {
        (2, 3): 'IF(A2>0,"a&b","<")',
        (5, 1): "A2+1",
    }
    with pytest.raises(ValueError, match="empty"):
        patched(src, tmp_path / "bad.xlsx", {(2, 1): CellPatch(formula="=")})


def test_a_shared_formula_column_is_written_again_whole(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["a", "b"], [1, None], [2, None], [3, None]])
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    patch = WorkbookPatch(src)
    patch.fill_formula("客户", 2, (2, 4), "A2*2", [2, 4, 6])
    patch.save(first)
    assert (
        b'<f t="shared" ref="B2:B4" si="0">A2*2</f>'
        in read_parts(first)["xl/worksheets/sheet1.xml"]
    )
    patch = WorkbookPatch(first)
    patch.fill_formula("客户", 2, (2, 4), "A2*3", [3, 6, 9])
    summary = patch.save(second)
    assert summary.skipped == [] and summary.formulas_written == 3
    sheet = read_parts(second)["xl/worksheets/sheet1.xml"]
    assert b"A2*3" in sheet and b"A2*2" not in sheet and b'si="1"' in sheet
    patch = WorkbookPatch(second)  # only part of the group: its anchor stays
    patch.patch_cells("客户", {(2, 2): CellPatch(value=0)})
    assert patch.save(tmp_path / "third.xlsx").skipped[0][1] == "B2"
    with pytest.raises(ValueError):
        WorkbookPatch(src).fill_formula("客户", 2, (2, 4), "A2", [1])
