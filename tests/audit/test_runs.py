"""Audit first: pending entries, completions, recovery after a kill, and truncation anchors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xlcrm.audit import anchor, runs
from xlcrm.audit import log as audit
from xlcrm.audit.log import Tampering
from xlcrm.errors import AuditLogError


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A file the log is about (its bytes are all the log looks at)."""
    (tmp_path / "客户.xlsx").write_bytes(b"before")
    return tmp_path / "客户.xlsx"


def test_a_run_is_pending_before_and_completed_after(book: Path) -> None:
    log = audit.default_log_path(book)
    pending = runs.begin(log, action="merge", file=book, input_sha256="a" * 64)
    assert runs.unfinished(log) == [pending] and pending["status"] == "pending"
    done = runs.finish(log, pending, counts={"groups": 2}, output=book)
    assert (done["status"], done["completes"], done["input_sha256"]) == ("done", 1, "a" * 64)
    assert runs.unfinished(log) == [] and audit.verify(log).ok


def test_a_killed_run_is_recovered_as_interrupted_saying_whether_the_file_changed(
    book: Path,
) -> None:
    log = audit.default_log_path(book)
    before = audit.file_sha256(book)
    runs.begin(log, action="retention", file=book, input_sha256=before)  # then killed
    alive = runs.recover(log, book, current_sha256=before, running=lambda host, pid: True)
    assert alive == [] and len(runs.unfinished(log, book)) == 1  # it may still be running
    book.write_bytes(b"after")
    (done,) = runs.recover(
        log, book, current_sha256=audit.file_sha256(book), running=lambda host, pid: False
    )
    assert done["status"] == "interrupted" and done["details"]["changed"] is True
    assert runs.unfinished(log) == [] and audit.verify(log).ok


def test_a_log_that_cannot_take_entries_stops_the_run_first(book: Path) -> None:
    log = audit.default_log_path(book)
    audit.append_entry(log, action="check", file=book)
    with log.open("ab") as handle:
        handle.write(b'{"seq": 2, "cut sho')
    with pytest.raises(AuditLogError) as error:
        runs.check_writable(log)
    assert error.value.code == "audit_log_last_line_invalid"
    blocked = book.parent / "blocked"
    blocked.write_bytes(b"a file, not a folder")
    with pytest.raises(AuditLogError) as error:
        runs.check_writable(blocked / "audit.jsonl")
    assert error.value.code == "audit_log_not_writable"


def make_log(book: Path, n: int) -> Path:
    log = audit.default_log_path(book)
    for i in range(n):
        audit.append_entry(log, action="check", file=book, counts={"rows": i})
    return log


def test_cutting_the_last_lines_is_caught_by_the_anchor(book: Path) -> None:
    log = make_log(book, 4)
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]))
    assert audit.verify(log).ok  # the chain alone cannot tell
    result = audit.verify(log, runs.anchors_of(log))
    assert not result.ok and result.kind is Tampering.TRUNCATED and result.entries == 2
    assert "The log has 2 entries but" in (result.reason or "")
    assert "records entry 4: entries were cut off its end." in (result.reason or "")
    with pytest.raises(AuditLogError) as error:
        runs.check_intact(log)
    assert error.value.code == "audit_log_not_intact"


def test_a_log_rewritten_whole_with_new_hashes_is_caught(book: Path) -> None:
    log = make_log(book, 3)
    kept = anchor.load_anchor(log)
    entries = audit.read_entries(log)
    entries[0]["counts"] = {"rows": 99}  # the forger changes a line, then re-chains all
    prev = audit.GENESIS_HASH
    for entry in entries:
        entry["prev"] = prev
        entry["hash"] = prev = audit.entry_hash(entry)
    log.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), "utf-8")
    assert audit.verify(log).ok
    result = audit.verify(log, runs.anchors_of(log))
    assert not result.ok and result.kind is Tampering.REWRITTEN
    assert kept is not None and result.anchors == (kept.where,)


def test_a_workbook_anchor_catches_what_this_computer_did_not_write(book: Path) -> None:
    log = make_log(book, 3)
    entry = audit.read_entries(log)[1]
    value = anchor.property_value(log, book, entry)
    assert json.loads(value) == {"log": ".xlcrm/audit.jsonl", "seq": 2, "hash": entry["hash"]}
    held = anchor.from_property(value, "客户.xlsx")
    assert held is not None and audit.verify(log, [held]).ok
    anchor.anchor_path(log).unlink()  # another computer's log: no anchor file here
    log.write_bytes(log.read_bytes().splitlines(keepends=True)[0])
    result = audit.verify(log, runs.anchors_of(log, [held]))
    assert result.kind is Tampering.TRUNCATED and result.anchors == ("客户.xlsx",)
