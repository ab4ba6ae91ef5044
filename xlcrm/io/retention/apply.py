"""Apply a retention plan to a workbook: remove, anonymise and restrict rows (openpyxl).

Removing rows needs the sheet rewritten, which the streaming patcher cannot do, so this
loads the workbook with openpyxl (:func:`xlcrm.io.writer.load_for_edit`) and saves it
atomically. Rows are removed as Excel's "Delete rows" would (:mod:`xlcrm.io.retention.rows`).

What moves with the rows: values, styles, notes, hyperlinks, and this sheet's row
references in formulas. What does not: merged ranges, data validation and
conditional-format ranges, row heights, an Excel table's range (they are sized for the
template's empty rows) and other sheets' formulas that point into this sheet.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm.core.retention.plan import RetentionPlan
from xlcrm.core.retention.rules import ANONYMISE, ARCHIVE, DESTROY
from xlcrm.io.reader import SheetTable
from xlcrm.io.retention.rows import remove_rows
from xlcrm.io.sources import open_source
from xlcrm.io.writer import load_for_edit, replace_sheet, save_atomically
from xlcrm.schema import PERSONAL_FIELDS, normalize_header
from xlcrm.text import Text

# Free text often holds personal details ("call Mr Wang at home"), so notes go too.
ANONYMISED_FIELDS = (*PERSONAL_FIELDS, "notes")
ANONYMISED_NAME = Text("（已匿名）", "(anonymised)")
RESTRICTED = Text("受限", "Restricted")
DESTRUCTION_SHEET = Text("销毁记录", "Destruction log")
DESTRUCTION_HEADERS = (
    Text("记录号", "Record no."), Text("时间", "Time"), Text("销毁方式", "Method"),
    Text("原因", "Reason"), Text("法律依据", "Legal basis"), Text("规则", "Rule"),
    Text("记录数", "Records"), Text("编号哈希（加盐 SHA-256）", "Id hashes (salted SHA-256)"),
    Text("盐", "Salt"), Text("操作人", "Operator"), Text("监销人", "Witness"),
    Text("批准人", "Approver"), Text("已清除的文件", "Files scrubbed"),
)  # fmt: skip


@dataclass(frozen=True)
class DestructionRecord:
    """One destroy rule's record: what the 销毁记录 sheet and the log file hold (no personal data)."""

    record_no: int
    time: str
    method: str
    reason: str
    basis: str
    rule: str
    count: int
    id_hashes: tuple[str, ...]
    salt: str
    operator: str
    witness: str
    approver: str
    files_scrubbed: tuple[str, ...] = ()

    def row(self) -> list[Any]:
        return [
            self.record_no, self.time, self.method, self.reason, self.basis, self.rule,
            self.count, " ".join(self.id_hashes), self.salt, self.operator, self.witness,
            self.approver, "; ".join(self.files_scrubbed),
        ]  # fmt: skip


def _column_numbers(table: SheetTable, fields: Sequence[str]) -> list[int]:
    return [c.position + 1 for c in table.columns if c.field in fields]


def anonymise_rows(ws: Worksheet, table: SheetTable, rows: Iterable[int]) -> int:
    """Blank the personal fields (and notes) of ``rows``; the name says it was anonymised."""
    columns = _column_numbers(table, ANONYMISED_FIELDS)
    name = table.column_for("name")
    anonymised = ANONYMISED_NAME(table.language)
    count = 0
    for row in rows:
        count += 1
        for column in columns:
            ws.cell(row, column).value = None
        if name is not None:
            ws.cell(row, name.position + 1).value = anonymised
    return count


def mark_restricted(ws: Worksheet, table: SheetTable, rows: Iterable[int]) -> int:
    """Write 受限/Restricted in a flag column (added after the last one when missing)."""
    rows = list(rows)
    if not rows:
        return 0
    header = table.header_row
    wanted = {normalize_header(t) for t in (RESTRICTED.zh, RESTRICTED.en)}
    column = next(
        (c.position + 1 for c in table.columns if normalize_header(c.header) in wanted), None
    )
    flag = RESTRICTED(table.language)
    if column is None:
        column = len(table.columns) + 1
        ws.cell(header, column).value = flag
    for row in rows:
        ws.cell(row, column).value = flag
    return len(rows)


def append_destruction_sheet(
    workbook: Workbook, language: str, records: Sequence[DestructionRecord], after: str
) -> None:
    """Add this run's records to the 销毁记录 sheet, keeping the rows earlier runs wrote."""
    title = DESTRUCTION_SHEET(language)
    old: list[list[Any]] = []
    if title in workbook.sheetnames:
        old = [list(r) for r in workbook[title].iter_rows(min_row=2, values_only=True)]
    ws = replace_sheet(workbook, title, after=after)
    ws.append([header(language) for header in DESTRUCTION_HEADERS])
    for row in old:
        ws.append(row)
    for record in records:
        ws.append(record.row())
    ws.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLM", (8, 22, 30, 30, 30, 16, 8, 40, 20, 10, 10, 10, 40), strict=True
    ):
        ws.column_dimensions[letter].width = width


def apply_to_workbook(
    table: SheetTable,
    plan: RetentionPlan,
    dst: Path,
    *,
    records: Sequence[DestructionRecord] = (),
    scrubbed_backup: Path | None = None,
    other_sheets: Mapping[str, Sequence[int]] | None = None,
) -> Mapping[str, int]:
    """Write ``table``'s workbook with the plan applied to ``dst`` (may be the input itself).

    The whole workbook is loaded before the atomic save, so ``dst`` may equal the input.
    With ``scrubbed_backup`` (the backup just taken, a copy of the input), the destroyed
    rows are removed first and that state is saved over the backup: one openpyxl load
    serves both files, which halves the time on a big sheet. ``other_sheets`` are the
    destroyed records' rows in the workbook's other sheets (sheet → Excel rows).
    """
    workbook = load_for_edit(open_source(table.path))
    for name, numbers in (other_sheets or {}).items():
        remove_rows(workbook[name], numbers)
    ws = workbook[table.sheet]
    destroyed = plan.rows(DESTROY)
    gone: list[int] = []
    if scrubbed_backup is not None and (destroyed or other_sheets):
        remove_rows(ws, destroyed)
        save_atomically(workbook, scrubbed_backup)
        gone = destroyed

    def now(row: int) -> int:  # where a row of the plan sits after ``gone`` was removed
        return row - bisect.bisect_left(gone, row)

    counts = {
        "anonymised": anonymise_rows(ws, table, map(now, plan.rows(ANONYMISE))),
        "restricted": mark_restricted(ws, table, map(now, plan.restricted)),
        "archived": len(plan.rows(ARCHIVE)),
        "destroyed": len(destroyed),
    }
    left = [*plan.rows(ARCHIVE), *([] if gone else destroyed)]
    remove_rows(ws, map(now, left))  # rows go last: the plan numbers the unchanged sheet
    if records:
        append_destruction_sheet(workbook, table.language, records, after=table.sheet)
    save_atomically(workbook, dst)
    return counts


def scrub_workbook(
    path: Path, rows: Mapping[str, Sequence[int]], *, password: str | None = None
) -> int:
    """Remove ``rows`` (sheet → Excel rows) from the copy at ``path`` and save it over itself.

    A copy with a file ``password`` is opened and saved encrypted, its plain bytes in memory.
    """
    if not any(rows.values()):
        return 0
    workbook = load_for_edit(open_source(path, password=password), password)
    removed = sum(remove_rows(workbook[sheet], numbers) for sheet, numbers in rows.items())
    save_atomically(workbook, path, password=password)
    return removed
