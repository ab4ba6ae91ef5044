"""Bilingual text: the :class:`Text` type and the catalogue of sentences users read.

Everything xlcrm says to a person exists in Chinese and English. A :class:`Text` holds
both; code picks one at the edge with ``text(language)`` and never branches on the
language itself:

    saved = Text("已写入“{name}”。", "Wrote {name}.")
    saved.format(name="客户.xlsx")("en")      # 'Wrote 客户.xlsx.'
    str(saved.format(name="a.xlsx"))          # both, Chinese first: how errors are shown

:data:`CATALOGUE` holds the messages, each under a stable code (the code an error
carries, see :mod:`xlcrm.errors`). ``tests/test_text.py`` checks every entry's exact
sentences in both languages from one table, and that every code the package raises is
here. Labels that belong to a thing (a field, a setting, a sheet title) are ``Text``
values beside that thing instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


def as_language(value: object) -> Language:
    """'en' for English, 'zh' for anything else (the default language of xlcrm)."""
    return "en" if str(value).strip().casefold() == "en" else "zh"


@dataclass(frozen=True)
class Text:
    """One sentence or label in Chinese and English."""

    zh: str
    en: str

    def __call__(self, language: str) -> str:
        """The text in ``language`` ('zh' or 'en'; anything else counts as 'zh')."""
        return self.en if as_language(language) == "en" else self.zh

    def format(self, **values: object) -> Text:
        """Fill ``{placeholders}``; a value that is itself a Text fills each language."""
        zh = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
        en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.zh.format(**zh), self.en.format(**en))

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, str):
            return Text(self.zh + other, self.en + other)
        return Text(self.zh + other.zh, self.en + other.en)

    def both(self, separator: str = " ") -> str:
        """Chinese, then English: how an error reads on the command line."""
        return self.zh if self.zh == self.en else f"{self.zh}{separator}{self.en}"

    def __str__(self) -> str:
        return self.both()

    @classmethod
    def same(cls, text: str) -> Text:
        """A text that reads the same in both languages (a name, a number)."""
        return cls(text, text)

    @staticmethod
    def join(parts: list[Text], *, zh: str = "、", en: str = ", ") -> Text:
        """Parts joined with each language's separator."""
        return Text(zh.join(p.zh for p in parts), en.join(p.en for p in parts))


def message(code: str, **values: object) -> Text:
    """The catalogue's message ``code`` with its placeholders filled."""
    try:
        template = CATALOGUE[code]
    except KeyError:
        raise KeyError(f"no message {code!r} in xlcrm.text.CATALOGUE") from None
    return template.format(**values) if values else template


def pick(texts: Mapping[str, str], language: str) -> str:
    """A value of a ``{"zh": ..., "en": ...}`` mapping (for data read from files)."""
    return texts[as_language(language)]


# The catalogue. One section per area, in layer order; within a section, by code.
# A code is snake_case and says what went wrong or what was done, not where.
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
    # -- io: reading and writing files -------------------------------------------------
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
    # -- core: rules ---------------------------------------------------------------------
    # -- actions and command line --------------------------------------------------------
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
    "ribbon_internal_error": Text(
        "内部错误（{kind}: {error}）；请设置 XLCRM_DEBUG=1 重试 并报告此问题。",
        "Internal error; run again with XLCRM_DEBUG=1 and report it.",
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
}
