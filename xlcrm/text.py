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
    # -- core: rules ---------------------------------------------------------------------
    # -- actions and command line --------------------------------------------------------
    # -- excel, add-in -------------------------------------------------------------------
}
