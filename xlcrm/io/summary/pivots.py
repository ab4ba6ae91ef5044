"""The 数据透视表 / PivotTables sheet: real PivotTables over the data table.

Three PivotTables a user can re-slice with the mouse (drag a field, filter an item):
customers and amount by region × value tier, customers by owner × activity, customers
and amount by segment. They share one pivot cache whose source is the data table's name,
so a refresh (Excel refreshes on opening; right-click → Refresh after edits) takes in
rows added to the table and categories typed since. Customers are the sum of the 在列
helper, so blank rows of a template's table count as nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from xlcrm.io.summary.data import DataSheet
from xlcrm.text import Text
from xlcrm.xlsx import PivotSource, PivotTableSpec, PivotValue, WorkbookPatch

PIVOTS_TITLE = Text("数据透视表", "PivotTables")
TEXTS = {
    "note": Text(
        "数据透视表随数据表刷新：打开文件时自动刷新，改动数据后右键 → 刷新；拖动字段可换个角度看。",
        "PivotTables refresh from the data table when the file opens; after edits right-click"
        " → Refresh. Drag fields to look at the data another way.",
    ),
    "values": Text("数值", "Values"),
    "customers": Text("客户数", "Customers"),
    "amount": Text("金额", "Amount"),
    "region_tier": Text("地区 × 价值等级", "Region × value tier"),
    "owner_activity": Text("负责人 × 活跃度", "Owner × activity"),
    "segment": Text("客户分群", "Segment"),
}
GAP = 2  # empty columns between two tables, room for an item more
COUNT_FORMAT, AMOUNT_FORMAT = 3, 4  # built-in numFmtId "#,##0" and "#,##0.00"


def pivot_source(ds: DataSheet, items: Mapping[str, Sequence[object]]) -> PivotSource:
    """The cache's source: the data table (or its range); ``items`` by data key."""
    names = {key: ds.refs.names[key] for key in items if key in ds.refs.names}
    shared = {names[key]: list(values) for key, values in items.items() if key in names}
    return PivotSource(ds.refs.sheet, ds.ref, tuple(ds.names), shared, table=ds.table)


def axis_items(values: Sequence[object]) -> list[object]:
    """The distinct values of a column in first-seen order (None for an empty cell)."""
    seen: dict[object, None] = {}
    for value in values:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            value = None
        seen.setdefault(value, None)
    return list(seen)


def add_pivot_sheet(
    patch: WorkbookPatch, ds: DataSheet, items: Mapping[str, Sequence[object]], language: str
) -> str:
    """The sheet with the PivotTables; its title."""
    t = {key: text(language) for key, text in TEXTS.items()}
    refs, source = ds.refs, pivot_source(ds, items)
    customers = PivotValue(refs.names["in_list"], "sum", t["customers"], COUNT_FORMAT)
    amount = (
        [PivotValue(refs.names["amount"], "sum", t["amount"], AMOUNT_FORMAT)]
        if refs.has("amount")
        else []
    )
    wanted = [
        ("region_tier", "region_grouped", "value_tier", [customers, *amount]),
        ("owner_activity", "owner", "activity", [customers]),
        ("segment", "segment", None, [customers, *amount]),
    ]
    specs, titles, column = [], [], 1
    for number, (key, rows, across, values) in enumerate(wanted, start=1):
        if not refs.has(rows):
            continue
        spec = PivotTableSpec(
            name=f"xlcrm{number}",
            rows=(refs.names[rows],),
            columns=(refs.names[across],) if across else (),
            values=tuple(values),
            row=4,
            column=column,
            data_caption=t["values"],
            row_caption=refs.names[rows],
        )
        specs.append(spec)
        titles.append((column, t[key]))
        column += spec.size(source)[1] + GAP
    cells: list[list[object]] = [[t["note"]], [None] * max(column - 1, 1)]
    for at, title in titles:
        cells[1][at - 1] = title
    title = patch.add_sheet(PIVOTS_TITLE(language), cells, header_rows=0, autofilter=False,
                            freeze_header=False, column_widths=[16] * max(column, 1))  # fmt: skip
    patch.add_pivot_tables(title, source, specs)
    return title
