"""The row-by-row tier rules (cell functions, no numpy/pandas) equal the table path's exactly."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from xlcrm.core.tiers import rows
from xlcrm.core.tiers.cells import activity_cells, asof_day, rfm_cells, tier_cells
from xlcrm.core.tiers.rules import TierRules
from xlcrm.core.tiers.scores import compute_tiers
from xlcrm.sample.data import generate_customers
from xlcrm.settings import Settings

ASOF = dt.date(2026, 11, 1)
FIELDS = ("last_purchase_at", "purchase_count", "total_amount")


@pytest.fixture(scope="module")
def messy() -> pd.DataFrame:
    """The demo generator's messy sheet (text dates, 1.2万, ¥3,000, future dates, blanks)."""
    data = generate_customers(600, seed=11, asof=ASOF)
    frame = pd.DataFrame([{f: r.get(f) for f in FIELDS} for r in data.records], dtype=object)
    frame.index = range(2, len(frame) + 2)
    return frame


def _column(frame: pd.DataFrame, field: str) -> list[list[object]]:
    return [[v] for v in frame[field].tolist()]


def _expected(frame: pd.DataFrame, result: str, rules: TierRules) -> list[list[object]]:
    values = compute_tiers(frame, asof=ASOF, rules=rules)[result].tolist()
    return [["" if v is None else v] for v in values]


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(rfm_method="fixed", activity_active_days=30, tier_high_count=6)],
    ids=["defaults", "fixed-cuts"],
)
def test_cells_equal_the_table_path_on_the_messy_sheet(
    messy: pd.DataFrame, settings: Settings
) -> None:
    rules = TierRules.from_settings(settings)
    dates, counts = _column(messy, "last_purchase_at"), _column(messy, "purchase_count")
    amounts = _column(messy, "total_amount")
    only_tier = messy[["total_amount", "purchase_count"]]
    assert tier_cells(amounts, counts, settings) == _expected(only_tier, "value_tier", rules)
    only_dates = messy[["last_purchase_at"]]
    assert activity_cells(dates, ASOF, settings) == _expected(only_dates, "activity", rules)
    codes = rfm_cells(dates, counts, amounts, ASOF, settings)
    assert codes == _expected(messy, "rfm", rules)
    assert sum(1 for c in codes if c[0]) > 300  # most rows scored: the comparison means something


def test_never_bought_is_low_and_unscored() -> None:
    assert tier_cells([[None], [0]], [[0], [0]]) == [["低"], ["低"]]
    assert rfm_cells([[None]], [[0]], [[None]], ASOF) == [[""]]


def test_quantile_scores_share_ties_and_score_three_alone() -> None:
    assert rows.quantile_scores([5.0]) == [3]
    assert rows.quantile_scores([1.0, 2.0, 3.0]) == [1, 3, 5]
    assert rows.quantile_scores([2.0, None, 2.0]) == [3, 0, 3]


@pytest.mark.parametrize(
    ("asof", "day"),
    [
        (dt.datetime(2026, 11, 23, 9, 30), dt.date(2026, 11, 23)),  # COM hands datetimes
        (46349.0, dt.date(2026, 11, 23)),  # Office.js and Lite hand serial numbers
        ("2026-11-23", dt.date(2026, 11, 23)),
    ],
)
def test_asof_from_any_cell(asof: object, day: dt.date) -> None:
    assert asof_day(asof) == day
