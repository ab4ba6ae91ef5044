"""The helper formulas read cells as the parsers do (checked in LibreOffice), and the
criteria and references they are built from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xlcrm.core.summary import formulas as f
from xlcrm.core.values.dates import EXCEL_EPOCH, parse_date
from xlcrm.core.values.numbers import parse_amount, parse_count

ASOF = dt.date(2026, 11, 23)
AMOUNTS = [
    100,
    1200.5,
    "¥1,200.00",
    "￥300.00",
    "300.00元",
    "RMB 1,234.50",
    "1,234.50",
    "1,235 元",
    "1.2万",
    "3千",
    "３０００.００",
    "-500",
    "待定",
    "不详",
    "见合同",
    None,
    "$1,234.50",
    "USD 1,234.50",
    "$ 12.50",
    "1.5k",
    "(1,234)",
    "约1000",
    "12千万",
]
COUNTS = [
    3,
    3.0,
    3.5,
    -1,
    "3次",
    "约3",
    " 3 ",
    "3单",
    "3 times",
    "about 3",
    "无",
    None,
    "1,200",
    "３",
]
DATES = [dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 14, 30), 46086, 20260305, "2026/3/5",
         "2026.3.5", "2026年3月5日", "20260305", "2026-03-05", "2026-13-05", "2026/2/30",
         "2026-04-31", "2026年0月5日", "2026.6.31", "3/5/2026", "13/3/2026", "3/13/2026",
         "5/5/2026", "March 05, 2026", "05 Mar 2026", "16 Jun 2026", "无", None, "不详", "2026-03-05 14:30"]  # fmt: skip


def _amount(value: object) -> object:
    parsed = parse_amount(value).value
    return parsed if isinstance(parsed, int | float) else ""


def _count(value: object) -> object:
    parsed = parse_count(value)
    return parsed.value if parsed.ok and parsed.value is not None else ""


def _date(value: object) -> object:
    parsed = parse_date(value, asof=ASOF)
    day = parsed.value
    return (day - EXCEL_EPOCH).days if parsed.ok and isinstance(day, dt.date) else ""


@pytest.mark.sheetcheck
def test_helper_formulas_read_cells_as_the_parsers_do(
    tmp_path: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    cases: list[tuple[int, object, object]] = []
    for values, formula, parse in ((AMOUNTS, f.amount_number, _amount),
                                   (COUNTS, f.count_number, _count),
                                   (DATES, f.date_number, _date)):  # fmt: skip
        for value in values:
            row = len(cases) + 1
            ws.cell(row, 1, value)
            ws.cell(row, 2, "=" + formula(f"A{row}"))
            cases.append((row, value, parse(value)))
    path = tmp_path / "helpers.xlsx"
    wb.save(path)
    report = sheetcheck(path, "--show", f"Sheet!A1:B{len(cases)}")
    assert report["_exit_code"] == 0, report["sheets"]
    grid = report["values"][f"Sheet!A1:B{len(cases)}"]
    for row, value, want in cases:
        got = grid[row - 1][1]
        same = got == want or (want != "" and got != "" and abs(float(got) - float(want)) < 1e-9)
        assert same, (value, got, want)


@pytest.mark.parametrize(
    ("label", "escaped"),
    [("华东", False), ("A*", True), ("是?", True), ("~x", True), ("<5", True), ("=1", True),
     (">", True), ("5>3", False)],
)  # fmt: skip
def test_labels_that_countifs_would_read_as_patterns_are_escaped(label: str, escaped: bool) -> None:
    assert f.needs_escape(label) is escaped
    made = f.criterion(label, "$A5")
    assert (made != "$A5") is escaped
    assert f.criterion(label, "$A5", blank=True) == '""'


def test_references_name_table_columns_or_ranges() -> None:
    table = f.Refs("客户", 5, 900, 4, {"amount": "金额[元]#1"}, {"amount": "P"}, "客户表")
    assert table.column("amount") == "客户表[金额'[元']'#1]"
    assert table.cell("amount") == "客户表[[#This Row],[金额'[元']'#1]]"
    plain = f.Refs("客户's", 5, 900, 4, {"amount": "金额"}, {"amount": "P"})
    assert plain.column("amount") == "'客户''s'!$P$5:$P$900"
    assert plain.cell("amount") == "P5"


def test_word_lists_come_from_the_parsers() -> None:
    assert "潜在客户" in f.prospect_words() and "lead" in f.prospect_words()
    assert '"人民币",""' in f.amount_number("A1") and '"万","e4"' in f.amount_number("A1")
    assert f.text_literal('a"b') == '"a""b"'
