"""Write ``xlcrm summary --out``: a copy whose summaries follow the data.

The copy holds, besides the user's sheets (copied byte for byte by the streaming patcher):

* the data sheet made an Excel table, with the tier columns and formula helper columns
  (:mod:`xlcrm.io.summary.data`);
* 汇总 / Summary: the thresholds the formulas read (change one and everything follows),
  the blocks of COUNTIFS/SUMIFS over the table (:mod:`.sheet`), the top 10 by array
  formulas (:mod:`.top`), the data-quality panel, and charts: region × tier, segments,
  and the value-tier and activity trends over the months;
* 数据透视表 / PivotTables (:mod:`.pivots`), 月度快照 / Monthly snapshot (:mod:`.months`)
  and 地区归并 / Region groups, the lookup the grouped-region helper reads.

Every formula carries the value pandas computed (:class:`SummaryNumbers`), and the
workbook asks to be recalculated on opening.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.xml.functions import tostring

from xlcrm.core.summary import formulas as f
from xlcrm.core.summary.numbers import SummaryNumbers, month_of, relabel
from xlcrm.core.summary.tables import region_spellings
from xlcrm.core.tiers.rules import TierRules
from xlcrm.core.values.findings import ISSUE_NAMES, IssueCode
from xlcrm.io.check.report import ISSUES_TITLE
from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import compresslevel
from xlcrm.io.reader import SheetTable
from xlcrm.io.sources import open_source
from xlcrm.io.summary import sheet as blocks
from xlcrm.io.summary.data import DataSheet, field_data, write_data_sheet
from xlcrm.io.summary.months import MONTHS_TITLE, count_formula, month_rows, trend_charts
from xlcrm.io.summary.pivots import add_pivot_sheet, axis_items
from xlcrm.io.summary.texts import BLOCK_TITLES, PARAMETERS, TEXTS
from xlcrm.io.summary.top import top_block
from xlcrm.io.tiers.report import tier_labels
from xlcrm.text import Text
from xlcrm.xlsx import ChartPart, PatchSummary, SheetCell, WorkbookPatch, column_letters

SHEET_TITLE = Text("汇总", "Summary")
REGIONS_TITLE = Text("地区归并", "Region groups")
REGION_MAP_ROWS = 1000  # the lookup's range: room for spellings users add below ours
FIRST_BLOCK_ROW = 10
WIDTHS = [24, 16, 16, 16, 16, 16, 16, 12]


@dataclass(frozen=True)
class IssueCounts:
    """The Issues sheet of an earlier ``check --out``: its title, last row, and counts."""

    sheet: str
    last: int
    counts: list[tuple[str, str, int]]  # (code, severity, count), most first

    def named(self, language: str) -> list[tuple[str, str, str, int]]:
        """(code, name, severity, count): the name in ``language`` (手机号无效 / Invalid phone)."""
        return [(code, issue_name(code, language), sev, n) for code, sev, n in self.counts]


def issue_name(code: str, language: str) -> str:
    try:
        return ISSUE_NAMES[IssueCode(code)](language)
    except ValueError:  # a code of another version: shown as it is
        return code


def read_issue_counts(path: Path, language: str, password: str | None = None) -> IssueCounts | None:
    """The issues by code of the workbook's 问题清单/Issues sheet, if it has one."""
    source = open_source(path, password=password)
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
    return IssueCounts(sheet, max(len(grid), 2), [(c, s, n) for (c, s), n in ordered])


def thresholds(summary: str) -> f.Thresholds:
    """Where the formulas read the as-of day and the tier thresholds (the Summary's top)."""
    cells = {key: f"{f.quote_sheet(summary)}!{ref}" for key, (_text, ref) in PARAMETERS.items()}
    return f.Thresholds(**cells)


def write_summary_workbook(
    table: SheetTable,
    tiers: pd.DataFrame,
    numbers: SummaryNumbers,
    dst: Path,
    *,
    rules: TierRules,
    issues: IssueCounts | None = None,
    password: str | None = None,
) -> PatchSummary:
    """Write the copy with the data table, the Summary, PivotTables and the snapshot."""
    language, asof = table.language, numbers.asof
    title = SHEET_TITLE(language)
    data = field_data(table, tiers)

    def build(patch: WorkbookPatch, sheet: str) -> None:
        regions = REGIONS_TITLE(language)
        region_map = f"{f.quote_sheet(regions)}!$A$2:$B${REGION_MAP_ROWS}"
        ds = write_data_sheet(
            patch, sheet, table, tiers, data, limits=thresholds(title),
            region_map=region_map, asof=asof,
        )  # fmt: skip
        layout = blocks.Layout(ds.refs, {k: t(language) for k, t in TEXTS.items()}, language)
        shown = relabel(numbers.tables, tier_labels(language))
        grid, anchors = _summary_grid(layout, ds, shown, numbers, rules, issues)
        months_title = MONTHS_TITLE(language)
        charts = _charts(title, layout, shown, anchors)
        right = max(layout.widths, default=4) + 2
        charts += trend_charts(months_title, len(numbers.months), language, FIRST_BLOCK_ROW + 36,
                               right)  # fmt: skip
        patch.add_sheet(title, grid.rows(), header_rows=0, column_widths=WIDTHS,
                        freeze_header=False, autofilter=False, charts=charts)  # fmt: skip
        add_pivot_sheet(patch, ds, _pivot_items(data, ds, tiers, language), language)
        rows = month_rows(numbers.months, month_of(asof), language=language,
                          count=count_formula(ds.refs))  # fmt: skip
        patch.add_sheet(months_title, rows, column_widths=[10, 12] + [10] * 9, autofilter=False)
        spellings = [[w, g] for w, g in region_spellings()]
        patch.add_sheet(regions, [[t(language) for t in blocks_header()], *spellings],
                        column_widths=[22, 12], autofilter=False)  # fmt: skip
        patch.calculate_on_open()

    return write_copy(
        table, Path(dst), build, password=password, compresslevel=compresslevel(table)
    )


def blocks_header() -> tuple[Text, Text]:
    return (Text("写法", "Written"), Text("归并为", "Grouped as"))


def _pivot_items(
    data: pd.DataFrame, ds: DataSheet, tiers: pd.DataFrame, language: str
) -> dict[str, list[object]]:
    """The current values of the pivot tables' axis fields, as the cells show them."""
    from xlcrm.core.summary import helpers

    shown = tier_labels(language)
    items: dict[str, list[object]] = {}
    if "region" in data:
        items["region_grouped"] = axis_items(helpers.regions(data))
    if "owner" in data:
        items["owner"] = axis_items(data["owner"].tolist())
    for key in ("value_tier", "activity", "segment"):
        values = [shown.get(v, v) if isinstance(v, str) else None for v in tiers[key]]
        if key != "segment":
            values = ["" if v is None else v for v in values]
        items[key] = axis_items(values)
    return items


def _summary_grid(
    layout: blocks.Layout,
    ds: DataSheet,
    tables: dict[str, pd.DataFrame],
    numbers: SummaryNumbers,
    rules: TierRules,
    issues: IssueCounts | None,
) -> tuple[blocks.Grid, dict[str, int]]:
    """Title, thresholds, the blocks one under another, then the data-quality panel."""
    t, grid = layout.texts, blocks.Grid()
    grid.put(1, 1, SheetCell(t["title"], bold=True, size=14))
    values = _parameter_values(numbers.asof, rules)
    for key, (text, ref) in PARAMETERS.items():
        row, column = int(ref.split("$")[2]), 2 if ref.startswith("$B") else 4
        grid.put(row, column - 1, text(layout.language))
        grid.put(row, column, SheetCell(values[key], number_format=_format(key)))
    count = f"SUM({layout.column('in_list')})"
    grid.put(2, 5, t["rows"])
    grid.put(2, 6, blocks.formula(count, numbers.rows, blocks.COUNT_FORMAT))
    grid.put(6, 1, t["note"])
    grid.put(7, 1, t["note2"])
    if ds.table is None:
        grid.put(8, 1, SheetCell(t["no_table"], bold=True, fill=blocks.OTHER_FILL))
    top, anchors = FIRST_BLOCK_ROW, {}
    for key, frame in tables.items():
        anchors[key] = top
        if key in blocks.CROSSTABS:
            top = blocks.crosstab_block(grid, layout, key, frame, top)
        elif key == "top_customers":
            top = top_block(grid, layout, frame, top)
        else:
            title = BLOCK_TITLES.get(key, key)
            top = blocks.category_block(
                grid, layout, title, frame, top, average_all=numbers.average
            )
    _quality_panel(grid, layout, numbers, issues, top)
    return grid, anchors


def _parameter_values(asof: dt.date, rules: TierRules) -> dict[str, object]:
    return {
        "asof": asof,
        "active_days": rules.active_days,
        "sleeping_days": rules.sleeping_days,
        "high_amount": rules.high_amount,
        "high_count": rules.high_count,
        "mid_amount": rules.mid_amount,
        "mid_count": rules.mid_count,
    }


def _format(key: str) -> str:
    return {"asof": "yyyy-mm-dd", "high_amount": "#,##0", "mid_amount": "#,##0"}.get(key, "0")


def _quality_panel(
    grid: blocks.Grid,
    layout: blocks.Layout,
    numbers: SummaryNumbers,
    issues: IssueCounts | None,
    top: int,
) -> int:
    """Unscored rows by reason; check issues by code and duplicate groups when present."""
    t, refs = layout.texts, layout.refs

    def unscored_rows() -> Iterator[tuple[list[object], str, int]]:
        for i, (reason, count) in enumerate(numbers.unscored):
            crit = f.criterion(reason, f"$A{top + 2 + i}")
            yield [reason], f"COUNTIFS({layout.listed},{refs.column('unscored')},{crit})", count

    header = [t["reason"], t["count"]]
    top = blocks.counted_rows(grid, layout, top, "unscored", header, unscored_rows())
    if issues is not None:
        codes = f"{f.quote_sheet(issues.sheet)}!$F$2:$F${issues.last}"

        def issue_rows() -> Iterator[tuple[list[object], str, int]]:
            named = issues.named(layout.language)
            for i, (code, name, severity, count) in enumerate(named):
                yield [name, code, severity], f"COUNTIF({codes},$B{top + 2 + i})", count

        header = [t["issue"], t["code"], t["severity"], t["count"]]
        top = blocks.counted_rows(grid, layout, top, "issues", header, issue_rows())
    if numbers.duplicates is not None and refs.has("duplicate_group"):
        groups, members = numbers.duplicates
        in_groups = f'COUNTIFS({layout.listed},{refs.column("duplicate_group")},"<>")'
        rows = [([t["groups"]], "", groups), ([t["rows_in_groups"]], in_groups, members)]
        top = blocks.counted_rows(
            grid, layout, top, "duplicates", [t["item"], t["count"]], iter(rows)
        )
    return top


def _charts(
    title: str, layout: blocks.Layout, tables: dict[str, pd.DataFrame], anchors: dict[str, int]
) -> list[ChartPart]:
    """A clustered column chart of region × value tier and a pie of segments, right of the blocks."""
    quoted = f.quote_sheet(title)
    column = max(layout.widths, default=4) + 2
    charts = []
    if "region_tier_count" in tables:
        frame, head = tables["region_tier_count"], anchors["region_tier_count"] + 1
        bar = BarChart()
        bar.type, bar.grouping, bar.title = "col", "clustered", layout.texts["bar_chart"]
        last = column_letters(len(frame.columns) + 1)
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


__all__ = ["REGIONS_TITLE", "SHEET_TITLE", "read_issue_counts", "write_summary_workbook"]
