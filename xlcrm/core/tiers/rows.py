"""Tier rules row by row in plain Python: what the tier cell functions compute.

:mod:`xlcrm.core.tiers.scores` scores whole tables on numpy vectors. Cell functions must
run without numpy or pandas (xlwings Lite loads them in any Pyodide, and a formula should
start fast), so the three results a formula shows — value tier, activity and the RFM code
— are computed here from the same parsers and the same :class:`TierRules`, with the
policies stated in :mod:`xlcrm.core.tiers.scores`. tests/core/tiers/test_rows.py requires
identical results from both on the demo generator's messy sheet, row for row.

A score arrives as ``(number, Status)``: the number is None when there is none.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from xlcrm.core.tiers.rules import ACTIVE, HIGH, LOW, MID, PROSPECT, REGULAR, SLEEPING
from xlcrm.core.values.choices import parse_customer_type
from xlcrm.core.values.dates import parse_date
from xlcrm.core.values.findings import IssueCode, Parsed
from xlcrm.core.values.numbers import parse_amount, parse_count

if TYPE_CHECKING:
    from xlcrm.core.tiers.rules import TierRules


class Status(IntEnum):
    """Whether an input cell is usable, and if not why (the reasons table's key)."""

    OK = 0
    MISSING = 1
    INVALID = 2
    AMBIGUOUS = 3
    FUTURE = 4
    NEGATIVE = 5


STATUS_OF_CODE: dict[IssueCode, Status] = {
    IssueCode.DATE_AMBIGUOUS: Status.AMBIGUOUS,
    IssueCode.DATE_FUTURE: Status.FUTURE,
    IssueCode.AMOUNT_NEGATIVE: Status.NEGATIVE,
}


def status_of(result: Parsed) -> Status:
    """The :class:`Status` of a parsed cell."""
    if result.code is not None:
        return STATUS_OF_CODE.get(result.code, Status.INVALID)
    return Status.MISSING if result.empty or result.value is None else Status.OK


Reading = tuple[float | None, Status]  # a cell's number (None when none) and its status


def reading(result: Parsed, to_number: Callable[[Any], float] = float) -> Reading:
    """A parsed cell as a number and a status."""
    return (None if result.value is None else to_number(result.value)), status_of(result)


@dataclass(frozen=True)
class RowInputs:
    """One row's inputs to the tiers (a field that is absent reads as missing)."""

    days: Reading = (None, Status.MISSING)  # days from the last purchase to asof
    count: Reading = (None, Status.MISSING)
    amount: Reading = (None, Status.MISSING)
    customer_type: object = None  # canonical 个人/企业/潜在 or None

    def known(self, name: str) -> float | None:
        """The number where usable (status OK), else None."""
        number, status = getattr(self, name)
        return number if status == Status.OK else None


def read_row(
    asof: dt.date,
    last_purchase: object = None,
    count: object = None,
    amount: object = None,
    customer_type: object = None,
) -> RowInputs:
    """The inputs of one row from its raw cells, parsed as the table path parses them."""
    since: Callable[[object], float] = lambda day: float((asof - day).days)  # type: ignore[operator]  # noqa: E731
    kind = parse_customer_type(customer_type)
    return RowInputs(
        days=reading(parse_date(last_purchase, asof=asof), since),
        count=reading(parse_count(count)),
        amount=reading(parse_amount(amount)),
        customer_type=kind.value if kind.ok else None,
    )


def never_bought(row: RowInputs) -> bool:
    """No purchase at all: a prospect, or a customer with a count of 0."""
    no_date = row.days[1] == Status.MISSING
    no_amount = row.amount[1] == Status.MISSING or row.known("amount") == 0
    zero_count = row.known("count") == 0
    prospect = row.customer_type == PROSPECT and row.count[1] == Status.MISSING
    return no_date and no_amount and (zero_count or prospect)


def _at_least(value: float | None, threshold: float) -> bool:
    return value is not None and value >= threshold


def value_tier(row: RowInputs, rules: TierRules) -> str | None:
    """高/中/低 from amount and count; 低 when never bought; None when either is unusable."""
    if never_bought(row):
        return LOW
    if row.amount[1] != Status.OK or row.count[1] != Status.OK:
        return None
    amount, count = row.known("amount"), row.known("count")
    if _at_least(amount, rules.high_amount) or _at_least(count, rules.high_count):
        return HIGH
    if _at_least(amount, rules.mid_amount) or _at_least(count, rules.mid_count):
        return MID
    return LOW


def activity(row: RowInputs, rules: TierRules) -> str | None:
    """活跃 within active_days, 一般 within sleeping_days, else 沉睡; None without a date."""
    days = row.known("days")
    if days is None:
        return None
    if days > rules.sleeping_days:
        return SLEEPING
    return REGULAR if days > rules.active_days else ACTIVE


def quantile_scores(values: Sequence[float | None]) -> list[int]:
    """1..5 by midpoint percentile rank among the given numbers (higher, better); 0 for None.

    The k-th of n values (ties share their average rank) has p = (k - ½)/n and scores
    floor(5p) + 1; twice the average rank is whole, so the arithmetic is exact.
    """
    picked = sorted((v, i) for i, v in enumerate(values) if v is not None)
    scores = [0] * len(values)
    n, start = len(picked), 0
    while start < n:
        end = start
        while end + 1 < n and picked[end + 1][0] == picked[start][0]:
            end += 1
        twice_rank = start + end + 2  # positions start..end hold ranks start+1..end+1
        for _, i in picked[start : end + 1]:
            scores[i] = (5 * (twice_rank - 1)) // (2 * n) + 1
        start = end + 1
    return scores


def fixed_score(value: float, cuts: Sequence[float], *, higher_is_better: bool) -> int:
    """1..5 by cut points: a step up at each cut reached (>=), or down at each passed (>)."""
    if higher_is_better:
        return 1 + bisect_right(cuts, value)
    return 5 - bisect_left(cuts, value)


def rfm_codes(rows: Sequence[RowInputs], rules: TierRules) -> list[str | None]:
    """The RFM code ("545") of each row; quantile scores are relative to ``rows``."""
    usable = [None if never_bought(row) else row for row in rows]
    columns: list[list[int]] = []
    for name, cuts, better in (
        ("days", rules.r_days, False),
        ("count", rules.f_counts, True),
        ("amount", rules.m_amounts, True),
    ):
        known = [None if row is None else row.known(name) for row in usable]
        if rules.rfm_method == "fixed":
            columns.append(
                [0 if v is None else fixed_score(v, cuts, higher_is_better=better) for v in known]
            )
        else:
            signed = known if better else [None if v is None else -v for v in known]
            columns.append(quantile_scores(signed))
    return [f"{r}{f}{m}" if r and f and m else None for r, f, m in zip(*columns, strict=True)]
