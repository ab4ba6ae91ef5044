"""Whether a phone number contradicts the row's region (a Beijing landline in a 广东 row).

Only fixed lines say where a customer is: mainland mobile numbers move with their owners,
so they never conflict. A mainland landline's place is its area code's city, looked up in
phonenumbers' geocoder once per area code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

from xlcrm.core.values.phones import _FIXED, _parse
from xlcrm.schema import REGIONS
from xlcrm.text import Text

# Places a number can belong to outside the mainland's provinces.
_COUNTRY_PLACES = {852: "香港", 853: "澳门", 886: "台湾"}
ABROAD = "海外"

# How rows spell a region besides its short name: full Chinese names, English names
# and a few codes. Keys are case-folded; the short names of REGIONS map to themselves.
_REGION_ALIASES = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "香港特别行政区": "香港",
    "澳门特别行政区": "澳门", "澳門": "澳门", "臺灣": "台湾", "台灣": "台湾", "国外": ABROAD,
    "境外": ABROAD, "beijing": "北京", "tianjin": "天津", "shanghai": "上海",
    "chongqing": "重庆", "hebei": "河北", "shanxi": "山西", "liaoning": "辽宁", "jilin": "吉林",
    "heilongjiang": "黑龙江", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽",
    "fujian": "福建", "jiangxi": "江西", "shandong": "山东", "henan": "河南", "hubei": "湖北",
    "hunan": "湖南", "guangdong": "广东", "hainan": "海南", "sichuan": "四川",
    "guizhou": "贵州", "yunnan": "云南", "shaanxi": "陕西", "gansu": "甘肃", "qinghai": "青海",
    "inner mongolia": "内蒙古", "nei mongol": "内蒙古", "guangxi": "广西", "tibet": "西藏",
    "xizang": "西藏", "ningxia": "宁夏", "xinjiang": "新疆", "hong kong": "香港",
    "hongkong": "香港", "hk": "香港", "hksar": "香港", "macau": "澳门", "macao": "澳门",
    "mo": "澳门", "taiwan": "台湾", "tw": "台湾", "bj": "北京", "sh": "上海",
    "overseas": ABROAD, "abroad": ABROAD, "foreign": ABROAD, "international": ABROAD,
}  # fmt: skip
_REGION_SUFFIXES = re.compile(
    r"(?:省|市|地区|特别行政区|自治区|\s+(?:province|city|municipality|sar|"
    r"autonomous region|special administrative region))$"
)


def phone_region_conflict(e164: str, row_region: object, *, region: str = "CN") -> Text | None:
    """Where a landline belongs (a place name) when that clearly contradicts ``row_region``.

    ``e164`` is a value :func:`parse_phone` returned (any style; ``region`` reads national
    forms). None when they agree, when either side is unknown, for mobiles (mainland mobile
    numbers say nothing about where people live) and for a blank region.
    """
    place = _row_place(row_region) if isinstance(row_region, str) else None
    if place is None or _mainland_mobile(e164, region.upper()):
        return None
    where = _number_place(e164, region.upper())
    if where is None or where[0] == place:
        return None
    return where[1]


_MAINLAND_MOBILE = re.compile(r"(?:\+86[\s-]*)?1[3-9]")


def _mainland_mobile(value: str, region: str) -> bool:
    """A mainland mobile (national part 13x-19x; Beijing landlines are 10x), by its digits.

    Mobiles never contradict a region; telling them from the text spares a parse and two
    geocoder look-ups for most rows of a customer list.
    """
    if not value.startswith("+") and region != "CN":
        return False
    return _MAINLAND_MOBILE.match(value) is not None


@lru_cache(maxsize=4096)
def _row_place(text: str) -> str | None:
    """The REGIONS name a row's region means (广东省, Guangdong, HK ...), or None."""
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if key in _REGION_ALIASES:
        return _REGION_ALIASES[key]
    short = _REGION_SUFFIXES.sub("", key)
    if short in REGIONS:
        return short
    return _REGION_ALIASES.get(short)


@lru_cache(maxsize=200_000)
def _number_place(value: str, region: str) -> tuple[str, Text] | None:
    """(REGIONS name, place name) of a fixed line's place, or None when it has none."""
    number = _parse(value, region)
    if not isinstance(number, PhoneNumber):
        return None
    kind = phonenumbers.number_type(number)  # UNKNOWN for an invalid number
    if number.country_code == 86:
        if kind not in _FIXED:
            return None
        area = phonenumbers.length_of_geographical_area_code(number)
        if area:  # a mainland landline's place is its area code's city: look it up once
            return _area_place(phonenumbers.national_significant_number(number)[:area], number)
        return _province_place(_descriptions(number))
    if kind != PhoneNumberType.FIXED_LINE:
        return None  # a foreign mobile, or a US number that may be one
    from phonenumbers import geocoder

    described = _descriptions(number)
    country = Text(
        geocoder.country_name_for_number(number, "zh"),
        geocoder.country_name_for_number(number, "en"),
    )
    english = described.en
    if english and country.en and english != country.en:
        english = f"{english}, {country.en}"
    place = _COUNTRY_PLACES.get(number.country_code or 0, ABROAD)
    return place, Text(described.zh or country.zh, english or country.en)


_AREA_PLACES: dict[str, tuple[str, Text] | None] = {}


def _area_place(area_code: str, number: PhoneNumber) -> tuple[str, Text] | None:
    if area_code not in _AREA_PLACES:
        _AREA_PLACES[area_code] = _province_place(_descriptions(number))
    return _AREA_PLACES[area_code]


def _descriptions(number: PhoneNumber) -> Text:
    """The geocoder's name of where ``number`` is, in both languages."""
    from phonenumbers import geocoder  # 0.6 s of data, needed only for landlines

    return Text(
        geocoder.description_for_number(number, "zh"),
        geocoder.description_for_number(number, "en"),
    )


def _province_place(described: Text) -> tuple[str, Text] | None:
    province = next((r for r in REGIONS if described.zh.startswith(r)), None)
    return (province, described) if province is not None else None
