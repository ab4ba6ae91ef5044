"""Company names as keys: the name without legal form and place, its places and its branch.

北京华创科技有限公司, 华创科技(北京), 华创科技（北京）有限公司 and 华 创科技 are one company:
:func:`company_parts` strips the legal form (有限公司, 有限责任公司, 股份有限公司, Co., Ltd.,
GmbH ...), the place before or after the name, brackets of either width and spaces, and
keeps what it took off, so a comparison can tell *branches* apart: 华创科技北京分公司 and
华创科技上海分公司 share the key 华创科技 but name two branches (different places).

Names written in English meet their Chinese name two ways:

- :func:`romanised_key`: the brand in pinyin and the trade in one word, so 恒达机械 and
  "Hengda Machinery Co., Ltd." both read ``hengda|machinery``;
- :func:`company_aliases`: a cell that gives both names (恒达机械有限公司 Hengda Machinery
  Co., Ltd.) teaches the sheet that the English name is the Chinese one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from xlcrm.core.dedupe.fold import CJK, PUNCT, fold, is_cjk, simplified
from xlcrm.core.dedupe.places import leading_place, place_name, same_area

__all__ = [
    "CompanyParts",
    "company_aliases",
    "company_key",
    "company_key_parts",
    "company_parts",
    "romanised_key",
    "same_branch",
]

# Legal forms, longest first so 股份有限公司 goes before 有限公司. Matched at the end of
# the folded, simplified name, repeatedly (集团有限公司 = 集团 + 有限公司).
_ZH_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "总公司", "公司",
    "有限合伙", "集团", "门市部", "工作室", "商行",
)  # fmt: skip
_EN_FORMS = re.compile(
    r"(?:[\s,]+(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|llp|plc|"
    r"gmbh|ag|sa|srl|bv|nv|pte|pty|kk|group|holdings?|the)\.?)+$"
)
# What follows a branch's place: 北京分公司, 徐汇店, 上海办事处.
_BRANCH = re.compile(r"(分公司|分店|分部|分行|支行|营业部|办事处|门店|店)$")
_BRACKETED = re.compile(r"\(([^()]*)\)")
# Places as English names write them, first in a name: Hangzhou Hengda Machinery.
ROMAN_PLACES: dict[str, str] = {
    "beijing": "北京", "shanghai": "上海", "tianjin": "天津", "chongqing": "重庆",
    "guangzhou": "广州", "shenzhen": "深圳", "hangzhou": "杭州", "nanjing": "南京",
    "suzhou": "苏州", "wuhan": "武汉", "chengdu": "成都", "xian": "西安", "xiamen": "厦门",
    "ningbo": "宁波", "qingdao": "青岛", "dalian": "大连", "shenyang": "沈阳", "jinan": "济南",
    "zhengzhou": "郑州", "changsha": "长沙", "hefei": "合肥", "fuzhou": "福州", "kunming": "昆明",
    "dongguan": "东莞", "foshan": "佛山", "wuxi": "无锡", "wenzhou": "温州", "zhuhai": "珠海",
    "china": "中国", "hongkong": "香港",
}  # fmt: skip


@dataclass(frozen=True)
class CompanyParts:
    """A company name taken apart: the key, the places and branch it names, what was removed."""

    key: str
    places: tuple[str, ...] = ()  # 杭州 of 杭州恒达 / 恒达(杭州)
    branch: str = ""  # 北京 of 华创科技北京分公司, 徐汇 of 华创(徐汇店)
    removed: tuple[str, ...] = ()  # affixes as typed (for the reasons)


def company_parts(value: object) -> CompanyParts:
    """The parts of a company name; a cell with a Chinese and an English name reads the Chinese."""
    text = simplified(fold(value))
    if not text:
        return CompanyParts("")
    parts = _parts(_chinese_part(text) if is_cjk(text) else text)
    for _ in range(3):  # dropping punctuation can bare another affix: "华创@公司"
        again = _parts(parts.key)
        if again.key == parts.key:
            break
        parts = CompanyParts(
            again.key, parts.places + again.places, parts.branch or again.branch,
            parts.removed + again.removed,
        )  # fmt: skip
    return parts


def _chinese_part(text: str) -> str:
    """恒达机械有限公司 (Hengda Machinery Co., Ltd.) -> 恒达机械有限公司."""
    latin = re.sub(r"[\u3400-\u9fff\uf900-\ufaff]", " ", text)
    if len(re.findall(r"[a-z]", latin)) < 3:
        return text
    return re.sub(r"[a-z][a-z .,&'-]*", " ", text).strip()


@lru_cache(maxsize=100_000)
def _parts(text: str) -> CompanyParts:
    removed: list[str] = []
    places: list[str] = []
    branch = ""
    for inside in _BRACKETED.findall(text):  # (北京), (徐汇店), (上海)分公司 ...
        removed.append(f"({inside})")
        found = place_name(inside.strip())
        if found:
            places.append(found)
        elif (match := _BRANCH.search(inside)) and match.start() >= 2:
            label = inside[: match.start()].strip()
            branch = _branch_place(label) or label
    text = _BRACKETED.sub(" ", text).strip()
    for _ in range(4):  # dropping one affix can bare another: 华创科技有限公司北京分公司
        text, found_branch = _strip_branch(text, removed)
        branch = branch or found_branch
        before = text
        text = _strip_forms(text, removed)
        text = _strip_place(text, removed, places)
        if text == before:
            break
    return CompanyParts(PUNCT.sub("", text), tuple(places), branch, tuple(removed))


def _strip_branch(text: str, removed: list[str]) -> tuple[str, str]:
    """华创科技有限公司北京分公司 -> (华创科技有限公司, 北京): a branch is a place + 分公司/店.

    Before 店 the place must be known (a city, province or district), since 饭店 and
    商店 end in it too; before 分公司, 办事处 and the like two to four characters after the
    legal form are a branch's name whatever they are.
    """
    match = _BRANCH.search(text)
    if match is None or not is_cjk(text):
        return text, ""
    head = text[: match.start()].rstrip()
    for cut in range(max(2, len(head) - 6), len(head) - 1):
        label = _branch_place(head[cut:])
        if label:
            removed.append(head[cut:] + match.group(1))
            return head[:cut].rstrip(), label
    if match.group(1) == "店":
        return text, ""
    named = re.search(r"(?:有限公司|公司|集团)([\u4e00-\u9fff]{2,4})$", head)
    if named:
        removed.append(named.group(1) + match.group(1))
        return head[: named.start(1)], named.group(1)
    removed.append(match.group(1))  # 华创科技分公司: a branch, but of no named place
    return head, ""


def _branch_place(text: str) -> str:
    """A branch's place: a known city or province, or a district (徐汇区 -> 徐汇)."""
    if found := place_name(text):
        return found
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}[区县]", text) and not set(text) & set("公司团行"):
        return text[:-1].removesuffix("新")
    return ""


def _strip_forms(text: str, removed: list[str]) -> str:
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
    return text


def _strip_place(text: str, removed: list[str], places: list[str]) -> str:
    found = leading_place(text)
    if found is not None and len(text) - found[1] >= 2:
        removed.append(text[: found[1]])
        places.append(found[0])
        return text[found[1] :].strip()
    words = text.split()
    if len(words) > 1 and words[0] in ROMAN_PLACES:  # Hangzhou Hengda Machinery
        removed.append(words[0])
        places.append(ROMAN_PLACES[words[0]])
        return " ".join(words[1:])
    return text


def company_key_parts(value: object) -> tuple[str, tuple[str, ...]]:
    """The company key and the affixes taken off to reach it (for the reasons)."""
    parts = company_parts(value)
    return parts.key, parts.removed


def company_key(value: object) -> str:
    """A company name without legal form and place: 北京华创科技有限公司 -> 华创科技."""
    return company_parts(value).key


def same_branch(a: CompanyParts, b: CompanyParts) -> bool:
    """Whether two names of one company can be the same office: no places or branches differ."""
    if a.branch and b.branch and a.branch != b.branch:
        return False
    if a.places and b.places:
        return any(same_area(x, y) for x in a.places for y in b.places)
    return True


# The trades company names end with, and their English words (the first one is the key).
TRADES: dict[str, tuple[str, ...]] = {
    "信息技术": ("information technology", "it"), "网络科技": ("network technology", "network"),
    "生物科技": ("biotechnology", "biotech"), "环保科技": ("environmental technology",),
    "科技": ("technology", "technologies", "tech", "science and technology"),
    "电子": ("electronics", "electronic"), "商贸": ("trading", "trade", "commerce"),
    "贸易": ("trading", "trade"), "文化传媒": ("media", "culture media"),
    "餐饮管理": ("catering", "catering management", "restaurant management"),
    "餐饮": ("catering", "restaurant", "restaurants"),
    "物流": ("logistics",), "建筑工程": ("construction", "construction engineering"),
    "医疗器械": ("medical devices", "medical equipment", "medical"),
    "食品": ("foods", "food"), "服饰": ("apparel", "garments", "clothing", "fashion"),
    "教育咨询": ("education", "education consulting"), "咨询": ("consulting",),
    "广告": ("advertising",), "实业": ("industrial", "industries", "industry"),
    "机械设备": ("machinery", "machinery equipment"), "机械": ("machinery",),
    "新材料": ("new materials", "materials"), "软件": ("software",), "化工": ("chemical", "chemicals"),
    "纺织": ("textile", "textiles"), "汽车": ("automotive", "auto"), "能源": ("energy",),
    "制药": ("pharmaceutical", "pharmaceuticals", "pharma"), "投资": ("investment", "investments"),
    "设计": ("design",), "电器": ("electric appliances", "electrical", "appliances"),
    "通信": ("communications", "communication", "telecom"), "家具": ("furniture",),
    "包装": ("packaging",), "印刷": ("printing",), "五金": ("hardware",),
}  # fmt: skip
_CANONICAL: dict[str, str] = {}
for _words in TRADES.values():
    for _word in _words:
        _CANONICAL.setdefault(_word, _CANONICAL.get(_words[0], _words[0]))
_TRADE_WORDS = sorted(_CANONICAL.items(), key=lambda w: -len(w[0]))
_ZH_TRADES = sorted(TRADES, key=len, reverse=True)


@lru_cache(maxsize=100_000)
def romanised_key(value: object) -> str:
    """A company as its brand in pinyin and its trade in English: 恒达机械 -> hengda|machinery.

    "" when the name has no trade from :data:`TRADES` or no brand before it.
    """
    parts = company_parts(value)
    key = parts.key
    if not key:
        return ""
    if CJK.search(key):
        trade = next((t for t in _ZH_TRADES if key.endswith(t) and len(key) > len(t)), None)
        if trade is None:
            return ""
        return _pinyin(key[: -len(trade)]) + "|" + _CANONICAL[TRADES[trade][0]]
    text = _EN_FORMS.sub("", simplified(fold(value))).strip(" ,.")
    text = re.sub(r"[^a-z ]+", " ", text)
    for word, canonical in _TRADE_WORDS:
        if text.endswith(" " + word):
            words = [w for w in text[: -len(word)].split() if w not in ROMAN_PLACES]
            return "".join(words) + "|" + canonical if words else ""
    return ""


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def company_aliases(values: Iterable[object]) -> dict[str, str]:
    """English company keys -> Chinese ones, from cells that give both names.

    "恒达机械有限公司 (Hengda Machinery Co., Ltd.)" teaches ``hengdamachinery`` ->
    ``恒达机械``; a cell with only one of the two teaches nothing.
    """
    aliases: dict[str, str] = {}
    for value in values:
        text = simplified(fold(value))
        if not text or not is_cjk(text):
            continue
        latin = " ".join(re.findall(r"[a-z][a-z .,&'-]*", text)).strip(" ,.-")
        if len(re.findall(r"[a-z]", latin)) < 3:
            continue
        english, chinese = company_key(latin), company_key(text)
        if english and chinese and english != chinese:
            aliases.setdefault(english, chinese)
    return aliases
