"""The README promises commands and set-up steps; keep those promises checked."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from tests.conftest import REPO
from xlcrm.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = README.split("```")[1].strip().splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["make demo", "make test"]


def test_every_command_in_the_readme_exists(runner: CliRunner) -> None:
    commands = set(re.findall(r"`xlcrm ((?:audit )?[a-z]+)", README))
    assert {"init", "inspect", "demo", "audit show", "audit verify"} <= commands
    for command in commands:
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, f"README mentions `xlcrm {command}`, which does not exist"


def test_readme_has_no_unfilled_placeholders() -> None:
    assert not re.search(r"^[A-Z_]{6,}$", README, flags=re.MULTILINE)


def test_the_python_example_runs() -> None:
    (example,) = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    exec(compile(example, "README.md", "exec"), {})
