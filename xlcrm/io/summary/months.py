"""The 月度快照 / Monthly snapshot sheet: customers by value tier and activity, per month.

One row per month the workbook has been summarised in (or diffed): the month, the day the
counts are as of, customers, 高/中/低/none and 活跃/一般/沉睡/none. Rows of earlier months
are kept as they were (the sheet travels with the workbook: a summary copy taken as next
month's master keeps its history); this run's month is written as COUNTIFS over the data,
so it follows edits until the month is over. The Summary sheet's trend charts read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.xml.functions import tostring

from xlcrm.core.summary.formulas import quote_sheet, text_literal
from xlcrm.core.summary.numbers import ACTIVITY_KEYS, TIER_KEYS, MonthRow, month_of
from xlcrm.core.summary.tables import BLANK
from xlcrm.io.sources import open_source
from xlcrm.io.tiers.report import TIER_LABELS
from xlcrm.text import Text
from xlcrm.xlsx import ChartPart, SheetCell, column_letters

MONTHS_TITLE = Text("月度快照", "Monthly snapshot")
NO_TIER, NO_ACTIVITY = Text("未分级", "No tier"), Text("无活跃度", "No activity")
HEADERS = (Text("月份", "Month"), Text("截至日期", "As of"), Text("客户数", "Customers"))
TREND_TITLES = (
    Text("价值等级趋势", "Value tiers by month"),
    Text("活跃度趋势", "Activity by month"),
)
FIRST_COUNT = len(HEADERS) + 1  # the column of the first tier count
COUNTS = 1 + len(TIER_KEYS) + len(ACTIVITY_KEYS)  # customers, tiers, activities


def header(language: str) -> list[str]:
    """The sheet's header row in ``language``."""
    tiers = [TIER_LABELS[k](language) if k != BLANK else NO_TIER(language) for k in TIER_KEYS]
    active = [
        TIER_LABELS[k](language) if k != BLANK else NO_ACTIVITY(language) for k in ACTIVITY_KEYS
    ]
    return [h(language) for h in HEADERS] + tiers + active


def read_months(path: Path, password: str | None = None) -> list[MonthRow]:
    """The month rows of the workbook's snapshot sheet (none when it has none)."""
    source = open_source(path, password=password)
    if source.kind == "csv":
        return []
    name = next((s for s in source.sheet_names if s in (MONTHS_TITLE.zh, MONTHS_TITLE.en)), None)
    if name is None:
        return []
    rows = []
    for line in source.grid(name)[1:]:
        cells = [*line, *[None] * (2 + COUNTS)]
        month = str(cells[0] or "").strip()
        if len(month) != 7 or month[4] != "-":
            continue
        numbers = [_count(v) for v in cells[2 : 2 + COUNTS]]
        rows.append(
            MonthRow(
                month,
                _day(cells[1], month),
                numbers[0],
                dict(zip(TIER_KEYS, numbers[1 : 1 + len(TIER_KEYS)], strict=True)),
                dict(zip(ACTIVITY_KEYS, numbers[1 + len(TIER_KEYS) :], strict=True)),
            )
        )
    return rows


def _count(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _day(value: Any, month: str) -> str:
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return str(value or f"{month}-01")[:10]


def month_rows(
    months: Sequence[MonthRow],
    current: str,
    *,
    language: str,
    count: Any,
) -> list[list[object]]:
    """The sheet's rows; the ``current`` month's counts are ``count(column, label)`` formulas
    (column "value_tier" or "activity", label "" for none) with the cached numbers."""
    rows: list[list[object]] = [[SheetCell(h, bold=True) for h in header(language)]]
    for row in months:
        asof = dt.date.fromisoformat(row.asof)
        counts: list[object] = [row.customers]
        counts += [row.value_tier.get(k, 0) for k in TIER_KEYS]
        counts += [row.activity.get(k, 0) for k in ACTIVITY_KEYS]
        if row.month == current:
            shown = [count("customers", None)]
            shown += [count("value_tier", _label(k, language)) for k in TIER_KEYS]
            shown += [count("activity", _label(k, language)) for k in ACTIVITY_KEYS]
            counts = [SheetCell(c, formula=f, number_format="#,##0") for c, f in
                      zip(counts, shown, strict=True)]  # fmt: skip
        rows.append([row.month, asof, *counts])
    return rows


def _label(key: str, language: str) -> str:
    return "" if key == BLANK else TIER_LABELS[key](language)


def count_formula(refs: Any) -> Any:
    """``count(column, label)`` for :func:`month_rows` over the data's columns."""

    def count(column: str, label: str | None) -> str:
        if label is None:
            return f"SUM({refs.column('in_list')})"
        return f"COUNTIFS({refs.column('in_list')},1,{refs.column(column)},{text_literal(label)})"

    return count


def trend_charts(title: str, months: int, language: str, row: int, column: int) -> list[ChartPart]:
    """Two line charts over the snapshot sheet: value tiers and activity, month by month."""
    sheet = quote_sheet(title)
    charts = []
    spans = ((FIRST_COUNT, FIRST_COUNT + 2), (FIRST_COUNT + 4, FIRST_COUNT + 6))
    for n, ((first, last), name) in enumerate(zip(spans, TREND_TITLES, strict=True)):
        chart = LineChart()
        chart.title = name(language)
        for col in range(first, last + 1):
            ref = Reference(
                range_string=f"{sheet}!${column_letters(col)}$1:${column_letters(col)}${months + 1}"
            )
            chart.add_data(ref, titles_from_data=True)
        chart.set_categories(Reference(range_string=f"{sheet}!$A$2:$A${months + 1}"))
        charts.append(ChartPart(tostring(chart._write()), row + 18 * n, column, 16, 8))
    return charts


__all__ = ["MONTHS_TITLE", "count_formula", "month_of", "month_rows", "read_months"]
