"""Clean sample customers: names, companies, contacts and purchase histories that agree.

:class:`CustomerMaker` makes each customer once (every phone and email unique), a
look-alike of an earlier one (a different customer sharing a name, company or address),
or a copy of one as entered again later. Defects come afterwards, in ``_sample_messes``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from itertools import count
from typing import NamedTuple

import phonenumbers

from xlcrm.sample.places import Place, PlaceMaker
from xlcrm.sample.pools import (
    COMMON_NAMES,
    COMPANY_FORMS,
    FREE_MAIL,
    INDUSTRIES,
    INDUSTRIES_EN,
    MOBILE_PREFIXES,
    POOLS,
    Weighted,
    faker_pools,
)
from xlcrm.sample.spellings import TRADITIONAL
from xlcrm.schema import CONSENT_VALUES, CONSENT_VALUES_EN, CUSTOMER_TYPES, CUSTOMER_TYPES_EN

_NOT_DIGITS = re.compile(r"\D")
_HISTORY_DAYS = 4 * 365
_KINDS = Weighted((0, 1, 2), (45, 35, 20))  # individual, company, prospect
_TAG_COUNTS = Weighted((0, 1, 2, 3), (40, 35, 18, 7))
COMMON_NAME_RATE = 0.015  # customers given one of the commonest full names (张伟, 王芳 ...)


class Company(NamedTuple):
    name: str
    domain: str
    place: Place


class Facts(NamedTuple):
    """What a customer is, to make look-alikes and copies of them."""

    name: str
    place: Place
    company: Company | None
    kind: int  # 0 individual, 1 company contact, 2 prospect
    gender: str  # "m" or "f"


class CustomerMaker:
    """Makes clean customers: plausible together (address, landline and region agree)."""

    def __init__(self, rng: random.Random, *, seed: int, language: str, asof: dt.date) -> None:
        self.rng = rng
        self.language = language
        self.pools = faker_pools(seed)
        self.owners = POOLS[language]["owner"][0]
        self.days = [asof - dt.timedelta(days=d) for d in range(_HISTORY_DAYS + 1)]
        self._asof = asof
        self._phones: set[str] = set()  # last 11 digits of every number handed out
        self._seven_digit_areas: set[str] = set()  # e.g. 0592: local numbers have 7 digits
        self._emails: set[str] = set()
        self._companies: list[Company] = []
        self._company_by_name: dict[str, Company] = {}
        self.who: dict[int, Facts] = {}  # entity -> what it is
        self.places = PlaceMaker(rng, language, self.pools)
        self._switchboards: dict[str, str] = {}  # company name -> its landline
        self.common_named: list[int] = []  # entities with one of the commonest names
        self._pools = {k: Weighted(*v) for k, v in POOLS[language].items()}
        mail = FREE_MAIL[language]
        self._pools["mail"] = Weighted(list(mail), list(mail.values()))

    def _pick(self, pool: str) -> str:
        return self._pools[pool].pick(self.rng)

    # people and companies ----------------------------------------------------------

    def name(self, place: Place, *, common: bool | None = None) -> str:
        """A name in the style of the place; now and then one of the commonest (张伟)."""
        rng, pools = self.rng, self.pools
        if self.language == "en" or (place.phone_kind in ("us", "uk") and rng.random() < 0.5):
            return f"{rng.choice(pools.en_first)} {rng.choice(pools.en_last)}"
        if place.phone_kind in ("hk", "mo", "tw"):
            return rng.choice(pools.tw_surnames) + rng.choice(pools.tw_givens)
        if common or (common is None and rng.random() < COMMON_NAME_RATE):
            return rng.choice(COMMON_NAMES)
        return rng.choice(pools.surnames) + rng.choice(pools.givens)

    def switchboard(self, company: Company) -> str | None:
        """The company's landline, the same for every contact there (None abroad)."""
        if not company.place.area:
            return None
        if company.name not in self._switchboards:
            self._switchboards[company.name] = self.phone(company.place, landline=True)
        return self._switchboards[company.name]

    def company(self, place: Place) -> Company:
        """A company at ``place``; a name already made means the same company again."""
        name = self._company_name(place)
        if name not in self._company_by_name:
            company = Company(name, self._domain(name), place)
            self._company_by_name[name] = company
            self._companies.append(company)
        return self._company_by_name[name]

    def _company_name(self, place: Place) -> str:
        rng = self.rng
        if self.language == "en" or place.phone_kind in ("us", "uk"):
            return self._company_name_en(place)
        core = rng.choice(self.pools.brands) + rng.choice(INDUSTRIES)
        if place.phone_kind != "cn":
            return (core + rng.choice(("有限公司", "股份有限公司"))).translate(TRADITIONAL)
        return COMPANY_FORMS.pick(rng).format(city=place.city, core=core)

    def _company_name_en(self, place: Place) -> str:
        rng, last = self.rng, self.pools.en_last
        suffix = {"uk": (" Ltd", " Limited", " plc"), "hk": (" Limited", " Company Limited")}.get(
            place.phone_kind, (" Inc.", " LLC", " Corp.", " Co.", " Ltd")
        )
        if rng.random() < 0.3:
            core = f"{rng.choice(last)} & {rng.choice(last)}"
        else:
            core = f"{rng.choice(last)} {rng.choice(INDUSTRIES_EN)}"
        return core + rng.choice(suffix)

    def _domain(self, company: str) -> str:
        rng = self.rng
        if company.isascii():
            word = "".join(ch for ch in company.split()[0].lower() if ch.isalnum())
            return word + rng.choice(("", "group", "co")) + rng.choice((".com", ".net", ".co.uk"))
        return rng.choice(self.pools.domain_words) + rng.choice((".com", ".cn", ".com.cn", ".net"))

    # contact details ---------------------------------------------------------------

    def phone(self, place: Place, *, landline: bool = False) -> str:
        """A valid number nobody else in the list has, in the style of the place.

        Clean rows must be clean: numbers other than mainland mobiles (whose prefixes are
        all valid) are checked with phonenumbers, since not every area code or foreign
        range is in use, and some cities have 7-digit local numbers.
        """
        kind = "landline" if landline and place.area else place.phone_kind
        for attempt in count():
            if attempt == 50:  # no valid number of this kind: give a mainland mobile
                kind = "cn"
            number = self._number(kind, place.area)
            if kind != "cn" and not _valid_phone(number):
                if kind == "landline" and attempt == 4:
                    self._seven_digit_areas.add(place.area)
                continue
            key = (number if number.isdigit() else _NOT_DIGITS.sub("", number))[-11:]
            if key not in self._phones:
                self._phones.add(key)
                return number
        raise AssertionError("unreachable")  # pragma: no cover

    def _number(self, kind: str, area: str) -> str:
        r = self.rng.randrange
        if kind == "landline":
            digits = 7 if area in self._seven_digit_areas else 8
            return f"{area}-{r(2 * 10 ** (digits - 1), 10**digits)}"
        formats = {
            "hk": lambda: f"+852 {self.rng.choice('569')}{r(1000):03d} {r(10000):04d}",
            "mo": lambda: f"+853 6{r(1000):03d} {r(10000):04d}",
            "tw": lambda: f"+886 9{r(100):02d} {r(1000):03d} {r(1000):03d}",
            "us": lambda: f"+1 {r(201, 990)}-{r(200, 1000)}-{r(10000):04d}",
            "uk": lambda: f"+44 7{r(100, 1000)} {r(10**6):06d}",
        }
        if kind in formats:
            return formats[kind]()
        return self.rng.choice(MOBILE_PREFIXES) + f"{r(10**8):08d}"

    def similar_phone(self, old: object) -> str:
        """A new number of the same kind as ``old`` (a changed or second phone)."""
        text = old if isinstance(old, str) else ""
        prefixes = {"+852": "hk", "+853": "mo", "+886": "tw", "+1 ": "us", "+44": "uk"}
        kind = next((k for p, k in prefixes.items() if text.startswith(p)), "cn")
        area = text.split("-")[0] if text.startswith("0") and "-" in text else ""
        return self.phone(Place("", "", "", area, kind), landline=bool(area))

    def email(self, name: str, company: Company | None) -> str:
        """An address nobody else in the list has: at the company, on QQ or a free mail."""
        rng = self.rng
        if company is not None and rng.random() < 0.55:
            local, domain = self._local_part(name), company.domain
        elif self.language == "zh" and rng.random() < 0.4:
            local, domain = str(rng.randrange(10000, 3_999_999_999)), "qq.com"
        else:
            local, domain = self._local_part(name), self._pick("mail")
        while f"{local}@{domain}" in self._emails:
            local += str(rng.randrange(10))
        self._emails.add(f"{local}@{domain}")
        return f"{local}@{domain}"

    def _local_part(self, name: str) -> str:
        rng = self.rng
        digits = str(rng.randrange(1, 2000)) if rng.random() < 0.5 else ""
        if not name.isascii():
            return rng.choice(self.pools.users) + digits
        first, last = (
            part.lower().replace("'", "") for part in (name.split()[0], name.split()[-1])
        )
        form = rng.choice(("{f}.{l}", "{f}{l}", "{i}{l}", "{f}_{l}", "{f}"))
        return form.format(f=first, l=last, i=first[0]) + digits

    def qq_email(self) -> str:
        """A QQ address nobody else in the list has."""
        while (email := f"{self.rng.randrange(10000, 3_999_999_999)}@qq.com") in self._emails:
            pass
        self._emails.add(email)
        return email

    def wechat(self, record: dict[str, object]) -> str | None:
        """The WeChat ID column: often the mobile itself, else a wxid or a chosen name."""
        rng = self.rng
        if rng.random() < (0.45 if self.language == "zh" else 0.85):
            return None
        phone = record["phone"]
        if isinstance(phone, str) and phone[:1] == "1" and rng.random() < 0.4:
            return phone
        if rng.random() < 0.5:
            return "wxid_" + "".join(rng.choices("abcdefghijkmnpqrstuvwxyz0123456789", k=12))
        return rng.choice(self.pools.users) + str(rng.randrange(10, 1000))

    # customers ---------------------------------------------------------------------

    def customer(
        self,
        entity: int,
        *,
        place: Place | None = None,
        company: Company | None = None,
        kind: int | None = None,
    ) -> dict[str, object]:
        """A new clean customer; ``kind`` 0 individual, 1 company, 2 prospect."""
        rng = self.rng
        kind = _KINDS.pick(rng) if kind is None else kind
        if place is None:
            place, company = self._where(kind)
        elif kind == 1 and company is None:
            company = self.company(place)
        name = self.name(place)
        gender = rng.choice("mf")
        self.who[entity] = Facts(name, place, company, kind, gender)
        if name in COMMON_NAMES:
            self.common_named.append(entity)
        return self._record(name, kind, place, company, gender)

    def _where(self, kind: int) -> tuple[Place, Company | None]:
        """Where a new customer is: a company contact at the office, others at home."""
        rng = self.rng
        if kind == 1:
            if self._companies and rng.random() < 0.2:  # a second contact at a known company
                known = rng.choice(self._companies)
                return known.place, known
            place = self.places.place()
            return place, self.company(place)
        place = self.places.place()
        has_employer = rng.random() < (0.2 if kind == 0 else 0.5)
        return place, self.company(self.places.place(place.region)) if has_employer else None

    def _record(
        self, name: str, kind: int, place: Place, company: Company | None, gender: str
    ) -> dict[str, object]:
        rng = self.rng
        phone: str | None = self.phone(place, landline=kind == 1 and rng.random() < 0.3)
        email: str | None = self.email(name, company if kind != 0 else None)
        # clean records can miss one way of contact, never both
        if rng.random() < 0.03:
            phone = None
        elif rng.random() < (0.15 if self.language == "zh" else 0.03):
            email = None
        created, last, count, amount, updated = self._history(kind)
        types = CUSTOMER_TYPES if self.language == "zh" else CUSTOMER_TYPES_EN
        consent = CONSENT_VALUES if self.language == "zh" else CONSENT_VALUES_EN
        return {
            "customer_id": None,  # numbered once the rows have their final order
            "name": name,
            "company": company.name if company else None,
            "customer_type": types[kind],
            "phone": phone,
            "email": email,
            "region": place.region,
            "address": place.address,
            "owner": self._pick("owner"),
            "tags": self._tags(amount),
            "source": self._pick("source"),
            "created_at": created,
            "last_purchase_at": last,
            "purchase_count": count,
            "total_amount": amount,
            "consent": consent[0] if rng.random() < 0.7 else consent[1],
            "notes": self._pick("note") if rng.random() < 0.12 else None,
            "updated_at": updated,
            **self.personal(kind, gender),
        }

    def personal(self, kind: int, gender: str, born: dt.date | None = None) -> dict[str, object]:
        """Gender and birth date, as lists keep them: often left blank, more so for contacts."""
        rng = self.rng
        filled = (0.7, 0.35, 0.3)[kind]
        words = ("男", "女") if self.language == "zh" else ("Male", "Female")
        shown = words[gender == "f"] if rng.random() < filled + 0.1 else None
        if born is None:
            born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(53 * 365))
        return {"gender": shown, "birth_date": born if rng.random() < filled else None}

    def _history(self, kind: int) -> tuple[dt.date, dt.date | None, int, float, dt.date]:
        """Created, last purchase, purchases, total spent, updated: new customers are many,
        most buy a few times for a little, a few buy often for a lot."""
        rng = self.rng
        created = int(rng.triangular(0, _HISTORY_DAYS, 0))
        if kind == 2:
            return self.days[created], None, 0, 0.0, self.days[rng.randint(0, created)]
        recency = min(created, int(rng.expovariate(1 / 200)))
        count = 1 + int(rng.expovariate(1 / (8 if kind == 1 else 3)))
        typical = (300.0, 4000.0)[kind] if self.language == "zh" else (80.0, 1500.0)[kind]
        amount = round(count * rng.lognormvariate(math.log(typical), 1.0), 2)
        updated = rng.randint(0, recency)
        return self.days[created], self.days[recency], count, amount, self.days[updated]

    def _tags(self, amount: float) -> str | None:
        rng = self.rng
        values = POOLS[self.language]["tag"][0]
        tags = rng.sample(values, _TAG_COUNTS.pick(rng))
        if amount > (50_000 if self.language == "zh" else 10_000) and rng.random() < 0.7:
            tags = ["VIP", *(t for t in tags if t != "VIP")]
        return ",".join(tags) or None

    def retyped(self, record: dict[str, object]) -> dict[str, object]:
        """A copy of ``record`` as entered again later: its own dates, maybe part of the history."""
        rng, copy = self.rng, dict(record)
        created, last = record["created_at"], record["last_purchase_at"]
        if isinstance(created, dt.date):
            # entered again between the first entry and the last purchase it shows
            recent = (self._asof - last).days if isinstance(last, dt.date) else 0
            again = rng.randint(recent, (self._asof - created).days)
            copy["created_at"] = self.days[again]
            copy["updated_at"] = self.days[rng.randint(0, recent)]
        count, amount = record["purchase_count"], record["total_amount"]
        if (
            isinstance(count, int)
            and isinstance(amount, float)
            and count > 1
            and rng.random() < 0.5
        ):
            part = rng.randint(1, count - 1)  # the orders taken under the second record
            copy["purchase_count"], copy["total_amount"] = part, round(amount * part / count, 2)
        return copy


def _valid_phone(number: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
    except phonenumbers.NumberParseException:
        return False
