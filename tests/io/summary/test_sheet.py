"""The Summary sheet on awkward data: English labels, wildcard-looking labels, a sheet a
table cannot cover, long region names, the data-quality panel, JSON, encrypted files."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.io.summary.conftest import ASOF, block_row, close, shown_tables, summarise_to
from tests.plain import decrypt_to
from xlcrm.cli.app import app
from xlcrm.core.summary.tables import BLANK
from xlcrm.io.passwords import encrypt_to, is_encrypted
from xlcrm.io.reader import read_table
from xlcrm.io.summary.texts import TEXTS

ASOF_ARGS = ["--asof", ASOF.isoformat()]


def _english_rows() -> list[list[Any]]:
    header = ["Name", "Region", "Owner", "Customer type", "Last purchase", "Purchases",
              "Total spend", "Tags", "Notes"]  # fmt: skip
    rows: list[list[Any]] = [header]
    regions = ["East*", "East", "<North>", "South?"]
    for i in range(24):
        rows.append([
            f"Customer {i}", regions[i % 4], ["Ann", "Bob", "=Cy"][i % 3],
            ["Individual", "Company"][i % 2], ASOF - dt.timedelta(days=25 * i), 1 + i % 7,
            1000.0 * (i + 1), ["vip, fair", "fair", None, "web; vip"][i % 4], None,
        ])  # fmt: skip
    return rows


def _english_workbook(make_workbook: Callable[..., Path], name: str, *, merged: bool) -> Path:
    """The English rows, with "=Cy" stored as text (as Excel keeps a typed '=Cy); with
    ``merged`` two note cells are merged, so the data cannot become a table."""
    path = make_workbook(_english_rows(), name=name, sheet="Customers")
    wb = openpyxl.load_workbook(path)
    ws = wb["Customers"]
    for (cell,) in ws.iter_rows(min_col=3, max_col=3):
        if cell.value == "=Cy":
            cell.data_type = "s"
    if merged:
        ws.merge_cells("I5:I6")
    wb.save(path)
    return path


@pytest.mark.sheetcheck
def test_wildcard_labels_over_plain_ranges_recalculate_to_pandas(
    make_workbook: Callable[..., Path], sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    src = _english_workbook(make_workbook, "customers.xlsx", merged=True)
    out = src.with_name("customers.summary.xlsx")
    _table, numbers = summarise_to(src, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Customers", "Summary"] and not wb["Customers"].tables
    ws = wb["Summary"]
    assert ws["A8"].value == TEXTS["no_table"].en  # rows added later are not counted: said so
    tables = shown_tables(numbers, "en")
    report = sheetcheck(out, "--show", "Summary!A1:G120")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    grid = report["values"]["Summary!A1:G120"]
    # Region x value tier: "East*" must not swallow "East", nor "South?" any 6-letter name.
    region = tables["region_tier_count"]
    assert {"East*", "East", "<North>", "South?"} <= set(region.index)
    assert list(region.columns) == ["High", "Medium", "Low", BLANK]
    first = block_row(ws, TEXTS["region_tier_count"].en) + 1
    assert grid[first - 1][1:5] == ["High", "Medium", "Low", "(blank)"]
    for i, name in enumerate(region.index):
        assert grid[first + i][0] == name
        assert grid[first + i][1:5] == [float(v) for v in region.iloc[i]]
    # Owners include "=Cy", which COUNTIFS would read as "equals Cy".
    owners = tables["owner_activity"]
    first = block_row(ws, TEXTS["owner_activity"].en) + 1
    for i, name in enumerate(owners.index):
        assert grid[first + i][0] == name
        assert grid[first + i][1:5] == [float(v) for v in owners.iloc[i]]
    # Tags: whole tags only ("vip" is not "vip2"), once per customer that has them.
    tags = tables["tags"]
    first = block_row(ws, TEXTS["tags_block"].en) + 1
    for i, tag in enumerate(tags.index):
        assert grid[first + i][0] == tag
        assert grid[first + i][1] == float(tags.iloc[i]["count"])
        assert close(grid[first + i][2], tags.iloc[i]["amount"])


def test_cached_results_are_there_for_readers_that_do_not_calculate(
    make_workbook: Callable[..., Path],
) -> None:
    src = _english_workbook(make_workbook, "customers.xlsx", merged=False)
    out = src.with_name("summary.xlsx")
    _table, _numbers = summarise_to(src, out)
    formulas = openpyxl.load_workbook(out)["Summary"]
    values = openpyxl.load_workbook(out, data_only=True)["Summary"]
    pairs = [
        (f.value, values[f.coordinate].value)
        for row in formulas.iter_rows()
        for f in row
        if isinstance(f.value, str) and f.value.startswith("=")
    ]
    assert len(pairs) > 80
    empty = [text for text, cached in pairs if cached is None]  # "" reads back as None
    assert all(text.startswith("=IF(B") and text.endswith('"")') for text in empty), empty
    total = next(c for c in values["A"] if c.value == TEXTS["total"].en)
    assert values.cell(total.row, 6).value == 24
    assert "CustomerTable[" in str(formulas["F2"].value) and values["F2"].value == 24


def test_long_region_names_are_grouped_by_formula(make_workbook: Callable[..., Path]) -> None:
    header = ["姓名", "地区", "最近购买日期", "购买次数", "累计消费金额"]
    rows = [
        [f"客户{i}", ["广东省", "广东", "上海市", "上海"][i % 4], ASOF, 2, 100] for i in range(8)
    ]
    src = make_workbook([header, *rows], name="客户.xlsx")
    out = src.with_name("汇总.xlsx")
    summarise_to(src, out)
    wb = openpyxl.load_workbook(out, data_only=True)
    data = wb["客户"]
    headers = [c.value for c in data[1]]
    grouped = headers.index("地区（归并）") + 1
    assert [data.cell(r, grouped).value for r in range(2, 10)] == [
        "广东",
        "广东",
        "上海",
        "上海",
    ] * 2
    formula = openpyxl.load_workbook(out)["客户"].cell(2, grouped).value
    assert "VLOOKUP(" in str(formula) and "'地区归并'!$A$2:$B$1000" in str(formula)
    assert ["上海市", "上海"] in [[c.value for c in r] for r in wb["地区归并"].iter_rows()]
    ws = wb["汇总"]
    first = block_row(ws, TEXTS["region_tier_count"].zh) + 2
    assert {ws.cell(first, 1).value, ws.cell(first + 1, 1).value} == {"广东", "上海"}


def test_quality_panel_names_check_issues_and_counts_unscored_rows(
    make_workbook: Callable[..., Path], runner: CliRunner
) -> None:
    header = ["姓名", "手机", "邮箱", "最近购买日期", "购买次数", "累计消费金额", "重复组"]
    rows = [
        ["张三", "13800138000", "a@example.com", ASOF, 3, 500, 1],
        ["李四", "1380013", "bad-email", ASOF, 2, 300, None],  # two issues
        ["王五", "13900139000", "c@example.com", None, None, None, None],  # not scored
        ["赵六", "12345", "d@example.com", "不详", 1, 900, 1],  # phone issue, date issue
    ]
    src = make_workbook([header, *rows], name="客户.xlsx")
    checked = src.with_name("客户.check.xlsx")
    result = runner.invoke(app, ["check", str(src), "--out", str(checked), *ASOF_ARGS])
    assert result.exit_code == 1, result.output
    out = src.with_name("客户.summary.xlsx")
    result = runner.invoke(app, ["summary", str(checked), "--out", str(out), *ASOF_ARGS])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out, data_only=True)
    ws, issues = wb["汇总"], wb["问题清单"]
    codes: dict[str, int] = {}
    for row in issues.iter_rows(min_row=2, values_only=True):
        if row[5]:
            codes[str(row[5])] = codes.get(str(row[5]), 0) + 1
    start = block_row(ws, TEXTS["issues"].zh) + 2
    shown = {ws.cell(r, 2).value: ws.cell(r, 4).value for r in range(start, start + len(codes))}
    assert shown == codes and sum(codes.values()) >= 3
    names = {ws.cell(r, 2).value: ws.cell(r, 1).value for r in range(start, start + len(codes))}
    assert names["phone_invalid"] == "手机号无效" and names["email_invalid"] == "邮箱无效"
    start = block_row(ws, TEXTS["unscored"].zh) + 2
    assert ws.cell(start, 2).value >= 1
    # The duplicate group counts once in the top 10: 赵六 (900) stands for 张三 too.
    start = block_row(ws, TEXTS["top_customers"].zh) + 2
    assert [ws.cell(start + k, 3).value for k in range(3)] == ["赵六", "李四", None]


def test_json_prints_the_numbers_of_the_sheet(
    make_workbook: Callable[..., Path], runner: CliRunner
) -> None:
    src = _english_workbook(make_workbook, "customers.xlsx", merged=False)
    result = runner.invoke(app, ["summary", str(src), "--json", *ASOF_ARGS])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["output"] is None and not src.with_name("customers.summary.xlsx").exists()
    out = src.with_name("both.xlsx")
    result = runner.invoke(app, ["summary", str(src), "--json", "--out", str(out), *ASOF_ARGS])
    again = json.loads(result.stdout)
    assert again["output"] == str(out) and again["blocks"] == payload["blocks"]
    ws = openpyxl.load_workbook(out, data_only=True)["Summary"]
    first = block_row(ws, TEXTS["region_tier_count"].en) + 2
    for i, row in enumerate(payload["blocks"]["region_tier_count"]):
        line = [ws.cell(first + i, c).value for c in range(1, 7)]
        assert line == [row["label"], row["高"], row["中"], row["低"], row[""], row["total"]]
    assert payload["months"][0]["month"] == "2026-11" and payload["rows"] == 24


def test_encrypted_workbook_gives_an_encrypted_summary(
    make_workbook: Callable[..., Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _english_workbook(make_workbook, "plain.xlsx", merged=False)
    locked = plain.with_name("locked.xlsx")
    encrypt_to(plain, locked, "s3cret")
    monkeypatch.setenv("XLCRM_PASSWORD", "s3cret")
    out = plain.with_name("locked.summary.xlsx")
    result = runner.invoke(app, ["summary", str(locked), "--out", str(out), *ASOF_ARGS])
    assert result.exit_code == 0, result.output
    assert is_encrypted(out)
    opened = decrypt_to(out, plain.with_name("opened.xlsx"), "s3cret")
    assert openpyxl.load_workbook(opened).sheetnames == [
        "Customers", "Summary", "PivotTables", "Monthly snapshot", "Region groups",
    ]  # fmt: skip
    with zipfile.ZipFile(opened) as z:
        assert "xl/tables/table1.xml" in z.namelist()
    assert read_table(opened).df.shape[0] == 24
