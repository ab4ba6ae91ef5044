"""``xlcrm lite init``: main.py importing xlcrm's Lite module and a pinned requirements.txt."""

from __future__ import annotations

import ast
from importlib import metadata
from pathlib import Path

from typer.testing import CliRunner

from xlcrm.cli.app import app


def test_init_writes_main_py_and_a_pinned_requirements_txt(tmp_path: Path) -> None:
    workbook = tmp_path / "客户.xlsx"
    workbook.write_bytes(b"PK")  # only its name and folder matter
    result = CliRunner().invoke(app, ["lite", "init", str(workbook)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "客户.lite"
    main = (folder / "main.py").read_text(encoding="utf-8")
    imported = {n.module for n in ast.walk(ast.parse(main)) if isinstance(n, ast.ImportFrom)}
    assert imported == {"xlcrm.lite.functions", "xlcrm.lite.scripts"}
    lines = (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    wanted = [line for line in lines if line and not line.startswith("#")]
    assert wanted[0] == f"xlcrm=={metadata.version('xlcrm')}"
    assert f"phonenumbers=={metadata.version('phonenumbers')}" in wanted
    assert "pandas" in wanted and "cryptography" in wanted  # Pyodide's own: not pinned
    names = {line.split("==")[0] for line in wanted}
    assert not names & {"rapidfuzz", "opencc", "xlwings"}  # no Pyodide build: never asked for
    assert "opencc-purepy" in names
    assert "两个标签页" in result.output  # where to paste them


def test_init_with_a_wheel_url_and_a_missing_workbook(tmp_path: Path) -> None:
    url = "https://intranet.example/xlcrm-0.1.0-py3-none-any.whl"
    out = tmp_path / "lite"
    result = CliRunner().invoke(
        app, ["lite", "init", str(tmp_path), "--out", str(out), "--wheel", url]
    )
    assert result.exit_code == 0, result.output
    assert (out / "requirements.txt").read_text(encoding="utf-8").splitlines()[2] == url
    missing = CliRunner().invoke(app, ["lite", "init", str(tmp_path / "无.xlsx")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
