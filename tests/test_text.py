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
    # io/crypto
    (
        "crypto_column_missing",
        {"sheet": "客户", "name": "微信", "listed": "name, phone"},
        "工作表“客户”中没有“微信”这一列（现有：name, phone）。",
        "There is no column '微信' in the sheet '客户' (columns: name, phone).",
    ),
    (
        "crypto_columns_needed",
        {},
        "请用 --columns 指定要处理的列（这个表没有手机、邮箱、地址列）。",
        "Name the columns with --columns (the sheet has no phone, email or address column).",
    ),
    (
        "crypto_formulas_depended_on",
        {"cells": Text("C2、C3", "C2, C3")},
        "单元格 C2、C3 的公式被其他单元格引用，无法替换为密文；"
        "请先把这一列改为数值（复制 → 选择性粘贴 → 数值）；未写入任何文件。",
        "The cells C2, C3 hold formulas other cells depend on, so they cannot be encrypted;"
        " paste the column as values first; nothing was written.",
    ),
    (
        "crypto_key_damaged",
        {"property": "xlcrm_crypto"},
        "文档属性 xlcrm_crypto 已损坏，无法解密。",
        "The document property xlcrm_crypto is damaged; the columns cannot be decrypted.",
    ),
    (
        "crypto_key_missing",
        {"name": "a.xlsx", "property": "xlcrm_crypto"},
        "“a.xlsx”中有 xlcrm 密文，但缺少解密所需的盐值和校验值（自定义文档属性 xlcrm_crypto 不见了）。",
        "a.xlsx holds xlcrm tokens but its salt and key check value (the custom document"
        " property xlcrm_crypto) are missing; use a backup.",
    ),
    (
        "crypto_tokens_not_decrypted",
        {"count": 7, "cells": Text("C2、C3…", "C2, C3, ...")},
        "有 7 个单元格无法解密（C2、C3…）：密文被改动过，或被移到了别的行或列"
        "（例如排序后）；未写入任何文件。",
        "7 cells could not be decrypted (C2, C3, ...): their tokens were changed or moved to"
        " another row or column (for example by sorting); nothing was written.",
    ),
    (
        "protect_not_a_workbook",
        {"name": "a.csv"},
        "只能给 .xlsx/.xlsm 工作簿加密码，“a.csv”不是。",
        "Only .xlsx/.xlsm workbooks can get a password; a.csv is not one.",
    ),
    (
        "protect_password_needed",
        {},
        "需要密码（设置环境变量 XLCRM_PASSWORD 或按提示输入）。",
        "A password is needed (XLCRM_PASSWORD or the prompt).",
    ),
    (
        "protect_settings_damaged",
        {},
        "设置表已损坏。",
        "The Settings sheet is damaged (no sheetData).",
    ),
    (
        "wrong_passphrase",
        {},
        "口令不正确：与加密这个工作簿时所用的口令不同；未写入任何文件。",
        "The passphrase is wrong: it is not the one this workbook was encrypted with; nothing"
        " was written.",
    ),
    # io/dedupe
    (
        "duplicates_line_not_whole",
        {},
        "组号或行号不是整数",
        "the group or row is not a whole number",
    ),
    ("duplicates_line_row_twice", {"row": 7}, "第 7 行出现在两个组中", "row 7 is in two groups"),
    (
        "duplicates_line_unreadable",
        {"sheet": "重复客户", "line": 3, "problem": Text("组号不对", "bad group")},
        "“重复客户”第 3 行无法读取：组号不对；请改正或重新运行 xlcrm dedupe --out。",
        "Line 3 of '重复客户' cannot be read: bad group; fix it or run xlcrm dedupe --out again.",
    ),
    (
        "duplicates_row_missing",
        {"sheet": "Duplicates", "row": 9, "data": "Customers"},
        "“Duplicates”列出的第 9 行在数据表“Customers”中是空的或不存在；"
        "数据表可能在查重后被改动，请重新运行 xlcrm dedupe --out。",
        "Row 9 listed in 'Duplicates' is empty or missing in 'Customers'; the sheet may have"
        " changed since dedupe ran, so run xlcrm dedupe --out again.",
    ),
    (
        "duplicates_sheet_missing",
        {"name": "a.xlsx"},
        "“a.xlsx”中没有“重复客户”工作表；请先运行 xlcrm dedupe FILE --out，"
        "在输出文件的“合并?”列选 Y/N 后再合并，或用 --auto 直接合并。",
        "a.xlsx has no Duplicates sheet; run xlcrm dedupe FILE --out first and merge its output"
        " after marking Y/N in the Merge? column, or use --auto.",
    ),
    (
        "duplicates_sheet_without_columns",
        {"sheet": "重复客户", "columns": Text("组、行", "Group, Row")},
        "“重复客户”工作表缺少这些列：组、行；请重新运行 xlcrm dedupe --out。",
        "The sheet '重复客户' has no Group, Row column; run xlcrm dedupe --out again to make it.",
    ),
    (
        "merge_journal_damaged",
        {"name": "a.xlsx", "journal": "xlcrm_merge_journal"},
        "“a.xlsx”中的合并记录（隐藏工作表 xlcrm_merge_journal）已损坏，无法撤销合并；"
        "请从 .xlcrm/backups 中的备份恢复。",
        "The merge journal (hidden sheet xlcrm_merge_journal) in a.xlsx is damaged, so the merge"
        " cannot be undone; restore the backup from .xlcrm/backups.",
    ),
    (
        "unmerge_nothing_merged",
        {"name": "a.xlsx"},
        "“a.xlsx”中没有合并记录，无需撤销；请选择 xlcrm merge 输出的文件。",
        "a.xlsx holds no merge to undo; choose a file written by xlcrm merge.",
    ),
    (
        "unmerge_row_edited",
        {"sheet": "客户", "row": 5},
        "合并后“客户”第 5 行已被修改，撤销会覆盖这些修改，因此未撤销；"
        "请从 .xlcrm/backups 中的备份恢复，或先把该行改回。",
        "Row 5 of '客户' was edited after the merge and unmerging would overwrite that edit, so"
        " nothing was changed; restore the backup from .xlcrm/backups or undo the edit first.",
    ),
    (
        "unmerge_sheet_gone",
        {"sheet": "客户"},
        "合并记录指向的工作表“客户”已不存在，无法撤销合并。",
        "The merged sheet '客户' is no longer in the workbook, so the merge cannot be undone.",
    ),
    # io/monthly
    (
        "collect_folder_missing",
        {"folder": "back"},
        "找不到文件夹“back”。",
        "The folder back does not exist.",
    ),
    (
        "collect_password_file_missing",
        {"path": "p.json"},
        "找不到密码文件“p.json”。",
        "The password file p.json does not exist.",
    ),
    (
        "distribute_column_missing",
        {"by": "区域"},
        "表中没有“区域”这一列，无法按它分发。",
        "The sheet has no column '区域' to distribute by.",
    ),
    (
        "distribute_folder_used",
        {"folder": "out", "file": "张三.xlsx"},
        "文件夹“out”里已有上次分发的文件（张三.xlsx 等），为免覆盖，请换一个空文件夹。",
        "The folder out already holds files of a distribution (张三.xlsx ...); choose an empty"
        " folder so nothing is overwritten.",
    ),
    (
        "manifest_damaged",
        {"name": "m.json", "problem": "bad JSON"},
        "分发清单“m.json”已损坏，无法读取。",
        "The manifest m.json is damaged: bad JSON.",
    ),
    (
        "manifest_missing",
        {"path": "back/m.json", "manifest": "xlcrm-manifest.json"},
        "找不到分发清单“back/m.json”；请把 xlcrm-manifest.json 放进收回文件夹，或用 --manifest 指定。",
        "The manifest back/m.json was not found; put xlcrm-manifest.json in the folder or give"
        " it with --manifest.",
    ),
    (
        "month_invalid",
        {"month": "2026-13"},
        "月份“2026-13”无效，请写成 YYYY-MM（如 2026-11）。",
        "The month '2026-13' is not valid; write it as YYYY-MM, e.g. 2026-11.",
    ),
    (
        "password_file_damaged",
        {"name": "p.json"},
        "密码文件“p.json”已损坏。",
        "The password file p.json is damaged.",
    ),
    (
        "returned_file_no_password",
        {"name": "a.xlsx"},
        "“a.xlsx”：没有能打开它的密码。",
        "a.xlsx: no password",
    ),
    # io/retention
    (
        "archive_password_needed",
        {"name": "a.archive.xlsx"},
        "归档工作簿“a.archive.xlsx”需要密码，请设置 XLCRM_PASSWORD 或在提示时输入。",
        "The archive workbook a.archive.xlsx needs a password; set XLCRM_PASSWORD or type it at"
        " the prompt.",
    ),
    (
        "retention_csv_in_place",
        {},
        "CSV 文件不能原地应用保留规则，请去掉 --in-place（结果写入新的 .xlsx）。",
        "Retention cannot change a CSV file in place; drop --in-place to write a new .xlsx.",
    ),
    (
        "retention_input_encrypted",
        {"name": "a.xlsx"},
        "“a.xlsx”已加密，请先用 xlcrm unprotect 解密再应用保留规则。",
        "a.xlsx is encrypted; decrypt it with xlcrm unprotect before applying retention.",
    ),
    (
        "retention_password_missing",
        {"name": "a.xlsx"},
        "“a.xlsx”已加密，请用 XLCRM_PASSWORD 或提示输入密码。",
        "a.xlsx is encrypted; give its password through XLCRM_PASSWORD or the prompt.",
    ),
    (
        "retention_password_wrong",
        {"name": "a.xlsx"},
        "“a.xlsx”的密码不正确，未做任何修改。",
        "The password for a.xlsx is wrong; nothing was changed.",
    ),
    # io/templates
    (
        "template_language_unknown",
        {"language": "fr"},
        "没有“fr”语言的模板，请用 zh 或 en。",
        "There is no 'fr' template; use zh or en.",
    ),
    (
        "template_unreadable",
        {"name": "a.xlsx"},
        "“a.xlsx”不是可读取的 Excel 工作簿，可能已损坏。",
        "a.xlsx is not a readable Excel workbook; it may be damaged.",
    ),
    (
        "templates_destination_is_file",
        {"dest": "out.txt"},
        "“out.txt”是一个文件，请给出文件夹。",
        "'out.txt' is a file; give a folder instead.",
    ),
    # excel/undo_sheet
    (
        "nothing_to_undo",
        {},
        "没有可撤销的 xlcrm 修改。",
        "There is no xlcrm change to undo in this workbook.",
    ),
    (
        "undo_done",
        {"action": "tier", "rows": 12, "sheets": 1},
        "已撤销上一次“tier”操作（恢复 12 行，删除 1 个新工作表）。",
        "Undid the last 'tier' (12 rows restored, 1 new sheets removed).",
    ),
    # addin
    (
        "addin_needs_excel",
        {},
        "安装加载项需要 Windows 或 macOS 上的 Microsoft Excel；在此系统上请用"
        " xlcrm addin build 生成 xlcrm.xlam 后复制到 Windows 电脑。",
        "Installing the add-in needs Microsoft Excel on Windows or macOS; on this system run"
        " 'xlcrm addin build' and copy xlcrm.xlam to a Windows PC.",
    ),
    (
        "addin_vba_missing",
        {"folder": "macros"},
        "找不到加载项的 VBA 源文件（macros/*.bas）；请在 xlcrm 源代码目录中运行。",
        "The add-in's VBA sources (macros/*.bas) are missing; run from an xlcrm source checkout.",
    ),
    (
        "excel_unreachable",
        {"error": "no COM"},
        "无法连接 Excel（no COM）；请确认已安装 Microsoft Excel。",
        "Could not reach Excel (no COM); check that Microsoft Excel is installed.",
    ),
    (
        "startup_folder_locked",
        {},
        "无法写入 Excel 启动文件夹；请先退出 Excel 再安装。",
        "Could not write to Excel's start-up folder; quit Excel and install again.",
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
