"""Writing the package file: a finished file appears at once, or nothing does."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlcrm.errors import FileLockedError
from xlcrm.xlsx import replace_atomically


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


def test_a_locked_target_is_said_clearly(tmp_path: Path) -> None:
    def locked(temp: Path) -> None:
        raise PermissionError(temp)

    with pytest.raises(FileLockedError) as error:
        replace_atomically(tmp_path / "out.xlsx", locked)
    assert str(error.value) == (
        "无法写入“out.xlsx”：文件被其他程序占用或没有权限。"
        " out.xlsx cannot be written; it is open in another program or read-only."
    )
    assert list(tmp_path.iterdir()) == []
