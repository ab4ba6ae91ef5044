"""``xlcrm distribute`` end to end: one template workbook per owner, the manifest, passwords."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.cli.monthly import (
    ASOF,
    MONTH,
    OWNERS,
    data_sheet,
    edit_workbook,
    make_master,
    run_distribute,
)
from tests.plain import decrypt_to
from xlcrm import schema
from xlcrm.cli.app import app
from xlcrm.core.monthly.plan import owner_key
from xlcrm.io.monthly.files import DIST_NAME, HIDDEN_SHEET, read_returned
from xlcrm.io.monthly.manifest import MANIFEST_JSON, PASSWORDS_JSON
from xlcrm.io.passwords import encrypt_to, is_encrypted
from xlcrm.io.reader import read_table
from xlcrm.io.templates.build import TEMPLATE_VERSION, VERSION_NAME
from xlcrm.sample.data import generate_customers, write_messy_workbook


def test_one_file_per_owner_with_only_their_rows(runner: CliRunner, tmp_path: Path) -> None:
    master, records = make_master(tmp_path)
    payload = run_distribute(runner, master, tmp_path / "out")
    expected = Counter(r["owner"] for r in records)
    files = {f["owner"]: f for f in payload["files"]}
    assert set(files) == {*OWNERS, ""}
    assert files[""]["file"] == "客户台账_未分配_2026-11.xlsx"
    assert files["张三"]["file"] == "客户台账_张三_2026-11.xlsx"
    for owner in OWNERS:
        assert files[owner]["rows"] == expected[owner]
        returned = read_returned(tmp_path / "out" / files[owner]["file"])
        assert returned.table is not None
        assert set(returned.table.df["owner"]) == {owner}
        ids = {r["customer_id"] for r in records if r["owner"] == owner}
        assert set(returned.table.df["customer_id"]) == ids
        assert len(returned.prints) == len(ids)
    assert files[""]["rows"] == 3
    assert sum(f["rows"] for f in payload["files"]) == len(records) == payload["rows"]
    # the carried-through column (微信号) travels too
    returned = read_returned(tmp_path / "out" / files["李四"]["file"])
    assert returned.table is not None and "微信号" in returned.table.df.columns


def test_file_is_the_template_with_ids_and_fingerprints(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=30)
    payload = run_distribute(runner, master, tmp_path / "out")
    entry = payload["files"][0]
    path = tmp_path / "out" / entry["file"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:1] == ["客户信息"] and {"设置", "说明", "lists"} <= set(wb.sheetnames)
    assert wb[HIDDEN_SHEET].sheet_state == "veryHidden"
    assert wb.defined_names[VERSION_NAME].attr_text == f'"{TEMPLATE_VERSION}"'
    assert wb.defined_names[DIST_NAME].attr_text == f'"{payload["distribution"]}"'
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props[DIST_NAME] == payload["distribution"]
    ws = wb.worksheets[0]
    assert ws.tables["Customers"].ref.startswith("A1:")
    assert len(ws.data_validations.dataValidation) >= 7  # the template's drop-downs and checks
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == entry["sha256"]
    manifest = json.loads((tmp_path / "out" / MANIFEST_JSON).read_text(encoding="utf-8"))
    assert manifest["distribution"] == payload["distribution"]
    sheet = openpyxl.load_workbook(tmp_path / "out" / "分发清单.xlsx")["分发清单"]
    assert [c.value for c in sheet[1]][:5] == ["负责人", "文件", "行数", "SHA-256", "密码"]
    assert sheet.max_row >= len(payload["files"]) + 1


def test_table_and_validation_grow_past_the_template_rows(tmp_path: Path) -> None:
    runner = CliRunner()
    master, _ = make_master(tmp_path, rows=520, owners=["张三"], unassigned=0)
    payload = run_distribute(runner, master, tmp_path / "out")
    ws = data_sheet(tmp_path / "out" / payload["files"][0]["file"])
    width = sum(1 for c in ws[1] if c.value is not None)  # the template's columns + 微信号
    assert width >= len(schema.FIELDS) + 1
    letter = openpyxl.utils.get_column_letter(width)
    assert ws.tables["Customers"].ref == f"A1:{letter}521"  # 520 rows under the header
    for dv in ws.data_validations.dataValidation:
        assert all(str(r).endswith("521") for r in dv.sqref.ranges), dv.sqref
    assert ws.cell(row=521, column=1).value is not None
    for cell in ws[2]:  # a column the template fills with a formula keeps it past row 501
        if isinstance(cell.value, str) and cell.value.startswith("="):
            assert ws.cell(row=521, column=cell.column).value == cell.value


def test_passwords_per_file_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=20)
    out = tmp_path / "out"
    payload = run_distribute(runner, master, out, "--password-per-file")
    secrets = json.loads((out / PASSWORDS_JSON).read_text(encoding="utf-8"))["passwords"]
    assert stat.S_IMODE((out / PASSWORDS_JSON).stat().st_mode) == 0o600
    assert all(f["password"] for f in payload["files"]) and len(secrets) == len(payload["files"])
    assert len(set(secrets.values())) == len(secrets)
    manifest = json.loads((out / MANIFEST_JSON).read_text(encoding="utf-8"))
    entry = manifest["files"][0]
    path = out / entry["file"]
    assert is_encrypted(path)
    assert secrets[entry["file_id"]] not in (out / MANIFEST_JSON).read_text(encoding="utf-8")
    # the salesperson opens it with the password, edits, saves it encrypted again
    plain = tmp_path / "plain.xlsx"
    decrypt_to(path, plain, secrets[entry["file_id"]])
    ws_name = {}

    def change(ws: Worksheet, columns: dict[str, int]) -> None:
        ws.cell(row=2, column=columns["notes"], value="已回访")
        ws_name["id"] = ws.cell(row=2, column=columns["customer_id"]).value

    edit_workbook(plain, change)
    path.unlink()
    renamed = out / "张三-已更新.xlsx"  # renamed on the way back: found by the ids inside
    encrypt_to(plain, renamed, secrets[entry["file_id"]])
    plain.unlink()
    result = runner.invoke(app, ["collect", str(out), "--into", str(master), "--json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["returned"] == len(payload["files"])
    assert report["missing"] == []
    assert report["changed"] == 1 and report["new"] == 0 and report["deleted"] == 0
    collected = read_returned(tmp_path / "master.collected.xlsx")
    assert collected.table is not None
    df = collected.table.df
    assert df.loc[df["customer_id"] == ws_name["id"], "notes"].tolist() == ["已回访"]


def test_with_review_adds_the_owners_stale_list(runner: CliRunner, tmp_path: Path) -> None:
    master, records = make_master(tmp_path, rows=40)
    payload = run_distribute(runner, master, tmp_path / "out", "--with-review", "30d")
    entry = next(f for f in payload["files"] if f["owner"] == "王芳")
    wb = openpyxl.load_workbook(tmp_path / "out" / entry["file"])
    review = wb["待更新"]
    cutoff = ASOF - dt.timedelta(days=30)
    mine = [r for r in records if r["owner"] == "王芳"]
    stale = [
        r for r in mine
        if not r["updated_at"] or r["updated_at"] < cutoff
        or not r["last_purchase_at"] or r["last_purchase_at"] < cutoff
    ]  # fmt: skip
    assert review.max_row - 1 == len(stale)
    assert {c.value for c in review["A"][1:]} == {r["customer_id"] for r in stale}


def test_refuses_a_folder_with_an_earlier_distribution(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=10)
    run_distribute(runner, master, tmp_path / "out")
    result = runner.invoke(
        app, ["distribute", str(master), "--out", str(tmp_path / "out"), "--month", MONTH]
    )
    assert result.exit_code == 2
    assert "empty folder" in result.output


def test_by_any_column_of_the_sheet(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=12, unassigned=0)
    wechat = read_table(master).df["微信号"]
    payload = run_distribute(runner, master, tmp_path / "by-wechat", "--by", "微信号")
    expected = Counter(owner_key(v) for v in wechat)
    assert sorted(f["rows"] for f in payload["files"]) == sorted(expected.values())
    for entry in payload["files"]:
        returned = read_returned(tmp_path / "by-wechat" / entry["file"])
        assert returned.table is not None
        assert {owner_key(v) for v in returned.table.df["微信号"]} == {owner_key(entry["owner"])}
    by_header = run_distribute(runner, master, tmp_path / "by-header", "--by", "负责人")
    assert {f["owner"] for f in by_header["files"]} == set(OWNERS)


def test_by_a_column_the_sheet_lacks_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    master, _ = make_master(tmp_path, rows=5)
    result = runner.invoke(
        app, ["distribute", str(master), "--by", "QQ", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "xlcrm: 表中没有“QQ”这一列，无法按它分发。 The sheet has no column 'QQ' to distribute by."
    )


@pytest.mark.parametrize("month", ["2026-13", "26-11", "2026/11"])
def test_bad_month_is_one_clear_error(runner: CliRunner, tmp_path: Path, month: str) -> None:
    master, _ = make_master(tmp_path, rows=5)
    result = runner.invoke(
        app, ["distribute", str(master), "--out", str(tmp_path / "o"), "--month", month]
    )
    assert result.exit_code == 2 and "YYYY-MM" in result.output


def test_english_workbook_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    data = generate_customers(12, seed=4, messy=False, language="en", asof=ASOF)
    for index, record in enumerate(data.records):
        record["owner"] = ["Alice", "Bob"][index % 2]
        record["customer_id"] = f"E{index:03d}"
    master = write_messy_workbook(data, tmp_path / "customers.xlsx")
    payload = run_distribute(runner, master, tmp_path / "out")
    assert sorted(f["file"] for f in payload["files"]) == [
        "customers_Alice_2026-11.xlsx",
        "customers_Bob_2026-11.xlsx",
    ]
    assert (tmp_path / "out" / "manifest.xlsx").is_file()
    result = runner.invoke(app, ["collect", str(tmp_path / "out"), "--into", str(master), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows_out"] == 12
    report = openpyxl.load_workbook(tmp_path / "customers.collection-report.xlsx")
    assert report.sheetnames == [
        "Summary", "Files", "New", "Changed", "Deleted", "Conflicts", "Invalid"
    ]  # fmt: skip
