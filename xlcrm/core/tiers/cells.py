"""Tier cell functions: value tier, activity and RFM code for each row of column ranges.

Rows are scored by :mod:`xlcrm.core.tiers.rows` (plain Python, no numpy or pandas, so the
functions run in any Pyodide and start fast), with the same parsers and rules as
:func:`xlcrm.core.tiers.scores.compute_tiers`; RFM quintiles are relative to the range a
formula covers. The thresholds come from the ``settings`` passed in (the workbook's
Settings sheet, read by the caller), or the defaults.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlcrm.core.tiers import rows as tiers
from xlcrm.core.tiers.rules import TierRules
from xlcrm.core.values.cells import column_values
from xlcrm.core.values.dates import parse_date, resolve_asof
from xlcrm.settings import Settings


def asof_day(asof: object) -> dt.date:
    """The day to count from: a date, a datetime (COM hands those), an Excel serial number
    (Office.js and xlwings Lite hand those) or date text; today when blank or not a date."""
    if isinstance(asof, dt.date):
        return resolve_asof(asof)
    parsed = parse_date(asof)
    return resolve_asof(parsed.value if parsed.ok else None)


def _rows(columns: dict[str, Any], asof: object) -> list[tiers.RowInputs]:
    data = {field: column_values(values) for field, values in columns.items()}
    length = max(len(v) for v in data.values())
    day = asof_day(asof)
    padded = {f: v + [None] * (length - len(v)) for f, v in data.items()}
    return [tiers.read_row(day, **{f: v[i] for f, v in padded.items()}) for i in range(length)]


def _rules(settings: Settings | None) -> TierRules:
    return TierRules.from_settings(settings or Settings())


def _column(values: list[str | None]) -> list[list[object]]:
    return [["" if v is None else v] for v in values]


def tier_cells(amounts: Any, counts: Any, settings: Settings | None = None) -> list[list[object]]:
    """Value tier 高/中/低 for each row, from the amount and purchase-count columns."""
    rules = _rules(settings)
    rows = _rows({"amount": amounts, "count": counts}, None)
    return _column([tiers.value_tier(row, rules) for row in rows])


def activity_cells(
    last_dates: Any, asof: object = None, settings: Settings | None = None
) -> list[list[object]]:
    """Activity 活跃/一般/沉睡 for each row, from the last-purchase dates."""
    rules = _rules(settings)
    rows = _rows({"last_purchase": last_dates}, asof)
    return _column([tiers.activity(row, rules) for row in rows])


def rfm_cells(
    last_dates: Any,
    counts: Any,
    amounts: Any,
    asof: object = None,
    settings: Settings | None = None,
) -> list[list[object]]:
    """The RFM code ("545") for each row; scores are relative to the rows in the ranges."""
    columns = {"last_purchase": last_dates, "count": counts, "amount": amounts}
    return _column(tiers.rfm_codes(_rows(columns, asof), _rules(settings)))
