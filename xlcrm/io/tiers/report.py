"""Write ``xlcrm tier --out``: the tier columns beside the user's data, and a legend sheet.

The new columns go to the right of the last column the sheet uses, so the user's own
columns, formulas and formats are left exactly as they were; a re-run writes the same
columns again in the same place (they are found by their header) instead of adding more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from xlcrm.io.copies import write_copy
from xlcrm.io.reader import SheetTable
from xlcrm.xlsx import CellPatch, PatchSummary, WorkbookPatch

HEADER_FILL = "FFDDEBF7"  # pale blue: columns xlcrm added
VALUE_FILLS = {"高": "FFC6EFCE", "中": "FFFFEB9C", "低": "FFF2F2F2"}
ACTIVITY_FILLS = {"活跃": "FFC6EFCE", "一般": "FFFFEB9C", "沉睡": "FFFFC7CE"}

# (result column, zh header, en header)
TIER_COLUMNS = (
    ("r", "R 近度", "R recency"),
    ("f", "F 频度", "F frequency"),
    ("m", "M 额度", "M monetary"),
    ("segment", "客户分群", "Segment"),
    ("value_tier", "价值等级", "Value tier"),
    ("activity", "活跃度", "Activity"),
    ("vip", "VIP", "VIP"),
    ("tags", "自动标签", "Auto tags"),  # not "标签（自动）": that would read as the tags field
    ("unscored", "未评分原因", "Not scored because"),
)
LEGEND_TITLE = {"zh": "分级说明", "en": "Tier legend"}

# What an English workbook shows instead of the Chinese codes (the JSON keeps the codes).
ENGLISH_LABELS = {
    "高": "High", "中": "Medium", "低": "Low",
    "活跃": "Active", "一般": "Regular", "沉睡": "Sleeping",
    "重要价值客户": "Important value", "重要发展客户": "Important development",
    "重要保持客户": "Important retention", "重要挽留客户": "Important win-back",
    "一般价值客户": "General value", "一般发展客户": "General development",
    "一般保持客户": "General retention", "一般挽留客户": "General win-back",
}  # fmt: skip


def tier_headers(language: str) -> list[str]:
    return [zh if language == "zh" else en for _, zh, en in TIER_COLUMNS]


def write_tier_workbook(
    table: SheetTable,
    tiers: pd.DataFrame,
    dst: Path,
    *,
    asof: dt.date,
    legend: list[list[Any]],
    password: str | None = None,
) -> PatchSummary:
    """Write the copy with the tier columns and the legend sheet (CSV and protected input too)."""

    def build(patch: WorkbookPatch, sheet: str) -> None:
        first = first_tier_column(table)
        cells: dict[tuple[int, int], CellPatch] = {}
        for offset, header in enumerate(tier_headers(table.language)):
            cells[(table.header_row, first + offset)] = CellPatch(value=header, fill=HEADER_FILL)
        rows = [int(r) for r in tiers.index]
        for offset, (name, _, _) in enumerate(TIER_COLUMNS):
            shown = tier_cells(name, tiers[name].tolist(), table.language)
            cells.update(zip(((row, first + offset) for row in rows), shown, strict=True))
        patch.patch_cells(sheet, cells)
        patch.add_sheet(
            LEGEND_TITLE[table.language],
            iter(legend),
            column_widths=[22, 60],
            autofilter=False,
        )

    return write_copy(table, Path(dst), build, password=password)


def first_tier_column(table: SheetTable) -> int:
    """1-based column for R: where an earlier run put it, else after the last column."""
    headers = {c.header: c.position + 1 for c in table.columns}
    for zh_or_en in (TIER_COLUMNS[0][1], TIER_COLUMNS[0][2]):
        if zh_or_en in headers:
            return headers[zh_or_en]
    return len(table.columns) + 1


def tier_cell(name: str, value: Any, language: str) -> CellPatch:
    """How one tier result is shown: its value (English labels in English workbooks) and fill."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return CellPatch(value=None)
    if name in ("r", "f", "m"):
        return CellPatch(value=int(value))
    if name == "vip":
        return CellPatch(value="VIP" if bool(value) else None)
    text = str(value)
    shown = ENGLISH_LABELS.get(text, text) if language == "en" else text
    fills = {"value_tier": VALUE_FILLS, "activity": ACTIVITY_FILLS}.get(name, {})
    return CellPatch(value=shown, fill=fills.get(text))


def tier_cells(name: str, values: list[Any], language: str) -> list[CellPatch]:
    """:func:`tier_cell` for a whole column; results repeat, so each distinct value is made once."""
    made: dict[object, CellPatch] = {}
    out = []
    for value in values:
        try:
            patch = made.get(value)
            if patch is None:
                patch = made[value] = tier_cell(name, value, language)
        except TypeError:  # an unhashable value
            patch = tier_cell(name, value, language)
        out.append(patch)
    return out


def legend_rows(language: str, lines: list[tuple[str, str, str]]) -> Iterator[list[Any]]:
    """Rows for the legend sheet from (term, zh explanation, en explanation)."""
    yield ["项目", "说明"] if language == "zh" else ["Item", "Meaning"]
    for term, zh, en in lines:
        yield [term, zh if language == "zh" else en]
