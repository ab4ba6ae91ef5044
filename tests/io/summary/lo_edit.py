#!/usr/bin/python3
"""Edit a workbook in LibreOffice as a user would, save it, and print its PivotTables.

Run with Debian's /usr/bin/python3 (it has LibreOffice's ``uno``), through
``tests/io/summary/test_live.py``; it drives soffice headless with the private profile
and process handling of ../shared/tools/sheetcheck/sheetcheck_uno.py:

    lo_edit.py IN.xlsx OUT.xlsx EDITS.json

EDITS is a list of operations, applied in order:

    {"op": "set", "sheet": S, "cell": "C7", "value": 100000}    type a value (or text)
    {"op": "append", "sheet": S, "values": {"C": "西藏", ...}}     type a row just below the
        sheet's Excel table: the table grows over it and its calculated columns fill in, as
        Excel does when a user types under a table (LibreOffice does not do it by itself)
    {"op": "refresh"}                                             refresh every PivotTable

A PivotTable whose cache reads a table by name follows the table in Excel; LibreOffice
fixes the range when it loads the file, so "refresh" first gives each PivotTable that
starts where a table starts that table's current range, as Excel would see it.

Then the document is recalculated and saved as .xlsx, and a JSON object goes to stdout:
{"pivots": {name: {"range": "A4:K40", "cells": [[...], ...]}}}, the PivotTables' cells
after the edits.
"""

import json
import os
import sys
import tempfile

SHEETCHECK = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), *[".."] * 4, "shared", "tools", "sheetcheck"
)
sys.path.insert(0, os.path.normpath(SHEETCHECK))

import sheetcheck_uno as sc  # noqa: E402  (LibreOffice's helper, found above)
import uno  # noqa: E402


def column_index(letters):
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch.upper()) - 64
    return number - 1


def cell_position(ref):
    letters = "".join(ch for ch in ref if ch.isalpha())
    return column_index(letters), int(ref[len(letters) :]) - 1


def put(cell, value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.setValue(value)
    elif value is None:
        cell.setString("")
    else:
        cell.setString(str(value))


def table_range(doc, sheet_index):
    """The database range (an .xlsx table) on the sheet."""
    ranges = doc.DatabaseRanges
    for name in ranges.getElementNames():
        found = ranges.getByName(name)
        if found.DataArea.Sheet == sheet_index:
            return found
    raise SystemExit("no table on the sheet")


def append_row(doc, sheet, sheet_index, values):
    """Type ``values`` (column letter -> value) in the row under the table, as Excel would."""
    table = table_range(doc, sheet_index)
    area = table.DataArea
    last, new = area.EndRow, area.EndRow + 1
    for column in range(area.StartColumn, area.EndColumn + 1):
        above = sheet.getCellByPosition(column, last)
        if above.getFormula().startswith("="):
            sheet.getCellByPosition(column, new).setFormula(above.getFormula())
    for letters, value in values.items():
        put(sheet.getCellByPosition(column_index(letters), new), value)
    area.EndRow = new
    table.DataArea = area


def refresh(doc):
    """Recalculate, then refresh every PivotTable over its table's current range."""
    doc.calculateAll()
    ranges = doc.DatabaseRanges
    areas = [ranges.getByName(n).DataArea for n in ranges.getElementNames()]
    for index in range(doc.Sheets.getCount()):
        tables = doc.Sheets.getByIndex(index).getDataPilotTables()
        for name in tables.getElementNames():
            pilot = tables.getByName(name)
            source = pilot.getSourceRange()
            for area in areas:
                same = (area.Sheet, area.StartColumn, area.StartRow) == (
                    source.Sheet,
                    source.StartColumn,
                    source.StartRow,
                )
                if same:
                    pilot.setSourceRange(area)
            pilot.refresh()


def pivots(doc):
    out = {}
    for index in range(doc.Sheets.getCount()):
        tables = doc.Sheets.getByIndex(index).getDataPilotTables()
        for name in tables.getElementNames():
            pilot = tables.getByName(name)
            area = pilot.getOutputRange()
            block = doc.Sheets.getByIndex(area.Sheet).getCellRangeByPosition(
                area.StartColumn, area.StartRow, area.EndColumn, area.EndRow
            )
            out[name] = {
                "range": sc.range_a1(area),
                "cells": [list(row) for row in block.getDataArray()],
            }
    return out


def main(source, target, edits_path):
    with open(edits_path, encoding="utf-8") as handle:
        edits = json.load(handle)
    work = tempfile.mkdtemp(prefix="lo-edit-")
    office = sc.Office(work, 240)
    office.start()
    try:
        office.connect()
        doc = sc.load_document(office, source, None)
        for edit in edits:
            if edit["op"] == "refresh":
                refresh(doc)
                continue
            sheet = doc.Sheets.getByName(edit["sheet"])
            sheet_index = list(doc.Sheets.getElementNames()).index(edit["sheet"])
            if edit["op"] == "set":
                column, row = cell_position(edit["cell"])
                put(sheet.getCellByPosition(column, row), edit["value"])
            elif edit["op"] == "append":
                append_row(doc, sheet, sheet_index, edit["values"])
        doc.calculateAll()
        result = {"pivots": pivots(doc)}
        url = uno.systemPathToFileUrl(os.path.abspath(target))
        doc.storeToURL(url, (sc.prop("FilterName", "Calc Office Open XML"),))
        doc.close(True)
    finally:
        office.stop()
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:4])
