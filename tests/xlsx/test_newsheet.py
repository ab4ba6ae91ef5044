"""Added sheets: header, links, filter, widths, dropdowns, hidden, children in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from tests.xlsx.workbooks import read_parts, rich_workbook
from xlcrm.xlsx import ChartPart, ListValidation, WorkbookPatch, cell_location
from xlcrm.xlsx.sheet_layout import WORKSHEET_CHILDREN


def test_added_sheet_has_links_header_filter_and_widths(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
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
    assert "_xlnm._FilterDatabase" in read_parts(tmp_path / "out.xlsx")["xl/workbook.xml"].decode()


def test_added_sheets_get_dropdowns_and_can_be_hidden(tmp_path: Path) -> None:

    src = rich_workbook(tmp_path / "in.xlsx")
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


def test_a_new_sheets_children_come_in_the_schemas_order(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    chart = read_parts(src)["xl/charts/chart1.xml"]
    patch = WorkbookPatch(src)
    patch.add_sheet(
        "清单", [["行", "合并?"], [3, "Y"]], column_widths=[6, 8], tab_color="FFC00000",
        hyperlinks={(2, 1): cell_location("客户", 3, 2)}, charts=[ChartPart(chart, 1, 4)],
        validations=[ListValidation("B2", ("Y", "N"))],
    )  # fmt: skip
    patch.save(tmp_path / "out.xlsx")
    parts = read_parts(tmp_path / "out.xlsx")
    sheet = next(
        data
        for name, data in parts.items()
        if name.startswith("xl/worksheets/sheet") and b'<tabColor rgb="FFC00000"/>' in data
    )
    names = [etree.QName(node).localname for node in etree.fromstring(sheet)]
    assert names == sorted(names, key=WORKSHEET_CHILDREN.index)
    assert names == ["sheetPr", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter",
                     "dataValidations", "hyperlinks", "pageMargins", "drawing"]  # fmt: skip
