"""What the safety of an in-place change costs: lock, fingerprint, verified and sealed backups.

    python bench/safety.py                 # 100k rows
    python bench/safety.py --rows 10000

On a generated messy workbook (kept in bench/out/), times each piece an in-place run adds
to the work itself: taking the lock with the file's fingerprint (SHA-256 of every byte),
a backup read back and compared, a backup sealed with a passphrase (Excel file
encryption, made in memory) and checked by decrypting it, the audit log's checks before
a run (the last line; the whole log with its anchors), and then whole runs through
``run_action``: ``encrypt --out FILE`` (sealed backup) and ``merge --auto --out FILE``,
against the same command writing a new file. Prints numbers; never fails on time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from security import OUT, sample, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import os

    from xlcrm.actions.crypto import EncryptOptions
    from xlcrm.actions.dedupe import MergeOptions
    from xlcrm.actions.registry import ActionRequest, get_action, run_action
    from xlcrm.audit import log as audit
    from xlcrm.audit import runs
    from xlcrm.io.backup import make_backup
    from xlcrm.io.lock import lock_workbook

    src = timed(f"generate {args.rows} rows (once)", lambda: sample(args.rows))
    work = OUT / "safety"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.environ["XLCRM_STATE_DIR"] = str(work / "state")
    book = work / "book.xlsx"
    shutil.copyfile(src, book)
    print(f"workbook: {book.stat().st_size / 1e6:.1f} MB")

    def lock() -> None:
        with lock_workbook(book, action="bench"):
            pass

    timed("lock + fingerprint (SHA-256)", lock)
    timed("backup, read back and compared", lambda: make_backup(book))
    timed("backup sealed, decrypted to check", lambda: make_backup(book, seal="bench pass"))
    log = audit.default_log_path(book)
    for _ in range(1000):
        audit.append_entry(log, action="check", file=book, counts={"rows": 1})
    timed("audit log: last line (1,000 lines)", lambda: runs.check_writable(log))
    timed("audit log: whole + anchors (1,000)", lambda: runs.check_intact(log))
    options = EncryptOptions(columns="phone,email", passphrase="bench pass")
    timed(
        "encrypt to a new file",
        lambda: run_action(
            get_action("encrypt"), ActionRequest(book, options, out=work / "new.xlsx")
        ),
    )
    timed(
        "encrypt in place (all of the above)",
        lambda: run_action(get_action("encrypt"), ActionRequest(book, options, out=book)),
    )
    shutil.copyfile(src, book)
    timed(
        "merge --auto to a new file",
        lambda: run_action(
            get_action("merge"), ActionRequest(book, MergeOptions(auto=True), out=work / "m.xlsx")
        ),
    )
    timed(
        "merge --auto in place",
        lambda: run_action(
            get_action("merge"), ActionRequest(book, MergeOptions(auto=True), out=book)
        ),
    )


if __name__ == "__main__":
    main()
