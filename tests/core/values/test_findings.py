"""Issue codes, their sentences (in the message catalogue) and the Parsed result."""

from __future__ import annotations

from xlcrm.core.values.findings import (
    EMPTY,
    ISSUE_NAMES,
    MESSAGE_PREFIX,
    SEVERITY,
    IssueCode,
    Parsed,
    message,
)
from xlcrm.text import CATALOGUE, Text


def test_every_issue_code_has_a_severity_a_sentence_and_a_name() -> None:
    for code in IssueCode:
        assert code in SEVERITY
        assert MESSAGE_PREFIX + code.value in CATALOGUE
        assert ISSUE_NAMES[code].zh and ISSUE_NAMES[code].en
    assert (ISSUE_NAMES[IssueCode.PHONE_INVALID].zh, ISSUE_NAMES[IssueCode.PHONE_INVALID].en) == (
        "手机号无效",
        "Invalid phone",
    )


def test_message_fills_the_sentence_in_both_languages() -> None:
    text = message(IssueCode.PHONE_INVALID, value="123", detail=Text("位数太少", "too few digits"))
    assert text("zh") == "电话号码“123”无效：位数太少。"
    assert text("en") == "The phone number '123' is invalid: too few digits."
    required = message(IssueCode.REQUIRED_MISSING, label="姓名")
    assert (required.zh, required.en) == ("必填项“姓名”为空。", "The required field 姓名 is empty.")


def test_parsed_without_an_issue_has_no_detail() -> None:
    assert EMPTY.ok and EMPTY.severity is None
    assert (Parsed().detail.zh, Parsed().detail.en) == ("", "")
