"""Workbook passwords as Excel itself uses them ("Encrypt with password", agile encryption).

msoffcrypto-tool reads and writes the encrypted OLE container Excel produces, so a file
xlcrm encrypts opens in Excel with the same password, and vice versa.

The plain workbook inside never touches the disk: :func:`decrypted` gives it in memory,
and :func:`encrypt_to` encrypts from memory (or a plain file) into the target. The cost of
the password's key stretching is read from the file, so :func:`open_office` refuses, before
any work, a file that asks for more rounds than Excel and xlcrm write (:data:`MAX_SPIN_COUNT`):
a hostile file cannot make a wrong password take minutes and gigabytes (:func:`xlcrm.io.sources.open_office`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from msoffcrypto import OfficeFile
from msoffcrypto.format.ooxml import OOXMLFile

from xlcrm.io.sources import MAX_SPIN_COUNT, OLE_MAGIC, open_office

__all__ = ["MAX_SPIN_COUNT", "decrypted", "encrypt_to", "is_encrypted", "open_office"]


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is a password-encrypted workbook (an OLE container that says so)."""
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) != OLE_MAGIC:
            return False
        handle.seek(0)
        return bool(OfficeFile(handle).is_encrypted())


def decrypted(src: Path, password: str) -> io.BytesIO:
    """The plain workbook inside ``src``, in memory (the caller checked the password)."""
    clear = io.BytesIO()
    with src.open("rb") as handle:
        office = open_office(handle, src.name)
        office.load_key(password=password)
        office.decrypt(clear)
    clear.seek(0)
    return clear


def encrypt_to(src: Path | IO[bytes], dst: Path, password: str) -> None:
    """Write ``src`` (a plain .xlsx/.xlsm, a file or in memory) to ``dst`` encrypted."""
    if isinstance(src, Path):
        with src.open("rb") as handle:
            data = io.BytesIO(handle.read())
    else:
        src.seek(0)
        data = io.BytesIO(src.read())
    with dst.open("wb") as out:
        OOXMLFile(data).encrypt(password, out)
