"""Write ``xlcrm summary --out``: tier columns beside the data, and a Summary sheet (汇总).

The data sheet gets the tier columns exactly where ``xlcrm tier --out`` puts them, plus
one helper column of parsed amounts: amounts are often text ("¥1,200") and SUMIFS skips
text, so the sums run over the helper column. The Summary sheet's numbers are COUNTIFS /
SUMIFS / AVERAGEIFS formulas over the data rows, so they follow the user's edits (the
tier columns themselves are a snapshot of this run); the top-10 list is static.
Only functions Excel 2016 and LibreOffice both know are used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xlcrm.core.summary import AMOUNT, BLANK, parsed_amounts, summary_tables
from xlcrm.io.reader import SheetTable, column_letter
from xlcrm.io.tier_report import HEADER_FILL, TIER_COLUMNS, first_tier_column, tier_cell
from xlcrm.io.writer import edit_copy, replace_sheet, safe_title

SHEET_TITLE = {"zh": "汇总", "en": "Summary"}
AMOUNT_HEADER = {"zh": "金额（数值）", "en": "Amount (number)"}
COUNT_FORMAT, AMOUNT_FORMAT = "#,##0", "#,##0.00"
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor=HEADER_FILL)
WIDTHS = {"A": 18, "B": 16, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16}
TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "客户汇总", "asof": "截至日期", "rows": "客户数", "total": "合计",
        "blank": "（空白）", "count": "客户数", "amount": "金额", "average": "平均金额",
        "region_tier_count": "各地区客户数（按价值等级）",
        "region_tier_amount": "各地区金额（按价值等级）",
        "owner_activity": "各负责人客户数（按活跃度）",
        "customer_type": "客户类型", "segment": "客户分群", "top_customers": "金额前十客户",
        "region": "地区", "owner": "负责人", "name": "姓名", "company": "公司",
        "value_tier": "价值等级", "rank": "排名",
        "bar_chart": "各地区客户数（按价值等级）", "pie_chart": "客户分群占比",
    },
    "en": {
        "title": "Customer summary", "asof": "As of", "rows": "Customers", "total": "Total",
        "blank": "(blank)", "count": "Customers", "amount": "Amount", "average": "Average",
        "region_tier_count": "Customers by region and value tier",
        "region_tier_amount": "Amount by region and value tier",
        "owner_activity": "Customers by owner and activity",
        "customer_type": "Customer type", "segment": "Segment",
        "top_customers": "Top 10 customers by amount",
        "region": "Region", "owner": "Owner", "name": "Name", "company": "Company",
        "value_tier": "Value tier", "rank": "Rank",
        "bar_chart": "Customers by region and value tier", "pie_chart": "Customers by segment",
    },
}  # fmt: skip
FIRST_BLOCK_ROW = 4
CHART_GAP_COLUMNS = 1


def write_summary_workbook(
    table: SheetTable, tiers: pd.DataFrame, dst: Path, *, asof: dt.date
) -> Path:
    """Write a copy of the table's workbook with tier columns and the Summary sheet."""
    dst = Path(dst)
    data = table.df.rename(columns={v: k for k, v in table.field_keys.items()})
    data = data.join(tiers[["value_tier", "activity", "segment"]])
    tables = summary_tables(data)
    with edit_copy(table.path, dst) as workbook:
        sheet = workbook[safe_title(table.sheet)]
        columns = write_data_columns(sheet, table, tiers)
        ws = replace_sheet(workbook, SHEET_TITLE[table.language], after=sheet.title)
        layout = _Layout(table, sheet.title, columns)
        write_summary_sheet(ws, layout, tables, asof=asof, rows=len(table.df))
    return dst


def write_data_columns(sheet: Worksheet, table: SheetTable, tiers: pd.DataFrame) -> dict[str, int]:
    """Tier columns and the parsed-amount column into the data sheet; field → 1-based column."""
    first = first_tier_column(table)
    columns = {name: first + i for i, (name, _, _) in enumerate(TIER_COLUMNS)}
    columns[AMOUNT] = first + len(TIER_COLUMNS)
    headers = [zh if table.language == "zh" else en for _, zh, en in TIER_COLUMNS]
    for offset, header in enumerate([*headers, AMOUNT_HEADER[table.language]]):
        cell = sheet.cell(table.header_row, first + offset, header)
        cell.fill = HEAD_FILL
    for name, _, _ in TIER_COLUMNS:
        for row, value in tiers[name].items():
            _tier_cell(sheet.cell(int(row), columns[name]), name, value)
    amount_key = table.field_keys.get("total_amount")
    if amount_key is not None:
        for row, value in parsed_amounts(table.df[amount_key]).items():
            cell = sheet.cell(int(row), columns[AMOUNT], None if pd.isna(value) else value)
            cell.number_format = AMOUNT_FORMAT
    return columns


def _tier_cell(cell: Any, name: str, value: Any) -> None:
    """One tier result, as ``xlcrm tier --out`` writes it; always the Chinese codes, since
    the Summary sheet's COUNTIFS criteria match on them."""
    patch = tier_cell(name, value, "zh")
    cell.value = patch.value
    if patch.fill is not None:
        cell.fill = PatternFill("solid", fgColor=patch.fill)


class _Layout:
    """Where the data columns are, as absolute ranges over the data rows."""

    def __init__(self, table: SheetTable, sheet: str, columns: dict[str, int]) -> None:
        self.sheet = "'" + sheet.replace("'", "''") + "'"
        self.first = table.header_row + 1
        self.last = max([self.first, *(int(r) for r in table.df.index)])
        self.letters = {f: c.letter for f, c in ((c.field, c) for c in table.columns) if f}
        self.letters.update({k: column_letter(v - 1) for k, v in columns.items()})
        self.texts = TEXTS[table.language]

    def range(self, field: str) -> str:
        letter = self.letters[field]
        return f"{self.sheet}!${letter}${self.first}:${letter}${self.last}"

    def label(self, category: object) -> str:
        return self.texts["blank"] if category == BLANK else str(category)


def _criterion(category: object, ref: str) -> str:
    """The criterion of a category: its label cell, or "" (empty cells) for the blank one."""
    return '""' if category == BLANK else ref


def write_summary_sheet(
    ws: Worksheet, layout: _Layout, tables: dict[str, pd.DataFrame], *, asof: dt.date, rows: int
) -> None:
    """Header line, the blocks one under another, and the two charts beside them."""
    t = layout.texts
    ws["A1"] = t["title"]
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([t["asof"], asof, t["rows"], rows])
    ws["B2"].number_format = "yyyy-mm-dd"
    top, anchors = FIRST_BLOCK_ROW, {}
    for key, frame in tables.items():
        anchors[key] = top
        if key in ("region_tier_count", "region_tier_amount", "owner_activity"):
            top = _crosstab_block(ws, layout, key, frame, top)
        elif key == "top_customers":
            top = _top_block(ws, layout, frame, top)
        else:
            top = _category_block(ws, layout, key, frame, top)
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    _add_charts(ws, layout, tables, anchors)


def _title_and_header(
    ws: Worksheet, layout: _Layout, key: str, top: int, header: list[str]
) -> None:
    ws.cell(top, 1, layout.texts[key]).font = Font(bold=True, size=12)
    for col, text in enumerate(header, start=1):
        cell = ws.cell(top + 1, col, text)
        cell.font, cell.fill = BOLD, HEAD_FILL


def _crosstab_block(ws: Worksheet, layout: _Layout, key: str, frame: pd.DataFrame, top: int) -> int:
    """Title, header (categories across), a formula per cell, row and column totals."""
    row_field, col_field = str(frame.index.name), str(frame.columns.name)
    header = [layout.texts[row_field], *map(layout.label, frame.columns), layout.texts["total"]]
    _title_and_header(ws, layout, key, top, header)
    head, amount = top + 1, key == "region_tier_amount"
    fmt = AMOUNT_FORMAT if amount else COUNT_FORMAT
    for i, category in enumerate(frame.index):
        r = head + 1 + i
        ws.cell(r, 1, layout.label(category))
        row_crit = _criterion(category, f"$A{r}")
        for j, col_cat in enumerate(frame.columns):
            letter = column_letter(j + 1)
            crits = (
                f"{layout.range(row_field)},{row_crit},"
                f"{layout.range(col_field)},{_criterion(col_cat, f'{letter}${head}')}"
            )
            formula = (
                f"=SUMIFS({layout.range(AMOUNT)},{crits})" if amount else f"=COUNTIFS({crits})"
            )
            ws.cell(r, j + 2, formula).number_format = fmt
        last = column_letter(len(frame.columns))
        ws.cell(r, len(frame.columns) + 2, f"=SUM(B{r}:{last}{r})").number_format = fmt
    _total_row(ws, layout, head + 1, len(frame), range(2, len(frame.columns) + 3), fmt)
    return head + len(frame) + 3


def _total_row(
    ws: Worksheet, layout: _Layout, first: int, count: int, columns: Sequence[int], fmt: str
) -> None:
    r = first + count
    ws.cell(r, 1, layout.texts["total"]).font = BOLD
    for col in columns:
        letter = column_letter(col - 1)
        cell = ws.cell(r, col, f"=SUM({letter}{first}:{letter}{r - 1})")
        cell.number_format, cell.font = fmt, BOLD


def _category_block(ws: Worksheet, layout: _Layout, key: str, frame: pd.DataFrame, top: int) -> int:
    """Customers per category; with amounts also SUMIFS and an AVERAGEIFS average."""
    field, t = str(frame.index.name), layout.texts
    measures = [m for m in ("count", "amount", "average") if m in frame.columns]
    _title_and_header(ws, layout, key, top, [t[field], *(t[m] for m in measures)])
    first = top + 2
    for i, category in enumerate(frame.index):
        r = first + i
        ws.cell(r, 1, layout.label(category))
        crits = f"{layout.range(field)},{_criterion(category, f'$A{r}')}"
        formulas = {
            "count": (f"=COUNTIFS({crits})", COUNT_FORMAT),
            "amount": (f"=SUMIFS({layout.range(AMOUNT)},{crits})", AMOUNT_FORMAT),
            "average": (f'=IFERROR(AVERAGEIFS({layout.range(AMOUNT)},{crits}),"")', AMOUNT_FORMAT),
        }
        for col, measure in enumerate(measures, start=2):
            ws.cell(r, col, formulas[measure][0]).number_format = formulas[measure][1]
    sums = [col for col, m in enumerate(measures, start=2) if m != "average"]
    _total_row(ws, layout, first, len(frame), sums, COUNT_FORMAT)
    if "amount" in measures:
        ws.cell(first + len(frame), 3).number_format = AMOUNT_FORMAT
    if "average" in measures:
        average = f'=IFERROR(AVERAGE({layout.range(AMOUNT)}),"")'
        cell = ws.cell(first + len(frame), 4, average)
        cell.number_format, cell.font = AMOUNT_FORMAT, BOLD
    return first + len(frame) + 2


def _top_block(ws: Worksheet, layout: _Layout, frame: pd.DataFrame, top: int) -> int:
    """The top customers by amount, as static values (a snapshot of this run)."""
    t = layout.texts
    fields = [f for f in ("name", "company", "amount", "value_tier") if f in frame.columns]
    _title_and_header(ws, layout, "top_customers", top, [t["rank"], *(t[f] for f in fields)])
    for i, record in enumerate(frame.to_dict("records")):
        r = top + 2 + i
        ws.cell(r, 1, i + 1)
        for col, field in enumerate(fields, start=2):
            value = record[field]
            cell = ws.cell(r, col, None if pd.isna(value) else value)
            if field == "amount":
                cell.number_format = AMOUNT_FORMAT
    return top + len(frame) + 3


def _add_charts(
    ws: Worksheet, layout: _Layout, tables: dict[str, pd.DataFrame], anchors: dict[str, int]
) -> None:
    """A clustered bar chart of region × value tier and a pie of segments, right of the blocks."""
    width = max((len(f.columns) + 2 for f in tables.values()), default=4)
    anchor = column_letter(width + CHART_GAP_COLUMNS)
    if "region_tier_count" in tables:
        frame, head = tables["region_tier_count"], anchors["region_tier_count"] + 1
        bar = BarChart()
        bar.type, bar.grouping, bar.title = "col", "clustered", layout.texts["bar_chart"]
        data = Reference(ws, min_col=2, max_col=len(frame.columns) + 1, min_row=head,
                         max_row=head + len(frame))  # fmt: skip
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=head + len(frame)))
        bar.width, bar.height = 16, 8
        ws.add_chart(bar, f"{anchor}{FIRST_BLOCK_ROW}")
    if "segment" in tables:
        frame, head = tables["segment"], anchors["segment"] + 1
        pie = PieChart()
        pie.title = layout.texts["pie_chart"]
        pie.add_data(
            Reference(ws, min_col=2, min_row=head, max_row=head + len(frame)),
            titles_from_data=True,
        )
        pie.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=head + len(frame)))
        pie.width, pie.height = 16, 9
        ws.add_chart(pie, f"{anchor}{FIRST_BLOCK_ROW + 18}")
