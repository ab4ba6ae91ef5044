"""Email addresses: tidy what people type, check it with email-validator, catch domain typos.

:func:`parse_email` turns one raw cell into a :class:`~xlcrm.core.values.findings.Parsed`:

- messy but valid (spaces around, ``mailto:``, ``<...>``, a trailing ``；`` or ``.``, capitals):
  the clean address as ``value``, no issue;
- full-width ``＠`` / ``。`` inside: EMAIL_FULLWIDTH, fixable to the half-width address;
- a likely typo of a common provider (qq.con, gmial.com, 136.com): EMAIL_TYPO, with the
  corrected address for a person to confirm;
- anything email-validator rejects: EMAIL_INVALID with a short reason and, where one repair
  is obvious (a doubled @, ``(at)``, a missing @ before qq.com), a suggestion;
- with ``dns=True``, a domain that cannot receive mail: EMAIL_UNDELIVERABLE.

The canonical address is all lower case. The standard lets the part before the @ be case
sensitive, but no mainstream provider (QQ, NetEase, Sina, Gmail, Outlook ...) treats it so,
and one spelling per address is what duplicate detection and --fix need.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from email_validator import (
    SPECIAL_USE_DOMAIN_NAMES,
    EmailNotValidError,
    EmailUndeliverableError,
    validate_email,
)

from xlcrm.core.similarity import damerau_levenshtein
from xlcrm.core.values.findings import EMPTY, IssueCode, Parsed, is_blank
from xlcrm.text import Text

__all__ = ["COMMON_DOMAINS", "DEAD_TLD_TYPOS", "REAL_DOMAINS", "clear_caches", "parse_email"]

# Providers whose misspellings are worth a warning: most of a Chinese customer list.
COMMON_DOMAINS = (
    "qq.com", "vip.qq.com", "163.com", "126.com", "yeah.net", "163.net", "sina.com",
    "sohu.com", "foxmail.com", "139.com", "aliyun.com", "gmail.com", "hotmail.com",
    "outlook.com", "yahoo.com", "icloud.com", "msn.com", "live.com", "protonmail.com",
)  # fmt: skip
# Real mail domains close to a common one: never "corrected".
REAL_DOMAINS = frozenset(COMMON_DOMAINS) | {
    "sina.cn", "sina.com.cn", "vip.sina.com", "sina.net", "vip.163.com", "vip.126.com",
    "188.com", "126.net", "21cn.com", "tom.com", "263.net", "wo.cn", "wo.com.cn", "189.cn",
    "sogou.com", "sohu.net", "ymail.com", "mail.com", "email.com", "gmx.com", "gmx.net",
    "me.com", "mac.com", "live.cn", "msn.cn", "outlook.com.cn", "hotmail.co.uk",
    "yahoo.com.hk", "yahoo.com.tw", "yahoo.co.jp", "yahoo.co.uk", "proton.me", "pm.me",
}  # fmt: skip

# Slips of .com/.net/.org/.cn that are no top-level domain at all, so they are typos on
# any domain (zhang@company.con). Real TLDs one key away (.co, .cm, .om, .ne) are only
# corrected for the providers above.
DEAD_TLD_TYPOS = {
    "con": "com", "comm": "com", "coom": "com", "cpm": "com", "cim": "com", "vom": "com",
    "xom": "com", "ocm": "com", "cmo": "com", "c0m": "com", "comn": "com", "colm": "com",
    "nte": "net", "nett": "net", "ent": "net", "ner": "net", "nrt": "net",
    "ogr": "org", "orgg": "org", "prg": "org",
}  # fmt: skip

# Reasons, as fragments for the message's {detail}.
NO_AT = Text("缺少 @", "the @ is missing")
TWO_AT = Text("有多个 @", "it has more than one @")
SEVERAL = Text("一个单元格里有多个邮箱", "the cell holds more than one address")
SPACES = Text("中间有空格", "it contains spaces")
NOT_TEXT = Text("不是邮箱地址", "it is not an email address")
INVALID = Text("格式不对", "it is not a valid address")
# email-validator's sentence -> our fragment, first match wins.
_VALIDATOR_REASONS = (
    ("must have an @-sign", NO_AT),
    ("SPACE", SPACES),
    ("two periods in a row", Text("有连续的点", "it has two dots in a row")),
    ("should have a period", Text("域名缺少点", "the domain has no dot")),
    ("period", Text("点的位置不对", "a dot is in the wrong place")),
    ("hyphen", Text("连字符的位置不对", "a hyphen is in the wrong place")),
    ("top-level domain", Text("顶级域名无效", "the top-level domain is invalid")),
    ("special-use or reserved", Text("域名是保留域名", "the domain is reserved")),
    ("bracketed IP", Text("域名不能是 IP 地址", "the domain cannot be an IP address")),
    ("too long", Text("太长", "it is too long")),
    ("something before the @-sign", Text("@ 前面是空的", "nothing before the @")),
    ("something after the @-sign", Text("@ 后面是空的", "nothing after the @")),
    ("before the @-sign", Text("@ 前含有无效字符", "invalid characters before the @")),
    ("after the @-sign", Text("域名含有无效字符", "invalid characters in the domain")),
)
_UNDELIVERABLE_REASONS = (
    ("does not exist", Text("域名不存在", "the domain does not exist")),
    ("does not accept email", Text("域名不收邮件", "the domain does not accept mail")),
    ("does not send email", Text("域名不收发邮件", "the domain does not handle mail")),
)

# Full-width forms an input method types: ＡＢＣ１２３＠．, 。 and ｡ for the dot, ﹫ for @.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3002: ord("."),
    0xFF61: ord("."),
    0xFE6B: ord("@"),
    0x3000: ord(" "),
}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = " \t\r\n\xa0\u3000"
_TRAILING_PUNCTUATION = ";；,，.。．、:："
_PAIRS = dict(zip("<([【《\"'“‘（", ">)]】》\"'”’）", strict=True))
_MAILTO = re.compile(r"^mailto:\s*", re.IGNORECASE)
_DISPLAY_NAME = re.compile(r"^[^<>@]*<([^<>]+)>$")  # 张伟 <zhang@qq.com>
_LIST_SEPARATORS = re.compile(r"[\s;,/|、]+")
# The common case, checked without email-validator (3x faster in all). Every address it accepts
# email-validator accepts too (tests check that); anything else takes the full path.
_PLAIN = re.compile(
    r"[a-z0-9_+-]{1,64}(?:\.[a-z0-9_+-]+)*@"
    r"(?!.*--)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
)
_SPECIAL_USE = frozenset(SPECIAL_USE_DOMAIN_NAMES)  # test, local, invalid ...: never mail
# Stand-ins for the @ that people type: zhang(at)qq.com, zhang#qq.com, zhang qq.com.
_AT_STAND_INS = ("(at)", "[at]", "{at}", " at ", "#", " ")
# Keyboard rows, for telling a slip of the finger (136 for 163) from a different name.
_KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def parse_email(raw: object, *, dns: bool = False) -> Parsed:
    """Parse one email cell; ``dns`` also asks DNS whether the domain accepts mail."""
    if isinstance(raw, float) and raw != raw:  # NaN: never equal to itself, so never cached
        return EMPTY
    if type(raw).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return EMPTY
    if type(raw).__module__ == "numpy" and hasattr(raw, "item"):
        raw = raw.item()  # numpy.int64 ... from a pandas column
    return _parse_cached(raw, dns)


def clear_caches() -> None:
    """Forget parsed values and DNS answers (after the network or the tables change)."""
    _parse_cached.cache_clear()
    _deliverability.cache_clear()


@lru_cache(maxsize=200_000, typed=True)
def _parse_cached(raw: object, dns: bool) -> Parsed:
    if is_blank(raw):
        return EMPTY
    text = _as_text(raw)
    if isinstance(text, Parsed):
        return text
    return _parse_text(text, dns)


def _invalid(reason: Text, suggestion: str | None = None) -> Parsed:
    return Parsed(code=IssueCode.EMAIL_INVALID, detail=reason, suggestion=suggestion)


def _as_text(raw: object) -> str | Parsed:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool | dt.date | dt.time):
        return _invalid(NOT_TEXT)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a QQ number Excel stored as a number
    return str(raw)


def _tidy(text: str) -> str:
    """Without what surrounds an address: spaces, quotes, brackets, mailto:, a trailing ；"""
    if not text.isascii():
        text = text.translate(_ZERO_WIDTH)
    text = text.strip(_SPACES)
    text = _MAILTO.sub("", text)
    if match := _DISPLAY_NAME.match(text):
        text = match[1]
    while len(text) > 1 and _PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip(_SPACES)
    return text.rstrip(_TRAILING_PUNCTUATION + _SPACES)


def _parse_text(text: str, dns: bool) -> Parsed:
    address = _tidy(text)
    full_width = False
    if not address.isascii():
        half_width = _tidy(address.translate(_HALF_WIDTH))
        full_width, address = half_width != address, half_width
    checked = _validate(address)
    if isinstance(checked, Text):
        return _explain(address, checked)
    typo = _corrected(checked)
    if typo is not None:
        return Parsed(value=checked, code=IssueCode.EMAIL_TYPO, suggestion=typo)
    if full_width:
        return Parsed(
            value=checked, code=IssueCode.EMAIL_FULLWIDTH, suggestion=checked, fixable=True
        )
    if dns and (reason := _deliverability(checked.rpartition("@")[2])) is not None:
        return Parsed(value=checked, code=IssueCode.EMAIL_UNDELIVERABLE, detail=reason)
    return Parsed(value=checked, fixable=True)


def _validate(address: str) -> str | Text:
    """The canonical (lower-case) address, or why it is not one."""
    lower = address.lower()
    if _is_plain(lower):
        return lower
    if "@" not in address:
        return NO_AT
    try:
        checked = validate_email(
            address, check_deliverability=False, allow_smtputf8=True, allow_domain_literal=False
        )
    except EmailNotValidError as error:
        return _reason(str(error), address)
    return checked.normalized.lower()


def _is_plain(lower: str) -> bool:
    if len(lower) > 254 or lower.find("@") > 64 or not _PLAIN.fullmatch(lower):
        return False
    labels = lower.rpartition("@")[2].split(".")
    return not any(".".join(labels[i:]) in _SPECIAL_USE for i in range(len(labels)))


def _reason(message: str, address: str) -> Text:
    if address.count("@") > 1:
        return TWO_AT
    return next((r for key, r in _VALIDATOR_REASONS if key in message), INVALID)


def _explain(address: str, reason: Text) -> Parsed:
    """EMAIL_INVALID, with a suggestion when one repair clearly works."""
    addresses = [p for p in _LIST_SEPARATORS.split(address) if "@" in p]
    if len(addresses) > 1:
        valid = (_validate(p) for p in addresses)
        return _invalid(SEVERAL, next((v for v in valid if isinstance(v, str)), None))
    domain = address.rpartition("@")[2]
    if "," in domain:  # qq,com: the comma key sits next to the full stop
        fixed = _validate(address.replace(",", "."))
        if isinstance(fixed, str):
            return Parsed(code=IssueCode.EMAIL_TYPO, suggestion=_corrected(fixed) or fixed)
    return _invalid(reason, _repair(address))


def _repair(address: str) -> str | None:
    """The first obvious repair that gives a valid address (typos corrected too)."""
    for candidate in _repairs(address):
        checked = _validate(candidate)
        if isinstance(checked, str):
            return _corrected(checked) or checked
    return None


def _repairs(address: str) -> list[str]:
    lower = address.lower()
    candidates = [re.sub(r"\s+", "", address), re.sub(r"@+", "@", address)]
    candidates.append(re.sub(r"\.{2,}", ".", address))
    if "@" not in address:
        candidates += [lower.replace(s, "@", 1) for s in _AT_STAND_INS if lower.count(s) == 1]
        ends = [d for d in COMMON_DOMAINS if lower.endswith(d) and len(lower) > len(d)]
        if ends:
            domain = max(ends, key=len)
            candidates.append(f"{lower[: -len(domain)].rstrip('.')}@{domain}")
        if lower.isdigit() and 5 <= len(lower) <= 11:
            candidates.append(lower + "@qq.com")  # a QQ number on its own
    else:
        local, _, domain = lower.rpartition("@")
        dotted = [d for d in COMMON_DOMAINS if d.replace(".", "") == domain]
        candidates += [f"{local}@{d}" for d in dotted]  # zhang@qqcom
    return [c for c in candidates if c != address]


# --- domain typos -------------------------------------------------------------------


def _corrected(address: str) -> str | None:
    """The address with its domain corrected, when that domain looks like a typo."""
    local, _, domain = address.rpartition("@")
    fixed = _typo_target(domain)
    return f"{local}@{fixed}" if fixed is not None else None


@lru_cache(maxsize=65_536)
def _typo_target(domain: str) -> str | None:
    """The domain ``domain`` is a slip of: a common provider, or any domain's dead TLD."""
    if domain in REAL_DOMAINS or "." not in domain:
        return None
    return _provider_target(domain) or _live_suffix(domain)


def _live_suffix(domain: str) -> str | None:
    """``domain`` with a suffix that cannot exist (.con, .con.cn) put right."""
    labels = domain.split(".")
    # Only the last two labels: the first one is the company's own name ("con.cn").
    for i in range(max(len(labels) - 2, 1), len(labels)):
        if labels[i] in DEAD_TLD_TYPOS:
            labels[i] = DEAD_TLD_TYPOS[labels[i]]
            return ".".join(labels)
    return None


def _provider_target(domain: str) -> str | None:
    """The common provider ``domain`` is a slip of, if exactly one fits best."""
    name, _, tld = domain.rpartition(".")
    costs: dict[str, float] = {}
    for target in COMMON_DOMAINS:
        target_name, _, target_tld = target.rpartition(".")
        tld_cost = damerau_levenshtein(tld, target_tld, cutoff=1)
        name_cost = _name_cost(name, target_name)
        if tld_cost <= 1 and name_cost is not None:
            costs[target] = tld_cost + name_cost
    if not costs:
        return None
    best = min(costs.values())
    winners = [t for t, c in costs.items() if c == best]
    return winners[0] if len(winners) == 1 else None  # a tie is a guess: say nothing


def _name_cost(typed: str, target: str) -> float | None:
    """How far ``typed`` is from ``target`` as a typing slip; None when it is not one.

    Short names (qq, 163, sina) only count slips of the finger, so 123.com or sino.com are
    left alone; longer names allow one edit (gmial), or two from seven letters (hotmai1).
    """
    if len(target) <= 4:
        return _slip_cost(typed, target)
    limit = 1 if len(target) <= 6 else 2
    distance = damerau_levenshtein(typed, target, cutoff=limit)
    return float(distance) if distance <= limit else None


def _slip_cost(typed: str, target: str) -> float | None:
    """0 for equal; 1 for a swapped pair, a dropped or doubled key; 1.5 for a digit's neighbour.

    Letters typed for their neighbours are not counted: too many real short domains are one
    such key away from qq, sina or live (love.com, life.com). Nor is a dropped key in names
    of three or fewer (ms.com is a bank), unless it was a doubled one (q.com for qq.com).
    """
    if typed == target:
        return 0.0
    if len(typed) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(typed, target, strict=True)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            return 1.0 if typed[i] == target[i + 1] and typed[i + 1] == target[i] else None
        i = diffs[0]
        if len(diffs) == 1 and typed[i].isdigit() and target[i] in _neighbours(typed[i]):
            return 1.5
        return None
    if len(typed) == len(target) - 1:
        for i, key in enumerate(target):
            doubled = key in target[max(i - 1, 0) : i] + target[i + 1 : i + 2]
            if target[:i] + target[i + 1 :] == typed and (doubled or len(target) >= 4):
                return 1.0
        return None
    if len(typed) == len(target) + 1:
        for i, extra in enumerate(typed):
            if typed[:i] + typed[i + 1 :] == target:
                around = typed[max(i - 1, 0) : i] + typed[i + 1 : i + 2]
                if extra in around or any(extra in _neighbours(ch) for ch in around):
                    return 1.0
    return None


@lru_cache(maxsize=128)
def _neighbours(key: str) -> str:
    """Keys next to ``key`` on a QWERTY keyboard (rows are offset by half a key)."""
    for row, keys in enumerate(_KEY_ROWS):
        col = keys.find(key)
        if col < 0:
            continue
        near = [(row, col - 1), (row, col + 1), (row - 1, col), (row - 1, col + 1)]
        near += [(row + 1, col - 1), (row + 1, col)]
        return "".join(
            _KEY_ROWS[r][c]
            for r, c in near
            if 0 <= r < len(_KEY_ROWS) and 0 <= c < len(_KEY_ROWS[r])
        )
    return ""


# --- deliverability (network) -------------------------------------------------------


@lru_cache(maxsize=65_536)
def _deliverability(domain: str) -> Text | None:
    """Why ``domain`` cannot receive mail, or None when it can or DNS cannot tell."""
    from email_validator.deliverability import validate_email_deliverability

    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = domain
    try:
        validate_email_deliverability(ascii_domain, domain, dns_resolver=_resolver())
    except EmailUndeliverableError as error:
        text = str(error)
        return next((r for key, r in _UNDELIVERABLE_REASONS if key in text), None)
    except Exception:  # no resolver configured, no network: unknown, not undeliverable
        return None
    return None


@lru_cache(maxsize=1)
def _resolver() -> Any:
    """A DNS resolver with a short timeout; tests replace this function with a fake."""
    from email_validator import caching_resolver

    return caching_resolver(timeout=5)
