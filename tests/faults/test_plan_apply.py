"""The workbook changes between a retention plan and its apply: the plan's records, or nothing.

A dry run saves its plan; then a colleague sorts the sheet, deletes rows above, or edits a
planned record, and saves; then the plan is applied in place. Sorting and deleting other
rows move the planned records: exactly they are acted on, where they are now. An edited
planned record stops the run: nothing changes, and no record claims anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.faults.scenarios import PASSWORD, RULES, write_book
from xlcrm.audit import log as audit
from xlcrm.cli.app import app
from xlcrm.io.backup import list_backups
from xlcrm.io.retention.records import destruction_log_path

ENV = {"XLCRM_PASSWORD": PASSWORD}


def rows(book: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(book).worksheets[0].iter_rows(min_row=2, values_only=True))


def colleague(book: Path, change: str) -> None:
    workbook = openpyxl.load_workbook(book)
    ws = workbook.worksheets[0]
    if change == "sorted":  # by name, descending: every record moves
        body = sorted(rows(book), key=lambda r: str(r[1]), reverse=True)
        for number, values in enumerate(body, start=2):
            for col, value in enumerate(values, start=1):
                ws.cell(number, col).value = value
    elif change == "rows deleted above":
        ws.delete_rows(2)  # C0001, not in the plan
    else:  # "planned record edited": C0100, planned for the archive, bought something
        ws["F5"] = dt.datetime(2025, 12, 1)
    workbook.save(book)


@pytest.mark.parametrize("change", ["sorted", "rows deleted above", "planned record edited"])
def test_changed_between_plan_and_apply(tmp_path: Path, change: str) -> None:
    runner = CliRunner()
    book = write_book(tmp_path / "book.xlsx")
    (tmp_path / "rules.toml").write_text(RULES, encoding="utf-8")
    plan = tmp_path / "plan.json"
    dry = ["retention", str(book), "--rules", str(tmp_path / "rules.toml"), "--plan", str(plan)]
    assert runner.invoke(app, [*dry, "--asof", "2026-01-01"], env=ENV).exit_code == 1
    colleague(book, change)
    before = book.read_bytes()
    ids_before = [r[0] for r in rows(book)]
    args = ["retention", str(book), "--apply", "--in-place", "--plan", str(plan)]
    result = runner.invoke(app, args, env=ENV)
    log = destruction_log_path(book)
    if change == "planned record edited":
        assert result.exit_code == 2 and "计划时第 5 行" in result.stderr
        assert book.read_bytes() == before and list_backups(book) == [] and not log.exists()
        return
    assert result.exit_code == 0, result.output
    ids = [r[0] for r in rows(book)]
    assert ids == [i for i in ids_before if i not in ("C0007", "C0100")]  # destroyed, archived
    anonymised = [r for r in rows(book) if r[0] == "C0101"]
    assert anonymised[0][1] == "（已匿名）" and anonymised[0][3] is None
    (record,) = [e["details"] for e in audit.read_entries(log) if e.get("status") == "done"]
    assert record["id_hashes"] == [hashlib.sha256((record["salt"] + "c0007").encode()).hexdigest()]
