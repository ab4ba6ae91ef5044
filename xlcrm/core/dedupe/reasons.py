"""Reasons: why two rows look like one customer, in words a person understands (a Text each).

One reason per field whose level added weight to the pair, strongest first:
"同一手机号 +8613800138000", "姓名 陳偉 ≈ 陈伟（繁简）", "公司名相同（去掉'有限公司'）".
"""

from __future__ import annotations

import re
import unicodedata

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.compare import FieldData
from xlcrm.text import Text

Reason = tuple[float, Text]  # weight, the reason

_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")

# The reasons, one per field kind and level; {a} and {b} are the two values as typed.
SAME_MOBILE = Text("同一手机号 {key}", "Same mobile {key}")
SAME_PHONE = Text("同一电话 {key}", "Same phone {key}")
SAME_EMAIL = Text("同一邮箱 {key}", "Same email {key}")
SAME_CUSTOMER_ID = Text("客户编号相同 {both}", "Same customer ID {both}")
SAME_COLUMN = Text("{label}相同 {both}", "Same {label}: {both}")
SIMILAR_COLUMN = Text("{label}相近 {both}", "Similar {label}: {both}")
ADDRESS = Text("地址", "address")
SAME_NAME = Text("姓名相同 {a}", "Same name {a}")
NAME_WRITTEN_APART = Text("姓名 {a} ≈ {b}（{how}）", "Name {a} ≈ {b} ({how})")
SAME_PINYIN = Text("姓名拼音相同 {a} ≈ {b}", "Same name in pinyin: {a} ≈ {b}")
SOUNDS_ALIKE = Text("姓名同音 {a} ≈ {b}", "Names sound alike: {a} ≈ {b}")
SIMILAR_NAMES = Text("姓名相近 {a} ≈ {b}", "Similar names: {a} ≈ {b}")
SIMILAR_COMPANIES = Text("公司名相近 {a} ≈ {b}", "Similar company names: {a} ≈ {b}")
SAME_COMPANY = Text("公司名相同 {a}", "Same company {a}")
SAME_COMPANY_WRITTEN_APART = Text("公司名相同 {a} ≈ {b}", "Same company {a} ≈ {b}")
SAME_COMPANY_WITHOUT = Text("公司名相同（去掉{affixes}）", "Same company once {affixes} is ignored")
# What separates two spellings of one name.
FULL_WIDTH = Text("全角", "full-width")
TRADITIONAL = Text("繁简", "traditional/simplified")
TITLE_OR_ORDER = Text("称谓或顺序", "title or word order")
SPACES = Text("空格", "spaces")
CASE = Text("大小写", "case")
SPELLING = Text("写法", "spelling")


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
        why = _field_reason(f, level, f.raw[i], f.raw[j], str(f.key[i]))
        found.append((f.column, (float(f.weights[level_index]), why)))
    found.sort(key=lambda r: -r[1][0])
    return found


def _field_reason(f: FieldData, level: str, a: object, b: object, key: str) -> Text:
    ta, tb = _text(a), _text(b)
    both = ta if ta == tb else f"{ta} ≈ {tb}"
    if f.kind == "phone":
        return (SAME_MOBILE if _MOBILE.match(key) else SAME_PHONE).format(key=key)
    if f.kind == "email":
        return SAME_EMAIL.format(key=key)
    if f.kind == "name":
        return _name_reason(level, ta, tb)
    if f.kind == "company":
        return _company_reason(level, a, b, ta, tb)
    if f.kind == "customer_id":
        return SAME_CUSTOMER_ID.format(both=both)
    label = ADDRESS if f.kind == "address" else Text(f"“{f.column}”", f.column)
    return (SAME_COLUMN if level == "exact" else SIMILAR_COLUMN).format(label=label, both=both)


def _name_reason(level: str, a: str, b: str) -> Text:
    if level == "exact" and a == b:
        return SAME_NAME.format(a=a)
    if level == "exact":
        return NAME_WRITTEN_APART.format(a=a, b=b, how=_name_differences(a, b))
    if level == "pinyin":
        return (SAME_PINYIN if a.isascii() != b.isascii() else SOUNDS_ALIKE).format(a=a, b=b)
    return SIMILAR_NAMES.format(a=a, b=b)


def _name_differences(a: str, b: str) -> Text:
    """What separates two spellings with the same name key."""
    found: list[Text] = []
    na, nb = (unicodedata.normalize("NFKC", t) for t in (a, b))
    if na != a or nb != b:
        found.append(FULL_WIDTH)
    fa, fb = (mk.fold(t).replace(" ", "") for t in (a, b))
    if fa != fb and mk.simplified(fa) == mk.simplified(fb):
        found.append(TRADITIONAL)
    elif fa != fb and len(fa) != len(fb) and mk.simplified(fa) != mk.simplified(fb):
        found.append(TITLE_OR_ORDER)
    if (" " in a.strip() or " " in b.strip()) and not (a.isascii() and b.isascii()):
        found.append(SPACES)
    if (a.lower() != a and b.lower() == b) or (a.lower() == a and b.lower() != b):
        found.append(CASE)
    return Text.join(found) if found else SPELLING


def _company_reason(level: str, a: object, b: object, ta: str, tb: str) -> Text:
    if level != "exact":
        return SIMILAR_COMPANIES.format(a=ta, b=tb)
    if ta == tb:
        return SAME_COMPANY.format(a=ta)
    _, removed_a = mk.company_key_parts(a)
    _, removed_b = mk.company_key_parts(b)
    differing = [r for r in (*removed_a, *removed_b) if (r in removed_a) != (r in removed_b)]
    affixes = list(dict.fromkeys(differing))
    if not affixes:
        return SAME_COMPANY_WRITTEN_APART.format(a=ta, b=tb)
    quoted = Text.join([Text.same(f"'{x}'") for x in affixes])
    return SAME_COMPANY_WITHOUT.format(affixes=quoted)
