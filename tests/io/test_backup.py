"""Backups: byte-for-byte copies beside the audit log, newest N kept."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import openpyxl
import pytest

from xlcrm.actions.registry import ActionRequest, ActionResult, Options, get_action, run_action
from xlcrm.errors import FileAccessError, XlcrmError
from xlcrm.io import backup as backup_module
from xlcrm.io.backup import backup_dir, latest_backup, list_backups, make_backup
from xlcrm.io.written import recording


def test_backup_is_a_byte_copy_in_the_xlcrm_folder(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    book.write_bytes(b"PK\x03\x04 pretend workbook")
    copy = make_backup(book)
    assert copy.parent == tmp_path / ".xlcrm" / "backups"
    assert copy.read_bytes() == book.read_bytes()
    assert copy.name.startswith("客户.") and copy.suffix == ".xlsx"
    assert latest_backup(book) == copy


def test_only_the_newest_are_kept_and_other_workbooks_are_untouched(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    other = tmp_path / "a.b.xlsx"  # a stem that starts like the first one
    book.write_bytes(b"1")
    other.write_bytes(b"x")
    make_backup(other)
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    made = []
    for i in range(5):
        book.write_bytes(str(i).encode())
        made.append(make_backup(book, keep=3, now=start + dt.timedelta(seconds=i)))
    kept = list_backups(book)
    assert kept == made[2:]
    assert [p.read_bytes() for p in kept] == [b"2", b"3", b"4"]
    assert len(list_backups(other)) == 1


def test_same_instant_does_not_overwrite(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"1")
    when = dt.datetime(2026, 1, 1)
    first = make_backup(book, now=when)
    book.write_bytes(b"2")
    second = make_backup(book, now=when)
    assert first != second and first.read_bytes() == b"1" and second.read_bytes() == b"2"


def test_missing_workbook_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(XlcrmError, match="File not found"):
        make_backup(tmp_path / "nope.xlsx")
    assert not backup_dir(tmp_path / "nope.xlsx").exists()


# -- verified backups and undo ----------------------------------------------------------


def workbook(path: Path, value: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["客户编号", "姓名"])
    ws.append(["C1", value])
    wb.save(path)
    return path


def undo(book: Path) -> ActionResult:
    return run_action(get_action("undo"), ActionRequest(book, Options()))


def test_a_backup_that_does_not_read_back_equal_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = workbook(tmp_path / "客户.xlsx", "张三")

    def short_write(src: Path, dst: Path) -> None:
        dst.write_bytes(Path(src).read_bytes()[:100])  # the disk lost the rest

    monkeypatch.setattr(backup_module.shutil, "copyfile", short_write)
    with pytest.raises(XlcrmError) as error:
        make_backup(book)
    assert error.value.code == "backup_not_verified"
    assert list(backup_dir(book).iterdir()) == []


def test_a_full_disk_leaves_no_half_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = workbook(tmp_path / "客户.xlsx", "张三")

    def full(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module.shutil, "copyfile", full)
    with pytest.raises(FileAccessError) as error:
        make_backup(book)
    assert error.value.code == "disk_full" and list(backup_dir(book).iterdir()) == []


def test_undo_restores_a_checked_backup_and_keeps_the_current_file(tmp_path: Path) -> None:
    book = workbook(tmp_path / "客户.xlsx", "张三")
    before = book.read_bytes()
    taken = make_backup(book)
    workbook(book, "李四")
    result = undo(book)
    assert result.counts == {"restored": 1} and book.read_bytes() == before
    kept = Path(result.payload["kept"])
    assert kept.name.startswith("客户.undone-") and not taken.exists()
    assert openpyxl.load_workbook(kept).active["B2"].value == "李四"


@pytest.mark.parametrize("damage", ["cut", "swapped"])
def test_undo_refuses_a_damaged_or_swapped_backup(tmp_path: Path, damage: str) -> None:
    book = workbook(tmp_path / "客户.xlsx", "张三")
    with recording(book, "merge"):  # as an in-place action takes it: recorded in the manifest
        taken = make_backup(book)
    if damage == "cut":
        taken.write_bytes(taken.read_bytes()[:-200])  # half written, as a full disk leaves it
    else:
        workbook(taken, "not the backup xlcrm wrote")
    workbook(book, "李四")
    now = book.read_bytes()
    with pytest.raises(XlcrmError) as error:
        undo(book)
    code = {"cut": "undo_backup_damaged", "swapped": "undo_backup_mismatch"}[damage]
    assert error.value.code == code and book.read_bytes() == now and taken.exists()


def test_an_in_place_encrypt_leaves_no_plaintext_backup_and_undo_needs_the_passphrase(
    tmp_path: Path,
) -> None:
    from xlcrm.actions.crypto import EncryptOptions
    from xlcrm.errors import PasswordRequiredError
    from xlcrm.io.passwords import decrypted, is_encrypted

    book = workbook(tmp_path / "客户.xlsx", "13800138000")
    wb = openpyxl.load_workbook(book)
    wb.active["B1"] = "手机"  # the column encrypt will take
    wb.save(book)
    before = book.read_bytes()
    options = EncryptOptions(columns="phone", passphrase="口令 1")
    run_action(get_action("encrypt"), ActionRequest(book, options, out=book))
    (taken,) = list_backups(book)
    assert is_encrypted(taken) and b"13800138000" not in taken.read_bytes()
    assert decrypted(taken, "口令 1").getvalue() == before  # sealed, not changed
    with pytest.raises(PasswordRequiredError) as error:
        undo(book)
    assert error.value.code == "undo_backup_sealed" and taken.exists()
    run_action(get_action("undo"), ActionRequest(book, Options(), password="口令 1"))
    assert book.read_bytes() == before and not taken.exists()
