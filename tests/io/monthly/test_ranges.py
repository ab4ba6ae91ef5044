"""Growing the master's table, validations and formats over the rows collect appends."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.worksheet.table import Table, TableFormula

from xlcrm.io.monthly.ranges import extend_master, extend_sheet_ranges, extend_sqref


def test_only_ranges_that_reach_the_end_of_the_data_grow() -> None:
    def reaches(top: int, bottom: int) -> bool:
        return top in (1, 2) and 100 <= bottom < 103

    assert extend_sqref("A2:A100 C2:D101 E5:E100 F2:F50 G:G H2", 103, reaches) == (
        "A2:A103 C2:D103 E5:E100 F2:F50 G:G H2"
    )
    tail = (
        '<dataValidations><dataValidation type="list" sqref="B2:B100"/></dataValidations>'
        '<conditionalFormatting sqref="A1:C100"><cfRule/></conditionalFormatting>'
        "<extLst><x14:dataValidation><xm:sqref>K2:K100</xm:sqref></x14:dataValidation></extLst>"
    )
    grown = extend_sheet_ranges(tail, 103, reaches)
    assert 'sqref="B2:B103"' in grown and 'sqref="A1:C103"' in grown
    assert "<xm:sqref>K2:K103</xm:sqref>" in grown


def test_calculated_column_is_filled_between_the_cells_of_new_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S"
    ws.append(["Id", "Twice", "Extra"])
    for n in range(1, 6):  # rows 5 and 6 were appended below the table
        ws.append([n, "=T[[#This Row],[Id]]*2" if n <= 3 else None, f"x{n}"])
    table = Table(displayName="T", ref="A1:B4")
    table._initialise_columns()
    table.tableColumns[0].name, table.tableColumns[1].name = "Id", "Twice"
    table.tableColumns[1].calculatedColumnFormula = TableFormula(attr_text="T[[#This Row],[Id]]*2")
    ws.add_table(table)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    extend_master(path, "S", header_row=1, old_last=4, new_last=6)
    ws = openpyxl.load_workbook(path)["S"]
    assert ws.tables["T"].ref == "A1:B6"
    assert [ws.cell(row=r, column=2).value for r in (4, 5, 6)] == ["=T[[#This Row],[Id]]*2"] * 3
    assert [c.value for c in ws[6]] == [5, "=T[[#This Row],[Id]]*2", "x5"]
