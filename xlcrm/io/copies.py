"""The one writer of marked-up copies of the user's workbook: :func:`write_copy`.

Every copy an action marks up (check, tier, summary, dedupe, merge, unmerge, review, the
collected master) is written here, by the streaming patcher
(:class:`xlcrm.xlsx.WorkbookPatch`) over a plain .xlsx/.xlsm package, whatever the input:

* a CSV becomes a workbook first (a CSV cannot carry marks);
* a password-protected workbook is worked on in a decrypted temporary copy, and the
  result is encrypted again with the same password, so the copy is no less protected
  than the original;
* the output path passes :func:`~xlcrm.io.writer.check_output_path` (never the input,
  an existing folder, a workbook's suffix, not open in Excel), unless the caller asked
  for ``in_place`` (having made a backup): the copy is then written beside the input
  and moved over it once complete;
* the file appears atomically: a temporary file, then a rename.

The temporary folder is removed whatever happens. :func:`open_patch` is the patcher over
a file that passed the reader's checks, for the one writer that cannot use
:func:`write_copy`: ``xlcrm encrypt|decrypt`` decides only after saving whether the copy
is kept (a formula other cells need stops it; decrypting nothing writes nothing).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from xlcrm.errors import UnsupportedFormatError
from xlcrm.io.passwords import decrypt_to, encrypt_to, is_encrypted
from xlcrm.io.reader import SheetTable
from xlcrm.io.sources import open_source
from xlcrm.io.writer import check_output_path, edit_copy
from xlcrm.xlsx import PatchSummary, WorkbookPatch, replace_atomically

Build = Callable[[WorkbookPatch, str], object]
"""Edits a copy: ``build(patch, sheet)``, ``sheet`` being the table's sheet in the copy."""


def open_patch(path: Path) -> WorkbookPatch:
    """The patcher over the workbook at ``path``; a file the reader refuses is refused the same
    way (missing, encrypted, not a workbook ...), and a CSV, which cannot carry marks."""
    if open_source(path).kind == "csv":
        raise UnsupportedFormatError("csv_cannot_carry_marks", name=path.name)
    return WorkbookPatch(path)


def write_copy(
    table: SheetTable,
    dst: Path,
    build: Build,
    *,
    password: str | None = None,
    in_place: bool = False,
    compresslevel: int = 6,
) -> PatchSummary:
    """Write a copy of ``table``'s workbook, edited by ``build(patch, sheet)``, to ``dst``.

    ``password`` is the input's file password, if it has one: the copy gets it too.
    ``dst`` may be the input itself only with ``in_place`` (the caller took a backup).
    ``compresslevel`` is zlib's (see :meth:`WorkbookPatch.save`).
    """
    dst = Path(dst)
    if in_place and dst.resolve() == table.path.resolve():
        staging = dst.with_name(f".xlcrm-{dst.stem}.inplace{dst.suffix}")
        try:
            summary = write_copy(
                table, staging, build, password=password, compresslevel=compresslevel
            )
            os.replace(staging, dst)
        finally:
            staging.unlink(missing_ok=True)
        return summary
    check_output_path(dst, table.path)
    encrypted = table.source_kind != "csv" and password is not None and is_encrypted(table.path)
    with tempfile.TemporaryDirectory(prefix="xlcrm-") as folder:
        src = table.path
        if table.source_kind == "csv":
            src = Path(folder) / f"{table.path.stem}.xlsx"
            with edit_copy(table.path, src):
                pass
        elif encrypted:
            src = decrypt_to(table.path, Path(folder) / f"plain{dst.suffix}", password or "")
        target = Path(folder) / f"marked{dst.suffix}" if encrypted else dst
        summary = _patched(src, target, table, build, compresslevel)
        if encrypted:
            replace_atomically(dst, lambda temp: encrypt_to(target, temp, password or ""))
        return summary


def _patched(
    src: Path, target: Path, table: SheetTable, build: Build, compresslevel: int
) -> PatchSummary:
    """Patch ``src`` (a plain workbook) into ``target``."""
    patch = open_patch(src)
    try:
        sheet = table.sheet if table.source_kind != "csv" else patch.sheet_names()[0]
        build(patch, sheet)
        return patch.save(target, compresslevel=compresslevel)
    finally:
        patch.close()
