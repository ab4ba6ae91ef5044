"""``xlcrm demo``: a messy sample workbook and every action run on it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xlcrm.audit import log as audit
from xlcrm.cli.app import app


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
