"""The one writer of marked-up copies of the user's workbook: :func:`write_copy`.

Every copy an action marks up (check, tier, summary, dedupe, merge, unmerge, review, the
collected master) is written here, by the streaming patcher
(:class:`xlcrm.xlsx.WorkbookPatch`) over a plain .xlsx/.xlsm package, whatever the input:

* a CSV becomes a workbook first, in memory (a CSV cannot carry marks);
* a password-protected workbook is decrypted in memory, never on disk, and the result
  is encrypted again with the same password before it is written, so the copy is no less
  protected than the original and no plaintext of it ever reaches the disk;
* the output path passes :func:`~xlcrm.io.writer.check_output_path` (never the input,
  an existing folder, a workbook's suffix, not open in Excel), unless the caller asked
  for ``in_place`` (having made a backup): the input is then replaced under its lock,
  only if it is still the workbook that was read (:mod:`xlcrm.io.lock`);
* the file appears atomically (:func:`xlcrm.io.writer.replace_atomically`): a temporary
  file beside it, flushed to disk, then renamed; and it is recorded in the manifest of
  written files.

:func:`open_patch` is the patcher over a file that passed the reader's checks, for the
one writer that cannot use :func:`write_copy`: ``xlcrm encrypt|decrypt`` decides only
after saving whether the copy is kept (a formula other cells need stops it; decrypting
nothing writes nothing).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from xlcrm.errors import UnsupportedFormatError
from xlcrm.io.anchors import stamp
from xlcrm.io.passwords import decrypted, encrypt_to, is_encrypted
from xlcrm.io.reader import SheetTable
from xlcrm.io.sources import open_source
from xlcrm.io.writer import check_output_path, load_for_edit, replace_atomically, save_workbook
from xlcrm.xlsx import PatchSummary, WorkbookPatch

Build = Callable[[WorkbookPatch, str], object]
"""Edits a copy: ``build(patch, sheet)``, ``sheet`` being the table's sheet in the copy."""


def open_patch(path: Path, plain: BinaryIO | None = None) -> WorkbookPatch:
    """The patcher over the workbook at ``path`` (or over ``plain``, its decrypted bytes);
    a file the reader refuses is refused the same way (missing, encrypted, not a workbook
    ...), and a CSV, which cannot carry marks."""
    if plain is not None:
        return WorkbookPatch(plain, name=path.name)
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
    if not (in_place and dst.resolve() == table.path.resolve()):
        check_output_path(dst, table.path)
    encrypted = table.source_kind != "csv" and password is not None and is_encrypted(table.path)
    plain: BinaryIO | None = None
    if table.source_kind == "csv":
        plain = io.BytesIO()
        save_workbook(load_for_edit(open_source(table.path)), plain)
    elif encrypted:
        plain = decrypted(table.path, password or "")
    summaries: list[PatchSummary] = []

    def write(temp: Path) -> None:
        patch = open_patch(table.path, plain)
        try:
            sheet = table.sheet if table.source_kind != "csv" else patch.sheet_names()[0]
            build(patch, sheet)
            stamp(patch, dst)  # in place: the audit entry of this change, as an anchor
            if not encrypted:
                summaries.append(
                    patch.save_to(temp, suffix=dst.suffix, compresslevel=compresslevel)
                )
                return
            marked = io.BytesIO()
            summaries.append(patch.save_to(marked, suffix=dst.suffix, compresslevel=compresslevel))
            encrypt_to(marked, temp, password or "")
        finally:
            patch.close()

    replace_atomically(dst, write)
    return summaries[0]
