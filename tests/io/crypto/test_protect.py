"""Whole-workbook passwords: protect → unprotect round trips, opens with the password only."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msoffcrypto
import pytest
from msoffcrypto.exceptions import InvalidKeyError
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.errors import PasswordRequiredError
from xlcrm.io.backup import list_backups
from xlcrm.io.crypto.protect import (
    lock_sheet_xml,
    protect_workbook,
    sheet_password_hash,
    unlock_sheet_xml,
    unprotect_workbook,
)
from xlcrm.io.passwords import is_encrypted
from xlcrm.io.reader import read_table
from xlcrm.io.templates.build import TEMPLATES_DIR

PASSWORD = "密码 Secret-1"
SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"/></sheetData><mergeCells count="0"/></worksheet>'


def _open(path: Path, password: str) -> bytes:
    with path.open("rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
        return out.getvalue()


def _settings_xml(package: bytes, name: str = "xl/worksheets/sheet2.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return z.read(name)


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    """The English template (customers, Settings), with a record."""
    path = tmp_path / "customers.xlsx"
    shutil.copyfile(TEMPLATES_DIR / "customers.xlsx", path)
    return path


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The template and its protected copy, made once: agile encryption is slow on purpose."""
    folder = tmp_path_factory.mktemp("locked")
    plain, out = folder / "customers.xlsx", folder / "locked.xlsx"
    shutil.copyfile(TEMPLATES_DIR / "customers.xlsx", plain)
    run = protect_workbook(plain, out, PASSWORD)
    assert run.output == out and run.settings_sheet == "Settings"
    return plain, out


def test_protect_opens_with_the_password_only(locked: tuple[Path, Path]) -> None:
    customers, out = locked
    assert is_encrypted(out) and not is_encrypted(customers)
    plain = _open(out, PASSWORD)
    assert plain.startswith(b"PK")
    with pytest.raises(InvalidKeyError):
        _open(out, "wrong")
    with pytest.raises(PasswordRequiredError):
        read_table(out)
    assert read_table(out, password=PASSWORD).df.equals(read_table(customers).df)


def test_settings_sheet_is_locked_with_the_password(locked: tuple[Path, Path]) -> None:
    customers, out = locked
    with zipfile.ZipFile(customers) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<sheetProtection" in z.read(n) for n in names)
    plain = _open(out, PASSWORD)
    protected = [n for n in names if b"<sheetProtection" in _settings_xml(plain, n)]
    assert len(protected) == 1
    assert b'algorithmName="SHA-512"' in _settings_xml(plain, protected[0])


def test_unprotect_round_trip(tmp_path: Path, locked: tuple[Path, Path]) -> None:
    customers, protected = locked
    back = tmp_path / "back.xlsx"
    with pytest.raises(PasswordRequiredError):
        unprotect_workbook(protected, back, "wrong")
    assert not back.exists()
    run = unprotect_workbook(protected, back, PASSWORD)
    assert run.settings_sheet == "Settings" and not is_encrypted(back)
    with zipfile.ZipFile(customers) as a, zipfile.ZipFile(back) as b:
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


def test_nothing_to_do_is_said_not_written(tmp_path: Path, locked: tuple[Path, Path]) -> None:
    customers, protected = locked
    assert unprotect_workbook(customers, tmp_path / "x.xlsx", None).already
    assert protect_workbook(protected, tmp_path / "y.xlsx", "other").already
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


def test_sheet_lock_xml_round_trip() -> None:
    locked = lock_sheet_xml(SHEET, "pw")
    assert locked.index(b"<sheetProtection") > locked.index(b"</sheetData>")
    assert locked.index(b"<sheetProtection") < locked.index(b"<mergeCells")
    assert unlock_sheet_xml(locked, "other") == locked  # only the same password removes it
    assert unlock_sheet_xml(locked, "pw") == SHEET
    assert lock_sheet_xml(locked, "pw").count(b"<sheetProtection") == 1


def test_sheet_password_hash_follows_the_spin_rule() -> None:
    import hashlib

    salt = b"s" * 16
    first = hashlib.sha512(salt + "pw".encode("utf-16-le")).digest()
    second = hashlib.sha512(first + (0).to_bytes(4, "little")).digest()
    assert sheet_password_hash("pw", salt, 1) == second
    assert sheet_password_hash("pw", salt, 2) != second


def test_cli_protect_unprotect_in_place_with_backup(
    runner: CliRunner, tmp_path: Path, customers: Path
) -> None:
    env = {"XLCRM_PASSWORD": PASSWORD}
    result = runner.invoke(app, ["protect", str(customers), "--json"], env=env)
    assert result.exit_code == 0, result.output
    locked = Path(json.loads(result.stdout)["output"])
    assert locked.name == "customers.protect.xlsx" and is_encrypted(locked)
    wrong = runner.invoke(app, ["unprotect", str(locked)], env={"XLCRM_PASSWORD": "nope"})
    assert wrong.exit_code == 2 and "password" in wrong.stderr
    result = runner.invoke(app, ["unprotect", str(locked), "--out", str(locked)], env=env)
    assert result.exit_code == 0, result.output
    assert not is_encrypted(locked) and len(list_backups(locked)) == 1
    log = (tmp_path / ".xlcrm" / "audit.jsonl").read_text(encoding="utf-8")
    assert PASSWORD not in log and "wrong" not in log


def test_protected_file_in_libreoffice(
    locked: tuple[Path, Path], sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    out = locked[1]
    opened = sheetcheck(out, "--password", PASSWORD)
    assert opened["_exit_code"] == 0, opened
    settings = next(s for s in opened["sheets"] if s["name"] == "Settings")
    assert settings["protected"] is True
    assert sheetcheck(out, "--password", "wrong")["_exit_code"] == 2
