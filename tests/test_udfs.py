"""Cell functions: plain-callable here, one call per range, the result the shape of the input."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def udfs() -> ModuleType:
    sys.path.insert(0, str(REPO / "udfs"))
    try:
        import xlcrm_udfs
    finally:
        sys.path.remove(str(REPO / "udfs"))
    return xlcrm_udfs


def test_phone_on_a_column_range_keeps_its_shape(udfs: ModuleType) -> None:
    column = [["138 0013 8000"], [13900139000.0], ["无"], ["1380013800A"], [None]]
    result = udfs.XLCRM_PHONE(column)
    assert [len(r) for r in result] == [1] * 5
    assert result[0] == ["+8613800138000"] and result[1] == ["+8613900139000"]
    assert result[2] == [""] and result[4] == [""]
    assert "无效" in result[3][0]


def test_phone_national_style_and_other_region(udfs: ModuleType) -> None:
    assert udfs.XLCRM_PHONE([["13800138000"]], "CN", "national") == [["138 0013 8000"]]
    assert udfs.XLCRM_PHONE([["9123 4567"]], "HK") == [["+85291234567"]]


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
    assert english == [["OK"]]
