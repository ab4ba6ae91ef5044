"""``xlcrm review`` end to end: the JSON, the linked 待更新 sheet, records without dates."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from tests.core.monthly.test_review import stale_frame
from xlcrm.cli.app import app


def _workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["客户编号", "姓名", "手机", "负责人", "更新日期", "最近购买日期"])
    for cid, name, owner, updated, bought in stale_frame().itertuples(index=False):
        ws.append([cid, name, "13800138000", owner, updated, bought])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    return path


def test_cli_json(runner: CliRunner, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    result = runner.invoke(
        app, ["review", str(path), "--older-than", "90d", "--asof", "2026-11-01", "--json"]
    )
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["stale"] == 4 and payload["rows"] == 5
    assert payload["cutoff"] == "2026-08-03"
    assert payload["by_owner"] == {"李四": 2, "张三": 1, "": 1}
    assert [r["customer_id"] for r in payload["records"]] == ["C2", "C3", "C4", "C5"]
    assert not (tmp_path / "list.review.xlsx").exists()  # --json alone writes nothing


def test_cli_writes_a_linked_sheet(runner: CliRunner, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    out = tmp_path / "reviewed.xlsx"
    result = runner.invoke(
        app, ["review", str(path), "--older-than", "3m", "--asof", "2026-11-01", "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    ws = openpyxl.load_workbook(out)["待更新"]
    assert ws.cell(row=1, column=1).value == "行"
    assert ws.max_row == 5
    owners = [ws.cell(row=r, column=4).value for r in range(2, 6)]
    assert owners == sorted(owners, key=lambda v: v or "")  # grouped by owner
    link = ws.cell(row=2, column=1).hyperlink
    assert link is not None and "客户" in str(link.location)


def test_a_record_without_dates_is_always_stale(runner: CliRunner, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    result = runner.invoke(
        app, ["review", str(path), "--older-than", "10y", "--asof", "2026-11-01", "--json"]
    )
    assert json.loads(result.stdout)["stale"] == 1  # C4 has no dates at all
    assert result.exit_code == 1
