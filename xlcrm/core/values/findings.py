"""What the check rules say about a value: issue codes, severities, messages, parse results.

Every rule is a parser from a raw cell value to a :class:`Parsed`: the canonical value
when the input is usable (possibly after tidying: spaces, full-width digits, a ¥ sign),
and otherwise an issue code with a suggestion when the fix is unambiguous. The check
action turns parse results into rows of an issues table (pandera style: every failure,
not the first), and ``--fix`` writes the canonical values back.

Three outcomes, kept apart on purpose:
- *clean*: valid as typed;                                    no issue, no change
- *messy but valid*: valid once tidied ("138 0013 8000");     no issue, --fix tidies it
- *wrong*: invalid, doubtful or contradictory;                an issue (error/warning),
  with ``suggestion`` when one fix is clearly meant (--fix applies it only if ``fixable``)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum

from xlcrm.text import Text
from xlcrm.text import message as catalogue_message


class Severity(StrEnum):
    """How bad an issue is: an error must be fixed, a warning looked at."""

    ERROR = "error"
    WARNING = "warning"


class IssueCode(StrEnum):
    """What is wrong with a value; the catalogue's sentence is ``issue_`` + the code."""

    REQUIRED_MISSING = "required_missing"
    CONTACT_MISSING = "contact_missing"
    PHONE_INVALID = "phone_invalid"
    PHONE_MULTIPLE = "phone_multiple"
    PHONE_REGION_MISMATCH = "phone_region_mismatch"
    EMAIL_INVALID = "email_invalid"
    EMAIL_FULLWIDTH = "email_fullwidth"
    EMAIL_TYPO = "email_typo"
    EMAIL_UNDELIVERABLE = "email_undeliverable"
    DATE_INVALID = "date_invalid"
    DATE_AMBIGUOUS = "date_ambiguous"
    DATE_FUTURE = "date_future"
    AMOUNT_INVALID = "amount_invalid"
    AMOUNT_NEGATIVE = "amount_negative"
    COUNT_INVALID = "count_invalid"
    COUNT_NOT_WHOLE = "count_not_whole"
    ENUM_INVALID = "enum_invalid"


SEVERITY: dict[IssueCode, Severity] = {
    IssueCode.REQUIRED_MISSING: Severity.ERROR,
    IssueCode.CONTACT_MISSING: Severity.ERROR,
    IssueCode.PHONE_INVALID: Severity.ERROR,
    IssueCode.PHONE_MULTIPLE: Severity.WARNING,
    IssueCode.PHONE_REGION_MISMATCH: Severity.WARNING,
    IssueCode.EMAIL_INVALID: Severity.ERROR,
    IssueCode.EMAIL_FULLWIDTH: Severity.WARNING,
    IssueCode.EMAIL_TYPO: Severity.WARNING,
    IssueCode.EMAIL_UNDELIVERABLE: Severity.WARNING,
    IssueCode.DATE_INVALID: Severity.ERROR,
    IssueCode.DATE_AMBIGUOUS: Severity.WARNING,
    IssueCode.DATE_FUTURE: Severity.WARNING,
    IssueCode.AMOUNT_INVALID: Severity.ERROR,
    IssueCode.AMOUNT_NEGATIVE: Severity.WARNING,
    IssueCode.COUNT_INVALID: Severity.ERROR,
    IssueCode.COUNT_NOT_WHOLE: Severity.ERROR,
    IssueCode.ENUM_INVALID: Severity.ERROR,
}

# The short name of each issue, for tables that count issues by code (the Summary sheet).
ISSUE_NAMES: dict[IssueCode, Text] = {
    IssueCode.REQUIRED_MISSING: Text("必填项为空", "Required field empty"),
    IssueCode.CONTACT_MISSING: Text("缺少联系方式", "No phone or email"),
    IssueCode.PHONE_INVALID: Text("手机号无效", "Invalid phone"),
    IssueCode.PHONE_MULTIPLE: Text("多个电话号码", "Several phone numbers"),
    IssueCode.PHONE_REGION_MISMATCH: Text("电话与地区不符", "Phone and region disagree"),
    IssueCode.EMAIL_INVALID: Text("邮箱无效", "Invalid email"),
    IssueCode.EMAIL_FULLWIDTH: Text("邮箱含全角字符", "Full-width characters in email"),
    IssueCode.EMAIL_TYPO: Text("邮箱疑似拼错", "Likely email typo"),
    IssueCode.EMAIL_UNDELIVERABLE: Text("邮箱无法投递", "Undeliverable email"),
    IssueCode.DATE_INVALID: Text("日期无效", "Invalid date"),
    IssueCode.DATE_AMBIGUOUS: Text("日期日月不明", "Ambiguous date"),
    IssueCode.DATE_FUTURE: Text("日期在未来", "Date in the future"),
    IssueCode.AMOUNT_INVALID: Text("金额无效", "Invalid amount"),
    IssueCode.AMOUNT_NEGATIVE: Text("金额为负数", "Negative amount"),
    IssueCode.COUNT_INVALID: Text("次数无效", "Invalid count"),
    IssueCode.COUNT_NOT_WHOLE: Text("次数不是整数", "Count not a whole number"),
    IssueCode.ENUM_INVALID: Text("选项无效", "Invalid choice"),
}

# The sentence of each issue is the catalogue entry "issue_" + its code
# (xlcrm.catalogue.CATALOGUE, "core: rules"): {value} is the cell as typed, {suggestion} the
# proposed value, {label} the column's label, {detail} a rule-specific fragment (a Text).
MESSAGE_PREFIX = "issue_"
NO_DETAIL = Text("", "")


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one raw cell value.

    ``value``: the canonical value when the input is usable, else None.
    ``empty``: nothing there (blank, or a placeholder such as 无 / N/A / -).
    ``code``: the issue, if any; ``detail`` fills the message's {detail}.
    ``suggestion``: the value a person most likely meant (shown to the user).
    ``fixable``: --fix may write ``suggestion`` (or ``value``) without asking.
    """

    value: object | None = None
    empty: bool = False
    code: IssueCode | None = None
    suggestion: object | None = None
    fixable: bool = False
    detail: Text = NO_DETAIL

    @property
    def ok(self) -> bool:
        """No issue (an empty cell is ok too)."""
        return self.code is None

    @property
    def severity(self) -> Severity | None:
        """The issue's severity, None when there is no issue."""
        return SEVERITY[self.code] if self.code is not None else None


EMPTY = Parsed(empty=True)


def message(
    code: IssueCode,
    *,
    value: object = "",
    suggestion: object = "",
    label: str = "",
    detail: Text = NO_DETAIL,
) -> Text:
    """The user-facing sentence for an issue, in both languages (pick one with ``text(language)``)."""
    return catalogue_message(
        MESSAGE_PREFIX + code.value, value=value, suggestion=suggestion, label=label, detail=detail
    )


# What people type for "nothing": counted as empty, never as invalid.
PLACEHOLDERS = frozenset(
    {"无", "暂无", "没有", "空", "未知", "不详", "待定", "待补充", "-", "--", "—", "——", "/",
     "n/a", "na", "none", "null", "nil", "unknown", "tbd"}
)  # fmt: skip


def is_blank(value: object) -> bool:
    """True for None, NaN, empty or whitespace-only text, and placeholders such as 无 or N/A."""
    if value is None:
        return True
    pandas = sys.modules.get("pandas")  # pandas' NA and NaT exist only once it is imported
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    if isinstance(value, str):
        import unicodedata

        text = unicodedata.normalize("NFKC", value).strip().casefold()
        return text == "" or text in PLACEHOLDERS
    return False
