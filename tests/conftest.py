"""Shared fixtures: a CLI runner, workbook builders and the sheetcheck tool."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]

# xlcrm keeps per-user state (the anchors of audit logs) in the user's folder; tests keep
# theirs in a folder of their own, which the commands they start in subprocesses inherit.
os.environ["XLCRM_STATE_DIR"] = tempfile.mkdtemp(prefix="xlcrm-test-state-")
atexit.register(shutil.rmtree, os.environ["XLCRM_STATE_DIR"], ignore_errors=True)
SHEETCHECK = REPO.parent / "shared" / "tools" / "sheetcheck" / "sheetcheck"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need Microsoft Excel run only where it is (Windows/macOS with Excel)."""
    if sys.platform in ("win32", "darwin") and os.environ.get("XLCRM_EXCEL_TESTS"):
        return
    skip = pytest.mark.skip(reason="needs Microsoft Excel (set XLCRM_EXCEL_TESTS=1 on Windows)")
    for item in items:
        if item.get_closest_marker("excel") is not None:
            item.add_marker(skip)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (lists of values) into a sheet of a new .xlsx and return its path."""

    def make(
        rows: Sequence[Sequence[Any]],
        name: str = "book.xlsx",
        sheet: str = "客户",
        text_columns: Sequence[int] = (),
    ) -> Path:
        workbook = openpyxl.Workbook()
        ws = workbook.active
        assert ws is not None
        ws.title = sheet
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c, value)
                if c - 1 in text_columns:
                    cell.number_format = "@"
        path = tmp_path / name
        workbook.save(path)
        return path

    return make


def _sheetcheck_available() -> bool:
    return SHEETCHECK.exists() and shutil.which("soffice") is not None


@pytest.fixture
def sheetcheck() -> Callable[..., dict[str, Any]]:
    """Run ../shared/tools/sheetcheck on a file and return its JSON report (skip if absent)."""
    if not _sheetcheck_available():
        pytest.skip("sheetcheck / LibreOffice not installed (run sheetcheck install)")

    def check(path: Path, *args: str) -> dict[str, Any]:
        completed = subprocess.run(
            [str(SHEETCHECK), "check", str(path), "--json", *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report: dict[str, Any] = json.loads(completed.stdout)
        report["_exit_code"] = completed.returncode
        return report

    return check


@pytest.fixture(scope="session")
def xlcrm_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """xlcrm's wheel, built offline from a copy of the sources (no build isolation)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "xlcrm", source / "xlcrm", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("xlcrm-*.whl")
    return built
