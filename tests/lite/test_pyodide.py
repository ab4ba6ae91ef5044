"""The cell functions under Pyodide (Python in WebAssembly, as xlwings Lite runs them).

Node runs the npm package ``pyodide`` offline (``make`` installs it into tests/lite/node
from its package-lock.json, and fetches the pure-Python wheels from PyPI); xlcrm's wheel is
built from the sources here. Every case of tests/lite/cases.py must give exactly what
CPython gives, and the functions must load without pandas, numpy or a thread.
XLCRM_CHECK_ROW needs pandas, one of Pyodide's own built packages that only its CDN
serves: it is tested under CPython (test_functions.py), up to that boundary.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
NODE_DIR = HERE / "node"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed: no Pyodide")


@pytest.fixture(scope="module")
def wheels(xlcrm_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (NODE_DIR / "node_modules" / "pyodide").is_dir() or not any(
        (NODE_DIR / "wheels").glob("phonenumbers-*.whl")
    ):
        pytest.fail("Pyodide or its wheels are not installed: run `make test` (make lite-node)")
    folder = tmp_path_factory.mktemp("wheels")
    for wheel in [xlcrm_wheel, *(NODE_DIR / "wheels").glob("*.whl")]:
        shutil.copy(wheel, folder)
    return folder


def run_in_pyodide(wheels: Path, script: Path, *args: str) -> Any:
    """Run ``script`` inside Pyodide under Node; its stdout's last line, parsed as JSON."""
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(NODE_DIR / "run.mjs"), str(wheels), str(script), *args],
        capture_output=True, text=True, timeout=300, cwd=NODE_DIR, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_in_cpython(script: Path) -> Any:
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_cell_function_gives_what_cpython_gives(wheels: Path) -> None:
    pyodide = run_in_pyodide(wheels, HERE / "cases.py")
    cpython = run_in_cpython(HERE / "cases.py")
    assert pyodide["platform"] == "emscripten" and cpython["platform"] != "emscripten"
    assert pyodide["results"] == cpython["results"]
    assert len(pyodide["results"]) > 50
    assert not pyodide["pandas"] and not pyodide["numpy"]  # the cell path needs neither
    assert pyodide["threads"] == 1
