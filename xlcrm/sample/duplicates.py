"""Duplicate variations: how a customer's second row differs from the first.

A variation alters a copy in place (the name spaced out or in traditional characters,
the company suffix dropped, another owner, a field left blank, a new phone ...);
:func:`vary_duplicate` applies one to three of them by weight.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from xlcrm.sample.injectors import INJECTORS, SKIP, Mess, gendered_titles, is_cjk, to_fullwidth
from xlcrm.sample.spellings import CITY_PINYIN, TRADES_EN, TRADITIONAL

VARIATION_CODES: tuple[str, ...] = (
    "dup_name_spacing",  # 张伟 -> 张 伟 (also records name_spaces)
    "dup_traditional",  # 陈伟华 -> 陳偉華
    "dup_fullwidth",  # phone or Latin name in full-width characters
    "dup_company_suffix",  # 有限公司 dropped, (北京) added or removed
    "dup_phone_format",  # the same number typed another way (records the phone defect)
    "dup_email_upper",  # the same address in capitals (records email_upper)
    "dup_owner",  # another salesperson entered it
    "dup_missing_field",  # one field left blank this time
    "dup_new_phone",  # the customer changed number; the email still matches
    "dup_same_id",  # a copied row that kept the customer ID
    "dup_address_variant",  # the address shortened or abbreviated
    "dup_no_shared_contact",  # a new phone and no or another email: nothing to contact in common
    "dup_name_title",  # 周敏 -> 周敏女士
    "dup_address_rewrite",  # 浙江省杭州市…3-502 -> 杭州市…3栋502室, 號, full-width digits
    "dup_company_variant",  # brackets of the other width, 杭州 恒达, 有限责任公司
    "dup_company_english",  # 杭州恒达机械有限公司 -> Hangzhou Hengda Machinery Co., Ltd.
    "dup_name_pinyin",  # 周敏 -> Zhou Min
    "dup_birth_date_typo",  # 1985-03-07 -> 1985-07-03
)

# A variation alters a duplicate in place and says which fields it touched, with the
# defect code each now carries (None when the value is merely different, not wrong), or
# returns None when it cannot apply to this record.
Touched = dict[str, str | None]
Variation = Callable[[dict[str, object], Mess], Touched | None]

_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", " Company Limited", " Limited",
                     " Inc.", " LLC", " Ltd", " Corp.", " Co.", " plc")  # fmt: skip
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_EN_ABBREVIATIONS = (("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Flat ", "Rm "))


def _apply(record: dict[str, object], field: str, code: str, m: Mess) -> Touched | None:
    value = INJECTORS[code](record[field], m) if record[field] is not None else SKIP
    if value is SKIP:
        return None
    record[field] = value
    return {field: code}


def _vary_traditional(record: dict[str, object], m: Mess) -> Touched | None:
    touched: Touched = {}
    for field in ("name", "company", "address"):
        value = record[field]
        changed = isinstance(value, str) and value.translate(TRADITIONAL) != value
        if changed and (field == "name" or m.rng.random() < 0.5):
            record[field] = str(value).translate(TRADITIONAL)
            touched[field] = None
    return touched if "name" in touched else None


def _vary_fullwidth(record: dict[str, object], m: Mess) -> Touched | None:
    return _apply(record, "name", "name_fullwidth", m) or _apply(
        record, "phone", "phone_fullwidth", m
    )


def _vary_company_suffix(record: dict[str, object], m: Mess) -> Touched | None:
    company, region = record["company"], record["region"]
    if not isinstance(company, str):
        return None
    suffix = next((s for s in _COMPANY_SUFFIXES if company.endswith(s)), "")
    if _BRACKETED.search(company):
        varied = _BRACKETED.sub("", company)
    elif suffix and (not is_cjk(company) or region in (None, "海外") or m.rng.random() < 0.6):
        varied = company[: -len(suffix)]
    elif suffix:  # 华创科技有限公司 -> 华创科技(广东)有限公司
        varied = company[: -len(suffix)] + m.rng.choice(("({})", "（{}）")).format(region) + suffix
    else:
        varied = company + (" Ltd" if company.isascii() else "有限公司")
    record["company"] = varied
    return {"company": None}


def _vary_phone_format(record: dict[str, object], m: Mess) -> Touched | None:
    codes = ["phone_spaces", "phone_dashes", "phone_prefix_86", "phone_number", "phone_parens"]
    m.rng.shuffle(codes)
    return next((t for code in codes if (t := _apply(record, "phone", code, m))), None)


def _vary_owner(record: dict[str, object], m: Mess) -> Touched | None:
    others = [o for o in m.owners if o != record["owner"]]
    if not others:
        return None
    record["owner"] = m.rng.choice(others)
    return {"owner": None}


def _vary_missing_field(record: dict[str, object], m: Mess) -> Touched | None:
    fields = ["region", "customer_type", "last_purchase_at", "birth_date", "gender"]
    if record["phone"] is not None or record["email"] is not None:  # else they identify it
        fields += ["company", "address"]
    # blank one contact field only while the other still identifies the customer
    fields += [a for a, b in (("phone", "email"), ("email", "phone")) if record[b] is not None]
    fields = [f for f in fields if record.get(f) is not None]
    if not fields:
        return None
    field = m.rng.choice(fields)
    record[field] = None
    return {field: None}


def _vary_new_phone(record: dict[str, object], m: Mess) -> Touched | None:
    if record["email"] is None:
        return None
    record["phone"] = m.fresh_phone(record["phone"])
    return {"phone": None}


def _vary_address(record: dict[str, object], m: Mess) -> Touched | None:
    address = record["address"]
    if not isinstance(address, str):
        return None
    varied = address
    for long, short in _EN_ABBREVIATIONS:
        varied = varied.replace(long, short)
    if varied == address and "号" in address:  # drop the room: 88号A座1203室 -> 88号
        varied = address[: address.index("号") + 1]
    if varied == address:
        return None
    record["address"] = varied
    return {"address": None}


def _vary_no_shared_contact(record: dict[str, object], m: Mess) -> Touched | None:
    """Nothing to call in common: a new phone, and no email or a new (QQ) one; half the
    time the copy has only the mail, as when one salesperson took a phone, another a QQ."""
    if record["name"] is None or (record["company"] is None and record["address"] is None):
        return None
    only_mail = m.rng.random() < 0.5
    record["phone"] = None if only_mail else m.fresh_phone(record["phone"])
    record["email"] = m.fresh_email() if only_mail or m.rng.random() < 0.3 else None
    return {"phone": None, "email": None}


def _vary_name_title(record: dict[str, object], m: Mess) -> Touched | None:
    name = record["name"]
    if not isinstance(name, str) or not is_cjk(name) or m.gender not in ("m", "f"):
        return None
    record["name"] = name + m.rng.choice(gendered_titles(m)[0][:1] * 3 + ("经理", "总"))
    return {"name": None}


_UNIT = re.compile(r"(\d+)栋(\d+)单元(\d+)室")
_COMPOUND_DASH = re.compile(r"(\d+)-(\d+)$")
_COMPOUND_ROOM = re.compile(r"(\d+)栋(\d+)室$")
_TOWER = re.compile(r"([A-D])座(\d+)室")
_FLOOR = re.compile(r"(\d+)楼$")


def rewrite_address(address: str, m: Mess) -> str:
    """One Chinese address written another way (1 or 2 changes), or as it was."""
    rng = m.rng
    ways = [
        lambda a: re.sub(r"^[^市]{2,8}?(?:省|自治区)", "", a),  # the province left out
        lambda a: re.sub(r"^([^市]{2,3})市", r"\1", a),  # 杭州市 -> 杭州
        lambda a: a.replace("号", "號"),
        lambda a: _UNIT.sub(r"\1-\2-\3", a),
        lambda a: _COMPOUND_DASH.sub(r"\1栋\2室", a),
        lambda a: _COMPOUND_ROOM.sub(r"\1-\2", a),
        lambda a: _TOWER.sub(r"\1座\2", a),
        lambda a: _FLOOR.sub(lambda f: f[1] + rng.choice(("F", "层")), a),
        lambda a: re.sub(r"\d+", lambda d: to_fullwidth(d[0]), a),
    ]
    rng.shuffle(ways)
    changed = address
    for way in ways:
        once = way(changed)
        if once != changed:
            changed = once
            if changed != address and rng.random() < 0.5:
                break
    return changed


def _vary_address_rewrite(record: dict[str, object], m: Mess) -> Touched | None:
    address = record["address"]
    if not isinstance(address, str) or not is_cjk(address):
        return None
    varied = rewrite_address(address, m)
    if varied == address:
        return None
    record["address"] = varied
    return {"address": None}


_CITY_FIRST = re.compile(
    r"^([\u4e00-\u9fff]{2,3}?)(市?)([\u4e00-\u9fff]{4,})(有限公司|股份有限公司)$"
)


def _vary_company_variant(record: dict[str, object], m: Mess) -> Touched | None:
    """The same company written the other way: bracket width, a space, the city moved."""
    company = record["company"]
    if not isinstance(company, str) or not is_cjk(company):
        return None
    ways = [
        lambda c: (
            c.replace("(", "（").replace(")", "）")
            if "(" in c
            else c.replace("（", "(").replace("）", ")")
        ),
        lambda c: _CITY_FIRST.sub(r"\1 \3\4", c),
        lambda c: _CITY_FIRST.sub(lambda x: f"{x[3]}（{x[1]}）{x[4]}", c),
        lambda c: (
            c[: -len("有限公司")] + "有限责任公司"
            if c.endswith("有限公司") and "股份" not in c
            else c
        ),
    ]
    m.rng.shuffle(ways)
    varied = next((v for way in ways if (v := way(company)) != company), None)
    if varied is None:
        return None
    record["company"] = varied
    return {"company": None}


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).capitalize()


def _vary_company_english(record: dict[str, object], m: Mess) -> Touched | None:
    """杭州恒达机械有限公司 -> Hangzhou Hengda Machinery Co., Ltd."""
    company = record["company"]
    if not isinstance(company, str) or not is_cjk(company):
        return None
    core = _BRACKETED.sub("", company)
    for form in ("股份有限公司", "有限责任公司", "有限公司"):
        core = core.removesuffix(form)
    city = next((c for c in CITY_PINYIN if core.startswith(c)), "")
    core = core.removeprefix(city).removeprefix("市")
    trade = next((t for t in sorted(TRADES_EN, key=len, reverse=True) if core.endswith(t)), None)
    if trade is None or len(core) - len(trade) < 2:
        return None
    words = [CITY_PINYIN[city]] if city and m.rng.random() < 0.5 else []
    words += [_pinyin(core[: -len(trade)]), TRADES_EN[trade]]
    record["company"] = " ".join(words) + m.rng.choice((" Co., Ltd.", " Co., Ltd", " Limited"))
    return {"company": None}


def _vary_name_pinyin(record: dict[str, object], m: Mess) -> Touched | None:
    name = record["name"]
    if not isinstance(name, str) or not is_cjk(name) or not 2 <= len(name) <= 3:
        return None
    if record["company"] is None and record["address"] is None:
        return None
    surname, given = _pinyin(name[0]), _pinyin(name[1:])
    record["name"] = f"{surname} {given}" if m.rng.random() < 0.7 else f"{given} {surname}"
    return {"name": None}


def _vary_birth_date(record: dict[str, object], m: Mess) -> Touched | None:
    born = record.get("birth_date")
    if not isinstance(born, dt.date):
        return None
    if born.day <= 12 and born.day != born.month:  # day and month swapped
        record["birth_date"] = born.replace(month=born.day, day=born.month)
    else:  # one digit of the day typed wrong
        day = born.day + (10 if born.day < 19 else -10)
        record["birth_date"] = born.replace(day=day)
    return {"birth_date": None}


# code -> (weight, whether it leaves a defect behind, how)
VARIATIONS: dict[str, tuple[float, bool, Variation]] = {
    "dup_name_spacing": (3, True, lambda r, m: _apply(r, "name", "name_spaces", m)),
    "dup_traditional": (2, False, _vary_traditional),
    "dup_fullwidth": (1, True, _vary_fullwidth),
    "dup_company_suffix": (3, False, _vary_company_suffix),
    "dup_phone_format": (3, True, _vary_phone_format),
    "dup_email_upper": (2, True, lambda r, m: _apply(r, "email", "email_upper", m)),
    "dup_owner": (2, False, _vary_owner),
    "dup_missing_field": (3, False, _vary_missing_field),
    "dup_new_phone": (1, False, _vary_new_phone),
    "dup_same_id": (1, False, lambda r, m: {}),
    "dup_address_variant": (1, False, _vary_address),
    "dup_no_shared_contact": (4, False, _vary_no_shared_contact),
    "dup_name_title": (2, False, _vary_name_title),
    "dup_address_rewrite": (3, False, _vary_address_rewrite),
    "dup_company_variant": (2, False, _vary_company_variant),
    "dup_company_english": (1, False, _vary_company_english),
    "dup_name_pinyin": (1, False, _vary_name_pinyin),
    "dup_birth_date_typo": (1, False, _vary_birth_date),
}


# Variations that together would leave nothing to find the copy by (a new phone, no email
# and the address blanked) or that undo each other.
EXCLUSIVE = (
    {"dup_no_shared_contact", "dup_missing_field"},
    {"dup_no_shared_contact", "dup_new_phone"},
    {"dup_name_pinyin", "dup_company_english"},
    {"dup_name_pinyin", "dup_name_title"},
    {"dup_name_pinyin", "dup_traditional"},
    {"dup_company_english", "dup_company_variant"},
    {"dup_company_english", "dup_company_suffix"},
)


def vary_duplicate(
    record: dict[str, object], m: Mess, *, messy: bool
) -> tuple[list[str], list[str], set[str]]:
    """Retype a copy of a customer; returns (variation codes, defect codes, touched fields).

    One to three variations apply; without ``messy`` only those that leave valid values.
    """
    codes = [c for c, (_, leaves_defect, _) in VARIATIONS.items() if messy or not leaves_defect]
    weights = [VARIATIONS[c][0] for c in codes]
    wanted = 1 + (m.rng.random() < 0.5) + (m.rng.random() < 0.2)
    applied: list[str] = []
    touched: Touched = {}
    for _ in range(12):  # a few tries: some variations cannot apply to a given record
        code = m.rng.choices(codes, weights)[0]
        if code in applied or any({code, other} in EXCLUSIVE for other in applied):
            continue
        result = VARIATIONS[code][2](record, m)
        if result is not None:
            applied.append(code)
            touched.update(result)
        if len(applied) >= wanted:
            break
    defects = [code for code in touched.values() if code is not None]
    return applied, defects, set(touched)
