"""The catalogue: every sentence xlcrm says to a person, under a stable code.

Data, not code: :mod:`xlcrm.text` holds the :class:`~xlcrm.text.Text` type and
:func:`~xlcrm.text.message`, which looks codes up here (``from xlcrm.text import CATALOGUE``
works too). An error carries its code (see :mod:`xlcrm.errors`); ``tests/test_text.py``
checks every entry's exact sentences in both languages from one table, and that every
code the package raises is here. Labels that belong to a thing (a field, a setting, a
sheet title) are ``Text`` values beside that thing instead.

One section per area, in layer order; within a section, by code. A code is snake_case and
says what went wrong or what was done, not where. Codes of the rules (section "core:
rules") begin with what they are about (``dedupe_``, ``match_rule_``, ``retention_rule_``,
``tag_rule_``, ``tier_`` ...); the sentence of a check issue is ``issue_`` + its
``IssueCode`` value (``issue_phone_invalid``), read by ``core.values.findings.message``.
Fragments that fill a sentence's ``{detail}`` or ``{why}`` (why a phone number is invalid,
why two rows look alike) are ``Text`` values beside the rule that chooses them.

Imported by :mod:`xlcrm.text` once ``Text`` exists (the package imports text first).
"""

from __future__ import annotations

from xlcrm.text import Text

CATALOGUE: dict[str, Text] = {
    # -- base: errors, settings, schema ------------------------------------------------
    "audit_log_last_line_invalid": Text(
        "审计日志 {log} 的最后一行不是有效的记录，日志可能已损坏；请运行 xlcrm audit verify 检查。",
        "The last line of the audit log {log} is not a valid entry, so the log may be"
        " damaged; run xlcrm audit verify to check it.",
    ),
    "audit_log_line_not_json": Text(
        "审计日志 {log} 第 {line} 行不是有效的 JSON，请运行 xlcrm audit verify 检查。",
        "Line {line} of the audit log {log} is not valid JSON; run xlcrm audit verify to check"
        " the log.",
    ),
    "audit_log_missing": Text(
        "找不到审计日志 {log}，请确认路径，或先在该文件夹运行一次 xlcrm 操作。",
        "The audit log {log} does not exist; check the path, or run an xlcrm action in that"
        " folder first.",
    ),
    "audit_log_not_readable": Text(
        "无法读取审计日志 {log}（{reason}）。",
        "Cannot read the audit log {log} ({reason}).",
    ),
    "audit_log_not_writable": Text(
        "无法写入审计日志 {log}（{reason}），请检查该文件夹是否存在且可写。",
        "Cannot write the audit log {log} ({reason}); check that its folder exists and is"
        " writable.",
    ),
    "no_such_action": Text(
        "没有名为“{name}”的操作。",
        "There is no action named '{name}'.",
    ),
    "high_amount_below_mid_amount": Text(
        "“高价值金额”不能小于“中价值金额”。",
        "'High value amount' must not be less than 'Medium value amount'.",
    ),
    "high_count_below_mid_count": Text(
        "“高价值次数”不能小于“中价值次数”。",
        "'High value purchases' must not be less than 'Medium value purchases'.",
    ),
    "language_unknown": Text(
        "语言只能是 zh（中文）或 en（English），而不是“{value}”。",
        "The language must be zh (中文) or en (English), not '{value}'.",
    ),
    "no_such_setting": Text(
        "没有名为“{name}”的设置。",
        "There is no setting named '{name}'.",
    ),
    "setting_above_maximum": Text(
        "设置“{setting}”不能大于 {maximum:g}（现为 {value}）。",
        "Setting '{setting}' must be at most {maximum:g}, not {value}.",
    ),
    "setting_below_minimum": Text(
        "设置“{setting}”不能小于 {minimum:g}（现为 {value}）。",
        "Setting '{setting}' must be at least {minimum:g}, not {value}.",
    ),
    "setting_invalid": Text(
        "设置“{setting}”的值“{value}”无效，应为{kind}。",
        "Setting '{setting}' has the invalid value '{value}'; expected {kind}.",
    ),
    "setting_not_a_choice": Text(
        "设置“{setting}”只能是 {allowed}，而不是“{value}”。",
        "Setting '{setting}' must be one of {allowed}, not '{value}'.",
    ),
    "sleeping_days_below_active_days": Text(
        "“沉睡天数”不能小于“活跃天数”。",
        "'Sleeping after days' must not be less than 'Active within days'.",
    ),
    # -- xlsx: the workbook patcher ----------------------------------------------------
    "not_a_worksheet": Text(
        "“{name}”不是普通工作表（可能是图表工作表），无法标注单元格。",
        "'{name}' is not a worksheet (perhaps a chart sheet); its cells cannot be marked.",
    ),
    "output_needs_xlsm": Text(
        "这个工作簿含有宏，输出文件应以 .xlsm 结尾，否则 Excel 无法打开：“{name}”。",
        "This workbook has macros, so the output must end in .xlsm or Excel will not open it:"
        " {name}.",
    ),
    "output_needs_xlsx": Text(
        "这个工作簿不含宏，输出文件应以 .xlsx 结尾，否则 Excel 无法打开：“{name}”。",
        "This workbook has no macros, so the output must end in .xlsx or Excel will not open"
        " it: {name}.",
    ),
    "workbook_cannot_be_edited": Text(
        "工作簿已损坏（{detail}），无法修改；请用 Excel 打开修复后另存，或使用备份。",
        "The workbook is damaged ({detail}) and cannot be edited;"
        " open it in Excel to repair and save it, or use a backup.",
    ),
    "workbook_layout_unsupported": Text(
        "这个文件使用“严格 Open XML”或其他格式，xlcrm 无法修改；请在 Excel 中另存为普通 .xlsx。",
        "The workbook uses Strict Open XML or another layout xlcrm cannot edit;"
        " save it in Excel as a normal .xlsx workbook.",
    ),
    # -- io: reading and writing files -------------------------------------------------
    # io/writer, io/copies
    "csv_cannot_carry_marks": Text(
        "“{name}”是 CSV 文件，无法在原文件上标注；请先另存为 .xlsx。",
        "{name} is a CSV file, which cannot carry marks; save it as an .xlsx workbook first.",
    ),
    "input_locked_for_edit": Text(
        "无法读取“{name}”，文件被其他程序占用。",
        "{name} is locked by another program; close it and try again.",
    ),
    "output_folder_missing": Text(
        "输出文件夹“{folder}”不存在。",
        "The output folder {folder} does not exist.",
    ),
    "output_not_a_workbook": Text(
        "输出文件必须是 .xlsx 或 .xlsm，而不是“{name}”。",
        "The output must be an .xlsx or .xlsm file, not {name}.",
    ),
    "output_open_in_excel": Text(
        "“{name}”正在 Excel 中打开，请先关闭它或换一个输出文件名。",
        "{name} is open in Excel; close it or choose another output name.",
    ),
    "output_overwrites_input": Text(
        "输出文件不能与输入文件相同，以免覆盖原始数据；请用 --out 指定新文件名。",
        "The output would overwrite the input {name}; choose another file name with --out.",
    ),
    # io/reader, io/sources, io/passwords, io/backup
    "backup_failed": Text(
        "无法备份“{file}”：{reason}。未做任何修改。",
        "Could not back up {file} ({reason}); nothing was changed.",
    ),
    "backup_source_missing": Text("找不到文件“{path}”。", "File not found: {path}"),
    "csv_encoding_unknown": Text(
        "无法识别“{file}”的文字编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx。",
        "The text encoding of {file} is not UTF-8 or GBK; save it as 'CSV UTF-8' or .xlsx and"
        " try again.",
    ),
    "file_locked": Text(
        "无法打开“{file}”：文件被其他程序占用或没有权限，请在 Excel/WPS 中关闭后重试。",
        "{file} is locked by another program or not readable; close it in Excel or WPS and"
        " try again.",
    ),
    "file_missing": Text(
        "找不到文件“{path}”，请检查路径和文件名。",
        "The file {path} does not exist; check the path and the file name.",
    ),
    "format_not_supported": Text(
        "不支持“{file}”的格式，请在 Excel 中“另存为” .xlsx 工作簿后再试。",
        "{file} is in a format xlcrm does not read; open it in Excel, save it as an .xlsx"
        " workbook and try again.",
    ),
    "no_header_row": Text(
        "在“{sheet}”的前 {rows} 行中找不到表头（如 姓名、手机、邮箱）；"
        "请确认表头行存在，或用 --sheet 指定正确的工作表。",
        "No header row (such as Name, Phone, Email) was found in the first {rows} rows of"
        " '{sheet}' in {file}; check the header or choose the sheet with --sheet.",
    ),
    "not_a_workbook": Text(
        "“{file}”不是 Excel 工作簿（.xlsx/.xlsm）或 CSV 文件，可能已损坏。",
        "{file} is not an Excel workbook (.xlsx/.xlsm) or a CSV file; it may be damaged.",
    ),
    "password_not_decrypting": Text(
        "无法用所给密码解开“{file}”。",
        "{file} could not be decrypted with the password given.",
    ),
    "password_required": Text(
        "“{file}”设置了打开密码，需要密码才能读取（设置环境变量 XLCRM_PASSWORD 或按提示输入）。",
        "{file} is protected with a password; give the password (XLCRM_PASSWORD or the"
        " prompt) to read it.",
    ),
    "password_wrong": Text("“{file}”的密码不正确。", "The password for {file} is wrong."),
    "path_is_folder": Text(
        "“{path}”是一个文件夹，请给出工作簿文件。",
        "{path} is a folder; give the path of a workbook file.",
    ),
    "sheet_empty": Text(
        "工作表“{sheet}”是空的，没有可处理的数据。",
        "The sheet '{sheet}' in {file} is empty; there is nothing to process.",
    ),
    "sheet_not_found": Text(
        "工作簿中没有名为“{name}”的工作表（现有：{sheets}）。",
        "There is no sheet named '{name}' in {file} (sheets: {sheets}).",
    ),
    "workbook_damaged": Text(
        "“{file}”已损坏或不完整，无法读取；请用 Excel 打开修复后另存，或使用备份。",
        "{file} is damaged or incomplete; open it in Excel to repair and save it, or use a backup.",
    ),
    "zip_not_a_workbook": Text(
        "“{file}”是压缩包但不是 Excel 工作簿（可能是 Word 或其他文件）。",
        "{file} is a zip package but not an Excel workbook.",
    ),
    # io/crypto
    "crypto_column_missing": Text(
        "工作表“{sheet}”中没有“{name}”这一列（现有：{listed}）。",
        "There is no column '{name}' in the sheet '{sheet}' (columns: {listed}).",
    ),
    "crypto_columns_needed": Text(
        "请用 --columns 指定要处理的列（这个表没有手机、邮箱、地址列）。",
        "Name the columns with --columns (the sheet has no phone, email or address column).",
    ),
    "crypto_formulas_depended_on": Text(
        "单元格 {cells} 的公式被其他单元格引用，无法替换为密文；"
        "请先把这一列改为数值（复制 → 选择性粘贴 → 数值）；未写入任何文件。",
        "The cells {cells} hold formulas other cells depend on, so they cannot be encrypted;"
        " paste the column as values first; nothing was written.",
    ),
    "crypto_key_damaged": Text(
        "文档属性 {property} 已损坏，无法解密。",
        "The document property {property} is damaged; the columns cannot be decrypted.",
    ),
    "crypto_key_missing": Text(
        "“{name}”中有 xlcrm 密文，但缺少解密所需的盐值和校验值（自定义文档属性 {property} 不见了）。",
        "{name} holds xlcrm tokens but its salt and key check value (the custom document"
        " property {property}) are missing; use a backup.",
    ),
    "crypto_tokens_not_decrypted": Text(
        "有 {count} 个单元格无法解密（{cells}）：密文被改动过，或被移到了别的行或列"
        "（例如排序后）；未写入任何文件。",
        "{count} cells could not be decrypted ({cells}): their tokens were changed or moved to"
        " another row or column (for example by sorting); nothing was written.",
    ),
    "protect_not_a_workbook": Text(
        "只能给 .xlsx/.xlsm 工作簿加密码，“{name}”不是。",
        "Only .xlsx/.xlsm workbooks can get a password; {name} is not one.",
    ),
    "protect_password_needed": Text(
        "需要密码（设置环境变量 XLCRM_PASSWORD 或按提示输入）。",
        "A password is needed (XLCRM_PASSWORD or the prompt).",
    ),
    "protect_settings_damaged": Text(
        "设置表已损坏。",
        "The Settings sheet is damaged (no sheetData).",
    ),
    "wrong_passphrase": Text(
        "口令不正确：与加密这个工作簿时所用的口令不同；未写入任何文件。",
        "The passphrase is wrong: it is not the one this workbook was encrypted with; nothing"
        " was written.",
    ),
    # io/dedupe
    "duplicates_line_not_whole": Text(
        "组号或行号不是整数",
        "the group or row is not a whole number",
    ),
    "duplicates_line_row_twice": Text(
        "第 {row} 行出现在两个组中",
        "row {row} is in two groups",
    ),
    "duplicates_line_unreadable": Text(
        "“{sheet}”第 {line} 行无法读取：{problem}；请改正或重新运行 xlcrm dedupe --out。",
        "Line {line} of '{sheet}' cannot be read: {problem}; fix it or run xlcrm dedupe --out"
        " again.",
    ),
    "duplicates_row_missing": Text(
        "“{sheet}”列出的第 {row} 行在数据表“{data}”中是空的或不存在；"
        "数据表可能在查重后被改动，请重新运行 xlcrm dedupe --out。",
        "Row {row} listed in '{sheet}' is empty or missing in '{data}'; the sheet may have"
        " changed since dedupe ran, so run xlcrm dedupe --out again.",
    ),
    "duplicates_sheet_missing": Text(
        "“{name}”中没有“重复客户”工作表；请先运行 xlcrm dedupe FILE --out，"
        "在输出文件的“合并?”列选 Y/N 后再合并，或用 --auto 直接合并。",
        "{name} has no Duplicates sheet; run xlcrm dedupe FILE --out first and merge its output"
        " after marking Y/N in the Merge? column, or use --auto.",
    ),
    "duplicates_sheet_without_columns": Text(
        "“{sheet}”工作表缺少这些列：{columns}；请重新运行 xlcrm dedupe --out。",
        "The sheet '{sheet}' has no {columns} column; run xlcrm dedupe --out again to make it.",
    ),
    "merge_journal_damaged": Text(
        "“{name}”中的合并记录（隐藏工作表 {journal}）已损坏，无法撤销合并；"
        "请从 .xlcrm/backups 中的备份恢复。",
        "The merge journal (hidden sheet {journal}) in {name} is damaged, so the merge cannot be"
        " undone; restore the backup from .xlcrm/backups.",
    ),
    "unmerge_nothing_merged": Text(
        "“{name}”中没有合并记录，无需撤销；请选择 xlcrm merge 输出的文件。",
        "{name} holds no merge to undo; choose a file written by xlcrm merge.",
    ),
    "unmerge_row_edited": Text(
        "合并后“{sheet}”第 {row} 行已被修改，撤销会覆盖这些修改，因此未撤销；"
        "请从 .xlcrm/backups 中的备份恢复，或先把该行改回。",
        "Row {row} of '{sheet}' was edited after the merge and unmerging would overwrite that"
        " edit, so nothing was changed; restore the backup from .xlcrm/backups or undo the edit"
        " first.",
    ),
    "unmerge_sheet_gone": Text(
        "合并记录指向的工作表“{sheet}”已不存在，无法撤销合并。",
        "The merged sheet '{sheet}' is no longer in the workbook, so the merge cannot be undone.",
    ),
    # io/monthly
    "collect_folder_missing": Text(
        "找不到文件夹“{folder}”。",
        "The folder {folder} does not exist.",
    ),
    "collect_password_file_missing": Text(
        "找不到密码文件“{path}”。",
        "The password file {path} does not exist.",
    ),
    "distribute_column_missing": Text(
        "表中没有“{by}”这一列，无法按它分发。",
        "The sheet has no column '{by}' to distribute by.",
    ),
    "distribute_folder_used": Text(
        "文件夹“{folder}”里已有上次分发的文件（{file} 等），为免覆盖，请换一个空文件夹。",
        "The folder {folder} already holds files of a distribution ({file} ...); choose an"
        " empty folder so nothing is overwritten.",
    ),
    "manifest_damaged": Text(
        "分发清单“{name}”已损坏，无法读取。",
        "The manifest {name} is damaged: {problem}.",
    ),
    "manifest_missing": Text(
        "找不到分发清单“{path}”；请把 {manifest} 放进收回文件夹，或用 --manifest 指定。",
        "The manifest {path} was not found; put {manifest} in the folder or give it with"
        " --manifest.",
    ),
    "month_invalid": Text(
        "月份“{month}”无效，请写成 YYYY-MM（如 2026-11）。",
        "The month '{month}' is not valid; write it as YYYY-MM, e.g. 2026-11.",
    ),
    "password_file_damaged": Text(
        "密码文件“{name}”已损坏。",
        "The password file {name} is damaged.",
    ),
    "returned_file_no_password": Text(
        "“{name}”：没有能打开它的密码。",
        "{name}: no password",
    ),
    # io/retention
    "archive_password_needed": Text(
        "归档工作簿“{name}”需要密码，请设置 XLCRM_PASSWORD 或在提示时输入。",
        "The archive workbook {name} needs a password; set XLCRM_PASSWORD or type it at the"
        " prompt.",
    ),
    "retention_csv_in_place": Text(
        "CSV 文件不能原地应用保留规则，请去掉 --in-place（结果写入新的 .xlsx）。",
        "Retention cannot change a CSV file in place; drop --in-place to write a new .xlsx.",
    ),
    "retention_input_encrypted": Text(
        "“{name}”已加密，请先用 xlcrm unprotect 解密再应用保留规则。",
        "{name} is encrypted; decrypt it with xlcrm unprotect before applying retention.",
    ),
    "retention_password_missing": Text(
        "“{name}”已加密，请用 XLCRM_PASSWORD 或提示输入密码。",
        "{name} is encrypted; give its password through XLCRM_PASSWORD or the prompt.",
    ),
    "retention_password_wrong": Text(
        "“{name}”的密码不正确，未做任何修改。",
        "The password for {name} is wrong; nothing was changed.",
    ),
    # io/templates
    "template_unreadable": Text(
        "“{name}”不是可读取的 Excel 工作簿，可能已损坏。",
        "{name} is not a readable Excel workbook; it may be damaged.",
    ),
    "templates_destination_is_file": Text(
        "“{dest}”是一个文件，请给出文件夹。",
        "'{dest}' is a file; give a folder instead.",
    ),
    # -- core: rules ---------------------------------------------------------------------
    "dedupe_no_customer_columns": Text(
        "表中没有姓名、电话、邮箱或公司列，请用 --on 指定要比较的列。",
        "The sheet has no name, phone, email or company column; name the columns"
        " to compare with --on.",
    ),
    "dedupe_no_such_column": Text(
        "表中没有名为“{name}”的列。",
        "The sheet has no column named '{name}'.",
    ),
    "dedupe_on_names_nothing": Text("--on 没有指定任何列。", "--on names no columns."),
    "dedupe_threshold_out_of_range": Text(
        "查重阈值应在 0 到 1 之间，而不是 {threshold}。",
        "The duplicate threshold must be between 0 and 1, not {threshold}.",
    ),
    # Issues the check finds in a cell: "issue_" + the IssueCode value.
    "issue_amount_invalid": Text(
        "金额“{value}”无效：{detail}。",
        "The amount '{value}' is invalid: {detail}.",
    ),
    "issue_amount_negative": Text("金额“{value}”为负数。", "The amount '{value}' is negative."),
    "issue_contact_missing": Text(
        "手机和邮箱都为空，至少填写一项。",
        "Both phone and email are empty; fill in at least one.",
    ),
    "issue_count_invalid": Text(
        "次数“{value}”无效：{detail}。",
        "The count '{value}' is invalid: {detail}.",
    ),
    "issue_count_not_whole": Text(
        "次数“{value}”应为整数。",
        "The count '{value}' must be a whole number.",
    ),
    "issue_date_ambiguous": Text(
        "日期“{value}”的日和月顺序无法确定（{detail}），请写成 yyyy-mm-dd。",
        "The date '{value}' could be day/month or month/day ({detail}); write it as yyyy-mm-dd.",
    ),
    "issue_date_future": Text(
        "日期“{value}”在未来（{detail}）。",
        "The date '{value}' is in the future ({detail}).",
    ),
    "issue_date_invalid": Text(
        "日期“{value}”无效：{detail}。",
        "The date '{value}' is invalid: {detail}.",
    ),
    "issue_email_fullwidth": Text(
        "邮箱“{value}”含全角字符，应为“{suggestion}”。",
        "The email '{value}' contains full-width characters; it should be '{suggestion}'.",
    ),
    "issue_email_invalid": Text(
        "邮箱“{value}”无效：{detail}。",
        "The email '{value}' is invalid: {detail}.",
    ),
    "issue_email_typo": Text(
        "邮箱域名可能拼错，是否为“{suggestion}”？",
        "The email domain looks mistyped; did you mean '{suggestion}'?",
    ),
    "issue_email_undeliverable": Text(
        "邮箱“{value}”的域名无法接收邮件：{detail}。",
        "The email '{value}' cannot receive mail: {detail}.",
    ),
    "issue_enum_invalid": Text(
        "“{value}”不是“{label}”的可选值（{detail}）。",
        "'{value}' is not one of the values allowed for {label} ({detail}).",
    ),
    "issue_phone_invalid": Text(
        "电话号码“{value}”无效：{detail}。",
        "The phone number '{value}' is invalid: {detail}.",
    ),
    "issue_phone_multiple": Text(
        "一个单元格里有多个号码“{value}”，请只保留一个。",
        "The cell holds more than one number ('{value}'); keep one.",
    ),
    "issue_phone_region_mismatch": Text(
        "号码“{value}”属于{detail}，与地区不符。",
        "The number '{value}' belongs to {detail}, which contradicts the region.",
    ),
    "issue_required_missing": Text(
        "必填项“{label}”为空。",
        "The required field {label} is empty.",
    ),
    "match_rule_bad_similarity": Text(
        "查重规则“{field} / {level}”的相似度下限应在 0 到 1 之间。",
        "The match rule '{field} / {level}' needs a minimum similarity between 0 and 1.",
    ),
    "match_rule_not_a_number": Text(
        "查重规则“{field} / {level}”的数字无效。",
        "The match rule '{field} / {level}' has a value that is not a number.",
    ),
    "match_rule_unknown": Text(
        "查重规则“{field} / {level}”不存在，字段和比较方式请从默认表中选。",
        "The match rule '{field} / {level}' does not exist; pick the field"
        " and level from the default table.",
    ),
    "merge_rule_unknown": Text(
        "合并规则“{text}”无效，可用：{choices}。",
        "'{text}' is not a merge rule; use one of: {choices}.",
    ),
    "monthly_period_invalid": Text(
        "期限“{text}”无效，请写成 90d、12w、3m 或 1y。",
        "The period '{text}' is not valid; write it like 90d, 12w, 3m or 1y.",
    ),
    "retention_rule_age_needs_date": Text(
        "保留规则“{name}”只能对日期字段使用 {op}。",
        "Retention rule '{name}' uses {op} on '{field}', which is not a date field.",
    ),
    "retention_rule_bad_age": Text(
        "保留规则“{name}”的时长“{age}”无效，应写成 3y、18m、90d 或 3年。",
        "Retention rule '{name}' has the invalid age '{age}'; write it as 3y, 18m, 90d or 3年.",
    ),
    "retention_rule_bad_condition": Text(
        "保留规则“{name}”的条件应写成 {{field, op, value}}。",
        "Retention rule '{name}' has a condition that is not {{field, op, value}}.",
    ),
    "retention_rule_bad_date": Text(
        "保留规则“{name}”的日期“{date}”无效，应写成 YYYY-MM-DD。",
        "Retention rule '{name}' has the invalid date '{date}'; write it as YYYY-MM-DD.",
    ),
    "retention_rule_field_missing": Text(
        "保留规则“{name}”用到的字段“{field}”不在工作表中。",
        "Retention rule '{name}' uses the field '{field}', which the sheet does not have.",
    ),
    "retention_rule_mixed_fields": Text(
        "保留规则“{name}”的字段“{fields}”类型不一致。",
        "Retention rule '{name}' mixes fields of different kinds in '{fields}'.",
    ),
    "retention_rule_no_basis": Text(
        "保留规则“{name}”缺少法律依据。",
        "Retention rule '{name}' has no legal basis.",
    ),
    "retention_rule_no_conditions": Text(
        "保留规则“{name}”没有条件。",
        "Retention rule '{name}' has no conditions.",
    ),
    "retention_rule_no_name": Text("有一条保留规则没有名称。", "A retention rule has no name."),
    "retention_rule_not_a_number": Text(
        "保留规则“{name}”的值“{value}”不是数字。",
        "Retention rule '{name}' compares with '{value}', which is not a number.",
    ),
    "retention_rule_text_compare": Text(
        "保留规则“{name}”只能用 == 或 != 比较文本字段“{field}”。",
        "Retention rule '{name}' compares the text field '{field}' with {op}; use == or !=.",
    ),
    "retention_rule_twice": Text(
        "保留规则“{name}”重复出现。",
        "Retention rule '{name}' appears twice.",
    ),
    "retention_rule_unknown_action": Text(
        "保留规则“{name}”的动作“{action}”未知，可用：{allowed}。",
        "Retention rule '{name}' has the unknown action '{action}'; use one of {allowed}.",
    ),
    "retention_rule_unknown_field": Text(
        "保留规则“{name}”的字段“{field}”未知。",
        "Retention rule '{name}' uses the unknown field '{field}'.",
    ),
    "retention_rule_unknown_keys": Text(
        "保留规则“{name}”有未知的键：{keys}。",
        "Retention rule '{name}' has unknown keys: {keys}.",
    ),
    "retention_rule_unknown_operator": Text(
        "保留规则“{name}”的比较符“{op}”未知，可用：{allowed}。",
        "Retention rule '{name}' uses the unknown operator '{op}'; use one of {allowed}.",
    ),
    "retention_rules_bad_toml": Text(
        "保留规则文件不是有效的 TOML：{error}。",
        "The retention rules file is not valid TOML: {error}.",
    ),
    "retention_rules_none": Text(
        "保留规则文件中没有 [[rules]] 规则。",
        "The retention rules file has no [[rules]] tables.",
    ),
    "tag_rule_bad_condition": Text(
        "标签规则“{tag}”的条件“{condition}”无效：{why}。",
        "Tag rule '{tag}' has the invalid condition '{condition}': {why}.",
    ),
    "tag_rule_bad_name": Text(
        "标签规则“{tag}”的标签名无效：不能为空，也不能含逗号、分号、顿号、斜杠或空格。",
        "Tag rule '{tag}' has an invalid tag name: it must be one word without separators.",
    ),
    "tag_rule_bad_value": Text(
        "标签规则“{tag}”的值“{text}”无效：{why}。",
        "Tag rule '{tag}' has the invalid value '{text}': {why}.",
    ),
    "tag_rule_unknown_field": Text(
        "标签规则“{tag}”的字段“{field}”未知，可用：{allowed}。",
        "Tag rule '{tag}' uses the unknown field '{field}'; use one of {allowed}.",
    ),
    "tag_rule_unknown_operator": Text(
        "标签规则“{tag}”的比较符“{op}”未知，可用：{allowed}。",
        "Tag rule '{tag}' uses the unknown operator '{op}'; use one of {allowed}.",
    ),
    "tier_cut_points_invalid": Text(
        "分界点“{name}”应为 4 个递增的数字，而不是 {cuts}。",
        "Cut points '{name}' must be 4 increasing numbers, not {cuts}.",
    ),
    "tier_rule_not_allowed": Text(
        "分级规则“{name}”只能是 {options}，而不是“{value}”。",
        "Tier rule '{name}' must be one of {options}, not '{value}'.",
    ),
    "tier_setting_cut_points_invalid": Text(
        "设置“{setting}”应为 4 个递增的数字，用逗号分隔（如 {default}），而不是“{text}”。",
        "Setting '{setting}' must be 4 increasing numbers separated by commas"
        " (like {default}), not '{text}'.",
    ),
    # -- actions and command line --------------------------------------------------------
    "addin_built": Text(
        "已生成加载项",
        "built",
    ),
    "addin_installed": Text(
        "已安装",
        "installed",
    ),
    "addin_restart_excel": Text(
        "请重启 Excel，功能区会出现“客户数据”选项卡。",
        "Restart Excel: the ribbon shows the xlcrm tab.",
    ),
    "asof_invalid": Text(
        "--asof 的日期“{text}”无效，请写成 YYYY-MM-DD。",
        "--asof must be a date written as YYYY-MM-DD, not '{text}'.",
    ),
    "audit_intact": Text(
        "审计日志完好：{entries} 条记录。",
        "Audit log intact: {entries} entries.",
    ),
    "audit_tampered": Text(
        "审计日志被改动",
        "tampered",
    ),
    "cancelled": Text(
        "已取消。",
        "Cancelled.",
    ),
    "checked": Text(
        "检查了“{sheet}”的 {rows} 条记录：{errors} 个错误，{warnings} 个警告。",
        "Checked {rows} records in '{sheet}': {errors} errors, {warnings} warnings.",
    ),
    "checked_and_fixed": Text(
        "检查了“{sheet}”的 {rows} 条记录：{errors} 个错误，{warnings} 个警告，已修改 {fixed} 个单元格。",
        "Checked {rows} records in '{sheet}': {errors} errors, {warnings} warnings, {fixed} cells changed.",
    ),
    "checked_without": Text(
        "（表中没有这些列：{missing}）",
        " (the sheet has no column for: {missing})",
    ),
    "collected": Text(
        "收回 {returned}/{files} 个文件：新增 {new}，修改 {changed}，删除 {deleted}（已标记），冲突 {conflicts}，无效 {invalid}；收回 {rows_in} 行，新总表 {rows_out} 行。报告：{report}{more}。",
        "Collected {returned}/{files} files: {new} new, {changed} changed, {deleted} deleted (flagged), {conflicts} conflicts, {invalid} invalid; {rows_in} rows in, {rows_out} in the new master. Report: {report}{more}.",
    ),
    "collected_not_returned": Text(
        "；未收回：{names}",
        "; not returned: {names}",
    ),
    "collected_not_used": Text(
        "；{files} 个文件未采用（见报告“文件”页）",
        "; {files} files not used (see the report's Files sheet)",
    ),
    "decrypted": Text(
        "已解密“{sheet}”中的 {changed} 个单元格。",
        "Decrypted {changed} cells in '{sheet}'.",
    ),
    "decrypted_nothing": Text(
        "“{sheet}”的这些列中没有密文，未写入文件。",
        "The columns hold no encrypted cells in '{sheet}'; nothing was written.",
    ),
    "demo_audit_entries": Text("条", "entries"),
    "demo_audit_intact": Text("完好", "intact"),
    "demo_audit_log": Text("审计日志", "audit log"),
    "demo_audit_tampered": Text("被改动", "TAMPERED"),
    "demo_column_action": Text("操作", "Action"),
    "demo_column_output": Text("输出", "Output"),
    "demo_column_result": Text("结果", "Result"),
    "demo_duplicate_groups": Text("组重复", "duplicate groups"),
    "demo_generating": Text(
        "生成 {rows} 条示例客户记录",
        "generating {rows} sample records",
    ),
    "demo_lookalike_pairs": Text("对相似但不同的客户", "look-alike pairs"),
    "demo_planted": Text("其中埋入", "planted"),
    "demo_records": Text("条记录", "records"),
    "demo_rows_with_defects": Text("行含错误", "rows with defects"),
    "demo_sample_workbook": Text("示例工作簿", "sample workbook"),
    "demo_template": Text("模板", "template"),
    "distributed": Text(
        "已把 {rows} 条记录分发为 {files} 个文件（{month}），清单：{manifest}。",
        "Distributed {rows} records into {files} files ({month}); manifest: {manifest}.",
    ),
    "distributed_passwords": Text(
        "密码在 {name}，请单独保管，不要随文件发送。",
        "Passwords are in {name}: keep it apart, never send it.",
    ),
    "duplicates_found": Text(
        "在“{sheet}”的 {rows} 条记录中找到 {groups} 组可能重复的客户（共 {duplicate_rows} 行）。",
        "Found {groups} groups of likely duplicate customers ({duplicate_rows} rows) among {rows} records in '{sheet}'.",
    ),
    "encrypted": Text(
        "已加密“{sheet}”中 {headers} 列的 {changed} 个单元格。",
        "Encrypted {changed} cells of {headers} in '{sheet}'.",
    ),
    "encrypted_already": Text(
        "“{sheet}”中 {headers} 列已全部加密（{left} 个单元格），未做改动。",
        "The columns {headers} in '{sheet}' were already encrypted ({left} cells); nothing changed.",
    ),
    "encrypted_by_row": Text(
        "{cells} 个单元格按行号绑定（该行没有客户编号），解密前请勿排序。",
        "{cells} cells are bound to their row number (no customer id): do not sort before decrypting.",
    ),
    "encrypted_some": Text(
        "已加密“{sheet}”中 {headers} 列的 {changed} 个单元格；{left} 个单元格原已加密，保持不变。",
        "Encrypted {changed} cells of {headers} in '{sheet}'; {left} cells were already encrypted and were left as they were.",
    ),
    "encrypted_still_in_clear": Text(
        "注意：有 {values} 个值在其他列或工作表中仍以明文出现。",
        "Note: {values} of the values still appear in clear in other columns or sheets.",
    ),
    "inspected": Text(
        "工作表“{sheet}”：表头在第 {header_row} 行，{rows} 条记录，{mapped} 列已识别，{unknown} 列原样保留。",
        "Sheet '{sheet}': header on row {header_row}, {rows} records, {mapped} columns recognised, {unknown} carried through unchanged.",
    ),
    "internal_error": Text(
        "内部错误（{kind}: {error}）；请设置 XLCRM_DEBUG=1 重试 并报告此问题。",
        "Internal error; run again with XLCRM_DEBUG=1 and report it.",
    ),
    "language_invalid": Text(
        "--language 只能是 zh 或 en，而不是“{value}”。",
        "--language must be zh or en, not '{value}'.",
    ),
    "masked_view": Text(
        "脱敏视图见“{sheet}”。",
        "A masked view is in '{sheet}'.",
    ),
    "merge_nothing_marked": Text(
        "没有标为 Y 的重复组，未合并，也未写入文件。",
        "No duplicate group is marked Y; nothing was merged or written.",
    ),
    "not_a_folder": Text(
        "“{path}”不是文件夹。",
        "{path} is not a folder.",
    ),
    "on_column_missing": Text(
        "--on 中的列“{name}”在“{sheet}”中找不到（现有列：{columns}）。",
        "The --on column '{name}' is not in '{sheet}' (columns: {columns}).",
    ),
    "option_out_of_range": Text(
        "{option} 应在 {low} 到 {high} 之间，而不是 {value}。",
        "{option} must be between {low} and {high}, not {value}.",
    ),
    "passphrase_needed": Text(
        "需要口令：设置环境变量 XLCRM_PASSPHRASE，或在终端中按提示输入。",
        "A passphrase is needed: set XLCRM_PASSPHRASE or type it at the prompt.",
    ),
    "password_needed": Text(
        "需要密码：设置环境变量 XLCRM_PASSWORD，或在终端中按提示输入。",
        "A password is needed: set XLCRM_PASSWORD or type it at the prompt.",
    ),
    # Steps on a progress bar; shown in both languages (xlcrm.progress.step_label).
    "progress_distributing": Text("分发", "distributing"),
    "progress_distributing_file": Text("分发 {name}", "distributing {name}"),
    "progress_reading_file": Text("读取 {name}", "reading {name}"),
    "progress_reconciling": Text("核对", "reconciling"),
    "progress_tiers": Text("分级", "tiers"),
    "progress_writing": Text("写入", "writing"),
    "prompt_passphrase": Text(
        "口令",
        "passphrase",
    ),
    "prompt_password": Text(
        "{name} 的密码",
        "password",
    ),
    "prompt_repeat": Text(
        "再输入一次",
        "repeat",
    ),
    "protect_already": Text(
        "“{name}”已设置打开密码，未做改动（要换密码请先去密码）。",
        "{name} already has a password; nothing was changed (unprotect it first to change it).",
    ),
    "protected": Text(
        "已写入设置打开密码的副本。",
        "Wrote a copy that opens only with the password.",
    ),
    "protected_with_sheet": Text(
        "已写入设置打开密码的副本，并保护了“{sheet}”工作表。",
        "Wrote a copy that opens only with the password, with the sheet '{sheet}' protected.",
    ),
    "retention_applied": Text(
        "已应用保留规则，备份：{backup}。",
        "Retention applied; backup: {backup}.",
    ),
    "retention_dry_run": Text(
        "演练（未做任何修改）：{due} 条记录到期。",
        "Dry run (nothing changed): {due} records are due.",
    ),
    "retention_no_rules": Text(
        "工作簿的设置表中没有保留规则，请填写“保留规则”表或用 --rules 指定规则文件。",
        "The workbook's Settings sheet has no retention rules; fill in its 'Retention rules' table or give a rules file with --rules.",
    ),
    "retention_original_kept": Text(
        "注意：原文件“{name}”仍含被销毁的记录；用 --in-place 原地应用或删除原文件。",
        "Note: the original {name} still holds the destroyed records; use --in-place or delete it.",
    ),
    "retention_rules_unreadable": Text(
        "无法读取保留规则文件“{path}”（{error}）。",
        "Cannot read the retention rules file {path} ({error}).",
    ),
    "reviewed": Text(
        "{rows} 条记录中有 {stale} 条超过 {days} 天未更新或未联系，涉及 {owners} 位负责人。",
        "{stale} of {rows} records not updated or contacted in {days} days, across {owners} owners.",
    ),
    "sample_lost_rows": Text(
        "示例数据行数不符。",
        "The sample workbook lost rows.",
    ),
    "summarised": Text(
        "已为“{sheet}”的 {rows} 位客户生成汇总表和图表。",
        "Summary sheet and charts made for {rows} customers in '{sheet}'.",
    ),
    "template_copied": Text(
        "已复制",
        "copied",
    ),
    "template_rebuilt": Text(
        "重新生成",
        "rebuilt",
    ),
    "templates_already_there": Text(
        "模板已存在，未覆盖。",
        "The templates are already there; nothing was overwritten.",
    ),
    "tiered": Text(
        "“{sheet}”的 {rows} 位客户：价值 高 {high} / 中 {mid} / 低 {low}，活跃 {active} / 一般 {regular} / 沉睡 {sleeping}；{unscored} 位未能评分。",
        "{rows} customers in '{sheet}': value high {high} / medium {mid} / low {low}; active {active} / regular {regular} / sleeping {sleeping}; {unscored} not scored.",
    ),
    "undo_nothing": Text(
        "“{name}”没有可撤销的 xlcrm 修改（没有备份）。",
        "There is no xlcrm change to undo in {name} (no backup).",
    ),
    "undone": Text(
        "已撤销：“{name}”恢复为 {backup}，撤销前的文件保存在 {kept}。",
        "Undone: {name} is back to {backup}; the file as it was is kept as {kept}.",
    ),
    "unmerged": Text(
        "已撤销“{sheet}”的第 {batch} 次合并：恢复了 {rows_restored} 行、{cells} 个单元格。",
        "Undid merge {batch} of '{sheet}': {rows_restored} rows and {cells} cells restored.",
    ),
    "unprotect_already": Text(
        "“{name}”没有打开密码，未做改动。",
        "{name} has no password; nothing was changed.",
    ),
    "unprotected": Text(
        "已写入去掉密码的副本。",
        "Wrote a copy without the password.",
    ),
    # -- excel, add-in -------------------------------------------------------------------
    # excel/ribbon
    "ask_file_password": Text(
        "“{name}”设置了打开密码，请输入密码：",
        "{name} is protected with a password; type it:",
    ),
    "ask_secret": Text("请输入{secret}：", "Type the {secret}:"),
    "ask_secret_again": Text("请再输入一次{secret}：", "Type the {secret} again:"),
    "nothing_typed": Text("没有输入内容，未做任何操作。", "Nothing was typed; nothing was done."),
    "ribbon_confirm_change": Text(
        "“{action}”会修改工作簿中的数据；修改前的内容会先备份，可用“撤销”恢复。继续吗？",
        "{action} changes data in this workbook; what it replaces is backed up first and Undo"
        " puts it back. Continue?",
    ),
    "ribbon_confirm_undo": Text(
        "撤销上一次 xlcrm 修改吗？",
        "Undo the last xlcrm change in this workbook?",
    ),
    "ribbon_tag_unknown": Text(
        "功能区按钮“{tag}”不是 xlcrm 的操作；请重新安装加载项。",
        "The ribbon button '{tag}' is not an xlcrm action; reinstall the add-in.",
    ),
    "save_workbook_first": Text(
        "请先保存工作簿再运行此操作。",
        "Save the workbook first; this action works on the file.",
    ),
    "secrets_differ": Text(
        "两次输入的{secret}不一致，未做任何操作。",
        "The two entries of the {secret} do not match; nothing was done.",
    ),
    # excel/undo_sheet
    "nothing_to_undo": Text(
        "没有可撤销的 xlcrm 修改。",
        "There is no xlcrm change to undo in this workbook.",
    ),
    "undo_done": Text(
        "已撤销上一次“{action}”操作（恢复 {rows} 行，删除 {sheets} 个新工作表）。",
        "Undid the last '{action}' ({rows} rows restored, {sheets} new sheets removed).",
    ),
    # addin
    "addin_needs_excel": Text(
        "安装加载项需要 Windows 或 macOS 上的 Microsoft Excel；在此系统上请用"
        " xlcrm addin build 生成 xlcrm.xlam 后复制到 Windows 电脑。",
        "Installing the add-in needs Microsoft Excel on Windows or macOS; on this system run"
        " 'xlcrm addin build' and copy xlcrm.xlam to a Windows PC.",
    ),
    "addin_config_written": Text(
        "用户配置（Python 路径）",
        "user config (the Python path)",
    ),
    "addin_in_use": Text(
        "无法删除 {path}：Excel 正在使用它；请先退出 Excel 再卸载。",
        "Could not remove {path}: Excel is using it; quit Excel and uninstall again.",
    ),
    "addin_not_installed": Text(
        "{folder} 中没有 xlcrm 加载项，也没有用户配置；无需卸载。",
        "xlcrm is not installed in {folder} and has no user config; nothing to remove.",
    ),
    "addin_removed": Text(
        "已删除",
        "removed",
    ),
    "addin_restart_excel_removed": Text(
        "请重启 Excel，“客户数据”选项卡就会消失。",
        "Restart Excel: the xlcrm tab is gone.",
    ),
    "addin_vba_missing": Text(
        "找不到加载项的 VBA 源文件（{folder}/*.bas）；请重新安装 xlcrm（pip install xlcrm）。",
        "The add-in's VBA sources ({folder}/*.bas) are missing; reinstall xlcrm (pip install xlcrm).",
    ),
    "config_path_unencodable": Text(
        "无法写入 {path}：Python 的路径含有本机 Windows 代码页不支持的字符；请把 Python 装在只含"
        "英文或中文字符的文件夹中。",
        "Could not write {path}: the Python path has characters this Windows code page cannot"
        " hold; install Python in a folder with plain letters.",
    ),
    "ribbon_busy": Text(
        "xlcrm 正在运行“{action}”，请等它完成后再点击。",
        "xlcrm is still running {action}: wait until it finishes, then click again.",
    ),
    "startup_folder_locked": Text(
        "无法写入 {path}：Excel 正在使用它或文件夹只读；请先退出 Excel 再安装。",
        "Could not write {path}: Excel is using it or the folder is read-only; quit Excel and"
        " install again.",
    ),
    "lite_asof_invalid": Text(
        "日期“{text}”无效，请写成 2026-11-01 或留空（今天）。",
        "'{text}' is not a date; write it as 2026-11-01, or leave it empty for today.",
    ),
    "lite_files_written": Text(
        "已写入 {main} 和 {requirements}：在 xlwings Lite 中把它们的内容粘贴到 main.py 和"
        " requirements.txt 两个标签页。",
        "Wrote {main} and {requirements}: paste them into the main.py and requirements.txt tabs"
        " of xlwings Lite.",
    ),
    "lite_needs_cli": Text(
        "xlwings Lite 无法{what}：它不能读写电脑上的文件，也不能联网或询问密码；请在装有 Python"
        " 的电脑上运行 {command}。",
        "xlwings Lite cannot {what}: it cannot reach files on the PC, the network or a password"
        " prompt; run {command} on a PC with Python.",
    ),
    "lite_no_sheet": Text(
        "请先选中客户数据所在的工作表，再点击按钮。",
        "Select the sheet with the customer list first, then click the button.",
    ),
    "match_rule_bad_tf": Text(
        "查重规则“{field} / {level}”的词频调整应在 0 到 1 之间。",
        "The match rule '{field} / {level}' needs a TF share between 0 and 1.",
    ),
    "merged": Text(
        "合并了“{sheet}”中的 {groups} 组重复客户：{rows_merged} 行已从表中删去、移到“已合并”表，可用 xlcrm unmerge 撤销。",
        "Merged {groups} duplicate groups in '{sheet}': {rows_merged} rows removed from the sheet and kept in the Merged sheet; xlcrm unmerge undoes it.",
    ),
    "audit_anchors_held": Text(
        "另存的记录（{places}）与日志相符：末尾没有被删除，也没有被整体改写。",
        "The records kept elsewhere ({places}) match the log: nothing was cut off its end or"
        " rewritten.",
    ),
    "audit_log_not_intact": Text(
        "审计日志 {log} 未通过校验：{reason} 为保证每次修改都有可信的记录，未做任何修改；"
        "请运行 xlcrm audit verify 查看，并从备份恢复日志。",
        "The audit log {log} does not verify: {reason} Nothing was changed, so that no change"
        " goes unrecorded; run xlcrm audit verify to see why and restore the log from a backup.",
    ),
    "audit_unfinished": Text(
        "第 {seqs} 条记录的操作尚未完成（仍在运行，或被中断）；下次对该文件运行 xlcrm 时会补记结果。",
        "The runs of entries {seqs} have not finished (still running, or interrupted); the next"
        " xlcrm run on their file records what became of it.",
    ),
    "backup_not_verified": Text(
        "备份“{name}”读回后与“{file}”不一致，已删除该备份，未做任何修改；请检查磁盘后重试。",
        "The backup {name} did not read back equal to {file}, so it was removed and nothing"
        " was changed; check the disk and try again.",
    ),
    "disk_full": Text(
        "磁盘已满，无法写入“{name}”（{folder}）；请腾出空间后重试。",
        "The disk is full, so {name} could not be written (in {folder}); free some space and"
        " try again.",
    ),
    "file_access_failed": Text(
        "无法读写“{name}”（{folder}）：{reason}；请检查磁盘和文件夹后重试。",
        "{name} could not be read or written (in {folder}): {reason}; check the disk and the"
        " folder and try again.",
    ),
    "file_in_use": Text(
        "“{name}”正被其他程序（如 Excel 或 WPS）使用，请关闭后重试。",
        "{name} is in use by another program (such as Excel or WPS); close it and try again.",
    ),
    "folder_read_only": Text(
        "“{folder}”在只读磁盘上，无法写入“{name}”；请把工作簿复制到可写的文件夹，或用 --out 写到别处。",
        "{folder} is on a read-only disk, so {name} could not be written; copy the workbook to a"
        " writable folder or write elsewhere with --out.",
    ),
    "password_cost_too_high": Text(
        "“{file}”要求 {rounds} 轮密码计算，超过 Excel 和 xlcrm 所用的 {limit} 轮，可能被篡改过；未打开它。",
        "{file} asks for {rounds} rounds of password hashing, more than the {limit} Excel and"
        " xlcrm use; it may have been tampered with, so it was not opened.",
    ),
    "permission_denied": Text(
        "没有权限读写“{name}”（{folder}）；请检查文件和文件夹的权限，或用 --out 写到别处。",
        "You have no permission to read or write {name} (in {folder}); check the permissions of"
        " the file and its folder, or write elsewhere with --out.",
    ),
    "retention_files_still_holding": Text(
        "仍有 {count} 个 xlcrm 写过的文件含有被销毁的客户：{files}（已列入销毁记录）；"
        "请打开这些文件删除这些客户（另设密码的文件用它的密码打开），或删除这些文件。",
        "{count} files xlcrm wrote still hold destroyed customers: {files} (named in the"
        " destruction record); remove the customers from them (a file with another password"
        " opens with that password), or delete the files.",
    ),
    "retention_plan_damaged": Text(
        "计划文件已损坏，或不是 xlcrm 保存的保留期计划；请重新运行演练并保存计划。",
        "The plan file is damaged or is not a retention plan xlcrm saved; run the dry run"
        " again and save a new plan.",
    ),
    "retention_plan_folder_missing": Text(
        "文件夹“{folder}”不存在，无法在那里保存计划。",
        "The folder {folder} does not exist, so the plan cannot be saved there.",
    ),
    "retention_plan_missing": Text(
        "找不到计划文件“{path}”；请先运行不带 --apply 的 xlcrm retention --plan {path} 保存计划。",
        "The plan file {path} does not exist; save one first with xlcrm retention --plan {path}"
        " (without --apply).",
    ),
    "retention_plan_moved": Text(
        "计划中的 {count} 条记录位置变了（计划时行号→现在行号：{rows}），已按记录本身执行。",
        "{count} planned records had moved (row then → row now: {rows}); each was acted on"
        " where it is now.",
    ),
    "retention_plan_not_found": Text(
        "计划中的 {count} 条记录（计划时第 {rows} 行）在“{name}”中已不是计划时的样子（被删除、修改或重复），"
        "未做任何修改；请重新运行演练并保存计划。",
        "{count} planned records (rows {rows} when planned) are no longer in {name} as planned"
        " (deleted, edited or duplicated), so nothing was changed; run the dry run again and"
        " save a new plan.",
    ),
    "retention_plan_other_workbook": Text(
        "计划“{plan}”是为“{workbook}”做的，不是“{name}”；未做任何修改。",
        "The plan {plan} was made for {workbook}, not {name}; nothing was changed.",
    ),
    "retention_plan_saved": Text(
        "计划已保存到 {path}；用 --apply --plan {path} 原样执行。",
        "The plan was saved to {path}; apply exactly it with --apply --plan {path}.",
    ),
    "undo_backup_damaged": Text(
        "备份“{name}”已损坏，无法打开，未撤销任何修改；请从更早的备份手动恢复。",
        "The backup {name} is damaged and does not open, so nothing was undone; restore an"
        " earlier backup by hand.",
    ),
    "undo_backup_mismatch": Text(
        "备份“{name}”与 xlcrm 写入它时记录的哈希不符（被改动或损坏），未撤销任何修改。",
        "The backup {name} does not match the hash xlcrm recorded when it wrote it (it was"
        " changed or damaged), so nothing was undone.",
    ),
    "undo_backup_sealed": Text(
        "备份“{name}”是用加密时的口令保护的；请把那个口令作为密码输入，才能撤销。",
        "The backup {name} is sealed with the passphrase used to encrypt; give that"
        " passphrase as the password to undo.",
    ),
    "workbook_changed_during_run": Text(
        "“{name}”在 xlcrm 处理期间被其他人或程序保存过，为免改错客户，未做任何修改；请重新运行。",
        "{name} was saved by someone else while xlcrm worked on it, so nothing was changed"
        " (to avoid changing the wrong customers); run the command again.",
    ),
    "workbook_locked_by_xlcrm": Text(
        "“{name}”正被另一个 xlcrm 操作修改（{user}@{host}，进程 {pid}，{action}，自 {since}）；"
        "请等它完成后重试。",
        "{name} is being changed by another xlcrm run ({user}@{host}, process {pid}, {action},"
        " since {since}); try again when it has finished.",
    ),
    "workbook_locked_by_xlcrm_unknown": Text(
        "“{name}”正被另一个 xlcrm 操作修改；请等它完成后重试。",
        "{name} is being changed by another xlcrm run; try again when it has finished.",
    ),
    "workbook_open_by": Text(
        "“{name}”正被 {owner} 在 Excel、WPS 或 LibreOffice 中打开；请先关闭它再修改，未做任何修改。",
        "{name} is open in Excel, WPS or LibreOffice by {owner}; close it first, nothing was"
        " changed.",
    ),
    "workbook_open_elsewhere": Text(
        "“{name}”正在 Excel、WPS 或 LibreOffice 中打开；请先关闭它再修改，未做任何修改。",
        "{name} is open in Excel, WPS or LibreOffice; close it first, nothing was changed.",
    ),
    "audit_line_edited": Text(
        "第 {line} 行被修改（哈希不符）。",
        "Line {line} was edited (its hash does not match).",
    ),
    "audit_line_removed": Text(
        "第 {line} 行之前有记录被删除（序号应为 {expected}，实为 {found}）。",
        "An entry before line {line} was removed (expected seq {expected}, found {found}).",
    ),
    "audit_line_reordered": Text(
        "第 {line} 行顺序错乱或重复（序号应为 {expected}，实为 {found}）。",
        "Line {line} is out of order or repeated (expected seq {expected}, found {found}).",
    ),
    "audit_line_inserted": Text(
        "第 {line} 行与上一行的哈希链不符（prev 不符），本行是插入的，或上一行被替换。",
        "Line {line} does not link to the line before it (prev does not match):"
        " it was inserted, or the line before it was replaced.",
    ),
    "audit_line_not_json": Text(
        "第 {line} 行不是有效的 JSON，可能被截断或损坏。",
        "Line {line} is not valid JSON; it may be truncated or damaged.",
    ),
    "audit_log_truncated": Text(
        "日志只有 {count} 条记录，但 {where} 记着第 {seq} 条：末尾的记录被删除了。",
        "The log has {count} entries but {where} records entry {seq}:"
        " entries were cut off its end.",
    ),
    "audit_log_rewritten": Text(
        "第 {seq} 条记录的哈希与 {where} 记着的不同：日志被整体改写过。",
        "Entry {seq} does not have the hash {where} records: the log was rewritten.",
    ),
    "retention_out_needs_apply": Text(
        "--out 和 --in-place 只能与 --apply 一起使用。",
        "--out and --in-place need --apply.",
    ),
    "retention_out_or_in_place": Text(
        "--out 和 --in-place 不能同时使用。",
        "--out and --in-place cannot be used together.",
    ),
    "retention_plan_fixes_rules": Text(
        "--apply --plan 使用计划中的规则和日期：请去掉 --rules/--asof。",
        "--apply --plan uses the plan's rules and date: drop --rules/--asof.",
    ),
    "diff_key_missing": Text(
        "“{file}”中没有“{name}”列，无法按它对应两个月的客户。",
        "{file} has no column '{name}' to match the customers of the two months by.",
    ),
    "diff_no_key": Text(
        "两个表没有共同的客户编号列，请用 --key 指定用来对应客户的列（如手机号码）。",
        "The two sheets share no customer id column; name the column that identifies a"
        " customer with --key (a phone column, say).",
    ),
    "diff_no_old": Text(
        "请给出上个月的文件：xlcrm diff 上月.xlsx 本月.xlsx。",
        "Give last month's file too: xlcrm diff LAST.xlsx THIS.xlsx.",
    ),
    "diff_same_file": Text(
        "要比较的是同一个文件“{name}”，请给出两个不同月份的文件。",
        "Both files are {name}; give the files of two different months.",
    ),
    "diffed": Text(
        "“{new}”与“{old}”相比：新增 {added}，流失 {removed}，变更 {changed}，不变 {unchanged}。",
        "{new} against {old}: {added} new, {removed} gone, {changed} changed,"
        " {unchanged} unchanged.",
    ),
}
