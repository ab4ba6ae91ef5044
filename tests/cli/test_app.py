"""The command line, driven as a user would through CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.audit import log as audit
from xlcrm.cli.app import app

HEADER = ["客户编号", "姓名", "手机号码", "电子邮箱", "微信号"]


@pytest.fixture
def customers(make_workbook: Callable[..., Path]) -> Path:
    rows = [["2026年客户台账"], [], HEADER, ["C001", "张三", "013800138000", "a@qq.com", "wx"]]
    return make_workbook(rows, name="客户.xlsx")


def test_inspect_json_is_the_documented_shape(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["inspect", str(customers), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload == {
        "file": str(customers),
        "sheet": "客户",
        "header_row": 3,
        "rows": 1,
        "columns": [
            {"column": "A", "header": "客户编号", "field": "customer_id"},
            {"column": "B", "header": "姓名", "field": "name"},
            {"column": "C", "header": "手机号码", "field": "phone"},
            {"column": "D", "header": "电子邮箱", "field": "email"},
            {"column": "E", "header": "微信号", "field": None},
        ],
    }


def test_inspect_human_output_goes_to_stderr(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["inspect", str(customers)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "表头在第 3 行" in result.stderr and "phone" in result.stderr


def test_every_action_appends_a_verifiable_audit_line(runner: CliRunner, customers: Path) -> None:
    for _ in range(2):
        assert runner.invoke(app, ["inspect", str(customers), "--json"]).exit_code == 0
    log = audit.default_log_path(customers)
    entries = audit.read_entries(log)
    assert [e["action"] for e in entries] == ["inspect", "inspect"]
    assert entries[0]["input_sha256"] == audit.file_sha256(customers)
    assert entries[0]["counts"]["rows"] == 1
    assert "张三" not in log.read_text(encoding="utf-8")  # no personal data in the log
    verified = runner.invoke(app, ["audit", "verify", str(customers.parent), "--json"])
    assert verified.exit_code == 0 and json.loads(verified.stdout)["entries"] == 2
    shown = runner.invoke(app, ["audit", "show", str(log)])
    assert shown.exit_code == 0 and "inspect" in shown.stdout


def test_audit_verify_names_the_edited_line(runner: CliRunner, customers: Path) -> None:
    for _ in range(3):
        runner.invoke(app, ["inspect", str(customers), "--json"])
    log = audit.default_log_path(customers)
    lines = log.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["counts"]["rows"] = 9
    lines[1] = json.dumps(edited, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "verify", str(log)])
    assert result.exit_code == 1
    assert "第 2 行" in result.stderr


def test_audit_log_option_moves_the_log(runner: CliRunner, customers: Path, tmp_path: Path) -> None:
    log = tmp_path / "elsewhere" / "log.jsonl"
    runner.invoke(app, ["inspect", str(customers), "--json", "--audit-log", str(log)])
    assert len(audit.read_entries(log)) == 1
    assert not audit.default_log_path(customers).exists()


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    nohead = tmp_path / "nohead.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["a", "b"])
    wb.save(nohead)
    return {
        "missing": tmp_path / "missing.xlsx",
        "folder": tmp_path,
        "corrupt": fake,
        "xls": old,
        "empty": empty,
        "no header": nohead,
    }


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("missing", "does not exist"),
        ("folder", "is a folder"),
        ("corrupt", "not an Excel workbook"),
        ("xls", "save it as an .xlsx"),
        ("empty", "is empty"),
        ("no header", "No header row"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    runner: CliRunner, tmp_path: Path, case: str, fragment: str
) -> None:
    path = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlcrm: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_unknown_sheet_lists_the_sheets(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["inspect", str(customers), "--sheet", "Nope"])
    assert result.exit_code == 2 and "客户" in result.stderr


def test_init_copies_templates_without_overwriting(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in target.iterdir())
    assert names == ["customers.xlsx", "客户信息表.xlsx"]
    mine = target / "客户信息表.xlsx"
    mine.write_bytes(b"my edited file")
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 0
    assert mine.read_bytes() == b"my edited file"


def test_templates_are_readable_by_inspect(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    for name, field in (("客户信息表.xlsx", "手机"), ("customers.xlsx", "Phone")):
        result = runner.invoke(app, ["inspect", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        assert payload["header_row"] == 1 and payload["rows"] == 0
        assert {"header": field, "field": "phone"}.items() <= next(
            c for c in payload["columns"] if c["field"] == "phone"
        ).items()


def test_demo_runs_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--rows", "60", "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = out / "客户台账_演示.xlsx"
    assert workbook.exists() and (out / "templates" / "customers.xlsx").exists()
    inspected = runner.invoke(app, ["inspect", str(workbook), "--json"])
    payload = json.loads(inspected.stdout)
    assert payload["header_row"] > 1 and payload["rows"] >= 60
    assert audit.verify(audit.default_log_path(workbook)).ok
