"""Check a customer table: every problem as a row of an issues table, every fix as a change.

Each column's distinct values are parsed once (office lists repeat owners, regions and
types thousands of times), then mapped back to rows. Row-level rules (a name is required;
a phone or an email is required) run after the column rules, on the parsed values.

The issues table has the columns of the ``xlcrm check --json`` contract: row, field,
header, value, code, severity, message, suggestion. The changes table lists what --fix
would write: row, field, header, before, after, code (None for a tidy-up of a valid value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from xlcrm.core.values.choices import parse_consent, parse_customer_type
from xlcrm.core.values.dates import parse_date
from xlcrm.core.values.emails import parse_email
from xlcrm.core.values.findings import IssueCode, Parsed, Severity, is_blank, message
from xlcrm.core.values.numbers import parse_amount, parse_count
from xlcrm.core.values.phone_regions import phone_region_conflict
from xlcrm.core.values.phones import parse_phone
from xlcrm.settings import DEFAULTS, Settings
from xlcrm.text import Text

ISSUE_COLUMNS = ["row", "field", "header", "value", "code", "severity", "message", "suggestion"]
CHANGE_COLUMNS = ["row", "field", "header", "before", "after", "code"]


@dataclass(frozen=True)
class CheckOptions:
    """What the rules depend on: Settings values and command-line switches.

    ``asof`` is the day that counts as today (a last purchase after it is in the future).
    """

    asof: dt.date
    region: str = DEFAULTS.default_phone_region
    phone_style: str = DEFAULTS.phone_format
    dns: bool = False
    language: str = "zh"

    @classmethod
    def from_settings(
        cls, settings: Settings, *, asof: dt.date, language: str, dns: bool = False
    ) -> CheckOptions:
        """The options a workbook's Settings sheet gives (phone region and format)."""
        return cls(
            asof=asof,
            region=settings.default_phone_region,
            phone_style=settings.phone_format,
            dns=dns,
            language=language,
        )


@dataclass
class CheckResult:
    """A check's issues and fixes, the rows checked, and which of name, phone, email it lacks."""

    issues: pd.DataFrame
    changes: pd.DataFrame
    rows: int
    missing_fields: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many issues are errors."""
        return int((self.issues["severity"] == Severity.ERROR.value).sum())

    @property
    def warnings(self) -> int:
        """How many issues are warnings."""
        return int((self.issues["severity"] == Severity.WARNING.value).sum())


def field_parsers(options: CheckOptions) -> dict[str, Callable[[object], Parsed]]:
    """The rule for each checked field, with the options bound in."""
    return {
        "phone": partial(parse_phone, region=options.region, style=options.phone_style),
        "email": partial(parse_email, dns=options.dns),
        "created_at": parse_date,
        "updated_at": parse_date,
        "last_purchase_at": partial(parse_date, asof=options.asof),
        "total_amount": parse_amount,
        "purchase_count": parse_count,
        "customer_type": partial(parse_customer_type, language=options.language),
        "consent": partial(parse_consent, language=options.language),
    }


def check_table(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    headers: Mapping[str, str],
    options: CheckOptions,
    progress: Callable[[str, int, int], None] | None = None,
) -> CheckResult:
    """Check every row of ``df`` (indexed by Excel row).

    ``columns`` maps canonical field → DataFrame column; ``headers`` field → header text
    as the user sees it (for messages and the issues table). ``progress`` is called with
    (header, fields done, fields to do) as each column is checked.
    """
    issues: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    parsed_by_field: dict[str, pd.Series] = {}
    todo = [(n, p) for n, p in field_parsers(options).items() if n in columns]
    for done, (name, parse) in enumerate(todo):
        if progress is not None:
            progress(headers[name], done, len(todo))
        column = ColumnCheck(name, headers[name], parse, options.language)
        parsed_by_field[name] = column.run(df[columns[name]], issues, changes)
    _check_phone_regions(df, columns, headers, parsed_by_field, options, issues)
    _check_required(df, columns, headers, options.language, issues)
    return CheckResult(
        issues=_frame(issues, ISSUE_COLUMNS, ["row", "field"]),
        changes=_frame(changes, CHANGE_COLUMNS, ["row", "field"]),
        rows=len(df),
        missing_fields=[f for f in ("name", "phone", "email") if f not in columns],
    )


@dataclass
class ColumnCheck:
    """One field's rule over a column: each distinct value is judged once.

    Most rows of a real list are fine as typed, so whether a value needs reporting or
    changing is decided per distinct value, and only those rows are visited again.
    """

    name: str
    header: str
    parse: Callable[[object], Parsed]
    language: str

    def run(
        self, values: pd.Series, issues: list[dict[str, Any]], changes: list[dict[str, Any]]
    ) -> pd.Series:
        """Append this column's issues and changes; return the parse result of every row."""
        # factorize hashes in C; it counts 1 and 1.0 as one value, which is safe because
        # the reader already turned whole floats into ints.
        codes, distinct = pd.factorize(values, use_na_sentinel=False)
        parsed = [self.parse(value) for value in distinct]
        notable = np.fromiter(
            (p.code is not None or _tidies(v, p) for v, p in zip(distinct, parsed, strict=True)),
            dtype=bool,
            count=len(parsed),
        )
        rows, raw = values.index.tolist(), values.tolist()
        for position in np.flatnonzero(notable[codes]).tolist():
            result = parsed[codes[position]]
            self._record(int(rows[position]), raw[position], result, issues, changes)
        by_row = np.empty(len(parsed), dtype=object)
        by_row[:] = parsed
        return pd.Series(by_row[codes], index=values.index, dtype=object)

    def _record(
        self,
        row: int,
        value: object,
        result: Parsed,
        issues: list[dict[str, Any]],
        changes: list[dict[str, Any]],
    ) -> None:
        if result.code is None:
            changes.append(_change(row, self.name, self.header, value, result.value, None))
            return
        issues.append(_issue(row, self.name, self.header, value, result, self.language))
        if result.fixable and result.suggestion is not None:
            changes.append(
                _change(row, self.name, self.header, value, result.suggestion, result.code)
            )


def _tidies(raw: object, result: Parsed) -> bool:
    """A valid value that --fix would rewrite in its standard form."""
    return result.fixable and result.value is not None and not _same(raw, result.value)


def blank_mask(values: pd.Series) -> pd.Series:
    """Which cells are empty or a placeholder (无, N/A ...), judging each distinct text once."""
    placeholders = [v for v in pd.unique(values) if isinstance(v, str) and is_blank(v)]
    return values.isna() | values.isin(placeholders)


def display(value: object) -> str:
    """A cell value as the user would read it in Excel."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _same(raw: object, canonical: object) -> bool:
    """Whether writing ``canonical`` would leave the cell as it is (1234 and 1234.0 are equal)."""
    if isinstance(raw, dt.datetime) and not isinstance(canonical, dt.datetime):
        return raw.time() == dt.time(0) and raw.date() == canonical
    numbers = (int, float)
    if isinstance(raw, numbers) and isinstance(canonical, numbers):
        return not isinstance(raw, bool) and not isinstance(canonical, bool) and raw == canonical
    return type(raw) is type(canonical) and raw == canonical


def _issue(
    row: int, name: str, header: str, value: object, result: Parsed, language: str
) -> dict[str, Any]:
    assert result.code is not None
    suggestion = display(result.suggestion) if result.suggestion is not None else None
    return {
        "row": int(row),
        "field": name,
        "header": header,
        "value": display(value),
        "code": result.code.value,
        "severity": result.severity.value if result.severity else None,
        "message": message(
            result.code,
            value=display(value),
            suggestion=suggestion or "",
            label=header,
            detail=result.detail,
        )(language),
        "suggestion": suggestion,
    }


def _change(
    row: int, name: str, header: str, before: object, after: object, code: IssueCode | None
) -> dict[str, Any]:
    return {
        "row": int(row),
        "field": name,
        "header": header,
        "before": before,
        "after": after,
        "code": code.value if code else None,
    }


def _row_issue(row: int, name: str, header: str, code: IssueCode, language: str) -> dict[str, Any]:
    return _issue(row, name, header, None, Parsed(code=code), language) | {
        "message": message(code, label=header)(language)
    }


def _check_required(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    headers: Mapping[str, str],
    language: str,
    issues: list[dict[str, Any]],
) -> None:
    if "name" in columns:
        for row in df.index[blank_mask(df[columns["name"]])]:
            issue = _row_issue(
                int(row), "name", headers["name"], IssueCode.REQUIRED_MISSING, language
            )
            issues.append(issue)
    contact = [f for f in ("phone", "email") if f in columns]
    if not contact:
        return
    blank = pd.Series(True, index=df.index)
    for name in contact:
        blank &= blank_mask(df[columns[name]])
    target = contact[0]
    for row in df.index[blank]:
        issues.append(
            _row_issue(int(row), target, headers[target], IssueCode.CONTACT_MISSING, language)
        )


def _check_phone_regions(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    headers: Mapping[str, str],
    parsed_by_field: Mapping[str, pd.Series],
    options: CheckOptions,
    issues: list[dict[str, Any]],
) -> None:
    if "phone" not in parsed_by_field or "region" not in columns:
        return
    default_region, language = options.region, options.language
    seen: dict[tuple[str, object], Text | None] = {}
    regions = df[columns["region"]]
    for row, result, region in zip(df.index, parsed_by_field["phone"], regions, strict=True):
        if not result.ok or result.value is None or is_blank(region):
            continue
        number = str(result.value)  # in the user's chosen style, read with the default region
        key = (number, region)
        if key not in seen:
            seen[key] = phone_region_conflict(number, region, region=default_region)
        conflict = seen[key]
        if conflict is not None:
            raw = df.at[row, columns["phone"]]
            issue = Parsed(code=IssueCode.PHONE_REGION_MISMATCH, detail=conflict)
            issues.append(_issue(int(row), "phone", headers["phone"], raw, issue, language))


def _frame(records: list[dict[str, Any]], columns: list[str], order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    if frame.empty:
        return frame
    return frame.sort_values(order, kind="stable").reset_index(drop=True)
