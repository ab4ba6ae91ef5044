"""The XLCRM_* cell functions as plain Python: what each formula computes, once.

Both front ends are thin declarations over these: the .xlam's xlwings UDFs
(:mod:`xlcrm.udfs`, settings from the caller's workbook) and xlwings Lite's ``@func``\\ s
(:mod:`xlcrm.lite.functions`, settings from an optional range argument). A value is one
cell or a 1-D/2-D range; one cell gives one value, a range an array of its shape.

Everything here but :func:`check_row` imports and runs without pandas or numpy
(:mod:`xlcrm.core.tiers.rows` scores the tiers), so the functions start fast and run in
any Pyodide; check_row checks whole rows with the check table and loads pandas when called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlcrm.core.check.cells import check_rows, email_ok_cell, phone_cell, phone_ok_cell
from xlcrm.core.tiers.cells import activity_cells, rfm_cells, tier_cells
from xlcrm.core.tiers.tags import TAG_RULES_TABLE
from xlcrm.core.values.cells import map_cells, shaped_like
from xlcrm.settings import Settings, settings_from_rows

DEFAULT_REGION, DEFAULT_STYLE, DEFAULT_LANGUAGE = "CN", "E164", "zh"


def one_or_many(result: Any) -> Any:
    """A one-cell result as a single value (every Excel shows it); larger ones stay arrays."""
    if isinstance(result, list) and len(result) == 1:
        row = result[0]
        if isinstance(row, list) and len(row) == 1:
            return row[0]
    return result


def flat(headers: Any) -> list[Any]:
    """A header row as one list, whether Excel passed a value, a row or a 2-D range."""
    if not isinstance(headers, list):
        return [headers]
    if headers and all(isinstance(h, list) for h in headers):
        return [v for row in headers for v in row]
    return headers


def settings_from_range(rows: Any) -> Settings | None:
    """Settings from a range holding the Settings sheet's table (label, value, help, key).

    None (the defaults) when no range is given. Rows that name no setting are skipped,
    as in the Settings sheet itself; only the tag-rule table matters to cell functions.
    """
    if rows is None or rows == "":
        return None
    grid = rows if isinstance(rows, list) else [[rows]]
    grid = [r if isinstance(r, list) else [r] for r in grid]
    return settings_from_rows(grid, tables=(TAG_RULES_TABLE,))


def phone(values: Any, region: str | None = None, style: str | None = None) -> Any:
    """Normalised phone numbers, or why each is invalid."""
    region, style = region or DEFAULT_REGION, style or DEFAULT_STYLE
    return one_or_many(map_cells(values, lambda v: phone_cell(v, region, style)))


def phone_ok(values: Any, region: str | None = None) -> Any:
    """TRUE for usable phone numbers, FALSE for wrong ones, "" for empty cells."""
    region = region or DEFAULT_REGION
    return one_or_many(map_cells(values, lambda v: phone_ok_cell(v, region)))


def email_ok(values: Any) -> Any:
    """TRUE for usable email addresses, FALSE for wrong ones, "" for empty cells."""
    return one_or_many(map_cells(values, email_ok_cell))


def check_row(rows: Any, headers: Any, language: str | None = None) -> Any:
    """正常/OK or each row's problems."""
    grid: Sequence[Sequence[object]] = rows if isinstance(rows, list) else [[rows]]
    grid = [r if isinstance(r, list) else [r] for r in grid]
    return one_or_many(check_rows(grid, flat(headers), language=language or DEFAULT_LANGUAGE))


def tier(amounts: Any, counts: Any, settings: Settings | None = None) -> Any:
    """Value tier 高/中/低 of each row."""
    return one_or_many(shaped_like(tier_cells(amounts, counts, settings), amounts))


def activity(last_dates: Any, asof: Any = None, settings: Settings | None = None) -> Any:
    """Activity 活跃/一般/沉睡 of each row."""
    return one_or_many(shaped_like(activity_cells(last_dates, asof, settings), last_dates))


def rfm(
    last_dates: Any,
    counts: Any,
    amounts: Any,
    asof: Any = None,
    settings: Settings | None = None,
) -> Any:
    """RFM codes such as 545, relative to the rows given."""
    codes = rfm_cells(last_dates, counts, amounts, asof, settings)
    return one_or_many(shaped_like(codes, last_dates))
