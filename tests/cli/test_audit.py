"""``xlcrm audit show`` and ``verify``, and the audit line every action appends."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xlcrm.audit import log as audit
from xlcrm.cli.app import app


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
