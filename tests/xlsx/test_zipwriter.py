"""Writing the package file: a finished file appears at once, or nothing does."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from xlcrm.errors import FileAccessError, XlcrmError
from xlcrm.xlsx import TEMP_PREFIX, replace_atomically, sweep_temp_files


def test_the_file_appears_only_once_complete(tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"

    def write(temp: Path) -> None:
        assert temp.parent == tmp_path and temp.name.startswith(".xlcrm-") and not dst.exists()
        temp.write_bytes(b"done")

    replace_atomically(dst, write)
    assert dst.read_bytes() == b"done" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_failure_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    dst.write_bytes(b"old")

    def fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        replace_atomically(dst, fail)
    assert dst.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_target_without_permission_is_said_clearly(tmp_path: Path) -> None:
    def locked(temp: Path) -> None:
        raise PermissionError(13, "Permission denied", str(temp))

    with pytest.raises(FileAccessError) as error:
        replace_atomically(tmp_path / "out.xlsx", locked)
    assert error.value.code == "permission_denied" and "out.xlsx" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_said_clearly_and_leaves_the_old_file(tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    dst.write_bytes(b"old")

    def full(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(FileAccessError) as error:
        replace_atomically(dst, full)
    assert error.value.code == "disk_full"
    assert str(error.value).startswith("磁盘已满，无法写入“out.xlsx”")
    assert dst.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_the_temporary_file_is_private_and_the_target_keeps_its_mode(tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    dst.write_bytes(b"old")
    dst.chmod(0o640)
    modes = []

    def write(temp: Path) -> None:
        modes.append(stat.S_IMODE(temp.stat().st_mode))
        temp.write_bytes(b"new")

    replace_atomically(dst, write)
    assert modes == [0o600] and stat.S_IMODE(dst.stat().st_mode) == 0o640


def test_a_check_before_the_rename_can_still_stop_it(tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    dst.write_bytes(b"old")

    def refuse(temp: Path) -> None:
        assert temp.read_bytes() == b"new"
        raise XlcrmError("file_in_use", name="out.xlsx")

    with pytest.raises(XlcrmError):
        replace_atomically(dst, lambda t: t.write_bytes(b"new"), before_replace=refuse)
    assert dst.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_sweep_removes_only_what_dead_or_old_runs_left(tmp_path: Path) -> None:
    dead = 999_999_999  # the predicate below says no such process runs
    gone = tmp_path / f"{TEMP_PREFIX}{dead}-abc123.xlsx"
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abc123.xlsx"
    ancient = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def456.xlsx"
    user = tmp_path / "客户.xlsx"
    for path in (gone, mine, ancient, user):
        path.write_bytes(b"x")
    os.utime(ancient, (0, 0))
    assert sorted(sweep_temp_files(tmp_path, lambda pid: pid != dead)) == sorted([gone, ancient])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, user.name])
