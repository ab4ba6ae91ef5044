"""`xlcrm check` end to end on real files: the JSON contract, the marked copy, --fix, re-runs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.audit import log as audit
from xlcrm.cli.app import app
from xlcrm.io.check.report import ERROR_FILL, FIXED_FILL, TIDIED_FILL, WARNING_FILL

HEADER = [
    "客户编号",
    "姓名",
    "手机号码",
    "电子邮箱",
    "地区",
    "最近购买日期",
    "累计消费金额（元）",
    "客户类型",
    "微信号",
]
ROWS = [
    ["C001", "张三", "138 0013 8000", "zhang@qq.com", "广东", "2026/3/5", "¥1,200", "个人", "wx1"],
    ["C002", "李四", "1380013800A", "li@qq.con", "北京", "2026-13-01", "待定", "企 业", "wx2"],
    ["C003", None, None, None, "上海", dt.date(2026, 2, 1), -5, "公司", "wx3"],
    [
        "C004",
        "王五",
        "010-62345678",
        "WANG＠163.COM",
        "广东",
        "2099-01-01",
        "3千",
        "个人客户",
        "wx4",
    ],
    [
        "C005",
        "赵六",
        13900139000,
        "zhao@example.com",
        "浙江",
        dt.date(2025, 5, 1),
        300,
        "潜在",
        "wx5",
    ],
]
ASOF = ["--asof", "2026-11-23"]


@pytest.fixture
def messy(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook([["2026年客户台账"], ["导出：CRM"], [], HEADER, *ROWS], name="台账.xlsx")


def _issues(runner: CliRunner, path: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", str(path), "--json", *ASOF])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"file", "sheet", "rows", "issues"} and payload["rows"] == 5
    return payload["issues"]  # type: ignore[no-any-return]


def test_json_lists_every_problem_with_the_contract_fields(runner: CliRunner, messy: Path) -> None:
    issues = _issues(runner, messy)
    keys = {"row", "field", "header", "value", "code", "severity", "message", "suggestion"}
    assert all(set(i) == keys for i in issues)
    found = {(i["row"], i["field"], i["code"]) for i in issues}
    assert found == {
        (6, "phone", "phone_invalid"),
        (6, "email", "email_typo"),
        (6, "last_purchase_at", "date_invalid"),
        (7, "name", "required_missing"),
        (7, "phone", "contact_missing"),
        (7, "total_amount", "amount_negative"),
        (8, "phone", "phone_region_mismatch"),  # a Beijing landline in a 广东 row
        (8, "email", "email_fullwidth"),
        (8, "last_purchase_at", "date_future"),
    }  # 个人客户, 企 业 and 公司 are valid ways to write a customer type: not flagged
    typo = next(i for i in issues if i["code"] == "email_typo")
    assert typo["suggestion"] == "li@qq.com" and typo["severity"] == "warning"
    assert typo["header"] == "电子邮箱" and "qq.com" in str(typo["message"])


def test_messy_but_valid_values_are_not_flagged(runner: CliRunner, messy: Path) -> None:
    flagged = {(i["row"], i["field"]) for i in _issues(runner, messy)}
    for cell in [(5, "phone"), (5, "last_purchase_at"), (5, "total_amount"), (9, "phone"),
                 (6, "customer_type"), (6, "total_amount")]:  # fmt: skip
        assert cell not in flagged


def test_clean_template_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    result = runner.invoke(app, ["check", str(tmp_path / "客户信息表.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["issues"] == []


def _fill(cell: openpyxl.cell.Cell) -> str:
    return str(cell.fill.fgColor.rgb)


def test_out_marks_a_copy_and_leaves_the_original(runner: CliRunner, messy: Path) -> None:
    before = messy.read_bytes()
    out = messy.with_name("marked.xlsx")
    result = runner.invoke(app, ["check", str(messy), "--out", str(out), *ASOF])
    assert result.exit_code == 1
    assert messy.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    data = wb["Sheet"] if "Sheet" in wb.sheetnames else wb[wb.sheetnames[0]]
    assert _fill(data["C6"]) == ERROR_FILL and "无效" in data["C6"].comment.text
    assert _fill(data["D6"]) == WARNING_FILL and "li@qq.com" in data["D6"].comment.text
    assert data["C5"].value == "138 0013 8000"  # without --fix nothing is changed
    issues = wb["问题清单"]
    header = [c.value for c in issues[1]]
    assert header[:8] == ["行", "列", "表头", "值", "级别", "代码", "问题", "建议"]
    listed = [r for r in issues.iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(listed) == len(_issues(runner, messy))
    assert issues["A2"].hyperlink is not None and issues["A2"].hyperlink.location
    counts = {r[9]: r[11] for r in issues.iter_rows(min_row=2, values_only=True) if r[9]}
    assert counts["phone_invalid"] == 1 and sum(counts.values()) == len(listed)


def test_fix_writes_unambiguous_fixes_and_lists_them(runner: CliRunner, messy: Path) -> None:
    out = messy.with_name("fixed.xlsx")
    result = runner.invoke(app, ["check", str(messy), "--fix", "--out", str(out), *ASOF])
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(out)
    data = wb[wb.sheetnames[0]]
    assert data["C5"].value == "+8613800138000" and _fill(data["C5"]) == TIDIED_FILL
    assert data["F5"].value == dt.datetime(2026, 3, 5) and data["F5"].is_date
    assert data["G5"].value == 1200 and data["G8"].value == 3000
    assert data["D8"].value == "wang@163.com" and _fill(data["D8"]) == FIXED_FILL
    assert data["D6"].value == "li@qq.con"  # a typo is only suggested: a person confirms
    assert data["C6"].value == "1380013800A" and _fill(data["C6"]) == ERROR_FILL
    changes = wb["修改记录"]
    rows = list(changes.iter_rows(min_row=2, values_only=True))
    assert (5, "C", "手机号码", "138 0013 8000", "+8613800138000", "格式整理") in rows
    assert any(r[:5] == (8, "D", "电子邮箱", "WANG＠163.COM", "wang@163.com") for r in rows)


def test_rerun_on_its_own_output_does_not_stack(runner: CliRunner, messy: Path) -> None:
    first, second = messy.with_name("1.xlsx"), messy.with_name("2.xlsx")
    runner.invoke(app, ["check", str(messy), "--out", str(first), *ASOF])
    runner.invoke(app, ["check", str(first), "--out", str(second), *ASOF])
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count("问题清单") == 1 and len(wb.sheetnames) == 2
    data = wb[wb.sheetnames[0]]
    assert data["C6"].comment.text.count("无效") == 1
    assert _fill(data["C5"]) != ERROR_FILL  # a clean cell stays unmarked


def test_fix_without_out_writes_beside_the_input(runner: CliRunner, messy: Path) -> None:
    result = runner.invoke(app, ["check", str(messy), "--fix", *ASOF])
    assert result.exit_code == 1
    assert messy.with_name("台账.check.xlsx").exists()


def test_english_workbook_gets_english_messages_and_sheets(
    runner: CliRunner, make_workbook: Callable[..., Path]
) -> None:
    path = make_workbook(
        [["Name", "Phone", "Email"], ["Ann", "+1 650 253 000", "ann@gmial.com"]], name="en.xlsx"
    )
    result = runner.invoke(app, ["check", str(path), "--json"])
    messages = [i["message"] for i in json.loads(result.stdout)["issues"]]
    assert any("invalid" in m for m in messages) and any("did you mean" in m for m in messages)
    out = path.with_name("en.out.xlsx")
    runner.invoke(app, ["check", str(path), "--out", str(out)])
    assert "Issues" in openpyxl.load_workbook(out).sheetnames


def test_csv_input_gets_a_marked_xlsx(runner: CliRunner, tmp_path: Path) -> None:
    csv = tmp_path / "导出.csv"
    csv.write_bytes("姓名,手机,邮箱\n张三,1380013800A,a@qq.com\n".encode("gb18030"))
    out = tmp_path / "导出.checked.xlsx"
    result = runner.invoke(app, ["check", str(csv), "--out", str(out)])
    assert result.exit_code == 1, result.output
    data = openpyxl.load_workbook(out).worksheets[0]
    assert _fill(data["B2"]) == ERROR_FILL


def test_check_writes_an_audit_line_without_personal_data(runner: CliRunner, messy: Path) -> None:
    runner.invoke(app, ["check", str(messy), "--json", *ASOF])
    entry = audit.read_entries(audit.default_log_path(messy))[-1]
    assert entry["action"] == "check" and entry["counts"]["errors"] == 4
    assert "张三" not in json.dumps(entry, ensure_ascii=False)


def test_bad_asof_is_a_clear_error(runner: CliRunner, messy: Path) -> None:
    result = runner.invoke(app, ["check", str(messy), "--asof", "tomorrow"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_marked_copy_opens_in_a_real_spreadsheet(
    runner: CliRunner, messy: Path, sheetcheck: Callable[..., dict[str, object]]
) -> None:
    out = messy.with_name("look.xlsx")
    runner.invoke(app, ["check", str(messy), "--fix", "--out", str(out), *ASOF])
    report = sheetcheck(out)
    assert report["_exit_code"] == 0, report.get("error")
    names = [s["name"] for s in report["sheets"]]  # type: ignore[index, union-attr]
    assert names[-2:] == ["问题清单", "修改记录"]


def test_notes_are_capped_but_every_issue_is_listed(
    runner: CliRunner, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from xlcrm.io.check import report as check_report

    monkeypatch.setattr(check_report, "MAX_NOTES", 3)
    rows = (
        [["姓名", "邮箱"]] + [[f"客户{i}", f"k{i}@qq.con"] for i in range(5)] + [["", "a@qq.com"]]
    )
    path = make_workbook(rows, name="many.xlsx")
    out = path.with_name("many.out.xlsx")
    runner.invoke(app, ["check", str(path), "--out", str(out)])
    wb = openpyxl.load_workbook(out)
    data = wb[wb.sheetnames[0]]
    noted = [c.coordinate for row in data.iter_rows() for c in row if c.comment]
    assert noted == ["B2", "B3", "A7"]  # the error (a missing name) is noted first
    assert all(_fill(data[f"B{r}"]) == WARNING_FILL for r in range(2, 7))  # all still marked
    assert len([r for r in wb["问题清单"].iter_rows(min_row=2, values_only=True) if r[0]]) == 6


def test_encrypted_workbook_gives_an_encrypted_marked_copy(
    runner: CliRunner, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    from tests.plain import decrypt_to
    from xlcrm.io.passwords import is_encrypted

    locked = messy.with_name("locked.xlsx")
    with messy.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("s3cret", dst)
    monkeypatch.setenv("XLCRM_PASSWORD", "s3cret")
    out = messy.with_name("locked.checked.xlsx")
    result = runner.invoke(app, ["check", str(locked), "--out", str(out), *ASOF])
    assert result.exit_code == 1, result.output
    assert is_encrypted(out)  # the copy is no less protected than the original
    plain = decrypt_to(out, messy.with_name("plain.xlsx"), "s3cret")
    data = openpyxl.load_workbook(plain).worksheets[0]
    assert _fill(data["C6"]) == ERROR_FILL
