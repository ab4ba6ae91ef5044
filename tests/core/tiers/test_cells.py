"""Tier cell functions on plain column ranges, with the defaults or given settings."""

from __future__ import annotations

import datetime as dt

from xlcrm.core.tiers.cells import activity_cells, rfm_cells, tier_cells
from xlcrm.settings import Settings


def test_tiers_from_amounts_and_counts() -> None:
    assert tier_cells([[80000], [15000], [300], [None]], [[12], [4], [1], [None]]) == [
        ["高"],
        ["中"],
        ["低"],
        [""],
    ]


def test_activity_follows_the_settings_given() -> None:
    dates = [[dt.date(2026, 11, 1)]]
    asof = dt.datetime(2026, 11, 23, 9, 30)  # Excel hands a datetime
    assert activity_cells(dates, asof) == [["活跃"]]
    assert activity_cells(dates, asof, Settings(activity_active_days=10)) == [["一般"]]


def test_rfm_codes_are_three_digits() -> None:
    dates = [[dt.date(2026, 11, 1)], [dt.date(2025, 1, 1)]]
    codes = rfm_cells(dates, [[12], [1]], [[80000], [300]], dt.date(2026, 11, 23))
    assert [len(c[0]) for c in codes] == [3, 3] and codes[0][0] > codes[1][0]
