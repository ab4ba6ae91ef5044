"""Email rules: tables of raw cell -> outcome, typo patterns, DNS (faked), properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import dns.resolver
import pandas as pd
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.core.values import emails
from xlcrm.core.values.emails import REAL_DOMAINS, clear_caches, parse_email
from xlcrm.core.values.findings import EMPTY, IssueCode, Severity

# Valid, possibly messy: the canonical (lower-case) address, no issue.
VALID = [
    ("zhang.wei@qq.com", "zhang.wei@qq.com"),
    ("ZHANG.WEI@QQ.COM", "zhang.wei@qq.com"),  # capitals are not an error
    ("Zhang.Wei@Company.com.cn", "zhang.wei@company.com.cn"),
    ("  zhang@163.com ", "zhang@163.com"),
    ("\u3000zhang@163.com\u00a0", "zhang@163.com"),
    ("\u200bzhang@163.com\ufeff", "zhang@163.com"),
    ("zhang@163.com\n", "zhang@163.com"),
    ("mailto:zhang@163.com", "zhang@163.com"),
    ("MAILTO: zhang@163.com", "zhang@163.com"),
    ("<zhang@163.com>", "zhang@163.com"),
    ("张伟 <zhang@163.com>", "zhang@163.com"),
    ("(zhang@163.com)", "zhang@163.com"),
    ("“zhang@163.com”", "zhang@163.com"),
    ("zhang@163.com；", "zhang@163.com"),
    ("zhang@163.com;", "zhang@163.com"),
    ("zhang@163.com.", "zhang@163.com"),
    ("zhang@163.com。", "zhang@163.com"),
    ("zhang@163.com，", "zhang@163.com"),
    ("first.last+tag@example.org", "first.last+tag@example.org"),
    ("li_na-2024@sub.example.co.uk", "li_na-2024@sub.example.co.uk"),
    ("1234567@qq.com", "1234567@qq.com"),
    # real domains close to a common provider are never "corrected"
    ("zhang@sina.cn", "zhang@sina.cn"),
    ("zhang@sina.com.cn", "zhang@sina.com.cn"),
    ("zhang@21cn.com", "zhang@21cn.com"),
    ("zhang@yeah.net", "zhang@yeah.net"),
    ("zhang@tom.com", "zhang@tom.com"),
    ("zhang@139.com", "zhang@139.com"),
    ("zhang@188.com", "zhang@188.com"),
    ("zhang@vip.163.com", "zhang@vip.163.com"),
    ("zhang@189.cn", "zhang@189.cn"),
    ("zhang@aliyun.com", "zhang@aliyun.com"),
    ("zhang@foxmail.com", "zhang@foxmail.com"),
    ("zhang@ymail.com", "zhang@ymail.com"),
    ("zhang@mail.com", "zhang@mail.com"),
    ("zhang@live.cn", "zhang@live.cn"),
    ("zhang@hotmail.co.uk", "zhang@hotmail.co.uk"),
    # company domains, including short and numeric ones
    ("zhang@huawei.com", "zhang@huawei.com"),
    ("zhang@example.com.cn", "zhang@example.com.cn"),
    ("zhang@jd.com", "zhang@jd.com"),
    ("zhang@ms.com", "zhang@ms.com"),
    ("zhang@123.com", "zhang@123.com"),
    ("zhang@sino.com", "zhang@sino.com"),
    ("zhang@love.com", "zhang@love.com"),
    ("zhang@16.com", "zhang@16.com"),  # as close to 163 as to 126: no guess
    ("zhang@mail.qq.com", "zhang@mail.qq.com"),
    ("zhang@company.co", "zhang@company.co"),  # .co and .cm are real TLDs
    ("zhang@company.cm", "zhang@company.cm"),
    ("zhang@con.cn", "zhang@con.cn"),  # a company called "con"
    # internationalised
    ("张伟@公司.cn", "张伟@公司.cn"),
    ("用户@例子.中国", "用户@例子.中国"),
    ("zhang@xn--fsq.com", "zhang@例.com"),
]


@pytest.mark.parametrize(("raw", "value"), VALID)
def test_valid_addresses_are_canonical(raw: str, value: str) -> None:
    result = parse_email(raw)
    assert (result.value, result.code, result.fixable, result.empty) == (value, None, True, False)


@pytest.mark.parametrize(
    "raw", ["无", "暂无", "-", "N/A", "空", "none", "", "  ", None, float("nan"), pd.NA, pd.NaT]
)
def test_placeholders_are_empty_not_invalid(raw: object) -> None:
    assert parse_email(raw) == EMPTY


FULL_WIDTH = [
    ("zhang＠qq.com", "zhang@qq.com"),
    ("zhang@qq。com", "zhang@qq.com"),
    ("zhang@qq．com", "zhang@qq.com"),
    ("zhang﹫qq.com", "zhang@qq.com"),
    ("zhang＠qq。com。", "zhang@qq.com"),
    ("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com"),
    ("ZHANG＠163.COM", "zhang@163.com"),
    ("　zhang＠163.com　", "zhang@163.com"),
]


@pytest.mark.parametrize(("raw", "fixed"), FULL_WIDTH)
def test_full_width_characters_are_fixable(raw: str, fixed: str) -> None:
    result = parse_email(raw)
    assert result.code is IssueCode.EMAIL_FULLWIDTH
    assert result.severity is Severity.WARNING
    assert (result.suggestion, result.value, result.fixable) == (fixed, fixed, True)


TYPOS = [
    ("zhang@qq.con", "zhang@qq.com"),
    ("zhang@qq.cm", "zhang@qq.com"),
    ("zhang@qq.co", "zhang@qq.com"),
    ("zhang@qq.comm", "zhang@qq.com"),
    ("zhang@qq.cpm", "zhang@qq.com"),
    ("zhang@qq.om", "zhang@qq.com"),
    ("zhang@qq.c0m", "zhang@qq.com"),
    ("zhang@q.com", "zhang@qq.com"),
    ("zhang@qqq.com", "zhang@qq.com"),
    ("zhang@qq,com", "zhang@qq.com"),  # invalid as typed; the comma is a slip for a dot
    ("zhang@vip.qq.con", "zhang@vip.qq.com"),
    ("zhang@163.cm", "zhang@163.com"),
    ("zhang@163.con", "zhang@163.com"),
    ("zhang@136.com", "zhang@163.com"),
    ("zhang@1633.com", "zhang@163.com"),
    ("zhang@163.ne", "zhang@163.net"),
    ("zhang@126.co", "zhang@126.com"),
    ("zhang@162.com", "zhang@126.com"),
    ("zhang@sian.com", "zhang@sina.com"),
    ("zhang@sina.con", "zhang@sina.com"),
    ("zhang@souhu.com", "zhang@sohu.com"),
    ("zhang@yeah.ent", "zhang@yeah.net"),
    ("zhang@foxmial.com", "zhang@foxmail.com"),
    ("zhang@139.cm", "zhang@139.com"),
    ("zhang@aliyn.com", "zhang@aliyun.com"),
    ("zhang@gmial.com", "zhang@gmail.com"),
    ("zhang@gamil.com", "zhang@gmail.com"),
    ("zhang@gmai.com", "zhang@gmail.com"),
    ("zhang@gmail.con", "zhang@gmail.com"),
    ("zhang@hotmial.com", "zhang@hotmail.com"),
    ("zhang@hotmai.com", "zhang@hotmail.com"),
    ("zhang@outlok.com", "zhang@outlook.com"),
    ("zhang@outlook.cm", "zhang@outlook.com"),
    ("zhang@yaho.com", "zhang@yahoo.com"),
    ("zhang@iclould.com", "zhang@icloud.com"),
    ("zhang@protonmial.com", "zhang@protonmail.com"),
    ("zhang@company.con", "zhang@company.com"),  # .con is no TLD: a typo on any domain
    ("zhang@company.comm", "zhang@company.com"),
    ("zhang@company.con.cn", "zhang@company.com.cn"),
    ("zhang@company.nte", "zhang@company.net"),
    ("Zhang@GMIAL.COM", "zhang@gmail.com"),
    ("zhang＠gmial.com", "zhang@gmail.com"),  # the typo's suggestion fixes the width too
]


@pytest.mark.parametrize(("raw", "suggestion"), TYPOS)
def test_domain_typos_are_warnings_for_a_person_to_confirm(raw: str, suggestion: str) -> None:
    result = parse_email(raw)
    assert result.code is IssueCode.EMAIL_TYPO
    assert result.severity is Severity.WARNING
    assert (result.suggestion, result.fixable) == (suggestion, False)


@pytest.mark.parametrize("domain", sorted(REAL_DOMAINS))
def test_no_real_domain_is_flagged_as_a_typo(domain: str) -> None:
    assert parse_email(f"zhang@{domain}").code is None


INVALID = [
    ("zhangqq.com", "缺少 @", "the @ is missing", "zhang@qq.com"),
    ("zhang qq.com", "缺少 @", "the @ is missing", "zhang@qq.com"),
    ("zhang#qq.com", "缺少 @", "the @ is missing", "zhang@qq.com"),
    ("zhang(at)qq.com", "缺少 @", "the @ is missing", "zhang@qq.com"),
    ("zhang", "缺少 @", "the @ is missing", None),
    (12345678, "缺少 @", "the @ is missing", "12345678@qq.com"),  # a QQ number alone
    ("zhang@@qq.com", "有多个 @", "it has more than one @", "zhang@qq.com"),
    ("zhang@qq.com@qq.com", "有多个 @", "it has more than one @", None),
    (
        "a@qq.com; b@163.com",
        "一个单元格里有多个邮箱",
        "the cell holds more than one address",
        "a@qq.com",
    ),
    (
        "a@qq.com b@163.com",
        "一个单元格里有多个邮箱",
        "the cell holds more than one address",
        "a@qq.com",
    ),
    ("zhang wei@qq.com", "中间有空格", "it contains spaces", "zhangwei@qq.com"),
    ("zhang@qq. com", "中间有空格", "it contains spaces", "zhang@qq.com"),
    ("zhang@qq", "域名缺少点", "the domain has no dot", None),
    ("zhang@qqcom", "域名缺少点", "the domain has no dot", "zhang@qq.com"),
    ("zhang@qq..com", "有连续的点", "it has two dots in a row", "zhang@qq.com"),
    ("zhang..wei@qq.com", "有连续的点", "it has two dots in a row", "zhang.wei@qq.com"),
    (".zhang@qq.com", "点的位置不对", "a dot is in the wrong place", None),
    ("zhang.@qq.com", "点的位置不对", "a dot is in the wrong place", None),
    ("zhang@.qq.com", "点的位置不对", "a dot is in the wrong place", None),
    ("zhang@-qq.com", "连字符的位置不对", "a hyphen is in the wrong place", None),
    ("zhang@qq.123", "顶级域名无效", "the top-level domain is invalid", None),
    ("zhang@printer.local", "域名是保留域名", "the domain is reserved", None),
    ("zhang@[192.168.1.1]", "域名不能是 IP 地址", "the domain cannot be an IP address", None),
    ("@qq.com", "@ 前面是空的", "nothing before the @", None),
    ("zhang@", "@ 后面是空的", "nothing after the @", None),
    ("zh,ang@qq.com", "@ 前含有无效字符", "invalid characters before the @", None),
    ("zhang@q_q.com", "域名含有无效字符", "invalid characters in the domain", None),
    ("a" * 250 + "@qq.com", "太长", "it is too long", None),
    (True, "不是邮箱地址", "it is not an email address", None),
    (dt.date(2024, 3, 1), "不是邮箱地址", "it is not an email address", None),
]


@pytest.mark.parametrize(("raw", "zh", "en", "suggestion"), INVALID)
def test_invalid_addresses_say_why(raw: object, zh: str, en: str, suggestion: str | None) -> None:
    result = parse_email(raw)
    assert result.code is IssueCode.EMAIL_INVALID
    assert result.severity is Severity.ERROR
    assert (result.detail.zh, result.detail.en) == (zh, en)
    assert (result.value, result.suggestion, result.fixable) == (None, suggestion, False)


def test_repeated_values_are_cached() -> None:
    first = parse_email("wang.fang@163.com")
    assert parse_email("wang.fang@163.com") is first


# --- deliverability, with a fake resolver (this machine has no DNS) -----------------


class FakeResolver:
    """Answers MX queries from a table; anything else has no records."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, str]] = []

    def resolve(self, domain: str, rdtype: str) -> list[SimpleNamespace]:
        self.queries.append((domain, rdtype))
        if domain == "qq.com" and rdtype == "MX":
            return [SimpleNamespace(preference=10, exchange="mx1.qq.com.")]
        if domain == "no-such-domain-xlcrm.cn":
            raise dns.resolver.NXDOMAIN
        if domain == "broken.cn":
            raise RuntimeError("network down")
        raise dns.resolver.NoAnswer


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeResolver]:
    fake = FakeResolver()
    monkeypatch.setattr(emails, "_resolver", lambda: fake)
    clear_caches()
    yield fake
    clear_caches()


DELIVERABILITY = [
    ("zhang@qq.com", None, ""),
    ("zhang@no-such-domain-xlcrm.cn", IssueCode.EMAIL_UNDELIVERABLE, "the domain does not exist"),
    ("zhang@parked.cn", IssueCode.EMAIL_UNDELIVERABLE, "the domain does not accept mail"),
    ("zhang@broken.cn", None, ""),  # DNS failing is not evidence against the address
]


@pytest.mark.parametrize(("raw", "code", "detail"), DELIVERABILITY)
def test_dns_checks_deliverability(
    resolver: FakeResolver, raw: str, code: IssueCode | None, detail: str
) -> None:
    result = parse_email(raw, dns=True)
    assert (result.code, result.detail.en) == (code, detail)
    assert result.value == raw
    assert resolver.queries


def test_dns_is_off_by_default_and_asked_once_per_domain(resolver: FakeResolver) -> None:
    parse_email("a@parked.cn")
    assert resolver.queries == []
    parse_email("a@parked.cn", dns=True)
    asked = len(resolver.queries)
    parse_email("b@parked.cn", dns=True)
    assert len(resolver.queries) == asked


def test_dns_is_not_asked_about_typos(resolver: FakeResolver) -> None:
    assert parse_email("zhang@qq.con", dns=True).code is IssueCode.EMAIL_TYPO
    assert resolver.queries == []


# --- properties ---------------------------------------------------------------------

addresses = st.emails()
cells = st.one_of(
    st.text(),
    st.text(alphabet="abcz019.@＠。 -_+,;<>()", max_size=30),
    addresses,
    addresses.map(str.upper),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(cells)
def test_parse_email_never_raises(raw: object) -> None:
    result = parse_email(raw)
    assert result.ok or result.code in IssueCode


@settings(max_examples=300, deadline=None)
@given(cells)
def test_parse_email_is_idempotent(raw: object) -> None:
    first = parse_email(raw)
    if first.ok and first.value is not None:
        again = parse_email(first.value)
        assert (again.value, again.code) == (first.value, None)


plain = st.from_regex(r"[a-z0-9._+-]{1,12}@([a-z0-9-]{1,8}\.){1,3}[a-z0-9-]{1,6}", fullmatch=True)


@settings(max_examples=500, deadline=None)
@given(plain)
def test_fast_path_agrees_with_email_validator(address: str) -> None:
    """The regex shortcut for plain ASCII addresses never accepts what the library rejects."""
    try:
        expected: object = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        expected = None
    got = emails._validate(address)
    assert (got if isinstance(got, str) else None) == expected
