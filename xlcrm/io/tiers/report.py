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
from xlcrm.text import Text
from xlcrm.xlsx import CellPatch, PatchSummary, WorkbookPatch

HEADER_FILL = "FFDDEBF7"  # pale blue: columns xlcrm added
VALUE_FILLS = {"高": "FFC6EFCE", "中": "FFFFEB9C", "低": "FFF2F2F2"}
ACTIVITY_FILLS = {"活跃": "FFC6EFCE", "一般": "FFFFEB9C", "沉睡": "FFFFC7CE"}

# (result column, header)
TIER_COLUMNS = (
    ("r", Text("R 近度", "R recency")),
    ("f", Text("F 频度", "F frequency")),
    ("m", Text("M 额度", "M monetary")),
    ("segment", Text("客户分群", "Segment")),
    ("value_tier", Text("价值等级", "Value tier")),
    ("activity", Text("活跃度", "Activity")),
    ("vip", Text.same("VIP")),
    # not "标签（自动）": that would read as the tags field
    ("tags", Text("自动标签", "Auto tags")),
    ("unscored", Text("未评分原因", "Not scored because")),
)
LEGEND_TITLE = Text("分级说明", "Tier legend")
LEGEND_HEADER = (Text("项目", "Item"), Text("说明", "Meaning"))

# What the workbook shows for the tier codes (the JSON keeps the codes).
TIER_LABELS = {
    "高": Text("高", "High"), "中": Text("中", "Medium"), "低": Text("低", "Low"),
    "活跃": Text("活跃", "Active"), "一般": Text("一般", "Regular"),
    "沉睡": Text("沉睡", "Sleeping"),
    "重要价值客户": Text("重要价值客户", "Important value"),
    "重要发展客户": Text("重要发展客户", "Important development"),
    "重要保持客户": Text("重要保持客户", "Important retention"),
    "重要挽留客户": Text("重要挽留客户", "Important win-back"),
    "一般价值客户": Text("一般价值客户", "General value"),
    "一般发展客户": Text("一般发展客户", "General development"),
    "一般保持客户": Text("一般保持客户", "General retention"),
    "一般挽留客户": Text("一般挽留客户", "General win-back"),
}  # fmt: skip


def tier_labels(language: str) -> dict[str, str]:
    """Tier code → what a ``language`` workbook shows, for the codes shown otherwise."""
    shown = {code: label(language) for code, label in TIER_LABELS.items()}
    return {code: text for code, text in shown.items() if text != code}


def tier_headers(language: str) -> list[str]:
    """The tier columns' headers in ``language``."""
    return [header(language) for _, header in TIER_COLUMNS]


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
        for offset, (name, _) in enumerate(TIER_COLUMNS):
            shown = tier_cells(name, tiers[name].tolist(), table.language)
            cells.update(zip(((row, first + offset) for row in rows), shown, strict=True))
        patch.patch_cells(sheet, cells)
        patch.add_sheet(
            LEGEND_TITLE(table.language),
            iter(legend),
            column_widths=[22, 60],
            autofilter=False,
        )

    return write_copy(table, Path(dst), build, password=password)


def first_tier_column(table: SheetTable) -> int:
    """1-based column for R: where an earlier run put it, else after the last column."""
    headers = {c.header: c.position + 1 for c in table.columns}
    first = TIER_COLUMNS[0][1]
    for header in (first.zh, first.en):
        if header in headers:
            return headers[header]
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
    label = TIER_LABELS.get(text)
    shown = label(language) if label is not None else text
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


def legend_rows(language: str, lines: list[tuple[Text, Text]]) -> Iterator[list[Any]]:
    """Rows for the legend sheet from (term, explanation): the term reads in both languages
    ("计算日期 / as of"), the explanation in the workbook's."""
    yield [header(language) for header in LEGEND_HEADER]
    for term, explanation in lines:
        yield [term.both(" / "), explanation(language)]
