"""Undo on a file: the newest backup goes back, the current file is kept, one step at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlcrm.io.backup import list_backups, make_backup
from xlcrm.io.restore import restore_latest_backup


def test_each_undo_goes_one_backup_further_back(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    for i, content in enumerate((b"v1", b"v2")):
        book.write_bytes(content)
        make_backup(book, now=start + dt.timedelta(seconds=i))
    book.write_bytes(b"v3")
    first = restore_latest_backup(book)
    assert first is not None and book.read_bytes() == b"v2"
    assert first.kept.read_bytes() == b"v3" and not first.backup.exists()
    second = restore_latest_backup(book)
    assert second is not None and book.read_bytes() == b"v1"
    assert second.kept.read_bytes() == b"v2"
    assert list_backups(book) == []  # the kept files are not backups: no undo of the undo
    assert restore_latest_backup(book) is None and book.read_bytes() == b"v1"


def test_no_backup_changes_nothing(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"mine")
    assert restore_latest_backup(book) is None
    assert book.read_bytes() == b"mine" and not (tmp_path / ".xlcrm").exists()
