"""Stale records: not updated or not contacted within a period, by owner."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from xlcrm.core.monthly.review import by_owner, parse_period, stale_records
from xlcrm.errors import XlcrmError

ASOF = dt.date(2026, 11, 1)
D = dt.date


@pytest.mark.parametrize(
    ("text", "days"),
    [("90d", 90), ("90", 90), ("12w", 84), ("3m", 90), ("1y", 365), (" 2W ", 14)],
)
def test_parse_period(text: str, days: int) -> None:
    assert parse_period(text) == days


@pytest.mark.parametrize("text", ["", "0d", "90x", "-5d", "d90", "1.5m"])
def test_bad_period(text: str) -> None:
    with pytest.raises(XlcrmError, match="90d"):
        parse_period(text)


def stale_frame() -> pd.DataFrame:
    rows = {
        2: ("C1", "甲", "张三", D(2026, 10, 1), D(2026, 9, 1)),  # fresh on both
        3: ("C2", "乙", "张三", D(2026, 7, 1), D(2026, 9, 1)),  # not updated
        4: ("C3", "丙", "李四", D(2026, 10, 1), D(2025, 1, 1)),  # not contacted
        5: ("C4", "丁", "李四", None, None),  # neither date
        6: ("C5", "戊", None, "2026-08-02", "2026/10/30"),  # dates typed as text, boundary
    }
    columns = ["customer_id", "name", "owner", "updated_at", "last_purchase_at"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=object)


def test_stale_records_by_reason() -> None:
    df = stale_frame()
    stale = stale_records(df, {c: c for c in df.columns}, asof=ASOF, days=90, language="en")
    # cutoff 2026-08-03: 2026-08-02 is older, 2026-10-30 is not
    assert stale["row"].tolist() == [3, 4, 5, 6]
    reasons = dict(zip(stale["row"], stale["reasons"], strict=True))
    assert reasons[3] == "not updated within the period"
    assert reasons[4] == "no purchase or contact within the period"
    assert reasons[5] == "no update date; no last purchase date"
    assert reasons[6] == "not updated within the period"
    assert by_owner(stale) == {"李四": 2, "张三": 1, "": 1}
