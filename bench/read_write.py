"""Read and write speed of customer sheets, next to the bare libraries underneath.

    python bench/read_write.py                 # 10k, 100k and 1,000,000 rows
    python bench/read_write.py --rows 10000,100000

For each size: generate a messy customer sheet, then time
  * a bare python-calamine read of the sheet (the floor for reading),
  * ``xlcrm.io.reader.read_table`` (header finding, mapping, typed DataFrame),
  * a bare openpyxl write-only write of the same rows (the floor for writing),
  * ``xlcrm.io.writer.write_rows`` of the table read back (writing results),
  * (up to 100k rows) ``edit_copy``: the full-fidelity copy with one new sheet.
Each size runs in its own process so its peak memory is its own. Prints numbers; never
fails on time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.5


def measure(rows: int, folder: Path) -> dict[str, float]:
    import openpyxl
    import python_calamine

    from xlcrm.io.reader import read_table
    from xlcrm.io.writer import edit_copy, replace_sheet, write_rows
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    timings: dict[str, float] = {"rows": rows}
    start = time.perf_counter()
    data = generate_customers(rows, seed=1)
    timings["generate_s"] = time.perf_counter() - start
    path = folder / f"customers_{rows}.xlsx"
    start = time.perf_counter()
    write_messy_workbook(data, path)
    timings["write_sample_s"] = time.perf_counter() - start
    del data

    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    timings["calamine_read_s"] = time.perf_counter() - start
    del grid, book

    start = time.perf_counter()
    table = read_table(path)
    timings["xlcrm_read_s"] = time.perf_counter() - start
    timings["columns"] = len(table.columns)
    header = [c.header for c in table.columns]
    body = table.df.to_numpy().tolist()

    start = time.perf_counter()
    bare = openpyxl.Workbook(write_only=True)
    sheet = bare.create_sheet("results")
    sheet.append(header)
    for row in body:
        sheet.append(row)
    bare.save(folder / "bare.xlsx")
    timings["openpyxl_write_s"] = time.perf_counter() - start

    start = time.perf_counter()
    frame = table.df
    write_rows(folder / "xlcrm.xlsx", [("results", header, frame.itertuples(index=False))])
    timings["xlcrm_write_s"] = time.perf_counter() - start

    if rows <= 100_000:
        start = time.perf_counter()
        with edit_copy(path, folder / "copy.xlsx") as workbook:
            replace_sheet(workbook, "问题清单").append(["行", "问题"])
        timings["edit_copy_s"] = time.perf_counter() - start
    timings["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(measure(args.one, Path(folder))))
        return
    print(
        f"{'rows':>9} {'cols':>4} {'calamine':>9} {'xlcrm read':>10} {'ratio':>6}"
        f" {'openpyxl wo':>11} {'xlcrm write':>11} {'ratio':>6} {'edit_copy':>9} {'peak GiB':>8}"
    )
    for rows in (int(n) for n in args.rows.split(",")):
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(rows)],
            capture_output=True,
            text=True,
            check=True,
        )
        t = json.loads(child.stdout.strip().splitlines()[-1])
        read_ratio = t["xlcrm_read_s"] / t["calamine_read_s"]
        write_ratio = t["xlcrm_write_s"] / t["openpyxl_write_s"]
        edit = f"{t['edit_copy_s']:.1f}s" if "edit_copy_s" in t else "—"
        print(
            f"{rows:>9,} {t['columns']:>4} {t['calamine_read_s']:>8.2f}s {t['xlcrm_read_s']:>9.2f}s"
            f" {read_ratio:>5.2f}x {t['openpyxl_write_s']:>10.2f}s {t['xlcrm_write_s']:>10.2f}s"
            f" {write_ratio:>5.2f}x {edit:>9} {t['peak_rss_gib']:>8.2f}",
            flush=True,
        )
        verdict = "ok" if max(read_ratio, write_ratio) <= TARGET_RATIO else "OVER TARGET"
        print(
            f"          (sample generated in {t['generate_s']:.1f}s, written in"
            f" {t['write_sample_s']:.1f}s; target {TARGET_RATIO}x: {verdict})",
            flush=True,
        )


if __name__ == "__main__":
    main()
