"""What collect writes: the new master copy and the collection report (收回报告).

The new master is the old one patched (:func:`~xlcrm.io.copies.write_copy`, so its
styles, validation and other sheets stay): changed cells get the new value, a green fill
and a note with the old value; new rows are appended in blue; rows a salesperson deleted
are only flagged (orange, with a note), never removed. The report has a sheet per
category with links into the new master, and every value of every row that was not
applied, so nothing a salesperson typed is lost.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm import schema
from xlcrm.core.monthly.prints import value_token
from xlcrm.core.monthly.reconcile import Reconciliation, RowRef
from xlcrm.io.copies import write_copy
from xlcrm.io.monthly.ranges import extend_master
from xlcrm.io.reader import SheetTable
from xlcrm.io.writer import save_atomically
from xlcrm.text import Text
from xlcrm.xlsx import CellPatch, cell_location

if TYPE_CHECKING:
    from xlcrm.io.monthly.collect import Collection

CHANGED_FILL, NEW_FILL, DELETED_FILL = "FFC6EFCE", "FFDDEBF7", "FFFCE4D6"
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_LINK_FONT = Font(color="0563C1", underline="single")

SHEETS = {
    "summary": Text("汇总", "Summary"),
    "files": Text("文件", "Files"),
    "new": Text("新增", "New"),
    "changed": Text("修改", "Changed"),
    "deleted": Text("删除", "Deleted"),
    "conflicts": Text("冲突", "Conflicts"),
    "invalid": Text("无效", "Invalid"),
}
_WORDS = {
    "file": Text("文件", "File"), "file_row": Text("文件行", "File row"),
    "master_row": Text("总表行", "Master row"), "field": Text("字段", "Field"),
    "before": Text("原值", "Before"), "after": Text("新值", "After"),
    "status": Text("状态", "Status"), "owner": Text("负责人", "Owner"),
    "rows": Text("行数", "Rows"), "detail": Text("说明", "Detail"),
    "customer_id": Text("客户编号", "Customer ID"), "reason": Text("原因", "Reason"),
    "category": Text("类别", "Category"),
}  # fmt: skip
# Notes on the new master's cells, and the report's title lines.
CHANGED_NOTE = Text(
    "{file} 第 {row} 行修改，原值：{before}", "Changed in {file} row {row}; was: {before}"
)
DELETED_NOTE = Text(
    "负责人在 {file} 中删除了这一行（总表保留）。",
    "Deleted by the owner in {file} (kept in the master).",
)
REPORT_TITLE = Text("收回报告", "Collection report")
REPORT_SUBTITLE = Text(
    "分发编号 {distribution}（{month}），新总表：{output}",
    "Distribution {distribution} ({month}), new master: {output}",
)


# ---------------------------------------------------------------- the new master


def write_new_master(master: SheetTable, result: Reconciliation, output: Path) -> None:
    """Patch a copy of the master with the applied changes, new rows and deletion flags."""
    changed_note, deleted_note = CHANGED_NOTE(master.language), DELETED_NOTE(master.language)
    positions = {c.key: c.position + 1 for c in master.columns}
    headers: dict[tuple[int, int], CellPatch] = {}

    def column(key: str) -> int:
        if key not in positions:  # a field the master has no column for yet
            positions[key] = max(positions.values(), default=0) + 1
            label = (
                schema.FIELD_BY_NAME[key].label(master.language)
                if key in schema.FIELD_BY_NAME
                else key
            )
            headers[(master.header_row, positions[key])] = CellPatch(value=label)
        return positions[key]

    cells: dict[tuple[int, int], CellPatch] = {}
    for change in result.changes.itertuples(index=False):
        before = "（空）" if change.before is None else _text(change.before)
        note = changed_note.format(file=change.file, row=change.file_row, before=before)
        cells[(int(change.master_row), column(str(change.field)))] = CellPatch(
            value=change.after, fill=CHANGED_FILL, comment=note
        )
    old_last = int(max(master.df.index)) if len(master.df) else master.header_row
    row = old_last + 1
    for _file, _file_row, values in result.new_rows:
        for key, value in values.items():
            if value is not None:
                cells[(row, column(key))] = CellPatch(value=value, fill=NEW_FILL)
        row += 1
    id_column = column("customer_id") if "customer_id" in positions else 1
    for file, _key, master_row in result.deleted:
        if master_row is not None:
            note = deleted_note.format(file=file)
            cells[(master_row, id_column)] = CellPatch(fill=DELETED_FILL, comment=note)
    write_copy(master, output, lambda patch, sheet: patch.patch_cells(sheet, {**headers, **cells}))
    # The new rows join the master's table, validations and calculated column.
    extend_master(output, master.sheet, header_row=master.header_row, old_last=old_last,
                  new_last=row - 1)  # fmt: skip


def _text(value: object) -> str:
    return value_token(value)


# ---------------------------------------------------------------- the report


def write_report(collection: Collection, path: Path) -> None:
    """The collection report: a summary, the files, and one sheet per category."""
    language = collection.master.language
    result = collection.result
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SHEETS["summary"](language)
    link = _Links(path, collection.output, collection.master.sheet)
    _files_sheet(wb.create_sheet(SHEETS["files"](language)), collection, language, path)
    fields = _fields(collection)
    labels = [_label(f, language) for f in fields]
    w = lambda key: _WORDS[key](language)  # noqa: E731
    new = wb.create_sheet(SHEETS["new"](language))
    _table(new, [w("file"), w("file_row"), w("master_row"), *labels], [
        [file, file_row, link.row_out(collection, i), *(values.get(f) for f in fields)]
        for i, (file, file_row, values) in enumerate(result.new_rows)
    ], link_column=3, link=link)  # fmt: skip
    changed = wb.create_sheet(SHEETS["changed"](language))
    _table(changed, [w("file"), w("file_row"), w("master_row"), w("customer_id"), w("field"),
                     w("before"), w("after")], [
        [c.file, c.file_row, c.master_row, c.customer_id, _label(str(c.field), language),
         c.before, c.after]
        for c in result.changes.itertuples(index=False)
    ], link_column=3, link=link)  # fmt: skip
    changed.column_dimensions["F"].width = changed.column_dimensions["G"].width = 24
    deleted = wb.create_sheet(SHEETS["deleted"](language))
    _table(deleted, [w("file"), w("customer_id"), w("master_row")],
           [[f, k, r] for f, k, r in result.deleted], link_column=3, link=link)  # fmt: skip
    for key, refs in (("conflicts", result.conflicts), ("invalid", result.invalid)):
        ws = wb.create_sheet(SHEETS[key](language))
        _table(ws, [w("file"), w("file_row"), w("customer_id"), w("reason"), w("master_row"),
                    *labels], [_ref_row(r, fields) for r in refs], link_column=5, link=link)  # fmt: skip
        ws.column_dimensions["D"].width = 48
    _summary_sheet(summary, collection, language)
    save_atomically(wb, path)


class _Links:
    """Hyperlinks from the report into the new master, relative so the pair can move."""

    def __init__(self, report: Path, output: Path, sheet: str) -> None:
        self.target = os.path.relpath(output, report.parent)
        self.sheet = sheet

    def row_out(self, collection: Collection, index: int) -> int:
        master = collection.master
        last = max(master.df.index) if len(master.df) else master.header_row
        return int(last) + 1 + index

    def to_row(self, ws: Worksheet, row: int, column: int, master_row: int) -> None:
        cell = ws.cell(row=row, column=column)
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate,
            target=self.target,
            location=cell_location(self.sheet, master_row, 1),
        )
        cell.font = _LINK_FONT


def _fields(collection: Collection) -> list[str]:
    names = list(collection.manifest.fields)
    for refs in (collection.result.conflicts, collection.result.invalid):
        for ref in refs:
            names += [k for k in ref.values if k not in names]
    for _f, _r, values in collection.result.new_rows:
        names += [k for k in values if k not in names]
    return names


def _label(key: str, language: str) -> str:
    field = schema.FIELD_BY_NAME.get(key)
    return field.label(language) if field else key


def _ref_row(ref: RowRef, fields: list[str]) -> list[Any]:
    return [ref.file, ref.file_row, ref.customer_id, ref.detail, ref.master_row,
            *(ref.values.get(f) for f in fields)]  # fmt: skip


def _table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    link_column: int | None = None,
    link: _Links | None = None,
) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(ws, number, column, value)
        if link_column is not None and link is not None:
            target = values[link_column - 1]
            if isinstance(target, int):
                link.to_row(ws, number, link_column, target)
    for column in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 28 if column == 1 else 14
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # a value starting with "=" is text, not a formula
    elif value is not None:
        cell.value = value
        if isinstance(value, (dt.date, dt.datetime)):
            cell.number_format = "yyyy-mm-dd"


def _files_sheet(ws: Worksheet, collection: Collection, language: str, report: Path) -> None:
    from xlcrm.io.monthly.collect import STATUS_TEXT

    w = lambda key: _WORDS[key](language)  # noqa: E731
    rows = [
        [o.path.name if o.path else o.expected, STATUS_TEXT[o.status](language), o.owner,
         o.rows, o.detail]
        for o in collection.outcomes
    ]  # fmt: skip
    _table(ws, [w("file"), w("status"), w("owner"), w("rows"), w("detail")], rows)
    for number, outcome in enumerate(collection.outcomes, start=2):
        if outcome.path is not None:
            cell = ws.cell(row=number, column=1)
            cell.hyperlink = os.path.relpath(outcome.path, report.parent)
            cell.font = _LINK_FONT
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 36, 30


def _summary_sheet(ws: Worksheet, collection: Collection, language: str) -> None:
    manifest = collection.manifest
    ws["A1"] = REPORT_TITLE(language)
    ws["A1"].font = Font(size=14, bold=True)
    ws["A2"] = REPORT_SUBTITLE(language).format(
        distribution=manifest.distribution, month=manifest.month, output=collection.output.name
    )
    counts = _summary_counts(collection)
    ws.append([])
    ws.append([_WORDS["category"](language), _WORDS["rows"](language)])
    for cell in ws[4]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for key, label, count in counts:
        ws.append([label, count])
        if key in SHEETS:
            cell = ws.cell(row=ws.max_row, column=1)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=f"'{SHEETS[key](language)}'!A1"
            )
            cell.font = _LINK_FONT
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 12


def _summary_counts(collection: Collection) -> list[tuple[str, str, int]]:
    result = collection.result
    counts = [
        ("files", Text("分发文件", "Files distributed"), len(collection.manifest.files)),
        ("files", Text("已收回", "Returned"),
         len({o.file_id for o in collection.outcomes if o.status in ("returned", "migrated", "duplicate")})),
        ("files", Text("未收回", "Not returned"), len(collection.missing)),
        ("files", Text("未采用的文件", "Files not used"), len(collection.rejected)),
        ("rows_in", Text("收回行数", "Rows returned"), result.rows_in),
        ("unchanged", Text("未改动", "Unchanged"), result.unchanged),
        ("new", Text("新增", "New"), len(result.new_rows)),
        ("changed", Text("修改的行", "Changed rows"), result.changed_rows),
        ("deleted", Text("删除（已标记）", "Deleted (flagged)"), len(result.deleted)),
        ("conflicts", Text("冲突", "Conflicts"), len(result.conflicts)),
        ("invalid", Text("无效", "Invalid"), len(result.invalid)),
        ("rows_out", Text("新总表行数", "Rows in new master"), collection.rows_out),
    ]  # fmt: skip
    language = collection.master.language
    return [(key, label(language), n) for key, label, n in counts]
