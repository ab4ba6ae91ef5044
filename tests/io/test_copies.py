"""The one writer of marked-up copies: CSV, password, in place, output checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.plain import decrypt_to
from xlcrm.errors import FileLockedError, UnsupportedFormatError, XlcrmError
from xlcrm.io.copies import open_patch, write_copy
from xlcrm.io.passwords import encrypt_to, is_encrypted
from xlcrm.io.reader import read_table
from xlcrm.xlsx import CellPatch, WorkbookPatch

RED = "FFFFC7CE"


def _paint(patch: WorkbookPatch, sheet: str) -> None:
    patch.patch_cells(sheet, {(2, 1): CellPatch(fill=RED)})
    patch.add_sheet("问题清单", [["行"], [2]])


def _fill(path: Path, sheet: str = "客户") -> Any:
    cell = openpyxl.load_workbook(path)[sheet]["A2"]
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def test_a_copy_of_a_workbook(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    before = src.read_bytes()
    summary = write_copy(read_table(src), tmp_path / "out.xlsx", _paint)
    assert summary.cells_patched == 1 and summary.sheets_added == ["问题清单"]
    assert _fill(tmp_path / "out.xlsx") == RED and src.read_bytes() == before


def test_output_checks_refuse_before_anything_is_written(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    table = read_table(src)
    with pytest.raises(XlcrmError, match="overwrite the input") as error:
        write_copy(table, src, _paint)
    assert error.value.code == "output_overwrites_input"
    with pytest.raises(XlcrmError, match="folder"):
        write_copy(table, tmp_path / "no" / "out.xlsx", _paint)
    with pytest.raises(XlcrmError, match=r"must be an \.xlsx or \.xlsm"):
        write_copy(table, tmp_path / "out.csv", _paint)
    (tmp_path / "~$out.xlsx").write_text("owner")
    with pytest.raises(FileLockedError, match="open in Excel"):
        write_copy(table, tmp_path / "out.xlsx", _paint)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "~$out.xlsx"]


def test_in_place_replaces_the_input_only_when_asked(make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    write_copy(read_table(src), src, _paint, in_place=True)
    assert _fill(src) == RED
    assert sorted(p.name for p in src.parent.iterdir()) == ["book.xlsx"]  # no staging left


def test_a_csv_becomes_a_workbook_and_the_patcher_refuses_it_as_is(tmp_path: Path) -> None:
    src = tmp_path / "导出.csv"
    src.write_bytes("姓名,手机\n张三,013800138000\n".encode("gb18030"))
    sheets: list[str] = []

    def build(patch: WorkbookPatch, sheet: str) -> None:
        sheets.append(sheet)
        _paint(patch, sheet)

    write_copy(read_table(src), tmp_path / "out.xlsx", build)
    assert sheets == ["导出"] and _fill(tmp_path / "out.xlsx", "导出") == RED
    with pytest.raises(UnsupportedFormatError) as error:
        open_patch(src)
    assert str(error.value) == (
        "“导出.csv”是 CSV 文件，无法在原文件上标注；请先另存为 .xlsx。"
        " 导出.csv is a CSV file, which cannot carry marks; save it as an .xlsx workbook first."
    )


def test_a_protected_workbook_gives_a_protected_copy(tmp_path: Path, make_workbook: Any) -> None:
    plain = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    locked = tmp_path / "locked.xlsx"
    encrypt_to(plain, locked, "pw")
    write_copy(read_table(locked, password="pw"), tmp_path / "out.xlsx", _paint, password="pw")
    assert is_encrypted(tmp_path / "out.xlsx")
    opened = decrypt_to(tmp_path / "out.xlsx", tmp_path / "opened.xlsx", "pw")
    assert _fill(opened) == RED
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "book.xlsx", "locked.xlsx", "opened.xlsx", "out.xlsx",
    ]  # fmt: skip
