"""retention --plan: a dry run's plan saved, then applied exactly, or not at all."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.actions.test_retention import ASOF, PEOPLE, RULES, final_record, sheet_rows, write_book
from xlcrm.cli.app import app
from xlcrm.io.backup import list_backups

ENV = {"XLCRM_PASSWORD": "pw"}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.xlsx")


@pytest.fixture
def plan(tmp_path: Path, book: Path, runner: CliRunner) -> Path:
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    path = tmp_path / "plan.json"
    args = ["retention", str(book), "--rules", str(rules), "--plan", str(path), *ASOF]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 1 and "计划已保存到" in result.stderr  # records are due
    return path


def apply(runner: CliRunner, book: Path, plan: Path, *more: str) -> Any:
    args = ["retention", str(book), "--apply", "--in-place", "--plan", str(plan), *more]
    return runner.invoke(app, args, env=ENV)


def ids(book: Path) -> list[Any]:
    return [row[0] for row in sheet_rows(book)[1:]]


def delete_row(book: Path, row: int) -> None:
    """A colleague deletes a row in Excel and saves."""
    workbook = openpyxl.load_workbook(book)
    workbook["客户"].delete_rows(row)
    workbook.save(book)


def test_the_plan_file_holds_the_rules_and_no_personal_data(book: Path, plan: Path) -> None:
    saved = json.loads(plan.read_text(encoding="utf-8"))
    assert saved["workbook"] == "book.xlsx" and saved["asof"] == "2026-01-01"
    assert [r["name"] for r in saved["rules"]][:3] == [
        "stale prospects", "consent withdrawn", "erasure requests"
    ]  # fmt: skip
    assert [r[0] for r in saved["records"]["erasure requests"]] == [3]
    assert [r[0] for r in saved["held"]["consent withdrawn"]] == [6]
    text = plan.read_text(encoding="utf-8")
    for person in PEOPLE:  # nothing of the sheet but what the rules themselves say
        for value in person[:6]:
            assert str(value) not in text or str(value) in RULES


def test_applying_the_plan_does_what_the_dry_run_listed(
    runner: CliRunner, book: Path, plan: Path
) -> None:
    result = apply(runner, book, plan)
    assert result.exit_code == 0, result.output
    assert ids(book) == ["C0001", "C0042", "C0101", "C0102"]  # C0100 archived, C0007 destroyed
    record = final_record(book)
    salted = hashlib.sha256((record["salt"] + "c0007").encode()).hexdigest()
    assert record["id_hashes"] == [salted]


def test_a_row_deleted_above_moves_the_plan_with_its_records(
    runner: CliRunner, book: Path, plan: Path
) -> None:
    delete_row(book, 2)  # C0001 goes: every planned record moves up a row
    result = apply(runner, book, plan)
    assert result.exit_code == 0, result.output
    assert "3→2" in result.stderr and "5→4" in result.stderr
    # the planned customers, not the ones below them: C0042 (held) and C0101 stay
    assert ids(book) == ["C0042", "C0101", "C0102"]
    record = final_record(book)
    assert record["id_hashes"] == [hashlib.sha256((record["salt"] + "c0007").encode()).hexdigest()]
    rows = {row[0]: row for row in sheet_rows(book)[1:]}
    assert rows["C0102"][1] == "（已匿名）" and rows["C0101"][1] == "钱七"


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_planned_record_not_found_as_planned_stops_everything(
    runner: CliRunner, book: Path, plan: Path, change: str
) -> None:
    if change == "edited":
        workbook = openpyxl.load_workbook(book)
        workbook["客户"]["D3"] = "13900000000"  # C0007's phone, changed since the plan
        workbook.save(book)
    else:
        delete_row(book, 5)  # C0100, planned for the archive
    before = book.read_bytes()
    result = apply(runner, book, plan)
    assert result.exit_code == 2
    row = {"edited": "3", "deleted": "5"}[change]
    assert f"计划中的 1 条记录（计划时第 {row} 行）" in result.stderr
    assert book.read_bytes() == before and list_backups(book) == []
    assert not (book.parent / "book.archive.xlsx").exists()


def test_a_plan_is_for_its_own_workbook(
    runner: CliRunner, book: Path, plan: Path, tmp_path: Path
) -> None:
    other = write_book(tmp_path / "other.xlsx")
    result = apply(runner, other, plan)
    assert result.exit_code == 2 and "was made for book.xlsx, not other.xlsx" in result.stderr
    plan.write_text('{"xlcrm_retention_plan": 1, "workbook": "book.xlsx"}', encoding="utf-8")
    result = apply(runner, book, plan)
    assert result.exit_code == 2 and "The plan file is damaged" in result.stderr
    result = apply(runner, book, tmp_path / "none.json")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_rules_and_date_come_from_the_plan(runner: CliRunner, book: Path, plan: Path) -> None:
    result = apply(runner, book, plan, "--asof", "2030-01-01")
    said = re.sub(r"[│╭╮╰╯─\s]+", " ", result.output)  # the words, without typer's box
    assert result.exit_code == 2 and "uses the plan's rules and date" in said
