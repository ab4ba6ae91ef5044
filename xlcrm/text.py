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
    "no_such_action": Text(
        "没有名为“{name}”的操作。",
        "There is no action named '{name}'.",
    ),
    # -- xlsx: the workbook patcher ----------------------------------------------------
    # -- io: reading and writing files -------------------------------------------------
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
    "template_language_unknown": Text(
        "没有“{language}”语言的模板，请用 zh 或 en。",
        "There is no '{language}' template; use zh or en.",
    ),
    "template_unreadable": Text(
        "“{name}”不是可读取的 Excel 工作簿，可能已损坏。",
        "{name} is not a readable Excel workbook; it may be damaged.",
    ),
    "templates_destination_is_file": Text(
        "“{dest}”是一个文件，请给出文件夹。",
        "'{dest}' is a file; give a folder instead.",
    ),
    # -- core: rules ---------------------------------------------------------------------
    # -- actions and command line --------------------------------------------------------
    # -- excel, add-in -------------------------------------------------------------------
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
    "addin_vba_missing": Text(
        "找不到加载项的 VBA 源文件（{folder}/*.bas）；请在 xlcrm 源代码目录中运行。",
        "The add-in's VBA sources ({folder}/*.bas) are missing; run from an xlcrm source checkout.",
    ),
    "excel_unreachable": Text(
        "无法连接 Excel（{error}）；请确认已安装 Microsoft Excel。",
        "Could not reach Excel ({error}); check that Microsoft Excel is installed.",
    ),
    "startup_folder_locked": Text(
        "无法写入 Excel 启动文件夹；请先退出 Excel 再安装。",
        "Could not write to Excel's start-up folder; quit Excel and install again.",
    ),
}
