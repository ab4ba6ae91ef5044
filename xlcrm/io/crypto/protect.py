"""Whole-workbook passwords (``xlcrm protect|unprotect``) and the Settings sheet's lock.

``protect`` writes an encrypted copy that Excel opens with the password ("Encrypt with
password": msoffcrypto-tool's agile encryption, AES-256 with SHA-512 key stretching, via
:mod:`xlcrm.io.passwords`). When the workbook has a Settings sheet (设置/Settings), that
sheet is also protected with the same password, the way Excel's Review > Protect Sheet
does it (SHA-512, 100,000 rounds): its labels and keys are locked, while the value cells
the template leaves unlocked stay editable. ``unprotect`` removes both (the Settings
sheet's protection only when it was set with the same password).

Excel's sheet protection keeps honest people from slips, nothing more: anyone can strip
it from the XML. The file password is the real protection.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.io.backup import make_backup
from xlcrm.io.passwords import decrypted, encrypt_to, is_encrypted
from xlcrm.io.sources import ZIP_MAGIC, open_source
from xlcrm.io.writer import replace_atomically
from xlcrm.settings import SETTINGS_SHEET_NAMES

SPIN_COUNT = 100_000  # what Excel uses for sheet protection
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PROTECTION = re.compile(rb"<(?:\w+:)?sheetProtection\b[^>]*/>")
_AFTER = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_CALC_PR = re.compile(rb"<(?:\w+:)?sheetCalcPr\b[^>]*/>")


@dataclass
class ProtectRun:
    """What :func:`protect_workbook` or :func:`unprotect_workbook` did."""

    output: Path | None  # None: nothing to do, nothing written
    settings_sheet: str | None = None  # the sheet whose protection was added or removed
    already: bool = False  # protect: it had a password; unprotect: it had none


def protect_workbook(src: Path, dst: Path, password: str, *, keep: int = 10) -> ProtectRun:
    """Write ``src`` to ``dst`` encrypted with ``password`` (and its Settings sheet locked)."""
    _need(password)
    if src.is_file() and is_encrypted(src):
        return ProtectRun(output=None, already=True)
    open_source(src)  # the usual clear errors for a missing, damaged or unsupported file
    if not _is_zip(src):
        raise XlcrmError("protect_not_a_workbook", name=src.name)
    plain = io.BytesIO()  # the copy with its Settings sheet locked, in memory only
    sheet = _rewrite_settings(src, lambda xml: lock_sheet_xml(xml, password))(plain)
    _place(src, dst, lambda out: encrypt_to(plain, out, password), keep)
    return ProtectRun(output=dst, settings_sheet=sheet)


def unprotect_workbook(src: Path, dst: Path, password: str | None, *, keep: int = 10) -> ProtectRun:
    """Write ``src`` to ``dst`` without its password; a wrong password writes nothing."""
    open_source(src, password=password or None)  # PasswordRequiredError: none, or wrong
    if not is_encrypted(src):
        return ProtectRun(output=None, already=True)
    assert password  # open_source needed it
    plain = decrypted(src, password)  # in memory; only the output the user asked for is plain
    names: list[str | None] = []
    write = _rewrite_settings(plain, lambda xml: unlock_sheet_xml(xml, password))
    _place(src, dst, lambda out: names.append(write(out)), keep)
    return ProtectRun(output=dst, settings_sheet=names[0] if names else None)


def _need(password: str) -> None:
    if not password:
        raise PasswordRequiredError("protect_password_needed")


def _is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC


def _place(src: Path, dst: Path, write: Callable[[Path], None], keep: int) -> None:
    """Back up ``src`` when ``dst`` is ``src`` itself, then write ``dst`` atomically."""
    if dst.resolve() == src.resolve():
        make_backup(src, keep=keep)
    replace_atomically(dst, write)


# -- the Settings sheet's protection ---------------------------------------------------------


def sheet_password_hash(password: str, salt: bytes, spin_count: int = SPIN_COUNT) -> bytes:
    """ECMA-376's password hash for sheet protection (SHA-512 over salt + UTF-16LE)."""
    digest = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
    for index in range(spin_count):
        digest = hashlib.sha512(digest + index.to_bytes(4, "little")).digest()
    return digest


def lock_sheet_xml(xml: bytes, password: str) -> bytes:
    """The sheet XML with Excel's sheet protection set (replacing an earlier one)."""
    salt = os.urandom(16)
    digest = sheet_password_hash(password, salt)
    hashed, salted = base64.b64encode(digest).decode(), base64.b64encode(salt).decode()
    element = (
        f'<sheetProtection algorithmName="SHA-512" hashValue="{hashed}" saltValue="{salted}"'
        f' spinCount="{SPIN_COUNT}" sheet="1" objects="1" scenarios="1"/>'
    ).encode()
    xml = _PROTECTION.sub(b"", xml, count=1)
    anchor = _CALC_PR.search(xml) or _AFTER.search(xml)
    if anchor is None:
        raise XlcrmError("protect_settings_damaged")
    prefix = re.match(rb"</?(\w+:)?", anchor.group(0))
    if prefix and prefix.group(1):  # a sheet written as <x:worksheet>: same prefix here
        element = b"<" + prefix.group(1) + element[1:]
    return xml[: anchor.end()] + element + xml[anchor.end() :]


def unlock_sheet_xml(xml: bytes, password: str) -> bytes:
    """The sheet XML without a protection set with ``password`` (others stay)."""
    found = _PROTECTION.search(xml)
    if found is None:
        return xml
    attrs = dict(re.findall(rb'(\w+)="([^"]*)"', found.group(0)))
    try:
        salt = base64.b64decode(attrs[b"saltValue"])
        wanted = base64.b64decode(attrs[b"hashValue"])
        spins = int(attrs.get(b"spinCount", b"0"))
    except (KeyError, ValueError):
        return xml
    if (
        attrs.get(b"algorithmName") != b"SHA-512"
        or sheet_password_hash(password, salt, spins) != wanted
    ):
        return xml
    return xml[: found.start()] + xml[found.end() :]


def _rewrite_settings(
    src: Path | BinaryIO, change: Callable[[bytes], bytes]
) -> Callable[[Path | BinaryIO], str | None]:
    """A writer of a copy of the package whose Settings sheet XML went through ``change``.

    The writer returns the Settings sheet's name, or None when the workbook has none.
    """

    def write(out: Path | BinaryIO) -> str | None:
        with (
            zipfile.ZipFile(src) as package,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
        ):
            sheet, part = _settings_part(package)
            for info in package.infolist():
                data = package.read(info.filename)
                if info.filename == part:
                    data = change(data)
                copy.writestr(info, data, compress_type=info.compress_type)
        return sheet

    return write


def _settings_part(package: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """The Settings sheet's name and part name in the package (None, None when absent)."""
    try:
        book = etree.fromstring(package.read("xl/workbook.xml"))
        rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, etree.XMLSyntaxError):
        return None, None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for node in book.iter(_MAIN + "sheet"):
        name = node.get("name", "")
        if name in SETTINGS_SHEET_NAMES:
            target = targets.get(node.get(_REL), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return (name, part) if part in package.namelist() else (None, None)
    return None, None
