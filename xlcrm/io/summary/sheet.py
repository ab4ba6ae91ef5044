"""The Summary sheet's cells: blocks of formulas over the data, each with its cached result.

Every number is a COUNTIFS / SUMIFS / AVERAGEIFS formula over the data rows, so it follows
the user's edits, and carries the value pandas computed as its cached result, so a reader
that does not calculate (a preview, a phone, pandas) still shows the right number. The
blocks are laid out one under another in a :class:`Grid`, which becomes the rows the
patcher writes.

COUNTIFS reads its criterion as a pattern: ``*``, ``?`` and ``~`` are wildcards and a
leading ``=``, ``<`` or ``>`` is an operator. A category whose label has any of these is
matched through ``"="&SUBSTITUTE(...)``, which escapes them, so "A*" counts only "A*".
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlcrm.core.summary.tables import BLANK, TAG_SEPARATOR
from xlcrm.io.reader import column_letter
from xlcrm.xlsx import SheetCell

COUNT_FORMAT, AMOUNT_FORMAT = "#,##0", "#,##0.00"
HEAD_FILL = "FFDDEBF7"
CROSSTABS = ("region_tier_count", "region_tier_amount", "owner_activity")


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
    """Where the data is: the quoted sheet name, data rows, and each field's column letter."""

    sheet: str
    first: int
    last: int
    letters: dict[str, str]
    texts: dict[str, str]
    widths: list[int] = field(default_factory=list)

    def range(self, name: str) -> str:
        letter = self.letters[name]
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!${letter}${self.first}:${letter}${self.last}"

    def label(self, category: object) -> str:
        return self.texts["blank"] if category == BLANK else str(category)


def criterion(category: object, ref: str) -> str:
    """The COUNTIFS criterion for a category whose label is in cell ``ref``."""
    if category == BLANK:
        return '""'
    if needs_escape(str(category)):
        return f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'
    return ref


def needs_escape(label: str) -> bool:
    return any(ch in label for ch in "*?~") or label[:1] in ("=", "<", ">")


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


def crosstab_block(grid: Grid, layout: Layout, key: str, frame: pd.DataFrame, top: int) -> int:
    """Title, header (categories across), a formula per cell, row and column totals."""
    row_field, col_field = str(frame.index.name), str(frame.columns.name)
    header = [layout.texts[row_field], *map(layout.label, frame.columns), layout.texts["total"]]
    title_and_header(grid, layout, key, top, header)
    head, amount = top + 1, key == "region_tier_amount"
    fmt = AMOUNT_FORMAT if amount else COUNT_FORMAT
    values = frame.to_numpy()
    for i, category in enumerate(frame.index):
        r = head + 1 + i
        grid.put(r, 1, layout.label(category))
        row_crit = criterion(category, f"$A{r}")
        for j, col_cat in enumerate(frame.columns):
            letter = column_letter(j + 1)
            crits = (
                f"{layout.range(row_field)},{row_crit},"
                f"{layout.range(col_field)},{criterion(col_cat, f'{letter}${head}')}"
            )
            text = f"SUMIFS({layout.range('amount')},{crits})" if amount else f"COUNTIFS({crits})"
            grid.put(r, j + 2, formula(text, values[i, j], fmt))
        last = column_letter(len(frame.columns))
        grid.put(r, len(frame.columns) + 2, formula(f"SUM(B{r}:{last}{r})", values[i].sum(), fmt))
    sums = [*values.sum(axis=0).tolist(), values.sum()]
    total_row(grid, layout, head + 1, len(frame), sums, [fmt] * len(sums))
    return head + len(frame) + 3


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
        letter = column_letter(start + offset - 1)
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
    """
    name, t = str(frame.index.name), layout.texts
    measures = [m for m in ("count", "amount", "average") if m in frame.columns]
    title_and_header(grid, layout, key, top, [t[name], *(t[m] for m in measures)])
    first = top + 2
    amounts = layout.range("amount") if "amount" in layout.letters else ""
    for i, category in enumerate(frame.index):
        r = first + i
        grid.put(r, 1, layout.label(category))
        crits = _category_criteria(layout, name, category, f"$A{r}")
        texts = {
            "count": ("+".join(f"COUNTIFS({c})" for c in crits), COUNT_FORMAT),
            "amount": ("+".join(f"SUMIFS({amounts},{c})" for c in crits), AMOUNT_FORMAT),
            "average": (f'IFERROR(AVERAGEIFS({amounts},{crits[0]}),"")', AMOUNT_FORMAT),
        }
        for col, measure in enumerate(measures, start=2):
            text, fmt = texts[measure]
            grid.put(r, col, formula(text, frame.iloc[i][measure], fmt))
    summed = [m for m in measures if m != "average"]
    formats = [COUNT_FORMAT if m == "count" else AMOUNT_FORMAT for m in summed]
    if name != "tags":  # a customer with two tags is in two rows: a total would double-count
        total_row(grid, layout, first, len(frame), [frame[m].sum() for m in summed], formats)
        if "average" in measures:
            text = f'IFERROR(AVERAGE({amounts}),"")'
            grid.put(first + len(frame), 4, formula(text, average_all, AMOUNT_FORMAT, bold=True))
    return first + len(frame) + 2


def _category_criteria(layout: Layout, name: str, category: object, ref: str) -> list[str]:
    """One criteria pair, or for a tag the four ways a whole tag can sit in a "、" list."""
    column = layout.range(name)
    if name != "tags":
        return [f"{column},{criterion(category, ref)}"]
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'
    sep = TAG_SEPARATOR
    patterns = [f'"="&{escaped}', f'{escaped}&"{sep}*"', f'"*{sep}"&{escaped}']
    patterns.append(f'"*{sep}"&{escaped}&"{sep}*"')
    return [f"{column},{p}" for p in patterns]


def top_block(grid: Grid, layout: Layout, frame: pd.DataFrame, top: int) -> int:
    """The top customers by amount, as static values (a snapshot of this run)."""
    t = layout.texts
    names = [f for f in ("name", "company", "amount", "value_tier") if f in frame.columns]
    title_and_header(grid, layout, "top_customers", top, [t["rank"], *(t[f] for f in names)])
    for i, record in enumerate(frame.to_dict("records")):
        r = top + 2 + i
        grid.put(r, 1, i + 1)
        for col, name in enumerate(names, start=2):
            value = record[name]
            value = None if pd.isna(value) else value
            grid.put(
                r, col, SheetCell(value, number_format=AMOUNT_FORMAT) if name == "amount" else value
            )
    return top + len(frame) + 3


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
