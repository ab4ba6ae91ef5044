"""The styles part: marks are clones of the cell's own style, trusted only while still true."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl

from tests.xlsx.workbooks import RED, fill_of, patched, read_parts, rich_workbook, write_parts
from xlcrm.xlsx import CellPatch, WorkbookPatch


def test_marks_that_no_longer_match_their_style_are_not_trusted(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    patched(src, tmp_path / "1.xlsx", {(4, 2): CellPatch(fill=RED)})
    parts = read_parts(tmp_path / "1.xlsx")
    yellow = _style_of(parts, "B3")  # the user's own yellow fill: plain style + a solid fill
    record = b'<vt:lpwstr>{"' + yellow + b'":[0,"' + RED.encode() + b'"]}'
    parts["docProps/custom.xml"] = re.sub(
        rb"<vt:lpwstr>[^<]*", record, parts["docProps/custom.xml"]
    )
    write_parts(tmp_path / "1.xlsx", parts)  # as if Excel had renumbered the styles
    patched(tmp_path / "1.xlsx", tmp_path / "2.xlsx", {})
    ws = openpyxl.load_workbook(tmp_path / "2.xlsx")["客户"]
    assert (
        fill_of(ws["B3"]) == "00FFFF00" and fill_of(ws["B4"]) == RED
    )  # the record lied: no change


def _style_of(parts: dict[str, bytes], ref: str) -> bytes:
    tag = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*', parts["xl/worksheets/sheet1.xml"])
    assert tag is not None
    found = re.search(rb' s="(\d+)"', tag.group())
    assert found is not None
    return found.group(1)


def test_a_number_format_alone_keeps_an_xlcrm_fill(tmp_path: Path) -> None:
    src = rich_workbook(tmp_path / "in.xlsx")
    patched(src, tmp_path / "one.xlsx", {(2, 2): CellPatch(fill=RED), (3, 2): CellPatch(fill=RED)})
    patch = WorkbookPatch(tmp_path / "one.xlsx")  # no clear_marks: the fills stay on
    patch.patch_cells("客户", {
        (2, 2): CellPatch(value=dt.date(2024, 3, 1)),  # a date gets a date format
        (3, 2): CellPatch(number_format="0.00"),
    })  # fmt: skip
    patch.save(tmp_path / "two.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "two.xlsx")["客户"]
    assert (fill_of(ws["B2"]), ws["B2"].number_format) == (RED, "yyyy-mm-dd")
    assert (fill_of(ws["B3"]), ws["B3"].number_format) == (RED, "0.00")
    patch = WorkbookPatch(tmp_path / "two.xlsx")
    patch.clear_marks("客户")  # still xlcrm's marks: the fills go, the formats stay
    patch.save(tmp_path / "three.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "three.xlsx")["客户"]
    assert (fill_of(ws["B2"]), ws["B2"].number_format) == (None, "yyyy-mm-dd")
    assert (fill_of(ws["B3"]), ws["B3"].number_format) == ("00FFFF00", "0.00")  # the user's fill
