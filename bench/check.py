"""Speed of ``xlcrm check`` on demo data, next to a bare read of the same file.

    python bench/check.py                  # 10k and 100k rows
    python bench/check.py --rows 10000

For each size: write a messy demo workbook, then time (each as a fresh ``xlcrm`` process,
as a user runs it) ``check --json``, ``check --out`` and ``check --fix --out``, and a bare
python-calamine read of the file in-process. Targets from the issue: ``--json`` within 3x
the bare read plus 5 s; ``--out`` on 100k rows under 60 s. Prints numbers; never fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

XLCRM = Path(sys.executable).with_name("xlcrm")


def timed_cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(XLCRM), *args], capture_output=True, check=False)
    return time.perf_counter() - start


def bare_read(path: Path) -> float:
    import python_calamine

    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000")
    args = parser.parse_args()
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    print(
        f"{'rows':>8} {'bare read':>9} {'--json':>8} {'target':>8} {'rows/s':>8} {'--out':>7} {'--fix':>7}"
    )
    for rows in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "demo.xlsx"
            data = generate_customers(rows, seed=2, asof=dt.date(2026, 11, 1))
            write_messy_workbook(data, path)
            asof = ("--asof", "2026-11-01", "--audit-log", str(Path(folder) / "audit.jsonl"))
            bare = bare_read(path)
            as_json = timed_cli("check", str(path), "--json", *asof)
            out = timed_cli("check", str(path), "--out", str(Path(folder) / "o.xlsx"), *asof)
            fix = timed_cli(
                "check", str(path), "--fix", "--out", str(Path(folder) / "f.xlsx"), *asof
            )
            target = 3 * bare + 5
            print(
                f"{rows:>8,} {bare:>8.2f}s {as_json:>7.2f}s {target:>7.1f}s {rows / as_json:>8,.0f}"
                f" {out:>6.1f}s {fix:>6.1f}s",
                flush=True,
            )


if __name__ == "__main__":
    main()
