"""Speed of ``xlcrm diff OLD NEW`` on two months of demo data, as a user runs it.

    python bench/diff.py                  # 10k and 100k rows
    python bench/diff.py --rows 100000

For each size: a messy demo workbook as last month, and this month made from it as a
month of office work does: 5% of the phones retyped with dashes (no change), 4% of the
customers buying again (amount and last purchase), 2% given a new owner, 2% gone, 2.5%
new, the rows in another order. Then ``xlcrm diff --out`` and ``--json`` are timed as
fresh processes. Target from the issue: 60 s at 100k rows. Prints numbers; never fails
on time.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

XLCRM = Path(sys.executable).with_name("xlcrm")
OLD_DAY, NEW_DAY = dt.date(2026, 10, 31), dt.date(2026, 11, 30)


def timed_cli(*args: str) -> tuple[float, float, str]:
    """Seconds, peak memory (GiB) and stderr of one ``xlcrm`` run."""
    start = time.perf_counter()
    done = subprocess.run([str(XLCRM), *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    return seconds, peak, done.stderr.strip().splitlines()[0] if done.stderr else ""


def two_months(rows: int, folder: Path) -> tuple[Path, Path]:
    """Last month's and this month's workbook."""
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    data = generate_customers(rows, seed=11, messy=True, asof=OLD_DAY)
    old = write_messy_workbook(data, folder / "old.xlsx")
    rng = random.Random(1)
    records = copy.deepcopy(data.records)
    for record in rng.sample(records, rows // 20):
        phone = record.get("phone")
        if isinstance(phone, str) and len(phone) == 11 and phone.isdigit():
            record["phone"] = f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    for record in rng.sample(records, rows // 25):
        record["total_amount"] = float(rng.randrange(1000, 200000))
        record["last_purchase_at"] = NEW_DAY - dt.timedelta(days=rng.randrange(30))
    for record in rng.sample(records, rows // 50):
        record["owner"] = "新同事"
    gone = set(rng.sample(range(rows), rows // 50))
    kept = [(r, w) for i, (r, w) in enumerate(zip(records, data.wechat, strict=True))
            if i not in gone]  # fmt: skip
    for n in range(rows // 40):
        kept.append(({**copy.deepcopy(rng.choice(records)), "customer_id": f"N{n:06d}"}, None))
    rng.shuffle(kept)
    month = copy.copy(data)
    month.records, month.wechat = [r for r, _ in kept], [w for _, w in kept]
    return old, write_messy_workbook(month, folder / "new.xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", default="10000,100000")
    args = parser.parse_args()
    print(f"{'rows':>8} {'diff --out':>11} {'diff --json':>12} {'peak GiB':>9}  result")
    for rows in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            old, new = two_months(rows, folder)
            common = ["diff", str(old), str(new), "--asof", NEW_DAY.isoformat()]
            out_s, peak, said = timed_cli(*common, "--out", str(folder / "diff.xlsx"))
            json_s, _, _ = timed_cli(*common, "--json")
            print(f"{rows:>8,} {out_s:>10.1f}s {json_s:>11.1f}s {peak:>9.2f}  {said}")


if __name__ == "__main__":
    main()
