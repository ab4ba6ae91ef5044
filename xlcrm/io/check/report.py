"""Write ``xlcrm check --out``: the user's workbook, marked up, plus Issues and Changes sheets.

Problem cells are painted (red for errors, yellow for warnings) and carry a note with the
message and the suggestion. With ``--fix`` the unambiguous fixes are written into the
cells, which turn green; tidied values (a phone reformatted, a text date made a real date)
turn pale green without a note, and every change is listed with before and after in the
Changes sheet. The copy is made by :func:`~xlcrm.io.copies.write_copy`, so nothing
else in the workbook changes, and a second run replaces the first run's marks and sheets.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xlcrm.core.check.table import CheckResult, display
from xlcrm.core.values.findings import Severity
from xlcrm.io.copies import write_copy
from xlcrm.io.reader import SheetTable
from xlcrm.text import Text
from xlcrm.xlsx import CellPatch, PatchSummary, WorkbookPatch, cell_location

ERROR_FILL = "FFFFC7CE"  # Excel's own "light red fill"
WARNING_FILL = "FFFFEB9C"  # Excel's "yellow fill"
FIXED_FILL = "FFC6EFCE"  # Excel's "green fill": a problem xlcrm fixed
TIDIED_FILL = "FFEBF6EE"  # paler green: a valid value written in its standard form

# Excel and LibreOffice slow down with many notes (LibreOffice: about 2 ms each to open),
# so past this many only the fill marks a cell; the Issues sheet still lists every one.
MAX_NOTES = 5000
_NOTE_PRIORITY = {ERROR_FILL: 0, WARNING_FILL: 1, FIXED_FILL: 2}

ISSUES_TITLE = Text("问题清单", "Issues")
CHANGES_TITLE = Text("修改记录", "Changes")
SHEET_TITLES = (ISSUES_TITLE, CHANGES_TITLE)  # sheets that quote the data sheet's rows
_ROW, _COLUMN, _HEADER = Text("行", "Row"), Text("列", "Column"), Text("表头", "Header")
_CODE, _SEVERITY = Text("代码", "Code"), Text("级别", "Severity")
ISSUE_HEADERS = (
    _ROW, _COLUMN, _HEADER, Text("值", "Value"), _SEVERITY, _CODE, Text("问题", "Problem"),
    Text("建议", "Suggestion"), Text.same(""), _CODE, _SEVERITY, Text("数量", "Count"),
)  # fmt: skip
CHANGE_HEADERS = (
    _ROW, _COLUMN, _HEADER, Text("原值", "Before"), Text("新值", "After"), Text("原因", "Reason"),
)  # fmt: skip
SEVERITY_LABELS = {"error": Text("错误", "error"), "warning": Text("警告", "warning")}
TIDIED = Text("格式整理", "standard form")


def write_check_workbook(
    table: SheetTable,
    result: CheckResult,
    dst: Path,
    *,
    fix: bool,
    password: str | None = None,
) -> PatchSummary:
    """Write the marked-up copy of ``table``'s workbook to ``dst``.

    A password-protected workbook is marked up in a decrypted temporary copy, and the
    result is encrypted again with the same password: the copy is no less protected.
    """
    return write_copy(
        table,
        dst,
        lambda patch, sheet: _mark_up(patch, sheet, table, result, fix),
        password=password,
    )


def _mark_up(
    patch: WorkbookPatch, sheet: str, table: SheetTable, result: CheckResult, fix: bool
) -> None:
    patch.clear_marks(sheet)
    patch.patch_cells(sheet, _cell_patches(table, result, fix))
    patch.add_sheet(
        ISSUES_TITLE(table.language),
        _issue_rows(table, result),
        column_widths=[7, 6, 14, 22, 7, 22, 48, 24, 3, 22, 7, 7],
        hyperlinks=_issue_links(table, result, sheet),
        tab_color="FFC00000",
    )
    if fix:
        patch.add_sheet(
            CHANGES_TITLE(table.language),
            _change_rows(table, result),
            column_widths=[7, 6, 14, 24, 24, 40],
            hyperlinks=_change_links(table, result, sheet),
            tab_color="FF00B050",
        )


def _positions(table: SheetTable) -> dict[str, int]:
    """Field → 1-based column number in the sheet."""
    return {c.field: c.position + 1 for c in table.columns if c.field is not None}


def _letters(table: SheetTable) -> dict[str, str]:
    return {c.field: c.letter for c in table.columns if c.field is not None}


def _cell_patches(
    table: SheetTable, result: CheckResult, fix: bool
) -> dict[tuple[int, int], CellPatch]:
    columns = _positions(table)
    notes: dict[tuple[int, int], list[str]] = {}
    worst: dict[tuple[int, int], str] = {}
    for issue in result.issues.itertuples(index=False):
        key = (int(issue.row), columns[str(issue.field)])
        text = str(issue.message)
        if issue.suggestion:
            text += f"\n建议 Suggestion: {issue.suggestion}"
        notes.setdefault(key, []).append(text)
        if worst.get(key) != Severity.ERROR.value:
            worst[key] = str(issue.severity)
    patches = {
        key: CellPatch(
            fill=ERROR_FILL if worst[key] == Severity.ERROR.value else WARNING_FILL,
            comment="\n\n".join(texts),
        )
        for key, texts in notes.items()
    }
    if fix:
        for change in result.changes.itertuples(index=False):
            key = (int(change.row), columns[str(change.field)])
            if change.code is None:
                patches[key] = CellPatch(value=change.after, fill=TIDIED_FILL)
            else:
                before = display(change.before)
                patches[key] = CellPatch(
                    value=change.after,
                    fill=FIXED_FILL,
                    comment=f"xlcrm 已修正，原值 / fixed, was: {before}",
                )
    return _cap_notes(patches)


def _cap_notes(patches: dict[tuple[int, int], CellPatch]) -> dict[tuple[int, int], CellPatch]:
    """Keep at most MAX_NOTES notes: errors first, then warnings, then fixes, by row."""
    noted = [key for key, patch in patches.items() if patch.comment is not None]
    if len(noted) <= MAX_NOTES:
        return patches
    noted.sort(key=lambda key: (_NOTE_PRIORITY.get(patches[key].fill or "", 3), key))
    for key in noted[MAX_NOTES:]:
        patches[key] = dataclasses.replace(patches[key], comment=None)
    return patches


def _issue_rows(table: SheetTable, result: CheckResult) -> Iterator[list[Any]]:
    language = table.language
    letters = _letters(table)
    severities = {key: label(language) for key, label in SEVERITY_LABELS.items()}
    counts = _code_counts(result, severities)
    yield [header(language) for header in ISSUE_HEADERS]
    for index, issue in enumerate(result.issues.itertuples(index=False)):
        side = counts[index] if index < len(counts) else ["", "", ""]
        yield [
            int(issue.row),
            letters[str(issue.field)],
            issue.header,
            issue.value,
            severities[str(issue.severity)],
            issue.code,
            issue.message,
            issue.suggestion or "",
            "",
            *side,
        ]
    for side in counts[len(result.issues) :]:
        yield ["", "", "", "", "", "", "", "", "", *side]


def _code_counts(result: CheckResult, severities: dict[str, str]) -> list[list[Any]]:
    """The small table beside the issues: how many of each code, errors first."""
    counted = Counter(zip(result.issues["code"], result.issues["severity"], strict=True))
    rows = sorted(counted.items(), key=lambda item: (item[0][1] != "error", -item[1], item[0][0]))
    return [[code, severities[severity], n] for (code, severity), n in rows]


def _issue_links(table: SheetTable, result: CheckResult, sheet: str) -> dict[tuple[int, int], str]:
    columns = _positions(table)
    return {
        (index + 2, 1): cell_location(sheet, int(issue.row), columns[str(issue.field)])
        for index, issue in enumerate(result.issues.itertuples(index=False))
    }


def _change_rows(table: SheetTable, result: CheckResult) -> Iterator[list[Any]]:
    language = table.language
    letters = _letters(table)
    messages = {
        (int(i.row), str(i.field), str(i.code)): str(i.message)
        for i in result.issues.itertuples(index=False)
    }
    yield [header(language) for header in CHANGE_HEADERS]
    for change in result.changes.itertuples(index=False):
        key = (int(change.row), str(change.field), str(change.code))
        reason = messages.get(key, TIDIED(language))
        yield [
            int(change.row),
            letters[str(change.field)],
            change.header,
            display(change.before),
            display(change.after),
            reason,
        ]


def _change_links(table: SheetTable, result: CheckResult, sheet: str) -> dict[tuple[int, int], str]:
    columns = _positions(table)
    return {
        (index + 2, 1): cell_location(sheet, int(change.row), columns[str(change.field)])
        for index, change in enumerate(result.changes.itertuples(index=False))
    }
