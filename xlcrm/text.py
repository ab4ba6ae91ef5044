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
    # -- core: rules ---------------------------------------------------------------------
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
    "demo_generating": Text(
        "生成 {rows} 条示例客户记录…",
        "generating {rows} sample records",
    ),
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
    "merged": Text(
        "合并了“{sheet}”中的 {groups} 组重复客户：{rows_merged} 行移到“已合并”表，可用 xlcrm unmerge 撤销。",
        "Merged {groups} duplicate groups in '{sheet}': {rows_merged} rows moved to the Merged sheet; xlcrm unmerge undoes it.",
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
    "undo_failed": Text(
        "无法撤销：{reason}；请关闭该文件后重试。",
        "Could not undo ({reason}); close the file and try again.",
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
}
