"""Duplicate variations: how a customer's second row differs from the first.

A variation alters a copy in place (the name spaced out or in traditional characters,
the company suffix dropped, another owner, a field left blank, a new phone ...);
:func:`vary_duplicate` applies one to three of them by weight.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xlcrm.sample.injectors import INJECTORS, SKIP, Mess, is_cjk
from xlcrm.sample.spellings import TRADITIONAL

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
    fields = ["company", "address", "region", "customer_type", "last_purchase_at"]
    # blank one contact field only while the other still identifies the customer
    fields += [a for a, b in (("phone", "email"), ("email", "phone")) if record[b] is not None]
    fields = [f for f in fields if record[f] is not None]
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
}


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
        if code in applied:
            continue
        result = VARIATIONS[code][2](record, m)
        if result is not None:
            applied.append(code)
            touched.update(result)
        if len(applied) >= wanted:
            break
    defects = [code for code in touched.values() if code is not None]
    return applied, defects, set(touched)
