"""How people mistype a customer list: the defects and duplicate variations of sample data.

Which defect hits which field, and how often, is data (``FIELD_DEFECTS``) so a benchmark
can read what was injected. An injector turns a clean value into the messy one, or returns
``SKIP`` when the defect makes no sense for that value (a domain typo needs a known domain,
a 1.2万 shorthand needs an amount of thousands).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

SKIP: Final = object()  # an injector's "not applicable to this value"

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

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "zh": ("无", "暂无", "-", "N/A", "空", "/", "未知", "没有"),
    "en": ("N/A", "n/a", "-", "none", "TBD", "unknown", "/"),
}
NAME_TITLES = ("先生", "女士", "总", "经理", "老师", "Mr. ", "Ms. ", "Dr. ")
EMAIL_DOMAIN_TYPOS: dict[str, tuple[str, ...]] = {
    "qq.com": ("qq.con", "qq.cm", "qq.co", "qq.comm", "qq.om"),
    "163.com": ("163.cm", "163.con", "163.co", "136.com"),
    "126.com": ("126.co", "126.con", "162.com"),
    "gmail.com": ("gmial.com", "gmai.com", "gmail.con", "gamil.com"),
    "hotmail.com": ("hotmial.com", "hotmail.con", "hotmai.com"),
    "outlook.com": ("outlok.com", "outlook.cm"),
    "foxmail.com": ("foxmial.com", "foxmail.con"),
    "sina.com": ("sina.con", "sian.com"),
    "yahoo.com": ("yaho.com", "yahoo.con"),
    "icloud.com": ("iclould.com", "icloud.con"),
}
TLD_TYPOS: dict[str, tuple[str, ...]] = {"com": ("con", "cm", "co", "comm"), "net": ("ne", "nte")}

# Simplified -> traditional for characters common in names, companies and addresses:
# enough to make a duplicate typed on a Hong Kong or Taiwan machine.
TRADITIONAL = str.maketrans(
    "陈张刘杨黄赵吴郑华伟丽军国孙马罗许邓冯韩萧叶苏卢蒋贾钟陆龙万顾谢邹韦刚红兰凤东辉宁"
    "荣涛凯鹏艳飞丰义宝贵庆杰静颖云兴进长达乔汤钱贺阳爱书学晓岚庄泽鸿贸电网络实业发传广设"
    "备机医疗环讯询饰务资术药饮际纺织装车厂钢铁产计软数据门区号楼层单栋园场镇县乡湾",
    "陳張劉楊黃趙吳鄭華偉麗軍國孫馬羅許鄧馮韓蕭葉蘇盧蔣賈鍾陸龍萬顧謝鄒韋剛紅蘭鳳東輝寧"
    "榮濤凱鵬艷飛豐義寶貴慶傑靜穎雲興進長達喬湯錢賀陽愛書學曉嵐莊澤鴻貿電網絡實業發傳廣設"
    "備機醫療環訊詢飾務資術藥飲際紡織裝車廠鋼鐵產計軟數據門區號樓層單棟園場鎮縣鄉灣",
)
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})")
_TYPE_VARIANTS = {
    "个人": ("个人客户", "个 人", "散客", "私人", "individual"),
    "企业": ("企 业", "企业客户", "公司", "单位", "company", "B2B"),
    "潜在": ("潜在客户", "意向", "意向客户", "潜客", "prospect"),
    "Individual": ("individual", "Personal", "Indiv.", "person", "B2C"),
    "Company": ("company", "Corp", "Business", "COMPANY", "B2B"),
    "Prospect": ("prospect", "Lead", "Potential", "PROSPECT"),
}
_CONSENT_VARIANTS = {
    "是": ("Y", "同意", "√", "1", "yes", "已授权"),
    "否": ("N", "不同意", "×", "0", "no", "未授权"),
    "Yes": ("Y", "yes", "TRUE", "1", "x", "opted in"),
    "No": ("N", "no", "FALSE", "0", "opted out"),
}
REGION_FULL_NAMES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区", "海外": "国外",
}  # fmt: skip


_EN_REGION_SHORT = {"Hong Kong": "HK", "Overseas": "Abroad", "Taiwan": "TW", "Shanghai": "SH",
                    "Beijing": "BJ", "Macau": "MO"}  # fmt: skip


@dataclass
class Mess:
    """What injectors may use besides the value: randomness, language and fresh values."""

    rng: random.Random
    language: str
    asof: dt.date
    regions: tuple[str, ...]  # valid region values in this language
    owners: tuple[str, ...]
    fresh_phone: Callable[[object], str]  # a new number like the one given, nobody else's


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


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _name_spaces(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if _is_cjk(v) and " " not in v:
        # 2-character names get padded to line up with 3-character ones
        return f"{v[0]}  {v[1]}" if len(v) == 2 else m.rng.choice((" ".join(v), f"{v[0]} {v[1:]}"))
    return v.replace(" ", "  ", 1) if " " in v else _around(v, m)


def _name_title(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    if _is_cjk(v):
        return v[0] + m.rng.choice(NAME_TITLES[:5])
    return m.rng.choice(NAME_TITLES[5:]) + v.split()[-1]


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
        return m.rng.choice((v.upper(), v.lower(), _EN_REGION_SHORT.get(v, f"{v} Province")))
    return REGION_FULL_NAMES.get(v, v + "省")


def _region_mismatch(v: object, m: Mess) -> object:
    return m.rng.choice([r for r in m.regions if r != v]) if isinstance(v, str) else SKIP


def _erase(v: object, m: Mess) -> object:
    return None if v not in (None, "") else SKIP


def _owner_spaces(v: object, m: Mess) -> object:
    if not isinstance(v, str):
        return SKIP
    return f"{v[0]} {v[1:]}" if _is_cjk(v) and m.rng.random() < 0.5 else v + " "


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
    "type_variant": _choose_from(_TYPE_VARIANTS),
    "type_missing": _erase,
    "consent_variant": _choose_from(_CONSENT_VARIANTS),
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
    elif suffix and (not _is_cjk(company) or region in (None, "海外") or m.rng.random() < 0.6):
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
