"""The streaming workbook patcher: mark up a copy of an .xlsx/.xlsm without losing anything.

This package knows SpreadsheetML and the zip package around it, and nothing about
customers: :mod:`xlcrm.io` decides what to mark and where copies go, and imports only
what is listed here (never a submodule). See :mod:`xlcrm.xlsx.patch` for what a patch
does and how; one module per part kind does the work:

    package.py         the zip package: parts, [Content_Types].xml, relationships
    zipwriter.py       writing the package file (threaded entries, atomic replace, sweep)
    workbook.py        xl/workbook.xml: sheet list, defined names, calculation
    sheet_layout.py    a worksheet around its rows: the schema's child order, head, tail
    rows.py            row numbers when rows are deleted or inserted; references moved
    row_moves.py       a sheet's rows, head and tail moved; what cannot be undone
    row_parts.py       tables, notes, drawings, names, other sheets, charts follow rows
    row_edit.py        planning a row move before the copy is written
    sheet.py           a worksheet's rows and cells, rewritten as a stream of bytes
    cells.py           cell values as XML, cell references, CellPatch
    formulas.py        reading the formulas of worksheet cells
    newsheet.py        a new worksheet part, written as a stream
    styles.py          xl/styles.xml: fills, number formats, fonts
    notes.py           xl/commentsN.xml: the text of notes
    vml.py             xl/drawings/vmlDrawingN.vml: the boxes of notes
    charts.py          xl/charts and xl/drawings: charts on a new sheet
    tables.py          xl/tables: Excel tables (ListObjects), their calculated columns
    pivots.py          xl/pivotCache and xl/pivotTables: PivotTables over a table or range
    order.py           the child order of the elements above, from the schema
    props.py           docProps/custom.xml: custom document properties, xlcrm's marks
    shared_strings.py  xl/sharedStrings.xml: blanking old text
"""

from __future__ import annotations

from xlcrm.xlsx.cells import (
    KEEP,
    CellPatch,
    SharedFormula,
    cell_ref,
    column_letters,
    column_number,
    parse_ref,
    value_xml,
)
from xlcrm.xlsx.charts import ChartPart
from xlcrm.xlsx.formulas import CellFormulas, RowStyle
from xlcrm.xlsx.newsheet import ListValidation, SheetCell
from xlcrm.xlsx.notes import AUTHOR
from xlcrm.xlsx.patch import PatchSummary, WorkbookPatch, cell_location
from xlcrm.xlsx.pivots import PivotSource, PivotTableSpec, PivotValue
from xlcrm.xlsx.row_moves import Moved
from xlcrm.xlsx.rows import RowMap
from xlcrm.xlsx.tables import TableColumn, TableInfo, check_table_name
from xlcrm.xlsx.tables import overlaps as ranges_overlap
from xlcrm.xlsx.workbook import safe_title
from xlcrm.xlsx.zipwriter import TEMP_PREFIX, replace_atomically, sweep_temp_files

__all__ = [
    "AUTHOR",
    "KEEP",
    "TEMP_PREFIX",
    "CellFormulas",
    "CellPatch",
    "ChartPart",
    "ListValidation",
    "Moved",
    "PatchSummary",
    "PivotSource",
    "PivotTableSpec",
    "PivotValue",
    "RowMap",
    "RowStyle",
    "SharedFormula",
    "SheetCell",
    "TableColumn",
    "TableInfo",
    "WorkbookPatch",
    "cell_location",
    "cell_ref",
    "check_table_name",
    "column_letters",
    "column_number",
    "parse_ref",
    "ranges_overlap",
    "replace_atomically",
    "safe_title",
    "sweep_temp_files",
    "value_xml",
]
