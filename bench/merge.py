"""Speed of ``dedupe``, ``merge`` (every line Y) and ``unmerge``, as a user runs them.

    python bench/merge.py                  # 10k and 100k rows
    python bench/merge.py --rows 10000

For each size: write a messy demo workbook (``generate_customers`` +
``write_messy_workbook``), then run the chain of docs/merge.md, each command as a fresh
``xlcrm`` process:

    xlcrm dedupe customers.xlsx --json         # read and match only (the 30 s target)
    xlcrm dedupe customers.xlsx --out d.xlsx   # groups marked, 重复客户 sheet all Y
    xlcrm merge d.xlsx --out m.xlsx            # merged-away rows removed, rows below move up
    xlcrm unmerge m.xlsx --out u.xlsx          # the rows back, d.xlsx's sheet again

Prints wall time and peak memory of each process (``os.wait4``: that child only), and
the counts each command wrote to the audit log. Never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

XLCRM = Path(sys.executable).with_name("xlcrm")
ASOF = "2026-11-23"


def timed_cli(*args: str) -> tuple[float, float, int]:
    """Seconds, peak memory (MiB) and exit status of one ``xlcrm`` run."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen([str(XLCRM), *args], stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the max of all runs.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: dedupe found duplicates
            errors.seek(0)
            print(errors.read().decode("utf-8", "replace"), file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is KiB on Linux


def audit_counts(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """(action, counts) of every audit line written in ``folder``."""
    log = folder / ".xlcrm" / "audit.jsonl"
    if not log.is_file():
        return []
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    return [(str(e.get("action")), dict(e.get("counts") or {})) for e in entries]


def run_size(rows: int) -> None:
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        src = folder / "customers.xlsx"
        start = time.perf_counter()
        data = generate_customers(rows, seed=11, messy=True, asof=dt.date.fromisoformat(ASOF))
        write_messy_workbook(data, src)
        print(f"{rows:,} rows: sample written in {time.perf_counter() - start:.1f} s")
        steps = [
            ("dedupe --json", ("dedupe", str(src), "--json")),
            ("dedupe --out", ("dedupe", str(src), "--out", str(folder / "d.xlsx"))),
            ("merge (all Y)", ("merge", str(folder / "d.xlsx"), "--out", str(folder / "m.xlsx"))),
            ("unmerge", ("unmerge", str(folder / "m.xlsx"), "--out", str(folder / "u.xlsx"))),
        ]
        print(f"  {'command':<15} {'seconds':>8} {'peak MiB':>9} {'exit':>5}")
        for label, args in steps:
            seconds, peak, status = timed_cli(*args)
            print(f"  {label:<15} {seconds:>8.1f} {peak:>9.0f} {status:>5}")
        for action, counts in audit_counts(folder):
            print(f"  audit {action}: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", default="10000,100000")
    args = parser.parse_args()
    for rows in (int(n) for n in args.rows.split(",")):
        run_size(rows)


if __name__ == "__main__":
    main()
