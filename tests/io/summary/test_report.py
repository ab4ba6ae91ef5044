"""The summary copy: the data as an Excel table with formula helpers, the Summary sheet,
PivotTables, the monthly snapshot, and LibreOffice's recalculation of all of it."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.io.summary.conftest import ASOF, block_row, close, shown_tables, summarise_to
from xlcrm.core.summary.tables import BLANK
from xlcrm.io.reader import read_table
from xlcrm.io.summary.data import HELPERS
from xlcrm.io.summary.months import MONTHS_TITLE, read_months
from xlcrm.io.summary.texts import BLOCK_TITLES, TEXTS

HEADER = ["姓名", "公司", "地区", "负责人", "客户类型", "最近购买日期", "购买次数", "累计消费金额",
          "标签"]  # fmt: skip
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
                     1 + i % 6, amount, ["VIP,线上", "线上", None][i % 3]])  # fmt: skip
    return rows


@pytest.fixture
def customers(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook(
        [["客户名单导出"], [], HEADER, *_rows()], name="客户.xlsx", sheet="客户名单"
    )


def test_the_data_becomes_a_table_with_formula_helpers(customers: Path) -> None:
    out = customers.with_name("汇总.xlsx")
    summarise_to(customers, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户名单", "汇总", "数据透视表", "月度快照", "地区归并"]
    data = wb["客户名单"]
    (table,) = data.tables.values()
    assert table.ref == "A3:X33" and table.displayName == "客户表"
    headers = [c.value for c in data[3]]
    assert headers[9:18] == ["R 近度", "F 频度", "M 额度", "客户分群", "价值等级", "活跃度", "VIP",
                             "自动标签", "未评分原因"]  # fmt: skip
    assert headers[18:] == [h.zh for key, h, _ in HELPERS if key != "customer_key"]
    # The value tier and the helpers are formulas down the column, shared from row 4.
    tier = data.cell(4, 14).value
    assert str(tier).startswith("=IF(AND(") and "客户表[[#This Row],[金额（数值）]]" in str(tier)
    formulas = {c.column_letter: c.value for c in data[7] if str(c.value).startswith("=")}
    assert set(formulas) == {"N", "O", "S", "T", "U", "V", "W", "X"}
    cached = openpyxl.load_workbook(out, data_only=True)["客户名单"]
    assert cached["T7"].value == 2000 and cached["N7"].value == "中"  # "¥2,000" as a number
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        table_xml = z.read("xl/tables/table1.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    assert table_xml.count("<calculatedColumnFormula>") == 8
    assert sum(n.startswith("xl/charts/chart") for n in names) == 4
    assert sum(n.startswith("xl/pivotTables/pivotTable") and n.endswith(".xml") for n in names) == 3
    assert book.count("<pivotCache ") == 1 and 'fullCalcOnLoad="1"' in book


def test_a_rerun_replaces_its_sheets_columns_and_caches(customers: Path) -> None:
    out = customers.with_name("汇总.xlsx")
    summarise_to(customers, out)
    again = out.with_name("again.xlsx")
    summarise_to(out, again, ASOF + dt.timedelta(days=40))
    wb = openpyxl.load_workbook(again)
    assert wb.sheetnames == ["客户名单", "汇总", "数据透视表", "月度快照", "地区归并"]
    assert wb["客户名单"].max_column == 24 and len(wb["客户名单"].tables) == 1
    with zipfile.ZipFile(again) as z:
        caches = [n for n in z.namelist() if n.startswith("xl/pivotCache/") and "_rels" not in n]
        assert len(caches) == 1 and z.read("xl/workbook.xml").decode().count("<pivotCache ") == 1
    months = read_months(again)  # November kept, January added
    assert [m.month for m in months] == ["2026-11", "2027-01"] and months[0].customers == 30
    assert wb[MONTHS_TITLE.zh].max_row == 3


def test_the_users_table_grows_instead_of_a_new_one(
    tmp_path: Path, make_workbook: Callable[..., Path]
) -> None:
    path = make_workbook([HEADER, *_rows(5), *[[None] * len(HEADER)] * 3], name="表.xlsx")
    wb = openpyxl.load_workbook(path)
    from openpyxl.worksheet.table import Table

    wb["客户"].add_table(Table(displayName="我的客户", ref="A1:I9"))
    wb.save(path)
    out = tmp_path / "表.summary.xlsx"
    summarise_to(path, out)
    data = openpyxl.load_workbook(out)["客户"]
    (table,) = data.tables.values()
    assert (table.displayName, table.ref) == ("我的客户", "A1:X9")  # its blank rows kept
    values = openpyxl.load_workbook(out, data_only=True)["客户"]
    assert [values.cell(r, 19).value for r in range(2, 10)] == [1] * 5 + [0] * 3  # 在列


def _blocks(ws: Any, tables: dict[str, Any]) -> dict[str, int]:
    """Row of each block's title in the written sheet."""
    titles = {TEXTS[BLOCK_TITLES.get(k, k)].zh: k for k in tables}
    found: dict[str, int] = {}
    for cell in ws["A"]:
        if cell.value in titles:
            found.setdefault(titles[cell.value], cell.row)  # a header may repeat the title
    return found


@pytest.mark.sheetcheck
def test_libreoffice_recalculates_the_pandas_numbers(
    customers: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    out = customers.with_name("汇总.xlsx")
    table, numbers = summarise_to(customers, out)
    tables = shown_tables(numbers, table.language)
    rows = _blocks(openpyxl.load_workbook(out)["汇总"], tables)
    report = sheetcheck(out, "--show", "汇总!A1:H120")
    assert report["_exit_code"] == 0, report.get("sheets")
    assert [s["pivot_tables"] for s in report["sheets"]][2] == ["xlcrm1", "xlcrm2", "xlcrm3"]
    grid = report["values"]["汇总!A1:H120"]
    checked = 0
    for key, frame in tables.items():
        if key == "top_customers":
            continue
        first = rows[key] + 1  # header row, 1-based → data rows follow
        for i, category in enumerate(frame.index):
            line = grid[first + i]  # 0-based list: grid[first + i] is row first + i + 1
            assert line[0] == (TEXTS["blank"].zh if category == BLANK else category)
            for j, want in enumerate(frame.iloc[i].tolist()):
                assert close(line[j + 1], want), (key, category, j, line, want)
                checked += 1
        if key == "tags":
            continue
        other, total = grid[first + len(frame)], grid[first + len(frame) + 1]
        assert other[0] == TEXTS["other"].zh and total[0] == TEXTS["total"].zh
        for j, column in enumerate(frame.columns):
            if column != "average":
                assert other[j + 1] == 0 and close(total[j + 1], frame[column].sum())
    assert checked > 50
    top = tables["top_customers"]
    start = block_row(openpyxl.load_workbook(out)["汇总"], TEXTS["top_customers"].zh) + 1
    for i, record in enumerate(top.to_dict("records")):
        assert grid[start + i][1:4] == [record["row"], record["name"], record["company"]]
        assert close(grid[start + i][4], record["amount"])
    assert read_table(out).df.shape[0] == 30
