"""The patcher stands alone: io uses its public API only, and it uses nothing of xlcrm's but
the errors and the text catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import xlcrm.xlsx

PACKAGE = Path(__file__).resolve().parents[2] / "xlcrm"


def _imports(folder: Path) -> list[tuple[str, str]]:
    """(file, imported module) for every import in the .py files under ``folder``."""
    found: list[tuple[str, str]] = []
    for path in sorted(folder.rglob("*.py")):
        name = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((name, node.module))
                found += [(name, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_io_imports_the_patcher_from_its_public_api_only() -> None:
    reaching_in = [
        (name, module)
        for name, module in _imports(PACKAGE / "io")
        if module.startswith("xlcrm.xlsx.") and module.removeprefix("xlcrm.xlsx.") not in
        xlcrm.xlsx.__all__
    ]  # fmt: skip
    assert reaching_in == []


def test_the_patcher_uses_only_errors_and_text_of_xlcrm() -> None:
    allowed = ("xlcrm.xlsx", "xlcrm.errors", "xlcrm.text")
    outside = [
        (name, module)
        for name, module in _imports(PACKAGE / "xlsx")
        if module.startswith("xlcrm") and not module.startswith(allowed)
    ]
    assert outside == []


def test_the_public_api_is_importable() -> None:
    assert all(hasattr(xlcrm.xlsx, name) for name in xlcrm.xlsx.__all__)


def test_only_io_imports_the_patcher() -> None:
    others = [
        (name, module)
        for name, module in _imports(PACKAGE)
        if module.startswith("xlcrm.xlsx") and not name.startswith(("xlcrm/io/", "xlcrm/xlsx/"))
    ]
    assert others == []
