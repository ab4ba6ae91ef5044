"""The data sheet of ``xlcrm summary --out``: an Excel table with formula helper columns.

The user's rows become an Excel table (or the table they are in grows), so every formula
of the Summary sheet and the pivot cache name its columns (``客户表[金额（数值）]``) and
follow the rows a user adds below it; Excel fills the calculated columns into new rows
by itself. To the right of the user's columns come the tier columns (as ``xlcrm tier
--out`` writes them; the value tier and the activity as formulas) and the helper columns
of :mod:`xlcrm.core.summary.formulas`, each one shared formula with the pandas result
cached in every cell. A re-run finds its columns by their headers and writes them again.

A sheet whose data a table cannot cover (merged cells in it, another table across it)
gets the same columns over plain ranges of the rows there are now, and the Summary sheet
says that rows added later are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from xlcrm.core.summary import formulas as f
from xlcrm.core.summary import helpers
from xlcrm.core.summary.tables import ACTIVITY_ORDER, GROUP, TIER_ORDER
from xlcrm.io.dedupe.files import GROUP_HEADER, both
from xlcrm.io.reader import Column, SheetTable
from xlcrm.io.tiers.report import HEADER_FILL, TIER_COLUMNS, first_tier_column, tier_cells
from xlcrm.text import Text
from xlcrm.xlsx import (
    CellPatch,
    TableColumn,
    TableInfo,
    WorkbookPatch,
    column_letters,
    ranges_overlap,
)

TABLE_NAME = Text("客户表", "CustomerTable")
COLUMN_NAME = Text("列{n}", "Column{n}")  # a column without a header, as Excel names it
AMOUNT_FORMAT, DATE_FORMAT = "#,##0.00", "yyyy-mm-dd"
# (key, header, the field it needs): the helper columns, left to right.
HELPERS: tuple[tuple[str, Text, str | None], ...] = (
    ("in_list", Text("在列", "In list"), None),
    ("amount", Text("金额（数值）", "Amount (number)"), "total_amount"),
    ("count", Text("次数（数值）", "Count (number)"), "purchase_count"),
    ("date", Text("最近购买（日期）", "Last purchase (date)"), "last_purchase_at"),
    ("region_grouped", Text("地区（归并）", "Region (grouped)"), "region"),
    ("tags_marked", Text("标签（归并）", "Tags (split)"), "tags"),
    ("customer_key", Text("客户键", "Customer key"), GROUP),
)
FORMULA_TIERS = ("value_tier", "activity")


def tier_key(name: str) -> str:
    """The data key of a tier column (the auto tags are not the user's tags field)."""
    return "auto_tags" if name == "tags" else name


TIER_FIELDS = ("amount_raw", "count_raw", "date_raw", "type_raw")


@dataclass
class DataSheet:
    """What the Summary sheet and the pivots need to know of the data sheet."""

    refs: f.Refs
    names: list[str]  # the table's (or range's) column names, left to right
    ref: str  # the table's range, header row included
    table: str | None  # the table's name (None: plain ranges)


def field_data(table: SheetTable, tiers: pd.DataFrame) -> pd.DataFrame:
    """The rows with field names as columns, the tier results and the duplicate group."""
    data = table.df.rename(columns={v: k for k, v in table.field_keys.items()})
    data = data.join(tiers[["value_tier", "activity", "segment", "unscored"]])
    group = next((c for c in table.columns if c.header in both(GROUP_HEADER)), None)
    if group is not None:
        data[GROUP] = table.df[group.key]
    return data


def _positions(table: SheetTable, data: pd.DataFrame) -> dict[str, int]:
    """1-based column of every key: the user's fields, the tier columns and the helpers."""
    positions = {c.field: c.position + 1 for c in table.columns if c.field}
    first = first_tier_column(table)
    positions |= {tier_key(name): first + i for i, (name, _) in enumerate(TIER_COLUMNS)}
    if GROUP in data:
        group = next(c for c in table.columns if c.header in both(GROUP_HEADER))
        positions[GROUP] = group.position + 1
    headers = {c.header: c.position + 1 for c in table.columns}
    free = first + len(TIER_COLUMNS)
    for key, header, needs in HELPERS:
        if needs is not None and needs not in data:
            continue
        found = next((headers[h] for h in both(header) if h in headers), None)
        if found is None:
            while free in headers.values() or free in positions.values():
                free += 1
            found = free
        positions[key] = found
    return positions


def _names(table: SheetTable, last: int, keep: TableInfo | None, ours: dict[int, str]) -> list[str]:
    """A unique one-line name for each column from A to ``last``: the table's, then ours
    (tier and helper headers), then the header cell's text, else 列N."""
    kept = list(keep.columns) if keep is not None else []
    texts = {c.position + 1: c.header for c in table.columns} | ours
    names: list[str] = []
    seen: set[str] = set()
    for column in range(1, last + 1):
        text = kept[column - 1] if column <= len(kept) else texts.get(column, "")
        name = " ".join(text.split()) or COLUMN_NAME(table.language).format(n=column)
        base, number = name, 1
        while name.casefold() in seen:
            number += 1
            name = f"{base}{number}"
        seen.add(name.casefold())
        names.append(name)
    return names


def _table_to_reuse(
    patch: WorkbookPatch, sheet: str, table: SheetTable, ref: str
) -> tuple[bool, TableInfo | None]:
    """(a table can cover ``ref``, the user's table to grow into it if there is one)."""
    if any(ranges_overlap(m, ref) for m in patch.merged_ranges(sheet)):
        return False, None
    reuse = None
    for info in patch.tables(sheet):
        if not ranges_overlap(info.ref, ref):
            continue
        top, left, _bottom, _right = info.bounds
        if reuse is not None or top != table.header_row or left != 1:
            return False, None
        reuse = info
    return True, reuse


def write_data_sheet(
    patch: WorkbookPatch,
    sheet: str,
    table: SheetTable,
    tiers: pd.DataFrame,
    data: pd.DataFrame,
    *,
    limits: f.Thresholds,
    region_map: str,
    asof: dt.date,
) -> DataSheet:
    """Tier and helper columns into the data sheet, the data made a table; how to name it."""
    positions = _positions(table, data)
    last_column = max(positions.values())
    rows = [int(r) for r in table.df.index]
    last_row = max([table.header_row + 1, *rows])
    ref = f"A{table.header_row}:{column_letters(last_column)}{last_row}"
    as_table, keep = _table_to_reuse(patch, sheet, table, ref)
    if keep is not None:
        last_row = max(last_row, keep.bounds[2])
        ref = f"A{table.header_row}:{column_letters(last_column)}{last_row}"
    ours = {positions[tier_key(name)]: header(table.language) for name, header in TIER_COLUMNS}
    ours |= {positions[k]: header(table.language) for k, header, _ in HELPERS if k in positions}
    names = _names(table, last_column, keep, ours)
    keys = {key: names[column - 1] for key, column in positions.items()}
    name = patch.free_table_name(TABLE_NAME(table.language)) if keep is None else keep.name
    letters = {key: column_letters(column) for key, column in positions.items()}
    first = table.header_row + 1
    refs = f.Refs(
        sheet, first, last_row, table.header_row, keys, letters,
        name if as_table else None, tuple(names),
    )  # fmt: skip
    texts = _formulas(refs, table, data, limits, region_map)
    if as_table:
        keys_at = {column: key for key, column in positions.items()}
        columns = [TableColumn(n, texts.get(keys_at.get(i + 1, ""))) for i, n in enumerate(names)]
        patch.set_table(sheet, ref, columns, name=name, replace=keep)
    header = {(table.header_row, c): CellPatch(value=n) for c, n in enumerate(names, start=1)}
    for column in ours:
        header[(table.header_row, column)] = CellPatch(value=names[column - 1], fill=HEADER_FILL)
    patch.patch_cells(sheet, header)
    _write_values(patch, sheet, table, tiers, positions, first, last_row)
    cached = _cached(data, tiers, asof, table.language)
    for key, text in texts.items():
        column = positions[key]
        values = _by_row(rows, cached[key], first, last_row, 0 if key == "in_list" else "")
        number_format = {"amount": AMOUNT_FORMAT, "date": DATE_FORMAT}.get(key)
        patch.fill_formula(sheet, column, (first, last_row), text, values, number_format)
    return DataSheet(refs, names, ref, name if as_table else None)


def _formulas(
    refs: f.Refs,
    table: SheetTable,
    data: pd.DataFrame,
    limits: f.Thresholds,
    region_map: str,
) -> dict[str, str]:
    """key → formula of each formula column (helpers, value tier, activity)."""
    user = [c for c in table.columns if c.position + 1 < first_tier_column(table)]
    cell: Callable[[str], str] = refs.cell
    texts = {"in_list": _in_list(refs, names_of(refs, user[0]), names_of(refs, user[-1]))}
    readers = {
        "amount": lambda: f.amount_number(cell("total_amount")),
        "count": lambda: f.count_number(cell("purchase_count")),
        "date": lambda: f.date_number(cell("last_purchase_at")),
        "region_grouped": lambda: f.grouped_region(cell("region"), region_map),
        "tags_marked": lambda: f.tags_marked(cell("tags")),
        "customer_key": lambda: f.customer_key(cell(GROUP)),
    }
    texts |= {key: make() for key, make in readers.items() if refs.has(key)}
    raw = {name: cell(field) if refs.has(field) else None for name, field in zip(
        TIER_FIELDS, ("total_amount", "purchase_count", "last_purchase_at", "customer_type"),
        strict=True,
    )}  # fmt: skip
    blank = '""'
    inputs = f.TierCells(
        amount=cell("amount") if refs.has("amount") else blank,
        count=cell("count") if refs.has("count") else blank,
        date=cell("date") if refs.has("date") else blank,
        **raw,
    )
    labels = _labels(table.language)
    texts["value_tier"] = f.value_tier(inputs, limits, labels["value_tier"])
    texts["activity"] = f.activity(inputs.date, limits, labels["activity"])
    return texts


def names_of(refs: f.Refs, column: Column) -> tuple[str, str]:
    """(table column name, letter) of a sheet column."""
    return refs.all_names[column.position], column.letter


def _in_list(refs: f.Refs, first: tuple[str, str], last: tuple[str, str]) -> str:
    """The in-list formula over the user's columns ``first`` .. ``last`` (name, letter)."""
    span = f.Refs(
        refs.sheet, refs.first, refs.last, refs.header_row,
        {**refs.names, "_first": first[0], "_last": last[0]},
        {**refs.letters, "_first": first[1], "_last": last[1]}, refs.table,
    )  # fmt: skip
    return f.in_list(span, "_first", "_last")


def _labels(language: str) -> dict[str, list[str]]:
    from xlcrm.io.tiers.report import TIER_LABELS

    return {
        "value_tier": [TIER_LABELS[c](language) for c in TIER_ORDER],
        "activity": [TIER_LABELS[c](language) for c in ACTIVITY_ORDER],
    }


def _write_values(
    patch: WorkbookPatch,
    sheet: str,
    table: SheetTable,
    tiers: pd.DataFrame,
    positions: dict[str, int],
    first: int,
    last: int,
) -> None:
    """The tier columns that stay values (R, F, M, segment, VIP, tags, reason)."""
    rows = [int(r) for r in tiers.index]
    cells: dict[tuple[int, int], CellPatch] = {}
    for name, _header in TIER_COLUMNS:
        if name in FORMULA_TIERS:
            continue
        shown = tier_cells(name, tiers[name].tolist(), table.language)
        column = positions[tier_key(name)]
        cells.update(zip(((row, column) for row in rows), shown, strict=True))
    patch.patch_cells(sheet, cells)


def _cached(
    data: pd.DataFrame, tiers: pd.DataFrame, asof: dt.date, language: str
) -> dict[str, Sequence[object]]:
    """The pandas result of each formula column, row by row."""
    shown = {code: label for key, codes in _labels(language).items() for code, label in zip(
        TIER_ORDER if key == "value_tier" else ACTIVITY_ORDER, codes, strict=True
    )}  # fmt: skip
    cached: dict[str, Sequence[object]] = {
        "in_list": [1] * len(data),
        "value_tier": [shown.get(v, "") if isinstance(v, str) else "" for v in tiers["value_tier"]],
        "activity": [shown.get(v, "") if isinstance(v, str) else "" for v in tiers["activity"]],
    }
    makers: dict[str, Callable[[], Sequence[object]]] = {
        "amount": lambda: helpers.amounts(data),
        "count": lambda: helpers.counts(data),
        "date": lambda: helpers.dates(data, asof),
        "region_grouped": lambda: helpers.regions(data),
        "tags_marked": lambda: helpers.tags(data),
        "customer_key": lambda: helpers.keys(data),
    }
    needs = {key: field for key, _h, field in HELPERS}
    for key, make in makers.items():
        if needs[key] in data:
            cached[key] = make()
    return cached


def _by_row(
    rows: list[int], values: Sequence[object], first: int, last: int, empty: object
) -> list[object]:
    """``values`` of the data rows placed on rows ``first`` .. ``last`` (``empty`` between)."""
    placed: list[object] = [empty] * (last - first + 1)
    for row, value in zip(rows, values, strict=True):
        placed[row - first] = value
    return placed
