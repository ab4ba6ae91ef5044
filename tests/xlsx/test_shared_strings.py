"""Shared strings: never rewritten by a patch, blanked only where asked."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.io.crypto.test_columns import _to_shared_strings
from tests.xlsx.workbooks import RED, YELLOW, fill_of, patched, read_parts
from xlcrm.xlsx import CellPatch, WorkbookPatch


def test_shared_strings_and_inline_strings_both_work(tmp_path: Path) -> None:
    normal = openpyxl.Workbook()  # openpyxl's normal mode writes shared strings
    ws = normal.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["姓名", "手机"])
    ws.append(["张三", "138 0013 8000"])
    normal.save(tmp_path / "shared.xlsx")
    streamed = openpyxl.Workbook(write_only=True)  # write-only mode writes inline strings
    sheet = streamed.create_sheet("客户")
    sheet.append(["姓名", "手机"])
    sheet.append(["张三", "138 0013 8000"])
    streamed.save(tmp_path / "inline.xlsx")
    for name in ("shared", "inline"):
        src = tmp_path / f"{name}.xlsx"
        patched(
            src,
            tmp_path / f"{name}.out.xlsx",
            {(2, 2): CellPatch(value="13800138000", fill=RED), (2, 1): CellPatch(fill=YELLOW)},
        )
        ws = openpyxl.load_workbook(tmp_path / f"{name}.out.xlsx")["客户"]
        assert (ws["A2"].value, ws["B2"].value, fill_of(ws["A2"])) == (
            "张三",
            "13800138000",
            YELLOW,
        )
        old, new = read_parts(src), read_parts(tmp_path / f"{name}.out.xlsx")
        assert old.get("xl/sharedStrings.xml") == new.get("xl/sharedStrings.xml")


def test_blank_shared_strings_removes_only_text_no_other_cell_shows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    for row in (["姓名", "手机"], ["张三", "secret-138"], ["李四", "shared-139"], ["王五", "keep"]):
        ws.append(row)
    wb.create_sheet("其他")["A1"] = "shared-139"
    wb.save(tmp_path / "in.xlsx")
    _to_shared_strings(tmp_path / "in.xlsx")
    patch = WorkbookPatch(tmp_path / "in.xlsx")
    assert patch.blank_shared_strings("客户", [(2, 2), (3, 2)]) == 1
    patch.patch_cells("客户", {(2, 2): CellPatch(value="x"), (3, 2): CellPatch(value="y")})
    patch.save(tmp_path / "out.xlsx")
    strings = read_parts(tmp_path / "out.xlsx")["xl/sharedStrings.xml"]
    assert b"secret-138" not in strings and b"shared-139" in strings
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    values = [[c.value for c in row] for row in out["客户"].iter_rows()]
    assert values == [["姓名", "手机"], ["张三", "x"], ["李四", "y"], ["王五", "keep"]]
    assert out["其他"]["A1"].value == "shared-139"
