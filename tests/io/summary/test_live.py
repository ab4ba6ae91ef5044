"""Summaries that stay live: edit the summary copy in LibreOffice, recalculate, compare.

The copy is edited as a user would (lo_edit.py: one customer changed from 湖北/300-ish to
上海/100000, a new customer typed under the table with a new region and a new owner),
saved by LibreOffice, opened again and recalculated (sheetcheck), and every number of the
Summary sheet, the monthly snapshot and the PivotTables is compared with pandas on the
edited data. Two LibreOffice runs: a few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from xlcrm.actions.summary import summary_numbers
from xlcrm.cli.app import app
from xlcrm.core.summary.numbers import relabel
from xlcrm.core.summary.tables import BLANK, TOP_N
from xlcrm.io.reader import read_table
from xlcrm.io.summary.texts import BLOCK_TITLES, TEXTS
from xlcrm.sample.data import generate_customers
from xlcrm.sample.files import write_messy_workbook
from xlcrm.schema import REGIONS

ASOF = dt.date(2026, 11, 23)
LO_EDIT = Path(__file__).with_name("lo_edit.py")
SHEET = "客户名单"


def _close(got: Any, want: Any) -> bool:
    if isinstance(want, float) and math.isnan(want):
        return got == ""
    if got == "" and want == 0:
        return True
    return isinstance(got, int | float) and abs(float(got) - float(want)) < 0.01


def _rows_of(grid: list[list[Any]], title: str) -> int:
    """0-based index of the row whose first cell is ``title``."""
    return next(i for i, line in enumerate(grid) if line and line[0] == title)


def _compare_block(grid: list[list[Any]], key: str, frame: pd.DataFrame) -> int:
    """Compare one block of the recalculated sheet with pandas; how many numbers matched."""
    texts = {k: t.zh for k, t in TEXTS.items()}
    start = _rows_of(grid, texts[BLOCK_TITLES.get(key, key)]) + 2  # title, header, rows
    listed: list[str] = []
    checked, i = 0, start
    crosstab = frame.columns.name is not None
    measures = [c for c in frame.columns if c != "average"] if not crosstab else list(frame.columns)
    while grid[i][0] not in ("", texts["total"], texts["other"]):
        label = grid[i][0]
        category = BLANK if label == texts["blank"] else label
        listed.append(category)
        want = frame.loc[category] if category in frame.index else None
        for j, column in enumerate(frame.columns):
            expected = 0 if want is None else want[column]
            assert _close(grid[i][j + 1], expected), (key, label, column, grid[i], expected)
            checked += 1
        i += 1
    if key == "tags":
        assert set(listed) >= set(frame.index[: len(listed)]) - set(listed)
        return checked
    assert grid[i][0] == texts["other"], (key, grid[i])
    others = frame.loc[[c for c in frame.index if c not in listed]]
    for j, column in enumerate(frame.columns):
        if column in measures:
            assert _close(grid[i][j + 1], others[column].sum()), (key, "other", column, grid[i])
            assert _close(grid[i + 1][j + 1], frame[column].sum()), (key, "total", column)
            checked += 2
    return checked


def _pivot_crosstab(cells: list[list[Any]], row_field: str) -> dict[tuple[str, str, str], float]:
    """LibreOffice's pivot output as {(data field, column item, row item): value}."""
    head = next(i for i, line in enumerate(cells) if line[0] == row_field)
    names: list[str] = []
    current = ""
    for value in cells[head - 1]:
        current = value or current
        names.append(current)
    values: dict[tuple[str, str, str], float] = {}
    for line in cells[head + 1 :]:
        for j in range(1, len(line)):
            if line[j] != "" and cells[head][j] != "":
                values[(names[j], str(cells[head][j]), str(line[0]))] = float(line[j])
    return values


def _edit(out: Path, edited: Path, edits: list[dict[str, Any]]) -> dict[str, Any]:
    spec = out.with_name("edits.json")
    spec.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["/usr/bin/python3", str(LO_EDIT), str(out), str(edited), str(spec)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.sheetcheck
def test_edits_in_a_spreadsheet_move_every_number(
    tmp_path: Path, runner: CliRunner, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    if not Path("/usr/bin/python3").exists() or shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    data = generate_customers(60, seed=11, asof=ASOF)
    src = write_messy_workbook(data, tmp_path / "客户.xlsx")
    out = tmp_path / "客户.summary.xlsx"
    result = runner.invoke(app, ["summary", str(src), "--out", str(out), "--asof", str(ASOF)])
    assert result.exit_code == 0, result.output
    before = read_table(out)
    headers = {c.field: c.letter for c in before.columns if c.field}
    region_in_use = set(before.df[before.field_keys["region"]].dropna())
    new_region = next(r for r in REGIONS if r not in region_in_use and len(r) == 2)
    changed = int(before.df.index[5])
    last = int(before.df.index[-1])
    edits = [
        {"op": "set", "sheet": SHEET, "cell": f"{headers['region']}{changed}", "value": "上海"},
        {"op": "set", "sheet": SHEET, "cell": f"{headers['total_amount']}{changed}",
         "value": 100000},
        {"op": "append", "sheet": SHEET, "values": {
            headers["name"]: "新客户", headers["region"]: new_region + "省",
            headers["owner"]: "新同事", headers["total_amount"]: "¥2,000",
            headers["purchase_count"]: "3次", headers["last_purchase_at"]: "2026/11/13",
            headers["customer_type"]: "企业", headers["tags"]: "VIP，新品",
        }},
        {"op": "refresh"},
    ]  # fmt: skip
    edited = tmp_path / "edited.xlsx"
    pivots = _edit(out, edited, edits)["pivots"]
    table = read_table(edited)
    assert len(table.df) == len(before.df) + 1 and int(table.df.index[-1]) == last + 1
    numbers = summary_numbers(table, ASOF)
    tables = relabel(numbers.tables, {})
    # Segments are ranks of this run (a snapshot column): counted as the sheet has them.
    segments = table.df["客户分群"].map(lambda v: BLANK if v is None else v).value_counts()
    tables["segment"] = pd.DataFrame({"count": segments}).rename_axis("segment")
    report = sheetcheck(edited, "--show", "汇总!A1:H260", "--show", "月度快照!A1:K3")
    assert report["_exit_code"] == 0, report.get("sheets")
    grid = report["values"]["汇总!A1:H260"]
    assert grid[1][5] == len(table.df)  # 客户数
    checked = sum(
        _compare_block(grid, key, frame) for key, frame in tables.items() if key != "top_customers"
    )
    assert checked > 150
    region = tables["region_tier_count"]
    assert new_region in region.index  # pandas sees the new region ...
    other = grid[_rows_of(grid, TEXTS["other"].zh)]  # ... the sheet counts it as 其他
    assert other[-3] + other[2] + other[3] + other[4] >= 1
    top = tables["top_customers"]
    start = _rows_of(grid, TEXTS["top_customers"].zh) + 2
    for k in range(min(TOP_N, len(top))):
        assert _close(grid[start + k][4], top["amount"].iloc[k]), (k, grid[start + k])
        assert grid[start + k][1] == top["row"].iloc[k]
    assert changed in top["row"].tolist()  # the changed customer made the top 10
    month = report["values"]["月度快照!A1:K3"][1]
    current = numbers.months[-1]
    assert month[2:6] == [current.customers, *[current.value_tier[k] for k in ("高", "中", "低")]]
    # The PivotTables, refreshed, list the new region and owner with pandas' numbers.
    region_pivot = _pivot_crosstab(pivots["xlcrm1"]["cells"], "地区（归并）")
    counts = {(t, r): v for (d, t, r), v in region_pivot.items() if d == "客户数"}
    for r in region.index:
        for t in region.columns:
            want = region.loc[r, t]
            label = "(empty)" if t == BLANK else t
            assert counts.get((label, r if r != BLANK else "(empty)"), 0) == want, (r, t)
    owners = {
        (t, r): v for (_d, t, r), v in _pivot_crosstab(pivots["xlcrm2"]["cells"], "业务员").items()
    }
    activity = tables["owner_activity"]
    assert owners[("活跃", "新同事")] == activity.loc["新同事", "活跃"] == 1
    assert owners[("Total Result", "Total Result")] == len(table.df)
    wb = openpyxl.load_workbook(edited, read_only=True)
    assert {"汇总", "数据透视表", "月度快照", "地区归并"} <= set(wb.sheetnames)
