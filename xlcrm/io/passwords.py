"""Workbook passwords as Excel itself uses them ("Encrypt with password", agile encryption).

msoffcrypto-tool reads and writes the encrypted OLE container Excel produces, so a file
xlcrm encrypts opens in Excel with the same password, and vice versa.
"""

from __future__ import annotations

from pathlib import Path

from msoffcrypto import OfficeFile
from msoffcrypto.format.ooxml import OOXMLFile

from xlcrm.io.sources import OLE_MAGIC


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is a password-encrypted workbook (an OLE container that says so)."""
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) != OLE_MAGIC:
            return False
        handle.seek(0)
        return bool(OfficeFile(handle).is_encrypted())


def decrypt_to(src: Path, dst: Path, password: str) -> Path:
    """Write the decrypted workbook of ``src`` to ``dst`` (the caller checked the password)."""
    with src.open("rb") as handle, dst.open("wb") as out:
        office = OfficeFile(handle)
        office.load_key(password=password)
        office.decrypt(out)
    return dst


def encrypt_to(src: Path, dst: Path, password: str) -> None:
    """Write ``src`` (a plain .xlsx/.xlsm) to ``dst`` encrypted with ``password``."""
    with src.open("rb") as handle, dst.open("wb") as out:
        OOXMLFile(handle).encrypt(password, out)
