"""Defect injectors: each turns one clean value into the way someone mistyped it.

An injector returns the messy value, or ``SKIP`` when the defect makes no sense for that
value (a domain typo needs a known domain, a 1.2万 shorthand needs an amount of thousands).
``INJECTORS`` maps each defect code to its injector.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from xlcrm.sample.places import REGION_FULL_NAMES
from xlcrm.sample.spellings import (
    CONSENT_VARIANTS,
    EMAIL_DOMAIN_TYPOS,
    EN_REGION_SHORT,
    FULLWIDTH,
    NAME_TITLES,
    PLACEHOLDERS,
    TLD_TYPOS,
    TYPE_VARIANTS,
)

SKIP: Final = object()  # an injector's "not applicable to this value"

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})")


@dataclass
class Mess:
    """What injectors may use besides the value: randomness, language and fresh values."""

    rng: random.Random
    language: str
    asof: dt.date
    regions: tuple[str, ...]  # valid region values in this language
    owners: tuple[str, ...]
    fresh_phone: Callable[[object], str]  # a new number like the one given, nobody else's
    fresh_email: Callable[[], str] = lambda: ""  # a new QQ address, nobody else's
    gender: str = ""  # "m" or "f": the person behind the record being typed (for titles)


Injector = Callable[[object, Mess], object]


def to_fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (Ａ１＠)."""
    return text.translate(FULLWIDTH)


def _mobile(value: object) -> str | None:
    return value if isinstance(value, str) and _MOBILE.fullmatch(value) else None


def _landline(value: object) -> tuple[str, str] | None:
    match = _LANDLINE.fullmatch(value) if isinstance(value, str) else None
    return (match[1], match[2]) if match else None


def _split_email(value: object) -> tuple[str, str] | None:
    if isinstance(value, str) and value.count("@") == 1:
        local, domain = value.split("@")
        return local, domain
    return None


def _grouped(digits: str, sep: str) -> str:
    """A mobile in the 3-4-4 groups people type it in."""
    return f"{digits[:3]}{sep}{digits[3:7]}{sep}{digits[7:]}"


def _phone_spaces(v: object, m: Mess) -> object:
    if d := _mobile(v):
        return _grouped(d, m.rng.choice((" ", "  ")))
    if ll := _landline(v):
        return f"{ll[0]} {ll[1][:4]} {ll[1][4:]}"
    return SKIP


def _phone_parens(v: object, m: Mess) -> object:
    if d := _mobile(v):
        return m.rng.choice(("(+86)", "(86)", "(+86) ")) + d
    if ll := _landline(v):
        return m.rng.choice(("({}){}", "({}) {}", "（{}）{}")).format(*ll)
    return SKIP


def _phone_prefix_86(v: object, m: Mess) -> object:
    d = _mobile(v)
    prefixes = ("+86 ", "+86-", "+86", "0086 ", "0086-", "0086", "86 ", "86-", "86")
    return m.rng.choice(prefixes) + d if d else SKIP


def _phone_fullwidth(v: object, m: Mess) -> object:
    return to_fullwidth(v) if isinstance(v, str) and (_mobile(v) or _landline(v)) else SKIP


def _phone_number(v: object, m: Mess) -> object:
    if d := _mobile(v):
        return int(d) if m.rng.random() < 0.6 else float(d)
    if ll := _landline(v):
        return int(ll[0] + ll[1])  # Excel drops the area code's leading zero
    return SKIP


def _phone_letters(v: object, m: Mess) -> object:
    if not isinstance(v, str) or not (spots := [i for i, c in enumerate(v) if c.isdigit()]):
        return SKIP
    i = m.rng.choice(spots)
    letter = {"0": "O", "1": "l"}.get(v[i]) or m.rng.choice("abcdxyz")
    return v[:i] + letter + v[i + 1 :]


def _phone_short(v: object, m: Mess) -> object:
    if not (d := _mobile(v)):
        return SKIP
    cut = m.rng.randint(1, 2)
    i = m.rng.randrange(3, 11 - cut)
    return d[:i] + d[i + cut :]


def _phone_long(v: object, m: Mess) -> object:
    if not (d := _mobile(v)):
        return SKIP
    i = m.rng.randrange(3, 12)
    return d[:i] + str(m.rng.randrange(10)) + d[i:]


def _phone_multiple(v: object, m: Mess) -> object:
    if not (d := _mobile(v)):
        return SKIP
    return d + m.rng.choice(("/", " / ", "、", "；", ",", "\n")) + m.fresh_phone(d)


def _placeholder(v: object, m: Mess) -> object:
    return m.rng.choice(PLACEHOLDERS[m.language])


def _on_email(edit: Callable[[str, Mess], str]) -> Injector:
    """An injector that edits a well-formed email and skips anything else."""

    def inject(v: object, m: Mess) -> object:
        return edit(v, m) if isinstance(v, str) and _split_email(v) else SKIP

    return inject


def _email_fullwidth_dot(v: object, m: Mess) -> object:
    if not (parts := _split_email(v)):
        return SKIP
    head, _, tld = parts[1].rpartition(".")
    return f"{parts[0]}@{head}。{tld}"


def _email_upper(v: object, m: Mess) -> object:
    if not (parts := _split_email(v)):
        return SKIP
    local, domain = parts
    return m.rng.choice((f"{local}@{domain}".upper(), f"{local.capitalize()}@{domain.upper()}"))


def _email_missing_at(v: object, m: Mess) -> object:
    if not (parts := _split_email(v)):
        return SKIP
    return m.rng.choice(("{}{}", "{} {}", "{}#{}", "{}(at){}")).format(*parts)


def _email_typo_domain(v: object, m: Mess) -> object:
    if not (parts := _split_email(v)):
        return SKIP
    local, domain = parts
    if domain in EMAIL_DOMAIN_TYPOS:
        return f"{local}@{m.rng.choice(EMAIL_DOMAIN_TYPOS[domain])}"
    head, _, tld = domain.rpartition(".")
    return f"{local}@{head}.{m.rng.choice(TLD_TYPOS[tld])}" if tld in TLD_TYPOS else SKIP


def _around(v: object, m: Mess) -> object:
    """Stray spaces around a value: ASCII, non-breaking or ideographic."""
    if not isinstance(v, str):
        return SKIP
    return m.rng.choice((" {}", "{} ", " {}  ", "{}\u00a0", "\u3000{}")).format(v)


def is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _name_spaces(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if is_cjk(v) and " " not in v:
        # 2-character names get padded to line up with 3-character ones
        return f"{v[0]}  {v[1]}" if len(v) == 2 else m.rng.choice((" ".join(v), f"{v[0]} {v[1:]}"))
    return v.replace(" ", "  ", 1) if " " in v else _around(v, m)


def _name_title(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if is_cjk(v):
        return v[0] + m.rng.choice(gendered_titles(m)[0])
    return m.rng.choice(gendered_titles(m)[1]) + v.split()[-1]


def gendered_titles(m: Mess) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Chinese and the English titles that fit the person's gender (总 and 经理 fit all)."""
    zh = {"m": ("先生", "总", "经理"), "f": ("女士", "总", "经理")}.get(m.gender, NAME_TITLES[2:5])
    en = {"m": ("Mr. ",), "f": ("Ms. ",)}.get(m.gender, ("Dr. ",))
    return zh, en


def _name_fullwidth(v: object, m: Mess) -> object:
    return to_fullwidth(v) if isinstance(v, str) and v.isascii() else SKIP


def _address_linebreak(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if ", " in v:
        return v.replace(", ", "\n", 1)
    cut = max(v.find("区"), v.find("市"))
    return v[: cut + 1] + "\n" + v[cut + 1 :] if 0 < cut < len(v) - 1 else SKIP


def _region_variant(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if m.language == "en":
        return m.rng.choice((v.upper(), v.lower(), EN_REGION_SHORT.get(v, f"{v} Province")))
    return REGION_FULL_NAMES.get(v, v + "省")


def _region_mismatch(v: object, m: Mess) -> object:
    return m.rng.choice([r for r in m.regions if r != v]) if isinstance(v, str) else SKIP


def _erase(v: object, m: Mess) -> object:
    return None if v not in (None, "") else SKIP


def _owner_spaces(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    return f"{v[0]} {v[1:]}" if is_cjk(v) and m.rng.random() < 0.5 else v + " "


def _tags_separator(v: object, m: Mess) -> object:
    if not isinstance(v, str) or "," not in v:
        return SKIP
    return v.replace(",", m.rng.choice(("，", "、", "；", " ", "/", "|")))


def _choose_from(table: dict[str, tuple[str, ...]]) -> Injector:
    def inject(v: object, m: Mess) -> object:
        return m.rng.choice(table[v]) if isinstance(v, str) and v in table else SKIP

    return inject


def _date_text(v: object, m: Mess) -> object:
    if not isinstance(v, dt.date):
        return SKIP
    y, mo, d = v.year, v.month, v.day
    forms: tuple[str, ...]
    if m.language == "en":
        forms = (f"{mo}/{d}/{y}", f"{d}/{mo}/{y}", v.strftime("%d %b %Y"), v.strftime("%B %d, %Y"))
    else:
        forms = (f"{y}/{mo}/{d}", f"{y}.{mo}.{d}", f"{y}年{mo}月{d}日", f"{y}{mo:02d}{d:02d}")
    return m.rng.choice((*forms, v.isoformat()))


def _date_serial(v: object, m: Mess) -> object:
    # days since Excel's 1899-12-30 epoch: what a date cell shows once its format is lost
    return (v - dt.date(1899, 12, 30)).days if isinstance(v, dt.date) else SKIP


def _date_impossible(v: object, m: Mess) -> object:
    if not isinstance(v, dt.date):
        return SKIP
    y, d = v.year, v.day
    forms = (
        f"{y}-13-{d:02d}",
        f"{y}/2/30",
        f"{y}-04-31",
        f"{y}年0月{d}日",
        f"{y}.6.31",
        f"{y}/11/31",
    )
    return m.rng.choice(forms)


def _date_future(v: object, m: Mess) -> object:
    return m.asof + dt.timedelta(days=m.rng.randint(3, 400)) if isinstance(v, dt.date) else SKIP


def _count_float(v: object, m: Mess) -> object:
    return v + 0.5 if isinstance(v, int) and v > 0 else SKIP


def _count_text(v: object, m: Mess) -> object:
    if not isinstance(v, int):
        return SKIP
    forms = (
        ("{} times", "about {}", " {} ") if m.language == "en" else ("{}次", "约{}", " {} ", "{}单")
    )
    return m.rng.choice(forms).format(v)


def _amount_text(v: object, m: Mess) -> object:
    if not isinstance(v, float):
        return SKIP
    forms: tuple[str, ...]
    if m.language == "en":
        forms = ("${:,.2f}", "USD {:,.2f}", "{:,.2f}", "$ {:.2f}")
    else:
        forms = ("¥{:,.2f}", "￥{:.2f}", "{:.2f}元", "RMB {:,.2f}", "{:,.2f}", "{:,.0f} 元")
    return m.rng.choice(forms).format(v)


def _amount_shorthand(v: object, m: Mess) -> object:
    if not isinstance(v, float) or v < 1000:
        return SKIP
    if m.language == "en":
        return f"{v / 1000:.1f}k"
    return f"{v / 10000:.1f}万" if v >= 10000 else f"{v / 1000:.0f}千"


def _amount_fullwidth(v: object, m: Mess) -> object:
    return to_fullwidth(f"{v:.2f}") if isinstance(v, float) else SKIP


def _amount_negative(v: object, m: Mess) -> object:
    return -v if isinstance(v, float) and v > 0 else SKIP


def _amount_placeholder(v: object, m: Mess) -> object:
    words = (
        ("TBD", "see contract", "n/a") if m.language == "en" else ("待定", "不详", "见合同", "面议")
    )
    return m.rng.choice(words)


INJECTORS: dict[str, Injector] = {
    "phone_spaces": _phone_spaces,
    "phone_dashes": lambda v, m: _grouped(d, "-") if (d := _mobile(v)) else SKIP,
    "phone_dots": lambda v, m: _grouped(d, ".") if (d := _mobile(v)) else SKIP,
    "phone_parens": _phone_parens,
    "phone_prefix_86": _phone_prefix_86,
    "phone_fullwidth": _phone_fullwidth,
    "phone_number": _phone_number,
    "phone_trunk_zero": lambda v, m: "0" + d if (d := _mobile(v)) else SKIP,
    "phone_multiple": _phone_multiple,
    "phone_letters": _phone_letters,
    "phone_short": _phone_short,
    "phone_long": _phone_long,
    "phone_placeholder": _placeholder,
    "email_fullwidth_at": _on_email(lambda v, m: v.replace("@", "＠")),
    "email_fullwidth_dot": _email_fullwidth_dot,
    "email_spaces": _on_email(lambda v, m: str(_around(v, m))),
    "email_upper": _email_upper,
    "email_missing_at": _email_missing_at,
    "email_double_at": _on_email(lambda v, m: v.replace("@", "@@")),
    "email_typo_domain": _email_typo_domain,
    "email_trailing_punct": _on_email(lambda v, m: v + m.rng.choice(";；。,.")),
    "email_placeholder": _placeholder,
    "name_missing": _erase,
    "name_spaces": _name_spaces,
    "name_title": _name_title,
    "name_fullwidth": _name_fullwidth,
    "company_spaces": _around,
    "address_linebreak": _address_linebreak,
    "region_variant": _region_variant,
    "region_mismatch": _region_mismatch,
    "region_missing": _erase,
    "owner_spaces": _owner_spaces,
    "tags_separator": _tags_separator,
    "type_variant": _choose_from(TYPE_VARIANTS),
    "type_missing": _erase,
    "consent_variant": _choose_from(CONSENT_VARIANTS),
    "date_text": _date_text,
    "date_serial": _date_serial,
    "date_impossible": _date_impossible,
    "date_future": _date_future,
    "count_float": _count_float,
    "count_text": _count_text,
    "amount_text": _amount_text,
    "amount_shorthand": _amount_shorthand,
    "amount_fullwidth": _amount_fullwidth,
    "amount_negative": _amount_negative,
    "amount_placeholder": _amount_placeholder,
}
