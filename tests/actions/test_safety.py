"""The rules every action runs under: audit first, one writer, the workbook that was read.

These drive the command line (and :func:`run_action` directly where a test needs to act
in the middle of a run) on real workbooks, and check the files afterwards.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.actions.test_retention import ASOF, RULES, sheet_rows, write_book
from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, run_action
from xlcrm.audit import log as audit
from xlcrm.cli.app import app
from xlcrm.errors import WorkbookChangedError
from xlcrm.io.anchors import workbook_anchor
from xlcrm.io.backup import list_backups
from xlcrm.io.copies import write_copy
from xlcrm.io.passwords import decrypted
from xlcrm.io.reader import read_table
from xlcrm.text import Text
from xlcrm.xlsx import zipwriter

ENV = {"XLCRM_PASSWORD": "pw", "XLCRM_PASSPHRASE": "口令"}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.xlsx")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(book: Path) -> list[dict[str, Any]]:
    return audit.read_entries(audit.default_log_path(book))


def encrypt_in_place(runner: CliRunner, book: Path) -> Any:
    return runner.invoke(
        app, ["encrypt", str(book), "--columns", "phone", "--out", str(book)], env=ENV
    )


def test_a_damaged_last_audit_line_stops_an_in_place_change(runner: CliRunner, book: Path) -> None:
    log = audit.default_log_path(book)
    assert runner.invoke(app, ["inspect", str(book)]).exit_code == 0
    with log.open("ab") as handle:
        handle.write(b'{"seq": 2, "act')  # a line cut short
    before = sha(book)
    result = encrypt_in_place(runner, book)
    assert result.exit_code == 2 and "audit" in result.stderr and "Internal" not in result.stderr
    assert sha(book) == before and list_backups(book) == []


def test_an_unwritable_audit_log_means_no_output(runner: CliRunner, book: Path) -> None:
    blocked = book.parent / "not-a-folder"
    blocked.write_bytes(b"")
    out = book.parent / "checked.xlsx"
    result = runner.invoke(
        app, ["check", str(book), "--out", str(out), "--audit-log", str(blocked / "a.jsonl")]
    )
    assert result.exit_code == 2 and "无法写入审计日志" in result.stderr
    assert not out.exists()


def test_retention_in_place_refuses_a_workbook_open_in_excel(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    book.with_name("~$" + book.name).write_bytes(b"\x04wang" + b" " * 60)
    before = sha(book)
    result = runner.invoke(
        app, ["retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF],
        env=ENV,
    )  # fmt: skip
    assert result.exit_code == 2 and "wang" in result.stderr and "Excel" in result.stderr
    assert sha(book) == before and list_backups(book) == []


def test_an_in_place_change_is_recorded_first_and_anchored_in_the_workbook(
    runner: CliRunner, book: Path
) -> None:
    assert encrypt_in_place(runner, book).exit_code == 0
    pending, done = entries(book)
    assert (pending["status"], done["status"], done["completes"]) == ("pending", "done", 1)
    sealed = decrypted(list_backups(book)[0], ENV["XLCRM_PASSPHRASE"]).getvalue()  # no plaintext
    assert pending["input_sha256"] == hashlib.sha256(sealed).hexdigest()
    assert done["output_sha256"] == sha(book)
    log = audit.default_log_path(book)
    held = workbook_anchor(book, log)
    assert held is not None and (held.seq, held.hash) == (1, pending["hash"])
    verified = runner.invoke(app, ["audit", "verify", str(book.parent), "--json"])
    report = json.loads(verified.stdout)
    assert verified.exit_code == 0 and report["anchors"][-1] == "book.xlsx"
    assert report["last_hash"] == done["hash"]  # to keep somewhere the log's writers cannot reach
    log.write_bytes(b"")  # someone empties the log
    verified = runner.invoke(app, ["audit", "verify", str(book.parent), "--json"])
    assert verified.exit_code == 1 and json.loads(verified.stdout)["kind"] == "truncated"
    before = sha(book)
    assert encrypt_in_place(runner, book).exit_code == 2  # not on a log that lies
    assert sha(book) == before


def colleague_saves_meanwhile(request: ActionRequest[Options]) -> ActionResult:
    """Reads the workbook; a colleague deletes a row and saves; then writes over it."""
    table = read_table(request.path)
    workbook = openpyxl.load_workbook(request.path)
    workbook.worksheets[0].delete_rows(3)
    workbook.save(request.path)
    write_copy(table, request.path, lambda patch, sheet: None, in_place=True)
    return ActionResult(action="touch", file=request.path)


TOUCH = Action(
    name="touch", label=Text("改", "Touch"), group="tools", run=colleague_saves_meanwhile,
    options_type=Options, writes_input=lambda request: True,
)  # fmt: skip


def test_a_workbook_saved_by_someone_else_mid_run_is_not_overwritten(book: Path) -> None:
    with pytest.raises(WorkbookChangedError):
        run_action(TOUCH, ActionRequest(book, Options()))
    assert [r[0] for r in sheet_rows(book)][1:] == ["C0001", "C0042", "C0100", "C0101", "C0102"]
    statuses = [(e["status"], e["details"]) for e in entries(book)]
    assert statuses == [
        ("pending", {"pid": os.getpid()}),
        ("failed", {"error": "workbook_changed_during_run", "changed": False}),
    ]


def test_a_full_disk_is_one_sentence_and_leaves_the_workbook(
    runner: CliRunner, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipwriter, "fsync_file", full)
    before = sha(book)
    result = encrypt_in_place(runner, book)
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("xlcrm: 磁盘已满，无法写入“") and "Internal" not in result.stderr
    )
    assert sha(book) == before
    assert [p.name for p in book.parent.iterdir() if p.name.startswith(".xlcrm-tmp")] == []


def test_a_read_only_folder_is_one_sentence(
    runner: CliRunner, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(path: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(zipwriter, "fsync_file", read_only)
    result = runner.invoke(app, ["check", str(book), "--out", str(book.with_name("c.xlsx"))])
    assert (
        result.exit_code == 2 and "只读磁盘" in result.stderr and "read-only disk" in result.stderr
    )


@pytest.mark.parametrize("step", ["make_backup", "apply_to_workbook"])
def test_retention_refuses_a_workbook_a_colleague_saved_mid_run(
    runner: CliRunner, book: Path, rules: Path, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlcrm.io.retention import run as retention_run
    from xlcrm.io.retention.records import destruction_log_path

    original = getattr(retention_run, step)

    def colleague_first(*args: Any, **kwargs: Any) -> Any:
        workbook = openpyxl.load_workbook(book)
        workbook["客户"].delete_rows(2)  # C0001 goes: every row below moves up
        workbook.save(book)
        return original(*args, **kwargs)

    monkeypatch.setattr(retention_run, step, colleague_first)
    result = runner.invoke(
        app, ["retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF],
        env=ENV,
    )  # fmt: skip
    assert result.exit_code == 2 and "was saved by someone else" in result.stderr
    assert [r[0] for r in sheet_rows(book)][1:] == ["C0007", "C0042", "C0100", "C0101", "C0102"]
    assert not book.with_name("book.archive.xlsx").exists()  # put back as it was: absent
    assert [e["status"] for e in entries(book)] == ["pending", "failed"]
    records = destruction_log_path(book)
    statuses = (
        [json.loads(x)["status"] for x in records.read_text("utf-8").splitlines()]
        if (records.exists())
        else []
    )
    assert statuses == ({"make_backup": [], "apply_to_workbook": ["pending", "failed"]}[step])
