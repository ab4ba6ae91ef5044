"""The workbook ``xlcrm diff`` writes: what changed between two months of the list.

Sheets (titles in the language of the new month's workbook):

* 月度对比 / Month over month: the two files and days, the customers new, gone, changed
  and unchanged, the value-tier and activity transitions (rows last month, columns this
  month, with 新增 and 流失) each with a chart, customers and amounts by region and by owner
  then and now (the change a formula), and the tier and activity trends over the months;
* 新增客户 / New customers and 流失客户 / Gone customers: key, row and the main fields;
* 变更明细 / Changes: one line per changed field, before and after as typed;
* 月度快照 / Monthly snapshot: the months both workbooks kept, and these two.

A new workbook, written by the streaming patcher over an empty one, so 100k changed rows
cost seconds.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.xml.functions import tostring

from xlcrm.core.diff.compare import ADDED, REMOVED, DiffResult
from xlcrm.core.summary.formulas import quote_sheet
from xlcrm.core.summary.numbers import MonthRow
from xlcrm.core.summary.tables import BLANK
from xlcrm.io.reader import SheetTable
from xlcrm.io.summary.months import MONTHS_TITLE, month_rows, trend_charts
from xlcrm.io.summary.sheet import Grid
from xlcrm.io.tiers.report import TIER_LABELS
from xlcrm.io.writer import check_output_path
from xlcrm.text import Text
from xlcrm.xlsx import ChartPart, SheetCell, WorkbookPatch, column_letters

TITLES = {
    "overview": Text("月度对比", "Month over month"),
    "added": Text("新增客户", "New customers"),
    "removed": Text("流失客户", "Gone customers"),
    "changed": Text("变更明细", "Changes"),
}
WORDS = {
    "title": Text("两个月的客户名单对比", "Two months of the customer list compared"),
    "old": Text("上月", "Last month"), "new": Text("本月", "This month"),
    "asof": Text("截至", "As of"), "key": Text("对应客户的列", "Customers matched by"),
    "customers": Text("客户变化", "Customers"), "count": Text("客户数", "Customers"),
    "added": Text("新增", "New"), "removed": Text("流失", "Gone"),
    "changed": Text("有变更", "Changed"), "unchanged": Text("未变更", "Unchanged"),
    "value_tier": Text("价值等级变化（行：上月，列：本月）", "Value tier moves (rows: last month, columns: this month)"),
    "activity": Text("活跃度变化（行：上月，列：本月）", "Activity moves (rows: last month, columns: this month)"),
    "none": Text("未分级", "None"), "total": Text("合计", "Total"),
    "region": Text("各地区：上月与本月", "By region: last month and this month"),
    "owner": Text("各负责人：上月与本月", "By owner: last month and this month"),
    "amount": Text("金额", "Amount"), "change": Text("变化", "Change"),
    "row": Text("行", "Row"), "row_old": Text("上月行", "Row last month"),
    "row_new": Text("本月行", "Row this month"), "field": Text("字段", "Field"),
    "before": Text("原值", "Before"), "after": Text("新值", "After"),
    "tier": Text("价值等级", "Value tier"), "blank": Text("（空白）", "(blank)"),
}  # fmt: skip
LISTED = ("name", "company", "region", "owner", "total_amount")
HEAD_FILL = "FFDDEBF7"


@dataclass(frozen=True)
class Month:
    """One side of the comparison: its table, tiers and day."""

    table: SheetTable
    tiers: pd.DataFrame
    asof: dt.date


def write_diff_workbook(
    result: DiffResult,
    old: Month,
    new: Month,
    months: Sequence[MonthRow],
    dst: Path,
) -> Path:
    """Write the diff workbook to ``dst`` (a new file)."""
    dst = check_output_path(Path(dst))
    language = new.table.language
    t = {key: text(language) for key, text in WORDS.items()}
    titles = {key: text(language) for key, text in TITLES.items()}
    with tempfile.TemporaryDirectory(prefix="xlcrm-") as folder:
        base = Path(folder) / "base.xlsx"
        book = openpyxl.Workbook()
        assert book.active is not None
        book.active.title = titles["overview"]
        book.save(base)
        patch = WorkbookPatch(base)
        grid, charts = _overview(result, old, new, t, titles["overview"])
        months_title = MONTHS_TITLE(language)
        charts += trend_charts(months_title, len(months), language, 2, 10 + 8)
        patch.add_sheet(titles["overview"], grid.rows(), header_rows=0, autofilter=False,
                        freeze_header=False, column_widths=[24] + [12] * 8, charts=charts)  # fmt: skip
        patch.add_sheet(titles["added"], _listed(result.added, new, result.key, t))
        patch.add_sheet(titles["removed"], _listed(result.removed, old, result.key, t))
        patch.add_sheet(titles["changed"], _changes(result, new.table, t),
                        column_widths=[14, 10, 10, 16, 30, 30])  # fmt: skip
        rows = month_rows(months, "", language=language, count=None)  # values, no formulas
        patch.add_sheet(months_title, rows, column_widths=[10, 12] + [10] * 9, autofilter=False)
        patch.save(dst)
    return dst


def _overview(
    result: DiffResult, old: Month, new: Month, t: dict[str, str], title: str
) -> tuple[Grid, list[ChartPart]]:
    grid = Grid()
    grid.put(1, 1, SheetCell(t["title"], bold=True, size=14))
    for row, (name, month) in enumerate(((t["old"], old), (t["new"], new)), start=2):
        grid.put(row, 1, name)
        grid.put(row, 2, month.table.path.name)
        grid.put(row, 4, t["asof"])
        grid.put(row, 5, SheetCell(month.asof, number_format="yyyy-mm-dd"))
    grid.put(4, 1, t["key"])
    grid.put(4, 2, result.key)
    top = _header(grid, 6, t["customers"], [t["count"]], t)
    counts = [(t["old"], len(old.table.df)), (t["new"], len(new.table.df)),
              (t["added"], len(result.added)), (t["removed"], len(result.removed)),
              (t["changed"], len(result.changed)), (t["unchanged"], result.unchanged)]  # fmt: skip
    for i, (label, count) in enumerate(counts):
        grid.put(top + i, 1, label)
        grid.put(top + i, 2, count)
    top += len(counts) + 1
    charts: list[ChartPart] = []
    language = "en" if t["old"] == WORDS["old"].en else "zh"
    for name in ("value_tier", "activity"):
        if name in result.transitions:
            table = result.transitions[name]
            first = top
            top = _matrix(grid, top, t[name], table, t, language)
            charts.append(_moves_chart(title, first + 1, table, t[name], len(charts)))
    for name in ("region", "owner"):
        if name in result.totals:
            top = _totals(grid, top, t[name], result.totals[name], t)
    return grid, charts


def _header(grid: Grid, top: int, title: str, columns: Sequence[str], t: dict[str, str]) -> int:
    grid.put(top, 1, SheetCell(title, bold=True, size=12))
    for j, text in enumerate(columns, start=2):
        grid.put(top + 1, j, SheetCell(text, bold=True, fill=HEAD_FILL))
    grid.put(top + 1, 1, SheetCell("", fill=HEAD_FILL))
    return top + 2


def _label(code: object, t: dict[str, str], language: str) -> str:
    if code == BLANK:
        return t["none"]
    if code in (ADDED, REMOVED):
        return t["added"] if code == ADDED else t["removed"]
    label = TIER_LABELS.get(str(code))
    return label(language) if label is not None else str(code)


def _matrix(
    grid: Grid, top: int, title: str, table: pd.DataFrame, t: dict[str, str], language: str
) -> int:
    """A transition table: last month's tier down, this month's across, counts inside."""
    columns = [_label(c, t, language) for c in table.columns]
    first = _header(grid, top, title, columns, t)
    for i, before in enumerate(table.index):
        grid.put(first + i, 1, _label(before, t, language))
        for j, after in enumerate(table.columns, start=2):
            grid.put(first + i, j, int(table.at[before, after]))
    return first + len(table) + 1


def _moves_chart(title: str, head: int, table: pd.DataFrame, name: str, n: int) -> ChartPart:
    """Columns per last month's tier, one bar per tier it moved to."""
    sheet = quote_sheet(title)
    last = column_letters(len(table.columns) + 1)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.title = "col", "stacked", 100, name
    chart.add_data(
        Reference(range_string=f"{sheet}!$B${head}:${last}${head + len(table)}"),
        titles_from_data=True,
    )
    chart.set_categories(Reference(range_string=f"{sheet}!$A${head + 1}:$A${head + len(table)}"))
    return ChartPart(tostring(chart._write()), 2 + 18 * n, 10, 16, 8)


def _totals(grid: Grid, top: int, title: str, table: pd.DataFrame, t: dict[str, str]) -> int:
    """Customers and amounts then and now, the changes as formulas."""
    columns = [f"{t['count']} {t['old']}", f"{t['count']} {t['new']}", t["change"],
               f"{t['amount']} {t['old']}", f"{t['amount']} {t['new']}", t["change"]]  # fmt: skip
    first = _header(grid, top, title, columns, t)
    for i, (label, row) in enumerate(table.iterrows()):
        r = first + i
        grid.put(r, 1, t["blank"] if label == BLANK else str(label))
        grid.put(r, 2, int(row["customers_old"]))
        grid.put(r, 3, int(row["customers_new"]))
        change = int(row["customers_new"] - row["customers_old"])
        grid.put(r, 4, SheetCell(change, formula=f"C{r}-B{r}", number_format="+#,##0;-#,##0;0"))
        grid.put(r, 5, SheetCell(float(row["amount_old"]), number_format="#,##0.00"))
        grid.put(r, 6, SheetCell(float(row["amount_new"]), number_format="#,##0.00"))
        delta = float(row["amount_new"] - row["amount_old"])
        grid.put(
            r, 7, SheetCell(delta, formula=f"F{r}-E{r}", number_format="+#,##0.00;-#,##0.00;0")
        )
    return first + len(table) + 1


def _listed(
    rows: Sequence[tuple[str, int]], month: Month, key: str, t: dict[str, str]
) -> list[list[object]]:
    """New (or gone) customers: key, row, the main fields as typed, the value tier."""
    table = month.table
    fields = [f for f in LISTED if f in table.field_keys]
    header: list[object] = [key, t["row"], *(_header_of(table, f) for f in fields), t["tier"]]
    out: list[list[object]] = [header]
    for shown, row in rows:
        values = table.df.loc[row]
        cells = [values[table.field_keys[f]] for f in fields]
        tier = month.tiers.at[row, "value_tier"]
        label = TIER_LABELS.get(str(tier))
        out.append([shown, row, *cells, label(table.language) if label else ""])
    return out


def _header_of(table: SheetTable, field: str) -> str:
    column = table.column_for(field)
    return column.header if column is not None else field


def _changes(result: DiffResult, table: SheetTable, t: dict[str, str]) -> list[list[object]]:
    """One line per changed field of a customer in both months."""
    headers = {c.key: c.header for c in table.columns}
    out: list[list[object]] = [
        [result.key, t["row_old"], t["row_new"], t["field"], t["before"], t["after"]]
    ]
    for change in result.changed:
        for name, (before, after) in change.fields.items():
            out.append([change.key, change.row_old, change.row_new, headers.get(name, name),
                        before, after])  # fmt: skip
    return out
