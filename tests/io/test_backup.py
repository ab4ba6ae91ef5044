"""Backups: byte-for-byte copies beside the audit log, newest N kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xlcrm.errors import XlcrmError
from xlcrm.io.backup import backup_dir, latest_backup, list_backups, make_backup


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
