"""Bilingual text: the :class:`Text` type and :func:`message`, the catalogue's reader.

Everything xlcrm says to a person exists in Chinese and English. A :class:`Text` holds
both; code picks one at the edge with ``text(language)`` and never branches on the
language itself:

    saved = Text("已写入“{name}”。", "Wrote {name}.")
    saved.format(name="客户.xlsx")("en")      # 'Wrote 客户.xlsx.'
    str(saved.format(name="a.xlsx"))          # both, Chinese first: how errors are shown

The sentences users read are data in :mod:`xlcrm.catalogue` (:data:`CATALOGUE`, also
importable from here), each under a stable code; ``message(code, **values)`` fills one.
Checking that a value names a language raises an error, so it lives above the errors:
:func:`xlcrm.settings.parse_language`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


def as_language(value: object) -> Language:
    """'en' for English, 'zh' for anything else (the default language of xlcrm)."""
    return "en" if str(value).strip().casefold() == "en" else "zh"


@dataclass(frozen=True)
class Bilingual(Generic[T]):
    """One value for each language, picked at the edge with ``value(language)``.

    :class:`Text` is the one for sentences and labels; others hold what a language
    decides beyond words (the table a choice is matched against, say).
    """

    zh: T
    en: T

    def __call__(self, language: str) -> T:
        """The value for ``language`` ('zh' or 'en'; anything else counts as 'zh')."""
        return self.en if as_language(language) == "en" else self.zh


@dataclass(frozen=True)
class Text(Bilingual[str]):
    """One sentence or label in Chinese and English."""

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
        raise KeyError(f"no message {code!r} in xlcrm.catalogue.CATALOGUE") from None
    return template.format(**values) if values else template


# The data, imported last: its entries are Text values, so Text must exist first.
from xlcrm.catalogue import CATALOGUE  # noqa: E402

__all__ = ["CATALOGUE", "LANGUAGES", "Bilingual", "Language", "Text", "as_language", "message"]
