"""Speed of ``xlcrm summary --out`` (and ``tier --out``) on demo data, as a user runs them.

    python bench/summary.py                  # 10k and 100k rows
    python bench/summary.py --rows 100000

For each size: write a messy demo workbook, then time each command as a fresh ``xlcrm``
process. Target from the issue: ``summary --out`` on 100k rows under 60 s. Prints
numbers; never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

XLCRM = Path(sys.executable).with_name("xlcrm")
ASOF = "2026-11-23"


def timed_cli(*args: str) -> tuple[float, float]:
    """Seconds and peak memory (GiB) of one ``xlcrm`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(XLCRM), *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", default="10000,100000")
    args = parser.parse_args()
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    print(f"{'rows':>8} {'tier --out':>11} {'summary --out':>14} {'peak GiB':>9}")
    for rows in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            src = Path(folder) / "customers.xlsx"
            data = generate_customers(rows, seed=11, messy=True, asof=dt.date.fromisoformat(ASOF))
            write_messy_workbook(data, src)
            tier_s, _ = timed_cli("tier", str(src), "--asof", ASOF, "--out", f"{folder}/t.xlsx")
            summary_s, peak = timed_cli(
                "summary", str(src), "--asof", ASOF, "--out", f"{folder}/s.xlsx"
            )
            print(f"{rows:>8,} {tier_s:>10.1f}s {summary_s:>13.1f}s {peak:>9.2f}")


if __name__ == "__main__":
    main()
