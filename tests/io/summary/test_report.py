"""The Summary sheet (汇总): pandas numbers, the written workbook, and LibreOffice's recalc."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from xlcrm.core.summary.tables import BLANK, summary_tables
from xlcrm.core.tiers.scores import compute_tiers
from xlcrm.io.reader import read_table
from xlcrm.io.summary.report import BLOCK_TITLES, TEXTS, write_summary_workbook

ASOF = dt.date(2026, 11, 23)
HEADER = ["姓名", "公司", "地区", "负责人", "客户类型", "最近购买日期", "购买次数", "累计消费金额"]
REGIONS, OWNERS, TYPES = ["华东", "华南", "华北"], ["王芳", "李雷"], ["个人", "企业"]


def _rows(n: int = 30) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(n):
        amount: Any = 500 * (i + 1)
        if i % 7 == 3:
            amount = f"¥{amount:,}"
        if i == 11:
            amount = "不详"  # invalid: counted, not summed
        region = None if i == 17 else REGIONS[i % 3]
        date = ASOF - dt.timedelta(days=20 * i)
        rows.append([f"客户{i}", f"公司{i % 5}", region, OWNERS[i % 2], TYPES[i % 2], date,
                     1 + i % 6, amount])  # fmt: skip
    return rows


@pytest.fixture
def customers(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook(
        [["客户名单导出"], [], HEADER, *_rows()], name="客户.xlsx", sheet="客户名单"
    )


def test_summary_tables_on_a_small_table() -> None:
    df = pd.DataFrame(
        {
            "region": ["华东", "华东", "华南", None],
            "owner": ["甲", "乙", "甲", "甲"],
            "customer_type": ["个人", "企业", "个人", "个人"],
            "total_amount": [100, "¥1,200", "不详", 50.5],
            "name": ["a", "b", "c", "d"],
            "value_tier": ["高", "中", None, "低"],
            "activity": ["活跃", "沉睡", "活跃", None],
            "segment": ["重要价值", "重要价值", "一般", None],
        },
        index=[2, 3, 4, 5],
    )
    t = summary_tables(df)
    count = t["region_tier_count"]
    assert count.index.tolist() == ["华东", "华南", BLANK]
    assert count.columns.tolist() == ["高", "中", "低", BLANK]
    assert count.loc["华东"].tolist() == [1, 1, 0, 0] and count.loc[BLANK, "低"] == 1
    assert t["region_tier_amount"].loc["华东"].tolist() == [100.0, 1200.0, 0.0, 0.0]
    assert t["region_tier_amount"].loc["华南", BLANK] == 0.0  # 不详 is not summed
    assert t["owner_activity"].loc["甲"].tolist() == [2, 0, 1]
    types = t["customer_type"]
    assert types.loc["个人", "count"] == 3 and types.loc["个人", "amount"] == 150.5
    assert types.loc["个人", "average"] == pytest.approx(75.25)
    assert t["segment"]["count"].to_dict() == {"重要价值": 2, "一般": 1, BLANK: 1}
    assert t["top_customers"]["name"].tolist() == ["b", "a", "d"]


def test_missing_fields_skip_their_blocks() -> None:
    df = pd.DataFrame({"segment": ["a", "b"], "value_tier": ["高", "低"]})
    assert set(summary_tables(df)) == {"segment"}


def _write(customers: Path) -> tuple[Path, dict[str, pd.DataFrame]]:
    table = read_table(customers)
    tiers = compute_tiers(table.df, asof=ASOF)
    out = customers.with_name("汇总.xlsx")
    write_summary_workbook(table, tiers, out, asof=ASOF)
    data = table.df.join(tiers[["value_tier", "activity", "segment"]])
    data["all_tags"] = tiers["tags"]
    return out, summary_tables(data)


def test_workbook_has_formulas_and_two_charts(customers: Path) -> None:
    out, _ = _write(customers)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户名单", "汇总"]
    ws = wb["汇总"]
    formulas = [c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("=")]
    assert any(f.startswith("=COUNTIFS('客户名单'!$C$4:$C$33,$A") for f in formulas)
    assert any("SUMIFS(" in f and "AVERAGEIFS(" not in f for f in formulas)
    assert len(ws._charts) == 2
    data = wb["客户名单"]
    assert data.cell(3, 9).value == "R 近度" and data.cell(3, 18).value == "金额（数值）"
    assert data.cell(7, 18).value == 2000.0  # "¥2,000" as a number
    with zipfile.ZipFile(out) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 2


def test_rerun_replaces_the_sheet_and_columns(customers: Path) -> None:
    out, _ = _write(customers)
    table = read_table(out)
    again = out.with_name("again.xlsx")
    write_summary_workbook(table, compute_tiers(table.df, asof=ASOF), again, asof=ASOF)
    wb = openpyxl.load_workbook(again)
    assert wb.sheetnames == ["客户名单", "汇总"]
    assert wb["客户名单"].max_column == 18


def _blocks(ws: Any, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Row of each block's title in the written sheet."""
    titles = {TEXTS[BLOCK_TITLES.get(k, k)].zh: k for k in tables}
    found: dict[str, int] = {}
    for cell in ws["A"]:
        if cell.value in titles:
            found.setdefault(titles[cell.value], cell.row)  # a header may repeat the title
    return found


def _close(got: Any, want: Any) -> bool:
    if isinstance(want, float) and math.isnan(want):
        return got == ""
    return isinstance(got, int | float) and abs(float(got) - float(want)) < 0.01


def test_libreoffice_recalculates_the_pandas_numbers(
    customers: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    out, tables = _write(customers)
    rows = _blocks(openpyxl.load_workbook(out)["汇总"], tables)
    report = sheetcheck(out, "--show", "汇总!A1:G80")
    assert report["_exit_code"] == 0, report.get("sheets")
    grid = report["values"]["汇总!A1:G80"]
    checked = 0
    for key, frame in tables.items():
        if key == "top_customers":
            continue
        first = rows[key] + 1  # header row, 1-based → data rows follow
        for i, category in enumerate(frame.index):
            line = grid[first + i]  # 0-based list: grid[first + i] is row first + i + 1
            assert line[0] == (TEXTS["blank"].zh if category == BLANK else category)
            for j, want in enumerate(frame.iloc[i].tolist()):
                assert _close(line[j + 1], want), (key, category, j, line, want)
                checked += 1
            if key in ("region_tier_count", "region_tier_amount", "owner_activity"):
                assert _close(line[len(frame.columns) + 1], frame.iloc[i].sum())
        total = grid[first + len(frame)]
        if key == "tags":  # customers with two tags are in two rows: no total to add up
            assert total[0] == ""
            continue
        for j, column in enumerate(frame.columns):
            if column != "average":
                assert _close(total[j + 1], frame[column].sum()), (key, column, total)
    assert checked > 40
    top = tables["top_customers"]
    start = rows["top_customers"] + 1
    for i, record in enumerate(top.to_dict("records")):
        assert grid[start + i][1] == record["name"]
        assert _close(grid[start + i][3], record["amount"])
