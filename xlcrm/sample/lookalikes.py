"""Look-alikes: different customers who share something with another one (hard negatives).

Each kind makes a new customer from an earlier one (the original) and may retype the
original to fit (the colleague's switchboard, the chain's branch):

    same_name       the same name elsewhere in the region
    similar_name    a given-name character swapped for one that sounds alike (张伟, 张玮)
    same_company    a colleague at the same company (own phone and email)
    family          a relative at the same address
    switchboard     a colleague on the company's landline: both rows show the switchboard
    father_son      father and son at one address, maybe on one home landline
    namesake_city   one of the commonest names (王芳) in the same region, another company
    chain_branch    contacts at two branches of one chain (北京分公司 / 上海分公司), maybe
                    on the chain's 400 hotline or info@ mailbox, maybe with one common name

No kind shares a mobile or a personal email: only switchboards, home landlines, hotlines
and info@ mailboxes are shared, as in real lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from xlcrm.sample.customers import Company, CustomerMaker, Facts
from xlcrm.sample.pools import SIMILAR_CHARS, Weighted

Record = dict[str, object]
Maker = Callable[["Pair"], Record | None]

LOOKALIKE_KINDS: tuple[str, ...] = (
    "same_name", "similar_name", "same_company", "family", "switchboard", "father_son",
    "namesake_city", "chain_branch",
)  # fmt: skip
_ZH_WEIGHTS = Weighted(LOOKALIKE_KINDS, (12, 10, 12, 8, 15, 13, 15, 15))
_EN_WEIGHTS = Weighted(LOOKALIKE_KINDS[:4], (35, 20, 25, 20))
_CHAIN_TRADES = ("餐饮管理", "商贸", "医疗器械", "教育咨询", "物流")


@dataclass
class Pair:
    """A look-alike in the making: the original (index, record, facts) and the new entity."""

    maker: CustomerMaker
    records: list[Record]
    index: int
    entity: int

    @property
    def original(self) -> Record:
        return self.records[self.index]

    @property
    def who(self) -> Facts:
        return self.maker.who[self.index]

    def new(self, record: Record, name: str) -> Record:
        """The look-alike's record, named ``name``."""
        record["name"] = name
        self.maker.who[self.entity] = self.maker.who[self.entity]._replace(name=name)
        return record


def make_lookalike(
    maker: CustomerMaker, records: list[Record], originals: int, entity: int
) -> tuple[int, Record, str]:
    """(original record index, the look-alike's record, its kind)."""
    rng = maker.rng
    kinds = _ZH_WEIGHTS if maker.language == "zh" else _EN_WEIGHTS
    for _ in range(50):
        kind = kinds.pick(rng)
        pair = Pair(maker, records, _pick_original(maker, kind, originals), entity)
        record = MAKERS[kind](pair)
        if record is not None:
            return pair.index, record, kind
    pair = Pair(maker, records, rng.randrange(originals), entity)  # pragma: no cover
    return pair.index, _same_name(pair), "same_name"  # pragma: no cover


def _pick_original(maker: CustomerMaker, kind: str, originals: int) -> int:
    """An original for ``kind``: for namesakes, one with a common name when there is one."""
    rng = maker.rng
    common = [e for e in maker.common_named if e < originals]
    if kind == "namesake_city" and common:
        return rng.choice(common)
    return rng.randrange(originals)


def _same_name(pair: Pair) -> Record:
    who = pair.who
    record = pair.maker.customer(
        pair.entity, place=pair.maker.places.place(who.place.region), kind=who.kind
    )
    return pair.new(record, who.name)


def _similar_name(pair: Pair) -> Record | None:
    name = pair.who.name
    spots = [i for i, ch in enumerate(name) if i > 0 and ch in SIMILAR_CHARS]
    if not spots:
        return None
    i = spots[-1]
    record = _same_name(pair)
    return pair.new(record, name[:i] + SIMILAR_CHARS[name[i]] + name[i + 1 :])


def _same_company(pair: Pair) -> Record | None:
    who = pair.who
    if who.company is None:
        return None
    record = pair.maker.customer(
        pair.entity, place=who.company.place, company=who.company, kind=who.kind
    )
    return record if record["name"] != who.name else None


def _relative(maker: CustomerMaker, who: Facts) -> str:
    name = who.name
    for _ in range(20):
        other = maker.name(who.place, common=False)
        relative = (
            f"{other.split()[0]} {name.split()[-1]}" if name.isascii() else name[0] + other[1:]
        )
        if relative != name:
            return relative
    return relative


def _family(pair: Pair) -> Record:
    record = pair.maker.customer(pair.entity, place=pair.who.place, kind=0)
    return pair.new(record, _relative(pair.maker, pair.who))


def _switchboard(pair: Pair) -> Record | None:
    who, maker = pair.who, pair.maker
    company = who.company
    if company is None or who.kind != 1 or (number := maker.switchboard(company)) is None:
        return None
    record = maker.customer(pair.entity, place=company.place, company=company, kind=1)
    if record["name"] == who.name:
        return None
    pair.original["phone"] = record["phone"] = number
    return record


def _father_son(pair: Pair) -> Record | None:
    who, maker, rng = pair.who, pair.maker, pair.maker.rng
    if who.kind == 1 or who.place.phone_kind != "cn" or who.name.isascii() or len(who.name) < 2:
        return None
    father = dt.date(rng.randint(1950, 1968), rng.randint(1, 12), rng.randint(1, 28))
    son = dt.date(father.year + rng.randint(22, 32), rng.randint(1, 12), rng.randint(1, 28))
    pair.original.update(maker.personal(who.kind, "m", father))
    maker.who[pair.index] = who._replace(gender="m")
    record = maker.customer(pair.entity, place=who.place, kind=0)
    record.update(maker.personal(0, "m", son))
    maker.who[pair.entity] = maker.who[pair.entity]._replace(gender="m")
    if who.place.area and rng.random() < 0.5:  # one home landline for both
        pair.original["phone"] = record["phone"] = maker.phone(who.place, landline=True)
    return pair.new(record, _relative(maker, who))


def _namesake_city(pair: Pair) -> Record | None:
    who, maker = pair.who, pair.maker
    if who.name.isascii():
        return None
    place = maker.places.place(who.place.region)
    company: Company | None = None
    if who.kind == 1:
        company = maker.company(place)
        if who.company is not None and company.name == who.company.name:
            return None
    record = maker.customer(pair.entity, place=place, company=company, kind=who.kind)
    return pair.new(record, who.name)


def _chain_branch(pair: Pair) -> Record | None:
    who, maker, rng = pair.who, pair.maker, pair.maker.rng
    if who.kind != 1 or who.place.phone_kind != "cn" or who.name.isascii():
        return None
    chain = rng.choice(maker.pools.brands) + rng.choice(_CHAIN_TRADES) + "有限公司"
    there = maker.places.place()
    if there.city == who.place.city or there.phone_kind != "cn":
        return None
    pair.original["company"] = f"{chain}{who.place.city}分公司"
    record = maker.customer(pair.entity, place=there, kind=1)
    record["company"] = f"{chain}{there.city}分公司"
    if rng.random() < 0.5:  # the chain's hotline on both rows
        hotline = f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
        pair.original["phone"] = record["phone"] = hotline
    elif rng.random() < 0.5:  # or its info@ mailbox
        mailbox = f"info@{rng.choice(maker.pools.domain_words)}.com"
        pair.original["email"] = record["email"] = mailbox
    return pair.new(record, who.name if rng.random() < 0.4 else str(record["name"]))


MAKERS: dict[str, Maker] = {
    "same_name": _same_name,
    "similar_name": _similar_name,
    "same_company": _same_company,
    "family": _family,
    "switchboard": _switchboard,
    "father_son": _father_son,
    "namesake_city": _namesake_city,
    "chain_branch": _chain_branch,
}
