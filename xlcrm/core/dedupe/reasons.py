"""Reasons: why two rows look like one customer, in words a person understands (zh and en).

One reason per field whose level added weight to the pair, strongest first:
"同一手机号 +8613800138000", "姓名 陳偉 ≈ 陈伟（繁简）", "公司名相同（去掉'有限公司'）".
"""

from __future__ import annotations

import re
import unicodedata

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.compare import FieldData

Reason = tuple[float, str, str]  # weight, zh, en

_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def pair_reasons(
    fields: list[FieldData], i: int, j: int, levels: list[int]
) -> list[tuple[str, Reason]]:
    """(column, reason) for one pair of rows (indexes into the fields' arrays), strongest first."""
    found: list[tuple[str, Reason]] = []
    for f, level_index in zip(fields, levels, strict=True):
        if level_index < 0 or f.weights[level_index] <= 0:
            continue
        level = f.levels[level_index]
        zh, en = _field_reason(f, level, f.raw[i], f.raw[j], str(f.key[i]))
        found.append((f.column, (float(f.weights[level_index]), zh, en)))
    found.sort(key=lambda r: -r[1][0])
    return found


def _field_reason(f: FieldData, level: str, a: object, b: object, key: str) -> tuple[str, str]:
    ta, tb = _text(a), _text(b)
    both = ta if ta == tb else f"{ta} ≈ {tb}"
    if f.kind == "phone":
        what = ("同一手机号", "Same mobile") if _MOBILE.match(key) else ("同一电话", "Same phone")
        return f"{what[0]} {key}", f"{what[1]} {key}"
    if f.kind == "email":
        return f"同一邮箱 {key}", f"Same email {key}"
    if f.kind == "name":
        return _name_reason(level, ta, tb)
    if f.kind == "company":
        return _company_reason(level, a, b, ta, tb)
    if f.kind == "customer_id":
        return f"客户编号相同 {both}", f"Same customer ID {both}"
    label = "地址" if f.kind == "address" else f"“{f.column}”"
    label_en = "address" if f.kind == "address" else f.column
    if level == "exact":
        return f"{label}相同 {both}", f"Same {label_en}: {both}"
    return f"{label}相近 {both}", f"Similar {label_en}: {both}"


def _name_reason(level: str, a: str, b: str) -> tuple[str, str]:
    if level == "exact" and a == b:
        return f"姓名相同 {a}", f"Same name {a}"
    if level == "exact":
        zh, en = _name_differences(a, b)
        return f"姓名 {a} ≈ {b}（{zh}）", f"Name {a} ≈ {b} ({en})"
    if level == "pinyin":
        if a.isascii() != b.isascii():
            return f"姓名拼音相同 {a} ≈ {b}", f"Same name in pinyin: {a} ≈ {b}"
        return f"姓名同音 {a} ≈ {b}", f"Names sound alike: {a} ≈ {b}"
    return f"姓名相近 {a} ≈ {b}", f"Similar names: {a} ≈ {b}"


def _name_differences(a: str, b: str) -> tuple[str, str]:
    """What separates two spellings with the same name key."""
    zh: list[str] = []
    en: list[str] = []
    na, nb = (unicodedata.normalize("NFKC", t) for t in (a, b))
    if na != a or nb != b:
        zh.append("全角")
        en.append("full-width")
    fa, fb = (mk.fold(t).replace(" ", "") for t in (a, b))
    if fa != fb and mk.simplified(fa) == mk.simplified(fb):
        zh.append("繁简")
        en.append("traditional/simplified")
    elif fa != fb and len(fa) != len(fb) and mk.simplified(fa) != mk.simplified(fb):
        zh.append("称谓或顺序")
        en.append("title or word order")
    if (" " in a.strip() or " " in b.strip()) and not (a.isascii() and b.isascii()):
        zh.append("空格")
        en.append("spaces")
    if (a.lower() != a and b.lower() == b) or (a.lower() == a and b.lower() != b):
        zh.append("大小写")
        en.append("case")
    return "、".join(zh) or "写法", ", ".join(en) or "spelling"


def _company_reason(level: str, a: object, b: object, ta: str, tb: str) -> tuple[str, str]:
    if level != "exact":
        return f"公司名相近 {ta} ≈ {tb}", f"Similar company names: {ta} ≈ {tb}"
    if ta == tb:
        return f"公司名相同 {ta}", f"Same company {ta}"
    _, removed_a = mk.company_key_parts(a)
    _, removed_b = mk.company_key_parts(b)
    differing = [r for r in (*removed_a, *removed_b) if (r in removed_a) != (r in removed_b)]
    affixes = list(dict.fromkeys(differing))
    if not affixes:
        return f"公司名相同 {ta} ≈ {tb}", f"Same company {ta} ≈ {tb}"
    quoted = "、".join(f"'{x}'" for x in affixes)
    quoted_en = ", ".join(f"'{x}'" for x in affixes)
    return f"公司名相同（去掉{quoted}）", f"Same company once {quoted_en} is ignored"
