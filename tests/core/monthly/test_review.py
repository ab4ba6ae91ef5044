"""xlcrm review: records not updated or not contacted within a period, by owner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.core.monthly.review import by_owner, parse_period, stale_records
from xlcrm.errors import XlcrmError

ASOF = dt.date(2026, 11, 1)
D = dt.date


@pytest.mark.parametrize(
    ("text", "days"),
    [("90d", 90), ("90", 90), ("12w", 84), ("3m", 90), ("1y", 365), (" 2W ", 14)],
)
def test_parse_period(text: str, days: int) -> None:
    assert parse_period(text) == days


@pytest.mark.parametrize("text", ["", "0d", "90x", "-5d", "d90", "1.5m"])
def test_bad_period(text: str) -> None:
    with pytest.raises(XlcrmError, match="90d"):
        parse_period(text)


def _frame() -> pd.DataFrame:
    rows = {
        2: ("C1", "甲", "张三", D(2026, 10, 1), D(2026, 9, 1)),  # fresh on both
        3: ("C2", "乙", "张三", D(2026, 7, 1), D(2026, 9, 1)),  # not updated
        4: ("C3", "丙", "李四", D(2026, 10, 1), D(2025, 1, 1)),  # not contacted
        5: ("C4", "丁", "李四", None, None),  # neither date
        6: ("C5", "戊", None, "2026-08-02", "2026/10/30"),  # dates typed as text, boundary
    }
    columns = ["customer_id", "name", "owner", "updated_at", "last_purchase_at"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=object)


def test_stale_records_by_reason() -> None:
    df = _frame()
    stale = stale_records(df, {c: c for c in df.columns}, asof=ASOF, days=90, language="en")
    # cutoff 2026-08-03: 2026-08-02 is older, 2026-10-30 is not
    assert stale["row"].tolist() == [3, 4, 5, 6]
    reasons = dict(zip(stale["row"], stale["reasons"], strict=True))
    assert reasons[3] == "not updated within the period"
    assert reasons[4] == "no purchase or contact within the period"
    assert reasons[5] == "no update date; no last purchase date"
    assert reasons[6] == "not updated within the period"
    assert by_owner(stale) == {"李四": 2, "张三": 1, "": 1}


def _workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["客户编号", "姓名", "手机", "负责人", "更新日期", "最近购买日期"])
    for cid, name, owner, updated, bought in _frame().itertuples(index=False):
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


@pytest.mark.parametrize(
    ("version", "status"),
    [("1.0", "current"), ("0.9", "migrated"), ("0.8.1", "migrated"), ("1.1", "unknown"),
     ("7.3", "unknown"), ("", "unknown"), (None, "unknown"), ("beta", "unknown")],
)  # fmt: skip
def test_template_versions(version: str | None, status: str) -> None:
    from xlcrm.core.monthly.migrate import version_status

    assert version_status(version, "1.0") == status
