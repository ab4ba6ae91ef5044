"""Carry out a retention plan on the files, in an order that never loses data.

1. Check everything that can fail before anything changes: the output path, the archive
   password, that every encrypted copy to be scrubbed opens.
2. Back up the workbook (``.xlcrm/backups/``), so archive and anonymise can be undone.
3. Append the archived rows to the encrypted archive workbook.
4. Write the workbook with the plan applied: to a new file, or over the original
   (``in_place``). Destroy rules add their records to the 销毁记录 sheet.
5. Remove the destroyed records from every copy xlcrm made: all backups (the one from
   step 2 included), the archive, and the files earlier actions wrote from this workbook
   (the outputs its audit log records); in each, from every sheet that holds them.
6. Append the destruction records to ``.xlcrm/destruction_log.jsonl``.

Without ``in_place`` the original file still holds the destroyed rows: the destruction
record names it under ``files_not_scrubbed`` so nobody takes it for done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xlcrm.audit import log as audit
from xlcrm.core.retention.plan import RetentionPlan, record_keys, salted_hashes
from xlcrm.core.retention.rules import ARCHIVE, DESTROY, RetentionRule
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.io.backup import make_backup
from xlcrm.io.passwords import is_encrypted
from xlcrm.io.reader import SheetTable
from xlcrm.io.retention.apply import DestructionRecord, apply_to_workbook
from xlcrm.io.retention.archive import append_to_archive, check_password, default_archive_path
from xlcrm.io.retention.scrub import (
    append_records,
    destruction_log_path,
    known_copies,
    new_salt,
    next_record_no,
    recorded_outputs,
    rows_by_sheet,
    scan_copies,
    scrub_copy,
    scrub_outputs,
)
from xlcrm.io.writer import check_output_path, default_output_path

METHOD = "整行删除（工作簿、xlcrm 备份及归档） / whole rows deleted (workbook, xlcrm backups and archive)"


@dataclass(frozen=True)
class ApplyOptions:
    """Where things go and who signs the destruction record."""

    out: Path | None = None
    in_place: bool = False
    archive: Path | None = None
    password: str | None = None  # the archive's (and encrypted backups') password
    witness: str = ""
    approver: str = ""
    keep: int = 10


@dataclass
class ApplyOutcome:
    output: Path
    backup: Path
    archive: Path | None
    counts: dict[str, int] = field(default_factory=dict)
    not_scrubbed: list[str] = field(default_factory=list)


def _destination(table: SheetTable, options: ApplyOptions) -> Path:
    path = table.path
    if table.source_kind == "csv" and options.in_place:
        raise XlcrmError("retention_csv_in_place")
    if is_encrypted(path):
        raise XlcrmError("retention_input_encrypted", name=path.name)
    if options.in_place:
        return path
    return check_output_path(options.out or default_output_path(path, "retention"), path)


def destroyed_keys(
    table: SheetTable, plan: RetentionPlan, extra: Mapping[str, set[str]]
) -> dict[str, list[str]]:
    """Per destroy rule, the keys of the records it destroys: the workbook's, then the copies'."""
    keys = record_keys(table.df, table.field_keys)
    found: dict[str, list[str]] = {}
    for rule_plan in (p for p in plan.rules if p.rule.action == DESTROY):
        mine = [str(keys[row]) for row in rule_plan.rows]
        more = sorted(extra.get(rule_plan.rule.name, set()) - set(mine))
        if mine or more:
            found[rule_plan.rule.name] = mine + more
    return found


def _records(
    plan: RetentionPlan,
    options: ApplyOptions,
    destroyed: Mapping[str, list[str]],
    log: Path,
    copies: Sequence[str],
) -> list[DestructionRecord]:
    first = next_record_no(log)
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    records: list[DestructionRecord] = []
    for rule_plan in (p for p in plan.rules if p.rule.name in destroyed):
        salt = new_salt()
        hashes = salted_hashes(destroyed[rule_plan.rule.name], salt)
        records.append(
            DestructionRecord(
                record_no=first + len(records),
                time=when,
                method=METHOD,
                reason=rule_plan.rule.describe(),
                basis=rule_plan.rule.basis,
                rule=rule_plan.rule.name,
                count=len(hashes),
                id_hashes=tuple(hashes),
                salt=salt,
                operator=audit._current_user(),
                witness=options.witness,
                approver=options.approver,
                files_scrubbed=tuple(copies),
            )
        )
    return records


def _openable(paths: Sequence[Path], password: str | None) -> tuple[list[Path], list[Path]]:
    """Split earlier outputs into those this run can open and those it cannot."""
    good, bad = [], []
    for path in paths:
        try:
            if is_encrypted(path):
                check_password(path, password)
            good.append(path)
        except (XlcrmError, OSError):
            bad.append(path)
    return good, bad


def _require_archive_password(archive: Path, password: str | None) -> str:
    if password is None:
        raise PasswordRequiredError("archive_password_needed", name=archive.name)
    if archive.exists():
        check_password(archive, password)
    return password


def _moves(plan: RetentionPlan) -> list[tuple[int, str, str]]:
    """(Excel row, rule, basis) of every archived row."""
    return [
        (row, p.rule.name, p.rule.basis)
        for p in plan.rules
        if p.rule.action == ARCHIVE
        for row in p.rows
    ]


def apply_plan(
    table: SheetTable,
    plan: RetentionPlan,
    options: ApplyOptions,
    rules: Sequence[RetentionRule],
    *,
    asof: dt.date,
) -> ApplyOutcome:
    """Apply ``plan`` to ``table``'s workbook (see the module docstring for the order)."""
    dst = _destination(table, options)
    archive = options.archive or default_archive_path(table.path)
    # Destroy rules also reach records that live only in the copies (archived earlier).
    destroying = any(r.action == DESTROY for r in rules)
    if plan.rows(ARCHIVE) or (destroying and archive.exists()):
        _require_archive_password(archive, options.password)
    extra: dict[str, set[str]] = {}
    if destroying:
        extra = scan_copies(
            known_copies(table.path, archive),
            table.sheet,
            rules,
            asof=asof,
            password=options.password,
            present=set(record_keys(table.df, table.field_keys)),
        )
    destroyed = destroyed_keys(table, plan, extra)
    outputs, unopened = _openable(
        [o for o in recorded_outputs(table.path) if o not in (dst.resolve(), archive.resolve())]
        if destroyed
        else [],
        options.password,
    )
    backup = make_backup(table.path, keep=options.keep)
    if moves := _moves(plan):
        when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        append_to_archive(
            archive, _require_archive_password(archive, options.password), table, moves, when=when
        )
    copies = known_copies(table.path, archive) if destroyed else []
    log = destruction_log_path(table.path)
    names = [dst.name, *(c.name for c in copies), *(o.name for o in outputs)]
    records = _records(plan, options, destroyed, log, names)
    wanted = {key for keys in destroyed.values() for key in keys}
    others = rows_by_sheet(table.path, wanted, table.sheet) if wanted else {}
    others.pop(table.sheet, None)  # the plan's own rows
    counts = dict(
        apply_to_workbook(
            table,
            plan,
            dst,
            records=records,
            scrubbed_backup=backup if destroyed else None,
            other_sheets=others,
        )
    )
    outcome = ApplyOutcome(dst, backup, archive if moves else None, counts)
    if destroyed:
        counts["destroyed_in_other_sheets"] = sum(len(v) for v in others.values())
        counts["destroyed_in_copies_only"] = sum(len(v) for v in extra.values())
        rest = [c for c in copies if c != backup]  # the new backup was scrubbed above
        scrubbed = sum(scrub_copy(c, table.sheet, wanted, options.password) > 0 for c in rest)
        done, failed = scrub_outputs(outputs, table.sheet, wanted, options.password)
        counts["copies_scrubbed"] = scrubbed + bool(plan.rows(DESTROY) or others) + len(done)
        outcome.not_scrubbed = [] if options.in_place else [table.path.name]
        outcome.not_scrubbed += [o.name for o in [*unopened, *failed]]
        append_records(
            log,
            records,
            workbook=table.path,
            sheet=table.sheet,
            output=dst,
            not_scrubbed=outcome.not_scrubbed,
            scrubbed=[dst, *copies, *outputs],
        )
    return outcome
