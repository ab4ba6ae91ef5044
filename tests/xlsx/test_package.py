"""The package: every part a patch does not change is copied byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import python_calamine

from tests.io.test_writer import FAKE_VBA, _add_vba
from tests.xlsx.workbooks import RED, patched, read_parts, rich_workbook
from xlcrm.xlsx import CellPatch


def test_untouched_parts_are_copied_byte_for_byte(tmp_path: Path) -> None:
    src = _add_vba(rich_workbook(tmp_path / "in.xlsx"), tmp_path / "in.xlsm")
    dst = tmp_path / "out.xlsm"
    patched(src, dst, {(3, 2): CellPatch(fill=RED, comment="号码不对"), (5, 4): CellPatch(value=1)})
    old, new = read_parts(src), read_parts(dst)
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
