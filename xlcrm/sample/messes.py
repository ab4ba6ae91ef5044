"""How people mistype a customer list: the defects and duplicate variations of sample data.

Which defect hits which field, and how often, is data (``FIELD_DEFECTS``) so a benchmark
can read what was injected; :func:`inject_defects` applies it to a record. The injectors
live in ``_sample_injectors``, the duplicate variations in ``_sample_duplicates``, and the
tables they draw from in ``_sample_spellings``; all are re-exported here.
"""

from __future__ import annotations

from xlcrm.sample.duplicates import (
    VARIATION_CODES,
    VARIATIONS,
    Touched,
    Variation,
    vary_duplicate,
)
from xlcrm.sample.injectors import INJECTORS, SKIP, Injector, Mess, to_fullwidth
from xlcrm.sample.places import REGION_FULL_NAMES
from xlcrm.sample.spellings import (
    EMAIL_DOMAIN_TYPOS,
    FULLWIDTH,
    NAME_TITLES,
    PLACEHOLDERS,
    TLD_TYPOS,
    TRADITIONAL,
)

__all__ = [
    "DEFECT_CODES",
    "EMAIL_DOMAIN_TYPOS",
    "FIELD_DEFECTS",
    "FULLWIDTH",
    "INJECTORS",
    "NAME_TITLES",
    "NO_CONTACT_RATE",
    "PLACEHOLDERS",
    "REGION_FULL_NAMES",
    "SKIP",
    "TLD_TYPOS",
    "TRADITIONAL",
    "VARIATIONS",
    "VARIATION_CODES",
    "Injector",
    "Mess",
    "Touched",
    "Variation",
    "inject_defects",
    "to_fullwidth",
    "vary_duplicate",
]

DEFECT_CODES: tuple[str, ...] = (
    # phone: formatting a reader must normalise ...
    "phone_spaces", "phone_dashes", "phone_dots", "phone_parens", "phone_prefix_86",
    "phone_fullwidth", "phone_number", "phone_trunk_zero", "phone_multiple",
    # ... and values that are wrong or empty
    "phone_letters", "phone_short", "phone_long", "phone_placeholder",
    # email
    "email_fullwidth_at", "email_fullwidth_dot", "email_spaces", "email_upper",
    "email_missing_at", "email_double_at", "email_typo_domain", "email_trailing_punct",
    "email_placeholder",
    # the record cannot be reached: neither phone nor email
    "no_contact",
    # name, company, address, region, owner, tags
    "name_missing", "name_spaces", "name_title", "name_fullwidth", "company_spaces",
    "address_linebreak", "region_variant", "region_mismatch", "region_missing",
    "owner_spaces", "tags_separator",
    # enums
    "type_variant", "type_missing", "consent_variant",
    # dates (created_at, last_purchase_at, updated_at)
    "date_text", "date_serial", "date_impossible", "date_future",
    # purchase_count and total_amount
    "count_float", "count_text",
    "amount_text", "amount_shorthand", "amount_fullwidth", "amount_negative",
    "amount_placeholder",
)  # fmt: skip


_DATE_DEFECTS = (("date_text", 0.04), ("date_serial", 0.01), ("date_impossible", 0.005))

# field -> ((code, rate), ...): at most one of a field's defects hits a record.
FIELD_DEFECTS: dict[str, tuple[tuple[str, float], ...]] = {
    "phone": (
        ("phone_spaces", 0.03), ("phone_dashes", 0.02), ("phone_dots", 0.005),
        ("phone_parens", 0.01), ("phone_prefix_86", 0.03), ("phone_fullwidth", 0.01),
        ("phone_number", 0.04), ("phone_trunk_zero", 0.005), ("phone_multiple", 0.01),
        ("phone_letters", 0.005), ("phone_short", 0.01), ("phone_long", 0.005),
        ("phone_placeholder", 0.02),
    ),
    "email": (
        ("email_fullwidth_at", 0.005), ("email_fullwidth_dot", 0.005), ("email_spaces", 0.02),
        ("email_upper", 0.02), ("email_missing_at", 0.005), ("email_double_at", 0.003),
        ("email_typo_domain", 0.015), ("email_trailing_punct", 0.005),
        ("email_placeholder", 0.015),
    ),
    "name": (("name_missing", 0.01), ("name_spaces", 0.02), ("name_title", 0.01),
             ("name_fullwidth", 0.005)),
    "company": (("company_spaces", 0.02),),
    "address": (("address_linebreak", 0.01),),
    "region": (("region_variant", 0.03), ("region_mismatch", 0.01), ("region_missing", 0.02)),
    "owner": (("owner_spaces", 0.02),),
    "tags": (("tags_separator", 0.05),),
    "customer_type": (("type_variant", 0.04), ("type_missing", 0.01)),
    "consent": (("consent_variant", 0.03),),
    "created_at": _DATE_DEFECTS,
    "last_purchase_at": (*_DATE_DEFECTS, ("date_future", 0.01)),
    "updated_at": _DATE_DEFECTS,
    "purchase_count": (("count_float", 0.01), ("count_text", 0.02)),
    "total_amount": (
        ("amount_text", 0.04), ("amount_shorthand", 0.01), ("amount_fullwidth", 0.005),
        ("amount_negative", 0.005), ("amount_placeholder", 0.01),
    ),
}  # fmt: skip
NO_CONTACT_RATE = 0.015
_FIELD_TOTALS = {
    field: sum(rate for _, rate in defects) for field, defects in FIELD_DEFECTS.items()
}


def inject_defects(record: dict[str, object], m: Mess, touched: set[str]) -> list[str]:
    """Type one record the way people do; returns the codes of the defects injected.

    Fields in ``touched`` were already altered (by a duplicate's variation) and are left
    alone, so every recorded defect stays visible in the final value.
    """
    codes: list[str] = []
    if m.rng.random() < NO_CONTACT_RATE and not touched & {"phone", "email"}:
        record["phone"] = record["email"] = None
        touched |= {"phone", "email"}
        codes.append("no_contact")
    for field, defects in FIELD_DEFECTS.items():
        draw = m.rng.random()
        if draw >= _FIELD_TOTALS[field] or field in touched or record[field] is None:
            continue
        for code, rate in defects:
            if draw < rate:
                value = INJECTORS[code](record[field], m)
                if value is not SKIP:
                    record[field] = value
                    codes.append(code)
                break
            draw -= rate
    return codes
