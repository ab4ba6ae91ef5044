"""Tier cell functions: value tier, activity and RFM code for each row of column ranges.

Scores are computed with :func:`xlcrm.core.tiers.scores.compute_tiers` over the rows
given, so RFM quintiles are relative to the range a formula covers. The thresholds come
from the ``settings`` passed in (the workbook's Settings sheet, read by the caller), or
the defaults.
"""

from __future__ import annotations

from typing import Any

from xlcrm.core.values.cells import column_values
from xlcrm.core.values.dates import resolve_asof
from xlcrm.settings import Settings


def _tier_column(
    columns: dict[str, Any], result: str, settings: Settings | None, asof: object
) -> list[list[object]]:
    """One tier result per row of the given column ranges, as a column for Excel."""
    import pandas as pd

    from xlcrm.core.tiers.scores import TierRules, compute_tiers

    data = {field: column_values(values) for field, values in columns.items()}
    length = max(len(v) for v in data.values())
    frame = pd.DataFrame({f: v + [None] * (length - len(v)) for f, v in data.items()}, dtype=object)
    rules = TierRules.from_settings(settings or Settings())
    tiers = compute_tiers(frame, asof=resolve_asof(asof), rules=rules)
    return [["" if _missing(v) else v] for v in tiers[result].tolist()]


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def tier_cells(amounts: Any, counts: Any, settings: Settings | None = None) -> list[list[object]]:
    """Value tier 高/中/低 for each row, from the amount and purchase-count columns."""
    return _tier_column(
        {"total_amount": amounts, "purchase_count": counts}, "value_tier", settings, None
    )


def activity_cells(
    last_dates: Any, asof: object = None, settings: Settings | None = None
) -> list[list[object]]:
    """Activity 活跃/一般/沉睡 for each row, from the last-purchase dates."""
    return _tier_column({"last_purchase_at": last_dates}, "activity", settings, asof)


def rfm_cells(
    last_dates: Any,
    counts: Any,
    amounts: Any,
    asof: object = None,
    settings: Settings | None = None,
) -> list[list[object]]:
    """The RFM code ("545") for each row; scores are relative to the rows in the ranges."""
    columns = {"last_purchase_at": last_dates, "purchase_count": counts, "total_amount": amounts}
    return _tier_column(columns, "rfm", settings, asof)
