"""xlcrm retention on real workbooks: dry run, apply, archive, anonymise, destroy, log, audit."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msoffcrypto
import openpyxl
import pytest
from msoffcrypto.exceptions import InvalidKeyError
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.io.backup import list_backups, make_backup
from xlcrm.io.retention.records import destruction_log_path

HEADER = [
    "客户编号",
    "姓名",
    "客户类型",
    "手机",
    "邮箱",
    "地址",
    "最近购买日期",
    "创建日期",
    "购买次数",
    "营销授权",
    "备注",
    "地区",
]
PEOPLE: list[list[Any]] = [
    ["C0001", "张三", "个人", "13800138001", "zhang@qq.com", "北京朝阳路1号", dt.datetime(2025, 5, 1), dt.datetime(2020, 1, 1), 3, "是", "", "北京"],
    ["C0007", "李四", "个人", "13800138002", "li@qq.com", "上海南京路2号", None, dt.datetime(2019, 1, 1), 0, "是", "叫他老李", "上海"],
    ["C0042", "王五", "个人", "13800138003", "wang@qq.com", "广州天河路3号", dt.datetime(2024, 1, 1), dt.datetime(2019, 1, 1), 2, "是", "", "广东"],
    ["C0100", "赵六", "潜在", "13800138004", "zhao@qq.com", "深圳福田路4号", None, dt.datetime(2018, 1, 1), None, "是", "", "广东"],
    ["C0101", "钱七", "企业", "13800138005", "qian@qq.com", "杭州西湖路5号", dt.datetime(2023, 6, 1), dt.datetime(2018, 1, 1), 1, "否", "", "浙江"],
    ["C0102", "孙八", "个人", "13800138006", "sun@qq.com", "南京中山路6号", None, dt.datetime(2018, 1, 1), 0, "否", "孙八的私人备注", "江苏"],
]  # fmt: skip
RULES = """
[[rules]]
name = "stale prospects"
action = "archive"
basis = "PIPL Art. 19"
conditions = [
  { field = "customer_type", op = "==", value = "潜在" },
  { field = "last_purchase_at|created_at", op = "older_than", value = "3y" },
]
[[rules]]
name = "consent withdrawn"
action = "anonymise"
basis = "GDPR Art. 7(3)"
conditions = [{ field = "consent", op = "==", value = "否" }]
[[rules]]
name = "erasure requests"
action = "destroy"
basis = "PIPL Art. 47 / GDPR Art. 17"
conditions = [{ field = "customer_id", op = "in", value = ["C0007", "C0042"] }]
[[rules]]
name = "tax records"
action = "hold"
basis = "accounting records law"
conditions = [
  { field = "purchase_count", op = ">", value = 0 },
  { field = "last_purchase_at", op = "within", value = "3y" },
]
"""
# What the rules above select, worked out by hand from PEOPLE (asof 2026-01-01), rows 2-7:
# C0100 (row 5) stale prospect → archive; C0102 (row 7) consent 否 → anonymise; C0101
# (row 6) consent 否 but bought 2023 → held; C0007 (row 3) → destroy; C0042 (row 4)
# bought 2024 → held.
EXPECTED = {
    "stale prospects": ([5], []),
    "consent withdrawn": ([7], [6]),
    "erasure requests": ([3], [4]),
}
ASOF = ["--asof", "2026-01-01"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.xlsx")


def write_book(path: Path, settings_rows: list[list[Any]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "客户"
    ws.append(HEADER)
    for row in PEOPLE:
        ws.append(row)
    if settings_rows is not None:
        sheet = workbook.create_sheet("设置")
        for row in settings_rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str, password: str | None = "pw") -> Any:
    env = {"XLCRM_PASSWORD": password} if password else {}
    return runner.invoke(app, [*args], env=env)


def final_record(book: Path) -> dict[str, Any]:
    """The destruction record as completed (the log's last entry)."""
    lines = destruction_log_path(book).read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    assert entry["status"] == "done"
    details: dict[str, Any] = entry["details"]
    return details


def plan_of(output: str) -> dict[str, tuple[list[int], list[int]]]:
    payload = json.loads(output)
    return {r["name"]: (r["rows"], r["held"]) for r in payload["rules"]}


def all_text(path: Path, password: str | None = None) -> str:
    """Every string in a workbook's package (all XML parts), decrypted when needed."""
    data = path.read_bytes()
    if password is not None:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
        data = plain.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        text = "".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    return html.unescape(text)  # openpyxl writes 王五 as &#29579;&#20116;


def sheet_rows(path: Path, sheet: str = "客户") -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_dry_run_changes_nothing_and_prints_the_plan(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    before = (book.read_bytes(), book.stat().st_mtime_ns)
    result = run(runner, "retention", str(book), "--rules", str(rules), "--json", *ASOF)
    assert result.exit_code == 1, result.output  # records are due
    payload = json.loads(result.stdout)
    assert set(payload) == {"applied", "rules"} and payload["applied"] is False
    assert all(set(r) == {"name", "action", "basis", "rows", "held"} for r in payload["rules"])
    assert plan_of(result.stdout) == EXPECTED
    assert (book.read_bytes(), book.stat().st_mtime_ns) == before
    assert list_backups(book) == []
    assert not (book.parent / "book.archive.xlsx").exists()
    assert not destruction_log_path(book).exists()


def test_apply_in_place_does_exactly_what_the_dry_run_listed(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    dry = run(runner, "retention", str(book), "--rules", str(rules), "--json", *ASOF)
    args = ("retention", str(book), "--rules", str(rules), "--apply", "--in-place", "--json", *ASOF)
    applied = run(runner, *args, "--witness", "监销人甲", "--approver", "批准人乙")
    assert applied.exit_code == 0, applied.output
    assert json.loads(applied.stdout)["applied"] is True
    assert plan_of(applied.stdout) == plan_of(dry.stdout) == EXPECTED
    rows = sheet_rows(book)
    ids = [r[0] for r in rows[1:]]
    assert ids == ["C0001", "C0042", "C0101", "C0102"]  # rows 3 (destroy) and 5 (archive) gone
    flags = {r[0]: r[-1] for r in rows[1:]}
    assert rows[0][-1] == "受限" and flags == {
        "C0001": None,
        "C0042": "受限",
        "C0101": "受限",
        "C0102": None,
    }
    # The held rows keep their personal data; the anonymised row keeps its statistics.
    assert rows[2][1] == "王五" and rows[3][3] == "13800138005"
    anonymised = rows[4]
    assert anonymised[1] == "（已匿名）" and anonymised[3:6] == (None, None, None)
    assert anonymised[10] is None and anonymised[2] == "个人" and anonymised[11] == "江苏"
    text = all_text(book)
    for value in ("孙八", "13800138006", "sun@qq.com", "南京中山路6号", "私人备注"):
        assert value not in text


def test_archive_holds_the_moved_rows_and_opens_only_with_the_password(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert result.exit_code == 0, result.output
    archive = book.parent / "book.archive.xlsx"
    with pytest.raises(zipfile.BadZipFile):  # an encrypted OLE file, not a zip of XML
        openpyxl.load_workbook(archive)
    office = msoffcrypto.OfficeFile(archive.open("rb"))
    with pytest.raises(InvalidKeyError):
        office.load_key(password="wrong", verify_password=True)
    assert "13800138004" in all_text(archive, "pw")
    plain = io.BytesIO()
    office = msoffcrypto.OfficeFile(archive.open("rb"))
    office.load_key(password="pw")
    office.decrypt(plain)
    rows = list(openpyxl.load_workbook(plain).active.iter_rows(values_only=True))
    assert rows[0][: len(HEADER)] == tuple(HEADER)
    assert [r[0] for r in rows[1:]] == ["C0100"]
    assert rows[1][len(HEADER) :][0] == "stale prospects" and rows[1][-1] == 5
    assert "赵六" not in all_text(book)


def test_destroy_reaches_every_backup_and_the_archive(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    older = make_backup(book)  # a backup from before, as an earlier xlcrm run leaves
    first = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert first.exit_code == 0, first.output
    # Now C0100 (archived above) and C0102 (anonymised above) ask for deletion.
    erase = RULES.replace('["C0007", "C0042"]', '["C0100", "C0102"]')
    (book.parent / "erase.toml").write_text(erase, encoding="utf-8")
    second = run(
        runner,
        "retention",
        str(book),
        "--rules",
        str(book.parent / "erase.toml"),
        "--apply",
        "--in-place",
        *ASOF,
    )
    assert second.exit_code == 0, second.output
    copies = [book, *list_backups(book)]
    assert older in copies and len(copies) == 4
    for copy in copies:
        text = all_text(copy)
        # C0102 was anonymised in the first run, but the backups still held its data.
        for gone in ("李四", "13800138002", "li@qq.com", "C0007", "孙八", "13800138006", "C0102"):
            assert gone not in text, (copy.name, gone)
        assert "王五" in text  # held
    archive_text = all_text(book.parent / "book.archive.xlsx", "pw")
    assert "赵六" not in archive_text and "13800138004" not in archive_text


def test_destruction_log_has_every_field_and_no_personal_data(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    args = ("retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF)
    result = run(runner, *args, "--witness", "监销人甲", "--approver", "批准人乙")
    assert result.exit_code == 0, result.output
    log = destruction_log_path(book)
    pending, entry = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    record = entry["details"]
    # recorded before the destruction (pending), completed once every copy was scrubbed
    assert (pending["status"], entry["status"], entry["completes"]) == ("pending", "done", 1)
    assert pending["seq"] == record["record_no"] == 1 and entry["user"] == record["operator"]
    assert record["rule"] == "erasure requests" and record["basis"] == "PIPL Art. 47 / GDPR Art. 17"
    assert record["count"] == len(record["id_hashes"]) == 1 and len(record["id_hashes"][0]) == 64
    assert record["witness"] == "监销人甲" and record["approver"] == "批准人乙"
    assert record["method"] and record["reason"] and record["time"] and record["salt"]
    assert "book.xlsx" in record["files_scrubbed"] and record["files_not_scrubbed"] == []
    assert any(name.startswith("book.2") for name in record["files_scrubbed"])
    audit_text = (book.parent / ".xlcrm" / "audit.jsonl").read_text(encoding="utf-8")
    for text in (log.read_text(encoding="utf-8"), audit_text):
        for person in PEOPLE:
            for value in person[:6]:
                assert str(value) not in text
    sheet = sheet_rows(book, "销毁记录")
    assert (
        sheet[0][:3] == ("记录号", "时间", "销毁方式")
        and "监销人" in sheet[0]
        and "批准人" in sheet[0]
    )
    assert sheet[1][0] == 1 and sheet[1][5] == "erasure requests" and sheet[1][10] == "监销人甲"
    for log_file in (log, book.parent / ".xlcrm" / "audit.jsonl"):
        assert runner.invoke(app, ["audit", "verify", str(log_file)]).exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text(lines[0].replace('"count": 1', '"count": 0') + "\n", encoding="utf-8")
    assert runner.invoke(app, ["audit", "verify", str(log)]).exit_code == 1


def test_apply_to_a_new_file_leaves_the_original_and_says_so(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    before = book.read_bytes()
    out = book.parent / "cleaned.xlsx"
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--out", str(out), *ASOF
    )
    assert result.exit_code == 0, result.output
    assert book.read_bytes() == before
    assert [r[0] for r in sheet_rows(out)[1:]] == ["C0001", "C0042", "C0101", "C0102"]
    record = final_record(book)
    assert record["files_not_scrubbed"] == ["book.xlsx"]
    assert "C0007" not in all_text(list_backups(book)[0])


def test_legal_hold_blocks_destruction(runner: CliRunner, book: Path, tmp_path: Path) -> None:
    rules = tmp_path / "hold.toml"
    rules.write_text(
        RULES.replace('"C0007", "C0042"', '"C0042"').replace('"3y" },\n]', '"3y" },\n]', 1),
        encoding="utf-8",
    )
    result = run(
        runner,
        "retention",
        str(book),
        "--rules",
        str(rules),
        "--apply",
        "--in-place",
        "--json",
        *ASOF,
    )
    assert plan_of(result.stdout)["erasure requests"] == ([], [4])
    assert "13800138003" in all_text(book)
    assert not destruction_log_path(book).exists()  # nothing was destroyed


def test_settings_table_gives_the_same_plan_as_the_toml(
    runner: CliRunner, tmp_path: Path, rules: Path
) -> None:
    table: list[list[Any]] = [
        ["保留规则", None, None, "retention"],
        ["规则名称", "动作", "字段", "条件", "值", "法律依据"],
        ["stale prospects", "archive", "客户类型", "等于", "潜在", "PIPL Art. 19"],
        ["stale prospects", None, "last_purchase_at|created_at", "older_than", "3y", None],
        ["consent withdrawn", "anonymise", "consent", "is", "否", "GDPR Art. 7(3)"],
        [
            "erasure requests",
            "destroy",
            "customer_id",
            "in",
            "C0007, C0042",
            "PIPL Art. 47 / GDPR Art. 17",
        ],
        ["tax records", "hold", "purchase_count", "gt", 0, "accounting records law"],
        ["tax records", None, "last_purchase_at", "within", "3y", None],
    ]
    book = write_book(tmp_path / "with_settings.xlsx", table)
    from_settings = run(runner, "retention", str(book), "--json", *ASOF)
    from_word = run(runner, "retention", str(book), "--rules", "settings", "--json", *ASOF)
    from_toml = run(runner, "retention", str(book), "--rules", str(rules), "--json", *ASOF)
    assert (
        json.loads(from_settings.stdout)
        == json.loads(from_toml.stdout)
        == json.loads(from_word.stdout)
    )


@pytest.mark.parametrize(
    "text, needle",
    [
        (
            '[[rules]]\nname = "X"\naction = "burn"\nbasis = "b"\nconditions = [{ field = "consent", op = "blank" }]',
            "burn",
        ),
        (
            '[[rules]]\nname = "X"\naction = "destroy"\nbasis = "b"\nconditions = [{ field = "shoe", op = "blank" }]',
            "shoe",
        ),
        (
            '[[rules]]\nname = "X"\naction = "destroy"\nbasis = "b"\nconditions = [{ field = "created_at", op = "<", value = "2024-02-30" }]',
            "2024-02-30",
        ),
    ],
)
def test_bad_rules_are_one_sentence_and_change_nothing(
    runner: CliRunner, book: Path, tmp_path: Path, text: str, needle: str
) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text(text, encoding="utf-8")
    before = book.read_bytes()
    result = run(runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.count("\n") == 0 and needle in message and "'X'" in message
    assert book.read_bytes() == before and list_backups(book) == []


def test_archive_without_a_password_stops_before_any_change(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    before = book.read_bytes()
    result = run(
        runner,
        "retention",
        str(book),
        "--rules",
        str(rules),
        "--apply",
        "--in-place",
        *ASOF,
        password=None,
    )
    assert result.exit_code == 2 and "XLCRM_PASSWORD" in result.stderr
    assert book.read_bytes() == before and list_backups(book) == []


def test_workbook_without_rules_cannot_be_applied(runner: CliRunner, book: Path) -> None:
    assert run(runner, "retention", str(book), "--json", *ASOF).exit_code in (0, 1)  # example rules
    result = run(runner, "retention", str(book), "--apply", "--in-place", *ASOF)
    assert result.exit_code == 2 and "--rules" in result.stderr


def test_audit_log_verifies_after_runs_and_catches_tampering(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    run(runner, "retention", str(book), "--rules", str(rules), *ASOF)
    run(runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF)
    log = book.parent / ".xlcrm" / "audit.jsonl"
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in entries] == ["retention", "retention", "retention"]
    # the dry run is one entry that says so; the change is pending before it happens
    assert entries[0]["details"] == {"dry_run": True} and "status" not in entries[0]
    assert [e.get("status") for e in entries[1:]] == ["pending", "done"]
    assert entries[2]["completes"] == entries[1]["seq"] and entries[2]["details"] == {}
    assert entries[2]["counts"]["destroyed"] == 1 and entries[2]["counts"]["archived"] == 1
    assert entries[1]["input_sha256"] == entries[2]["input_sha256"] != entries[2]["output_sha256"]
    assert runner.invoke(app, ["audit", "verify", str(log)]).exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([lines[1], lines[0], lines[2]]) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["audit", "verify", str(log)]).exit_code == 1


def test_output_and_archive_open_in_sheetcheck(
    runner: CliRunner, book: Path, rules: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert result.exit_code == 0
    assert sheetcheck(book)["_exit_code"] == 0
    assert sheetcheck(book.parent / "book.archive.xlsx", "--password", "pw")["_exit_code"] == 0


def test_encrypted_backups_are_scrubbed_and_stay_encrypted(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    from xlcrm.io.passwords import encrypt_to, is_encrypted

    plain = make_backup(book)
    encrypt_to(plain, plain.with_suffix(".tmp"), "pw")
    plain.with_suffix(".tmp").replace(plain)  # an encrypted backup, as `xlcrm backup` may keep
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert result.exit_code == 0, result.output
    assert is_encrypted(plain)
    text = all_text(plain, "pw")
    assert "李四" not in text and "13800138002" not in text and "王五" in text


def test_wrong_archive_password_stops_before_any_change(
    runner: CliRunner, book: Path, rules: Path
) -> None:
    assert run(runner, "retention", str(book), "--rules", str(rules), "--apply", "--out",
               str(book.parent / "first.xlsx"), *ASOF).exit_code == 0  # fmt: skip
    before = book.read_bytes()
    backups = list_backups(book)
    args = ("retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF)
    result = run(runner, *args, password="not-the-password")
    assert result.exit_code == 2 and "password" in result.stderr
    assert book.read_bytes() == before and list_backups(book) == backups


def test_removing_rows_moves_formulas_like_excel(tmp_path: Path) -> None:
    from xlcrm.io.retention.rows import remove_rows, shift_formula

    assert shift_formula("=M5*2+$B$7+SUM(A1:A4)", [2, 3], "S") == "=M3*2+$B$5+SUM(A1:A2)"
    assert shift_formula("=A3+Other!A9+S!A9+T[[#This Row],[x]]", [3], "S") == (
        "=#REF!+Other!A9+S!A8+T[[#This Row],[x]]"
    )
    assert shift_formula("=SUM(B2:B3)+SUM(B3:B9)", [2, 3], "S") == "=SUM(#REF!)+SUM(B2:B7)"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    for row in range(1, 6):
        ws.cell(row, 1, row * 10)
        ws.cell(row, 2, f"=A{row}*2")
    ws.cell(6, 2, "=SUM(A1:A5)")
    assert remove_rows(ws, [2, 4]) == 2
    assert [ws.cell(r, 1).value for r in range(1, 4)] == [10, 30, 50]
    assert [ws.cell(r, 2).value for r in range(1, 5)] == ["=A1*2", "=A2*2", "=A3*2", "=SUM(A1:A3)"]


def test_destroy_reaches_other_sheets_with_customer_ids(
    runner: CliRunner, tmp_path: Path, rules: Path
) -> None:
    book = write_book(tmp_path / "merged.xlsx")
    workbook = openpyxl.load_workbook(book)
    merged = workbook.create_sheet("已合并")  # rows an earlier merge moved aside
    merged.append(["客户编号", "姓名", "手机"])
    merged.append(["C0007", "李四", "13800138002"])
    merged.append(["C0001", "张三", "13800138001"])
    workbook.save(book)
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert result.exit_code == 0, result.output
    assert sheet_rows(book, "已合并")[1:] == [("C0001", "张三", "13800138001")]
    for copy in (book, *list_backups(book)):
        assert "13800138002" not in all_text(copy) and "李四" not in all_text(copy)


def test_destroy_reaches_earlier_outputs_and_their_reports(
    runner: CliRunner, tmp_path: Path, rules: Path
) -> None:
    book = write_book(tmp_path / "book.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["客户"]["D3"] = "139000007"  # C0007's phone, too short: the check quotes it
    workbook.save(book)
    checked = tmp_path / "checked.xlsx"
    assert run(runner, "check", str(book), "--out", str(checked)).exit_code == 1
    assert "139000007" in all_text(checked)
    result = run(
        runner, "retention", str(book), "--rules", str(rules), "--apply", "--in-place", *ASOF
    )
    assert result.exit_code == 0, result.output
    text = all_text(checked)
    assert "139000007" not in text and "李四" not in text and "王五" in text
    record = final_record(book)
    assert "checked.xlsx" in record["files_scrubbed"]
