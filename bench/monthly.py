"""Speed of the monthly cycle (target from the issue: 100k rows, 50 owners, each step < 2 min).

    python bench/monthly.py                    # 100,000 rows, 50 owners
    python bench/monthly.py --rows 20000 --owners 10 --password-per-file

Generates a messy master (sample_data), distributes it, edits a few returned files the
way salespeople do (10% of their rows changed, a few new and deleted), then collects.
Prints seconds for distribute and collect and the reconciliation counts; never fails on
time. The setup (generating the master, editing files) is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl

from xlcrm.core.monthly.reconcile import counts
from xlcrm.io.monthly.collect import CollectOptions, collect
from xlcrm.io.monthly.distribute import DistributeOptions, distribute
from xlcrm.sample.data import generate_customers, write_messy_workbook

ASOF = dt.date(2026, 11, 1)


def make_master(folder: Path, rows: int, owners: int) -> Path:
    data = generate_customers(rows, seed=5, asof=ASOF)
    names = [f"销售{n:02d}" for n in range(1, owners + 1)]
    for index, record in enumerate(data.records):
        record["owner"] = names[index % owners]
    return write_messy_workbook(data, folder / "master.xlsx")


def edit_some(folder: Path, files: list[str], share: float = 0.1) -> int:
    """Change ``share`` of the notes in each file, delete one row, add one: returns edits."""
    edits = 0
    for name in files:
        wb = openpyxl.load_workbook(folder / name)
        ws = wb.worksheets[0]
        headers = {cell.value: cell.column for cell in ws[1]}
        last = max(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value)
        step = max(1, round(1 / share))
        for row in range(2, last + 1, step):
            ws.cell(row=row, column=headers["备注"], value=f"回访 {row}")
            edits += 1
        ws.delete_rows(last)
        ws.cell(row=last, column=headers["客户编号"], value=f"NEW-{Path(name).stem}")
        ws.cell(row=last, column=headers["姓名"], value="新客户")
        ws.cell(row=last, column=headers["手机"], value="13912345678")
        wb.save(folder / name)
    return edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=50)
    parser.add_argument("--edited-files", type=int, default=5)
    parser.add_argument("--password-per-file", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="xlcrm-monthly-"))
    try:
        started = time.perf_counter()
        master = make_master(folder, args.rows, args.owners)
        print(f"setup: master of {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        out = folder / "out"
        started = time.perf_counter()
        result = distribute(
            master, out, DistributeOptions(by="owner", month="2026-11", encrypt=args.password_per_file,
                                           review_days=90, asof=ASOF),
        )  # fmt: skip
        took = time.perf_counter() - started
        size = sum(p.stat().st_size for p in result.files) / 1e6
        print(
            f"distribute: {result.rows:,} rows into {len(result.files)} files in {took:.1f} s"
            f" ({size:.1f} MB, {'encrypted' if args.password_per_file else 'plain'})"
        )
        if not args.password_per_file:
            names = [f.file for f in result.manifest.files[: args.edited_files]]
            started = time.perf_counter()
            edits = edit_some(out, names)
            print(f"setup: {edits} cells edited in {len(names)} files"
                  f" in {time.perf_counter() - started:.1f} s")  # fmt: skip
        started = time.perf_counter()
        collected = collect(out, master, CollectOptions(asof=ASOF))
        took = time.perf_counter() - started
        numbers = counts(collected.result, collected.rows_out).as_dict()
        print(f"collect: {len(collected.returned)} files in {took:.1f} s: {numbers}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
