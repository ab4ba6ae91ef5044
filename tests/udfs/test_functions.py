"""Cell functions: plain-callable here, one call per range, the result the shape of the input.

One cell gives one value (so a formula filled down works in Excel 2016 too); a range gives
an array of the range's shape.
"""

from __future__ import annotations

from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def udfs() -> ModuleType:
    import xlcrm.udfs

    return xlcrm.udfs


def test_phone_on_a_column_range_keeps_its_shape(udfs: ModuleType) -> None:
    column = [["138 0013 8000"], [13900139000.0], ["无"], ["1380013800A"], [None]]
    result = udfs.XLCRM_PHONE(column)
    assert [len(r) for r in result] == [1] * 5
    assert result[0] == ["+8613800138000"] and result[1] == ["+8613900139000"]
    assert result[2] == [""] and result[4] == [""]
    assert "无效" in result[3][0]


def test_phone_national_style_and_other_region(udfs: ModuleType) -> None:
    assert udfs.XLCRM_PHONE([["13800138000"]], "CN", "national") == "138 0013 8000"
    assert udfs.XLCRM_PHONE([["9123 4567"]], "HK") == "+85291234567"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda u: u.XLCRM_PHONE([["13800138000"]]), "+8613800138000"),
        (lambda u: u.XLCRM_PHONE("13800138000"), "+8613800138000"),
        (lambda u: u.XLCRM_PHONE_OK([["12345"]]), False),
        (lambda u: u.XLCRM_EMAIL_OK([["a@qq.com"]]), True),
        (lambda u: u.XLCRM_CHECK_ROW([["张三", "13800138000"]], ["姓名", "手机"]), "正常"),
        (lambda u: u.XLCRM_CHECK_ROW([["张三", "13800138000"]], [["姓名", "手机"]]), "正常"),
        (lambda u: u.XLCRM_TIER([[80000]], [[12]]), "高"),
        (lambda u: u.XLCRM_TIER(300, 1), "低"),
    ],
)
def test_one_cell_gives_one_value(udfs: ModuleType, call: object, expected: object) -> None:
    assert call(udfs) == expected  # type: ignore[operator]


def test_a_range_gives_an_array_of_its_shape(udfs: ModuleType) -> None:
    assert udfs.XLCRM_PHONE_OK([["13800138000"], ["12345"]]) == [[True], [False]]
    assert udfs.XLCRM_TIER([[80000, 300]], [[12, 1]]) == [["高", "低"]]
    rows = [["张三", "13800138000"], ["李四", "12345"]]
    result = udfs.XLCRM_CHECK_ROW(rows, ["姓名", "手机"])
    assert result[0] == ["正常"] and len(result) == 2 and "无效" in result[1][0]


def test_ok_functions_return_booleans_and_blank_for_empty(udfs: ModuleType) -> None:
    assert udfs.XLCRM_PHONE_OK([["13800138000", "12345", None]]) == [[True, False, ""]]
    assert udfs.XLCRM_EMAIL_OK([["a@qq.com"], ["A@QQ.COM "], ["a@@qq.com"], [""]]) == [
        [True], [True], [False], [""],
    ]  # fmt: skip
    assert udfs.XLCRM_EMAIL_OK("a@qq.com") is True  # a single cell stays a single value


def test_check_row_one_text_per_row(udfs: ModuleType) -> None:
    headers = ["姓名", "手机", "邮箱"]
    rows = [["张三", "13800138000", ""], ["", "", ""], ["李四", "1380013800A", "x@qq.con"]]
    result = udfs.XLCRM_CHECK_ROW(rows, headers)
    assert result[0] == ["正常"]
    assert "姓名" in result[1][0] and "至少填写一项" in result[1][0]
    assert "无效" in result[2][0] and "qq.com" in result[2][0]
    english = udfs.XLCRM_CHECK_ROW([["Ann", "13800138000", ""]], ["Name", "Phone", "Email"], "en")
    assert english == "OK"


class _FakeSheet:
    def __init__(self, name: str, rows: list[list[object]]) -> None:
        self.name = name
        self.used_range = type("R", (), {"value": rows})()


class _FakeBook:
    def __init__(self, sheets: list[_FakeSheet]) -> None:
        self._sheets = {s.name: s for s in sheets}

    @property
    def sheets(self) -> _FakeSheets:
        return _FakeSheets(self._sheets)


class _FakeSheets(dict):  # type: ignore[type-arg]
    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values())


def _caller_with_settings(rows: list[list[object]]) -> object:
    """Stands in for xlwings' ``caller`` Range: .sheet.book.sheets[...].used_range.value."""
    book = _FakeBook([_FakeSheet("客户", []), _FakeSheet("设置", rows)])
    return type("Caller", (), {"sheet": type("S", (), {"book": book})()})()


def test_tier_activity_and_rfm_over_columns(udfs: ModuleType) -> None:
    import datetime as dt

    amounts = [[80000], [15000], [300], [None]]
    counts = [[12], [4], [1], [None]]
    assert udfs.XLCRM_TIER(amounts, counts) == [["高"], ["中"], ["低"], [""]]
    dates = [[dt.datetime(2026, 11, 1)], [dt.datetime(2026, 7, 1)], [dt.datetime(2025, 1, 1)]]
    asof = dt.datetime(2026, 11, 23)
    assert udfs.XLCRM_ACTIVITY(dates, asof) == [["活跃"], ["一般"], ["沉睡"]]
    codes = udfs.XLCRM_RFM(dates, counts[:3], amounts[:3], asof)
    assert [len(c[0]) for c in codes] == [3, 3, 3] and codes[0][0] > codes[2][0]


def test_tier_functions_read_the_workbooks_settings_sheet(udfs: ModuleType) -> None:
    import datetime as dt

    caller = _caller_with_settings(
        [["设置项", "值", "说明", "键"], ["活跃天数", 10, "", "activity_active_days"]]
    )
    dates = [[dt.date(2026, 11, 1)]]
    asof = dt.date(2026, 11, 23)
    assert udfs.XLCRM_ACTIVITY(dates, asof) == "活跃"  # default: within 90 days
    assert udfs.XLCRM_ACTIVITY(dates, asof, caller) == "一般"  # the sheet says 10 days
