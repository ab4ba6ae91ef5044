"""The Summary sheet on awkward data: English labels, wildcard-looking labels, long region
names, tags, the data-quality panel, charts as package parts, and encrypted workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.plain import decrypt_to
from xlcrm.cli.app import app
from xlcrm.core.summary.tables import normalize_region, summary_tables
from xlcrm.core.tiers.rules import TierRules
from xlcrm.core.tiers.scores import compute_tiers
from xlcrm.io.passwords import encrypt_to, is_encrypted
from xlcrm.io.reader import read_table
from xlcrm.io.summary.report import REGION_HEADER, TEXTS, write_summary_workbook
from xlcrm.io.summary.sheet import criterion, needs_escape
from xlcrm.io.tiers.report import tier_labels

ASOF = dt.date(2026, 11, 23)
ASOF_ARGS = ["--asof", ASOF.isoformat()]


@pytest.mark.parametrize(
    ("raw", "grouped"),
    [
        ("广东省", "广东"),
        ("广东", "广东"),
        ("广 东", "广东"),
        ("上海市", "上海"),
        ("新疆维吾尔自治区", "新疆"),
        ("内蒙古自治区", "内蒙古"),
        ("香港特别行政区", "香港"),
        ("广州市", "广州市"),  # a city, not a province: left as typed
        ("Guangdong", "Guangdong"),
        (None, None),
    ],
)
def test_regions_group_by_their_short_name(raw: object, grouped: object) -> None:
    assert normalize_region(raw) == grouped


@pytest.mark.parametrize(
    ("label", "escaped"),
    [("华东", False), ("A*", True), ("是?", True), ("~x", True), ("<5", True), ("=1", True),
     (">", True), ("5>3", False)],
)  # fmt: skip
def test_labels_that_countifs_would_read_as_patterns_are_escaped(label: str, escaped: bool) -> None:
    assert needs_escape(label) is escaped
    made = criterion(label, "$A5")
    assert (made != "$A5") is escaped
    assert criterion("", "$A5") == '""'


def _english_rows() -> list[list[Any]]:
    header = ["Name", "Region", "Owner", "Customer type", "Last purchase", "Purchases",
              "Total spend", "Tags"]  # fmt: skip
    rows: list[list[Any]] = [header]
    regions = ["East*", "East", "<North>", "South?"]
    for i in range(24):
        rows.append([
            f"Customer {i}", regions[i % 4], ["Ann", "Bob", "=Cy"][i % 3],
            ["Individual", "Company"][i % 2], ASOF - dt.timedelta(days=25 * i), 1 + i % 7,
            1000.0 * (i + 1), ["vip, fair", "fair", None, "web; vip"][i % 4],
        ])  # fmt: skip
    return rows


def _english_workbook(make_workbook: Callable[..., Path], name: str) -> Path:
    """The English rows, with "=Cy" stored as text (as Excel keeps a typed '=Cy)."""
    path = make_workbook(_english_rows(), name=name, sheet="Customers")
    wb = openpyxl.load_workbook(path)
    for (cell,) in wb["Customers"].iter_rows(min_col=3, max_col=3):
        if cell.value == "=Cy":
            cell.data_type = "s"
    wb.save(path)
    return path


def _pandas_tables(path: Path, labels: dict[str, str]) -> dict[str, Any]:
    table = read_table(path)
    rules = TierRules.from_settings(table.settings, language=table.language)
    tiers = compute_tiers(table.df, asof=ASOF, rules=rules)
    data = table.df.rename(columns={v: k for k, v in table.field_keys.items()})
    data = data.join(tiers[["value_tier", "activity", "segment"]])
    data["all_tags"] = tiers["tags"]
    return summary_tables(data, labels)


def _block_rows(ws: Any, title: str) -> int:
    for cell in ws["A"]:
        if cell.value == title:
            return int(cell.row)
    raise AssertionError(f"no block titled {title!r}")


@pytest.mark.sheetcheck
def test_english_wildcard_labels_recalculate_to_pandas(
    make_workbook: Callable[..., Path],
    runner: CliRunner,
    sheetcheck: Callable[..., dict[str, Any]],
) -> None:
    src = _english_workbook(make_workbook, "customers.xlsx")
    out = src.with_name("customers.summary.xlsx")
    result = runner.invoke(app, ["summary", str(src), "--out", str(out), *ASOF_ARGS])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Customers", "Summary"]
    ws = wb["Summary"]
    tables = _pandas_tables(src, tier_labels("en"))
    texts = {key: text.en for key, text in TEXTS.items()}
    report = sheetcheck(out, "--show", "Summary!A1:G120")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    grid = report["values"]["Summary!A1:G120"]
    # Region x value tier: "East*" must not swallow "East", nor "South?" any 6-letter name.
    region = tables["region_tier_count"]
    assert {"East*", "East", "<North>", "South?"} <= set(region.index)
    assert set(region.columns) <= {"High", "Medium", "Low", ""}
    first = _block_rows(ws, texts["region_tier_count"]) + 1
    assert grid[first - 1][1 : 1 + len(region.columns)] == list(region.columns)
    for i, name in enumerate(region.index):
        line = grid[first + i]
        assert line[0] == name
        assert line[1 : 1 + len(region.columns)] == [float(v) for v in region.iloc[i]]
    # Owners include "=Cy", which COUNTIFS would read as "equals Cy".
    owners = tables["owner_activity"]
    first = _block_rows(ws, texts["owner_activity"]) + 1
    for i, name in enumerate(owners.index):
        assert grid[first + i][0] == name
        assert grid[first + i][1 : 1 + len(owners.columns)] == [float(v) for v in owners.iloc[i]]
    # Tags: whole tags only, counted once per customer that has them.
    tags = tables["tags"]
    first = _block_rows(ws, texts["tags_block"]) + 1
    for i, tag in enumerate(tags.index):
        assert grid[first + i][0] == tag
        assert grid[first + i][1] == float(tags.iloc[i]["count"])
        assert abs(grid[first + i][2] - tags.iloc[i]["amount"]) < 0.01


def test_cached_results_are_there_for_readers_that_do_not_calculate(
    make_workbook: Callable[..., Path],
) -> None:
    src = _english_workbook(make_workbook, "customers.xlsx")
    out = src.with_name("summary.xlsx")
    table = read_table(src)
    write_summary_workbook(table, compute_tiers(table.df, asof=ASOF), out, asof=ASOF)
    formulas = openpyxl.load_workbook(out)["Summary"]
    values = openpyxl.load_workbook(out, data_only=True)["Summary"]
    pairs = [
        (f.value, values[f.coordinate].value)
        for row in formulas.iter_rows()
        for f in row
        if isinstance(f.value, str) and f.value.startswith("=")
    ]
    assert len(pairs) > 30
    assert all(cached is not None for _, cached in pairs)
    tables = _pandas_tables(src, tier_labels("en"))
    total = next(c for c in values["A"] if c.value == TEXTS["total"].en)
    assert values.cell(total.row, 2 + len(tables["region_tier_count"].columns)).value == 24
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        workbook_xml = z.read("xl/workbook.xml").decode()
    assert 'fullCalcOnLoad="1"' in workbook_xml
    assert sum(n.startswith("xl/charts/chart") for n in names) == 2
    assert sum(n.startswith("xl/drawings/drawing") and n.endswith(".xml") for n in names) == 1


def test_long_region_names_get_a_grouped_helper_column(make_workbook: Callable[..., Path]) -> None:
    header = ["姓名", "地区", "最近购买日期", "购买次数", "累计消费金额"]
    rows = [
        [f"客户{i}", ["广东省", "广东", "上海市", "上海"][i % 4], ASOF, 2, 100] for i in range(8)
    ]
    src = make_workbook([header, *rows], name="客户.xlsx")
    out = src.with_name("汇总.xlsx")
    table = read_table(src)
    write_summary_workbook(table, compute_tiers(table.df, asof=ASOF), out, asof=ASOF)
    wb = openpyxl.load_workbook(out, data_only=True)
    data = wb["客户"]
    headers = [c.value for c in data[1]]
    assert REGION_HEADER.zh in headers
    grouped = headers.index(REGION_HEADER.zh) + 1
    assert [data.cell(r, grouped).value for r in range(2, 10)] == [
        "广东",
        "广东",
        "上海",
        "上海",
    ] * 2
    ws = wb["汇总"]
    first = _block_rows(ws, TEXTS["region_tier_count"].zh) + 2
    assert {ws.cell(first, 1).value, ws.cell(first + 1, 1).value} == {"广东", "上海"}
    formulas = openpyxl.load_workbook(out)["汇总"]
    letter = openpyxl.utils.get_column_letter(grouped)
    assert f"!${letter}$2:${letter}$9" in str(formulas.cell(first, 2).value)


def test_quality_panel_counts_check_issues_and_unscored_rows(
    make_workbook: Callable[..., Path], runner: CliRunner
) -> None:
    header = ["姓名", "手机", "邮箱", "最近购买日期", "购买次数", "累计消费金额"]
    rows = [
        ["张三", "13800138000", "a@example.com", ASOF, 3, 500],
        ["李四", "1380013", "bad-email", ASOF, 2, 300],  # two issues
        ["王五", "13900139000", "c@example.com", None, None, None],  # not scored
        ["赵六", "12345", "d@example.com", "不详", 1, 100],  # phone issue, date issue
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
    start = _block_rows(ws, TEXTS["issues"].zh) + 2
    shown = {}
    for r in range(start, start + len(codes)):
        shown[ws.cell(r, 1).value] = ws.cell(r, 3).value
    assert shown == codes and sum(codes.values()) >= 3
    start = _block_rows(ws, TEXTS["unscored"].zh) + 2
    tiers = compute_tiers(read_table(src).df, asof=ASOF)
    reasons = tiers["unscored"].dropna().value_counts()
    assert {
        ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(start, start + len(reasons))
    } == (reasons.to_dict())


def test_encrypted_workbook_gives_an_encrypted_summary(
    make_workbook: Callable[..., Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _english_workbook(make_workbook, "plain.xlsx")
    locked = plain.with_name("locked.xlsx")
    encrypt_to(plain, locked, "s3cret")
    monkeypatch.setenv("XLCRM_PASSWORD", "s3cret")
    out = plain.with_name("locked.summary.xlsx")
    result = runner.invoke(app, ["summary", str(locked), "--out", str(out), *ASOF_ARGS])
    assert result.exit_code == 0, result.output
    assert is_encrypted(out)
    opened = decrypt_to(out, plain.with_name("opened.xlsx"), "s3cret")
    assert openpyxl.load_workbook(opened).sheetnames == ["Customers", "Summary"]


def test_region_helper_follows_the_tier_columns_when_there_are_no_amounts(
    make_workbook: Callable[..., Path],
) -> None:
    header = ["姓名", "地区", "最近购买日期", "购买次数"]
    rows = [[f"客户{i}", ["广东省", "广东"][i % 2], ASOF, 2] for i in range(4)]
    src = make_workbook([header, *rows], name="客户.xlsx")
    out = src.with_name("汇总.xlsx")
    table = read_table(src)
    write_summary_workbook(table, compute_tiers(table.df, asof=ASOF), out, asof=ASOF)
    headers = [c.value for c in openpyxl.load_workbook(out)["客户"][1]]
    assert None not in headers  # no empty column between the tier columns and the helper
    assert headers[-1] == REGION_HEADER.zh
