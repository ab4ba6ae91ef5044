"""The command-line reference in the README and docs/cli.md is generated and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from xlcrm.cli import reference

README = REPO / "README.md"
DOCS = REPO / "docs" / "cli.md"


def test_every_command_is_in_the_readme_table_and_the_docs() -> None:
    readme, docs = README.read_text(encoding="utf-8"), DOCS.read_text(encoding="utf-8")
    table = readme[readme.index(reference.BEGIN) : readme.index(reference.END)]
    leaves = [
        ctx.command_path
        for ctx, command in reference.commands()
        if ctx.parent is not None and not reference.is_group(command)
    ]
    assert {"xlcrm check", "xlcrm audit verify", "xlcrm addin build"} <= set(leaves)
    for path in leaves:
        assert f"| `{path} " in table or f"| `{path}`" in table, f"{path} is not in the README"
        assert f"## `{path}`" in docs, f"{path} is missing from docs/cli.md"


@pytest.mark.parametrize("target", ["README.md", "docs/cli.md"])
def test_the_generated_text_is_current(target: str) -> None:
    path = REPO / target
    if target == "README.md":
        wanted = reference.with_table(path.read_text(encoding="utf-8"), reference.readme_table())
    else:
        wanted = reference.reference()
    assert path.read_text(encoding="utf-8") == wanted, f"{target} is stale: run make docs"


def test_the_check_mode_says_when_the_docs_are_stale(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{reference.BEGIN}\nold\n{reference.END}\n", encoding="utf-8")
    docs = tmp_path / "cli.md"
    args = ["--readme", str(readme), "--docs", str(docs)]
    assert reference.main([*args, "--check"]) == 1
    assert reference.main(args) == 0
    assert reference.main([*args, "--check"]) == 0
    assert "| `xlcrm check FILE" in readme.read_text(encoding="utf-8")
    assert docs.read_text(encoding="utf-8").startswith("# Command line reference")


def test_help_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    first = reference.reference()
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERMINAL_WIDTH", "40")
    assert reference.reference() == first
