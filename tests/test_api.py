"""The public library API (``import xlcrm``): the same work as the commands, on a path or a
DataFrame, without the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import xlcrm
from tests.conftest import REPO
from xlcrm.cli.app import app
from xlcrm.errors import FileMissingError, SettingsError

HEADER = ["客户编号", "姓名", "手机号码", "电子邮箱", "最近购买日期", "购买次数", "累计消费金额"]
ROWS = [
    ["C001", "陈伟", "13800138000", "chenwei@example.cn", dt.date(2026, 10, 1), 12, 60000],
    ["C002", "李娜", "1380013800A", "lina@example", dt.date(2025, 1, 5), 1, 300],
    ["C003", "陳偉", "138 0013 8000", "ChenWei@Example.cn", dt.date(2026, 9, 1), 2, 800],
]
ASOF = dt.date(2026, 11, 1)


@pytest.fixture
def book(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook([["2026 客户"], HEADER, *ROWS], name="客户.xlsx")


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=HEADER)


def test_the_public_names_are_few_and_documented() -> None:
    assert sorted(xlcrm.__all__) == sorted(
        ["Text", "XlcrmError", "__version__", "check", "find_duplicates", "read_table",
         "summarise", "tier"]
    )  # fmt: skip
    for name in xlcrm.__all__:
        value = getattr(xlcrm, name)
        assert isinstance(value, str) or value.__doc__, name
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert xlcrm.__version__ == project["version"]


def test_importing_xlcrm_loads_neither_pandas_nor_the_command_line() -> None:
    code = "import sys, xlcrm; print(sorted({'pandas', 'typer', 'openpyxl'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


def test_read_table_finds_the_header_in_a_file_and_takes_a_frame_as_it_is(
    book: Path, frame: pd.DataFrame
) -> None:
    table = xlcrm.read_table(book)
    assert table.header_row == 2 and list(table.df.index) == [3, 4, 5]
    assert table.field_keys["phone"] == "phone"
    from_frame = xlcrm.read_table(frame)
    assert from_frame.header_row == 1 and list(from_frame.df.index) == [2, 3, 4]
    assert from_frame.inspect()["columns"][2] == {
        "column": "C",
        "header": "手机号码",
        "field": "phone",
    }


def test_check_is_the_issues_table_the_command_prints(
    book: Path, frame: pd.DataFrame, runner: CliRunner
) -> None:
    issues = xlcrm.check(book, asof=ASOF)
    assert list(issues.columns) == [
        "row", "field", "header", "value", "code", "severity", "message", "suggestion"
    ]  # fmt: skip
    assert sorted(zip(issues["row"], issues["field"], strict=True)) == [
        (4, "email"),
        (4, "phone"),
    ]
    printed = runner.invoke(app, ["check", str(book), "--json", "--asof", ASOF.isoformat()])
    cli = json.loads(printed.stdout)["issues"]
    assert [i["code"] for i in cli] == list(issues["code"])
    from_frame = xlcrm.check(frame, asof=ASOF)
    assert list(from_frame["code"]) == list(issues["code"])
    assert list(from_frame["row"]) == [r - 1 for r in issues["row"]]  # no title row above


def test_find_duplicates_names_the_rows_of_one_customer(book: Path, frame: pd.DataFrame) -> None:
    (group,) = xlcrm.find_duplicates(book)
    assert group.rows == (3, 5) and 0 < group.score <= 1
    assert [g.rows for g in xlcrm.find_duplicates(frame)] == [(2, 4)]
    assert xlcrm.find_duplicates(frame, on=["客户编号"]) == []


def test_find_duplicates_checks_the_threshold_as_the_command_does(frame: pd.DataFrame) -> None:
    with pytest.raises(SettingsError) as raised:
        xlcrm.find_duplicates(frame, threshold=1.5)
    assert str(raised.value) == (
        "--threshold 应在 0 到 1 之间，而不是 1.5。 --threshold must be between 0 and 1, not 1.5."
    )


def test_tier_and_summarise(book: Path) -> None:
    tiers = xlcrm.tier(book, asof=ASOF)
    assert list(tiers.index) == [3, 4, 5]
    assert tiers.loc[3, "value_tier"] == "高" and tiers.loc[4, "activity"] == "沉睡"
    blocks = xlcrm.summarise(book, asof=ASOF)
    assert {"segment", "top_customers"} <= set(blocks)  # no tags column: no tag block
    top = blocks["top_customers"]
    assert list(top["name"]) == ["陈伟", "陳偉", "李娜"] and top["amount"].iloc[0] == 60000


def test_errors_are_the_one_error_root(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError) as raised:
        xlcrm.check(tmp_path / "nope.xlsx")
    assert isinstance(raised.value, xlcrm.XlcrmError)
    assert str(xlcrm.Text("好", "Good")) == "好 Good"
