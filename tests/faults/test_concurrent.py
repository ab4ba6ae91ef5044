"""Two in-place runs at once: no change is lost, and every record matches the file.

Two encrypts of different columns, and two retention destroys of different customers,
start together on one workbook. With the default wait the second waits for the first's
lock and then works on the saved result, so both changes are in the file; with no wait
(``XLCRM_LOCK_WAIT=0``) the second may be refused in one sentence naming the first. Either
way a change is in the file exactly when the audit log (and the destruction log) says so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from tests.faults.harness import Job, cli, start
from tests.faults.scenarios import PASSPHRASE, PASSWORD, RULES, write_book
from xlcrm.audit import log as audit
from xlcrm.audit import runs
from xlcrm.core.crypto.tokens import is_token
from xlcrm.io.retention.records import destruction_log_path

ENV = {"XLCRM_PASSWORD": PASSWORD, "XLCRM_PASSPHRASE": PASSPHRASE}


def together(folder: Path, commands: list[list[str]], wait: str) -> list[tuple[int, str]]:
    """Start every command at once on the folder; their exit codes and what they said."""
    started = [
        start(
            Job(cli(*argv), folder, {**ENV, "XLCRM_LOCK_WAIT": wait}, temp=folder.parent / f"t{n}")
        )
        for n, argv in enumerate(commands)
    ]
    return [(o.status, o.stderr) for o in (s.wait() for s in started)]


def column(book: Path, header: str) -> list[object]:
    ws = openpyxl.load_workbook(book).worksheets[0]
    index = [c.value for c in ws[1]].index(header)
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def done_entries(book: Path) -> list[dict[str, object]]:
    log = audit.default_log_path(book)
    assert audit.verify(log, runs.anchors_of(log)).ok and runs.unfinished(log) == []
    return [e for e in audit.read_entries(log) if e.get("status") == "done"]


@pytest.mark.parametrize("wait", ["5", "0"])
def test_two_encrypts_at_once_lose_nothing(tmp_path: Path, wait: str) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    book = write_book(folder / "book.xlsx")
    ends = together(
        folder,
        [
            ["encrypt", "book.xlsx", "--columns", c, "--out", "book.xlsx"]
            for c in ("phone", "email")
        ],
        wait,
    )
    done = done_entries(book)
    for (status, said), header in zip(ends, ("手机", "邮箱"), strict=True):
        encrypted = all(is_token(v) for v in column(book, header))
        assert encrypted is (status == 0), (header, said)
        if status != 0:
            assert status == 2 and "is being changed by another xlcrm run" in said, said
    assert len(done) == sum(status == 0 for status, _ in ends)
    if wait == "5":
        assert [status for status, _ in ends] == [0, 0]  # the second waited for the first


@pytest.mark.parametrize("wait", ["5", "0"])
def test_two_destroys_at_once_are_both_recorded_truly(tmp_path: Path, wait: str) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    book = write_book(folder / "book.xlsx")
    for name, who in (("a.toml", "C0007"), ("b.toml", "C0001")):
        rules = RULES.split("[[rules]]")[3].replace('"C0007"', f'"{who}"')
        (folder / name).write_text("[[rules]]" + rules, encoding="utf-8")
    ends = together(
        folder,
        [
            ["retention", "book.xlsx", "--rules", r, "--apply", "--in-place"]
            for r in ("a.toml", "b.toml")
        ],
        wait,
    )
    ids = column(book, "客户编号")
    log = destruction_log_path(book)
    records = [e["details"] for e in audit.read_entries(log) if e.get("status") == "done"]
    assert audit.verify(log).ok and runs.unfinished(log) == []
    for (status, said), who in zip(ends, ("C0007", "C0001"), strict=True):
        assert (who not in ids) is (status == 0), said
        recorded = any(
            hashlib.sha256((r["salt"] + who.casefold()).encode()).hexdigest() in r["id_hashes"]
            for r in records
        )
        assert recorded is (status == 0)  # a record exactly when the customer is gone
    if wait == "5":
        assert ids == ["C0042", "C0100", "C0101", "C0102", "C0103"]
