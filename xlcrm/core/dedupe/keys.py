"""Match keys: the form of a value that two spellings of the same thing share.

Duplicates are found by comparing keys, not cells as typed. Every key folds width
(NFKC turns ＡＢＣ１２３ into ABC123), case and spaces, and reads traditional characters as
simplified (opencc "t2s"), so 陳偉, 陈 伟 and 陈伟 share the name key 陈伟. On top:

- :func:`name_key` also drops courtesy titles (先生, 女士, 经理, Mr., Dr. ...) and, for Latin
  names, sorts the words ("Smith, John" = "John Smith");
- :func:`pinyin_key` spells a Chinese name in pinyin, surname and given name as two sorted
  words, so 陈伟 meets "Chen Wei" and "Wei Chen", and 张伟 meets its homophone 张玮;
- :func:`company_key` strips legal forms (有限公司, Co., Ltd., GmbH ...) and place affixes
  (北京, (上海), 深圳市 ...), so 北京华创科技有限公司 and 华创科技(北京) share 华创科技;
- :func:`address_key` writes Street/St, Road/Rd, Flat/Room/Rm ... one way;
- :func:`phone_key` is the E.164 number from :func:`xlcrm.core.values.phones.parse_phone`;
- :func:`email_key` is the lower-cased address from :func:`xlcrm.core.values.emails.parse_email`.

Keys are "" when the cell is blank or unusable. All functions are pure and idempotent on
their own output; :func:`column_keys` applies one to a column once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from xlcrm.core.values.emails import parse_email
from xlcrm.core.values.findings import PLACEHOLDERS, IssueCode, is_blank
from xlcrm.core.values.phones import parse_phone
from xlcrm.schema import REGIONS

__all__ = [
    "address_key",
    "column_keys",
    "company_key",
    "company_key_parts",
    "email_key",
    "fold",
    "generic_key",
    "name_key",
    "phone_key",
    "pinyin_key",
    "simplified",
]

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-_.,;:!?'\"`·•/\\|&+*#@()\[\]{}<>，。；：！？、（）【】《》“”‘’]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Courtesy titles typed around a name. Chinese ones follow the name, Latin ones lead it.
_ZH_TITLES = (
    "总经理",
    "董事长",
    "先生",
    "女士",
    "小姐",
    "太太",
    "老师",
    "经理",
    "主任",
    "总",
)  # longest first
_EN_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|sir|madam)\.?\s+", re.IGNORECASE)

# Legal forms, longest first so 股份有限公司 goes before 有限公司. Matched at the end of
# the folded, simplified name, repeatedly (集团有限公司 = 集团 + 有限公司).
_ZH_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "总公司", "分公司",
    "有限合伙", "集团", "公司", "分店", "门市部", "工作室", "商行",
)  # fmt: skip
_EN_FORMS = re.compile(
    r"(?:[\s,]+(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|llp|plc|"
    r"gmbh|ag|sa|srl|bv|nv|pte|pty|kk|group|holdings?|the)\.?)+$"
)
# Places that open or close a company name: provinces and regions, the larger cities,
# and any 2-3 character name ending in 省 or 市 ("苏州市华创" and "华创(苏州)" are one firm).
_CITIES = (
    "石家庄", "太原", "呼和浩特", "沈阳", "大连", "长春", "哈尔滨", "南京", "苏州", "无锡", "常州", "南通",
    "徐州", "杭州", "宁波", "温州", "绍兴", "嘉兴", "金华", "台州", "合肥", "福州", "厦门", "泉州",
    "南昌", "济南", "青岛", "烟台", "潍坊", "郑州", "洛阳", "武汉", "长沙", "广州", "深圳", "珠海",
    "佛山", "东莞", "中山", "惠州", "汕头", "南宁", "桂林", "海口", "三亚", "成都", "绵阳", "贵阳",
    "昆明", "拉萨", "西安", "兰州", "西宁", "银川", "乌鲁木齐", "唐山", "保定", "廊坊", "扬州", "镇江",
    "芜湖", "宜昌", "襄阳", "株洲", "柳州", "遵义",
)  # fmt: skip
_PLACES = tuple(sorted({*(r for r in REGIONS if r != "海外"), *_CITIES}, key=len, reverse=True))
_PLACE_PREFIX = re.compile(
    r"^(?:中国)?(?:(?:"
    + "|".join(_PLACES)
    + r")(?:省|市|自治区|特别行政区)?|[\u4e00-\u9fff]{2,3}[省市])"
)
_BRACKETED = re.compile(r"\([^()]*\)")


def fold(value: object) -> str:
    """A cell as comparable text: NFKC (full-width to half-width), case-folded, spaces collapsed.

    Blank cells and placeholders (无, N/A, -) give ""; whole floats lose their ".0"
    (Excel stores 2119 as 2119.0); dates become yyyy-mm-dd.
    """
    if isinstance(value, str):  # the common case first: one cached call
        return _fold_text(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime | pd.Timestamp):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return _fold_text(str(value))


@lru_cache(maxsize=200_000)
def _fold_text(text: str) -> str:
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return "" if folded in PLACEHOLDERS else folded


_converter: object | None = None
_batch: dict[str, str] = {}  # filled by column_keys for one column at a time


def _opencc() -> object:
    """The t2s converter: OpenCC where it installs, else opencc-purepy (Pyodide)."""
    global _converter
    if _converter is None:
        try:
            import opencc

            _converter = opencc.OpenCC("t2s")
        except ImportError:  # no build of opencc for WebAssembly: the pure-Python port
            import opencc_purepy

            _converter = opencc_purepy.OpenCC("t2s")
    return _converter


@lru_cache(maxsize=200_000)
def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified (陳偉 -> 陈伟); other text unchanged."""
    if not _CJK.search(text):
        return text
    if text in _batch:
        return _batch[text]
    return str(_opencc().convert(text))  # type: ignore[attr-defined]


def _simplify_batch(texts: list[str]) -> dict[str, str]:
    """Many texts converted in one opencc call (joined by newlines, which fold removed)."""
    todo = [t for t in texts if t and "\n" not in t and _CJK.search(t)]
    if not todo:
        return {}
    done = str(_opencc().convert("\n".join(todo))).split("\n")  # type: ignore[attr-defined]
    return dict(zip(todo, done, strict=True)) if len(done) == len(todo) else {}


def generic_key(value: object) -> str:
    """Any cell as a key: folded, simplified, and without spaces and punctuation."""
    return _PUNCT.sub("", simplified(fold(value)))


# Words an address is written with in full or short: both sides get the short form.
_ADDRESS_WORDS = {
    "street": "st", "road": "rd", "avenue": "ave", "av": "ave", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "place": "pl", "court": "ct", "square": "sq",
    "highway": "hwy", "building": "bldg", "floor": "f", "fl": "f", "flat": "rm",
    "room": "rm", "unit": "rm", "suite": "rm", "ste": "rm", "apartment": "rm", "apt": "rm",
    "north": "n", "south": "s", "east": "e", "west": "w", "number": "no",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+")


def address_key(value: object) -> str:
    """An address as a key: folded, simplified, Street/St and Room/Flat/Rm alike, no spaces."""
    text = simplified(fold(value))
    text = _WORD.sub(lambda m: _ADDRESS_WORDS.get(m.group(), m.group()), text)
    return _PUNCT.sub("", text)


def name_key(value: object) -> str:
    """A person's name as a key: 陳 偉先生 -> 陈伟, "Smith, John" -> "john smith".

    A surname with a title only (张先生, 李总) gives "", like a blank name."""
    text = simplified(fold(value))
    if not text:
        return ""
    if _CJK.search(text):
        text = _PUNCT.sub("", text)
        while title := next((t for t in _ZH_TITLES if text.endswith(t) and text != t), ""):
            text = text[: -len(title)]
        # a surname alone (张先生, 李总) says too little: 张先生 and 张女士 are two people
        return text if len(text) > 1 or not _CJK.match(text) else ""
    titled = _EN_TITLE.match(text) is not None
    words = [w for w in _PUNCT.split(_EN_TITLE.sub("", text)) if w]
    if titled and len(words) == 1:  # "Ms. Armstrong": a surname alone, like 张先生
        return ""
    return " ".join(sorted(words))


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(char))


_CJK_OR_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\u3400-\u9fff\uf900-\ufaff]+")


def _pinyin_words(key: str) -> tuple[str, ...]:
    # character by character (names are not phrases), cached per character
    syllables = [_char_pinyin(p) if _CJK.match(p) else p for p in _CJK_OR_RUN.findall(key)]
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
    words = _pinyin_words(key) if _CJK.search(key) else tuple(key.split())
    return " ".join(sorted(w.replace("-", "") for w in words))


def company_key_parts(value: object) -> tuple[str, tuple[str, ...]]:
    """The company key and the affixes taken off to reach it (for the reasons)."""
    key, removed = _strip_company(simplified(fold(value)))
    for _ in range(3):  # dropping punctuation can bare another affix: "华创@公司"
        again, more = _strip_company(key)
        if again == key:
            break
        key, removed = again, removed + more
    return key, removed


def _strip_company(text: str) -> tuple[str, tuple[str, ...]]:
    removed: list[str] = []
    for match in _BRACKETED.findall(text):  # (北京), (上海)分公司 ...
        removed.append(match)
    text = _BRACKETED.sub("", text).strip()
    changed = True
    while changed:
        changed = False
        for form in _ZH_FORMS:
            if text.endswith(form) and len(text) > len(form) + 1:
                text, changed = text[: -len(form)].rstrip(), True
                removed.append(form)
        if (match := _EN_FORMS.search(text)) and match.start() > 0:
            removed.append(match.group().strip(" ,"))
            text, changed = text[: match.start()], True
    if (match := _PLACE_PREFIX.match(text)) and len(text) - match.end() >= 2:
        removed.append(match.group())
        text = text[match.end() :]
    return _PUNCT.sub("", text), tuple(removed)


def company_key(value: object) -> str:
    """A company name without legal form and place: 北京华创科技有限公司 -> 华创科技."""
    return company_key_parts(value)[0]


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


def column_keys(
    column: pd.Series, key: Callable[[object], str], *, text: bool = False
) -> np.ndarray:
    """``key`` applied to each distinct value of ``column`` once; an object array of str.

    ``text``: the key reads Chinese text, so traditional characters are converted for
    all distinct values in one batch first (much faster than one call per value).
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if text:
        _batch.update(_simplify_batch([fold(u) for u in uniques]))
    try:
        mapped = np.array([key(u) for u in uniques] + [""], dtype=object)
    finally:
        _batch.clear()
    return mapped[codes]  # code -1 (missing) picks the trailing ""
