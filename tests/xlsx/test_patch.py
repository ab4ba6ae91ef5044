"""Patching a workbook package: marks, notes, values and new sheets, nothing else lost."""

from __future__ import annotations

import base64
import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from tests.io.crypto.test_columns import _to_shared_strings
from tests.io.test_writer import FAKE_VBA, _add_vba
from xlcrm.errors import CorruptWorkbookError, SheetNotFoundError, XlcrmError
from xlcrm.xlsx import CellPatch, WorkbookPatch, cell_location
from xlcrm.xlsx.cells import xml_text

RED, YELLOW = "FFFFC7CE", "FFFFEB9C"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# A 1x1 PNG, enough for a picture part.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PICTURE = (
    '<oneCellAnchor><from><col>8</col><colOff>0</colOff><row>22</row><rowOff>0</rowOff></from>'
    '<ext cx="952500" cy="952500"/><pic><nvPicPr><cNvPr id="3" name="Picture 2"/><cNvPicPr/>'
    '</nvPicPr><blipFill><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdImg"/>'
    '<a:stretch xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:fillRect/>'
    "</a:stretch></blipFill><spPr/></pic><clientData/></oneCellAnchor>"
)  # fmt: skip
CUSTOM_XML = b'<?xml version="1.0"?><crm xmlns="urn:example:crm"><owner>sales</owner></crm>'


# -- workbooks to patch ------------------------------------------------------------------


def _rich_workbook(path: Path) -> Path:
    """A customer sheet with what users have: styles, a note, validation, formats, a table,
    a chart and a picture, a defined name, another sheet, and a custom XML part."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["姓名", "手机", "客户类型", "累计消费金额", "录入日期"])
    for i in range(20):
        ws.append([f"客户{i}", f"1380013{i:04d}", "个人", 100.5 * i, dt.date(2024, 1, 1 + i)])
    ws["A1"].font = Font(bold=True, color="FF0000")
    ws["B3"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["D2"].number_format = "#,##0.00"
    ws["A2"].comment = Comment("老客户", "me")
    dv = DataValidation(type="list", formula1='"个人,企业,潜在"', allow_blank=True)
    dv.add("C2:C100")
    ws.add_data_validation(dv)
    rule = CellIsRule(
        operator="greaterThan", formula=["1000"], fill=PatternFill("solid", fgColor="00FF00")
    )
    ws.conditional_formatting.add("D2:D100", rule)
    ws.add_table(Table(displayName="Customers", ref="A1:E21"))
    ws.freeze_panes = "A2"
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=21), titles_from_data=True)
    ws.add_chart(chart, "H2")
    wb.defined_names["xlcrm_template_version"] = DefinedName(
        "xlcrm_template_version", attr_text='"1.0"'
    )
    wb.create_sheet("其他")["A1"] = "keep me"
    wb.save(path)
    return _add_picture_and_custom_xml(path)


def _add_picture_and_custom_xml(path: Path) -> Path:
    """Put a picture beside the chart and a custom XML part in (openpyxl writes neither)."""
    parts = _parts(path)
    parts["xl/drawings/drawing1.xml"] = parts["xl/drawings/drawing1.xml"].replace(
        b"</wsDr>", PICTURE.encode() + b"</wsDr>"
    )
    parts["xl/drawings/_rels/drawing1.xml.rels"] = parts[
        "xl/drawings/_rels/drawing1.xml.rels"
    ].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="/xl/media/image1.png"/></Relationships>',
    )
    parts["xl/media/image1.png"] = PNG
    parts["customXml/item1.xml"] = CUSTOM_XML
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCx" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/customXml" Target="../customXml/item1.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
    )
    _write_parts(path, parts)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _write_parts(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _patch(src: Path, dst: Path, cells: dict[tuple[int, int], CellPatch], **sheet: Any) -> Any:
    patch = WorkbookPatch(src)
    patch.clear_marks("客户")
    patch.patch_cells("客户", cells)
    if sheet:
        patch.add_sheet("问题清单", **sheet)
    return patch.save(dst)


def _fill(cell: Any) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def _xlcrm_notes(ws: Any) -> dict[str, str]:
    return {
        c.coordinate: c.comment.text
        for row in ws.iter_rows()
        for c in row
        if c.comment and c.comment.author == "xlcrm"
    }


# -- what a patch does ----------------------------------------------------------------------


def test_fills_notes_and_values_show_in_openpyxl(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    before = src.read_bytes()
    summary = _patch(src, tmp_path / "out.xlsx", {
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
    assert _fill(ws["A1"]) == YELLOW and ws["A1"].font.b and ws["A1"].font.color.rgb == "00FF0000"
    assert _fill(ws["D2"]) == RED and ws["D2"].number_format == "#,##0.00" and ws["D2"].value == 0
    assert (
        ws["D2"].comment.text == "金额为负数。建议：核对。" and ws["D2"].comment.author == "xlcrm"
    )
    assert ws["B3"].value == "13800138000" and _fill(ws["B3"]) == YELLOW
    assert ws["D4"].value == 42 and ws["D5"].value == 2.5 and ws["C6"].value is True
    assert ws["B7"].value == dt.datetime(2024, 3, 1) and ws["B7"].number_format == "yyyy-mm-dd"
    assert ws["B8"].value == dt.datetime(2024, 3, 1, 12, 30) and ws["B8"].is_date
    assert ws["A9"].value is None and ws["A10"].value == "  padded & <odd>  "
    assert ws["A2"].comment.text == "老客户" and ws["A2"].comment.author == "me"
    assert summary.cells_patched == 10 and summary.notes_written == 2


def test_cells_and_rows_are_created_in_order(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    cells = {
        (2, 6): CellPatch(fill=RED),  # past the row's last cell
        (25, 3): CellPatch(fill=RED, comment="新行"),  # a row that does not exist
        (30, 1): CellPatch(value="末行"),  # after the last row
    }
    parts = _parts(src) | {
        "xl/worksheets/sheet1.xml": _drop_cell(_parts(src)["xl/worksheets/sheet1.xml"], "C4")
    }
    _write_parts(src, parts)
    cells[(4, 3)] = CellPatch(value="企业", fill=YELLOW)  # a gap inside a row
    summary = _patch(src, tmp_path / "out.xlsx", cells)
    xml = etree.fromstring(_parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"])
    rows = [int(r.get("r")) for r in xml.iter(f"{{{MAIN}}}row")]
    assert rows == sorted(rows) and {25, 30} <= set(rows)
    for row in xml.iter(f"{{{MAIN}}}row"):
        columns = [
            openpyxl.utils.column_index_from_string(re.sub(r"\d", "", c.get("r"))) for c in row
        ]
        assert columns == sorted(columns), row.get("r")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert _fill(ws["F2"]) == RED and _fill(ws["C25"]) == RED and ws["C25"].comment.text == "新行"
    assert ws["A30"].value == "末行" and ws["C4"].value == "企业" and ws["D4"].value == 201
    assert summary.rows_created == 2 and summary.cells_created == 4


def _drop_cell(sheet: bytes, ref: str) -> bytes:
    return re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', b"", sheet, count=1)


def test_untouched_parts_are_copied_byte_for_byte(tmp_path: Path) -> None:
    src = _add_vba(_rich_workbook(tmp_path / "in.xlsx"), tmp_path / "in.xlsm")
    dst = tmp_path / "out.xlsm"
    _patch(src, dst, {(3, 2): CellPatch(fill=RED, comment="号码不对"), (5, 4): CellPatch(value=1)})
    old, new = _parts(src), _parts(dst)
    edited = {"xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/styles.xml",
              "[Content_Types].xml", "_rels/.rels", "docProps/custom.xml"}  # fmt: skip
    notes = {n for n in new if n.startswith(("xl/comments", "xl/drawings/commentsDrawing"))}
    changed = {n for n in new if old.get(n) != new[n]}
    assert changed <= edited | notes and set(old) <= set(new)
    for name in ("xl/vbaProject.bin", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml",
                 "xl/media/image1.png", "xl/tables/table1.xml", "customXml/item1.xml",
                 "xl/workbook.xml", "xl/worksheets/sheet2.xml", "xl/theme/theme1.xml"):  # fmt: skip
        assert new[name] == old[name], name
    assert new["xl/vbaProject.bin"] == FAKE_VBA and b"macroEnabled" in new["[Content_Types].xml"]
    assert _tail(new["xl/worksheets/sheet1.xml"]) == _tail(old["xl/worksheets/sheet1.xml"])
    tail = new["xl/worksheets/sheet1.xml"].split(b"</sheetData>")[1]
    assert tail.index(b"<drawing ") < tail.index(b"<legacyDrawing ") < tail.index(b"<tableParts")
    wb = openpyxl.load_workbook(dst, keep_vba=True)
    ws = wb["客户"]
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["C2:C100"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["D2:D100"]
    assert "Customers" in ws.tables and len(ws._charts) == 1 and ws.freeze_panes == "A2"
    assert wb.defined_names["xlcrm_template_version"].attr_text == '"1.0"'
    book = python_calamine.CalamineWorkbook.from_path(str(dst))
    assert book.get_sheet_by_name("客户").to_python()[2][1] == "13800130001"


def _tail(sheet: bytes) -> bytes:
    """What follows the rows, minus the link to the notes' drawing."""
    tail = sheet[sheet.index(b"</sheetData>") :]
    return re.sub(rb"<legacyDrawing [^>]*/>", b"", tail)


def test_rerun_replaces_marks_notes_and_sheet_instead_of_stacking(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    first, second, clean = tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "3.xlsx"
    issues = [["行", "问题"], [3, "号码不对"]]
    _patch(
        src,
        first,
        {(3, 2): CellPatch(fill=RED, comment="一"), (4, 1): CellPatch(fill=YELLOW, comment="二")},
        rows=issues,
    )
    _patch(first, second, {(3, 2): CellPatch(fill=RED, comment="三")}, rows=issues)
    wb = openpyxl.load_workbook(second)
    ws = wb["客户"]
    assert _fill(ws["B3"]) == RED and _fill(ws["A4"]) is None
    assert _xlcrm_notes(ws) == {"B3": "三"} and ws["A2"].comment.text == "老客户"
    assert wb.sheetnames == ["客户", "其他", "问题清单"]
    styles_after = [len(_xfs(p)) for p in (first, second)]
    assert styles_after[0] == styles_after[1]  # the second run reused the first run's styles
    patch = WorkbookPatch(second)
    patch.clear_marks("客户")
    patch.save(clean)
    ws = openpyxl.load_workbook(clean)["客户"]
    assert _fill(ws["B3"]) == "00FFFF00"  # the user's own yellow is back
    assert _xlcrm_notes(ws) == {} and ws["A2"].comment.text == "老客户"
    assert not any(_fill(c) in (RED, YELLOW) for row in ws.iter_rows() for c in row)


def _xfs(path: Path) -> list[Any]:
    styles = etree.fromstring(_parts(path)["xl/styles.xml"])
    return list(styles.find(f"{{{MAIN}}}cellXfs"))


def test_clearing_the_only_notes_removes_their_parts(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名"], ["张三"]])
    _patch(src, tmp_path / "1.xlsx", {(2, 1): CellPatch(fill=RED, comment="x")})
    patch = WorkbookPatch(tmp_path / "1.xlsx")
    patch.clear_marks("客户")
    summary = patch.save(tmp_path / "2.xlsx")
    parts = _parts(tmp_path / "2.xlsx")
    assert summary.notes_removed == 1
    assert not [n for n in parts if n.endswith(".vml") or "comments" in n]
    assert b"legacyDrawing" not in parts["xl/worksheets/sheet1.xml"]
    assert openpyxl.load_workbook(tmp_path / "2.xlsx")["客户"]["A2"].comment is None


def test_added_sheet_has_links_header_filter_and_widths(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    rows: list[list[object]] = [
        ["行", "字段", "问题", "日期"],
        [3, "手机", "号码不对", dt.date(2024, 5, 1)],
        [7, "邮箱", "缺少 @", None],
    ]
    links = {(2, 1): cell_location("客户", 3, 2), (3, 1): cell_location("客户", 7, 6)}
    patch = WorkbookPatch(src)
    title = patch.add_sheet(
        "问题清单", rows, column_widths=[6, 10, 30, 12], hyperlinks=links, tab_color="FFC00000"
    )
    patch.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb[title]
    assert ws["A2"].hyperlink.location == "'客户'!B3" and ws["A3"].hyperlink.location == "'客户'!F7"
    assert ws["A1"].font.b and not ws["A2"].font.b and ws["A2"].font.u == "single"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D3"
    assert ws.column_dimensions["C"].width == 30 and ws.sheet_properties.tabColor.rgb == "FFC00000"
    assert ws["D2"].value == dt.datetime(2024, 5, 1) and ws["D2"].is_date and ws["D3"].value is None
    assert wb.sheetnames == ["客户", "其他", "问题清单"]
    assert "_xlnm._FilterDatabase" in _parts(tmp_path / "out.xlsx")["xl/workbook.xml"].decode()


def test_replacing_a_sheet_keeps_its_place_and_titles_are_made_safe(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    assert patch.add_sheet("其他", [["new"]]) == "其他"
    assert patch.add_sheet("a/b:c*d?[e]" + "x" * 40, [["x"]]) == "a_b_c_d__e_" + "x" * 20
    patch.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["客户", "其他", "a_b_c_d__e_" + "x" * 20]
    assert wb["其他"]["A1"].value == "new"


def test_xlsm_keeps_vba_and_needs_an_xlsm_output(tmp_path: Path) -> None:
    src = _add_vba(_rich_workbook(tmp_path / "a.xlsx"), tmp_path / "macro.xlsm")
    patch = WorkbookPatch(src)
    patch.patch_cells("客户", {(2, 2): CellPatch(fill=RED)})
    with pytest.raises(XlcrmError, match=r"must end in \.xlsm"):
        patch.save(tmp_path / "out.xlsx")
    WorkbookPatch(src).save(tmp_path / "out.xlsm")
    parts = _parts(tmp_path / "out.xlsm")
    assert parts["xl/vbaProject.bin"] == FAKE_VBA
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in parts["[Content_Types].xml"]


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
        _patch(
            src,
            tmp_path / f"{name}.out.xlsx",
            {(2, 2): CellPatch(value="13800138000", fill=RED), (2, 1): CellPatch(fill=YELLOW)},
        )
        ws = openpyxl.load_workbook(tmp_path / f"{name}.out.xlsx")["客户"]
        assert (ws["A2"].value, ws["B2"].value, _fill(ws["A2"])) == ("张三", "13800138000", YELLOW)
        old, new = _parts(src), _parts(tmp_path / f"{name}.out.xlsx")
        assert old.get("xl/sharedStrings.xml") == new.get("xl/sharedStrings.xml")


def test_rows_and_cells_without_r_attributes(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "138"], ["李四", "139"]])
    parts = _parts(src)
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb' r="[A-Z]*\d+"', b"", parts["xl/worksheets/sheet1.xml"]
    )
    _write_parts(src, parts)
    _patch(
        src,
        tmp_path / "out.xlsx",
        {(3, 2): CellPatch(value="13900139000", fill=RED), (2, 3): CellPatch(fill=YELLOW)},
    )
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["姓名", "手机", None], ["张三", "138", None], ["李四", "13900139000", None]
    ]  # fmt: skip
    assert _fill(ws["B3"]) == RED and _fill(ws["C2"]) == YELLOW
    grid = (
        python_calamine.CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))
        .get_sheet_by_name("客户")
        .to_python()
    )
    assert grid[2][:2] == ["李四", "13900139000"]


def test_formulas_give_way_to_values_except_shared_ones(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["a", "b"], [1, "=A2*2"], [2, "=A3*2"]])
    parts = _parts(src)
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
    _write_parts(src, parts)
    summary = _patch(
        src, tmp_path / "out.xlsx", {(2, 2): CellPatch(value=5), (3, 2): CellPatch(value=6)}
    )
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert ws["B2"].value == 5 and ws["B3"].value == "=A3*2"
    assert summary.formulas_dropped == 1 and summary.skipped[0][:2] == ("客户", "B3")
    parts = _parts(tmp_path / "out.xlsx")
    assert "xl/calcChain.xml" not in parts and b"calcChain" not in parts["[Content_Types].xml"]
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]


def test_formulas_are_read_and_written_with_or_without_a_cached_value(
    tmp_path: Path, make_workbook: Any
) -> None:
    src = make_workbook([["a", "b", "c"], [1, "=A2*2", 'x&"<'], [2, "=A3*2", None]])
    parts = _parts(src)
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"<f>A3*2</f>", b'<f t="shared" ref="B3:B4" si="0">A3*2</f>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'<row r="4"><c r="B4"><f t="shared" si="0"/></c></row></sheetData>'
    )
    _write_parts(src, parts)
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
        _patch(src, tmp_path / "bad.xlsx", {(2, 1): CellPatch(formula="=")})


def test_a_date1904_workbook_gets_1904_serials(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["日期"], ["x"]])
    parts = _parts(src)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbookPr/>", b'<workbookPr date1904="1"/>'
    )
    _write_parts(src, parts)
    _patch(src, tmp_path / "out.xlsx", {(2, 1): CellPatch(value=dt.date(2024, 1, 1))})
    sheet = _parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"]
    assert b"<v>43830</v>" in sheet  # 45292 in the 1900 system
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]["A2"].value == dt.datetime(
        2024, 1, 1
    )


def test_a_sheet_written_with_a_namespace_prefix(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名", "手机"], ["张三", "138"]])
    parts = _parts(src)
    sheet = re.sub(rb"<(/?)(?!\?)([A-Za-z]+\b)", rb"<\1x:\2", parts["xl/worksheets/sheet1.xml"])
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"xmlns=", b"xmlns:x=", 1)
    _write_parts(src, parts)
    cells = {
        (2, 2): CellPatch(value="13800138000", fill=RED, comment="改"),
        (2, 4): CellPatch(fill=YELLOW),
    }
    _patch(src, tmp_path / "out.xlsx", cells)
    xml = etree.fromstring(_parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"])
    assert {etree.QName(n).namespace for n in xml.iter() if isinstance(n.tag, str)} == {MAIN}
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]
    assert (
        ws["B2"].value == "13800138000"
        and _fill(ws["D2"]) == YELLOW
        and ws["B2"].comment.text == "改"
    )


def test_form_controls_in_the_notes_drawing_are_kept(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名"], ["张三"], ["李四"]])
    _patch(src, tmp_path / "1.xlsx", {(2, 1): CellPatch(comment="一")})
    parts = _parts(tmp_path / "1.xlsx")
    vml = next(n for n in parts if n.endswith(".vml"))
    checkbox = (
        b'<v:shape id="_x0000_s5121" type="#_x0000_t201"><x:ClientData ObjectType="Checkbox">'
        b"<x:Anchor>3, 0, 1, 0, 4, 0, 2, 0</x:Anchor></x:ClientData></v:shape></xml>"
    )
    parts[vml] = parts[vml].replace(b"</xml>", checkbox)
    _write_parts(tmp_path / "1.xlsx", parts)
    _patch(tmp_path / "1.xlsx", tmp_path / "2.xlsx", {(3, 1): CellPatch(comment="二")})
    drawing = _parts(tmp_path / "2.xlsx")[vml]
    assert b'id="_x0000_s5121"' in drawing and b'ObjectType="Checkbox"' in drawing
    assert drawing.count(b'ObjectType="Note"') == 1 and b"<x:Row>2</x:Row>" in drawing
    ids = [int(i) for i in re.findall(rb'id="_x0000_s(\d+)"', drawing)]
    found = re.search(rb'data="([\d,]+)"', drawing)
    assert found is not None
    blocks = found.group(1).decode().split(",")
    assert len(set(ids)) == len(ids) and {str(i // 1024) for i in ids} <= set(blocks)


def test_marks_that_no_longer_match_their_style_are_not_trusted(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    _patch(src, tmp_path / "1.xlsx", {(4, 2): CellPatch(fill=RED)})
    parts = _parts(tmp_path / "1.xlsx")
    yellow = _style_of(parts, "B3")  # the user's own yellow fill: plain style + a solid fill
    record = b'<vt:lpwstr>{"' + yellow + b'":[0,"' + RED.encode() + b'"]}'
    parts["docProps/custom.xml"] = re.sub(
        rb"<vt:lpwstr>[^<]*", record, parts["docProps/custom.xml"]
    )
    _write_parts(tmp_path / "1.xlsx", parts)  # as if Excel had renumbered the styles
    _patch(tmp_path / "1.xlsx", tmp_path / "2.xlsx", {})
    ws = openpyxl.load_workbook(tmp_path / "2.xlsx")["客户"]
    assert _fill(ws["B3"]) == "00FFFF00" and _fill(ws["B4"]) == RED  # the record lied: no change


def _style_of(parts: dict[str, bytes], ref: str) -> bytes:
    tag = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*', parts["xl/worksheets/sheet1.xml"])
    assert tag is not None
    found = re.search(rb' s="(\d+)"', tag.group())
    assert found is not None
    return found.group(1)


# -- what it refuses ------------------------------------------------------------------------


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
    parts = _parts(src) | {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    _write_parts(tmp_path / "bad.xlsx", parts)
    bad = WorkbookPatch(tmp_path / "bad.xlsx")
    bad.patch_cells("客户", {(1, 1): CellPatch(fill=RED)})
    with pytest.raises(CorruptWorkbookError, match="damaged"):
        bad.save(tmp_path / "bad.out.xlsx")
    assert not (tmp_path / "bad.out.xlsx").exists()
    assert not list(tmp_path.glob(".xlcrm-*"))  # no temporary file left behind


@given(st.text(max_size=40))
def test_text_survives_xml_escaping(text: str) -> None:
    parsed = etree.fromstring(f"<t>{xml_text(text)}</t>".encode()).text or ""
    unescaped = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), parsed)
    assert unescaped == text


# -- in a real spreadsheet application --------------------------------------------------------


@pytest.mark.sheetcheck
def test_libreoffice_opens_the_patched_workbook(tmp_path: Path, sheetcheck: Any) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    dst = tmp_path / "out.xlsx"
    cells = {
        (r, 2): CellPatch(fill=RED if r % 2 else YELLOW, comment=f"第 {r} 行的号码不对")
        for r in range(2, 12)
    }
    cells[(12, 4)] = CellPatch(value=dt.date(2024, 6, 1), fill=YELLOW)
    rows = [["行", "问题"]] + [[r, "号码不对"] for r in range(2, 12)]
    _patch(src, dst, cells, rows=rows, hyperlinks={(2, 1): cell_location("客户", 2, 2)})
    report = sheetcheck(dst, "--show", "客户!B2:B3", "--show", "问题清单!A1:B2")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    sheets = {s["name"]: s for s in report["sheets"]}
    assert list(sheets) == ["客户", "其他", "问题清单"]
    # 10 xlcrm notes + the user's note + the chart + the picture
    assert sheets["客户"]["drawing_objects"] == 13 and sheets["客户"]["chart_count"] == 1
    assert report["values"]["客户!B2:B3"] == [["13800130000"], ["13800130001"]]
    assert report["values"]["问题清单!A1:B2"] == [["行", "问题"], [2, "号码不对"]]


# -- the public hooks other features build on ------------------------------------------------


def test_custom_properties_are_set_read_and_kept_beside_the_marks(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    assert patch.get_property("owner") is None
    patch.set_property("owner", "销售部 & <sales>")
    patch.set_property("owner", "销售部")  # replaced, not a second entry
    patch.set_property("batch", '{"n": 1}')
    assert patch.get_property("owner") == "销售部"
    for reserved in ("xlcrm_fill_styles", "xlcrm_fill_styles_2", " "):
        with pytest.raises(ValueError):
            patch.set_property(reserved, "x")
    patch.patch_cells("客户", {(2, 2): CellPatch(fill=RED)})
    patch.save(tmp_path / "one.xlsx")
    props = openpyxl.load_workbook(tmp_path / "one.xlsx").custom_doc_props
    assert {p.name: p.value for p in props} == {
        "owner": "销售部", "batch": '{"n": 1}', "xlcrm_fill_styles": props["xlcrm_fill_styles"].value,
    }  # fmt: skip
    again = WorkbookPatch(tmp_path / "one.xlsx")
    assert again.get_property("batch") == '{"n": 1}'
    again.clear_marks("客户")  # the marks recorded beside the properties are still found
    again.save(tmp_path / "two.xlsx")
    assert _fill(openpyxl.load_workbook(tmp_path / "two.xlsx")["客户"]["B2"]) is None


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
    strings = _parts(tmp_path / "out.xlsx")["xl/sharedStrings.xml"]
    assert b"secret-138" not in strings and b"shared-139" in strings
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    values = [[c.value for c in row] for row in out["客户"].iter_rows()]
    assert values == [["姓名", "手机"], ["张三", "x"], ["李四", "y"], ["王五", "keep"]]
    assert out["其他"]["A1"].value == "shared-139"


def test_added_sheets_get_dropdowns_and_can_be_hidden(tmp_path: Path) -> None:
    from xlcrm.xlsx import ListValidation

    src = _rich_workbook(tmp_path / "in.xlsx")
    patch = WorkbookPatch(src)
    yes_no = ListValidation("B2:B3", ("Y", "N"), prompt="选 Y 或 N", prompt_title="合并?",
                            error="只能是 Y 或 N", error_title="Y/N")  # fmt: skip
    links = {(2, 1): cell_location("客户", 3, 2)}
    patch.add_sheet("清单", [["行", "合并?"], [3, "Y"], [4, "N"]], hyperlinks=links,
                    validations=[yes_no, ListValidation("C2:C3 E2", ("a", 'say "hi"'))])  # fmt: skip
    patch.add_sheet("journal", [["x"]], hidden=True)
    patch.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    first, second = wb["清单"].data_validations.dataValidation
    assert (first.type, first.formula1, str(first.sqref)) == ("list", '"Y,N"', "B2:B3")
    assert (first.prompt, first.promptTitle, first.error, first.errorTitle) == (
        "选 Y 或 N", "合并?", "只能是 Y 或 N", "Y/N",
    )  # fmt: skip
    assert first.showInputMessage and first.showErrorMessage and first.allow_blank
    assert second.formula1 == '"a,say ""hi"""' and str(second.sqref) == "C2:C3 E2"
    assert wb["清单"]["A2"].hyperlink.location == "'客户'!B3"  # links still follow the list
    assert wb["journal"].sheet_state == "hidden" and wb["客户"].sheet_state == "visible"
    again = WorkbookPatch(tmp_path / "out.xlsx")
    again.add_sheet("journal", [["y"]])  # a replaced sheet keeps its visibility
    again.save(tmp_path / "again.xlsx")
    assert openpyxl.load_workbook(tmp_path / "again.xlsx")["journal"].sheet_state == "hidden"
    for choices in ((), ("a,b",), ("",), ("x" * 300,)):
        with pytest.raises(ValueError):
            ListValidation("A1", choices)


def test_a_number_format_alone_keeps_an_xlcrm_fill(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    _patch(src, tmp_path / "one.xlsx", {(2, 2): CellPatch(fill=RED), (3, 2): CellPatch(fill=RED)})
    patch = WorkbookPatch(tmp_path / "one.xlsx")  # no clear_marks: the fills stay on
    patch.patch_cells("客户", {
        (2, 2): CellPatch(value=dt.date(2024, 3, 1)),  # a date gets a date format
        (3, 2): CellPatch(number_format="0.00"),
    })  # fmt: skip
    patch.save(tmp_path / "two.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "two.xlsx")["客户"]
    assert (_fill(ws["B2"]), ws["B2"].number_format) == (RED, "yyyy-mm-dd")
    assert (_fill(ws["B3"]), ws["B3"].number_format) == (RED, "0.00")
    patch = WorkbookPatch(tmp_path / "two.xlsx")
    patch.clear_marks("客户")  # still xlcrm's marks: the fills go, the formats stay
    patch.save(tmp_path / "three.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "three.xlsx")["客户"]
    assert (_fill(ws["B2"]), ws["B2"].number_format) == (None, "yyyy-mm-dd")
    assert (_fill(ws["B3"]), ws["B3"].number_format) == ("00FFFF00", "0.00")  # the user's fill
