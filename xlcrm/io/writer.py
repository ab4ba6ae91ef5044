"""Write results without losing what the user had.

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

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm.errors import FileLockedError, XlcrmError
from xlcrm.io.sources import Source, open_source
from xlcrm.xlsx import replace_atomically, safe_title

# replace_atomically and safe_title are the patcher's (xlcrm.xlsx), named here too because
# io modules write files through this one.
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


def load_for_edit(source: Source) -> Workbook:
    """An openpyxl workbook of the input, ready to be changed and saved as a copy."""
    if source.kind == "csv":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = safe_title(source.sheet_names[0])
        for row in source.grid(source.sheet_names[0]):
            sheet.append(list(row))
        return workbook
    try:
        return openpyxl.load_workbook(
            source.path, keep_vba=source.kind == "xlsm", keep_links=True, rich_text=True
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


def save_atomically(workbook: Workbook, dst: Path) -> None:
    """Save an openpyxl workbook to ``dst`` through :func:`replace_atomically`."""
    replace_atomically(dst, lambda temp: workbook.save(temp))


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
