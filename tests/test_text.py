"""The message catalogue: every sentence, exactly, in both languages, from one table."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from xlcrm.errors import XlcrmError
from xlcrm.text import CATALOGUE, Text, as_language, message

PACKAGE = Path(__file__).resolve().parents[1] / "xlcrm"

# code, values, Chinese, English: one row per catalogue entry.
MESSAGES: list[tuple[str, dict[str, object], str, str]] = [
    ("no_such_action", {"name": "x"}, "没有名为“x”的操作。", "There is no action named 'x'."),
    # -- xlsx: the workbook patcher
    (
        "not_a_worksheet",
        {"name": "图表"},
        "“图表”不是普通工作表（可能是图表工作表），无法标注单元格。",
        "'图表' is not a worksheet (perhaps a chart sheet); its cells cannot be marked.",
    ),
    (
        "output_needs_xlsm",
        {"name": "out.xlsx"},
        "这个工作簿含有宏，输出文件应以 .xlsm 结尾，否则 Excel 无法打开：“out.xlsx”。",
        "This workbook has macros, so the output must end in .xlsm or Excel will not open it:"
        " out.xlsx.",
    ),
    (
        "output_needs_xlsx",
        {"name": "out.xlsm"},
        "这个工作簿不含宏，输出文件应以 .xlsx 结尾，否则 Excel 无法打开：“out.xlsm”。",
        "This workbook has no macros, so the output must end in .xlsx or Excel will not open it:"
        " out.xlsm.",
    ),
    (
        "output_not_writable",
        {"name": "out.xlsx"},
        "无法写入“out.xlsx”：文件被其他程序占用或没有权限。",
        "out.xlsx cannot be written; it is open in another program or read-only.",
    ),
    (
        "sheet_not_found",
        {
            "name": "Customers",
            "file": "a.xlsx",
            "sheets": Text.join([Text.same("客户"), Text.same("其他")]),
        },
        "工作簿中没有名为“Customers”的工作表（现有：客户、其他）。",
        "There is no sheet named 'Customers' in a.xlsx (sheets: 客户, 其他).",
    ),
    (
        "workbook_damaged",
        {"detail": "zip"},
        "工作簿已损坏（zip），无法修改；请用 Excel 打开修复后另存，或使用备份。",
        "The workbook is damaged (zip) and cannot be edited; open it in Excel to repair and save"
        " it, or use a backup.",
    ),
    (
        "workbook_layout_unsupported",
        {},
        "这个文件使用“严格 Open XML”或其他格式，xlcrm 无法修改；请在 Excel 中另存为普通 .xlsx。",
        "The workbook uses Strict Open XML or another layout xlcrm cannot edit; save it in Excel"
        " as a normal .xlsx workbook.",
    ),
    # -- io: reading and writing files
    # io/writer, io/copies
    (
        "csv_cannot_carry_marks",
        {"name": "a.csv"},
        "“a.csv”是 CSV 文件，无法在原文件上标注；请先另存为 .xlsx。",
        "a.csv is a CSV file, which cannot carry marks; save it as an .xlsx workbook first.",
    ),
    (
        "input_locked_for_edit",
        {"name": "a.xlsx"},
        "无法读取“a.xlsx”，文件被其他程序占用。",
        "a.xlsx is locked by another program; close it and try again.",
    ),
    (
        "output_folder_missing",
        {"folder": "/no/such"},
        "输出文件夹“/no/such”不存在。",
        "The output folder /no/such does not exist.",
    ),
    (
        "output_not_a_workbook",
        {"name": "out.csv"},
        "输出文件必须是 .xlsx 或 .xlsm，而不是“out.csv”。",
        "The output must be an .xlsx or .xlsm file, not out.csv.",
    ),
    (
        "output_open_in_excel",
        {"name": "out.xlsx"},
        "“out.xlsx”正在 Excel 中打开，请先关闭它或换一个输出文件名。",
        "out.xlsx is open in Excel; close it or choose another output name.",
    ),
    (
        "output_overwrites_input",
        {"name": "a.xlsx"},
        "输出文件不能与输入文件相同，以免覆盖原始数据；请用 --out 指定新文件名。",
        "The output would overwrite the input a.xlsx; choose another file name with --out.",
    ),
]


def test_every_catalogue_entry_is_in_the_table() -> None:
    assert sorted(code for code, *_ in MESSAGES) == sorted(CATALOGUE)


@pytest.mark.parametrize(("code", "values", "zh", "en"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_message_reads_exactly(code: str, values: dict[str, object], zh: str, en: str) -> None:
    text = message(code, **values)
    assert (text.zh, text.en) == (zh, en)
    error = XlcrmError(code, **values)
    assert error.code == code
    assert str(error) == f"{zh} {en}"
    assert (error.in_language("zh"), error.in_language("en")) == (zh, en)


def _codes_used() -> set[str]:
    """Every string literal passed first to an ...Error(...) call or message(...) in xlcrm/."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            ours = name.endswith("Error") and not hasattr(builtins, name)
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if (ours or name == "message") and literal and first.value.isidentifier():
                used.add(first.value)
    return used


def test_every_code_raised_is_in_the_catalogue() -> None:
    missing = {code for code in _codes_used() if code.islower()} - set(CATALOGUE)
    assert not missing


def test_text_picks_formats_and_joins() -> None:
    saved = Text("已写入“{name}”。", "Wrote {name}.")
    assert saved.format(name="a.xlsx")("en") == "Wrote a.xlsx."
    assert saved.format(name="a.xlsx")("zh") == "已写入“a.xlsx”。"
    assert saved.format(name=Text("甲", "A"))("en") == "Wrote A."
    assert str(Text("好", "Good")) == "好 Good"
    assert str(Text.same("C001")) == "C001"
    assert Text.join([Text("甲", "A"), Text("乙", "B")])("zh") == "甲、乙"
    assert (Text("a", "b") + Text("c", "d"))("en") == "bd"
    assert [as_language(x) for x in ("en", "EN", "zh", "auto", None)] == [
        "en",
        "en",
        "zh",
        "zh",
        "zh",
    ]
