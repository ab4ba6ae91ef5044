"""Speed of ``xlcrm encrypt`` / ``decrypt`` on 2 personal columns (phone, email) of a big sheet.

    python bench/security.py                 # 100k rows (target: under 30 s each)
    python bench/security.py --rows 10000
    python bench/security.py --protect       # also time protect + unprotect

A messy customer workbook is generated once with xlcrm.sample.data (kept in bench/out/).
Each step is the library call the command runs (read, derive the key once with scrypt
n=2**15, r=8, p=1, encrypt or decrypt every cell, write the copy with WorkbookPatch),
timed in wall and CPU seconds; the decrypted copy is checked against the original.
Never fails on time.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
PASSPHRASE = "bench passphrase"  # a benchmark only: real runs take it from a prompt or env


def sample(rows: int) -> Path:
    """The generated workbook (made once per size)."""
    from xlcrm.sample.data import generate_customers, write_messy_workbook

    path = OUT / f"security_customers_{rows}.xlsx"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_messy_workbook(generate_customers(rows, seed=1), path)
    return path


def timed(label: str, step: Callable[[], Any]) -> Any:
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = step()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    print(f"{label:<34} {wall:7.2f} s wall  {used:7.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--protect", action="store_true", help="also time protect/unprotect")
    args = parser.parse_args()

    from xlcrm.io.crypto.columns import decrypt_columns, encrypt_columns
    from xlcrm.io.crypto.protect import protect_workbook, unprotect_workbook
    from xlcrm.io.reader import read_table

    src = timed(f"generate {args.rows} rows (once)", lambda: sample(args.rows))
    enc, dec = OUT / "security.enc.xlsx", OUT / "security.dec.xlsx"
    columns = ["phone", "email"]
    run = timed(
        "encrypt phone, email",
        lambda: encrypt_columns(src, columns, PASSPHRASE, dst=enc),
    )
    print(
        f"  {run.changed} cells encrypted, {run.by_id} bound to customer ids, {run.by_row} to rows"
    )
    back = timed("decrypt phone, email", lambda: decrypt_columns(enc, columns, PASSPHRASE, dst=dec))
    print(f"  {back.changed} cells decrypted")
    mb = 1 << 20
    print(
        f"  sizes: input {src.stat().st_size / mb:.1f} MB, encrypted {enc.stat().st_size / mb:.1f} MB,"
        f" decrypted {dec.stat().st_size / mb:.1f} MB"
    )
    before, after = read_table(src).df, read_table(dec).df
    same = all(before[c].equals(after[c]) for c in columns)
    print(f"  decrypted phone and email equal to the input: {same}")
    if args.protect:
        locked, opened = OUT / "security.locked.xlsx", OUT / "security.opened.xlsx"
        timed("protect (file password)", lambda: protect_workbook(src, locked, PASSPHRASE))
        timed("unprotect", lambda: unprotect_workbook(locked, opened, PASSPHRASE))


if __name__ == "__main__":
    main()
