"""Places in company names and addresses: provinces, larger cities, and which contains which.

Company names open or close with a place (杭州恒达, 恒达(杭州)) and addresses start with
one or two (浙江省杭州市...), written with or without 省 and 市. :func:`leading_place`
finds such a place at the start of a text; :func:`same_area` says whether two places can
be the same area (杭州 and 浙江 can; 杭州 and 上海 cannot).
"""

from __future__ import annotations

import re
from functools import lru_cache

from xlcrm.schema import REGIONS

__all__ = ["PLACES", "leading_place", "place_name", "province_of", "same_area"]

# Larger cities and the province (short form, as in REGIONS) each belongs to.
CITY_PROVINCE: dict[str, str] = {
    "石家庄": "河北", "唐山": "河北", "保定": "河北", "廊坊": "河北", "太原": "山西",
    "呼和浩特": "内蒙古", "沈阳": "辽宁", "大连": "辽宁", "长春": "吉林", "哈尔滨": "黑龙江",
    "南京": "江苏", "苏州": "江苏", "无锡": "江苏", "常州": "江苏", "南通": "江苏", "徐州": "江苏",
    "扬州": "江苏", "镇江": "江苏", "杭州": "浙江", "宁波": "浙江", "温州": "浙江", "绍兴": "浙江",
    "嘉兴": "浙江", "金华": "浙江", "台州": "浙江", "合肥": "安徽", "芜湖": "安徽", "福州": "福建",
    "厦门": "福建", "泉州": "福建", "南昌": "江西", "济南": "山东", "青岛": "山东", "烟台": "山东",
    "潍坊": "山东", "郑州": "河南", "洛阳": "河南", "武汉": "湖北", "宜昌": "湖北", "襄阳": "湖北",
    "长沙": "湖南", "株洲": "湖南", "广州": "广东", "深圳": "广东", "珠海": "广东", "佛山": "广东",
    "东莞": "广东", "中山": "广东", "惠州": "广东", "汕头": "广东", "南宁": "广西", "桂林": "广西",
    "柳州": "广西", "海口": "海南", "三亚": "海南", "成都": "四川", "绵阳": "四川", "贵阳": "贵州",
    "遵义": "贵州", "昆明": "云南", "拉萨": "西藏", "西安": "陕西", "兰州": "甘肃", "西宁": "青海",
    "银川": "宁夏", "乌鲁木齐": "新疆",
}  # fmt: skip
PLACES: tuple[str, ...] = tuple(
    sorted({*(r for r in REGIONS if r != "海外"), *CITY_PROVINCE}, key=len, reverse=True)
)
_SUFFIX = r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?"
_LEADING = re.compile(
    r"^(?:中国)?(?:(" + "|".join(PLACES) + r")" + _SUFFIX + r"|([\u4e00-\u9fff]{2,3})[省市])"
)


def leading_place(text: str) -> tuple[str, int] | None:
    """The place a text starts with (its short name) and where the text after it starts.

    Known provinces and cities with or without 省/市 (浙江省, 杭州, 杭州市), and any two or
    three characters before 省 or 市 (苏州市, 绵阳市).
    """
    match = _LEADING.match(text)
    if match is None:
        return None
    return (match.group(1) or match.group(2)), match.end()


@lru_cache(maxsize=4096)
def place_name(text: str) -> str | None:
    """``text`` as a place's short name when it is one (浙江省 -> 浙江, 杭州市 -> 杭州)."""
    found = leading_place(text)
    return found[0] if found is not None and found[1] == len(text) else None


def province_of(place: str) -> str:
    """The province a city belongs to; a province (or an unknown place) is its own."""
    return CITY_PROVINCE.get(place, place)


def same_area(a: str, b: str) -> bool:
    """Whether two places may name the same area: equal, or a city and its province."""
    return a == b or (province_of(a) == province_of(b) and (a in REGIONS or b in REGIONS))
