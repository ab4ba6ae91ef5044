"""xlcrm collect: a whole monthly cycle on generated data, with counts derived from the edits."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.io.monthly.test_distribute import (
    edit_workbook,
    make_master,
    row_of,
    run_distribute,
)
from xlcrm.cli.app import app
from xlcrm.io.monthly.files import HIDDEN_SHEET, read_returned
from xlcrm.io.reader import read_table

NEW_ROW = {
    "customer_id": "N0001", "name": "新客户甲", "customer_type": "企业", "phone": "13912345678",
    "email": "jia@example.com", "region": "上海", "owner": "张三",
}  # fmt: skip


def _append(ws: Worksheet, columns: dict[str, int], values: dict[str, Any]) -> None:
    row = max(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value) + 1
    for key, value in values.items():
        ws.cell(row=row, column=columns[key], value=value)


def _files(payload: dict[str, Any]) -> dict[str, str]:
    return {f["owner"]: f["file"] for f in payload["files"]}


def _ids(records: list[dict[str, Any]], owner: str) -> list[str]:
    return [str(r["customer_id"]) for r in records if r["owner"] == owner]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Distribute 5 owners' files, play a month of edits on them (see each step), collect."""
    tmp_path = tmp_path_factory.mktemp("cycle")
    runner = CliRunner()
    master, records = make_master(tmp_path, rows=100)
    out = tmp_path / "out"
    payload = run_distribute(runner, master, out)
    files = _files(payload)
    expect = {"new": 0, "changed": 0, "deleted": 0, "conflicts": 0, "invalid": 0}
    rows_in = 0

    # 张三: 3 phones and 2 notes changed (5 rows), 2 rows deleted, 2 new customers.
    zs = _ids(records, "张三")

    def zhang(ws: Worksheet, c: dict[str, int]) -> None:
        for n, cid in enumerate(zs[:3]):
            ws.cell(row=row_of(ws, c, cid), column=c["phone"], value=f"1391111000{n}")
        for cid in zs[3:5]:
            ws.cell(row=row_of(ws, c, cid), column=c["notes"], value="本月已回访")
        for cid in zs[5:7]:
            ws.delete_rows(row_of(ws, c, cid))
        _append(ws, c, NEW_ROW)
        _append(
            ws, c, NEW_ROW | {"customer_id": "N0002", "name": "新客户乙", "phone": "13912345679"}
        )

    edit_workbook(out / files["张三"], zhang)
    expect["changed"] += 5
    expect["deleted"] += 2
    expect["new"] += 2
    rows_in += len(zs) - 2 + 2

    # 李四: a pasted block of 3 rows that skipped validation, and one email typed wrong.
    ls = _ids(records, "李四")

    def li(ws: Worksheet, c: dict[str, int]) -> None:
        for n, bad in enumerate(
            ({"phone": "abc"}, {"email": "foo@"}, {"created_at": "2026-13-45"})
        ):
            _append(ws, c, NEW_ROW | {"customer_id": f"P{n}", "owner": "李四"} | bad)
        ws.cell(row=row_of(ws, c, ls[0]), column=c["email"], value="not-an-email")

    edit_workbook(out / files["李四"], li)
    expect["invalid"] += 4
    rows_in += len(ls) + 3

    # 王芳: 2 notes changed that the admin also changed in the master meanwhile, and a
    # "new" row carrying the id of 张三's customer.
    wf = _ids(records, "王芳")

    def wang(ws: Worksheet, c: dict[str, int]) -> None:
        for cid in wf[:2]:
            ws.cell(row=row_of(ws, c, cid), column=c["notes"], value="王芳改")
        _append(ws, c, NEW_ROW | {"customer_id": zs[10], "owner": "王芳"})

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
    ly = _ids(records, "刘洋")
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
    cj = _ids(records, "陈静")
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
    zs = _ids(cycle["records"], "张三")
    assert df.at[zs[0], "phone"] == "13911110000"
    assert df.at[zs[3], "notes"] == "本月已回访"
    assert zs[5] in df.index  # deleted by the owner: flagged, kept
    assert df.at["N0001", "name"] == "新客户甲"
    assert "P0" not in df.index  # invalid rows are held back in the report
    wf = _ids(cycle["records"], "王芳")
    assert df.at[wf[0], "notes"] == "管理员改"  # a conflict leaves the master as it is
    assert df.at[_ids(cycle["records"], "刘洋")[0], "tags"] == "VIP"
    assert df.at[_ids(cycle["records"], "陈静")[0], "address"] == "上海市新地址1号"
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


# ---------------------------------------------------------------- fingerprints and pairing

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from xlcrm.core.monthly.prints import pair_rows, row_prints, value_token  # noqa: E402


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_a_number_and_its_text_compare_equal(n: int) -> None:
    assert value_token(n) == value_token(float(n)) == value_token(f" {n} ")


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_survives_excel_and_libreoffice(day: dt.date) -> None:
    midnight = dt.datetime.combine(day, dt.time(0))
    serial = (day - dt.date(1899, 12, 30)).days  # a date cell read as a number
    frame = pd.DataFrame({"created_at": [day, midnight, serial, day.isoformat()]}, dtype=object)
    assert len(set(row_prints(frame, ["created_at"]))) == 1


@given(
    st.lists(st.sampled_from(["A", "B", "C", ""]), max_size=12),
    st.lists(st.sampled_from(["A", "B", "C", "D", ""]), max_size=12),
    st.data(),
)
def test_pairing_accounts_for_every_row_once(
    left: list[str], right: list[str], data: st.DataObject
) -> None:
    prints = st.sampled_from(["p", "q"])
    lp = [data.draw(prints) for _ in left]
    rp = [data.draw(prints) for _ in right]
    pairs, left_only, right_only = pair_rows(left, lp, right, rp)
    assert sorted([i for i, _ in pairs] + left_only) == list(range(len(left)))
    assert sorted([j for _, j in pairs] + right_only) == list(range(len(right)))
    for i, j in pairs:
        assert left[i] == right[j]
        assert left[i] or lp[i] == rp[j]  # rows without an id pair only when unchanged


# ---------------------------------------------------------------- reconcile on tables

from xlcrm.core.check.table import CheckOptions  # noqa: E402
from xlcrm.core.monthly.reconcile import ReturnedFile, reconcile  # noqa: E402

CHECK = CheckOptions(asof=dt.date(2026, 11, 30))

FIELDS = ["customer_id", "name", "phone", "notes"]


def _table(rows: list[tuple[object, ...]], first: int = 2) -> pd.DataFrame:
    index = pd.Index(range(first, first + len(rows)), name="row")
    return pd.DataFrame(rows, columns=FIELDS, index=index, dtype=object)


def _sent(table: pd.DataFrame, name: str, edited: pd.DataFrame) -> ReturnedFile:
    prints = row_prints(table, FIELDS).tolist()
    ids = [value_token(v) for v in table["customer_id"]]
    return ReturnedFile(name, name, FIELDS, ids, prints, edited)


def test_reconcile_categories() -> None:
    master = _table([
        ("A", "甲", "13800138000", None), ("B", "乙", "13800138001", None),
        ("C", "丙", "13800138002", None), ("D", "丁", "13800138003", None),
    ])  # fmt: skip
    sent = master.copy()
    edited = _table([
        ("A", "甲", "13800138000", "回访"),  # changed
        ("B", "乙", "13800138001", "也改了"),  # changed here and in the master: conflict
        ("D", "丁", "13800138003", None),  # unchanged; C is deleted
        ("E", "戊", "13800138004", None),  # new
        ("D", "丁二", "13800138009", None),  # a second D: "new", but the id is the master's
        ("F", "己", "abc", None),  # new but the phone fails the check: invalid
    ])  # fmt: skip
    now = master.copy()
    now.loc[3, "notes"] = "管理员"
    result = reconcile(now, [_sent(sent, "f1", edited)], check_options=CHECK)
    assert result.changes[["master_row", "field", "before", "after"]].values.tolist() == [
        [2, "notes", None, "回访"]
    ]
    assert result.deleted == [("f1", "C", 4)]  # flagged with its master row
    assert sorted((r.customer_id, r.reason) for r in result.conflicts) == [
        ("B", "master_changed"), ("D", "id_exists")
    ]  # fmt: skip
    assert [v["customer_id"] for _f, _r, v in result.new_rows] == ["E"]
    assert [r.customer_id for r in result.invalid] == ["F"]
    assert "abc" in str(result.invalid[0].values) and result.invalid[0].detail
    assert result.rows_in == 6 and result.unchanged == 1 and result.changed_rows == 1


def test_reconcile_same_edit_twice_is_applied_once() -> None:
    master = _table([("A", "甲", "13800138000", None), ("B", "乙", "13800138001", None)])
    one = _table([("A", "甲", "13800138000", "同样"), ("B", "乙", "13800138001", "一")])
    two = _table([("A", "甲", "13800138000", "同样"), ("B", "乙", "13800138001", "二")])
    result = reconcile(
        master, [_sent(master, "f1", one), _sent(master, "f2", two)], check_options=CHECK
    )
    assert result.changed_rows == 1
    assert result.changes["after"].tolist() == ["同样"]
    assert sorted((r.file, r.reason) for r in result.conflicts) == [
        ("f1", "changed_twice"), ("f2", "changed_twice")
    ]  # fmt: skip


# ---------------------------------------------------------------- a master kept as the template's table

from collections.abc import Callable  # noqa: E402

from xlcrm import schema  # noqa: E402
from xlcrm.io.templates.build import DATA_ROWS, activity_formula, build_template  # noqa: E402
from xlcrm.sample.data import generate_customers  # noqa: E402


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
        _append(ws, c, NEW_ROW | {"last_purchase_at": dt.date(2026, 10, 20)})
        _append(ws, c, NEW_ROW | {"customer_id": "N0002", "name": "新客户乙"})

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


def test_only_ranges_that_reach_the_end_of_the_data_grow() -> None:
    from xlcrm.io.monthly.ranges import extend_sheet_ranges, extend_sqref

    def reaches(top: int, bottom: int) -> bool:
        return top in (1, 2) and 100 <= bottom < 103

    assert extend_sqref("A2:A100 C2:D101 E5:E100 F2:F50 G:G H2", 103, reaches) == (
        "A2:A103 C2:D103 E5:E100 F2:F50 G:G H2"
    )
    tail = (
        '<dataValidations><dataValidation type="list" sqref="B2:B100"/></dataValidations>'
        '<conditionalFormatting sqref="A1:C100"><cfRule/></conditionalFormatting>'
        "<extLst><x14:dataValidation><xm:sqref>K2:K100</xm:sqref></x14:dataValidation></extLst>"
    )
    grown = extend_sheet_ranges(tail, 103, reaches)
    assert 'sqref="B2:B103"' in grown and 'sqref="A1:C103"' in grown
    assert "<xm:sqref>K2:K103</xm:sqref>" in grown


def test_calculated_column_is_filled_between_the_cells_of_new_rows(tmp_path: Path) -> None:
    from openpyxl.worksheet.table import Table, TableFormula

    from xlcrm.io.monthly.ranges import extend_master

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S"
    ws.append(["Id", "Twice", "Extra"])
    for n in range(1, 6):  # rows 5 and 6 were appended below the table
        ws.append([n, "=T[[#This Row],[Id]]*2" if n <= 3 else None, f"x{n}"])
    table = Table(displayName="T", ref="A1:B4")
    table._initialise_columns()
    table.tableColumns[0].name, table.tableColumns[1].name = "Id", "Twice"
    table.tableColumns[1].calculatedColumnFormula = TableFormula(attr_text="T[[#This Row],[Id]]*2")
    ws.add_table(table)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    extend_master(path, "S", header_row=1, old_last=4, new_last=6)
    ws = openpyxl.load_workbook(path)["S"]
    assert ws.tables["T"].ref == "A1:B6"
    assert [ws.cell(row=r, column=2).value for r in (4, 5, 6)] == ["=T[[#This Row],[Id]]*2"] * 3
    assert [c.value for c in ws[6]] == [5, "=T[[#This Row],[Id]]*2", "x5"]
