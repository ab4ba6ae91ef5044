"""The workbook lock: one writer at a time, Excel's owner file respected, no lost saves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xlcrm.errors import FileLockedError, WorkbookChangedError
from xlcrm.io.lock import Fingerprint, held, lock_path, lock_workbook, owner_name

# A second process that takes the lock, says so on stdout, holds it, then lets go (or dies).
HOLDER = """
import os, sys, time
from pathlib import Path
from xlcrm.io.lock import lock_workbook
with lock_workbook(Path(sys.argv[1]), action="retention"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    if sys.argv[3] == "die":
        os._exit(9)
"""


def hold(book: Path, seconds: float, end: str = "release") -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(book), str(seconds), end],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "客户.xlsx"
    path.write_bytes(b"PK\x03\x04 the workbook as read")
    return path


def test_a_second_run_is_refused_naming_who_holds_the_lock(book: Path) -> None:
    child = hold(book, 5)
    try:
        started = time.monotonic()
        with pytest.raises(FileLockedError) as error, lock_workbook(book, action="merge", wait=0.3):
            pass
        assert time.monotonic() - started < 3
        assert error.value.code == "workbook_locked_by_xlcrm"
        text = str(error.value)
        assert f"进程 {child.pid}，retention" in text and f"process {child.pid}, retention" in text
    finally:
        child.kill()
        child.wait()


def test_a_second_run_waits_for_the_first_to_finish(book: Path) -> None:
    child = hold(book, 0.8)
    started = time.monotonic()
    with lock_workbook(book, action="merge", wait=10) as lock:
        assert time.monotonic() - started > 0.5  # it waited for the first run to let go
        assert lock.holder.action == "merge" and held(book) is lock
    child.wait()
    assert held(book) is None and lock_path(book).read_bytes() == b""


def test_a_killed_holder_leaves_no_stale_lock(book: Path) -> None:
    child = hold(book, 0, end="die")
    assert child.wait() == 9
    with lock_workbook(book, action="merge", wait=0):
        assert held(book) is not None


def test_the_lock_is_reentrant_in_one_process(book: Path) -> None:
    with lock_workbook(book, action="a") as outer, lock_workbook(book, action="b") as inner:
        assert inner is outer


def test_a_workbook_open_in_excel_is_refused_with_the_owner(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    name = "王芳"
    ansi = name.encode("gbk")
    owner.write_bytes(
        bytes([len(name)]) + ansi.ljust(53, b" ") + b"\x00" + len(name).to_bytes(2, "little")
        + name.encode("utf-16-le") + b"\x00" * 40
    )  # fmt: skip
    assert owner_name(owner) == "王芳"
    with pytest.raises(FileLockedError) as error, lock_workbook(book, action="x"):
        pass
    assert error.value.code == "workbook_open_by" and "王芳" in str(error.value)
    owner.unlink()
    libre = book.with_name(f".~lock.{book.name}#")
    libre.write_text("Wang Fang,pc-7,wang,02.11.2026 10:00,file:///x;", encoding="utf-8")
    with pytest.raises(FileLockedError, match="Wang Fang"), lock_workbook(book, action="x"):
        pass


def test_commit_refuses_a_workbook_saved_meanwhile_and_changes_nothing(book: Path) -> None:
    with lock_workbook(book, action="retention") as lock:
        book.write_bytes(b"PK\x03\x04 a colleague's save")  # a few seconds into the run
        with pytest.raises(WorkbookChangedError) as error:
            lock.commit(lambda temp: temp.write_bytes(b"xlcrm's result"))
    assert error.value.code == "workbook_changed_during_run"
    assert book.read_bytes() == b"PK\x03\x04 a colleague's save"
    assert sorted(p.name for p in book.parent.iterdir()) == [".xlcrm", book.name]


def test_commit_writes_over_the_workbook_read_and_tracks_its_own_writes(book: Path) -> None:
    with lock_workbook(book, action="merge") as lock:
        before = lock.fingerprint
        lock.commit(lambda temp: temp.write_bytes(b"first"))
        lock.commit(lambda temp: temp.write_bytes(b"second"))  # checked against "first"
        assert lock.commits == 2 and lock.fingerprint == Fingerprint.of(book) != before
    assert book.read_bytes() == b"second"


def test_excel_opening_the_file_mid_run_stops_the_write(book: Path) -> None:
    with lock_workbook(book, action="merge") as lock:
        book.with_name("~$" + book.name).write_bytes(b"\x00")
        with pytest.raises(FileLockedError):
            lock.commit(lambda temp: temp.write_bytes(b"new"))
    assert book.read_bytes().endswith(b"the workbook as read")
    assert os.environ.get("XLCRM_LOCK_WAIT") is None  # the default wait applies elsewhere
