"""``xlcrm collect`` end to end: a whole monthly cycle on generated data, with counts
derived from the edits, and a master kept as the template's table."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.cli.monthly import (
    NEW_ROW,
    append_row,
    edit_workbook,
    files_by_owner,
    ids_of,
    make_master,
    row_of,
    run_distribute,
)
from xlcrm import schema
from xlcrm.cli.app import app
from xlcrm.io.monthly.files import HIDDEN_SHEET, read_returned
from xlcrm.io.reader import read_table
from xlcrm.io.templates.build import DATA_ROWS, activity_formula, build_template
from xlcrm.sample.data import generate_customers


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Distribute 5 owners' files, play a month of edits on them (see each step), collect."""
    tmp_path = tmp_path_factory.mktemp("cycle")
    runner = CliRunner()
    master, records = make_master(tmp_path, rows=100)
    out = tmp_path / "out"
    payload = run_distribute(runner, master, out)
    files = files_by_owner(payload)
    expect = {"new": 0, "changed": 0, "deleted": 0, "conflicts": 0, "invalid": 0}
    rows_in = 0

    # 张三: 3 phones and 2 notes changed (5 rows), 2 rows deleted, 2 new customers.
    zs = ids_of(records, "张三")

    def zhang(ws: Worksheet, c: dict[str, int]) -> None:
        for n, cid in enumerate(zs[:3]):
            ws.cell(row=row_of(ws, c, cid), column=c["phone"], value=f"1391111000{n}")
        for cid in zs[3:5]:
            ws.cell(row=row_of(ws, c, cid), column=c["notes"], value="本月已回访")
        for cid in zs[5:7]:
            ws.delete_rows(row_of(ws, c, cid))
        append_row(ws, c, NEW_ROW)
        append_row(
            ws, c, NEW_ROW | {"customer_id": "N0002", "name": "新客户乙", "phone": "13912345679"}
        )

    edit_workbook(out / files["张三"], zhang)
    expect["changed"] += 5
    expect["deleted"] += 2
    expect["new"] += 2
    rows_in += len(zs) - 2 + 2

    # 李四: a pasted block of 3 rows that skipped validation, and one email typed wrong.
    ls = ids_of(records, "李四")

    def li(ws: Worksheet, c: dict[str, int]) -> None:
        for n, bad in enumerate(
            ({"phone": "abc"}, {"email": "foo@"}, {"created_at": "2026-13-45"})
        ):
            append_row(ws, c, NEW_ROW | {"customer_id": f"P{n}", "owner": "李四"} | bad)
        ws.cell(row=row_of(ws, c, ls[0]), column=c["email"], value="not-an-email")

    edit_workbook(out / files["李四"], li)
    expect["invalid"] += 4
    rows_in += len(ls) + 3

    # 王芳: 2 notes changed that the admin also changed in the master meanwhile, and a
    # "new" row carrying the id of 张三's customer.
    wf = ids_of(records, "王芳")

    def wang(ws: Worksheet, c: dict[str, int]) -> None:
        for cid in wf[:2]:
            ws.cell(row=row_of(ws, c, cid), column=c["notes"], value="王芳改")
        append_row(ws, c, NEW_ROW | {"customer_id": zs[10], "owner": "王芳"})

    edit_workbook(out / files["王芳"], wang)
    table = read_table(master)
    book = openpyxl.load_workbook(master)
    sheet = book[table.sheet]
    notes_letter = table.column_for("notes").letter  # type: ignore[union-attr]
    for row in table.df.index[table.df["customer_id"].isin(wf[:2])]:
        sheet[f"{notes_letter}{row}"] = "管理员改"
    book.save(master)
    expect["conflicts"] += 3
    rows_in += len(wf) + 1

    # 刘洋: returned twice, renamed; both copies make the same change to one row (applied
    # once) and different changes to another (a conflict on both copies).
    ly = ids_of(records, "刘洋")
    copy = out / "刘洋-修改版.xlsx"
    shutil.copy(out / files["刘洋"], copy)
    for path, name in ((out / files["刘洋"], "甲"), (copy, "乙")):

        def liu(ws: Worksheet, c: dict[str, int], name: str = name) -> None:
            ws.cell(row=row_of(ws, c, ly[0]), column=c["tags"], value="VIP")
            ws.cell(row=row_of(ws, c, ly[1]), column=c["name"], value=f"刘洋客户{name}")

        edit_workbook(path, liu)
    expect["changed"] += 1
    expect["conflicts"] += 2
    rows_in += 2 * len(ly)

    # 陈静: returned on the older template 0.9 (owner header 跟进销售, no consent column),
    # renamed, with one address changed.
    cj = ids_of(records, "陈静")
    old = out / files["陈静"]
    wb = openpyxl.load_workbook(old)
    ws = wb.worksheets[0]
    c = {str(cell.value): cell.column for cell in ws[1]}
    ws.cell(row=1, column=c["负责人"], value="跟进销售")
    ws.cell(row=row_of(ws, {"customer_id": 1}, cj[0]), column=c["地址"], value="上海市新地址1号")
    ws.delete_cols(c["营销授权"])
    hidden = wb[HIDDEN_SHEET]
    for row in hidden.iter_rows(min_row=2, min_col=4, max_col=5):
        if row[0].value == "template_version":
            row[1].value = "0.9"
    wb.save(out / "陈静_旧模板.xlsx")
    old.unlink()
    expect["changed"] += 1
    rows_in += len(cj)

    # A file from another distribution lands in the folder too; the unassigned file is
    # never returned.
    (tmp_path / "other").mkdir()
    other, _ = make_master(tmp_path / "other", rows=6, seed=11)
    other_payload = run_distribute(runner, other, tmp_path / "other" / "out")
    shutil.copy(tmp_path / "other" / "out" / other_payload["files"][0]["file"], out / "别的.xlsx")
    (out / files[""]).unlink()
    before = hashlib.sha256(master.read_bytes()).hexdigest()
    result = runner.invoke(app, ["collect", str(out), "--into", str(master), "--json"])
    return {
        "master": master, "out": out, "records": records, "expect": expect, "rows_in": rows_in,
        "files": files, "payload": payload, "result": result, "master_sha": before,
    }  # fmt: skip


def test_full_cycle_counts(cycle: dict[str, Any]) -> None:
    master: Path = cycle["master"]
    result = cycle["result"]
    assert result.exit_code == 1, result.output  # conflicts, invalid rows, a missing file
    report = json.loads(result.stdout)
    assert list(report) == [
        "distribution", "files", "returned", "missing", "new", "changed", "deleted",
        "conflicts", "invalid", "rows_in", "rows_out",
    ]  # fmt: skip
    assert report["distribution"] == cycle["payload"]["distribution"]
    assert report["files"] == 6 and report["returned"] == 5
    assert report["missing"] == ["客户台账_未分配_2026-11.xlsx"]
    for key, value in cycle["expect"].items():
        assert report[key] == value, key
    assert report["rows_in"] == cycle["rows_in"]
    assert report["rows_out"] == len(cycle["records"]) + cycle["expect"]["new"]
    assert hashlib.sha256(master.read_bytes()).hexdigest() == cycle["master_sha"]  # untouched


def test_no_returned_row_is_lost(cycle: dict[str, Any]) -> None:
    master: Path = cycle["master"]
    new_master = read_table(master.with_name("master.collected.xlsx")).df
    in_master = set(
        zip(new_master["customer_id"], new_master["name"], new_master["phone"], strict=True)
    )
    report = openpyxl.load_workbook(master.with_name("master.收回报告.xlsx"))
    assert {"汇总", "文件", "新增", "修改", "删除", "冲突", "无效"} <= set(report.sheetnames)
    in_report: set[tuple[object, ...]] = set()
    for title in ("新增", "冲突", "无效"):
        ws = report[title]
        head = [c.value for c in ws[1]]
        for values in ws.iter_rows(min_row=2, values_only=True):
            row = dict(zip(head, values, strict=True))
            in_report.add((row["客户编号"], row["姓名"], row["手机"]))
    counted = 0
    for path in sorted(cycle["out"].glob("*.xlsx")):
        returned = read_returned(path)
        if not returned.meta or returned.meta["distribution"] != cycle["payload"]["distribution"]:
            continue
        assert returned.table is not None
        df = returned.table.df
        for key in zip(df["customer_id"], df["name"], df["phone"], strict=True):
            counted += 1
            assert key in in_master or key in in_report, key
    assert counted == cycle["rows_in"]
    assert len(new_master) == len(cycle["records"]) + cycle["expect"]["new"]


def test_applied_values_and_flags_in_the_new_master(cycle: dict[str, Any]) -> None:
    master: Path = cycle["master"]
    df = read_table(master.with_name("master.collected.xlsx")).df.set_index("customer_id")
    zs = ids_of(cycle["records"], "张三")
    assert df.at[zs[0], "phone"] == "13911110000"
    assert df.at[zs[3], "notes"] == "本月已回访"
    assert zs[5] in df.index  # deleted by the owner: flagged, kept
    assert df.at["N0001", "name"] == "新客户甲"
    assert "P0" not in df.index  # invalid rows are held back in the report
    wf = ids_of(cycle["records"], "王芳")
    assert df.at[wf[0], "notes"] == "管理员改"  # a conflict leaves the master as it is
    assert df.at[ids_of(cycle["records"], "刘洋")[0], "tags"] == "VIP"
    assert df.at[ids_of(cycle["records"], "陈静")[0], "address"] == "上海市新地址1号"
    report = openpyxl.load_workbook(master.with_name("master.收回报告.xlsx"))
    link = report["修改"].cell(row=2, column=3).hyperlink  # the master row, in the new master
    assert link is not None and link.target == "master.collected.xlsx"
    assert str(link.location).endswith(f"!A{report['修改'].cell(row=2, column=3).value}")
    files = report["文件"]
    statuses = {row[0]: row[1] for row in files.iter_rows(min_row=2, values_only=True)}
    assert statuses["别的.xlsx"] == "不属于本次分发"
    assert statuses["陈静_旧模板.xlsx"].startswith("已收回（旧版模板")
    assert statuses["刘洋-修改版.xlsx"] == "重复收回（同一文件两份）"
    assert statuses["客户台账_未分配_2026-11.xlsx"] == "未收回"


def test_unknown_template_version_is_not_used(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=10)
    payload = run_distribute(runner, master, tmp_path / "out")
    path = tmp_path / "out" / payload["files"][0]["file"]
    wb = openpyxl.load_workbook(path)
    for row in wb[HIDDEN_SHEET].iter_rows(min_row=2, min_col=4, max_col=5):
        if row[0].value == "template_version":
            row[1].value = "7.3"
    wb.save(path)
    result = runner.invoke(app, ["collect", str(tmp_path / "out"), "--into", str(master), "--json"])
    report = json.loads(result.stdout)
    assert report["missing"] == [payload["files"][0]["file"]]
    assert report["returned"] == len(payload["files"]) - 1


def test_collect_without_a_manifest_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=5)
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["collect", str(tmp_path / "empty"), "--into", str(master)])
    assert result.exit_code == 2 and "manifest" in result.output


def test_file_saved_by_libreoffice(runner: CliRunner, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    master, records = make_master(tmp_path, rows=12, owners=["张三"], unassigned=0)
    out = tmp_path / "out"
    payload = run_distribute(runner, master, out)
    name = payload["files"][0]["file"]
    edit_workbook(out / name, lambda ws, c: ws.cell(row=2, column=c["notes"], value="LO"))
    converted = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx", "--outdir", str(converted), str(out / name)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    (out / name).unlink()
    shutil.copy(converted / name, out / "from-libreoffice.xlsx")
    result = runner.invoke(app, ["collect", str(out), "--into", str(master), "--json"])
    report = json.loads(result.stdout)
    assert report["returned"] == 1
    assert (report["changed"], report["new"], report["deleted"]) == (1, 0, 0), report
    assert report["rows_in"] == len(records)


# ---------------------------------------------------------------- a master kept as the template's table


def _template_master(folder: Path, rows: int) -> Path:
    """The zh template with ``rows`` customers typed into its table, owners in turn."""
    path = build_template("zh", folder / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    records = generate_customers(rows + 40, seed=5, messy=False, asof=dt.date(2026, 11, 1))
    seen: set[object] = set()
    row = 2
    for record in records.records:
        if record["customer_id"] in seen or row > rows + 1:
            continue
        seen.add(record["customer_id"])
        record["owner"] = ("张三", "李四")[row % 2]
        for column, field in enumerate(schema.FIELDS, start=1):
            ws.cell(row=row, column=column, value=record[field.name])
        row += 1
    master = folder / "master.xlsx"
    wb.save(master)
    return master


def _collect_two_new(runner: CliRunner, folder: Path, rows: int) -> tuple[Path, int]:
    """Distribute a template master, add two customers in 张三's file, collect."""
    master = _template_master(folder, rows)
    payload = run_distribute(runner, master, folder / "out")
    zhang = next(f["file"] for f in payload["files"] if f["owner"] == "张三")

    def add(ws: Worksheet, c: dict[str, int]) -> None:
        append_row(ws, c, NEW_ROW | {"last_purchase_at": dt.date(2026, 10, 20)})
        append_row(ws, c, NEW_ROW | {"customer_id": "N0002", "name": "新客户乙"})

    edit_workbook(folder / "out" / zhang, add)
    result = runner.invoke(app, ["collect", str(folder / "out"), "--into", str(master), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 2
    return master.with_name("master.collected.xlsx"), rows + 1


def test_new_rows_join_the_masters_table(
    runner: CliRunner, tmp_path: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    # A template filled to its last formatted row: the table, the validations and the
    # formula column end exactly at the old last row, and the new customers go below.
    out, old_last = _collect_two_new(runner, tmp_path, DATA_ROWS)
    new_last = old_last + 2
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    table = next(iter(ws.tables.values()))
    assert table.ref == f"A1:S{new_last}" and table.autoFilter.ref == table.ref
    assert ws.cell(row=new_last, column=1).value == "N0002"
    for validation in ws.data_validations.dataValidation:
        ranges = [(r.min_row, r.max_row) for r in validation.sqref.ranges]
        assert ranges == [(2, new_last)], validation.sqref
    assert len(ws.data_validations.dataValidation) >= 8
    formula = "=" + activity_formula("zh")
    for row in (old_last, old_last + 1, new_last):
        assert ws.cell(row=row, column=19).value == formula, row
    assert ws.cell(row=new_last + 1, column=19).value is None
    # The table and its new rows read back as data; the formula column is no field.
    df = read_table(out).df
    assert len(df) == DATA_ROWS + 2 and df["customer_id"].iloc[-1] == "N0002"
    shown = f"客户信息!S{old_last + 1}:S{new_last}"
    report = sheetcheck(out, "--show", shown)
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    # The formula computes in the new rows: the first has a purchase date, the second none.
    assert report["summary"]["formula_cells"] == new_last - 1
    (first,), (second,) = report["values"][shown]
    assert first in ("活跃", "一般", "沉睡") and second == ""


def test_new_rows_inside_a_longer_table_keep_its_cells(runner: CliRunner, tmp_path: Path) -> None:
    # A template with room to spare: the new rows already sit in the table; nothing moves
    # and the template's own formula cells are not doubled.
    out, old_last = _collect_two_new(runner, tmp_path, 30)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert next(iter(ws.tables.values())).ref == f"A1:S{DATA_ROWS + 1}"
    assert ws.cell(row=old_last + 2, column=1).value == "N0002"
    assert ws.cell(row=old_last + 1, column=19).value == "=" + activity_formula("zh")
    for validation in ws.data_validations.dataValidation:
        assert [(r.min_row, r.max_row) for r in validation.sqref.ranges] == [(2, DATA_ROWS + 1)]
