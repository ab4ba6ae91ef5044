"""Workbooks the patcher's tests patch, and how they look inside and in openpyxl."""

from __future__ import annotations

import base64
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from xlcrm.xlsx import CellPatch, WorkbookPatch

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


def rich_workbook(path: Path) -> Path:
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
    return add_picture_and_custom_xml(path)


def add_picture_and_custom_xml(path: Path) -> Path:
    """Put a picture beside the chart and a custom XML part in (openpyxl writes neither)."""
    parts = read_parts(path)
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
    write_parts(path, parts)
    return path


def read_parts(path: Path) -> dict[str, bytes]:
    """Every part of a package by name."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    """A package of those parts (to edit a workbook's XML by hand)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def patched(src: Path, dst: Path, cells: dict[tuple[int, int], CellPatch], **sheet: Any) -> Any:
    """Clear the marks of 客户, patch its ``cells``, add a 问题清单 sheet if given; save."""
    patch = WorkbookPatch(src)
    patch.clear_marks("客户")
    patch.patch_cells("客户", cells)
    if sheet:
        patch.add_sheet("问题清单", **sheet)
    return patch.save(dst)


def fill_of(cell: Any) -> str | None:
    """An openpyxl cell's solid fill colour, None for none."""
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def xlcrm_notes(ws: Any) -> dict[str, str]:
    """The notes by xlcrm on an openpyxl sheet, by cell."""
    return {
        c.coordinate: c.comment.text
        for row in ws.iter_rows()
        for c in row
        if c.comment and c.comment.author == "xlcrm"
    }
