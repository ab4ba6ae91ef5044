"""``xlcrm init``: the templates are copied out, never over the user's files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xlcrm.cli.app import app


def test_init_copies_templates_without_overwriting(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in target.iterdir())
    assert names == ["customers.xlsx", "客户信息表.xlsx"]
    mine = target / "客户信息表.xlsx"
    mine.write_bytes(b"my edited file")
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 0
    assert mine.read_bytes() == b"my edited file"


def test_templates_are_readable_by_inspect(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    for name, field in (("客户信息表.xlsx", "手机"), ("customers.xlsx", "Phone")):
        result = runner.invoke(app, ["inspect", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        assert payload["header_row"] == 1 and payload["rows"] == 0
        assert {"header": field, "field": "phone"}.items() <= next(
            c for c in payload["columns"] if c["field"] == "phone"
        ).items()


def test_init_into_a_file_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "客户.xlsx"
    mine.write_bytes(b"my file")
    result = runner.invoke(app, ["init", str(mine)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"xlcrm: “{mine}”是一个文件，请给出文件夹。 '{mine}' is a file; give a folder instead."
    )
    assert mine.read_bytes() == b"my file"
