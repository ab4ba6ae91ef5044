"""Fixtures of the command-line tests: a small customer workbook with a title above it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HEADER = ["客户编号", "姓名", "手机号码", "电子邮箱", "微信号"]


@pytest.fixture
def customers(make_workbook: Callable[..., Path]) -> Path:
    rows = [["2026年客户台账"], [], HEADER, ["C001", "张三", "013800138000", "a@qq.com", "wx"]]
    return make_workbook(rows, name="客户.xlsx")
