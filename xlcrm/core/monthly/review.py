"""Stale records: customers not updated, or not contacted, within a period.

The business reviews its list every quarter: a record whose 更新日期 (updated_at) or
最近购买日期 (last_purchase_at) is older than the period, or missing, goes on its
owner's to-update list with the reasons.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from xlcrm.core.values.dates import parse_date
from xlcrm.core.values.findings import is_blank
from xlcrm.errors import XlcrmError
from xlcrm.text import Text

REVIEW_COLUMNS = [
    "row",
    "customer_id",
    "name",
    "owner",
    "updated_at",
    "last_purchase_at",
    "reasons",
]
_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}
_PERIOD = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)

REASON_TEXT = {
    "not_updated": Text("超过期限未更新", "not updated within the period"),
    "never_updated": Text("没有更新日期", "no update date"),
    "not_contacted": Text("超过期限没有购买或联系", "no purchase or contact within the period"),
    "never_contacted": Text("没有最近购买日期", "no last purchase date"),
}
REASON_SEPARATOR = Text("；", "; ")


def parse_period(text: str) -> int:
    """Days in a period such as 90d, 12w, 3m (30 days each) or 1y; a bare number is days."""
    match = _PERIOD.match(text or "")
    if match is None or int(match.group(1)) == 0:
        raise XlcrmError("monthly_period_invalid", text=text)
    return int(match.group(1)) * _UNITS[(match.group(2) or "d").lower()]


def _as_date(value: object) -> dt.date | None:
    parsed = parse_date(value)
    day = parsed.value
    if isinstance(day, dt.datetime):
        return day.date()
    return day if isinstance(day, dt.date) else None


def stale_records(
    df: pd.DataFrame, columns: Mapping[str, str], *, asof: dt.date, days: int, language: str = "zh"
) -> pd.DataFrame:
    """One row per stale record (REVIEW_COLUMNS), ``reasons`` in the workbook's language."""
    cutoff = asof - dt.timedelta(days=days)
    checks = (
        ("updated_at", "not_updated", "never_updated"),
        ("last_purchase_at", "not_contacted", "never_contacted"),
    )
    present = [c for c in checks if c[0] in columns]
    records: list[dict[str, Any]] = []
    if not present:
        return pd.DataFrame(records, columns=REVIEW_COLUMNS)
    dates = {name: [_as_date(v) for v in df[columns[name]].tolist()] for name, _, _ in present}
    values = {
        name: df[columns[name]].tolist() if name in columns else [None] * len(df)
        for name in ("customer_id", "name", "owner")
    }
    joiner = REASON_SEPARATOR(language)
    for position, row in enumerate(df.index.tolist()):
        reasons = []
        for name, old, never in present:
            day = dates[name][position]
            if day is None:
                reasons.append(never)
            elif day < cutoff:
                reasons.append(old)
        if reasons:
            record: dict[str, Any] = {"row": int(row)}
            record.update({name: column[position] for name, column in values.items()})
            for name in ("updated_at", "last_purchase_at"):
                record[name] = dates[name][position] if name in dates else None
            record["reasons"] = joiner.join(REASON_TEXT[r](language) for r in reasons)
            records.append(record)
    return pd.DataFrame(records, columns=REVIEW_COLUMNS)


def by_owner(stale: pd.DataFrame) -> dict[str, int]:
    """Stale records per owner ('' for records with no owner), most first."""
    # is_blank: pandas 3 hands a missing owner of a text column as NaN, not None
    owners = stale["owner"].map(lambda v: "" if is_blank(v) else str(v).strip())
    return {str(k): int(v) for k, v in owners.value_counts().items()}
