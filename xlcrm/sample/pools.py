"""The words sample customers are made of, and how they are drawn.

Fixed lists (industries, mobile prefixes, free-mail domains, owners, sources, tags, notes)
and small pools Faker fills once per seed (surnames, given names, brands, user names,
streets). :class:`Weighted` draws from them by weight, fast.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from faker import Faker

T = TypeVar("T")


class Weighted(Generic[T]):
    """Values drawn by weight, the cumulative weights summed once rather than per draw."""

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        # what rng.choices does, minus its per-call checks: this runs millions of times
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


_BRANDS = ("华创", "恒信", "嘉禾", "鼎盛", "瑞丰", "锦程", "天润", "宏远", "博雅", "智联", "中泰", "正邦",
           "金桥", "东方", "远景", "星辰", "蓝海", "启明", "卓越", "汇通", "新锐", "永安", "百川", "千禧")  # fmt: skip
INDUSTRIES = ("科技", "信息技术", "网络科技", "电子", "贸易", "商贸", "文化传媒", "餐饮管理", "物流",
              "建筑工程", "医疗器械", "生物科技", "食品", "服饰", "教育咨询", "广告", "实业",
              "机械设备", "新材料", "环保科技")  # fmt: skip
INDUSTRIES_EN = ("Trading", "Technologies", "Logistics", "Consulting", "Foods", "Electronics",
                 "Design", "Industries", "Holdings", "Solutions", "Supplies", "Media")  # fmt: skip
MOBILE_PREFIXES = tuple(
    str(p)
    for p in (
        *range(130, 140),
        *range(150, 160),
        166,
        173,
        175,
        176,
        177,
        178,
        *range(180, 190),
        198,
        199,
    )
    if p != 154
)
FREE_MAIL = {
    "zh": {"qq.com": 30, "163.com": 25, "126.com": 10, "gmail.com": 6, "foxmail.com": 6,
           "sina.com": 5, "outlook.com": 5, "hotmail.com": 4, "139.com": 3, "yeah.net": 2},
    "en": {"gmail.com": 40, "outlook.com": 15, "yahoo.com": 12, "hotmail.com": 10,
           "icloud.com": 8, "qq.com": 3},
}  # fmt: skip
# Language-dependent pools: (values, weights)
POOLS: dict[str, dict[str, tuple[tuple[str, ...], tuple[float, ...]]]] = {
    "zh": {
        "owner": (("张三", "李四", "王芳", "刘洋", "陈静", "赵磊", "孙丽"), (25, 20, 18, 14, 10, 8, 5)),
        "source": (("官网", "展会", "转介绍", "电话营销", "微信", "抖音", "线下门店", "百度推广",
                    "阿里巴巴"), (15, 10, 18, 8, 20, 8, 10, 6, 5)),
        "tag": (("VIP", "老客户", "新客户", "批发", "零售", "线上", "展会", "重点", "高潜",
                 "价格敏感", "长期合作", "渠道商"), (1,) * 12),
        "note": (("需要开发票", "周末勿扰", "对价格敏感", "已加微信", "年底有采购计划",
                  "只接受邮件联系", "发货前电话确认", "已寄样品", "老板朋友介绍", "要求月结"), (1,) * 10),
    },
    "en": {
        "owner": (("Alice Chen", "Bob Smith", "Carol Wong", "David Lee", "Emma Brown",
                   "Frank Liu"), (25, 20, 18, 15, 12, 10)),
        "source": (("Website", "Trade show", "Referral", "Cold call", "LinkedIn", "Google Ads",
                    "Walk-in", "Email campaign"), (20, 10, 18, 6, 12, 10, 8, 8)),
        "tag": (("VIP", "Wholesale", "Retail", "Online", "Key account", "New", "Loyal",
                 "Price sensitive", "Distributor"), (1,) * 9),
        "note": (("Invoice required", "Prefers email", "Price sensitive", "Call before delivery",
                  "Samples sent", "Net 30 terms", "Met at trade show"), (1,) * 7),
    },
}  # fmt: skip
# The commonest full names in China: two people sharing one of them are often two people.
COMMON_NAMES = ("张伟", "王伟", "王芳", "李伟", "李娜", "张敏", "李静", "王静", "刘伟", "王秀英",
                "张丽", "李秀英", "王丽", "张静", "刘洋", "李强", "王磊", "张勇", "王军", "李军")  # fmt: skip
SIMILAR_CHARS = dict(zip("伟丽静军芳娟勇杰磊洋艳华明涛斌敏霞波峰刚辉鹏红玲平飞强超英俊建文兰梅宇",
                         "玮莉婧君方鹃涌洁垒阳燕桦铭滔彬民侠博锋钢晖朋虹琳萍菲蔷潮瑛骏健雯岚玫雨",
                         strict=True))  # fmt: skip
COMPANY_FORMS = Weighted(
    ("{city}{core}有限公司", "{city}市{core}有限公司", "{core}({city})有限公司",
     "{core}（{city}）有限公司", "{core}股份有限公司", "{core}有限责任公司", "{core}有限公司"),
    (30, 15, 8, 8, 15, 9, 15),
)  # fmt: skip


@dataclass(frozen=True)
class Pools:
    """Small lists filled by Faker once (per seed); customers combine them at random."""

    surnames: tuple[str, ...]
    givens: tuple[str, ...]
    tw_surnames: tuple[str, ...]
    tw_givens: tuple[str, ...]
    en_first: tuple[str, ...]
    en_last: tuple[str, ...]
    brands: tuple[str, ...]
    users: tuple[str, ...]
    domain_words: tuple[str, ...]
    us_streets: tuple[str, ...]
    us_towns: tuple[str, ...]  # "City, ST 12345"
    uk_streets: tuple[str, ...]
    uk_towns: tuple[str, ...]  # "Town AB1 2CD"


def _is_brand(prefix: str) -> bool:
    """Faker's company prefixes that read as a brand: no city, industry or '公司' in them."""
    words = ("电子", "计算机", "信息", "软件", "科技", "公司", "数字", "电脑", "国际", "济南", "黄石",
             "襄樊", "浙大", "开发区")  # fmt: skip
    return all("\u4e00" <= ch <= "\u9fff" for ch in prefix) and not any(w in prefix for w in words)


@functools.lru_cache(maxsize=4)
def faker_pools(seed: int) -> Pools:
    cn, tw, us, gb = (Faker(locale) for locale in ("zh_CN", "zh_TW", "en_US", "en_GB"))
    for offset, fake in enumerate((cn, tw, us, gb)):
        fake.seed_instance(seed + offset)

    def draw(make: Callable[[], str], times: int) -> tuple[str, ...]:
        return tuple(make() for _ in range(times))

    singles = [g for g in draw(cn.first_name, 400) if len(g) == 1]
    pairs = tuple(a + b for a, b in zip(singles[::2], singles[1::2], strict=False))
    prefixes = dict.fromkeys(draw(cn.company_prefix, 300))  # dict: unique, in a fixed order
    return Pools(
        surnames=draw(cn.last_name, 400),  # Faker weights common surnames
        givens=draw(cn.first_name, 400) + pairs,
        tw_surnames=draw(tw.last_name, 200),
        tw_givens=draw(tw.first_name, 300),
        en_first=draw(us.first_name, 250) + draw(gb.first_name, 250),
        en_last=draw(us.last_name, 250) + draw(gb.last_name, 250),
        brands=(*filter(_is_brand, prefixes), *_BRANDS),
        users=draw(cn.user_name, 600),
        domain_words=draw(cn.domain_word, 200) + draw(us.domain_word, 200),
        us_streets=draw(us.street_name, 300),
        us_towns=draw(lambda: f"{us.city()}, {us.state_abbr()} {us.zipcode()}", 200),
        uk_streets=draw(gb.street_name, 200),
        uk_towns=draw(lambda: f"{gb.city()} {gb.postcode()}", 200),
    )
