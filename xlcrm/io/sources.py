"""Open an input file as a grid of raw cell values, or say clearly why it cannot be used.

A file is sniffed by its first bytes, not trusted by its name: an OLE container is an old
``.xls`` or a password-encrypted workbook, a zip is an ``.xlsx``/``.xlsm``, and a
``.csv`` is decoded as UTF-8 or, failing that, GB18030 (what Chinese Excel writes).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import python_calamine

from xlcrm.errors import (
    CorruptWorkbookError,
    FileLockedError,
    FileMissingError,
    PasswordRequiredError,
    SheetNotFoundError,
    UnsupportedFormatError,
)
from xlcrm.text import Text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_SPIN_COUNT = 100_000  # password hashing rounds Excel and xlcrm write (agile encryption)
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")

Grid = list[list[Any]]


@dataclass
class Source:
    """An opened input: its sheet names and a way to load each sheet's grid."""

    path: Path
    kind: str  # "xlsx" | "xlsm" | "csv"
    sheet_names: list[str]
    _workbook: Any = None
    _csv_grid: Grid | None = None
    _cache: dict[str, Grid] = field(default_factory=dict)

    def grid(self, sheet: str) -> Grid:
        """All cells of a sheet from A1, as Python values ('' for an empty cell)."""
        if sheet not in self._cache:
            if self._csv_grid is not None:
                self._cache[sheet] = self._csv_grid
            else:
                self._cache[sheet] = _load_sheet(self._workbook, sheet, self.path)
        return self._cache[sheet]

    def visible_sheets(self) -> list[str]:
        """The sheets a user sees (hidden and very hidden ones left out)."""
        if self._workbook is None:
            return list(self.sheet_names)
        return [
            s.name
            for s in self._workbook.sheets_metadata
            if str(s.visible).rsplit(".", 1)[-1].lower() == "visible"
        ]

    def find_sheet(self, name: str) -> str:
        """The sheet called ``name`` (exactly, else ignoring case and spaces)."""
        if name in self.sheet_names:
            return name
        folded = {s.casefold().replace(" ", ""): s for s in self.sheet_names}
        match = folded.get(name.casefold().replace(" ", ""))
        if match is None:
            listed = Text.join([Text.same(s) for s in self.sheet_names])
            raise SheetNotFoundError(
                "sheet_not_found", name=name, file=self.path.name, sheets=listed
            )
        return match


def open_source(path: Path | str, *, password: str | None = None) -> Source:
    """Open a workbook or CSV for reading; raise an InputFileError that says why not."""
    path = Path(path)
    head = _read_head(path)
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        return _open_ole(path, suffix, password)
    if head.startswith(ZIP_MAGIC):
        kind = "xlsm" if suffix == ".xlsm" else "xlsx"
        return _open_zip(path, kind, None)
    if suffix in CSV_SUFFIXES:
        return _open_csv(path)
    if suffix in (".xls", ".et", ".numbers", ".ods"):
        raise _unsupported(path)
    raise CorruptWorkbookError("not_a_workbook", file=path.name)


def _read_head(path: Path) -> bytes:
    if not path.exists():
        raise FileMissingError("file_missing", path=path)
    if path.is_dir():
        raise FileMissingError("path_is_folder", path=path)
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except PermissionError:
        raise _locked(path) from None


def _locked(path: Path) -> FileLockedError:
    return FileLockedError("file_locked", file=path.name)


def _unsupported(path: Path) -> UnsupportedFormatError:
    return UnsupportedFormatError("format_not_supported", file=path.name)


def open_office(handle: BinaryIO, name: str) -> Any:
    """msoffcrypto's view of an encrypted workbook, the cost of its password checked first.

    The number of hashing rounds comes from the file: one that asks for more than Excel
    and xlcrm write (:data:`MAX_SPIN_COUNT`) is refused at once, so a hostile file cannot
    make a wrong password take minutes and gigabytes.
    """
    import msoffcrypto

    office = msoffcrypto.OfficeFile(handle)
    info = getattr(office, "info", None)
    spins = info.get("spinValue") if isinstance(info, dict) else None
    if isinstance(spins, int) and spins > MAX_SPIN_COUNT:
        raise CorruptWorkbookError(
            "password_cost_too_high", file=name, rounds=spins, limit=MAX_SPIN_COUNT
        )
    return office


def _open_ole(path: Path, suffix: str, password: str | None) -> Source:
    try:
        with path.open("rb") as handle:
            office = open_office(handle, path.name)
            encrypted = office.is_encrypted()
            if encrypted and password is None:
                raise PasswordRequiredError("password_required", file=path.name)
            if encrypted:
                clear = io.BytesIO()
                office.load_key(password=password)
                office.decrypt(clear)
                clear.seek(0)
                kind = "xlsm" if suffix == ".xlsm" else "xlsx"
                return _open_zip(path, kind, clear)
    except (PasswordRequiredError, CorruptWorkbookError):
        raise
    except Exception as exc:  # msoffcrypto raises many types for a wrong password
        if password is not None and "password" in str(exc).lower():
            raise PasswordRequiredError("password_wrong", file=path.name) from None
        if password is not None:
            raise PasswordRequiredError("password_not_decrypting", file=path.name) from None
    raise _unsupported(path)


def _open_zip(path: Path, kind: str, data: BinaryIO | None) -> Source:
    try:
        if data is None:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
        else:
            with zipfile.ZipFile(data) as package:
                names = set(package.namelist())
            data.seek(0)
    except zipfile.BadZipFile:
        raise _corrupt(path) from None
    except PermissionError:
        raise _locked(path) from None
    if "xl/workbook.xml" not in names:
        raise CorruptWorkbookError("zip_not_a_workbook", file=path.name)
    try:
        if data is None:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        else:
            workbook = python_calamine.CalamineWorkbook.from_filelike(data)
    except Exception:
        raise _corrupt(path) from None
    return Source(path=path, kind=kind, sheet_names=list(workbook.sheet_names), _workbook=workbook)


def _corrupt(path: Path) -> CorruptWorkbookError:
    return CorruptWorkbookError("workbook_damaged", file=path.name)


def _load_sheet(workbook: Any, sheet: str, path: Path) -> Grid:
    try:
        loaded = workbook.get_sheet_by_name(sheet)
        grid: Grid = loaded.to_python(skip_empty_area=False)
        return grid
    except Exception:
        raise _corrupt(path) from None


def _open_csv(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise _locked(path) from None
    text = decode_csv_bytes(raw, path)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid: Grid = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return Source(path=path, kind="csv", sheet_names=[path.stem], _csv_grid=grid)


def decode_csv_bytes(raw: bytes, path: Path) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptWorkbookError("csv_encoding_unknown", file=path.name)
