"""The add-in and the live adapter in real Microsoft Excel (COM / AppleScript via xlwings).

Skipped unless Excel is there: run on Windows with ``XLCRM_EXCEL_TESTS=1 pytest -m excel``.
Message boxes would wait for a click, so the tests record them instead of showing them.
The cell functions ship inside the add-in: no import step and no "Trust access to the
VBA project object model" setting. ``xlcrm addin install`` must have run once, so the
user config names this Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from xlcrm.addin.package import build_addin
from xlcrm.excel import live, ribbon

pytestmark = pytest.mark.excel

ROWS = [
    ["姓名", "手机", "邮箱", "最近购买日期", "购买次数", "累计消费金额"],
    ["张三", "13800138000", "zhang@qq.com", "2026-11-01", 12, 80000],
    ["李四", "1380013800A", "li@@qq.com", "2026-07-01", 4, 15000],
    ["王五", "00123", "wang@163.com", "2025-01-01", 1, 300],
]


@pytest.fixture(scope="module")
def excel() -> Iterator[Any]:
    import xlwings as xw

    app = xw.App(visible=False, add_book=False)
    app.display_alerts = False
    try:
        yield app
    finally:
        app.quit()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(live, "tell", lambda app, message, error=False: shown.append(message))
    monkeypatch.setattr(live, "confirm", lambda app, prompt: True)
    # Encrypt and protect ask for a secret; answer for the person at the keyboard.
    monkeypatch.setattr(live, "ask_secret", lambda app, prompt: "xlcrm-demo")
    return shown


@pytest.fixture
def customers(excel: Any, make_workbook: Any) -> Iterator[Any]:
    path = make_workbook(ROWS, name="客户.xlsx", text_columns=[1])
    book = excel.books.open(str(path))
    try:
        yield book
    finally:
        book.close()


def test_excel_opens_the_built_addin_and_compiles_its_vba(excel: Any, tmp_path: Path) -> None:
    path = build_addin(tmp_path)
    addin = excel.books.open(str(path))
    try:
        # Running a macro makes Excel compile the project from the source we stored.
        assert excel.api.Run(f"'{path.name}'!XlcrmRibbon.XlcrmTagIsSafe", "check") is True
        names = [s.name for s in addin.sheets]
        assert names == ["xlcrm.conf"]
        config = addin.sheets["xlcrm.conf"].range("A1").expand().value
        assert ["UDF Modules", "xlcrm.udfs"] in config
    finally:
        addin.close()


def test_check_tier_and_undo_on_a_live_workbook(customers: Any, messages: list[str]) -> None:
    sheet = customers.sheets["客户"]
    before = sheet.used_range.options(ndim=2).value
    ribbon.dispatch("check", book=customers)
    assert "问题清单" in [s.name for s in customers.sheets], messages
    ribbon.dispatch("tier", book=customers)
    assert sheet.range("K1").value == "价值等级"
    assert sheet.range("B4").value == "00123"  # text stayed text
    assert customers.app.screen_updating and customers.app.calculation == "automatic"
    ribbon.dispatch("undo", book=customers)
    assert sheet.used_range.options(ndim=2).value == before
    assert not any("Internal error" in m for m in messages), messages


def test_every_button_runs_on_the_demo_workbook(customers: Any, messages: list[str]) -> None:
    from xlcrm.excel.ribbon.tags import ribbon_actions

    for action in ribbon_actions():
        ribbon.dispatch(action.name, book=customers)
        assert not any("Internal error" in m for m in messages), (action.name, messages)


def test_cell_functions_in_excel(excel: Any, tmp_path: Path, customers: Any) -> None:
    path = build_addin(tmp_path)
    addin = excel.books.open(str(path))
    try:
        sheet = customers.sheets["客户"]
        sheet.range("H2").formula2 = "=XLCRM_PHONE(B2:B4)"
        sheet.range("I2").formula2 = "=XLCRM_TIER(F2:F4, E2:E4)"
        sheet.range("J2").formula = "=XLCRM_TIER(F2, E2)"  # one cell, one value: Excel 2016 too
        excel.calculate()
        assert sheet.range("H2").value == "+8613800138000"
        assert sheet.range("I2:I4").value == ["高", "中", "低"]
        assert sheet.range("J2").value == "高"
    finally:
        addin.close()
