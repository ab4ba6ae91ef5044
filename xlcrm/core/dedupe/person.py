"""A person's surname, gender and birth date as keys.

- :func:`surname` of 张伟, 张先生 and 欧阳娜娜 is 张, 张 and 欧阳; of "John Smith",
  "Smith, John" and "Mr. Smith" it is smith;
- :func:`gender_key` reads 男/女, M/F, Male/Female (a gender column);
  :func:`gender_from_name` reads it from a title (张先生 is a man, 王女士 a woman);
- :func:`birth_date_key` is yyyy-mm-dd for a date cell or any date text the check rules
  read (1985/3/7, 1985年3月7日, 19850307).
"""

from __future__ import annotations

import datetime as dt
import re

from xlcrm.core.dedupe.fold import CJK, PUNCT, fold, simplified
from xlcrm.core.values.dates import parse_date

__all__ = ["ZH_TITLES", "birth_date_key", "gender_from_name", "gender_key", "surname"]

# Courtesy titles typed around a name, longest first. Chinese ones follow the name,
# Latin ones lead it.
ZH_TITLES = ("总经理", "董事长", "先生", "女士", "小姐", "太太", "老师", "经理", "主任", "总")
_ZH_GENDER = {"先生": "m", "女士": "f", "小姐": "f", "太太": "f"}
EN_TITLE = re.compile(r"^(mr|mrs|ms|miss|dr|prof|sir|madam)\.?\s+", re.IGNORECASE)
_EN_GENDER = {"mr": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f"}
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "西门",
        "南宫",
    ]
)
_GENDER_WORDS = {
    "男": "m", "男性": "m", "m": "m", "male": "m", "man": "m", "先生": "m", "boy": "m",
    "女": "f", "女性": "f", "f": "f", "female": "f", "woman": "f", "女士": "f", "girl": "f",
}  # fmt: skip


def strip_zh_titles(text: str) -> tuple[str, str]:
    """A Chinese name without the titles after it, and the gender the last one implies."""
    gender = ""
    while title := next((t for t in ZH_TITLES if text.endswith(t) and text != t), ""):
        gender = gender or _ZH_GENDER.get(title, "")
        text = text[: -len(title)]
    return text, gender


def surname(value: object) -> str:
    """The family name: 张 of 张伟 and 张先生, 欧阳 of 欧阳娜娜, smith of "John Smith"."""
    text = simplified(fold(value))
    if not text:
        return ""
    if CJK.search(text):
        bare, _gender = strip_zh_titles(PUNCT.sub("", text))
        if not CJK.match(bare):
            return ""
        return bare[:2] if bare[:2] in COMPOUND_SURNAMES and len(bare) > 2 else bare[:1]
    if "," in text:  # Smith, John
        return PUNCT.sub("", text.split(",")[0])
    words = [w for w in PUNCT.split(EN_TITLE.sub("", text)) if w]
    return words[-1] if words else ""


def gender_from_name(value: object) -> str:
    """ "m" or "f" when the name carries a title that says (张先生, Ms. Lee), else ""."""
    text = simplified(fold(value))
    if not text:
        return ""
    if CJK.search(text):
        return strip_zh_titles(PUNCT.sub("", text))[1]
    match = EN_TITLE.match(text)
    return _EN_GENDER.get(match.group(1).lower(), "") if match else ""


def gender_key(value: object) -> str:
    """ "m" or "f" from a gender cell (男, 女, M, F, Male, Female ...), else ""."""
    return _GENDER_WORDS.get(PUNCT.sub("", fold(value)), "")


def birth_date_key(value: object) -> str:
    """A birth date as yyyy-mm-dd, or "" when the cell holds no date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        parsed = parse_date(value).value
        return parsed.isoformat() if isinstance(parsed, dt.date) else ""
    return ""
