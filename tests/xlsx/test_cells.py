"""Cells: values as XML (dates in either date system, text escaped) and references."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.xlsx.workbooks import patched, read_parts, write_parts
from xlcrm.xlsx import CellPatch, cell_ref, column_letters, column_number, parse_ref
from xlcrm.xlsx.cells import xml_text


def test_a_date1904_workbook_gets_1904_serials(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["日期"], ["x"]])
    parts = read_parts(src)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbookPr/>", b'<workbookPr date1904="1"/>'
    )
    write_parts(src, parts)
    patched(src, tmp_path / "out.xlsx", {(2, 1): CellPatch(value=dt.date(2024, 1, 1))})
    sheet = read_parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"]
    assert b"<v>43830</v>" in sheet  # 45292 in the 1900 system
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["客户"]["A2"].value == dt.datetime(
        2024, 1, 1
    )


@given(st.text(max_size=40))
def test_text_survives_xml_escaping(text: str) -> None:
    parsed = etree.fromstring(f"<t>{xml_text(text)}</t>".encode()).text or ""
    unescaped = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), parsed)
    assert unescaped == text


@given(st.integers(min_value=1, max_value=16_384), st.integers(min_value=1, max_value=1_048_576))
def test_cell_references_round_trip(column: int, row: int) -> None:
    letters = column_letters(column)
    assert column_number(letters.encode()) == column
    assert parse_ref(cell_ref(row, column)) == (row, column)
    assert openpyxl.utils.get_column_letter(column) == letters


def test_column_letters_at_the_edges() -> None:
    assert [column_letters(n) for n in (1, 26, 27, 52, 702, 703, 16_384)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD",
    ]  # fmt: skip
