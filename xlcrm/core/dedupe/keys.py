"""Match keys: the form of a value that two spellings of the same thing share.

Duplicates are found by comparing keys, not cells as typed. Every key folds width
(NFKC turns ＡＢＣ１２３ into ABC123), case and spaces, and reads traditional characters as
simplified (opencc "t2s"), so 陳偉, 陈 伟 and 陈伟 share the name key 陈伟
(:mod:`~xlcrm.core.dedupe.fold`). On top:

- :func:`name_key` also drops courtesy titles (先生, 女士, 经理, Mr., Dr. ...) and, for Latin
  names, sorts the words ("Smith, John" = "John Smith");
- :func:`pinyin_key` spells a Chinese name in pinyin, surname and given name as two sorted
  words, so 陈伟 meets "Chen Wei" and "Wei Chen", and 张伟 meets its homophone 张玮;
- :func:`company_key` strips legal forms and places (:mod:`~xlcrm.core.dedupe.company`);
- :func:`address_key` drops province and city and writes rooms one way
  (:mod:`~xlcrm.core.dedupe.address`);
- :func:`phone_key` is the E.164 number from :func:`xlcrm.core.values.phones.parse_phone`;
- :func:`email_key` is the lower-cased address from :func:`xlcrm.core.values.emails.parse_email`
  with a mistyped common domain corrected; :func:`typed_email_key` keeps the domain as typed.

Keys are "" when the cell is blank or unusable. All functions are pure and idempotent on
their own output; :func:`column_keys` applies one to a column once per distinct value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from xlcrm.core.dedupe.address import address_key, region_key
from xlcrm.core.dedupe.company import company_key, company_key_parts
from xlcrm.core.dedupe.fold import CJK, PUNCT, column_keys, fold, generic_key, simplified
from xlcrm.core.dedupe.person import EN_TITLE, strip_zh_titles
from xlcrm.core.values.emails import parse_email
from xlcrm.core.values.findings import IssueCode, is_blank
from xlcrm.core.values.phones import parse_phone

__all__ = [
    "address_key",
    "column_keys",
    "company_key",
    "company_key_parts",
    "email_key",
    "fold",
    "generic_key",
    "is_hotline",
    "is_mobile",
    "is_role_mailbox",
    "name_key",
    "phone_key",
    "pinyin_key",
    "region_key",
    "simplified",
    "typed_email_key",
]


def name_key(value: object) -> str:
    """A person's name as a key: 陳 偉先生 -> 陈伟, "Smith, John" -> "john smith".

    A surname with a title only (张先生, 李总) gives "", like a blank name."""
    text = simplified(fold(value))
    if not text:
        return ""
    if CJK.search(text):
        text, _gender = strip_zh_titles(PUNCT.sub("", text))
        # a surname alone (张先生, 李总) says too little: 张先生 and 张女士 are two people
        return text if len(text) > 1 or not CJK.match(text) else ""
    titled = EN_TITLE.match(text) is not None
    words = [w for w in PUNCT.split(EN_TITLE.sub("", text)) if w]
    if titled and len(words) == 1:  # "Ms. Armstrong": a surname alone, like 张先生
        return ""
    return " ".join(sorted(words))


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(char))


CJK_OR_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\u3400-\u9fff\uf900-\ufaff]+")


def _pinyin_words(key: str) -> tuple[str, ...]:
    # character by character (names are not phrases), cached per character
    syllables = [_char_pinyin(p) if CJK.match(p) else p for p in CJK_OR_RUN.findall(key)]
    syllables = [s for s in syllables if s.strip()]
    if len(syllables) < 2:
        return tuple(syllables)
    # surname + given name as two words, as Latin spellings write them ("Chen Weihua")
    return (syllables[0], "".join(syllables[1:]))


def pinyin_key(value: object) -> str:
    """A name as sorted pinyin words: 陈伟华, "Chen Weihua" and "Weihua Chen" all give "chen weihua"."""
    key = name_key(value)
    if not key:
        return ""
    words = _pinyin_words(key) if CJK.search(key) else tuple(key.split())
    return " ".join(sorted(w.replace("-", "") for w in words))


# Mainland numbers typed plainly ("13800138000", "+86 138-0013-8000", "010-12345678",
# full-width digits) are keyed without a full parse: phonenumbers takes about 0.5 ms a
# number, too slow for the million distinct numbers of a full sheet. Same result.
_SEPARATORS = re.compile(r"[\s\-().]")
_CN_NUMBER = re.compile(r"(?:\+86|0086|86)?(1[3-9]\d{9})|0([1-9]\d{8,10})")
_INTERNATIONAL = re.compile(r"\+[1-9]\d{7,14}")  # "+852 6886 3129": E.164 once spaces go


def _plain_mainland(value: object) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 13e9 <= value < 2e10 and value == int(value):
            return f"+86{int(value)}"
        return None
    if not isinstance(value, str):
        return None
    text = value if value.isascii() else unicodedata.normalize("NFKC", value)
    digits = _SEPARATORS.sub("", text)
    if match := _CN_NUMBER.fullmatch(digits):
        return "+86" + (match[1] or match[2])
    if "(0)" not in text and _INTERNATIONAL.fullmatch(digits):
        return digits
    return None


def phone_key(value: object, region: str = "CN") -> str:
    """The number in E.164 (+8613800138000), or "" when it is not a phone number.

    A cell with several numbers keys on the first, and a clear slip (O for 0) on the
    number meant, as the check rules suggest.
    """
    if region == "CN" and (plain := _plain_mainland(value)) is not None:
        return plain
    if is_blank(value):
        return ""
    parsed = parse_phone(value, region=region)
    if isinstance(parsed.value, str):
        return parsed.value
    if isinstance(parsed.suggestion, str):  # several numbers, or a clear slip (O for 0)
        return parsed.suggestion
    return ""


_PLAIN_EMAIL = re.compile(r"([a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)")


def email_key(value: object) -> str:
    """The address lower-cased (a mistyped common domain corrected), or "" when unusable."""
    match = _PLAIN_EMAIL.fullmatch(value.lower()) if isinstance(value, str) else None
    if match and _email_key_parsed("x@" + match[2]) == "x@" + match[2]:
        return match[0]  # the usual case: parsed once per domain, not once per address
    return _email_key_parsed(value)


def _email_key_parsed(value: object) -> str:
    if is_blank(value):
        return ""
    parsed = parse_email(value)
    if parsed.code != IssueCode.EMAIL_FULLWIDTH and isinstance(parsed.suggestion, str):
        return parsed.suggestion.lower()  # qq.con -> qq.com, "zhang qq.com" -> zhang@qq.com
    return parsed.value.lower() if isinstance(parsed.value, str) else ""


_TYPED_NOISE = re.compile(r"^mailto:|[\s;；。,.]+$")


def typed_email_key(value: object) -> str:
    """The address as typed, only folded (case, width, spaces): qq.con stays qq.con."""
    text = _TYPED_NOISE.sub("", fold(value)).replace(" ", "")
    return text if text.count("@") == 1 else ""


# Mailboxes of a company or a department rather than a person (info@, sales@, 客服).
ROLE_MAILBOXES = frozenset(
    [
        "info",
        "sales",
        "service",
        "services",
        "support",
        "admin",
        "office",
        "contact",
        "hr",
        "kefu",
        "marketing",
        "market",
        "business",
        "hello",
        "enquiry",
        "enquiries",
        "inquiry",
        "mail",
        "postmaster",
        "webmaster",
        "noreply",
        "no-reply",
        "team",
        "finance",
        "account",
        "accounts",
        "order",
        "orders",
        "shop",
        "purchase",
        "caigou",
        "xiaoshou",
        "fuwu",
        "bangong",
        "reception",
        "frontdesk",
    ]
)


def is_role_mailbox(key: str) -> bool:
    """Whether an email key is a shared mailbox (info@, sales@ ...) rather than a person's."""
    local = key.split("@")[0]
    return local in ROLE_MAILBOXES or local.rstrip("0123456789") in ROLE_MAILBOXES


_HOTLINE = re.compile(r"^\+86(?:400|800|95\d{3,4}$)")


def is_hotline(key: str) -> bool:
    """Whether a phone key is a company's hotline (400-, 800-, 95xxx): never a person's."""
    return _HOTLINE.match(key) is not None


def is_mobile(key: str) -> bool:
    """Whether a phone key (E.164) is a mainland mobile rather than a landline."""
    return len(key) == 14 and key.startswith("+861")
