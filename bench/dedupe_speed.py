"""Speed and peak memory of ``find_duplicates`` on generated customer lists.

    python bench/dedupe_speed.py                        # 10k and 100k rows
    python bench/dedupe_speed.py --rows 1000000         # Excel's limit (takes minutes)

Targets, on a 2-core machine: 100k rows within 30 s; 1,000,000 rows < 15 min within
8 GiB. Each size runs in a fresh process that loads a pickled table made by
``generate_customers`` (8% duplicates, 3% look-alikes, typing defects, with its 性别 and
出生日期 columns), so the peak memory printed is the table plus the matching, not the
generator. Never fails on time.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def make_table(rows: int, path: Path) -> None:
    from xlcrm.sample.data import generate_customers

    data = generate_customers(rows, seed=5)
    df = pd.DataFrame(data.records)
    df["性别"], df["出生日期"] = data.gender, data.birth_date
    df.index = pd.RangeIndex(2, len(df) + 2)
    df.to_pickle(path)


def run_one(path: Path) -> None:
    """Load the table, find duplicates, print one line (called in a child process)."""
    from xlcrm.core.dedupe.find import find_duplicates

    df = pd.read_pickle(path)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        marks.append((step.split()[-1].rstrip("…"), time.perf_counter() - start))

    result = find_duplicates(df, progress=progress)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    steps = ", ".join(f"{name} {b - a:.1f}s" for (name, a), (_, b) in itertools.pairwise(marks))
    print(
        f"rows {len(df):>9,}  {seconds:7.1f} s  peak {peak:7.0f} MiB (table {loaded:.0f} MiB)  "
        f"pairs {result.pairs_compared:>10,}  groups {len(result.groups):>7,}  [{steps}]",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return
    with tempfile.TemporaryDirectory() as folder:
        for rows in (int(r) for r in args.rows.split(",")):
            path = Path(folder) / f"customers_{rows}.pkl"
            started = time.perf_counter()
            make_table(rows, path)
            print(f"(generated {rows:,} rows in {time.perf_counter() - started:.0f} s)", flush=True)
            subprocess.run([sys.executable, __file__, "--one", str(path)], check=True)


if __name__ == "__main__":
    main()
