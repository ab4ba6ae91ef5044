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

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
            listed = "、".join(self.sheet_names)
            raise SheetNotFoundError(
                f"工作簿中没有名为“{name}”的工作表（现有：{listed}）。"
                f" There is no sheet named '{name}' in {self.path.name}"
                f" (sheets: {', '.join(self.sheet_names)})."
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
    raise CorruptWorkbookError(
        f"“{path.name}”不是 Excel 工作簿（.xlsx/.xlsm）或 CSV 文件，可能已损坏。"
        f" {path.name} is not an Excel workbook (.xlsx/.xlsm) or a CSV file; it may be damaged."
    )


def _read_head(path: Path) -> bytes:
    if not path.exists():
        raise FileMissingError(
            f"找不到文件“{path}”，请检查路径和文件名。"
            f" The file {path} does not exist; check the path and the file name."
        )
    if path.is_dir():
        raise FileMissingError(
            f"“{path}”是一个文件夹，请给出工作簿文件。"
            f" {path} is a folder; give the path of a workbook file."
        )
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except PermissionError:
        raise _locked(path) from None


def _locked(path: Path) -> FileLockedError:
    return FileLockedError(
        f"无法打开“{path.name}”：文件被其他程序占用或没有权限，请在 Excel/WPS 中关闭后重试。"
        f" {path.name} is locked by another program or not readable;"
        " close it in Excel or WPS and try again."
    )


def _unsupported(path: Path) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"不支持“{path.name}”的格式，请在 Excel 中“另存为” .xlsx 工作簿后再试。"
        f" {path.name} is in a format xlcrm does not read;"
        " open it in Excel, save it as an .xlsx workbook and try again."
    )


def _open_ole(path: Path, suffix: str, password: str | None) -> Source:
    import msoffcrypto

    try:
        with path.open("rb") as handle:
            office = msoffcrypto.OfficeFile(handle)
            encrypted = office.is_encrypted()
            if encrypted and password is None:
                raise PasswordRequiredError(
                    f"“{path.name}”设置了打开密码，需要密码才能读取"
                    "（设置环境变量 XLCRM_PASSWORD 或按提示输入）。"
                    f" {path.name} is protected with a password; give the password"
                    " (XLCRM_PASSWORD or the prompt) to read it."
                )
            if encrypted:
                clear = io.BytesIO()
                office.load_key(password=password)
                office.decrypt(clear)
                clear.seek(0)
                kind = "xlsm" if suffix == ".xlsm" else "xlsx"
                return _open_zip(path, kind, clear)
    except PasswordRequiredError:
        raise
    except Exception as exc:  # msoffcrypto raises many types for a wrong password
        if password is not None and "password" in str(exc).lower():
            raise PasswordRequiredError(
                f"“{path.name}”的密码不正确。 The password for {path.name} is wrong."
            ) from None
        if password is not None:
            raise PasswordRequiredError(
                f"无法用所给密码解开“{path.name}”。"
                f" {path.name} could not be decrypted with the password given."
            ) from None
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
        raise CorruptWorkbookError(
            f"“{path.name}”是压缩包但不是 Excel 工作簿（可能是 Word 或其他文件）。"
            f" {path.name} is a zip package but not an Excel workbook."
        )
    try:
        if data is None:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        else:
            workbook = python_calamine.CalamineWorkbook.from_filelike(data)
    except Exception:
        raise _corrupt(path) from None
    return Source(path=path, kind=kind, sheet_names=list(workbook.sheet_names), _workbook=workbook)


def _corrupt(path: Path) -> CorruptWorkbookError:
    return CorruptWorkbookError(
        f"“{path.name}”已损坏或不完整，无法读取；请用 Excel 打开修复后另存，或使用备份。"
        f" {path.name} is damaged or incomplete; open it in Excel to repair and save it,"
        " or use a backup."
    )


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
    raise CorruptWorkbookError(
        f"无法识别“{path.name}”的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx。"
        f" The text encoding of {path.name} is not UTF-8 or GBK;"
        " save it as 'CSV UTF-8' or .xlsx and try again."
    )
