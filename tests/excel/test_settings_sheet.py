"""The Settings sheet of an open workbook, read through stand-ins for xlwings objects."""

from __future__ import annotations

from xlcrm.excel.settings_sheet import settings_of_book, settings_of_caller


class _Sheet:
    def __init__(self, name: str, rows: object) -> None:
        self.name = name
        self.used_range = type("Range", (), {"value": rows})()


class _Sheets(dict):  # type: ignore[type-arg]
    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values())


class _Book:
    def __init__(self, *sheets: _Sheet) -> None:
        self.sheets = _Sheets({s.name: s for s in sheets})


def test_settings_and_rule_tables_come_from_the_settings_sheet() -> None:
    rows = [
        ["设置项", "值", "说明", "键"],
        ["活跃天数", 10, "", "activity_active_days"],
        [None, None, None, None],
        ["合并规则", None, None, "survivorship"],
        ["字段", "规则", None, None],
        ["电话", "最早", None, None],
    ]
    settings = settings_of_book(_Book(_Sheet("客户", []), _Sheet("设置", rows)))
    assert settings is not None and settings.activity_active_days == 10
    assert settings.table_rows("survivorship") == (("电话", "最早"),)


def test_no_settings_sheet_or_no_caller_means_the_defaults() -> None:
    assert settings_of_book(_Book(_Sheet("客户", []))) is None
    assert settings_of_caller(None) is None
