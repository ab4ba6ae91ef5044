"""The command line as a whole: errors are one sentence and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.cli.app import COMMANDS, app


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    nohead = tmp_path / "nohead.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["a", "b"])
    wb.save(nohead)
    return {
        "missing": tmp_path / "missing.xlsx",
        "folder": tmp_path,
        "corrupt": fake,
        "xls": old,
        "empty": empty,
        "no header": nohead,
    }


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("missing", "does not exist"),
        ("folder", "is a folder"),
        ("corrupt", "not an Excel workbook"),
        ("xls", "save it as an .xlsx"),
        ("empty", "is empty"),
        ("no header", "No header row"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    runner: CliRunner, tmp_path: Path, case: str, fragment: str
) -> None:
    path = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlcrm: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_commands_follow_the_ribbon_then_the_tools(runner: CliRunner) -> None:
    from xlcrm.actions.registry import actions

    shown = runner.invoke(app, ["--help"], env={"TERMINAL_WIDTH": "120"}).stdout
    commands = [name for name, _ in COMMANDS]
    positions = [shown.index(f" {name} ") for name in commands]
    assert positions == sorted(positions)
    ribbon = [a.name for a in actions() if a.name in commands]
    assert [name for name in commands if name in ribbon] == ribbon


def test_a_bug_is_one_line_and_exit_2(
    runner: CliRunner, customers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlcrm.cli.options

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(xlcrm.cli.options, "run_action", broken)
    result = runner.invoke(app, ["inspect", str(customers)])
    assert result.exit_code == 2
    assert result.stderr == (
        "xlcrm: 内部错误（RuntimeError: boom）；请设置 XLCRM_DEBUG=1 重试 并报告此问题。"
        " Internal error; run again with XLCRM_DEBUG=1 and report it.\n"
    )
    monkeypatch.setattr(xlcrm.cli.options, "run_action", _interrupt)
    cancelled = runner.invoke(app, ["inspect", str(customers)])
    assert cancelled.exit_code == 2 and cancelled.stderr == "xlcrm: 已取消。 Cancelled.\n"

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(customers))

    monkeypatch.setattr(xlcrm.cli.options, "run_action", full)
    result = runner.invoke(app, ["inspect", str(customers)])
    assert result.exit_code == 2 and "Internal" not in result.stderr
    assert result.stderr.startswith(f"xlcrm: 磁盘已满，无法写入“{customers.name}”")


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_version_is_the_package_version(runner: CliRunner) -> None:
    import xlcrm

    assert runner.invoke(app, ["version"]).stdout.strip() == xlcrm.__version__
