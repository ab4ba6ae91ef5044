"""Addresses and regions as keys: one spelling for the ways one place is written.

:func:`address_key` makes these one key:

- the province and city omitted or written out (浙江省杭州市西湖区… = 杭州西湖区… = 西湖区…
  once both are dropped from the start);
- 号 and 號 (traditional characters are read as simplified), full-width digits;
- building, unit and room written as 6-1403, 6栋1403室, 6幢1403, 6座1403, 6#1403 or
  6号楼1403; floors as 5F, 5楼 or 5层;
- Street/St, Road/Rd, Flat/Room/Rm ... in English addresses.

:func:`region_key` reads 浙江, 浙江省 and Zhejiang as one region; a blank region is taken
from the address's first place when it names one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from xlcrm.core.dedupe.fold import CJK, PUNCT, fold, simplified
from xlcrm.core.dedupe.places import leading_place, place_name, province_of
from xlcrm.schema import REGIONS

__all__ = ["address_key", "address_region", "region_key"]

# Words an address is written with in full or short: both sides get the short form.
_ADDRESS_WORDS = {
    "street": "st", "road": "rd", "avenue": "ave", "av": "ave", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "place": "pl", "court": "ct", "square": "sq",
    "highway": "hwy", "building": "bldg", "floor": "f", "fl": "f", "flat": "rm",
    "room": "rm", "unit": "rm", "suite": "rm", "ste": "rm", "apartment": "rm", "apt": "rm",
    "north": "n", "south": "s", "east": "e", "west": "w", "number": "no",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
# Building, unit, room and floor, in the order they are rewritten.
_BUILDING = re.compile(r"([0-9a-z]+)\s*(?:号楼|栋|幢|座|#楼|#)")
_UNIT = re.compile(r"(\d+)\s*单元")
_ROOM = re.compile(r"(\d+)\s*(?:号房|室|房)")
_FLOOR = re.compile(r"(\d+)\s*(?:楼|层)")


@lru_cache(maxsize=200_000)
def _address_text(text: str) -> str:
    if not CJK.search(text):
        return PUNCT.sub("", _WORD.sub(lambda m: _ADDRESS_WORDS.get(m.group(), m.group()), text))
    text = text.replace(" ", "")
    for _ in range(2):  # 浙江省杭州市…: the province, then the city
        found = leading_place(text)
        if found is None or len(text) - found[1] < 4:
            break
        text = text[found[1] :]
    text = _BUILDING.sub(r"\1-", text)
    text = _UNIT.sub(r"\1-", text)
    text = _ROOM.sub(r"\1", text)
    text = _FLOOR.sub(r"\1f", text)
    return PUNCT.sub("", text)


def address_key(value: object) -> str:
    """An address as a key: without province and city, building/unit/room written one way."""
    return _address_text(simplified(fold(value)))


def address_region(value: object) -> str:
    """The province an address starts with (浙江省杭州市… and 杭州市… give 浙江), else ""."""
    text = simplified(fold(value)).replace(" ", "")
    found = leading_place(text) if CJK.search(text) else None
    if found is None:
        return ""
    province = province_of(found[0])
    return province if province in REGIONS else ""


_REGION_SUFFIX = re.compile(r"(?:\s*(?:province|municipality|sar|region)|省|市)$")
_SPECIAL = {
    "innermongolia": "内蒙古", "tibet": "西藏", "hongkong": "香港", "hk": "香港",
    "macau": "澳门", "macao": "澳门", "taiwan": "台湾", "tw": "台湾", "shaanxi": "陕西",
    "shanxi": "山西", "overseas": "海外", "abroad": "海外",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _roman_regions() -> dict[str, str]:
    from pypinyin import lazy_pinyin

    names = {"".join(lazy_pinyin(r)): r for r in REGIONS if r not in ("陕西", "山西")}
    return names | _SPECIAL


def region_key(value: object) -> str:
    """A region's short Chinese name: 浙江省, 浙江 and Zhejiang give 浙江; other text folded."""
    text = simplified(fold(value))
    if not text:
        return ""
    text = _REGION_SUFFIX.sub("", text.strip())
    if CJK.search(text):
        return place_name(text.replace(" ", "")) or PUNCT.sub("", text)
    joined = PUNCT.sub("", text)
    return _roman_regions().get(joined, joined)
