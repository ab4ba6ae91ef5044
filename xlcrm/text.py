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
    "output_not_writable": Text(
        "无法写入“{name}”：文件被其他程序占用或没有权限。",
        "{name} cannot be written; it is open in another program or read-only.",
    ),
    "sheet_not_found": Text(
        "工作簿中没有名为“{name}”的工作表（现有：{sheets}）。",
        "There is no sheet named '{name}' in {file} (sheets: {sheets}).",
    ),
    "workbook_damaged": Text(
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
    # -- core: rules ---------------------------------------------------------------------
    # -- actions and command line --------------------------------------------------------
    # -- excel, add-in -------------------------------------------------------------------
}
