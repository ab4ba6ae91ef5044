"""Reasons: why two rows are (or are not) one customer, in words a person understands.

One reason per field whose level weighed for or against the pair, each a :class:`Text`
and its weight: "同一手机号 +8613800138000", "姓名 陳偉 ≈ 陈伟（繁简）", "邮箱相近（疑似输错）
zhaoliu@qq.con ≈ zhaoliu@qq.com", "同一总机 +862161234567，姓名不同". :func:`with_weight`
appends the weight as users read it: "同一手机号 +8613800138000（+15）".

The sentences are a table, by field and level (:data:`REASONS`); {a} and {b} are the two
values as typed, {both} one of them or both, {key} the value they share.
"""

from __future__ import annotations

import re
import unicodedata

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.fields import FieldData
from xlcrm.text import Text

Reason = tuple[float, Text]  # weight, the reason

_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")

T = Text
REASONS: dict[tuple[str, str], Text] = {
    ("phone", "exact"): T("同一手机号 {key}", "Same mobile {key}"),
    ("phone", "landline"): T("同一电话 {key}", "Same phone {key}"),
    ("phone", "shared"): T("同一总机 {key}，姓名不同", "Same switchboard {key}, different names"),
    ("phone", "shared mobile"): T("同一手机号 {key}，姓名不同", "Same mobile {key}, different names"),
    ("phone", "hotline"): T("同一客服热线 {key}（公司号码）", "Same hotline {key} (a company's number)"),
    ("phone", "different"): T("电话不同 {a} ≠ {b}", "Different phones {a} ≠ {b}"),
    ("email", "exact"): T("同一邮箱 {key}", "Same email {key}"),
    ("email", "typo"): T("邮箱相近（疑似输错）{a} ≈ {b}", "Similar emails (likely a typo) {a} ≈ {b}"),
    ("email", "shared"): T("同一邮箱 {key}，姓名不同", "Same email {key}, different names"),
    ("email", "mailbox"): T("同一公共邮箱 {key}", "Same shared mailbox {key}"),
    ("email", "different"): T("邮箱不同 {a} ≠ {b}", "Different emails {a} ≠ {b}"),
    ("name", "exact"): T("姓名相同 {a}", "Same name {a}"),
    ("name", "written apart"): T("姓名 {a} ≈ {b}（{how}）", "Name {a} ≈ {b} ({how})"),
    ("name", "romanised"): T("姓名拼音相同 {a} ≈ {b}", "Same name in pinyin: {a} ≈ {b}"),
    ("name", "homophone"): T("姓名同音 {a} ≈ {b}", "Names sound alike: {a} ≈ {b}"),
    ("name", "similar"): T("姓名相近 {a} ≈ {b}", "Similar names: {a} ≈ {b}"),
    ("name", "surname"): T("姓氏相同 {a} ≈ {b}", "Same surname: {a} ≈ {b}"),
    ("name", "different"): T("姓名不同 {a} ≠ {b}", "Different names {a} ≠ {b}"),
    ("company", "exact"): T("公司名相同 {a}", "Same company {a}"),
    ("company", "written apart"): T("公司名相同 {a} ≈ {b}", "Same company {a} ≈ {b}"),
    ("company", "without"): T("公司名相同（去掉{affixes}）", "Same company once {affixes} is ignored"),
    ("company", "romanised"): T("公司名拼音对应 {a} ≈ {b}", "Same company in pinyin: {a} ≈ {b}"),
    ("company", "branch"): T("同一公司的不同分店 {a} ≠ {b}", "Other branch of one company: {a} ≠ {b}"),
    ("company", "similar"): T("公司名相近 {a} ≈ {b}", "Similar company names: {a} ≈ {b}"),
    ("company", "different"): T("公司不同 {a} ≠ {b}", "Different companies {a} ≠ {b}"),
    ("address", "exact"): T("地址相同 {both}", "Same address: {both}"),
    ("address", "office"): T("同一单位或住户地址 {both}", "Same premises (a company or household): {both}"),
    ("address", "contained"): T("同一楼栋 {a} ≈ {b}", "Same building: {a} ≈ {b}"),
    ("address", "similar"): T("地址相近 {a} ≈ {b}", "Similar address: {a} ≈ {b}"),
    ("address", "different"): T("地址不同 {a} ≠ {b}", "Different addresses {a} ≠ {b}"),
    ("region", "exact"): T("地区相同 {both}", "Same region: {both}"),
    ("region", "different"): T("地区不同 {a} ≠ {b}", "Different regions {a} ≠ {b}"),
    ("birth_date", "exact"): T("出生日期相同 {key}", "Same birth date {key}"),
    ("birth_date", "similar"): T("出生日期相近（疑似输错）{a} ≈ {b}", "Close birth dates (likely a typo) {a} ≈ {b}"),
    ("birth_date", "different"): T("出生日期不同 {a} ≠ {b}", "Different birth dates {a} ≠ {b}"),
    ("gender", "exact"): T("性别相同 {both}", "Same gender: {both}"),
    ("gender", "different"): T("性别不同 {a} ≠ {b}", "Different genders {a} ≠ {b}"),
    ("customer_id", "exact"): T("客户编号相同 {both}", "Same customer ID {both}"),
    ("*", "exact"): T("{label}相同 {both}", "Same {label}: {both}"),
    ("*", "similar"): T("{label}相近 {both}", "Similar {label}: {both}"),
    ("*", "different"): T("{label}不同 {a} ≠ {b}", "Different {label}: {a} ≠ {b}"),
}  # fmt: skip
_KINDS = frozenset(kind for kind, _level in REASONS)
WEIGHED = Text("{reason}（{weight}）", "{reason} ({weight})")
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


def with_weight(reason: Text, weight: float) -> Text:
    """The reason with its weight as users read it: 同一手机号 …（+15）."""
    shown = f"{weight:+.1f}".replace(".0", "") if abs(weight) >= 0.05 else "0"
    return WEIGHED.format(reason=reason, weight=shown)


def pair_reasons(
    fields: list[FieldData], i: int, j: int, levels: list[int], weights: list[float] | None = None
) -> list[tuple[str, Reason]]:
    """(field, reason) for one pair of rows (indexes into the fields' arrays), strongest first.

    Every field that weighed (for or against) gives one; ``weights`` are the fields' weights
    for this pair (with term frequencies), else the level weights.
    """
    found: list[tuple[str, Reason]] = []
    for n, (f, level_index) in enumerate(zip(fields, levels, strict=True)):
        weight = float(f.weights[level_index]) if weights is None else float(weights[n])
        if level_index < 0 or abs(weight) < 0.05:
            continue
        why = field_reason(f, f.levels[level_index], i, j)
        found.append((f"{f.column}\x1f{f.kind}", (weight, why)))
    found.sort(key=lambda r: -r[1][0])
    return found


def field_reason(f: FieldData, level: str, i: int, j: int) -> Text:
    """The reason field ``f`` gives at ``level`` for rows i and j."""
    a, b, key = f.raw[i], f.raw[j], str(f.key[i])
    ta, tb = _text(a), _text(b)
    values = {"a": ta, "b": tb, "both": ta if ta == tb else f"{ta} ≈ {tb}", "key": key}
    kind = f.kind if f.kind in _KINDS else "*"
    if kind == "*":
        level = level if level in ("exact", "different") else "similar"
        values["label"] = Text(f"“{f.column}”", f.column)  # type: ignore[assignment]
    elif f.kind == "phone" and level == "shared":
        level = (
            "hotline" if mk.is_hotline(key) else ("shared mobile" if _MOBILE.match(key) else level)
        )
    elif f.kind == "phone" and level == "exact" and not _MOBILE.match(key):
        level = "landline"
    elif f.kind == "email" and level == "shared" and mk.is_role_mailbox(key):
        level = "mailbox"
    elif f.kind == "name" and level == "exact" and ta != tb:
        level, values["how"] = "written apart", _name_differences(ta, tb)  # type: ignore[assignment]
    elif f.kind == "company" and level == "exact" and ta != tb:
        level, values["affixes"] = _company_difference(a, b)  # type: ignore[assignment]
    return REASONS[(kind, level)].format(**values)


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


def _company_difference(a: object, b: object) -> tuple[str, Text]:
    """('without', the affixes one name has and the other lacks), or ('written apart', ...)."""
    key_a, removed_a = mk.company_key_parts(a)
    key_b, removed_b = mk.company_key_parts(b)
    differing = [r for r in (*removed_a, *removed_b) if (r in removed_a) != (r in removed_b)]
    affixes = list(dict.fromkeys(differing))
    if not affixes or key_a != key_b:
        return "written apart", Text.same("")
    return "without", Text.join([Text.same(f"'{x}'") for x in affixes])
