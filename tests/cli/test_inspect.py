"""``xlcrm inspect``: the JSON contract, the human table on stderr, sheets by name."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xlcrm.cli.app import app


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


def test_unknown_sheet_lists_the_sheets(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["inspect", str(customers), "--sheet", "Nope"])
    assert result.exit_code == 2 and "客户" in result.stderr
