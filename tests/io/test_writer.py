"""Writing results into a copy keeps everything the user had."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from xlcrm.errors import FileLockedError, XlcrmError
from xlcrm.io.reader import read_table
from xlcrm.io.writer import default_output_path, edit_copy, replace_sheet, write_rows

FAKE_VBA = b"VBA-PROJECT-BYTES" * 64


def _rich_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["姓名", "手机", "客户类型", "累计消费金额"])
    ws.append(["张三", "013800138000", "个人", 100])
    ws.append(["李四", "13900139000", "企业", 2000])
    ws["A1"].font = Font(bold=True, color="FF0000")
    ws["B2"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["D2"].number_format = "#,##0.00"
    ws["A2"].comment = Comment("老客户", "me")
    dv = DataValidation(type="list", formula1='"个人,企业,潜在"', allow_blank=True)
    dv.add("C2:C100")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(
        "D2:D100",
        CellIsRule(
            operator="greaterThan", formula=["1000"], fill=PatternFill("solid", fgColor="00FF00")
        ),
    )
    ws.add_table(Table(displayName="Customers", ref="A1:D3"))
    ws.freeze_panes = "A2"
    wb.defined_names["xlcrm_template_version"] = DefinedName(
        "xlcrm_template_version", attr_text='"1.0"'
    )
    other = wb.create_sheet("其他")
    other["A1"] = "keep me"
    wb.save(path)
    return path


def _add_vba(xlsx: Path, xlsm: Path) -> Path:
    """Make an .xlsm package with a vbaProject part (openpyxl cannot author VBA)."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", FAKE_VBA)
    return xlsm


def test_copy_keeps_styles_validation_formats_names_tables(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    before = src.read_bytes()
    dst = tmp_path / "out.xlsx"
    with edit_copy(src, dst) as wb:
        ws = wb["客户"]
        ws.cell(1, 5, "结果")
        ws.cell(2, 5, "ok")
        replace_sheet(wb, "问题清单").append(["行", "问题"])
    assert src.read_bytes() == before  # the input is untouched
    wb = openpyxl.load_workbook(dst)
    ws = wb["客户"]
    assert wb.sheetnames == ["客户", "其他", "问题清单"]
    assert ws["A1"].font.bold and ws["A1"].font.color.rgb == "00FF0000"
    assert ws["B2"].fill.fgColor.rgb == "00FFFF00"
    assert ws["B2"].value == "013800138000" and ws["D2"].number_format == "#,##0.00"
    assert ws["A2"].comment.text == "老客户"
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["C2:C100"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["D2:D100"]
    assert "Customers" in ws.tables and ws.freeze_panes == "A2"
    assert wb.defined_names["xlcrm_template_version"].attr_text == '"1.0"'
    assert wb["其他"]["A1"].value == "keep me"
    assert ws["E2"].value == "ok"


def test_xlsm_keeps_its_vba_project(tmp_path: Path) -> None:
    src = _add_vba(_rich_workbook(tmp_path / "a.xlsx"), tmp_path / "macro.xlsm")
    dst = default_output_path(src, "check")
    assert dst.name == "macro.check.xlsm"
    with edit_copy(src, dst) as wb:
        replace_sheet(wb, "Issues")
    with zipfile.ZipFile(dst) as package:
        assert package.read("xl/vbaProject.bin") == FAKE_VBA
        types = package.read("[Content_Types].xml")
    assert b"macroEnabled" in types
    assert read_table(dst).df.loc[2, "name"] == "张三"


def test_rerun_replaces_its_sheet_instead_of_stacking(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    with edit_copy(src, first) as wb:
        replace_sheet(wb, "问题清单")["A1"] = "first run"
    with edit_copy(first, second) as wb:
        replace_sheet(wb, "问题清单")["A1"] = "second run"
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count("问题清单") == 1 and len(wb.sheetnames) == 3
    assert wb["问题清单"]["A1"].value == "second run"


def test_refuses_to_overwrite_input_or_a_file_open_in_excel(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    with pytest.raises(XlcrmError, match="overwrite the input"), edit_copy(src, src):
        pass
    (tmp_path / "~$out.xlsx").write_text("owner")
    with (
        pytest.raises(FileLockedError, match="open in Excel"),
        edit_copy(src, tmp_path / "out.xlsx"),
    ):
        pass
    with pytest.raises(XlcrmError, match="folder"), edit_copy(src, tmp_path / "no" / "x.xlsx"):
        pass


def test_a_failed_edit_leaves_no_output(tmp_path: Path) -> None:
    src = _rich_workbook(tmp_path / "in.xlsx")
    dst = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), edit_copy(src, dst):
        raise RuntimeError("boom")
    assert not dst.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.xlsx"]


def test_csv_input_becomes_an_xlsx_copy(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_bytes("姓名,手机\n张三,013800138000\n".encode("gb18030"))
    dst = default_output_path(src, "check")
    assert dst.suffix == ".xlsx"
    with edit_copy(src, dst) as wb:
        replace_sheet(wb, "Issues")
    table = read_table(dst)
    assert table.df.loc[2, "phone"] == "013800138000"


def test_write_rows_streams_a_new_workbook(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "r.xlsx", [("结果", ["a", "b"], ([i, str(i)] for i in range(1000)))]
    )
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["结果"].iter_rows(values_only=True))
    assert rows[0] == ("a", "b") and rows[-1] == (999, "999") and len(rows) == 1001
