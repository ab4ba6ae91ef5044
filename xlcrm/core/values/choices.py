"""Values from a fixed list (customer type, marketing consent), matched as people type them.

Matching folds width and case (NFKC, casefold) and drops spaces and punctuation, so
"个 人", "ＣＯＭＰＡＮＹ" and "Opt-in" find their value. Three outcomes:

- a choice or a **synonym** (a word that means exactly that choice: Company, 公司, 意向客户,
  Y, 同意) is valid; --fix writes the canonical choice;
- a **near miss** (a typo "compnay", an abbreviation "Indiv.", a choice with words around
  it "同意营销") is ENUM_INVALID with the choice as suggestion, when exactly one choice
  fits; --fix may apply it unless the table says a person must confirm (consent);
- anything else, or text that fits several choices ("个人/企业") or negates one ("非企业"),
  is ENUM_INVALID with no suggestion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from xlcrm.core.similarity import extract
from xlcrm.core.values.findings import EMPTY, IssueCode, Parsed
from xlcrm.core.values.numbers import CACHE_SIZE, cached, is_missing
from xlcrm.schema import CONSENT_CHOICES, CUSTOMER_TYPE_CHOICES
from xlcrm.text import Bilingual, Text

FUZZY_CUTOFF = 80  # similarity.ratio: compnay/company 86, individaul/individual 90
# Markers of "not": a choice inside negated text is no evidence for that choice.
NEGATIONS = ("不", "未", "没", "非", "无", "拒", "别", "勿", "否", "not", "non", "no", "un", "dis")

# Words that mean a customer type. Synonyms, not near misses: each names the same kind of
# customer in the CRM vocabulary people use (B2C/C端 customers are individuals, 线索 and
# lead are prospects). Deliberately absent, so a person decides: 个体户 (a sole trader is
# a business and a person), 会员/VIP/老客户 (loyalty, not type), 经销商/代理商 (partners).
_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "个人": ("Individual", "Personal", "Person", "Private", "Consumer", "B2C", "私人", "散客",
             "个人消费者", "C端", "To C"),
    "企业": ("Company", "Business", "Enterprise", "Corporate", "Corporation", "Corp",
             "Organization", "Organisation", "B2B", "公司", "单位", "机构", "法人", "对公",
             "B端", "To B"),
    "潜在": ("Prospect", "Prospective", "Potential", "Lead", "潜客", "意向", "线索"),
}  # fmt: skip
# "个人客户", "企业用户", "Business customer": the type and the word for customer is the type.
_CUSTOMER_WORDS_ZH = ("客户", "用户")
_CUSTOMER_WORDS_EN = (" customer", " client", " account")


CUSTOMER_TYPE_SYNONYMS: dict[str, str] = {
    word + suffix: canonical
    for canonical, words in _TYPE_WORDS.items()
    for word in (canonical, *words)
    for suffix in ("", *(_CUSTOMER_WORDS_EN if word.isascii() else _CUSTOMER_WORDS_ZH))
    if word + suffix != canonical
}

# Yes and no as they appear in consent columns: words, flags, ticks and crosses.
CONSENT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ("Yes", "Y", "True", "1", "Agree", "Agreed", "Accepted", "Opted in", "Opt in",
         "Subscribed", "OK", "是的", "对", "有", "同意", "已同意", "授权", "已授权", "允许",
         "接受", "愿意", "✓", "✔", "√", "☑"),
        "是",
    ),
    **dict.fromkeys(
        ("No", "N", "False", "0", "Disagree", "Declined", "Refused", "Opted out",
         "Opt out", "Unsubscribed", "不是", "不同意", "未同意", "拒绝", "不授权", "未授权",
         "不允许", "不接受", "不愿意", "退订", "✗", "✘", "×", "☐"),
        "否",
    ),
}  # fmt: skip
# An "x" in an English list marks a ticked box; in a Chinese one it may be ✗: not guessed.
CONSENT_SYNONYMS_EN_ONLY: dict[str, str] = {"X": "是"}

_PUNCTUATION = re.compile(r"[\s.,;:!?'\"`·•、。()\[\]{}<>《》【】\-_/\\|*#~]+")


def fold_choice(raw: object) -> str:
    """The key a value is matched by: width, case, spaces and punctuation folded away."""
    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))  # 1.0 from a numeric cell is the flag 1
    else:
        text = str(raw)
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, as a cache key
class ChoiceTable:
    """Allowed values and every folded spelling that means one of them."""

    choices: tuple[str, ...]
    exact: Mapping[str, str]  # folded text → canonical choice
    keys: tuple[str, ...]  # the folded spellings, for fuzzy matching
    near_miss_fixable: bool
    detail: str


@lru_cache(maxsize=64)
def choice_table(
    choices: tuple[str, ...],
    synonyms: tuple[tuple[str, str], ...] = (),
    *,
    near_miss_fixable: bool = True,
) -> ChoiceTable:
    """Build (once) the table for ``choices``; a synonym maps a word to one of them."""
    exact: dict[str, str] = {}
    for word, canonical in ((c, c) for c in choices):
        exact[fold_choice(word)] = canonical
    for word, canonical in synonyms:
        if canonical not in choices:
            raise ValueError(f"synonym {word!r} maps to {canonical!r}, not one of {choices}")
        if exact.setdefault(fold_choice(word), canonical) != canonical:
            raise ValueError(f"synonym {word!r} is claimed by two choices")
    return ChoiceTable(choices, exact, tuple(exact), near_miss_fixable, "/".join(choices))


def _negated(rest: str) -> bool:
    return any(marker in rest for marker in NEGATIONS)


def _contained(text: str, table: ChoiceTable) -> set[str] | None:
    """Choices whose spelling is inside ``text`` (or ``text`` abbreviates); None: negated."""
    found = [key for key in table.exact if len(key) >= 2 and key in text]
    # "不同意营销" holds 同意 and 不同意: only the longest spelling speaks
    found = [key for key in found if not any(key != other and key in other for other in found)]
    owners: set[str] = set()
    for key in found:
        rest = text.replace(key, "", 1)
        if _negated(rest):
            return None
        if len(rest) <= len(key):  # a few extra words, not a sentence that mentions it
            owners.add(table.exact[key])
    if len(text) >= 3 and text.isascii() and text.isalpha():  # "indiv", "corp", "pros"
        owners.update(c for key, c in table.exact.items() if key.startswith(text))
    return owners


def _near_miss(text: str, table: ChoiceTable) -> str | None:
    """The one choice ``text`` was clearly meant to be, or None."""
    owners = _contained(text, table)
    if owners is None:
        return None
    if not owners:
        matches = extract(text, table.keys, FUZZY_CUTOFF)
        owners = {table.exact[key] for key, _ in matches}
    return owners.pop() if len(owners) == 1 else None


@lru_cache(maxsize=CACHE_SIZE)
def _match(table: ChoiceTable, kind: type, raw: object) -> Parsed:
    if is_missing(raw):
        return EMPTY
    text = fold_choice(raw)
    canonical = table.exact.get(text)
    if canonical is not None:
        clean = isinstance(raw, str) and raw == canonical
        return Parsed(value=canonical, suggestion=None if clean else canonical, fixable=True)
    meant = _near_miss(text, table) if text else None
    return Parsed(
        code=IssueCode.ENUM_INVALID,
        suggestion=meant,
        fixable=meant is not None and table.near_miss_fixable,
        detail=Text.same(table.detail),
    )


def match_choice(raw: object, table: ChoiceTable) -> Parsed:
    """``raw`` matched against a prepared :class:`ChoiceTable` (cached)."""
    return cached(_match, raw, table)


def parse_choice(
    raw: object,
    *,
    choices: tuple[str, ...],
    synonyms: Mapping[str, str] | None = None,
    label: Text | None = None,
    near_miss_fixable: bool = True,
) -> Parsed:
    """One of ``choices`` (the canonical spelling), with ``synonyms`` word → choice.

    ``label`` is accepted so every column rule can be called alike; the message template
    inserts the column label itself, so it does not change the result.
    """
    items = tuple(synonyms.items()) if synonyms else ()
    table = choice_table(choices, items, near_miss_fixable=near_miss_fixable)
    return match_choice(raw, table)


def _tables(
    choices: tuple[Text, ...],
    synonyms: Mapping[str, str],
    *,
    english_only: Mapping[str, str] | None = None,
    near_miss_fixable: bool = True,
) -> Bilingual[ChoiceTable]:
    """A zh and an en table of ``choices``: each language's choices are the other's synonyms.

    ``synonyms`` map a word to a Chinese choice; ``english_only`` are such words that only
    the English table reads so.
    """
    to_en = {c.zh: c.en for c in choices}
    zh = {c.en: c.zh for c in choices} | dict(synonyms)
    en = to_en | {word: to_en[c] for word, c in synonyms.items()}
    en |= {word: to_en[c] for word, c in (english_only or {}).items()}
    return Bilingual(
        zh=choice_table(tuple(to_en), tuple(zh.items()), near_miss_fixable=near_miss_fixable),
        en=choice_table(
            tuple(to_en.values()), tuple(en.items()), near_miss_fixable=near_miss_fixable
        ),
    )


# Built once: hashing the synonym tuples on every call would cost more than the match.
_TYPE_TABLES = _tables(CUSTOMER_TYPE_CHOICES, CUSTOMER_TYPE_SYNONYMS)
_CONSENT_TABLES = _tables(
    CONSENT_CHOICES,
    CONSENT_SYNONYMS,
    english_only=CONSENT_SYNONYMS_EN_ONLY,
    near_miss_fixable=False,
)


def parse_customer_type(raw: object, *, language: str = "zh") -> Parsed:
    """个人/企业/潜在, or Individual/Company/Prospect when ``language`` is "en"."""
    return match_choice(raw, _TYPE_TABLES(language))


def parse_consent(raw: object, *, language: str = "zh") -> Parsed:
    """是/否, or Yes/No when ``language`` is "en".

    A near miss is suggested but never fixed without a person: consent is a legal
    record (PIPL, GDPR), and a guessed "yes" is worse than an empty cell.
    """
    return match_choice(raw, _CONSENT_TABLES(language))
