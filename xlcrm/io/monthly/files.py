"""One salesperson's monthly workbook: written from the template, and read back on return.

Each file is the current template (validation, drop-downs, Settings and Instructions
intact) with the owner's rows in its table, plus a very hidden sheet ``xlcrm_dist``
holding what collect needs to recognise the file and its rows, whatever it was renamed
to:

    A:B   customer_id, print        one row per distributed row (see core.monthly_prints)
    D:E   key, value                distribution, file_id, owner, month, template_version,
                                    language, sheet, fields (JSON list)

The distribution and file ids are also defined names and document properties, so they
show in Excel's Name Manager and File ▸ Properties.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from openpyxl import load_workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm import schema
from xlcrm.io.monthly.review import REVIEW_SHEET
from xlcrm.io.monthly.sheetxml import FILE_ID_PLACEHOLDER, Shell
from xlcrm.io.reader import (
    SheetTable,
    build_table,
    find_header_row,
    read_settings_from_source,
    system_sheets,
)
from xlcrm.io.sources import Source, open_source
from xlcrm.io.templates.build import (
    DATA_ROWS,
    TABLE_NAME,
    TEMPLATE_FILES,
    TEMPLATES_DIR,
    build_template,
)

HIDDEN_SHEET = "xlcrm_dist"
DIST_NAME = "xlcrm_distribution"
FILE_NAME = "xlcrm_distribution_file"
META_KEYS = ("distribution", "file_id", "owner", "month", "template_version", "language", "sheet")


def template_bytes(language: str) -> bytes:
    """The current template for ``language`` (built afresh if the repository copy is absent)."""
    path = TEMPLATES_DIR / TEMPLATE_FILES(language)
    if path.is_file():
        return path.read_bytes()
    with tempfile.TemporaryDirectory() as folder:  # an installed package without the folder
        return build_template(language, Path(folder) / "template.xlsx").read_bytes()


@dataclass
class OwnerFile:
    """What goes into one owner's workbook."""

    meta: dict[str, str]  # META_KEYS values
    fields: list[str]  # column keys in sheet order (template fields, then carried columns)
    headers: list[str]  # header text of each column
    rows: pd.DataFrame  # the owner's rows, columns as ``fields``
    prints: list[str]  # print of each row
    review: list[Sequence[object]] | None = None  # stale-record rows, header first


def build_shell(
    template: bytes,
    *,
    language: str,
    distribution: str,
    carried: list[str],
    review_header: list[str] | None,
) -> Shell:
    """The template dressed for this distribution, once; each file is then written from it.

    ``carried`` are the master's columns the template lacks: added to the right of the
    table. One whose header the template already has (say a formula column the template
    computes itself) is not added twice.
    """
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    template_headers = [str(c.value) for c in ws[1] if c.value is not None]
    known = {h.strip().casefold() for h in template_headers}
    extra = [h for h in carried if h.strip().casefold() not in known]
    _add_carried_columns(ws, [*template_headers, *extra], len(template_headers))
    if review_header is not None:
        _write_review(wb.create_sheet(REVIEW_SHEET(language), 1), [review_header])
    hidden = wb.create_sheet(HIDDEN_SHEET)
    hidden.sheet_state = "veryHidden"  # not listed under Unhide: only the VBA editor shows it
    hidden["A1"] = "customer_id"
    for name, value in ((DIST_NAME, distribution), (FILE_NAME, FILE_ID_PLACEHOLDER)):
        wb.defined_names[name] = DefinedName(name, attr_text=f'"{value}"')
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    buffer = io.BytesIO()
    wb.save(buffer)
    fields = schema.map_headers(template_headers)
    date_column = fields.index("created_at") + 1 if "created_at" in fields else 1
    shell = Shell(
        buffer.getvalue(),
        template_rows=DATA_ROWS + 1,
        date_column=date_column,
        headers=[*template_headers, *extra],
    )
    shell.template_width = len(template_headers)
    return shell


def write_owner_file(shell: Shell, path: Path | BinaryIO, spec: OwnerFile) -> None:
    """One owner's workbook: the shell with the owner's rows and the hidden fingerprints."""
    spec.meta["sheet"] = shell.data_title
    review = None
    if spec.review is not None:
        title = next(n for n in shell.sheets if n in (REVIEW_SHEET.zh, REVIEW_SHEET.en))
        review = (title, spec.review[1:])
    shell.write(
        path,
        rows=list(spec.rows.itertuples(index=False, name=None)),
        file_id=spec.meta["file_id"],
        hidden=(HIDDEN_SHEET, _hidden_rows(spec)),
        review=review,
    )


def _hidden_rows(spec: OwnerFile) -> list[list[object]]:
    meta = [*((k, spec.meta[k]) for k in META_KEYS), ("fields", json.dumps(spec.fields))]
    ids = spec.rows["customer_id"].tolist() if "customer_id" in spec.rows else []
    ids = ids or [None] * len(spec.rows)
    rows: list[list[object]] = [["customer_id", "print", None, "key", "value"]]
    for index in range(max(len(meta), len(spec.prints))):
        key = ids[index] if index < len(ids) else None
        text = spec.prints[index] if index < len(spec.prints) else None
        line: list[object] = [None if key is None else str(key), text, None]
        line += list(meta[index]) if index < len(meta) else [None, None]
        rows.append(line)
    return rows


def _add_carried_columns(ws: Worksheet, headers: list[str], template_width: int) -> None:
    """Columns the master has beyond the template's, added to the right of the table."""
    table = ws.tables[TABLE_NAME]
    model = ws.cell(row=1, column=template_width)
    for position in range(template_width, len(headers)):
        cell = ws.cell(row=1, column=position + 1, value=headers[position])
        cell._style = model._style  # the header look of the template's own columns
        ws.column_dimensions[get_column_letter(position + 1)].width = 16
        table.tableColumns.append(TableColumn(id=position + 1, name=headers[position]))
    table.ref = f"A1:{get_column_letter(len(headers))}{DATA_ROWS + 1}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


def _write_review(ws: Worksheet, rows: list[Sequence[object]]) -> None:
    from openpyxl.styles import Font, PatternFill

    for values in rows:
        ws.append(list(values))
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C55A11")
    for column in range(1, len(rows[0]) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 16
    ws.column_dimensions[get_column_letter(len(rows[0]))].width = 48
    ws.freeze_panes = "A2"


# ---------------------------------------------------------------- reading back


@dataclass
class ReturnedWorkbook:
    """A returned file: its identity, the prints as distributed, and its rows."""

    path: Path
    meta: dict[str, str]
    fields: list[str]  # the fields the prints cover
    ids: list[str]
    prints: list[str]
    table: SheetTable | None  # None when the file has no customer sheet xlcrm can read


def read_returned(path: Path, password: str | None = None) -> ReturnedWorkbook:
    """Open a returned file (decrypting with ``password``) and read its hidden sheet and rows."""
    source = open_source(path, password=password)
    meta, fields, ids, prints = _read_hidden(source)
    table = _read_data(source, meta.get("sheet"))
    return ReturnedWorkbook(path, meta, fields, ids, prints, table)


def _read_hidden(source: Source) -> tuple[dict[str, str], list[str], list[str], list[str]]:
    if HIDDEN_SHEET not in source.sheet_names:
        return {}, [], [], []
    from xlcrm.core.monthly.prints import id_token

    grid = source.grid(HIDDEN_SHEET)
    meta = {
        str(row[3]): str(row[4]) for row in grid[1:] if len(row) > 4 and row[3] not in ("", None)
    }
    fields = json.loads(meta.pop("fields", "[]"))
    ids, prints = [], []
    for row in grid[1:]:
        if len(row) > 1 and row[1] not in ("", None):
            ids.append(id_token(row[0] if row[0] != "" else None))
            prints.append(str(row[1]))
    return meta, fields, ids, prints


def _read_data(source: Source, sheet: str | None) -> SheetTable | None:
    names = [sheet] if sheet in source.sheet_names else []
    skip = system_sheets()  # the 待更新 review sheet among them
    names += [s for s in source.visible_sheets() if s not in names and s not in skip]
    settings = read_settings_from_source(source)
    for name in names:
        grid = source.grid(name)
        header = find_header_row(grid)
        if header is not None:
            return build_table(source.path, name, grid, header, settings, source.kind)
    return None
