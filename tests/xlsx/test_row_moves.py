"""Deleting and inserting rows with the patcher: everything that names rows follows, and
inserting the deleted rows again (with what the deletion reported) gives the sheet back."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from tests.xlsx.workbooks import add_picture_and_custom_xml, read_parts, rich_workbook
from xlcrm.xlsx import CellPatch, Moved, WorkbookPatch

GONE = [5, 10, 11, 21]  # rows of 客户 (header on row 1, data on rows 2-21)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The rich workbook, plus formulas, merged cells, a hyperlink, notes and names that
    point at rows, and an AutoFilter on a second list."""
    path = rich_workbook(tmp_path / "rich.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["客户"]
    ws["F1"] = "两倍"
    for r in range(2, 22):
        ws[f"F{r}"] = f"=D{r}*2"
    ws["H25"], ws["H26"] = "=SUM(D2:D21)", "=COUNTA(A2:A21)"
    ws.merge_cells("J12:K13")
    ws["A12"].hyperlink = "https://example.com/12"
    ws["A13"].comment = Comment("第13行的备注", "me")
    ws["A10"].comment = Comment("要删掉的行", "me")
    ws.row_dimensions[12].height = 30
    other = wb["其他"]
    other["B1"] = "=SUM('客户'!D2:D21)"
    other["B2"] = "=客户!D12"
    for r, name in enumerate(["甲", "乙", "丙"], start=3):
        other[f"A{r}"] = name
    other.auto_filter.ref = "A2:A5"
    wb.defined_names["金额"] = DefinedName("金额", attr_text="'客户'!$D$2:$D$21")
    wb.save(path)
    return add_picture_and_custom_xml(path)  # openpyxl dropped them


def _sheet(path: Path, name: str = "客户") -> Any:
    return openpyxl.load_workbook(path)[name]


def _values(ws: Any) -> dict[str, Any]:
    return {c.coordinate: (c.value, c.style_id) for row in ws.iter_rows() for c in row
            if c.value is not None or c.style_id}  # fmt: skip


def test_deleted_rows_go_and_what_names_rows_follows(book: Path, tmp_path: Path) -> None:
    patch = WorkbookPatch(book)
    patch.delete_rows("客户", GONE)
    out = tmp_path / "deleted.xlsx"
    patch.save(out)
    wb = openpyxl.load_workbook(out)
    ws = wb["客户"]
    names = [ws.cell(r, 1).value for r in range(2, 18)]
    assert names == [f"客户{i}" for i in range(20) if i + 2 not in GONE]
    assert ws.max_row == 22  # the two sums below moved up by the 4 rows
    assert ws["F9"].value == "=D9*2"  # old F12, reading its own row
    assert ws["H21"].value == "=SUM(D2:D17)" and ws["H22"].value == "=COUNTA(A2:A17)"
    assert ws.tables["Customers"].ref == "A1:E17"
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["C2:C96"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["D2:D96"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["J9:K10"]
    assert ws["A9"].hyperlink.target == "https://example.com/12"
    assert ws.row_dimensions[9].height == 30
    assert ws["A10"].comment.text == "第13行的备注" and ws["A2"].comment is not None
    assert sum(c.comment is not None for row in ws.iter_rows() for c in row) == 2
    other = wb["其他"]
    assert other["B1"].value == "=SUM('客户'!D2:D17)" and other["B2"].value == "=客户!D9"
    assert other.auto_filter.ref == "A2:A5"  # another sheet's rows do not move
    assert wb.defined_names["金额"].attr_text == "'客户'!$D$2:$D$17"
    parts = read_parts(out)
    chart = parts["xl/charts/chart1.xml"].decode()
    assert "'客户'!$D$2:$D$17" in chart and "$D$21" not in chart
    drawing = parts["xl/drawings/drawing1.xml"].decode()
    assert "<row>18</row>" in drawing  # the picture on row 23 sits on row 19 now
    assert parts["xl/media/image1.png"] and "customXml/item1.xml" in parts


def test_a_sheet_autofilter_and_a_shared_formula_follow(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    ws.append(["序号", "金额", "累计"])
    for r in range(2, 12):
        ws.append([r - 1, r * 10, None])
    ws.auto_filter.ref = "A1:C11"
    path = tmp_path / "shared.xlsx"
    wb.save(path)
    parts = read_parts(path)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for r in range(2, 12):  # C2 holds the text, C3:C11 share it, as Excel fills down
        f = (
            '<f t="shared" ref="C2:C11" si="0">SUM($B$2:B2)</f>'
            if r == 2
            else '<f t="shared" si="0"/>'
        )
        cell = f'<c r="C{r}">{f}</c></row>'
        sheet = re.sub(
            f'(<row r="{r}"[^>]*>.*?)</row>', lambda m, c=cell: m.group(1) + c, sheet, count=1
        )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    from tests.xlsx.workbooks import write_parts

    write_parts(path, parts)
    patch = WorkbookPatch(path)
    lost = patch.delete_rows("名单", [2, 3, 7])  # the first cell of the shared formula goes
    out = tmp_path / "out.xlsx"
    patch.save(out)
    ws = openpyxl.load_workbook(out)["名单"]
    assert ws.auto_filter.ref == "A1:C8"
    assert [ws.cell(r, 1).value for r in range(2, 9)] == [3, 4, 5, 7, 8, 9, 10]
    # each cell that kept the formula has its own text, as moved: old C4 read B2:B4
    assert ws["C2"].value == "=SUM($B$2:B2)" and ws["C8"].value == "=SUM($B$2:B8)"
    assert all(isinstance(m, Moved) for m in lost)


def test_inserting_the_rows_again_gives_the_workbook_back(
    book: Path, tmp_path: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    original = openpyxl.load_workbook(book)
    src = original["客户"]
    patch = WorkbookPatch(book)
    looks = patch.row_styles("客户", GONE)
    formulas = patch.formulas("客户", [(r, c) for r in GONE for c in range(1, 12)])
    lost = patch.delete_rows("客户", GONE)
    deleted = tmp_path / "deleted.xlsx"
    patch.save(deleted)
    # a range that ended on a deleted row (the table, the sums' ranges, the chart) or a
    # reference to one cannot be worked out again: the deletion says what it was
    assert {m.kind for m in lost} >= {"table", "cell", "name", "chart", "other-sheet"}
    back = WorkbookPatch(deleted)
    back.insert_rows("客户", {r: looks[r].attrs for r in GONE}, restore=lost)
    cells = {}
    for r in GONE:
        for c, style in looks[r].cells.items():
            value = src.cell(r, c).value
            formula = formulas.get((r, c))
            cells[(r, c)] = CellPatch(
                value=None if formula else value, formula=formula, style=style
            )
    back.patch_cells("客户", cells)
    restored = tmp_path / "restored.xlsx"
    back.save(restored)
    wb = openpyxl.load_workbook(restored)
    ws = wb["客户"]
    assert _values(ws) == _values(src)
    assert ws.tables["Customers"].ref == src.tables["Customers"].ref
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["C2:C100"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["D2:D100"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["J12:K13"]
    assert ws.row_dimensions[12].height == 30
    assert wb.defined_names["金额"].attr_text == "'客户'!$D$2:$D$21"
    assert wb["其他"]["B2"].value == "=客户!D12"
    assert "'客户'!$D$2:$D$21" in read_parts(restored)["xl/charts/chart1.xml"].decode()
    for path in (deleted, restored):
        report = sheetcheck(path)
        assert report["_exit_code"] == 0, report
        assert report["summary"]["error_cells"] == 0


def test_a_row_move_is_one_per_sheet_and_keeps_no_notes(book: Path) -> None:
    patch = WorkbookPatch(book)
    patch.delete_rows("客户", [3])
    with pytest.raises(ValueError):
        patch.delete_rows("客户", [4])
    patch.patch_cells("客户", {(2, 1): CellPatch(comment="x")})
    with pytest.raises(ValueError):
        patch.save(book.with_name("x.xlsx"))
