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
    # audit
    (
        "audit_log_last_line_invalid",
        {"log": "a.jsonl"},
        "审计日志 a.jsonl 的最后一行不是有效的记录，日志可能已损坏；请运行 xlcrm audit verify 检查。",
        "The last line of the audit log a.jsonl is not a valid entry, so the log may be"
        " damaged; run xlcrm audit verify to check it.",
    ),
    (
        "audit_log_line_not_json",
        {"log": "a.jsonl", "line": 3},
        "审计日志 a.jsonl 第 3 行不是有效的 JSON，请运行 xlcrm audit verify 检查。",
        "Line 3 of the audit log a.jsonl is not valid JSON; run xlcrm audit verify to check"
        " the log.",
    ),
    (
        "audit_log_missing",
        {"log": "a.jsonl"},
        "找不到审计日志 a.jsonl，请确认路径，或先在该文件夹运行一次 xlcrm 操作。",
        "The audit log a.jsonl does not exist; check the path, or run an xlcrm action in that"
        " folder first.",
    ),
    (
        "audit_log_not_readable",
        {"log": "a.jsonl", "reason": "Permission denied"},
        "无法读取审计日志 a.jsonl（Permission denied）。",
        "Cannot read the audit log a.jsonl (Permission denied).",
    ),
    (
        "audit_log_not_writable",
        {"log": "a.jsonl", "reason": "Permission denied"},
        "无法写入审计日志 a.jsonl（Permission denied），请检查该文件夹是否存在且可写。",
        "Cannot write the audit log a.jsonl (Permission denied); check that its folder exists"
        " and is writable.",
    ),
    ("no_such_action", {"name": "x"}, "没有名为“x”的操作。", "There is no action named 'x'."),
    # settings
    (
        "high_amount_below_mid_amount",
        {},
        "“高价值金额”不能小于“中价值金额”。",
        "'High value amount' must not be less than 'Medium value amount'.",
    ),
    (
        "no_such_setting",
        {"name": "colour"},
        "没有名为“colour”的设置。",
        "There is no setting named 'colour'.",
    ),
    (
        "setting_above_maximum",
        {"setting": Text("查重阈值", "Duplicate threshold"), "maximum": 1.0, "value": "1.5"},
        "设置“查重阈值”不能大于 1（现为 1.5）。",
        "Setting 'Duplicate threshold' must be at most 1, not 1.5.",
    ),
    (
        "setting_below_minimum",
        {"setting": Text("活跃天数", "Active within days"), "minimum": 1, "value": "0"},
        "设置“活跃天数”不能小于 1（现为 0）。",
        "Setting 'Active within days' must be at least 1, not 0.",
    ),
    (
        "setting_invalid",
        {
            "setting": Text("活跃天数", "Active within days"),
            "value": "abc",
            "kind": Text("整数", "a whole number"),
        },
        "设置“活跃天数”的值“abc”无效，应为整数。",
        "Setting 'Active within days' has the invalid value 'abc'; expected a whole number.",
    ),
    (
        "setting_not_a_choice",
        {"setting": Text("界面语言", "Language"), "allowed": "auto / zh / en", "value": "fr"},
        "设置“界面语言”只能是 auto / zh / en，而不是“fr”。",
        "Setting 'Language' must be one of auto / zh / en, not 'fr'.",
    ),
    (
        "sleeping_days_below_active_days",
        {},
        "“沉睡天数”不能小于“活跃天数”。",
        "'Sleeping after days' must not be less than 'Active within days'.",
    ),
    # io/reader, io/sources, io/passwords, io/backup
    (
        "backup_failed",
        {"file": "a.xlsx", "reason": "Disk full"},
        "无法备份“a.xlsx”：Disk full。未做任何修改。",
        "Could not back up a.xlsx (Disk full); nothing was changed.",
    ),
    (
        "backup_source_missing",
        {"path": "d/a.xlsx"},
        "找不到文件“d/a.xlsx”。",
        "File not found: d/a.xlsx",
    ),
    (
        "csv_encoding_unknown",
        {"file": "a.csv"},
        "无法识别“a.csv”的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx。",
        "The text encoding of a.csv is not UTF-8 or GBK; save it as 'CSV UTF-8' or .xlsx and"
        " try again.",
    ),
    (
        "file_locked",
        {"file": "a.xlsx"},
        "无法打开“a.xlsx”：文件被其他程序占用或没有权限，请在 Excel/WPS 中关闭后重试。",
        "a.xlsx is locked by another program or not readable; close it in Excel or WPS and"
        " try again.",
    ),
    (
        "file_missing",
        {"path": "d/a.xlsx"},
        "找不到文件“d/a.xlsx”，请检查路径和文件名。",
        "The file d/a.xlsx does not exist; check the path and the file name.",
    ),
    (
        "format_not_supported",
        {"file": "a.xls"},
        "不支持“a.xls”的格式，请在 Excel 中“另存为” .xlsx 工作簿后再试。",
        "a.xls is in a format xlcrm does not read; open it in Excel, save it as an .xlsx"
        " workbook and try again.",
    ),
    (
        "no_header_row",
        {"sheet": "客户", "rows": 30, "file": "a.xlsx"},
        "在“客户”的前 30 行中找不到表头（如 姓名、手机、邮箱）；"
        "请确认表头行存在，或用 --sheet 指定正确的工作表。",
        "No header row (such as Name, Phone, Email) was found in the first 30 rows of"
        " '客户' in a.xlsx; check the header or choose the sheet with --sheet.",
    ),
    (
        "not_a_workbook",
        {"file": "a.xlsx"},
        "“a.xlsx”不是 Excel 工作簿（.xlsx/.xlsm）或 CSV 文件，可能已损坏。",
        "a.xlsx is not an Excel workbook (.xlsx/.xlsm) or a CSV file; it may be damaged.",
    ),
    (
        "password_not_decrypting",
        {"file": "a.xlsx"},
        "无法用所给密码解开“a.xlsx”。",
        "a.xlsx could not be decrypted with the password given.",
    ),
    (
        "password_required",
        {"file": "a.xlsx"},
        "“a.xlsx”设置了打开密码，需要密码才能读取（设置环境变量 XLCRM_PASSWORD 或按提示输入）。",
        "a.xlsx is protected with a password; give the password (XLCRM_PASSWORD or the"
        " prompt) to read it.",
    ),
    (
        "password_wrong",
        {"file": "a.xlsx"},
        "“a.xlsx”的密码不正确。",
        "The password for a.xlsx is wrong.",
    ),
    (
        "path_is_folder",
        {"path": "d"},
        "“d”是一个文件夹，请给出工作簿文件。",
        "d is a folder; give the path of a workbook file.",
    ),
    (
        "sheet_empty",
        {"sheet": "客户", "file": "a.xlsx"},
        "工作表“客户”是空的，没有可处理的数据。",
        "The sheet '客户' in a.xlsx is empty; there is nothing to process.",
    ),
    (
        "sheet_not_found",
        {
            "name": "x",
            "file": "a.xlsx",
            "sheets": Text.join([Text.same("客户"), Text.same("设置")]),
        },
        "工作簿中没有名为“x”的工作表（现有：客户、设置）。",
        "There is no sheet named 'x' in a.xlsx (sheets: 客户, 设置).",
    ),
    (
        "workbook_damaged",
        {"file": "a.xlsx"},
        "“a.xlsx”已损坏或不完整，无法读取；请用 Excel 打开修复后另存，或使用备份。",
        "a.xlsx is damaged or incomplete; open it in Excel to repair and save it, or use a backup.",
    ),
    (
        "zip_not_a_workbook",
        {"file": "a.docx"},
        "“a.docx”是压缩包但不是 Excel 工作簿（可能是 Word 或其他文件）。",
        "a.docx is a zip package but not an Excel workbook.",
    ),
    # excel/ribbon
    (
        "ask_file_password",
        {"name": "a.xlsx"},
        "“a.xlsx”设置了打开密码，请输入密码：",
        "a.xlsx is protected with a password; type it:",
    ),
    (
        "ask_secret",
        {"secret": Text("加密口令", "passphrase")},
        "请输入加密口令：",
        "Type the passphrase:",
    ),
    (
        "ask_secret_again",
        {"secret": Text("加密口令", "passphrase")},
        "请再输入一次加密口令：",
        "Type the passphrase again:",
    ),
    ("nothing_typed", {}, "没有输入内容，未做任何操作。", "Nothing was typed; nothing was done."),
    (
        "ribbon_confirm_change",
        {"action": Text("检查", "Check")},
        "“检查”会修改工作簿中的数据；修改前的内容会先备份，可用“撤销”恢复。继续吗？",
        "Check changes data in this workbook; what it replaces is backed up first and Undo"
        " puts it back. Continue?",
    ),
    (
        "ribbon_confirm_undo",
        {},
        "撤销上一次 xlcrm 修改吗？",
        "Undo the last xlcrm change in this workbook?",
    ),
    (
        "ribbon_internal_error",
        {"kind": "KeyError", "error": "'x'"},
        "内部错误（KeyError: 'x'）；请设置 XLCRM_DEBUG=1 重试 并报告此问题。",
        "Internal error; run again with XLCRM_DEBUG=1 and report it.",
    ),
    (
        "ribbon_tag_unknown",
        {"tag": "inspect"},
        "功能区按钮“inspect”不是 xlcrm 的操作；请重新安装加载项。",
        "The ribbon button 'inspect' is not an xlcrm action; reinstall the add-in.",
    ),
    (
        "save_workbook_first",
        {},
        "请先保存工作簿再运行此操作。",
        "Save the workbook first; this action works on the file.",
    ),
    (
        "secrets_differ",
        {"secret": Text("新的打开密码", "new opening password")},
        "两次输入的新的打开密码不一致，未做任何操作。",
        "The two entries of the new opening password do not match; nothing was done.",
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
