"""``xlcrm diff``: two months of a generated list, with planted changes, compared."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.io.reader import read_table
from xlcrm.io.summary.months import read_months
from xlcrm.sample.data import generate_customers
from xlcrm.sample.files import write_messy_workbook

OLD_DAY, NEW_DAY = dt.date(2026, 10, 31), dt.date(2026, 11, 30)


@pytest.fixture
def months(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """Two months of one list: retyped phones (no change), real changes, gone and new rows."""
    data = generate_customers(150, seed=5, asof=OLD_DAY)
    old = write_messy_workbook(data, tmp_path / "10月.xlsx")
    rng = random.Random(3)
    records = copy.deepcopy(data.records)
    ids = [r["customer_id"] for r in records]
    unique = [i for i, r in enumerate(records) if ids.count(r["customer_id"]) == 1]
    retyped, changed, gone = unique[:10], unique[10:16], unique[16:19]
    for i in retyped:
        phone = records[i]["phone"]
        if isinstance(phone, str) and phone.isdigit() and len(phone) == 11:
            records[i]["phone"] = f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        records[i]["region"] = f"{records[i]['region']}"  # the same value, written again
    for i in changed:
        records[i]["total_amount"] = 100000.0
        records[i]["last_purchase_at"] = NEW_DAY - dt.timedelta(days=3)
    # each row with its gender and birth date, which the generator keeps beside the records
    rows = [(r, data.gender[i], data.birth_date[i]) for i, r in enumerate(records) if i not in gone]
    for n in range(4):
        rows.append(({**copy.deepcopy(records[unique[-1]]), "customer_id": f"N{n}",
                      "name": f"新客户{n}", "region": "西藏", "owner": "新同事"}, None, None))  # fmt: skip
    rng.shuffle(rows)  # rows move: customers pair by id, not by row
    new_data = copy.copy(data)
    new_data.records = [r for r, _, _ in rows]
    new_data.gender = [g for _, g, _ in rows]
    new_data.birth_date = [b for _, _, b in rows]
    new_data.wechat = [None] * len(rows)  # 微信号 emptied this month
    new = write_messy_workbook(new_data, tmp_path / "11月.xlsx")
    truth = {
        "changed": {ids[i] for i in changed},
        "gone": {ids[i] for i in gone},
        "new": {f"N{n}" for n in range(4)},
        "wechat_dropped": {ids[i] for i, w in enumerate(data.wechat) if w and i not in gone},
    }
    return old, new, truth


def test_new_gone_and_changed_customers_and_nothing_else(
    months: tuple[Path, Path, dict[str, Any]], runner: CliRunner
) -> None:
    old, new, truth = months
    args = ["diff", str(old), str(new), "--asof", str(NEW_DAY), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["key"] == "客户编号" and payload["output"] is None
    assert {a["key"] for a in payload["added"]} == truth["new"]
    assert {r["key"] for r in payload["removed"]} == truth["gone"]
    # The only changes: the planted ones, and the 微信号 column this test emptied.
    changed = {c["key"]: c["fields"] for c in payload["changed"]}
    planted = {k for k, fields in changed.items() if set(fields) - {"微信号"}}
    assert planted == truth["changed"]
    for key in truth["changed"]:
        assert changed[key]["total_amount"][1] == 100000
    assert {k for k, f in changed.items() if "微信号" in f} == truth["wechat_dropped"]
    assert sum(payload["moves"]["value_tier"].values()) >= 1
    assert all("→" in move for move in payload["moves"]["activity"])
    new_table, old_table = read_table(new), read_table(old)
    rows_new = {r["key"]: r["row"] for r in payload["added"]}
    for key, row in rows_new.items():
        assert new_table.df.at[row, "customer_id"] == key
    assert payload["unchanged"] + len(changed) + len(payload["removed"]) == len(old_table.df)
    region = {r["label"]: r for r in payload["totals"]["region"]}
    assert region["西藏"]["customers_new"] >= 4
    assert [m["month"] for m in payload["months"]] == ["2026-10", "2026-11"]


def test_the_workbook_holds_the_same_numbers(
    months: tuple[Path, Path, dict[str, Any]],
    runner: CliRunner,
    sheetcheck: Callable[..., dict[str, Any]],
) -> None:
    old, new, _truth = months
    out = new.with_name("对比.xlsx")
    args = ["diff", str(old), str(new), "--asof", str(NEW_DAY), "--json", "--out", str(out)]
    payload = json.loads(runner.invoke(app, args).stdout)
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames == ["月度对比", "新增客户", "流失客户", "变更明细", "月度快照"]
    assert wb["新增客户"].max_row == 1 + len(payload["added"])
    assert wb["流失客户"].max_row == 1 + len(payload["removed"])
    lines = sum(len(c["fields"]) for c in payload["changed"])
    assert wb["变更明细"].max_row == 1 + lines
    overview = [[c.value for c in row] for row in wb["月度对比"].iter_rows()]
    counts = {row[0]: row[1] for row in overview[7:13]}
    assert counts == {"上月": 150, "本月": 151, "新增": 4, "流失": 3,
                      "有变更": len(payload["changed"]), "未变更": payload["unchanged"]}  # fmt: skip
    assert [m.month for m in read_months(out)] == ["2026-10", "2026-11"]
    report = sheetcheck(out)
    assert report["_exit_code"] == 0 and report["summary"]["charts"] == 4


@pytest.mark.parametrize(
    ("extra", "sentence"),
    [([], "两个表没有共同的客户编号列"), (["--key", "微信"], "没有“微信”列")],
)
def test_without_a_key_one_sentence_and_exit_2(
    make_workbook: Callable[..., Path], runner: CliRunner, extra: list[str], sentence: str
) -> None:
    old = make_workbook([["姓名", "手机"], ["张三", "13800138000"]], name="a.xlsx")
    new = make_workbook([["姓名", "手机"], ["张三", "138-0013-8000"]], name="b.xlsx")
    result = runner.invoke(app, ["diff", str(old), str(new), *extra])
    assert result.exit_code == 2 and sentence in result.output and "Traceback" not in result.output
    by_phone = runner.invoke(app, ["diff", str(old), str(new), "--key", "手机", "--json"])
    assert json.loads(by_phone.stdout)["unchanged"] == 1  # the same phone, typed with dashes
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 2 and "同一个文件" in same.output


def test_the_summary_draws_the_months_it_has_seen(
    months: tuple[Path, Path, dict[str, Any]], runner: CliRunner
) -> None:
    old, new, _truth = months
    last = old.with_name("10月.summary.xlsx")
    result = runner.invoke(app, ["summary", str(old), "--asof", str(OLD_DAY), "--out", str(last)])
    assert result.exit_code == 0, result.output
    now = new.with_name("11月.summary.xlsx")
    args = ["summary", str(new), "--asof", str(NEW_DAY), "--out", str(now), "--history", str(last)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    seen = read_months(now)
    assert [m.month for m in seen] == ["2026-10", "2026-11"]
    assert (seen[0].customers, seen[1].customers) == (150, 151)
    sheet = openpyxl.load_workbook(now)["月度快照"]
    assert sheet["C2"].value == 150 and str(sheet["C3"].value).startswith("=SUM(")
