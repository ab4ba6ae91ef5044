"""Merge removes the merged-away rows: no holes, and the table, validations, conditional
formats, formulas, defined names and AutoFilter follow; unmerge gives the sheet back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.sample.data import generate_customers, write_messy_workbook

DATA = "客户"
HEADER = ["序号", "客户编号", "姓名", "手机号码", "累计消费金额", "积分", "客户类型"]
PEOPLE = [("陈伟", "13800138000"), ("李娜", "13900139000"), ("王芳", "13700137000"),
          ("陳偉", "138 0013 8000"), ("张强", "13600136000"), ("李 娜", "139-0013-9000"),
          ("赵敏", "13500135000"), ("刘洋", "13300133000"), ("陈 伟", "+86 13800138000"),
          ("孙丽", "13200132000")]  # fmt: skip
# rows 2, 5, 10 are 陈伟 and rows 3, 7 李娜: merge keeps 2 and 3 and removes 5, 7 and 10


def _grid(ws: Any) -> dict[tuple[int, int], tuple[Any, str, str | None]]:
    return {
        (c.row, c.column): (c.value, c.number_format, c.fill.fgColor.rgb)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.fill.fill_type is not None
    }


@pytest.fixture
def table_book(tmp_path: Path) -> Path:
    """A list kept as an Excel table: numbered rows, a formula column, a dropdown, a
    highlight rule, a total below the table, a defined name and a sheet that counts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = DATA
    ws.append(HEADER)
    for n, (name, phone) in enumerate(PEOPLE, start=1):
        ws.append([n, f"C{n:03d}", name, phone, n * 100, f"=E{n + 1}*2", "个人"])
        ws.cell(n + 1, 4).number_format = "@"
    table = Table(displayName="客户表", ref="A1:G11")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    dv = DataValidation(type="list", formula1='"个人,企业,潜在"', allow_blank=True)
    dv.add("G2:G11")
    ws.add_data_validation(dv)
    red = PatternFill("solid", fgColor="FFC7CE")
    ws.conditional_formatting.add(
        "E2:E11", CellIsRule(operator="greaterThan", formula=["500"], fill=red)
    )
    ws["E13"] = "=SUM(E2:E11)"  # a total under the table
    wb.defined_names["金额"] = DefinedName("金额", attr_text="'客户'!$E$2:$E$11")
    wb.create_sheet("统计")["A1"] = "=COUNTA('客户'!C2:C11)"
    path = tmp_path / "table.xlsx"
    wb.save(path)
    return path


def test_merge_removes_rows_and_the_table_follows(
    runner: CliRunner,
    table_book: Path,
    sheetcheck: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> None:
    deduped, merged, back = (tmp_path / n for n in ("d.xlsx", "m.xlsx", "u.xlsx"))
    result = runner.invoke(app, ["dedupe", str(table_book), "--out", str(deduped), "--json"])
    assert [g["rows"] for g in json.loads(result.stdout)["groups"]] == [[2, 5, 10], [3, 7]]
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged), "--json"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(merged)
    ws = wb[DATA]
    assert ws.max_row == 10  # 10 people, 3 merged away: no empty rows; the total moved up
    assert [ws.cell(r, 3).value for r in range(2, 9)] == ["陈伟", "李娜", "王芳", "张强", "赵敏",
                                                           "刘洋", "孙丽"]  # fmt: skip
    assert [ws.cell(r, 1).value for r in (2, 3)] == [1, 2]  # 序号 and id: the survivor's own
    assert [ws.cell(r, 2).value for r in (2, 3)] == ["C001", "C002"]
    assert [ws.cell(r, 6).value for r in range(2, 9)] == [f"=E{r}*2" for r in range(2, 9)]
    assert ws.tables["客户表"].ref == "A1:G8"
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["G2:G8"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E2:E8"]
    assert ws["E10"].value == "=SUM(E2:E8)"
    assert wb.defined_names["金额"].attr_text == "'客户'!$E$2:$E$8"
    assert wb["统计"]["A1"].value == "=COUNTA('客户'!C2:C8)"
    report = sheetcheck(merged, "--show", f"{DATA}!E10", "--show", "统计!A1")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    assert report["values"]["统计!A1"] == [[7]]
    # the survivors keep the largest amount of their group: 900 and 600
    assert report["values"][f"{DATA}!E10"] == [[900 + 600 + 300 + 500 + 700 + 800 + 1000]]
    result = runner.invoke(app, ["unmerge", str(merged), "--out", str(back)])
    assert result.exit_code == 0, result.output
    before, after = openpyxl.load_workbook(deduped), openpyxl.load_workbook(back)
    assert _grid(after[DATA]) == _grid(before[DATA])
    assert after[DATA].tables["客户表"].ref == before[DATA].tables["客户表"].ref
    assert [str(dv.sqref) for dv in after[DATA].data_validations.dataValidation] == ["G2:G11"]
    assert [str(cf.sqref) for cf in after[DATA].conditional_formatting] == ["E2:E11"]
    assert after.defined_names["金额"].attr_text == "'客户'!$E$2:$E$11"
    assert after["统计"]["A1"].value == "=COUNTA('客户'!C2:C11)"
    report = sheetcheck(back)
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0


def test_merging_a_real_export_keeps_its_autofilter_and_undoes(
    runner: CliRunner, tmp_path: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    data = generate_customers(200, seed=3, asof=dt.date(2026, 3, 31))
    source = write_messy_workbook(data, tmp_path / "export.xlsx")
    deduped, merged, back = (tmp_path / n for n in ("d.xlsx", "m.xlsx", "u.xlsx"))
    assert runner.invoke(app, ["dedupe", str(source), "--out", str(deduped)]).exit_code == 1
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged), "--json"])
    assert result.exit_code == 0, result.output
    removed = sum(len(g["merged"]) for g in json.loads(result.stdout)["groups"])
    before, after = openpyxl.load_workbook(deduped).active, openpyxl.load_workbook(merged).active
    assert before is not None and after is not None
    assert after.max_row == before.max_row - removed
    assert after.auto_filter.ref == before.auto_filter.ref.replace(
        str(before.max_row), str(after.max_row)
    )
    width = after.max_column
    holes = [r for r in range(5, after.max_row + 1)
             if all(after.cell(r, c).value is None for c in range(1, width + 1))]  # fmt: skip
    assert holes == []
    assert sheetcheck(merged)["_exit_code"] == 0
    assert runner.invoke(app, ["unmerge", str(merged), "--out", str(back)]).exit_code == 0
    restored = openpyxl.load_workbook(back).active
    assert _grid(restored) == _grid(before)
    assert restored.auto_filter.ref == before.auto_filter.ref
