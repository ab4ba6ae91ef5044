"""Each Lite script on a book built from a real workbook's values equals the CLI, cell for cell.

The workbook is the demo generator's messy export (title rows, text dates, 1.2万 …) with a
Settings sheet. The book is the fake xlwings workbook of the ribbon tests (the calls
:mod:`xlcrm.excel.live` lists, which Lite's xlwings has too). The CLI runs on the file
itself; its copy's data sheet and new sheets must hold what the script left in the book.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
from typer.testing import CliRunner

from tests.excel.test_ribbon import FakeApp, FakeBook, FakeSheet
from xlcrm.cli.app import app
from xlcrm.excel.undo_sheet import UNDO_SHEET
from xlcrm.lite import scripts
from xlcrm.sample.data import generate_customers
from xlcrm.sample.files import write_messy_workbook

ASOF = "2026-11-01"
DATA = "客户名单"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lite")
    data = generate_customers(80, seed=7, asof=dt.date(2026, 11, 1))
    return write_messy_workbook(data, folder / "客户台账.xlsx", sheet_name=DATA)


def _book(path: Path) -> FakeBook:
    """The open workbook Lite hands a script: every sheet's values, the data sheet active."""
    source = openpyxl.load_workbook(path)
    book = FakeBook(path.with_name("打开的.xlsx"), FakeApp())
    for sheet in source.worksheets:
        book.add_sheet(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)])
    book.sheets.active = book.sheets[DATA]
    return book


def _cell(value: Any) -> Any:
    """A cell as compared: formula text, or the value (numbers as floats, dates as dates)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, ArrayFormula):  # a one-cell array formula: its text, as Excel takes it
        return value.text
    return value


def _fake(sheet: FakeSheet) -> dict[tuple[int, int], Any]:
    cells = {}
    for key, (value, formula) in sheet.cells.items():
        shown = formula if isinstance(formula, str) and formula.startswith("=") else value
        if _cell(shown) is not None:
            cells[key] = _cell(shown)
    return cells


def _file(path: Path, name: str) -> dict[tuple[int, int], Any]:
    sheet = openpyxl.load_workbook(path)[name]
    return {
        (c.row, c.column): _cell(c.value)
        for row in sheet.iter_rows()
        for c in row
        if _cell(c.value) is not None
    }


def _cli(*args: str, env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code in (0, 1), result.output


def _same_as_cli(book: FakeBook, out: Path, sheets: list[str]) -> None:
    assert _fake(book.sheets[DATA]) == _file(out, DATA)
    for name in sheets:
        assert name in [s.name for s in book.sheets], name
        assert _fake(book.sheets[name]) == _file(out, name), name


@pytest.mark.parametrize(
    ("script", "options", "command", "sheets"),
    [
        (
            scripts.xlcrm_check,
            {"fix": True, "asof": ASOF},
            ["check", "--fix"],
            ["问题清单", "修改记录"],
        ),
        (scripts.xlcrm_tier, {"asof": ASOF}, ["tier"], ["分级说明"]),
        (scripts.xlcrm_summary, {"asof": ASOF}, ["summary"], ["汇总"]),
        (scripts.xlcrm_dedupe, {"threshold": 0.0}, ["dedupe"], ["重复客户"]),
    ],
    ids=["check", "tier", "summary", "dedupe"],
)
def test_a_script_leaves_the_book_as_the_cli_leaves_its_copy(
    workbook: Path, tmp_path: Path, script: Any, options: dict[str, Any], command: list[str],
    sheets: list[str],
) -> None:  # fmt: skip
    book = _book(workbook)
    script(book, **options)
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "info", prompt
    out = tmp_path / "cli.xlsx"
    asof = ["--asof", ASOF] if "asof" in options else []
    _cli(command[0], str(workbook), *command[1:], *asof, "--out", str(out))
    _same_as_cli(book, out, sheets)
    assert book.sheets[UNDO_SHEET].visible is False  # Undo can put it back


def test_merge_after_dedupe_and_undo(workbook: Path, tmp_path: Path) -> None:
    book = _book(workbook)
    before = _fake(book.sheets[DATA])
    scripts.xlcrm_dedupe(book)
    scripts.xlcrm_merge(book, auto=True)
    deduped, merged = tmp_path / "d.xlsx", tmp_path / "m.xlsx"
    _cli("dedupe", str(workbook), "--out", str(deduped))
    _cli("merge", str(deduped), "--auto", "--out", str(merged))
    _same_as_cli(book, merged, ["已合并"])
    scripts.xlcrm_undo(book)  # the merge undone: the dedupe marks are back
    scripts.xlcrm_undo(book)  # nothing left to undo: one sentence, no traceback
    assert book.app.alerts[-1][2] == "critical"
    assert _fake(book.sheets[DATA]) != before  # only the last change is kept, as in the .xlam


def test_masked_view_adds_the_cli_s_masked_sheet_and_leaves_the_data(
    workbook: Path, tmp_path: Path
) -> None:
    book = _book(workbook)
    before = _fake(book.sheets[DATA])
    scripts.xlcrm_masked_view(book, "phone,email")
    out = tmp_path / "enc.xlsx"
    env = {"XLCRM_PASSPHRASE": "a long test passphrase"}
    _cli("encrypt", str(workbook), "--columns", "phone,email", "--mask", "--out", str(out), env=env)
    assert _fake(book.sheets[DATA]) == before
    assert _fake(book.sheets["脱敏视图"]) == _file(out, "脱敏视图")
    assert "****" in str(_fake(book.sheets["脱敏视图"]))


@pytest.mark.parametrize(
    ("click", "command"),
    [
        (lambda b: scripts.xlcrm_monthly(b), "xlcrm distribute / xlcrm collect"),
        (lambda b: scripts.xlcrm_retention(b), "xlcrm retention --apply"),
        (lambda b: scripts.xlcrm_passwords(b), "xlcrm protect / xlcrm encrypt"),
        (lambda b: scripts.xlcrm_check(b, dns=True), "xlcrm check --dns"),
    ],
)
def test_what_lite_cannot_do_is_one_sentence_naming_the_command(
    workbook: Path, click: Any, command: str
) -> None:
    book = _book(workbook)
    click(book)
    ((prompt, _, mode),) = book.app.alerts
    assert mode == "critical" and command in prompt and "xlwings Lite" in prompt
    assert prompt.count("。") == 1 and "Traceback" not in prompt
    assert [s.name for s in book.sheets] == [s.title for s in openpyxl.load_workbook(workbook)]


def test_a_bad_asof_is_one_sentence(workbook: Path) -> None:
    book = _book(workbook)
    scripts.xlcrm_tier(book, asof="明天")
    ((prompt, _, mode),) = book.app.alerts
    assert mode == "critical" and prompt.startswith("日期“明天”无效")
