"""Key-stretching costs read from a file are held to what xlcrm writes: refused at once."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from xlcrm.errors import CorruptWorkbookError, XlcrmError
from xlcrm.io.crypto.columns import PROPERTY, decrypt_columns
from xlcrm.io.reader import read_table
from xlcrm.xlsx import WorkbookPatch


def customers(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["客户编号", "姓名", "手机"])
    ws.append(["C1", "张三", "xlcrm:v1:aXh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"])
    wb.save(path)
    return path


def test_hostile_scrypt_settings_in_a_workbook_are_refused_at_once(tmp_path: Path) -> None:
    book = customers(tmp_path / "客户.xlsx")
    patch = WorkbookPatch(book)
    hostile = {"v": 1, "kdf": "scrypt", "n": 2**22, "r": 64, "p": 16,
               "salt": "AAAAAAAAAAAAAAAAAAAAAA", "check": "x"}  # fmt: skip
    patch.set_property(PROPERTY, json.dumps(hostile))
    patch.save(tmp_path / "hostile.xlsx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(XlcrmError) as error:
        decrypt_columns(tmp_path / "hostile.xlsx", ["phone"], "guess", dst=tmp_path / "out.xlsx")
    assert error.value.code == "crypto_key_damaged"
    assert time.perf_counter() - started < 5  # was 38 s and 1.15 GB
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 256 * 1024
    assert not (tmp_path / "out.xlsx").exists()


def test_a_file_password_asking_for_too_many_rounds_is_refused_at_once(tmp_path: Path) -> None:
    book = customers(tmp_path / "客户.xlsx")
    locked = tmp_path / "locked.xlsx"
    with book.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("pw", dst)
    data = locked.read_bytes()
    assert data.count(b'spinCount="100000"') >= 1
    locked.write_bytes(data.replace(b'spinCount="100000"', b'spinCount="999999"'))
    started = time.perf_counter()
    with pytest.raises(CorruptWorkbookError) as error:
        read_table(locked, password="pw")
    assert error.value.code == "password_cost_too_high" and "999999" in str(error.value)
    assert time.perf_counter() - started < 5
