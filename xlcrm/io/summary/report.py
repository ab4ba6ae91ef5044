"""Write ``xlcrm summary --out``: tier columns beside the data, and a Summary sheet (汇总).

The data sheet gets the tier columns exactly where ``xlcrm tier --out`` puts them, plus
helper columns the formulas need: the parsed amounts (amounts are often text such as
"¥1,200", and SUMIFS skips text) and, when some regions are written in their long form
(广东省), the regions grouped (广东). The Summary sheet's numbers are formulas over the
data rows with cached results (see :mod:`xlcrm.io.summary.sheet`); the tier columns and
the top-10 list are a snapshot of this run. A data-quality panel counts unscored rows by
reason and, when the workbook holds them, the check's issues by code and duplicate groups.

The copy is written by the streaming patcher, so the user's sheets, styles and objects
are copied byte for byte and a 100k-row workbook takes seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.xml.functions import tostring

from xlcrm.core.summary.tables import (
    AMOUNT,
    BLANK,
    TAGS,
    normalized_regions,
    parsed_amounts,
    summary_tables,
)
from xlcrm.io.check.report import ISSUES_TITLE
from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import GROUP_HEADER, both
from xlcrm.io.reader import SheetTable, column_letter
from xlcrm.io.sources import open_source
from xlcrm.io.summary import sheet as blocks
from xlcrm.io.tiers.report import (
    HEADER_FILL,
    TIER_COLUMNS,
    first_tier_column,
    tier_cells,
    tier_headers,
    tier_labels,
)
from xlcrm.text import Text
from xlcrm.xlsx import CellPatch, ChartPart, PatchSummary, SheetCell, WorkbookPatch

SHEET_TITLE = Text("汇总", "Summary")
AMOUNT_HEADER = Text("金额（数值）", "Amount (number)")
REGION_HEADER = Text("地区（归并）", "Region (grouped)")
TEXTS: dict[str, Text] = {
    "title": Text("客户汇总", "Customer summary"),
    "asof": Text("截至日期", "As of"),
    "rows": Text("客户数", "Customers"),
    "total": Text("合计", "Total"),
    "blank": Text("（空白）", "(blank)"),
    "count": Text("客户数", "Customers"),
    "amount": Text("金额", "Amount"),
    "average": Text("平均金额", "Average"),
    "region_tier_count": Text("各地区客户数（按价值等级）", "Customers by region and value tier"),
    "region_tier_amount": Text("各地区金额（按价值等级）", "Amount by region and value tier"),
    "owner_activity": Text("各负责人客户数（按活跃度）", "Customers by owner and activity"),
    "customer_type": Text("客户类型", "Customer type"),
    "segment": Text("客户分群", "Segment"),
    "tags": Text("标签", "Tag"),
    "top_customers": Text("金额前十客户", "Top 10 customers by amount"),
    "region": Text("地区", "Region"),
    "owner": Text("负责人", "Owner"),
    "name": Text("姓名", "Name"),
    "company": Text("公司", "Company"),
    "value_tier": Text("价值等级", "Value tier"),
    "rank": Text("排名", "Rank"),
    "bar_chart": Text("各地区客户数（按价值等级）", "Customers by region and value tier"),
    "pie_chart": Text("客户分群占比", "Customers by segment"),
    "unscored": Text("未评分客户（按原因）", "Customers not scored, by reason"),
    "reason": Text("原因", "Reason"),
    "issues": Text("检查发现的问题（按代码）", "Issues found by the check, by code"),
    "code": Text("代码", "Code"),
    "severity": Text("级别", "Severity"),
    "duplicates": Text("重复客户", "Duplicate customers"),
    "item": Text("项目", "Item"),
    "groups": Text("重复组数", "Duplicate groups"),
    "rows_in_groups": Text("重复组中的客户数", "Customers in duplicate groups"),
    # Block titles: the key names the block; tags and segment blocks reuse the field's label.
    "tags_block": Text("各标签客户数与金额", "Customers and amounts by tag"),
    "segment_block": Text("客户分群", "Segment"),
}
# The text key of each block's title (the others are titled by their own key).
BLOCK_TITLES = {"tags": "tags_block", "segment": "segment_block"}
FIRST_BLOCK_ROW = 4
WIDTHS = [22, 16, 16, 16, 16, 16, 16]


def write_summary_workbook(
    table: SheetTable,
    tiers: pd.DataFrame,
    dst: Path,
    *,
    asof: dt.date,
    password: str | None = None,
) -> PatchSummary:
    """Write a copy of the table's workbook with tier columns and the Summary sheet."""
    language = table.language
    labels = tier_labels(language)
    data = table.df.rename(columns={v: k for k, v in table.field_keys.items()})
    data = data.join(tiers[["value_tier", "activity", "segment"]])
    data[TAGS] = tiers["tags"]
    parsed = parsed_amounts(data["total_amount"]) if "total_amount" in data else None
    # Parsed once: for the Summary's numbers and for the helper column of the data sheet.
    tables = summary_tables(data, labels, amounts=parsed)
    amounts = None if parsed is None else [None if pd.isna(v) else float(v) for v in parsed]
    regions = _grouped_regions(table, data)

    def build(patch: WorkbookPatch, sheet: str) -> None:
        columns = _data_columns(patch, sheet, table, tiers, amounts, regions)
        layout = blocks.Layout(
            sheet=sheet,
            first=table.header_row + 1,
            last=max([table.header_row + 1, *(int(r) for r in table.df.index)]),
            letters=_letters(table, columns),
            texts={key: text(language) for key, text in TEXTS.items()},
        )
        known = [v for v in amounts or [] if v is not None]
        average_all = sum(known) / len(known) if known else float("nan")
        grid, anchors = _summary_grid(
            table,
            layout,
            tables,
            tiers,
            asof=asof,
            average_all=average_all,
            issues=_issue_codes(table.path, language, password),
        )
        title = SHEET_TITLE(language)
        patch.add_sheet(
            title,
            grid.rows(),
            header_rows=0,
            column_widths=WIDTHS + [14] * (max(layout.widths, default=0) - len(WIDTHS)),
            freeze_header=False,
            autofilter=False,
            charts=_charts(title, layout, tables, anchors),
        )
        patch.calculate_on_open()

    return write_copy(table, Path(dst), build, password=password)


def _grouped_regions(table: SheetTable, data: pd.DataFrame) -> pd.Series | None:
    """The grouped regions, when the sheet needs a helper column for them (else None)."""
    if "region" not in data:
        return None
    grouped = normalized_regions(data["region"])
    had_helper = any(c.header in (REGION_HEADER.zh, REGION_HEADER.en) for c in table.columns)
    changed = (grouped.astype(str) != data["region"].astype(str)) & data["region"].notna()
    return grouped if had_helper or bool(changed.any()) else None


def _data_columns(
    patch: WorkbookPatch,
    sheet: str,
    table: SheetTable,
    tiers: pd.DataFrame,
    amounts: list[float | None] | None,
    regions: pd.Series | None,
) -> dict[str, int]:
    """Tier columns and helper columns into the data sheet; name → 1-based column."""
    first = first_tier_column(table)
    columns = {name: first + i for i, (name, _) in enumerate(TIER_COLUMNS)}
    headers = dict(zip(columns.values(), tier_headers(table.language), strict=True))
    cells: dict[tuple[int, int], CellPatch] = {}
    rows = [int(r) for r in tiers.index]
    for name, column in columns.items():
        shown = tier_cells(name, tiers[name].tolist(), table.language)
        cells.update(zip(((row, column) for row in rows), shown, strict=True))
    if amounts is not None:
        columns[AMOUNT] = first + len(TIER_COLUMNS)
        headers[columns[AMOUNT]] = AMOUNT_HEADER(table.language)
        for row, value in zip(rows, amounts, strict=True):
            cells[(row, columns[AMOUNT])] = CellPatch(
                value=value, number_format=blocks.AMOUNT_FORMAT
            )
    if regions is not None:
        columns["region"] = first + len(TIER_COLUMNS) + (amounts is not None)
        headers[columns["region"]] = REGION_HEADER(table.language)
        for row, value in zip(rows, regions.tolist(), strict=True):
            cells[(row, columns["region"])] = CellPatch(value=value)
    for column, header in headers.items():
        cells[(table.header_row, column)] = CellPatch(value=header, fill=HEADER_FILL)
    patch.patch_cells(sheet, cells)
    return columns


def _letters(table: SheetTable, columns: dict[str, int]) -> dict[str, str]:
    letters = {c.field: c.letter for c in table.columns if c.field}
    letters |= {name: column_letter(column - 1) for name, column in columns.items()}
    for column in table.columns:
        if column.header in both(GROUP_HEADER):
            letters["duplicate_group"] = column.letter
    return letters


def _summary_grid(
    table: SheetTable,
    layout: blocks.Layout,
    tables: dict[str, pd.DataFrame],
    tiers: pd.DataFrame,
    *,
    asof: dt.date,
    average_all: float,
    issues: IssueCodes,
) -> tuple[blocks.Grid, dict[str, int]]:
    """Header line, the blocks one under another, then the data-quality panel."""
    t, grid = layout.texts, blocks.Grid()
    grid.put(1, 1, SheetCell(t["title"], bold=True, size=14))
    grid.put(2, 1, t["asof"])
    grid.put(2, 2, SheetCell(asof, number_format="yyyy-mm-dd"))
    grid.put(2, 3, t["rows"])
    grid.put(2, 4, len(table.df))
    top, anchors = FIRST_BLOCK_ROW, {}
    for key, frame in tables.items():
        anchors[key] = top
        if key in blocks.CROSSTABS:
            top = blocks.crosstab_block(grid, layout, key, frame, top)
        elif key == "top_customers":
            top = blocks.top_block(grid, layout, frame, top)
        else:
            title = BLOCK_TITLES.get(key, key)
            top = blocks.category_block(grid, layout, title, frame, top, average_all=average_all)
    _quality_panel(grid, layout, table, tiers, top, issues)
    return grid, anchors


def _quality_panel(
    grid: blocks.Grid,
    layout: blocks.Layout,
    table: SheetTable,
    tiers: pd.DataFrame,
    top: int,
    issues: IssueCodes,
) -> int:
    """Unscored rows by reason; check issues by code and duplicate groups when present."""
    t = layout.texts
    reasons = tiers["unscored"].dropna()
    reasons = reasons[reasons.astype(str) != ""].astype(str).value_counts()
    unscored_range = layout.range("unscored")

    def unscored_rows() -> Iterator[tuple[list[object], str, int]]:
        for i, (reason, count) in enumerate(reasons.items()):
            ref = f"$A{top + 2 + i}"
            yield (
                [reason],
                f"COUNTIFS({unscored_range},{blocks.criterion(reason, ref)})",
                int(count),
            )

    header = [t["reason"], t["count"]]
    top = blocks.counted_rows(grid, layout, top, "unscored", header, unscored_rows())
    if issues is not None:
        sheet, last, counts = issues
        codes = f"'{sheet}'!$F$2:$F${last}"

        def issue_rows() -> Iterator[tuple[list[object], str, int]]:
            for i, ((code, severity), count) in enumerate(counts):
                yield [code, severity], f"COUNTIF({codes},$A{top + 2 + i})", count

        header = [t["code"], t["severity"], t["count"]]
        top = blocks.counted_rows(grid, layout, top, "issues", header, issue_rows())
    if "duplicate_group" in layout.letters:
        groups = layout.range("duplicate_group")
        column = next(c for c in table.columns if c.header in both(GROUP_HEADER))
        values = table.df[column.key].dropna()
        values = values[values.astype(str) != ""]
        rows = [
            # Distinct groups by formula (SUMPRODUCT/COUNTIF) is quadratic: a snapshot instead.
            ([t["groups"]], "", int(values.astype(str).nunique())),
            ([t["rows_in_groups"]], f'COUNTIF({groups},"?*")+COUNT({groups})', len(values)),
        ]  # fmt: skip
        top = blocks.counted_rows(
            grid, layout, top, "duplicates", [t["item"], t["count"]], iter(rows)
        )
    return top


IssueCodes = tuple[str, int, list[Any]] | None


def _issue_codes(src: Path, language: str, password: str | None) -> IssueCodes:
    """The Issues sheet of an earlier ``check --out``: its title, last row and code counts."""
    source = open_source(src, password=password)
    titles = [ISSUES_TITLE(language), ISSUES_TITLE.zh, ISSUES_TITLE.en]
    sheet = next((s for s in titles if s in source.sheet_names), None)
    if sheet is None:
        return None
    grid = source.grid(sheet)
    counted: Counter[tuple[str, str]] = Counter()
    for row in grid[1:]:
        cells = list(row) + [None] * (6 - len(row))
        if cells[5] not in (None, ""):
            counted[(str(cells[5]), str(cells[4] or ""))] += 1
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return sheet, max(len(grid), 2), ordered


def _charts(
    title: str, layout: blocks.Layout, tables: dict[str, pd.DataFrame], anchors: dict[str, int]
) -> list[ChartPart]:
    """A clustered column chart of region × value tier and a pie of segments, right of the blocks."""
    quoted = "'" + title.replace("'", "''") + "'"
    column = max(layout.widths, default=4) + 2
    charts = []
    if "region_tier_count" in tables:
        frame, head = tables["region_tier_count"], anchors["region_tier_count"] + 1
        bar = BarChart()
        bar.type, bar.grouping, bar.title = "col", "clustered", layout.texts["bar_chart"]
        last = column_letter(len(frame.columns))
        bar.add_data(
            Reference(range_string=f"{quoted}!$B${head}:${last}${head + len(frame)}"),
            titles_from_data=True,
        )
        bar.set_categories(Reference(range_string=f"{quoted}!$A${head + 1}:$A${head + len(frame)}"))
        charts.append(ChartPart(tostring(bar._write()), FIRST_BLOCK_ROW, column, 16, 8))
    if "segment" in tables and len(tables["segment"]):
        frame, head = tables["segment"], anchors["segment"] + 1
        pie = PieChart()
        pie.title = layout.texts["pie_chart"]
        pie.add_data(
            Reference(range_string=f"{quoted}!$B${head}:$B${head + len(frame)}"),
            titles_from_data=True,
        )
        pie.set_categories(Reference(range_string=f"{quoted}!$A${head + 1}:$A${head + len(frame)}"))
        charts.append(ChartPart(tostring(pie._write()), FIRST_BLOCK_ROW + 18, column, 16, 9))
    return charts


__all__ = ["BLANK", "BLOCK_TITLES", "SHEET_TITLE", "TEXTS", "write_summary_workbook"]
