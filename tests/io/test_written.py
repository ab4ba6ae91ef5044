"""The manifest of written files: every file a run writes, before it appears, with its hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from xlcrm.errors import FileAccessError
from xlcrm.io import written
from xlcrm.io.writer import replace_atomically


def test_files_written_during_a_run_are_listed_with_kind_and_hash(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    book.write_bytes(b"book")
    elsewhere = tmp_path / "out" / "copy.xlsx"
    elsewhere.parent.mkdir()
    firsts: list[int] = []
    with written.recording(book, "merge", before_first=lambda: firsts.append(1)) as recorder:
        replace_atomically(tmp_path / "客户.merge.xlsx", lambda t: t.write_bytes(b"one"))
        replace_atomically(elsewhere, lambda t: t.write_bytes(b"two"), kind=written.ARCHIVE)
        replace_atomically(tmp_path / "客户.merge.xlsx", lambda t: t.write_bytes(b"three"))
    replace_atomically(tmp_path / "not.xlsx", lambda t: t.write_bytes(b"no run, no record"))
    assert firsts == [1] and len(recorder.files) == 3
    lines = [json.loads(x) for x in written.manifest_path(book).read_text("utf-8").splitlines()]
    assert [(x["path"], x["kind"], x["action"], x["source"]) for x in lines] == [
        ("客户.merge.xlsx", "output", "merge", "客户.xlsx"),
        ("out/copy.xlsx", "archive", "merge", "客户.xlsx"),
        ("客户.merge.xlsx", "output", "merge", "客户.xlsx"),
    ]
    files = {w.path.name: w for w in written.written_files(book)}
    assert sorted(files) == ["copy.xlsx", "客户.merge.xlsx"]  # the newest line of each
    assert files["客户.merge.xlsx"].sha256 == hashlib.sha256(b"three").hexdigest()
    assert written.recorded_sha256(book, elsewhere) == hashlib.sha256(b"two").hexdigest()
    elsewhere.unlink()
    assert [w.path.name for w in written.written_files(book)] == ["客户.merge.xlsx"]


def test_a_manifest_that_cannot_be_written_stops_the_write(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    book.write_bytes(b"book")
    (tmp_path / ".xlcrm").write_bytes(b"a file where the folder should be")
    with written.recording(book, "check"), pytest.raises(FileAccessError):
        replace_atomically(tmp_path / "客户.check.xlsx", lambda t: t.write_bytes(b"x"))
    assert not (tmp_path / "客户.check.xlsx").exists()


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    book.write_bytes(b"book")
    with written.recording(book, "check"):
        replace_atomically(tmp_path / "a.xlsx", lambda t: t.write_bytes(b"a"))
    with written.manifest_path(book).open("ab") as handle:
        handle.write(b'{"path": "b.xlsx", "kin')
    assert [w.path.name for w in written.written_files(book)] == ["a.xlsx"]
