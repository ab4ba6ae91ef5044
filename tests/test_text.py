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
    # actions and command line
    ("addin_built", {}, "已生成加载项", "built"),
    ("addin_installed", {}, "已安装", "installed"),
    (
        "addin_restart_excel",
        {},
        "请重启 Excel，功能区会出现“客户数据”选项卡。",
        "Restart Excel: the ribbon shows the xlcrm tab.",
    ),
    (
        "asof_invalid",
        {"text": "2026-13-01"},
        "--asof 的日期“2026-13-01”无效，请写成 YYYY-MM-DD。",
        "--asof must be a date written as YYYY-MM-DD, not '2026-13-01'.",
    ),
    ("audit_intact", {"entries": 5}, "审计日志完好：5 条记录。", "Audit log intact: 5 entries."),
    ("audit_tampered", {}, "审计日志被改动", "tampered"),
    ("cancelled", {}, "已取消。", "Cancelled."),
    (
        "checked",
        {"sheet": "客户", "rows": 3, "errors": 1, "warnings": 2},
        "检查了“客户”的 3 条记录：1 个错误，2 个警告。",
        "Checked 3 records in '客户': 1 errors, 2 warnings.",
    ),
    (
        "checked_and_fixed",
        {"sheet": "客户", "rows": 3, "errors": 1, "warnings": 2, "fixed": 4},
        "检查了“客户”的 3 条记录：1 个错误，2 个警告，已修改 4 个单元格。",
        "Checked 3 records in '客户': 1 errors, 2 warnings, 4 cells changed.",
    ),
    (
        "checked_without",
        {"missing": "email"},
        "（表中没有这些列：email）",
        " (the sheet has no column for: email)",
    ),
    (
        "collected",
        {
            "returned": 2,
            "files": 3,
            "new": 1,
            "changed": 2,
            "deleted": 0,
            "conflicts": 1,
            "invalid": 0,
            "rows_in": 4,
            "rows_out": 9,
            "report": "r.xlsx",
            "more": "",
        },
        "收回 2/3 个文件：新增 1，修改 2，删除 0（已标记），冲突 1，无效 0；收回 4 行，新总表 9 行。报告：r.xlsx。",
        "Collected 2/3 files: 1 new, 2 changed, 0 deleted (flagged), 1 conflicts, 0 invalid; 4 rows in, 9 in the new master. Report: r.xlsx.",
    ),
    ("collected_not_returned", {"names": "王五"}, "；未收回：王五", "; not returned: 王五"),
    (
        "collected_not_used",
        {"files": 3},
        "；3 个文件未采用（见报告“文件”页）",
        "; 3 files not used (see the report's Files sheet)",
    ),
    (
        "decrypted",
        {"sheet": "客户", "changed": 2},
        "已解密“客户”中的 2 个单元格。",
        "Decrypted 2 cells in '客户'.",
    ),
    (
        "decrypted_nothing",
        {"sheet": "客户"},
        "“客户”的这些列中没有密文，未写入文件。",
        "The columns hold no encrypted cells in '客户'; nothing was written.",
    ),
    ("demo_generating", {"rows": 3}, "生成 3 条示例客户记录…", "generating 3 sample records"),
    (
        "distributed",
        {"rows": 3, "files": 3, "month": "2026-11", "manifest": "m.xlsx"},
        "已把 3 条记录分发为 3 个文件（2026-11），清单：m.xlsx。",
        "Distributed 3 records into 3 files (2026-11); manifest: m.xlsx.",
    ),
    (
        "distributed_passwords",
        {"name": "a.xlsx"},
        "密码在 a.xlsx，请单独保管，不要随文件发送。",
        "Passwords are in a.xlsx: keep it apart, never send it.",
    ),
    (
        "duplicates_found",
        {"sheet": "客户", "rows": 3, "groups": 2, "duplicate_rows": 5},
        "在“客户”的 3 条记录中找到 2 组可能重复的客户（共 5 行）。",
        "Found 2 groups of likely duplicate customers (5 rows) among 3 records in '客户'.",
    ),
    (
        "encrypted",
        {"sheet": "客户", "headers": "phone", "changed": 2},
        "已加密“客户”中 phone 列的 2 个单元格。",
        "Encrypted 2 cells of phone in '客户'.",
    ),
    (
        "encrypted_already",
        {"sheet": "客户", "headers": "phone", "left": 2},
        "“客户”中 phone 列已全部加密（2 个单元格），未做改动。",
        "The columns phone in '客户' were already encrypted (2 cells); nothing changed.",
    ),
    (
        "encrypted_by_row",
        {"cells": 3},
        "3 个单元格按行号绑定（该行没有客户编号），解密前请勿排序。",
        "3 cells are bound to their row number (no customer id): do not sort before decrypting.",
    ),
    (
        "encrypted_some",
        {"sheet": "客户", "headers": "phone", "changed": 2, "left": 2},
        "已加密“客户”中 phone 列的 2 个单元格；2 个单元格原已加密，保持不变。",
        "Encrypted 2 cells of phone in '客户'; 2 cells were already encrypted and were left as they were.",
    ),
    (
        "encrypted_still_in_clear",
        {"values": 1},
        "注意：有 1 个值在其他列或工作表中仍以明文出现。",
        "Note: 1 of the values still appear in clear in other columns or sheets.",
    ),
    (
        "inspected",
        {"sheet": "客户", "header_row": 3, "rows": 3, "mapped": 4, "unknown": 1},
        "工作表“客户”：表头在第 3 行，3 条记录，4 列已识别，1 列原样保留。",
        "Sheet '客户': header on row 3, 3 records, 4 columns recognised, 1 carried through unchanged.",
    ),
    (
        "internal_error",
        {"kind": "KeyError", "error": "boom"},
        "内部错误（KeyError: boom）；请设置 XLCRM_DEBUG=1 重试 并报告此问题。",
        "Internal error; run again with XLCRM_DEBUG=1 and report it.",
    ),
    (
        "language_invalid",
        {"value": "fr"},
        "--language 只能是 zh 或 en，而不是“fr”。",
        "--language must be zh or en, not 'fr'.",
    ),
    ("masked_view", {"sheet": "客户"}, "脱敏视图见“客户”。", "A masked view is in '客户'."),
    (
        "merge_nothing_marked",
        {},
        "没有标为 Y 的重复组，未合并，也未写入文件。",
        "No duplicate group is marked Y; nothing was merged or written.",
    ),
    (
        "merged",
        {"sheet": "客户", "groups": 2, "rows_merged": 2},
        "合并了“客户”中的 2 组重复客户：2 行移到“已合并”表，可用 xlcrm unmerge 撤销。",
        "Merged 2 duplicate groups in '客户': 2 rows moved to the Merged sheet; xlcrm unmerge undoes it.",
    ),
    ("not_a_folder", {"path": "out"}, "“out”不是文件夹。", "out is not a folder."),
    (
        "on_column_missing",
        {"name": "a.xlsx", "sheet": "客户", "columns": "姓名"},
        "--on 中的列“a.xlsx”在“客户”中找不到（现有列：姓名）。",
        "The --on column 'a.xlsx' is not in '客户' (columns: 姓名).",
    ),
    (
        "option_out_of_range",
        {"option": "--threshold", "low": "0", "high": "1", "value": 1.5},
        "--threshold 应在 0 到 1 之间，而不是 1.5。",
        "--threshold must be between 0 and 1, not 1.5.",
    ),
    (
        "passphrase_needed",
        {},
        "需要口令：设置环境变量 XLCRM_PASSPHRASE，或在终端中按提示输入。",
        "A passphrase is needed: set XLCRM_PASSPHRASE or type it at the prompt.",
    ),
    (
        "password_needed",
        {},
        "需要密码：设置环境变量 XLCRM_PASSWORD，或在终端中按提示输入。",
        "A password is needed: set XLCRM_PASSWORD or type it at the prompt.",
    ),
    ("prompt_passphrase", {}, "口令", "passphrase"),
    ("prompt_password", {"name": "a.xlsx"}, "a.xlsx 的密码", "password"),
    ("prompt_repeat", {}, "再输入一次", "repeat"),
    (
        "protect_already",
        {"name": "a.xlsx"},
        "“a.xlsx”已设置打开密码，未做改动（要换密码请先去密码）。",
        "a.xlsx already has a password; nothing was changed (unprotect it first to change it).",
    ),
    (
        "protected",
        {},
        "已写入设置打开密码的副本。",
        "Wrote a copy that opens only with the password.",
    ),
    (
        "protected_with_sheet",
        {"sheet": "客户"},
        "已写入设置打开密码的副本，并保护了“客户”工作表。",
        "Wrote a copy that opens only with the password, with the sheet '客户' protected.",
    ),
    (
        "retention_applied",
        {"backup": "b.xlsx"},
        "已应用保留规则，备份：b.xlsx。",
        "Retention applied; backup: b.xlsx.",
    ),
    (
        "retention_dry_run",
        {"due": 2},
        "演练（未做任何修改）：2 条记录到期。",
        "Dry run (nothing changed): 2 records are due.",
    ),
    (
        "retention_no_rules",
        {},
        "工作簿的设置表中没有保留规则，请填写“保留规则”表或用 --rules 指定规则文件。",
        "The workbook's Settings sheet has no retention rules; fill in its 'Retention rules' table or give a rules file with --rules.",
    ),
    (
        "retention_original_kept",
        {"name": "a.xlsx"},
        "注意：原文件“a.xlsx”仍含被销毁的记录；用 --in-place 原地应用或删除原文件。",
        "Note: the original a.xlsx still holds the destroyed records; use --in-place or delete it.",
    ),
    (
        "retention_rules_unreadable",
        {"path": "out", "error": "boom"},
        "无法读取保留规则文件“out”（boom）。",
        "Cannot read the retention rules file out (boom).",
    ),
    (
        "reviewed",
        {"rows": 3, "stale": 1, "days": 90, "owners": 2},
        "3 条记录中有 1 条超过 90 天未更新或未联系，涉及 2 位负责人。",
        "1 of 3 records not updated or contacted in 90 days, across 2 owners.",
    ),
    ("sample_lost_rows", {}, "示例数据行数不符。", "The sample workbook lost rows."),
    (
        "summarised",
        {"sheet": "客户", "rows": 3},
        "已为“客户”的 3 位客户生成汇总表和图表。",
        "Summary sheet and charts made for 3 customers in '客户'.",
    ),
    ("template_copied", {}, "已复制", "copied"),
    ("template_rebuilt", {}, "重新生成", "rebuilt"),
    (
        "templates_already_there",
        {},
        "模板已存在，未覆盖。",
        "The templates are already there; nothing was overwritten.",
    ),
    (
        "tiered",
        {
            "sheet": "客户",
            "rows": 3,
            "high": 5,
            "mid": 3,
            "low": 2,
            "active": 1,
            "regular": 1,
            "sleeping": 1,
            "unscored": 0,
        },
        "“客户”的 3 位客户：价值 高 5 / 中 3 / 低 2，活跃 1 / 一般 1 / 沉睡 1；0 位未能评分。",
        "3 customers in '客户': value high 5 / medium 3 / low 2; active 1 / regular 1 / sleeping 1; 0 not scored.",
    ),
    (
        "undo_failed",
        {"reason": "locked"},
        "无法撤销：locked；请关闭该文件后重试。",
        "Could not undo (locked); close the file and try again.",
    ),
    (
        "undo_nothing",
        {"name": "a.xlsx"},
        "“a.xlsx”没有可撤销的 xlcrm 修改（没有备份）。",
        "There is no xlcrm change to undo in a.xlsx (no backup).",
    ),
    (
        "undone",
        {"name": "a.xlsx", "backup": "b.xlsx", "kept": "k.xlsx"},
        "已撤销：“a.xlsx”恢复为 b.xlsx，撤销前的文件保存在 k.xlsx。",
        "Undone: a.xlsx is back to b.xlsx; the file as it was is kept as k.xlsx.",
    ),
    (
        "unmerged",
        {"sheet": "客户", "batch": 1, "rows_restored": 2, "cells": 3},
        "已撤销“客户”的第 1 次合并：恢复了 2 行、3 个单元格。",
        "Undid merge 1 of '客户': 2 rows and 3 cells restored.",
    ),
    (
        "unprotect_already",
        {"name": "a.xlsx"},
        "“a.xlsx”没有打开密码，未做改动。",
        "a.xlsx has no password; nothing was changed.",
    ),
    ("unprotected", {}, "已写入去掉密码的副本。", "Wrote a copy without the password."),
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
