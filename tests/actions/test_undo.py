"""撤销 Undo on a file, end to end: the summary, the payload and the audit line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xlcrm.actions.registry import ActionRequest, Options, run_action
from xlcrm.audit import log as audit
from xlcrm.io.backup import make_backup


def _workbook(path: Path, name: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "手机"])
    sheet.append([name, "13800138000"])
    book.save(path)
    return path.read_bytes()


def test_undo_restores_the_backup_and_says_so(tmp_path: Path) -> None:
    book = tmp_path / "客户.xlsx"
    before = _workbook(book, "张三")
    backup = make_backup(book)
    after = _workbook(book, "李四")
    result = run_action("undo", ActionRequest(book, Options()))
    assert book.read_bytes() == before and result.counts == {"restored": 1}
    kept = Path(result.payload["kept"])
    assert kept.read_bytes() == after
    assert result.payload["restored_from"] == str(backup)
    assert result.summary.en == (
        f"Undone: 客户.xlsx is back to {backup.name}; the file as it was is kept as {kept.name}."
    )
    entries = audit.read_entries(audit.default_log_path(book))
    assert {e["action"] for e in entries} == {"undo"}


def test_undo_without_a_backup_is_no_error(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"mine")
    result = run_action("undo", ActionRequest(book, Options()))
    assert result.counts == {"restored": 0} and result.output is None
    assert result.summary.zh == "“a.xlsx”没有可撤销的 xlcrm 修改（没有备份）。"
    assert book.read_bytes() == b"mine"
