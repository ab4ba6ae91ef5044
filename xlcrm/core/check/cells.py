"""Cell-function logic: one value in, one display value out, over whole ranges at once.

Excel hands an xlwings UDF either a single value or a 2-D list (a column range is a list
of one-element rows). :func:`map_cells` applies a per-value function to either and returns
the same shape, so one formula call covers a whole column instead of one call per cell.
The cell functions in ``udfs/`` are thin wrappers over the functions here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xlcrm.core.check.table import CheckOptions, check_table
from xlcrm.core.values.emails import parse_email
from xlcrm.core.values.findings import Parsed, message
from xlcrm.core.values.phones import parse_phone
from xlcrm.schema import map_headers
from xlcrm.settings import Settings

OK_TEXT = {"zh": "正常", "en": "OK"}


def map_cells(values: Any, function: Callable[[Any], Any]) -> Any:
    """Apply ``function`` to a value or to every cell of a 1-D/2-D range, keeping the shape."""
    if isinstance(values, list | tuple):
        return [map_cells(v, function) for v in values]
    return function(values)


def _explain(result: Parsed, raw: object, language: str) -> str:
    assert result.code is not None
    detail = result.detail_zh if language == "zh" else result.detail_en
    suggestion = "" if result.suggestion is None else str(result.suggestion)
    return message(result.code, language, value=raw, suggestion=suggestion, detail=detail)


def phone_cell(raw: object, region: str = "CN", style: str = "E164", language: str = "zh") -> str:
    """The normalised number, "" for an empty cell, or the sentence saying what is wrong."""
    result = parse_phone(raw, region=region, style=style)
    if result.empty:
        return ""
    if result.ok:
        return str(result.value)
    return _explain(result, raw, language)


def phone_ok_cell(raw: object, region: str = "CN") -> bool | str:
    """TRUE for a usable number, FALSE for a wrong one, "" for an empty cell."""
    result = parse_phone(raw, region=region)
    return "" if result.empty else result.ok


def email_ok_cell(raw: object) -> bool | str:
    """TRUE for a usable address (messy is fine), FALSE otherwise, "" when empty."""
    result = parse_email(raw)
    return "" if result.empty else result.ok


def check_rows(
    rows: Sequence[Sequence[object]],
    headers: Sequence[object],
    *,
    region: str = "CN",
    language: str = "zh",
) -> list[list[str]]:
    """One text per row: "OK"/"正常" or the row's problems joined by "；"."""
    import pandas as pd

    fields = map_headers(headers)
    keys = {f: f for f in fields if f is not None}
    positions = {f: i for i, f in enumerate(fields) if f is not None}
    data = {f: [row[i] if i < len(row) else None for row in rows] for f, i in positions.items()}
    frame = pd.DataFrame(data, index=range(len(rows)), dtype=object)
    labels = {f: str(headers[i]) for f, i in positions.items()}
    result = check_table(frame, keys, labels, CheckOptions(region=region, language=language))
    by_row: dict[int, list[str]] = {}
    for issue in result.issues.itertuples(index=False):
        by_row.setdefault(int(issue.row), []).append(str(issue.message))
    separator = "；" if language == "zh" else "; "
    return [[separator.join(by_row.get(i, [])) or OK_TEXT[language]] for i in range(len(rows))]


def _column(values: Any) -> list[object]:
    """A cell or a 1-D/2-D range as a flat list of values, in row order."""
    if not isinstance(values, list | tuple):
        return [values]
    flat: list[object] = []
    for item in values:
        flat.extend(_column(item))
    return flat


def _tier_column(
    columns: dict[str, Any], result: str, settings: Settings | None, asof: object
) -> list[list[object]]:
    """One tier result per row of the given column ranges, as a column for Excel."""
    import datetime as dt

    import pandas as pd

    from xlcrm.core.tiers.scores import TierRules, compute_tiers

    data = {field: _column(values) for field, values in columns.items()}
    length = max(len(v) for v in data.values())
    frame = pd.DataFrame({f: v + [None] * (length - len(v)) for f, v in data.items()}, dtype=object)
    day = asof.date() if isinstance(asof, dt.datetime) else asof  # Excel gives datetimes
    day = day if isinstance(day, dt.date) else None
    rules = TierRules.from_settings(settings or Settings())
    tiers = compute_tiers(frame, asof=day, rules=rules)
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


def settings_of_caller(caller: Any) -> Settings | None:
    """The Settings sheet of the workbook a formula is in (xlwings' ``caller``), if any."""
    from xlcrm.core.rule_tables import RULE_TABLES
    from xlcrm.settings import SETTINGS_SHEET_NAMES, settings_from_rows

    try:
        book = caller.sheet.book
        names = [s.name for s in book.sheets]
        name = next((n for n in names if n in SETTINGS_SHEET_NAMES), None)
        if name is None:
            return None
        rows = book.sheets[name].used_range.value
        return settings_from_rows(rows if isinstance(rows, list) else [[rows]], tables=RULE_TABLES)
    except Exception:  # no Excel, no caller, or an unreadable sheet: use the defaults
        return None
