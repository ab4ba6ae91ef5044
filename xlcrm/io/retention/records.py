"""The destruction log ``.xlcrm/destruction_log.jsonl``: true before and after the change.

The log is hash-chained in the audit log's format (``xlcrm audit verify`` checks it) and
holds, per destroy rule, salted hashes of the destroyed ids, never the data itself. Like
the audit log it records a destruction before it happens (:mod:`xlcrm.audit.runs`):

1. :func:`begin_records` appends one ``pending`` entry per record, flushed to disk, just
   before the first file loses the records (the record number is that entry's ``seq``);
2. :func:`finish_records` appends the entry completing each, once every copy was dealt
   with: ``done`` with the files scrubbed, their new SHA-256, and the files that still
   hold the records (``files_not_scrubbed``), or ``failed`` when the run stopped;
3. a run killed in between leaves the pending entries, which the next retention run on
   the workbook completes as ``interrupted`` (:func:`recover_records`), saying whether
   the workbook changed since.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from xlcrm.audit import log as audit
from xlcrm.audit import runs
from xlcrm.core.retention.plan import RetentionPlan, salted_hashes
from xlcrm.io.lock import pid_running
from xlcrm.io.retention.apply import DestructionRecord

DESTRUCTION_LOG = Path(".xlcrm") / "destruction_log.jsonl"
ACTION = "retention.destroy"
METHOD = "整行删除（工作簿、xlcrm 备份及归档） / whole rows deleted (workbook, xlcrm backups and archive)"


def destruction_log_path(workbook: Path) -> Path:
    """``.xlcrm/destruction_log.jsonl`` in the workbook's folder (beside the audit log)."""
    return workbook.resolve().parent / DESTRUCTION_LOG


def new_salt() -> str:
    """A random salt for one destruction record's id hashes."""
    return secrets.token_hex(16)


def next_record_no(log: Path) -> int:
    """The number the next entry of the destruction log will get (its ``seq``)."""
    return len(audit.read_entries(log)) + 1 if log.is_file() else 1


def make_records(
    plan: RetentionPlan,
    destroyed: Mapping[str, list[str]],
    log: Path,
    files: Sequence[str],
    *,
    witness: str,
    approver: str,
) -> list[DestructionRecord]:
    """One record per destroy rule that destroys something, numbered as the log will."""
    first = next_record_no(log)
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    records: list[DestructionRecord] = []
    for rule_plan in (p for p in plan.rules if p.rule.name in destroyed):
        salt = new_salt()
        hashes = salted_hashes(destroyed[rule_plan.rule.name], salt)
        records.append(
            DestructionRecord(
                record_no=first + len(records), time=when, method=METHOD,
                reason=rule_plan.rule.describe(), basis=rule_plan.rule.basis,
                rule=rule_plan.rule.name, count=len(hashes), id_hashes=tuple(hashes),
                salt=salt, operator=audit.current_user(), witness=witness,
                approver=approver, files_scrubbed=tuple(files),
            )
        )  # fmt: skip
    return records


def begin_records(
    log: Path, records: Sequence[DestructionRecord], *, workbook: Path, sheet: str, output: Path
) -> list[dict[str, Any]]:
    """The pending entry of each record, before any file loses the records."""
    before = audit.sha256_if_file(workbook)
    return [
        audit.append_entry(
            log,
            action=ACTION,
            file=workbook,
            sheet=sheet,
            counts={"records": record.count},
            output=output,
            details=asdict(record) | {"pid": os.getpid()},
            user=record.operator,
            input_sha256=before,
            status=runs.PENDING,
        )
        for record in records
    ]


def finish_records(
    log: Path,
    pending: Sequence[dict[str, Any]],
    records: Sequence[DestructionRecord],
    *,
    not_scrubbed: Sequence[str],
    scrubbed: Sequence[Path] = (),
) -> None:
    """Complete each pending record: the files scrubbed (new SHA-256) and those still holding it.

    ``scrubbed`` files get their new SHA-256 recorded, so a restore that checks a
    backup's hash can tell a backup destroy rewrote from one that was tampered with.
    """
    hashes = {p.name: audit.file_sha256(p) for p in scrubbed if p.is_file()}
    for entry, record in zip(pending, records, strict=True):
        details = asdict(record) | {
            "files_not_scrubbed": list(not_scrubbed),
            "files_sha256": hashes,
        }
        runs.finish(
            log, entry, counts={"records": record.count}, output=entry.get("output"),
            sheet=entry.get("sheet"), details=details, user=record.operator,
        )  # fmt: skip


def fail_records(log: Path, pending: Sequence[dict[str, Any]], reason: str, changed: bool) -> None:
    """Complete the pending records of a run that stopped, saying whether the run had
    already written the workbook (then the records were destroyed there, if not in every
    copy)."""
    for entry in pending:
        details = {"error": reason, "changed": changed}
        runs.finish(log, entry, status=runs.FAILED, details=details)


def recover_records(log: Path, workbook: Path) -> None:
    """Complete the pending records of killed runs on ``workbook`` as ``interrupted``."""
    if log.is_file():
        runs.recover(
            log, workbook, current_sha256=audit.sha256_if_file(workbook), running=pid_running
        )
