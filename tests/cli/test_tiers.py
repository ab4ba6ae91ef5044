"""`xlcrm tier` on real files: the JSON contract, and columns added beside the user's data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.cli.app import app

HEADER = ["客户编号", "姓名", "手机", "最近购买日期", "购买次数", "累计消费金额", "标签", "备注"]
ROWS = [
    ["C1", "张三", "13800138000", dt.date(2026, 11, 1), 12, 80000, "老客户", "=1+1"],
    ["C2", "李四", "13900139000", dt.date(2026, 7, 1), 4, 15000, None, None],
    ["C3", "王五", "13700137000", dt.date(2025, 1, 1), 1, 300, "展会，展会", None],
    ["C4", "赵六", "13600136000", None, None, None, None, None],
]
ASOF = ["--asof", "2026-11-23"]


@pytest.fixture
def customers(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook([HEADER, *ROWS], name="客户.xlsx")


def test_json_has_the_documented_shape(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["tier", str(customers), "--json", *ASOF])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["asof"] == "2026-11-23"
    rows = {r["row"]: r for r in payload["rows"]}
    assert set(rows) == {2, 3, 4, 5}
    for key in ("row", "r", "f", "m", "segment", "value_tier", "activity"):
        assert all(key in r for r in rows.values())
    assert rows[2]["value_tier"] == "高" and rows[2]["activity"] == "活跃"
    assert rows[3]["value_tier"] == "中" and rows[3]["activity"] == "一般"
    assert rows[4]["value_tier"] == "低" and rows[4]["activity"] == "沉睡"
    assert rows[5]["activity"] is None and rows[5]["r"] is None  # no date: not scored
    assert rows[2]["r"] >= rows[3]["r"] >= rows[4]["r"]


def test_out_adds_columns_and_leaves_the_users_alone(runner: CliRunner, customers: Path) -> None:
    out = customers.with_name("tiers.xlsx")
    result = runner.invoke(app, ["tier", str(customers), "--out", str(out), *ASOF])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][: len(HEADER)] == HEADER
    assert ws["H2"].value == "=1+1"  # the user's formula is still there
    added = [c.value for c in ws[1]][len(HEADER) :]
    assert added[:6] == ["R 近度", "F 频度", "M 额度", "客户分群", "价值等级", "活跃度"]
    value_col = len(HEADER) + 5
    assert ws.cell(2, value_col).value == "高" and ws.cell(4, value_col).value == "低"
    legend = [[c.value for c in row] for row in wb["分级说明"].iter_rows()]
    assert legend[:3] == [
        ["项目", "说明"],
        ["计算日期 / as of", "2026-11-23"],
        ["规则版本 / rules", "第 1 版"],
    ]
    assert legend[6] == [
        "价值等级 / value tier",
        "高：金额 ≥ 50,000 或次数 ≥ 10；中：金额 ≥ 10,000 或次数 ≥ 3；其余为低",
    ]
    again = customers.with_name("tiers2.xlsx")
    runner.invoke(app, ["tier", str(out), "--out", str(again), *ASOF])
    ws2 = openpyxl.load_workbook(again).worksheets[0]
    assert ws2.max_column == ws.max_column  # a re-run reuses its columns


def test_tier_writes_an_audit_line(runner: CliRunner, customers: Path) -> None:
    from xlcrm.audit import log as audit

    runner.invoke(app, ["tier", str(customers), "--json", *ASOF])
    entry = audit.read_entries(audit.default_log_path(customers))[-1]
    assert entry["action"] == "tier" and entry["counts"]["rows"] == 4


def test_english_workbook_shows_english_labels(
    runner: CliRunner, make_workbook: Callable[..., Path]
) -> None:
    header = ["Name", "Phone", "Last Purchase", "Purchases", "Total Spend"]
    rows = [["Ann", "+1 650 253 0000", dt.date(2026, 11, 1), 12, 80000]]
    path = make_workbook([header, *rows], name="en.xlsx")
    out = path.with_name("en.tier.xlsx")
    runner.invoke(app, ["tier", str(path), "--out", str(out), *ASOF])
    ws = openpyxl.load_workbook(out).worksheets[0]
    shown = [c.value for c in ws[2]][len(header) :]
    assert "High" in shown and "Active" in shown
    payload = json.loads(runner.invoke(app, ["tier", str(path), "--json", *ASOF]).stdout)
    assert payload["rows"][0]["value_tier"] == "高"  # the JSON keeps the contract's codes


def test_summary_writes_a_copy_with_the_summary_sheet(runner: CliRunner, customers: Path) -> None:
    before = customers.read_bytes()
    result = runner.invoke(app, ["summary", str(customers), *ASOF])
    assert result.exit_code == 0, result.output
    out = customers.with_name("客户.summary.xlsx")
    wb = openpyxl.load_workbook(out)
    assert "汇总" in wb.sheetnames and customers.read_bytes() == before
    formulas = [c.value for row in wb["汇总"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f.startswith("=COUNTIFS(") for f in formulas)


def _with_settings(path: Path, settings_rows: list[list[object]]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("设置")
    for row in settings_rows:
        ws.append(row)
    wb.save(path)
    return path


def test_rules_come_from_the_settings_sheet(runner: CliRunner, customers: Path) -> None:
    _with_settings(
        customers,
        [
            ["设置项", "值", "说明", "键"],
            ["客户分群模型", "rfm11", None, "segment_model"],
            ["RFM 评分方法", "fixed", None, "rfm_method"],
            ["R 分界（天）", "30，60，200，400", None, "rfm_r_days"],
            ["分级规则版本", "2026-Q4", None, "tier_rules_version"],
            [],
            ["标签规则", None, "…", "tag_rules"],
            ["标签", "字段", "比较", "值"],
            ["老友", "purchase_count", ">=", 4],
            ["常客", "活跃度", "等于", "活跃"],
        ],
    )
    result = runner.invoke(app, ["tier", str(customers), "--json", *ASOF])
    assert result.exit_code == 0, result.output
    rows = {r["row"]: r for r in json.loads(result.stdout)["rows"]}
    # fixed R cut points: 22 days -> 5, 145 days -> 3, 691 days -> 1
    assert (rows[2]["r"], rows[3]["r"], rows[4]["r"]) == (5, 3, 1)
    assert rows[2]["segment"] == "Champions"  # R 5, F 5 (12 purchases >= 10)
    assert all(r["rules_version"] == "2026-Q4" for r in rows.values())
    # The sheet's tag rules replace the defaults (no 高频 / VIP tags now).
    assert rows[2]["tags"] == "老客户、老友、常客"
    assert rows[3]["tags"] == "老友"
    assert rows[4]["tags"] == "展会"


def test_bad_cut_points_are_one_sentence(runner: CliRunner, customers: Path) -> None:
    _with_settings(customers, [["R 分界（天）", "30,20,10", None, "rfm_r_days"]])
    result = runner.invoke(app, ["tier", str(customers), "--json", *ASOF])
    assert result.exit_code == 2
    assert "R 分界（天）" in result.stderr and "4 increasing numbers" in result.stderr


def test_out_from_a_csv_and_from_a_protected_workbook(
    runner: CliRunner, customers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.plain import decrypt_to
    from xlcrm.io.passwords import encrypt_to, is_encrypted

    csv = customers.with_name("客户.csv")
    ws = openpyxl.load_workbook(customers).worksheets[0]
    csv.write_text(
        "\n".join(
            ",".join("" if v is None else str(v) for v in row)
            for row in ws.iter_rows(values_only=True)
        ),
        encoding="utf-8",
    )
    out = csv.with_name("from_csv.xlsx")
    result = runner.invoke(app, ["tier", str(csv), "--out", str(out), *ASOF])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).worksheets[0].cell(1, len(HEADER) + 1).value == "R 近度"

    locked = customers.with_name("locked.xlsx")
    encrypt_to(customers, locked, "pw")
    monkeypatch.setenv("XLCRM_PASSWORD", "pw")
    out = customers.with_name("locked.tier.xlsx")
    result = runner.invoke(app, ["tier", str(locked), "--out", str(out), *ASOF])
    assert result.exit_code == 0, result.output
    assert is_encrypted(out)
    opened = openpyxl.load_workbook(decrypt_to(out, customers.with_name("o.xlsx"), "pw"))
    assert opened.worksheets[0].cell(1, len(HEADER) + 5).value == "价值等级"
