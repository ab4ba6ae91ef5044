"""Write results without losing what the user had.

Every file is written by :func:`replace_atomically`: a temporary file beside the
target, flushed to disk, then renamed; recorded in the manifest of written files
(:mod:`xlcrm.io.written`); and, when it replaces a workbook an in-place run holds the lock
of, checked to be still the workbook the run read (:mod:`xlcrm.io.lock`).

Results always go to a copy: :func:`edit_copy` loads the workbook with openpyxl (keeping
the VBA project of an ``.xlsm`` and external links), lets the caller add sheets or
columns, and saves to a temporary file that replaces the target only once it is
complete, so a crash never leaves half a workbook. Styles, data validation, conditional
formats, defined names, tables, comments and charts survive the round trip; the input
file is never opened for writing.

:func:`write_rows` is the fast path for new result workbooks (openpyxl write-only), and
:func:`check_output_path` the rule every output path passes: never the input, in a
folder that exists, a workbook's suffix, not open in Excel.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from xlcrm.errors import FileLockedError, XlcrmError
from xlcrm.io import written
from xlcrm.io.lock import held, process_running
from xlcrm.io.passwords import decrypted, encrypt_to, is_encrypted
from xlcrm.io.sources import Source, open_source
from xlcrm.xlsx import replace_atomically as replace_file
from xlcrm.xlsx import safe_title, sweep_temp_files

# safe_title is the patcher's (xlcrm.xlsx), named here too because io modules write files
# through this one.
__all__ = [
    "check_output_path",
    "default_output_path",
    "edit_copy",
    "load_for_edit",
    "output_suffix",
    "replace_atomically",
    "replace_sheet",
    "safe_title",
    "save_atomically",
    "save_workbook",
    "write_rows",
]


def output_suffix(src: Path) -> str:
    """A copy keeps macros only in an .xlsm; a CSV's results become an .xlsx."""
    return ".xlsm" if src.suffix.lower() == ".xlsm" else ".xlsx"


def default_output_path(src: Path, action: str) -> Path:
    """Where an action's copy goes when the user gives no --out: beside the input."""
    return src.with_name(f"{src.stem}.{action}{output_suffix(src)}")


def check_output_path(dst: Path, src: Path | None = None) -> Path:
    """Refuse targets that would overwrite the input, sit in a missing folder, or are open."""
    dst = Path(dst)
    if src is not None and dst.resolve() == Path(src).resolve():
        raise XlcrmError("output_overwrites_input", name=dst.name)
    if not dst.parent.is_dir():
        raise XlcrmError("output_folder_missing", folder=dst.parent)
    if dst.suffix.lower() not in (".xlsx", ".xlsm"):
        raise XlcrmError("output_not_a_workbook", name=dst.name)
    if dst.with_name("~$" + dst.name).exists():
        raise FileLockedError("output_open_in_excel", name=dst.name)
    return dst


def load_for_edit(source: Source, password: str | None = None) -> Workbook:
    """An openpyxl workbook of the input, ready to be changed and saved as a copy.

    A password-protected input (give its ``password``) is decrypted in memory only.
    """
    if source.kind == "csv":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = safe_title(source.sheet_names[0])
        for row in source.grid(source.sheet_names[0]):
            sheet.append(list(row))
        return workbook
    data: Path | BinaryIO = source.path
    if password is not None and is_encrypted(source.path):
        data = decrypted(source.path, password)
    try:
        return openpyxl.load_workbook(
            data, keep_vba=source.kind == "xlsm", keep_links=True, rich_text=True
        )
    except PermissionError:
        raise FileLockedError("input_locked_for_edit", name=source.path.name) from None


@contextmanager
def edit_copy(src: Path | str, dst: Path | str) -> Iterator[Workbook]:
    """Yield the input as an openpyxl workbook; on success save it to ``dst`` atomically."""
    src, dst = Path(src), Path(dst)
    check_output_path(dst, src)
    workbook = load_for_edit(open_source(src))
    yield workbook
    save_atomically(workbook, dst)


def replace_atomically(
    dst: Path, write: Callable[[Path], None], *, kind: str = written.OUTPUT
) -> None:
    """Every file io writes: through a temporary file beside it (fsync, rename), recorded in
    the manifest of written files, and, over a workbook this run holds the lock of, only if
    it is still the one the run read (:meth:`xlcrm.io.lock.WorkbookLock.commit`)."""

    def note(temp: Path) -> None:
        written.record(dst, temp, kind)

    lock = held(dst)
    if lock is not None:
        lock.commit(write, also=note)
    else:
        replace_file(dst, write, before_replace=note)


def sweep_stale_files(workbook: Path) -> list[Path]:
    """Remove the temporary files killed runs left beside ``workbook`` and its backups."""
    folder = workbook.resolve().parent
    removed: list[Path] = []
    for place in (folder, folder / ".xlcrm" / "backups", folder / ".xlcrm"):
        removed += sweep_temp_files(place, process_running)
    return removed


def save_atomically(
    workbook: Workbook, dst: Path, *, password: str | None = None, kind: str = written.OUTPUT
) -> None:
    """Save an openpyxl workbook to ``dst`` through :func:`replace_atomically`; with a
    ``password``, encrypted with it (the plain workbook only ever in memory)."""
    if password is None:
        replace_atomically(dst, lambda temp: save_workbook(workbook, temp), kind=kind)
        return
    plain = io.BytesIO()
    save_workbook(workbook, plain)
    replace_atomically(dst, lambda temp: encrypt_to(plain, temp, password), kind=kind)


class _SheetsInMemory(ExcelWriter):
    """openpyxl's writer with each sheet's XML made in memory.

    openpyxl writes every sheet to a file in the system's temporary folder first, and a
    run stopped there leaves that file, a plain copy of the sheet; a copy of a
    password-protected workbook or archive must never be on disk in clear.
    """

    def write_worksheet(self, ws: Worksheet) -> None:
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_workbook(workbook: Workbook, target: Path | BinaryIO) -> None:
    """Save an openpyxl workbook into ``target`` (a file, or a stream in memory), as
    ``Workbook.save`` does but without its temporary files."""
    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _SheetsInMemory(workbook, archive).save()


def replace_sheet(workbook: Workbook, title: str, *, after: str | None = None) -> Worksheet:
    """A fresh sheet called ``title``; one left by an earlier run is replaced in place.

    Replacing rather than adding "Issues1", "Issues2" keeps re-runs from stacking sheets.
    """
    title = safe_title(title)
    position: int | None = None
    if title in workbook.sheetnames:
        position = workbook.sheetnames.index(title)
        del workbook[title]
    elif after is not None and after in workbook.sheetnames:
        position = workbook.sheetnames.index(after) + 1
    return workbook.create_sheet(title, position)


def write_rows(
    path: Path | str,
    sheets: Sequence[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]],
) -> Path:
    """A new workbook of plain tables: (title, header, rows) per sheet, written streaming."""
    path = check_output_path(Path(path))
    workbook = openpyxl.Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(safe_title(title))
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    save_atomically(workbook, path)
    return path
