"""What a patch does end to end: marks, notes, values and sheets, nothing else lost; what it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.chart import BarChart

from tests.io.test_writer import FAKE_VBA, _add_vba
from tests.xlsx.workbooks import (
    MAIN,
    RED,
    YELLOW,
    fill_of,
    patched,
    read_parts,
    rich_workbook,
    write_parts,
    xlcrm_notes,
)
from xlcrm.errors import CorruptWorkbookError, SheetError, SheetNotFoundError, XlcrmError
from xlcrm.xlsx import CellPatch, WorkbookPatch, cell_location


def test_fills_notes_and_values_show_in_openpyxl(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    before = src.read_bytes()
    summary = patched(src, tmp_path / "out.xlsx", {
        (1, 1): CellPatch(fill=YELLOW),
        (2, 4): CellPatch(fill=RED, comment="金额为负数。建议：核对。"),
        (3, 2): CellPatch(value="13800138000", fill=YELLOW, comment="已去掉空格"),
        (4, 4): CellPatch(value=42),
        (5, 4): CellPatch(value=2.5),
        (6, 3): CellPatch(value=True),
        (7, 2): CellPatch(value=dt.date(2024, 3, 1)),
        (8, 2): CellPatch(value=dt.datetime(2024, 3, 1, 12, 30)),
        (9, 1): CellPatch(value=None),
        (10, 1): CellPatch(value="  padded & <odd>  "),
    })  # fmt: skip
    assert src.read_bytes() == before  # the input is never written
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert fill_of(ws["A1"]) == YELLOW and ws["A1"].font.b and ws["A1"].font.color.rgb == "00FF0000"
    assert fill_of(ws["D2"]) == RED and ws["D2"].number_format == "#,##0.00" and ws["D2"].value == 0
    assert (
        ws["D2"].comment.text == "金额为负数。建议：核对。" and ws["D2"].comment.author == "xlcrm"
    )
    assert ws["B3"].value == "13800138000" and fill_of(ws["B3"]) == YELLOW
    assert ws["D4"].value == 42 and ws["D5"].value == 2.5 and ws["C6"].value is True
    assert ws["B7"].value == dt.datetime(2024, 3, 1) and ws["B7"].number_format == "yyyy-mm-dd"
    assert ws["B8"].value == dt.datetime(2024, 3, 1, 12, 30) and ws["B8"].is_date
    assert ws["A9"].value is None and ws["A10"].value == "  padded & <odd>  "
    assert ws["A2"].comment.text == "老客户" and ws["A2"].comment.author == "me"
    assert summary.cells_patched == 10 and summary.notes_written == 2


def test_rerun_replaces_marks_notes_and_sheet_instead_of_stacking(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    first, second, clean = tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "3.xlsx"
    issues = [["行", "问题"], [3, "号码不对"]]
    patched(
        src,
        first,
        {(3, 2): CellPatch(fill=RED, comment="一"), (4, 1): CellPatch(fill=YELLOW, comment="二")},
        rows=issues,
    )
    patched(first, second, {(3, 2): CellPatch(fill=RED, comment="三")}, rows=issues)
    wb = openpyxl.load_workbook(second)
    ws = wb["客户"]
    assert fill_of(ws["B3"]) == RED and fill_of(ws["A4"]) is None
    assert xlcrm_notes(ws) == {"B3": "三"} and ws["A2"].comment.text == "老客户"
    assert wb.sheetnames == ["客户", "其他", "问题清单"]
    styles_after = [len(_xfs(p)) for p in (first, second)]
    assert styles_after[0] == styles_after[1]  # the second run reused the first run's styles
    patch = WorkbookPatch(second)
    patch.clear_marks("客户")
    patch.save(clean)
    ws = openpyxl.load_workbook(clean)["客户"]
    assert fill_of(ws["B3"]) == "00FFFF00"  # the user's own yellow is back
    assert xlcrm_notes(ws) == {} and ws["A2"].comment.text == "老客户"
    assert not any(fill_of(c) in (RED, YELLOW) for row in ws.iter_rows() for c in row)


def _xfs(path: Path) -> list[Any]:
    styles = etree.fromstring(read_parts(path)["xl/styles.xml"])
    return list(styles.find(f"{{{MAIN}}}cellXfs"))


def test_xlsm_keeps_vba_and_needs_an_xlsm_output(tmp_path: Path) -> None:
    src = _add_vba(rich_workbook(tmp_path / "a.xlsx"), tmp_path / "macro.xlsm")
    patch = WorkbookPatch(src)
    patch.patch_cells("客户", {(2, 2): CellPatch(fill=RED)})
    with pytest.raises(XlcrmError, match=r"must end in \.xlsm"):
        patch.save(tmp_path / "out.xlsx")
    WorkbookPatch(src).save(tmp_path / "out.xlsm")
    parts = read_parts(tmp_path / "out.xlsm")
    assert parts["xl/vbaProject.bin"] == FAKE_VBA
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in parts["[Content_Types].xml"]


def test_unknown_sheet_damaged_package_and_same_output_are_refused(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["姓名"], ["张三"]])
    patch = WorkbookPatch(src)
    with pytest.raises(
        SheetNotFoundError, match=r"没有名为“Customers”.*no sheet named 'Customers'"
    ):
        patch.patch_cells("Customers", {(1, 1): CellPatch(fill=RED)})
    with pytest.raises(ValueError, match="not over its source"):
        patch.save(src)
    with pytest.raises(ValueError, match="outside"):
        patch.patch_cells("客户", {(0, 1): CellPatch(fill=RED)})
    with pytest.raises(ValueError, match="ARGB"):
        CellPatch(fill="red")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(src.read_bytes()[:300])
    with pytest.raises(CorruptWorkbookError):
        WorkbookPatch(broken)
    parts = read_parts(src) | {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    write_parts(tmp_path / "bad.xlsx", parts)
    bad = WorkbookPatch(tmp_path / "bad.xlsx")
    bad.patch_cells("客户", {(1, 1): CellPatch(fill=RED)})
    with pytest.raises(CorruptWorkbookError, match="damaged"):
        bad.save(tmp_path / "bad.out.xlsx")
    assert not (tmp_path / "bad.out.xlsx").exists()
    assert not list(tmp_path.glob(".xlcrm-*"))  # no temporary file left behind


def test_refusals_read_as_whole_sentences(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    with pytest.raises(SheetNotFoundError) as missing:
        patch.clear_marks("Customers")
    assert str(missing.value) == (
        "工作簿中没有名为“Customers”的工作表（现有：客户、其他）。"
        " There is no sheet named 'Customers' in in.xlsx (sheets: 客户, 其他)."
    )
    with pytest.raises(XlcrmError) as suffix:
        patch.save(tmp_path / "out.xlsm")
    assert str(suffix.value) == (
        "这个工作簿不含宏，输出文件应以 .xlsx 结尾，否则 Excel 无法打开：“out.xlsm”。"
        " This workbook has no macros, so the output must end in .xlsx or Excel will not open"
        " it: out.xlsm."
    )
    book = openpyxl.Workbook()
    book.create_chartsheet("图表").add_chart(BarChart())
    book.save(tmp_path / "chart.xlsx")
    with pytest.raises(SheetError) as chart_sheet:
        WorkbookPatch(tmp_path / "chart.xlsx").clear_marks("图表")
    assert str(chart_sheet.value) == (
        "“图表”不是普通工作表（可能是图表工作表），无法标注单元格。"
        " '图表' is not a worksheet (perhaps a chart sheet); its cells cannot be marked."
    )


@pytest.mark.sheetcheck
def test_libreoffice_opens_the_patched_workbook(tmp_path: Path, sheetcheck: Any) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    dst = tmp_path / "out.xlsx"
    cells = {
        (r, 2): CellPatch(fill=RED if r % 2 else YELLOW, comment=f"第 {r} 行的号码不对")
        for r in range(2, 12)
    }
    cells[(12, 4)] = CellPatch(value=dt.date(2024, 6, 1), fill=YELLOW)
    rows = [["行", "问题"]] + [[r, "号码不对"] for r in range(2, 12)]
    patched(src, dst, cells, rows=rows, hyperlinks={(2, 1): cell_location("客户", 2, 2)})
    report = sheetcheck(dst, "--show", "客户!B2:B3", "--show", "问题清单!A1:B2")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    sheets = {s["name"]: s for s in report["sheets"]}
    assert list(sheets) == ["客户", "其他", "问题清单"]
    # 10 xlcrm notes + the user's note + the chart + the picture
    assert sheets["客户"]["drawing_objects"] == 13 and sheets["客户"]["chart_count"] == 1
    assert report["values"]["客户!B2:B3"] == [["13800130000"], ["13800130001"]]
    assert report["values"]["问题清单!A1:B2"] == [["行", "问题"], [2, "号码不对"]]
