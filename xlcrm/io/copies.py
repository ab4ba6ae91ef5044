"""Write a marked-up copy of any input the reader accepts: a workbook, an encrypted one, a CSV.

The fast patcher (:class:`xlcrm.xlsx.patch.WorkbookPatch`) edits a plain .xlsx/.xlsm
package. :func:`patched_copy` gives it one: a CSV becomes a workbook first (it cannot
carry marks), and a password-protected workbook is worked on in a decrypted temporary
copy whose result is encrypted again with the same password, so the copy is no less
protected than the original. The temporary folder is removed whatever happens.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from xlcrm.io.passwords import decrypt_to, encrypt_to, is_encrypted
from xlcrm.io.reader import SheetTable
from xlcrm.io.writer import check_output_path, edit_copy, replace_atomically

T = TypeVar("T")


def patched_copy(
    table: SheetTable,
    dst: Path,
    work: Callable[[Path, Path], T],
    *,
    password: str | None = None,
    in_place: bool = False,
) -> T:
    """Run ``work(src, target)`` on a plain copy of ``table``'s file; its result lands at ``dst``.

    ``dst`` may be the input itself only with ``in_place`` (the caller took a backup): the
    copy is then written beside it and moved over it once complete.
    """
    dst = Path(dst)
    if in_place and dst.resolve() == table.path.resolve():
        staging = dst.with_name(f".xlcrm-{dst.stem}.inplace{dst.suffix}")
        try:
            result = patched_copy(table, staging, work, password=password)
            os.replace(staging, dst)
        finally:
            staging.unlink(missing_ok=True)
        return result
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
        result = work(src, target)
        if encrypted:
            replace_atomically(dst, lambda temp: encrypt_to(target, temp, password or ""))
        return result
