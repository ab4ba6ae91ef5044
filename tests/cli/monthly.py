"""Helpers of the monthly-cycle command tests: a master workbook, distributing it, editing
the owners' files as a salesperson would."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from xlcrm import schema
from xlcrm.cli.app import app
from xlcrm.sample.data import generate_customers, write_messy_workbook

OWNERS = ["张三", "李四", "王芳", "刘洋", "陈静"]
ASOF = dt.date(2026, 11, 1)
MONTH = "2026-11"


def make_master(
    folder: Path,
    rows: int = 100,
    owners: list[str] | None = None,
    unassigned: int = 3,
    seed: int = 3,
) -> tuple[Path, list[dict[str, Any]]]:
    """A clean master: unique ids, owners taken in turn, the last ``unassigned`` rows ownerless."""
    data = generate_customers(rows + 20, seed=seed, messy=False, asof=ASOF)
    seen: set[object] = set()
    keep = []
    for index, record in enumerate(data.records):
        if record["customer_id"] not in seen:
            seen.add(record["customer_id"])
            keep.append(index)
    keep = keep[:rows]
    data.records = [data.records[i] for i in keep]
    data.wechat = [data.wechat[i] for i in keep]
    owners = owners or OWNERS
    for index, record in enumerate(data.records):
        record["owner"] = None if index >= rows - unassigned else owners[index % len(owners)]
    path = write_messy_workbook(data, folder / "master.xlsx")
    return path, data.records


def run_distribute(runner: CliRunner, master: Path, out: Path, *extra: str) -> dict[str, Any]:
    """``xlcrm distribute --json`` by owner (unless ``extra`` says --by), as of ASOF; its JSON."""
    by = [] if "--by" in extra else ["--by", "owner"]
    result = runner.invoke(
        app,
        ["distribute", str(master), *by, "--out", str(out), "--month", MONTH,
         "--asof", ASOF.isoformat(), "--json", *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def data_sheet(path: Path) -> Worksheet:
    """The first sheet of a workbook: the data sheet of a distributed file."""
    return openpyxl.load_workbook(path).worksheets[0]


def header_columns(ws: Worksheet) -> dict[str, int]:
    """Field (or header text) → 1-based column of a distributed sheet."""
    out: dict[str, int] = {}
    for cell in ws[1]:
        if cell.value is None:
            continue
        field = next((f.name for f in schema.FIELDS if f.label.zh == cell.value), str(cell.value))
        out[field] = cell.column
    return out


def edit_workbook(path: Path, edit: Callable[[Worksheet, dict[str, int]], None]) -> None:
    """Open a distributed file as a salesperson would, change its data sheet, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    edit(ws, header_columns(ws))
    wb.save(path)


def row_of(ws: Worksheet, columns: dict[str, int], customer_id: str) -> int:
    """The sheet row of ``customer_id``."""
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=columns["customer_id"]).value == customer_id:
            return row
    raise AssertionError(customer_id)


NEW_ROW = {
    "customer_id": "N0001", "name": "新客户甲", "customer_type": "企业", "phone": "13912345678",
    "email": "jia@example.com", "region": "上海", "owner": "张三",
}  # fmt: skip


def append_row(ws: Worksheet, columns: dict[str, int], values: dict[str, Any]) -> None:
    """Type ``values`` into the row below the last filled one."""
    row = max(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value) + 1
    for key, value in values.items():
        ws.cell(row=row, column=columns[key], value=value)


def files_by_owner(payload: dict[str, Any]) -> dict[str, str]:
    """Owner → file name, from the distribute JSON."""
    return {f["owner"]: f["file"] for f in payload["files"]}


def ids_of(records: list[dict[str, Any]], owner: str) -> list[str]:
    """The customer ids ``owner`` was given."""
    return [str(r["customer_id"]) for r in records if r["owner"] == owner]
