"""The password-protected archive workbook that retention's ``archive`` rules move rows to.

One archive per workbook, ``NAME.archive.xlsx`` beside it unless the user names another:
each run decrypts it (when it exists), appends the moved rows under the same headers with
the rule, legal basis, time and original row number, and encrypts it again with Excel's
own file encryption (:mod:`xlcrm.io.passwords`). The plain archive only ever exists in
memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm.errors import XlcrmError
from xlcrm.io import written
from xlcrm.io.passwords import decrypted, open_office
from xlcrm.io.reader import SheetTable
from xlcrm.io.writer import default_output_path, save_atomically
from xlcrm.schema import normalize_header
from xlcrm.text import Text

ARCHIVE_SHEET = Text("归档", "Archive")
EXTRA_HEADERS = (
    Text("归档规则", "Archived by rule"),
    Text("法律依据", "Legal basis"),
    Text("归档时间", "Archived at"),
    Text("原行号", "Original row"),
)


def default_archive_path(workbook: Path) -> Path:
    """``NAME.archive.xlsx`` beside the workbook."""
    return default_output_path(workbook, "archive").with_suffix(".xlsx")


def check_password(path: Path, password: str | None) -> None:
    """Raise a clear error unless ``password`` opens the encrypted workbook at ``path``."""
    if password is None:
        raise XlcrmError("retention_password_missing", name=path.name)
    try:
        with path.open("rb") as handle:
            office = open_office(handle, path.name)
            office.load_key(password=password, verify_password=True)
    except XlcrmError:
        raise
    except Exception:  # msoffcrypto raises several types for a wrong key
        raise XlcrmError("retention_password_wrong", name=path.name) from None


def append_to_archive(
    archive: Path,
    password: str,
    table: SheetTable,
    moves: Sequence[tuple[int, str, str]],
    *,
    when: str,
) -> int:
    """Append the rows ``moves`` = (Excel row, rule, basis) of ``table`` to the archive."""
    if not moves:
        return 0
    language = table.language
    extra_headers = [header(language) for header in EXTRA_HEADERS]
    if archive.exists():
        check_password(archive, password)
        workbook = openpyxl.load_workbook(decrypted(archive, password))  # in memory only
        ws = workbook.worksheets[0]
        headers = [c.value for c in ws[1]]
    else:
        workbook = openpyxl.Workbook()
        ws = workbook.active
        assert ws is not None
        ws.title = ARCHIVE_SHEET(language)
        headers = [*(c.header for c in table.columns), *extra_headers]
        ws.append(headers)
    positions = _positions(ws, headers, [c.header for c in table.columns])
    extra = _positions(ws, headers, extra_headers)
    there = _archived(ws, [*positions, extra[0], extra[3]])
    for row, rule, basis in moves:
        cells: dict[int, object] = {}
        for column, position in zip(table.columns, positions, strict=True):
            cells[position] = table.df.at[row, column.key]
        for position, value in zip(extra, (rule, basis, when, row), strict=True):
            cells[position] = value
        key = _row_key([cells.get(i) for i in (*positions, extra[0], extra[3])])
        if key in there:
            continue  # archived by a run that was stopped before the workbook was written
        ws.append([cells.get(i) for i in range(1, max(cells) + 1)])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime | dt.date):
                cell.number_format = "yyyy-mm-dd"
    _widen(ws)
    save_atomically(workbook, archive, password=password, kind=written.ARCHIVE)
    return len(moves)


def _archived(ws: Worksheet, columns: list[int]) -> set[tuple[str, ...]]:
    """The records already in the archive: their values, rule and original row."""
    rows = ws.iter_rows(min_row=2, values_only=True)
    return {_row_key([r[c - 1] if c - 1 < len(r) else None for c in columns]) for r in rows}


def _row_key(values: Sequence[object]) -> tuple[str, ...]:
    """Values as compared across a save and a load: dates by day, whole floats as ints."""
    key = []
    for value in values:
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()[:10]
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        blank = value is None or value != value  # NaN is not equal to itself
        key.append("" if blank else str(value).strip())
    return tuple(key)


def _widen(ws: Worksheet) -> None:
    """Readable columns and a frozen header, as in the templates."""
    ws.freeze_panes = "A2"
    for cells in ws.iter_cols(min_row=1, max_row=1):
        letter = cells[0].column_letter
        if ws.column_dimensions[letter].width in (None, 13.0):  # not set by a person
            ws.column_dimensions[letter].width = 16


def _positions(ws: Worksheet, headers: list[object], wanted: list[str]) -> list[int]:
    """1-based columns of ``wanted`` in the header row; missing headers are added at its end."""
    index = {normalize_header(h): i + 1 for i, h in enumerate(headers) if h is not None}
    positions = []
    for text in wanted:
        key = normalize_header(text)
        if key not in index:
            headers.append(text)
            index[key] = len(headers)
            ws.cell(1, len(headers)).value = text
        positions.append(index[key])
    return positions
