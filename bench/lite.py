"""xlwings Lite speed: each cell function on 10,000 cells under Pyodide (Node) and CPython,
side by side, and each Lite script on a 10,000-row sheet (CPython; see below).

    python bench/lite.py                 # 10,000 cells and rows
    python bench/lite.py --cells 2000 --rows 2000

Pyodide runs from tests/lite/node (``make lite-node`` installs it and the wheels; xlcrm's
wheel is built here from the sources). The scripts need pandas, which only Pyodide's CDN
serves, so they are timed under CPython on the fake open workbook of the tests (the same
round trip: values in, a private copy, the changes back). Prints numbers; never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "tests" / "lite" / "node"
sys.path.insert(0, str(ROOT))


def cells_cpython(cells: int) -> dict[str, object]:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "lite_cells.py"), str(cells)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def cells_pyodide(cells: int) -> dict[str, object] | None:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "pyodide").is_dir():
        print("Pyodide not installed (make lite-node): CPython only")
        return None
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "-q", "-w", folder, str(ROOT)], check=True, capture_output=True)  # fmt: skip
        for wheel in (NODE_DIR / "wheels").glob("*.whl"):
            shutil.copy(wheel, folder)
        started = time.perf_counter()
        done = subprocess.run(
            [node, str(NODE_DIR / "run.mjs"), folder, str(ROOT / "bench" / "lite_cells.py"),
             str(cells)], capture_output=True, text=True, check=True, cwd=NODE_DIR,
        )  # fmt: skip
        found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
        found["process_s"] = round(time.perf_counter() - started, 2)
        return found


def scripts_cpython(rows: int) -> dict[str, float]:
    from tests.excel.test_ribbon import FakeApp, FakeBook
    from xlcrm.lite import scripts
    from xlcrm.sample.data import generate_customers
    from xlcrm.sample.files import write_messy_workbook

    with tempfile.TemporaryDirectory() as folder:
        data = generate_customers(rows, seed=5, asof=dt.date(2026, 11, 1))
        path = write_messy_workbook(data, Path(folder) / "客户.xlsx", sheet_name="客户名单")
        values = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    runs = {
        "检查 check --fix": lambda b: scripts.xlcrm_check(b, fix=True),
        "查重 dedupe": lambda b: scripts.xlcrm_dedupe(b),
        "分级 tier": lambda b: scripts.xlcrm_tier(b),
        "汇总 summary": lambda b: scripts.xlcrm_summary(b),
        "脱敏视图 masked view": lambda b: scripts.xlcrm_masked_view(b, "phone,email"),
    }
    seconds = {}
    for name, run in runs.items():
        book = FakeBook(Path("客户.xlsx"), FakeApp())
        book.add_sheet("客户名单", values)
        book.sheets.active = book.sheets["客户名单"]
        start = time.perf_counter()
        run(book)
        seconds[name] = round(time.perf_counter() - start, 2)
        assert book.app.alerts[-1][2] == "info", book.app.alerts[-1]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    cpython, pyodide = cells_cpython(args.cells), cells_pyodide(args.cells)
    print(f"\ncell functions on {args.cells:,} cells (one call each; seconds)")
    print(f"{'function':<16} {'CPython':>9} {'Pyodide':>9}")
    for name, seconds in cpython["seconds"].items():  # type: ignore[union-attr]
        other = pyodide["seconds"][name] if pyodide else "-"  # type: ignore[index]
        print(f"{name:<16} {seconds:>9} {other:>9}")
    print(f"{'import':<16} {cpython['import_s']:>9} {pyodide['import_s'] if pyodide else '-':>9}")
    if pyodide:
        print(f"Pyodide process (start-up, wheels, all six): {pyodide['process_s']} s")
    print(f"\nLite scripts on {args.rows:,} rows (CPython, fake open workbook; seconds)")
    for name, seconds in scripts_cpython(args.rows).items():
        print(f"{name:<24} {seconds:>7}")


if __name__ == "__main__":
    main()
