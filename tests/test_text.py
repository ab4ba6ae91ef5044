"""The message catalogue: every sentence, exactly, in both languages, from one table."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from xlcrm.errors import XlcrmError
from xlcrm.text import CATALOGUE, Bilingual, Text, as_language, message

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
        "high_count_below_mid_count",
        {},
        "“高价值次数”不能小于“中价值次数”。",
        "'High value purchases' must not be less than 'Medium value purchases'.",
    ),
    (
        "language_unknown",
        {"value": "fr"},
        "语言只能是 zh（中文）或 en（English），而不是“fr”。",
        "The language must be zh (中文) or en (English), not 'fr'.",
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
        "ribbon_busy",
        {"action": "检查 Check"},
        "xlcrm 正在运行“检查 Check”，请等它完成后再点击。",
        "xlcrm is still running 检查 Check: wait until it finishes, then click again.",
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
    # -- core: rules --
    (
        "dedupe_no_customer_columns",
        {},
        "表中没有姓名、电话、邮箱或公司列，请用 --on 指定要比较的列。",
        "The sheet has no name, phone, email or company column; name the columns"
        " to compare with --on.",
    ),
    (
        "dedupe_no_such_column",
        {"name": "产地"},
        "表中没有名为“产地”的列。",
        "The sheet has no column named '产地'.",
    ),
    ("dedupe_on_names_nothing", {}, "--on 没有指定任何列。", "--on names no columns."),
    (
        "dedupe_threshold_out_of_range",
        {"threshold": 1.5},
        "查重阈值应在 0 到 1 之间，而不是 1.5。",
        "The duplicate threshold must be between 0 and 1, not 1.5.",
    ),
    (
        "issue_amount_invalid",
        {"value": "约1000", "detail": Text("是约数", "it is approximate")},
        "金额“约1000”无效：是约数。",
        "The amount '约1000' is invalid: it is approximate.",
    ),
    ("issue_amount_negative", {"value": -5}, "金额“-5”为负数。", "The amount '-5' is negative."),
    (
        "issue_contact_missing",
        {},
        "手机和邮箱都为空，至少填写一项。",
        "Both phone and email are empty; fill in at least one.",
    ),
    (
        "issue_count_invalid",
        {"value": "x", "detail": Text("不是数字", "not a number")},
        "次数“x”无效：不是数字。",
        "The count 'x' is invalid: not a number.",
    ),
    (
        "issue_count_not_whole",
        {"value": 3.5},
        "次数“3.5”应为整数。",
        "The count '3.5' must be a whole number.",
    ),
    (
        "issue_date_ambiguous",
        {"value": "3/5/2026", "detail": Text("可能是甲或乙", "could be A or B")},
        "日期“3/5/2026”的日和月顺序无法确定（可能是甲或乙），请写成 yyyy-mm-dd。",
        "The date '3/5/2026' could be day/month or month/day (could be A or B);"
        " write it as yyyy-mm-dd.",
    ),
    (
        "issue_date_future",
        {"value": "2099-01-01", "detail": Text("晚于2026-01-01", "after 2026-01-01")},
        "日期“2099-01-01”在未来（晚于2026-01-01）。",
        "The date '2099-01-01' is in the future (after 2026-01-01).",
    ),
    (
        "issue_date_invalid",
        {"value": "下周", "detail": Text("不是日期", "not a date")},
        "日期“下周”无效：不是日期。",
        "The date '下周' is invalid: not a date.",
    ),
    (
        "issue_email_fullwidth",
        {"value": "a＠qq.com", "suggestion": "a@qq.com"},
        "邮箱“a＠qq.com”含全角字符，应为“a@qq.com”。",
        "The email 'a＠qq.com' contains full-width characters; it should be 'a@qq.com'.",
    ),
    (
        "issue_email_invalid",
        {"value": "a", "detail": Text("缺少 @", "the @ is missing")},
        "邮箱“a”无效：缺少 @。",
        "The email 'a' is invalid: the @ is missing.",
    ),
    (
        "issue_email_typo",
        {"suggestion": "a@qq.com"},
        "邮箱域名可能拼错，是否为“a@qq.com”？",
        "The email domain looks mistyped; did you mean 'a@qq.com'?",
    ),
    (
        "issue_email_undeliverable",
        {"value": "a@b.cn", "detail": Text("域名不存在", "the domain does not exist")},
        "邮箱“a@b.cn”的域名无法接收邮件：域名不存在。",
        "The email 'a@b.cn' cannot receive mail: the domain does not exist.",
    ),
    (
        "issue_enum_invalid",
        {"value": "VIP", "label": "客户类型", "detail": Text.same("个人/企业/潜在")},
        "“VIP”不是“客户类型”的可选值（个人/企业/潜在）。",
        "'VIP' is not one of the values allowed for 客户类型 (个人/企业/潜在).",
    ),
    (
        "issue_phone_invalid",
        {"value": "123", "detail": Text("位数太少", "too few digits")},
        "电话号码“123”无效：位数太少。",
        "The phone number '123' is invalid: too few digits.",
    ),
    (
        "issue_phone_multiple",
        {"value": "1/2"},
        "一个单元格里有多个号码“1/2”，请只保留一个。",
        "The cell holds more than one number ('1/2'); keep one.",
    ),
    (
        "issue_phone_region_mismatch",
        {"value": "010 1234 5678", "detail": Text("北京市", "Beijing")},
        "号码“010 1234 5678”属于北京市，与地区不符。",
        "The number '010 1234 5678' belongs to Beijing, which contradicts the region.",
    ),
    (
        "issue_required_missing",
        {"label": "姓名"},
        "必填项“姓名”为空。",
        "The required field 姓名 is empty.",
    ),
    (
        "match_rule_bad_similarity",
        {"field": "姓名", "level": "相近"},
        "查重规则“姓名 / 相近”的相似度下限应在 0 到 1 之间。",
        "The match rule '姓名 / 相近' needs a minimum similarity between 0 and 1.",
    ),
    (
        "match_rule_bad_tf",
        {"field": "姓名", "level": "相同"},
        "查重规则“姓名 / 相同”的词频调整应在 0 到 1 之间。",
        "The match rule '姓名 / 相同' needs a TF share between 0 and 1.",
    ),
    (
        "match_rule_not_a_number",
        {"field": "phone", "level": "exact"},
        "查重规则“phone / exact”的数字无效。",
        "The match rule 'phone / exact' has a value that is not a number.",
    ),
    (
        "match_rule_unknown",
        {"field": "电话", "level": None},
        "查重规则“电话 / None”不存在，字段和比较方式请从默认表中选。",
        "The match rule '电话 / None' does not exist; pick the field and level from the"
        " default table.",
    ),
    (
        "merge_rule_unknown",
        {"text": "随便", "choices": "最近非空 most recent / 求和 sum"},
        "合并规则“随便”无效，可用：最近非空 most recent / 求和 sum。",
        "'随便' is not a merge rule; use one of: 最近非空 most recent / 求和 sum.",
    ),
    (
        "monthly_period_invalid",
        {"text": "soon"},
        "期限“soon”无效，请写成 90d、12w、3m 或 1y。",
        "The period 'soon' is not valid; write it like 90d, 12w, 3m or 1y.",
    ),
    (
        "retention_rule_age_needs_date",
        {"name": "R", "op": "within", "field": "name"},
        "保留规则“R”只能对日期字段使用 within。",
        "Retention rule 'R' uses within on 'name', which is not a date field.",
    ),
    (
        "retention_rule_bad_age",
        {"name": "R", "age": "soon"},
        "保留规则“R”的时长“soon”无效，应写成 3y、18m、90d 或 3年。",
        "Retention rule 'R' has the invalid age 'soon'; write it as 3y, 18m, 90d or 3年.",
    ),
    (
        "retention_rule_bad_condition",
        {"name": "R"},
        "保留规则“R”的条件应写成 {field, op, value}。",
        "Retention rule 'R' has a condition that is not {field, op, value}.",
    ),
    (
        "retention_rule_bad_date",
        {"name": "R", "date": "2024-13-01"},
        "保留规则“R”的日期“2024-13-01”无效，应写成 YYYY-MM-DD。",
        "Retention rule 'R' has the invalid date '2024-13-01'; write it as YYYY-MM-DD.",
    ),
    (
        "retention_rule_field_missing",
        {"name": "R", "field": "consent"},
        "保留规则“R”用到的字段“consent”不在工作表中。",
        "Retention rule 'R' uses the field 'consent', which the sheet does not have.",
    ),
    (
        "retention_rule_mixed_fields",
        {"name": "R", "fields": "name|created_at"},
        "保留规则“R”的字段“name|created_at”类型不一致。",
        "Retention rule 'R' mixes fields of different kinds in 'name|created_at'.",
    ),
    (
        "retention_rule_no_basis",
        {"name": "R"},
        "保留规则“R”缺少法律依据。",
        "Retention rule 'R' has no legal basis.",
    ),
    (
        "retention_rule_no_conditions",
        {"name": "R"},
        "保留规则“R”没有条件。",
        "Retention rule 'R' has no conditions.",
    ),
    ("retention_rule_no_name", {}, "有一条保留规则没有名称。", "A retention rule has no name."),
    (
        "retention_rule_not_a_number",
        {"name": "R", "value": "lots"},
        "保留规则“R”的值“lots”不是数字。",
        "Retention rule 'R' compares with 'lots', which is not a number.",
    ),
    (
        "retention_rule_text_compare",
        {"name": "R", "field": "name", "op": ">"},
        "保留规则“R”只能用 == 或 != 比较文本字段“name”。",
        "Retention rule 'R' compares the text field 'name' with >; use == or !=.",
    ),
    (
        "retention_rule_twice",
        {"name": "R"},
        "保留规则“R”重复出现。",
        "Retention rule 'R' appears twice.",
    ),
    (
        "retention_rule_unknown_action",
        {"name": "R", "action": "burn", "allowed": "archive / destroy"},
        "保留规则“R”的动作“burn”未知，可用：archive / destroy。",
        "Retention rule 'R' has the unknown action 'burn'; use one of archive / destroy.",
    ),
    (
        "retention_rule_unknown_field",
        {"name": "R", "field": "鞋码"},
        "保留规则“R”的字段“鞋码”未知。",
        "Retention rule 'R' uses the unknown field '鞋码'.",
    ),
    (
        "retention_rule_unknown_keys",
        {"name": "#2", "keys": "colour"},
        "保留规则“#2”有未知的键：colour。",
        "Retention rule '#2' has unknown keys: colour.",
    ),
    (
        "retention_rule_unknown_operator",
        {"name": "R", "op": "~", "allowed": "== !="},
        "保留规则“R”的比较符“~”未知，可用：== !=。",
        "Retention rule 'R' uses the unknown operator '~'; use one of == !=.",
    ),
    (
        "retention_rules_bad_toml",
        {"error": "Expected '=' (at line 1, column 5)"},
        "保留规则文件不是有效的 TOML：Expected '=' (at line 1, column 5)。",
        "The retention rules file is not valid TOML: Expected '=' (at line 1, column 5).",
    ),
    (
        "retention_rules_none",
        {},
        "保留规则文件中没有 [[rules]] 规则。",
        "The retention rules file has no [[rules]] tables.",
    ),
    (
        "tag_rule_bad_condition",
        {
            "tag": "x",
            "condition": "value_tier > 高",
            "why": Text(
                "该字段只能用 == 或 != 比较文本", "the field compares text with == or != only"
            ),
        },
        "标签规则“x”的条件“value_tier > 高”无效：该字段只能用 == 或 != 比较文本。",
        "Tag rule 'x' has the invalid condition 'value_tier > 高':"
        " the field compares text with == or != only.",
    ),
    (
        "tag_rule_bad_name",
        {"tag": "a b"},
        "标签规则“a b”的标签名无效：不能为空，也不能含逗号、分号、顿号、斜杠或空格。",
        "Tag rule 'a b' has an invalid tag name: it must be one word without separators.",
    ),
    (
        "tag_rule_bad_value",
        {"tag": "x", "text": "many", "why": Text("该字段需要数字", "the field needs a number")},
        "标签规则“x”的值“many”无效：该字段需要数字。",
        "Tag rule 'x' has the invalid value 'many': the field needs a number.",
    ),
    (
        "tag_rule_unknown_field",
        {"tag": "x", "field": "shoe_size", "allowed": "r, f, m"},
        "标签规则“x”的字段“shoe_size”未知，可用：r, f, m。",
        "Tag rule 'x' uses the unknown field 'shoe_size'; use one of r, f, m.",
    ),
    (
        "tag_rule_unknown_operator",
        {"tag": "x", "op": "=>", "allowed": ">= >"},
        "标签规则“x”的比较符“=>”未知，可用：>= >。",
        "Tag rule 'x' uses the unknown operator '=>'; use one of >= >.",
    ),
    (
        "tier_cut_points_invalid",
        {"name": "r_days", "cuts": (30, 30, 90, 180)},
        "分界点“r_days”应为 4 个递增的数字，而不是 (30, 30, 90, 180)。",
        "Cut points 'r_days' must be 4 increasing numbers, not (30, 30, 90, 180).",
    ),
    (
        "tier_rule_not_allowed",
        {"name": "segment_model", "options": "cn8 / rfm11", "value": "rfm12"},
        "分级规则“segment_model”只能是 cn8 / rfm11，而不是“rfm12”。",
        "Tier rule 'segment_model' must be one of cn8 / rfm11, not 'rfm12'.",
    ),
    (
        "tier_setting_cut_points_invalid",
        {"setting": Text("R 分界天数", "R cut days"), "default": "30,90,180,365", "text": "30"},
        "设置“R 分界天数”应为 4 个递增的数字，用逗号分隔（如 30,90,180,365），而不是“30”。",
        "Setting 'R cut days' must be 4 increasing numbers separated by commas"
        " (like 30,90,180,365), not '30'.",
    ),
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
        "workbook_cannot_be_edited",
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
    # lite
    (
        "lite_asof_invalid",
        {"text": "明天"},
        "日期“明天”无效，请写成 2026-11-01 或留空（今天）。",
        "'明天' is not a date; write it as 2026-11-01, or leave it empty for today.",
    ),
    (
        "lite_files_written",
        {"main": "a.lite/main.py", "requirements": "a.lite/requirements.txt"},
        "已写入 a.lite/main.py 和 a.lite/requirements.txt：在 xlwings Lite 中把它们的内容粘贴到"
        " main.py 和 requirements.txt 两个标签页。",
        "Wrote a.lite/main.py and a.lite/requirements.txt: paste them into the main.py and"
        " requirements.txt tabs of xlwings Lite.",
    ),
    (
        "lite_needs_cli",
        {"what": Text("分发文件", "distribute files"), "command": "xlcrm distribute"},
        "xlwings Lite 无法分发文件：它不能读写电脑上的文件，也不能联网或询问密码；请在装有 Python"
        " 的电脑上运行 xlcrm distribute。",
        "xlwings Lite cannot distribute files: it cannot reach files on the PC, the network or a"
        " password prompt; run xlcrm distribute on a PC with Python.",
    ),
    (
        "lite_no_sheet",
        {},
        "请先选中客户数据所在的工作表，再点击按钮。",
        "Select the sheet with the customer list first, then click the button.",
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
        "找不到加载项的 VBA 源文件（macros/*.bas）；请重新安装 xlcrm（pip install xlcrm）。",
        "The add-in's VBA sources (macros/*.bas) are missing; reinstall xlcrm (pip install xlcrm).",
    ),
    (
        "addin_in_use",
        {"path": "XLSTART/xlcrm.xlam"},
        "无法删除 XLSTART/xlcrm.xlam：Excel 正在使用它；请先退出 Excel 再卸载。",
        "Could not remove XLSTART/xlcrm.xlam: Excel is using it; quit Excel and uninstall again.",
    ),
    (
        "addin_not_installed",
        {"folder": "XLSTART"},
        "XLSTART 中没有 xlcrm 加载项，也没有用户配置；无需卸载。",
        "xlcrm is not installed in XLSTART and has no user config; nothing to remove.",
    ),
    (
        "config_path_unencodable",
        {"path": "xlcrm.conf"},
        "无法写入 xlcrm.conf：Python 的路径含有本机 Windows 代码页不支持的字符；请把 Python 装在只含"
        "英文或中文字符的文件夹中。",
        "Could not write xlcrm.conf: the Python path has characters this Windows code page cannot"
        " hold; install Python in a folder with plain letters.",
    ),
    (
        "startup_folder_locked",
        {"path": "XLSTART/xlcrm.xlam"},
        "无法写入 XLSTART/xlcrm.xlam：Excel 正在使用它或文件夹只读；请先退出 Excel 再安装。",
        "Could not write XLSTART/xlcrm.xlam: Excel is using it or the folder is read-only; quit"
        " Excel and install again.",
    ),
    # actions and command line
    ("addin_built", {}, "已生成加载项", "built"),
    ("addin_config_written", {}, "用户配置（Python 路径）", "user config (the Python path)"),
    ("addin_installed", {}, "已安装", "installed"),
    ("addin_removed", {}, "已删除", "removed"),
    (
        "addin_restart_excel_removed",
        {},
        "请重启 Excel，“客户数据”选项卡就会消失。",
        "Restart Excel: the xlcrm tab is gone.",
    ),
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
    ("demo_audit_entries", {}, "条", "entries"),
    ("demo_audit_intact", {}, "完好", "intact"),
    ("demo_audit_log", {}, "审计日志", "audit log"),
    ("demo_audit_tampered", {}, "被改动", "TAMPERED"),
    ("demo_column_action", {}, "操作", "Action"),
    ("demo_column_output", {}, "输出", "Output"),
    ("demo_column_result", {}, "结果", "Result"),
    ("demo_duplicate_groups", {}, "组重复", "duplicate groups"),
    ("demo_generating", {"rows": 3}, "生成 3 条示例客户记录", "generating 3 sample records"),
    ("demo_lookalike_pairs", {}, "对相似但不同的客户", "look-alike pairs"),
    ("demo_planted", {}, "其中埋入", "planted"),
    ("demo_records", {}, "条记录", "records"),
    ("demo_rows_with_defects", {}, "行含错误", "rows with defects"),
    ("demo_sample_workbook", {}, "示例工作簿", "sample workbook"),
    ("demo_template", {}, "模板", "template"),
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
        "合并了“客户”中的 2 组重复客户：2 行已从表中删去、移到“已合并”表，可用 xlcrm unmerge 撤销。",
        "Merged 2 duplicate groups in '客户': 2 rows removed from the sheet and kept in the Merged sheet; xlcrm unmerge undoes it.",
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
    ("progress_distributing", {}, "分发", "distributing"),
    ("progress_distributing_file", {"name": "a"}, "分发 a", "distributing a"),
    ("progress_reading_file", {"name": "a.xlsx"}, "读取 a.xlsx", "reading a.xlsx"),
    ("progress_reconciling", {}, "核对", "reconciling"),
    ("progress_tiers", {}, "分级", "tiers"),
    ("progress_writing", {}, "写入", "writing"),
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
        "diffed",
        {
            "new": "12月.xlsx",
            "old": "11月.xlsx",
            "added": 2,
            "removed": 1,
            "changed": 3,
            "unchanged": 40,
        },
        "“12月.xlsx”与“11月.xlsx”相比：新增 2，流失 1，变更 3，不变 40。",
        "12月.xlsx against 11月.xlsx: 2 new, 1 gone, 3 changed, 40 unchanged.",
    ),
    (
        "diff_key_missing",
        {"file": "11月.xlsx", "name": "手机"},
        "“11月.xlsx”中没有“手机”列，无法按它对应两个月的客户。",
        "11月.xlsx has no column '手机' to match the customers of the two months by.",
    ),
    (
        "diff_no_key",
        {},
        "两个表没有共同的客户编号列，请用 --key 指定用来对应客户的列（如手机号码）。",
        "The two sheets share no customer id column; name the column that identifies a"
        " customer with --key (a phone column, say).",
    ),
    (
        "diff_no_old",
        {},
        "请给出上个月的文件：xlcrm diff 上月.xlsx 本月.xlsx。",
        "Give last month's file too: xlcrm diff LAST.xlsx THIS.xlsx.",
    ),
    (
        "diff_same_file",
        {"name": "客户.xlsx"},
        "要比较的是同一个文件“客户.xlsx”，请给出两个不同月份的文件。",
        "Both files are 客户.xlsx; give the files of two different months.",
    ),
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
    # faults, locks, crash safety, audit first (issue 22)
    (
        "disk_full",
        {"name": "客户.xlsx", "folder": "/data"},
        "磁盘已满，无法写入“客户.xlsx”（/data）；请腾出空间后重试。",
        "The disk is full, so 客户.xlsx could not be written (in /data); free some space and try again.",
    ),
    (
        "file_access_failed",
        {"name": "客户.xlsx", "folder": "/data", "reason": "Input/output error"},
        "无法读写“客户.xlsx”（/data）：Input/output error；请检查磁盘和文件夹后重试。",
        "客户.xlsx could not be read or written (in /data): Input/output error; check the disk and the folder and try again.",
    ),
    (
        "file_in_use",
        {"name": "客户.xlsx"},
        "“客户.xlsx”正被其他程序（如 Excel 或 WPS）使用，请关闭后重试。",
        "客户.xlsx is in use by another program (such as Excel or WPS); close it and try again.",
    ),
    (
        "folder_read_only",
        {"name": "客户.xlsx", "folder": "/data"},
        "“/data”在只读磁盘上，无法写入“客户.xlsx”；请把工作簿复制到可写的文件夹，或用 --out 写到别处。",
        "/data is on a read-only disk, so 客户.xlsx could not be written; copy the workbook to a writable folder or write elsewhere with --out.",
    ),
    (
        "permission_denied",
        {"name": "客户.xlsx", "folder": "/data"},
        "没有权限读写“客户.xlsx”（/data）；请检查文件和文件夹的权限，或用 --out 写到别处。",
        "You have no permission to read or write 客户.xlsx (in /data); check the permissions of the file and its folder, or write elsewhere with --out.",
    ),
    (
        "workbook_changed_during_run",
        {"name": "客户.xlsx"},
        "“客户.xlsx”在 xlcrm 处理期间被其他人或程序保存过，为免改错客户，未做任何修改；请重新运行。",
        "客户.xlsx was saved by someone else while xlcrm worked on it, so nothing was changed (to avoid changing the wrong customers); run the command again.",
    ),
    (
        "workbook_locked_by_xlcrm",
        {
            "name": "客户.xlsx",
            "user": "wang",
            "host": "pc-7",
            "pid": 4242,
            "action": "retention",
            "since": "2026-11-02T10:02:03+08:00",
        },
        "“客户.xlsx”正被另一个 xlcrm 操作修改（wang@pc-7，进程 4242，retention，自 2026-11-02T10:02:03+08:00）；请等它完成后重试。",
        "客户.xlsx is being changed by another xlcrm run (wang@pc-7, process 4242, retention, since 2026-11-02T10:02:03+08:00); try again when it has finished.",
    ),
    (
        "workbook_locked_by_xlcrm_unknown",
        {"name": "客户.xlsx"},
        "“客户.xlsx”正被另一个 xlcrm 操作修改；请等它完成后重试。",
        "客户.xlsx is being changed by another xlcrm run; try again when it has finished.",
    ),
    (
        "workbook_open_by",
        {"name": "客户.xlsx", "owner": "王芳"},
        "“客户.xlsx”正被 王芳 在 Excel、WPS 或 LibreOffice 中打开；请先关闭它再修改，未做任何修改。",
        "客户.xlsx is open in Excel, WPS or LibreOffice by 王芳; close it first, nothing was changed.",
    ),
    (
        "workbook_open_elsewhere",
        {"name": "客户.xlsx"},
        "“客户.xlsx”正在 Excel、WPS 或 LibreOffice 中打开；请先关闭它再修改，未做任何修改。",
        "客户.xlsx is open in Excel, WPS or LibreOffice; close it first, nothing was changed.",
    ),
    (
        "password_cost_too_high",
        {"file": "客户.xlsx", "rounds": 10000000, "limit": 100000},
        "“客户.xlsx”要求 10000000 轮密码计算，超过 Excel 和 xlcrm 所用的 100000 轮，可能被篡改过；未打开它。",
        "客户.xlsx asks for 10000000 rounds of password hashing, more than the 100000 Excel and xlcrm use; it may have been tampered with, so it was not opened.",
    ),
    (
        "audit_log_not_intact",
        {
            "log": "a.jsonl",
            "reason": "第 3 行被修改（哈希不符）。 Line 3 was edited (its hash does not match).",
        },
        "审计日志 a.jsonl 未通过校验：第 3 行被修改（哈希不符）。 Line 3 was edited (its hash does not match). 为保证每次修改都有可信的记录，未做任何修改；请运行 xlcrm audit verify 查看，并从备份恢复日志。",
        "The audit log a.jsonl does not verify: 第 3 行被修改（哈希不符）。 Line 3 was edited (its hash does not match). Nothing was changed, so that no change goes unrecorded; run xlcrm audit verify to see why and restore the log from a backup.",
    ),
    (
        "audit_anchors_held",
        {"places": "客户.xlsx, /home/wang/.local/state/xlcrm/anchors/ab.json"},
        "另存的记录（客户.xlsx, /home/wang/.local/state/xlcrm/anchors/ab.json）与日志相符：末尾没有被删除，也没有被整体改写。",
        "The records kept elsewhere (客户.xlsx, /home/wang/.local/state/xlcrm/anchors/ab.json) match the log: nothing was cut off its end or rewritten.",
    ),
    (
        "audit_unfinished",
        {"seqs": "7, 9"},
        "第 7, 9 条记录的操作尚未完成（仍在运行，或被中断）；下次对该文件运行 xlcrm 时会补记结果。",
        "The runs of entries 7, 9 have not finished (still running, or interrupted); the next xlcrm run on their file records what became of it.",
    ),
    (
        "backup_not_verified",
        {"name": "客户.20261102-100203-000001.xlsx", "file": "客户.xlsx"},
        "备份“客户.20261102-100203-000001.xlsx”读回后与“客户.xlsx”不一致，已删除该备份，未做任何修改；请检查磁盘后重试。",
        "The backup 客户.20261102-100203-000001.xlsx did not read back equal to 客户.xlsx, so it was removed and nothing was changed; check the disk and try again.",
    ),
    (
        "undo_backup_damaged",
        {"name": "客户.20261102-100203-000001.xlsx"},
        "备份“客户.20261102-100203-000001.xlsx”已损坏，无法打开，未撤销任何修改；请从更早的备份手动恢复。",
        "The backup 客户.20261102-100203-000001.xlsx is damaged and does not open, so nothing was undone; restore an earlier backup by hand.",
    ),
    (
        "undo_backup_mismatch",
        {"name": "客户.20261102-100203-000001.xlsx"},
        "备份“客户.20261102-100203-000001.xlsx”与 xlcrm 写入它时记录的哈希不符（被改动或损坏），未撤销任何修改。",
        "The backup 客户.20261102-100203-000001.xlsx does not match the hash xlcrm recorded when it wrote it (it was changed or damaged), so nothing was undone.",
    ),
    (
        "retention_plan_moved",
        {"count": 2, "rows": "5→4, 7→6"},
        "计划中的 2 条记录位置变了（计划时行号→现在行号：5→4, 7→6），已按记录本身执行。",
        "2 planned records had moved (row then → row now: 5→4, 7→6); each was acted on where it is now.",
    ),
    (
        "retention_plan_saved",
        {"path": "plan.json"},
        "计划已保存到 plan.json；用 --apply --plan plan.json 原样执行。",
        "The plan was saved to plan.json; apply exactly it with --apply --plan plan.json.",
    ),
    (
        "retention_plan_damaged",
        {},
        "计划文件已损坏，或不是 xlcrm 保存的保留期计划；请重新运行演练并保存计划。",
        "The plan file is damaged or is not a retention plan xlcrm saved; run the dry run again and save a new plan.",
    ),
    (
        "retention_plan_folder_missing",
        {"folder": "plans"},
        "文件夹“plans”不存在，无法在那里保存计划。",
        "The folder plans does not exist, so the plan cannot be saved there.",
    ),
    (
        "retention_plan_missing",
        {"path": "plan.json"},
        "找不到计划文件“plan.json”；请先运行不带 --apply 的 xlcrm retention --plan plan.json 保存计划。",
        "The plan file plan.json does not exist; save one first with xlcrm retention --plan plan.json (without --apply).",
    ),
    (
        "retention_plan_not_found",
        {"name": "客户.xlsx", "count": 1, "rows": "101"},
        "计划中的 1 条记录（计划时第 101 行）在“客户.xlsx”中已不是计划时的样子（被删除、修改或重复），未做任何修改；请重新运行演练并保存计划。",
        "1 planned records (rows 101 when planned) are no longer in 客户.xlsx as planned (deleted, edited or duplicated), so nothing was changed; run the dry run again and save a new plan.",
    ),
    (
        "retention_plan_other_workbook",
        {"plan": "plan.json", "workbook": "北京.xlsx", "name": "上海.xlsx"},
        "计划“plan.json”是为“北京.xlsx”做的，不是“上海.xlsx”；未做任何修改。",
        "The plan plan.json was made for 北京.xlsx, not 上海.xlsx; nothing was changed.",
    ),
    (
        "undo_backup_sealed",
        {"name": "客户.20261102-100203-000001.xlsx"},
        "备份“客户.20261102-100203-000001.xlsx”是用加密时的口令保护的；请把那个口令作为密码输入，才能撤销。",
        "The backup 客户.20261102-100203-000001.xlsx is sealed with the passphrase used to encrypt; give that passphrase as the password to undo.",
    ),
    (
        "retention_files_still_holding",
        {"count": 2, "files": "客户.summary.xlsx, 客户.protect.xlsx"},
        "仍有 2 个 xlcrm 写过的文件含有被销毁的客户：客户.summary.xlsx, 客户.protect.xlsx（已列入销毁记录）；请打开这些文件删除这些客户（另设密码的文件用它的密码打开），或删除这些文件。",
        "2 files xlcrm wrote still hold destroyed customers: 客户.summary.xlsx, 客户.protect.xlsx (named in the destruction record); remove the customers from them (a file with another password opens with that password), or delete the files.",
    ),
    (
        "audit_line_edited",
        {"line": 3},
        "第 3 行被修改（哈希不符）。",
        "Line 3 was edited (its hash does not match).",
    ),
    (
        "audit_line_removed",
        {"line": 3, "expected": 2, "found": 4},
        "第 3 行之前有记录被删除（序号应为 2，实为 4）。",
        "An entry before line 3 was removed (expected seq 2, found 4).",
    ),
    (
        "audit_line_reordered",
        {"line": 3, "expected": 2, "found": 1},
        "第 3 行顺序错乱或重复（序号应为 2，实为 1）。",
        "Line 3 is out of order or repeated (expected seq 2, found 1).",
    ),
    (
        "audit_line_inserted",
        {"line": 3},
        "第 3 行与上一行的哈希链不符（prev 不符），本行是插入的，或上一行被替换。",
        "Line 3 does not link to the line before it (prev does not match): it was inserted, or"
        " the line before it was replaced.",
    ),
    (
        "audit_line_not_json",
        {"line": 3},
        "第 3 行不是有效的 JSON，可能被截断或损坏。",
        "Line 3 is not valid JSON; it may be truncated or damaged.",
    ),
    (
        "audit_log_truncated",
        {"count": 4, "seq": 6, "where": "a.xlsx"},
        "日志只有 4 条记录，但 a.xlsx 记着第 6 条：末尾的记录被删除了。",
        "The log has 4 entries but a.xlsx records entry 6: entries were cut off its end.",
    ),
    (
        "audit_log_rewritten",
        {"seq": 6, "where": "a.xlsx"},
        "第 6 条记录的哈希与 a.xlsx 记着的不同：日志被整体改写过。",
        "Entry 6 does not have the hash a.xlsx records: the log was rewritten.",
    ),
    (
        "retention_out_needs_apply",
        {},
        "--out 和 --in-place 只能与 --apply 一起使用。",
        "--out and --in-place need --apply.",
    ),
    (
        "retention_out_or_in_place",
        {},
        "--out 和 --in-place 不能同时使用。",
        "--out and --in-place cannot be used together.",
    ),
    (
        "retention_plan_fixes_rules",
        {},
        "--apply --plan 使用计划中的规则和日期：请去掉 --rules/--asof。",
        "--apply --plan uses the plan's rules and date: drop --rules/--asof.",
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


def test_every_error_raised_takes_a_catalogue_code() -> None:
    """No sentence is written at a raise site: each is a code whose sentence is tested above."""
    import xlcrm.errors

    classes = {
        name
        for name, value in vars(xlcrm.errors).items()
        if isinstance(value, type) and issubclass(value, XlcrmError)
    }
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(
                getattr(node, "func", None), "attr", None
            )
            if isinstance(node, ast.Call) and name in classes:
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and first.value in CATALOGUE):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert wrong == []


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
    assert Bilingual((1, 2), (3,))("en") == (3,) and Bilingual(1, 2)("auto") == 1
    assert isinstance(Text("甲", "A"), Bilingual) and Text("甲", "A") != Bilingual("甲", "A")
    assert Text.join([Text("甲", "A"), Text("乙", "B")])("zh") == "甲、乙"
    assert (Text("a", "b") + Text("c", "d"))("en") == "bd"
    assert [as_language(x) for x in ("en", "EN", "zh", "auto", None)] == [
        "en",
        "en",
        "zh",
        "zh",
        "zh",
    ]
