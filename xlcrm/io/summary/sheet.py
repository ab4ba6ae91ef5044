"""The Summary sheet's blocks: formulas over the data table, each with its cached result.

Every number is a COUNTIFS / SUMIFS / AVERAGEIFS formula over the data's columns
(:class:`~xlcrm.core.summary.formulas.Refs`: the table's structured references), counting
only rows in the list (the 在列 helper is 1), and carries the value pandas computed as its
cached result, so a reader that does not calculate still shows the right number. The
labels of a block are this run's categories; a category typed later is counted in the
block's 其他（未列出） row (the whole column's total less the listed rows) until the next
run lists it. The blocks are laid out one under another in a :class:`Grid`, which becomes
the rows the patcher writes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlcrm.core.summary import formulas as f
from xlcrm.core.summary.tables import BLANK
from xlcrm.xlsx import SheetCell, column_letters

COUNT_FORMAT, AMOUNT_FORMAT = "#,##0", "#,##0.00"
HEAD_FILL, OTHER_FILL = "FFDDEBF7", "FFFFF2CC"
CROSSTABS = ("region_tier_count", "region_tier_amount", "owner_activity")
# The data column each block's categories are read from (region: its grouped helper).
ROW_COLUMNS = {"region": "region_grouped", "owner": "owner", "customer_type": "customer_type",
               "segment": "segment", "tags": "tags_marked"}  # fmt: skip


class Grid:
    """Cells by 1-based (row, column), turned into rows for :meth:`WorkbookPatch.add_sheet`."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], object] = {}

    def put(self, row: int, column: int, value: object) -> None:
        self.cells[(row, column)] = value

    def rows(self) -> list[list[object]]:
        if not self.cells:
            return []
        height = max(r for r, _ in self.cells)
        width = max(c for _, c in self.cells)
        grid: list[list[object]] = [[None] * width for _ in range(height)]
        for (row, column), value in self.cells.items():
            grid[row - 1][column - 1] = value
        return grid


@dataclass
class Layout:
    """The data (as :class:`~xlcrm.core.summary.formulas.Refs`) and the sheet's words."""

    refs: f.Refs
    texts: dict[str, str]
    language: str = "zh"
    widths: list[int] = field(default_factory=list)

    def column(self, key: str) -> str:
        return self.refs.column(key)

    def label(self, category: object) -> str:
        return self.texts["blank"] if category == BLANK else str(category)

    @property
    def listed(self) -> str:
        """The criteria pair that keeps blank table rows out of every count."""
        return f"{self.column('in_list')},1"


def _number(value: Any) -> float | int | str:
    """A cached result: NaN (an average of nothing) shows as the formula's "" would."""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value.item() if hasattr(value, "item") else value


def formula(text: str, cached: Any, number_format: str, *, bold: bool = False) -> SheetCell:
    return SheetCell(_number(cached), formula=text, number_format=number_format, bold=bold)


def title_and_header(grid: Grid, layout: Layout, key: str, top: int, header: Sequence[str]) -> None:
    grid.put(top, 1, SheetCell(layout.texts[key], bold=True, size=12))
    for column, text in enumerate(header, start=1):
        grid.put(top + 1, column, SheetCell(text, bold=True, fill=HEAD_FILL))
    layout.widths.append(len(header))


def _crit(category: object, ref: str) -> str:
    return f.criterion(str(category), ref, blank=category == BLANK)


def crosstab_block(grid: Grid, layout: Layout, key: str, frame: pd.DataFrame, top: int) -> int:
    """Title, header (categories across), a formula per cell, the 其他 row, totals."""
    row_field, col_field = str(frame.index.name), str(frame.columns.name)
    rows_column, cols_column = layout.column(ROW_COLUMNS[row_field]), layout.column(col_field)
    header = [layout.texts[row_field], *map(layout.label, frame.columns), layout.texts["total"]]
    title_and_header(grid, layout, key, top, header)
    head, amount = top + 1, key == "region_tier_amount"
    fmt = AMOUNT_FORMAT if amount else COUNT_FORMAT
    values = frame.to_numpy()
    measure = f"SUMIFS({layout.column('amount')}," if amount else "COUNTIFS("
    first, other = head + 1, head + 1 + len(frame)
    for i, category in enumerate(frame.index):
        r = first + i
        grid.put(r, 1, layout.label(category))
        for j, col_cat in enumerate(frame.columns):
            col_crit = _crit(col_cat, f"{column_letters(j + 2)}${head}")
            text = (
                f"{measure}{layout.listed},{rows_column},{_crit(category, f'$A{r}')},"
                f"{cols_column},{col_crit})"
            )
            grid.put(r, j + 2, formula(text, values[i, j], fmt))
        grid.put(r, len(frame.columns) + 2, _row_sum(r, len(frame.columns), values[i].sum(), fmt))
    grid.put(other, 1, SheetCell(layout.texts["other"], fill=OTHER_FILL))
    for j, col_cat in enumerate(frame.columns):
        letter = column_letters(j + 2)
        whole = f"{measure}{layout.listed},{cols_column},{_crit(col_cat, f'{letter}${head}')})"
        text = f"{whole}-SUM({letter}{first}:{letter}{other - 1})" if len(frame) else whole
        grid.put(other, j + 2, formula(text, 0, fmt))
    grid.put(other, len(frame.columns) + 2, _row_sum(other, len(frame.columns), 0, fmt))
    sums = [*values.sum(axis=0).tolist(), values.sum()]
    total_row(grid, layout, first, len(frame) + 1, sums, [fmt] * len(sums))
    return other + 3


def _row_sum(row: int, width: int, cached: Any, fmt: str) -> SheetCell:
    return formula(f"SUM(B{row}:{column_letters(width + 1)}{row})", cached, fmt)


def total_row(
    grid: Grid,
    layout: Layout,
    first: int,
    count: int,
    sums: Sequence[Any],
    formats: Sequence[str],
    start: int = 2,
) -> None:
    """A bold 合计 row of SUMs under ``count`` rows starting at ``first``."""
    r = first + count
    grid.put(r, 1, SheetCell(layout.texts["total"], bold=True))
    for offset, (value, fmt) in enumerate(zip(sums, formats, strict=True)):
        letter = column_letters(start + offset)
        text = f"SUM({letter}{first}:{letter}{r - 1})"
        grid.put(r, start + offset, formula(text, value, fmt, bold=True))


def category_block(
    grid: Grid,
    layout: Layout,
    key: str,
    frame: pd.DataFrame,
    top: int,
    *,
    average_all: float = math.nan,
) -> int:
    """Customers per category; with amounts also SUMIFS and an AVERAGEIFS average.

    ``average_all`` is the cached result of the total row's AVERAGE over every amount.
    Tags have no 其他 row and no total: a customer with two tags is in two rows.
    """
    name, t = str(frame.index.name), layout.texts
    measures = [m for m in ("count", "amount", "average") if m in frame.columns]
    title_and_header(grid, layout, key, top, [t[name], *(t[m] for m in measures)])
    first = top + 2
    amounts = layout.column("amount") if layout.refs.has("amount") else ""
    column = layout.column(ROW_COLUMNS[name])
    for i, category in enumerate(frame.index):
        r = first + i
        grid.put(r, 1, layout.label(category))
        ref = f"$A{r}"
        crit = f.tag_criterion(ref) if name == "tags" else _crit(category, ref)
        crits = f"{layout.listed},{column},{crit}"
        texts = {
            "count": (f"COUNTIFS({crits})", COUNT_FORMAT),
            "amount": (f"SUMIFS({amounts},{crits})", AMOUNT_FORMAT),
            "average": (f'IFERROR(AVERAGEIFS({amounts},{crits}),"")', AMOUNT_FORMAT),
        }
        for col, measure in enumerate(measures, start=2):
            text, fmt = texts[measure]
            grid.put(r, col, formula(text, frame.iloc[i][measure], fmt))
    if name == "tags":
        return first + len(frame) + 1
    other = first + len(frame)
    _other_category_row(grid, layout, measures, first, other)
    summed = [m for m in measures if m != "average"]
    formats = [COUNT_FORMAT if m == "count" else AMOUNT_FORMAT for m in summed]
    total_row(grid, layout, first, len(frame) + 1, [frame[m].sum() for m in summed], formats)
    if "average" in measures:
        text = f'IFERROR(AVERAGEIFS({amounts},{layout.listed}),"")'
        grid.put(other + 1, 4, formula(text, average_all, AMOUNT_FORMAT, bold=True))
    return other + 3


def _other_category_row(
    grid: Grid, layout: Layout, measures: Sequence[str], first: int, other: int
) -> None:
    """其他（未列出）: the customers no label above covers (all less the listed)."""
    grid.put(other, 1, SheetCell(layout.texts["other"], fill=OTHER_FILL))
    whole = {
        "count": f"SUM({layout.column('in_list')})",
        "amount": f"SUMIFS({layout.column('amount')},{layout.listed})"
        if layout.refs.has("amount")
        else "0",
    }
    for col, measure in enumerate(measures, start=2):
        letter = column_letters(col)
        if measure == "average":
            text = f'IF(B{other}>0,C{other}/B{other},"")'
            grid.put(other, col, formula(text, "", AMOUNT_FORMAT))
            continue
        listed = f"SUM({letter}{first}:{letter}{other - 1})" if other > first else "0"
        fmt = COUNT_FORMAT if measure == "count" else AMOUNT_FORMAT
        grid.put(other, col, formula(f"{whole[measure]}-{listed}", 0, fmt))


def counted_rows(
    grid: Grid,
    layout: Layout,
    top: int,
    key: str,
    header: Sequence[str],
    rows: Iterator[tuple[Sequence[object], str, int]],
) -> int:
    """A small block of (label cells..., COUNTIF formula, cached count) rows.

    An empty formula writes the count as a plain value (for numbers no cheap formula gives).
    """
    title_and_header(grid, layout, key, top, header)
    r = top + 2
    for labels, text, cached in rows:
        for column, value in enumerate(labels, start=1):
            grid.put(r, column, value)
        value = (
            formula(text, cached, COUNT_FORMAT)
            if text
            else SheetCell(cached, number_format=COUNT_FORMAT)
        )
        grid.put(r, len(labels) + 1, value)
        r += 1
    return r + 1
