"""Carry out a retention plan on the files, in an order that never loses data.

1. Check everything that can fail before anything changes: the output path, the archive
   password, that every encrypted copy to be scrubbed opens; complete the destruction
   records a killed earlier run left pending.
2. Back up the workbook (``.xlcrm/backups/``, read back and compared), so archive and
   anonymise can be undone.
3. Append the archived rows to the encrypted archive workbook (a row already there, from
   a run that was killed before it finished, is not added twice).
4. Record the destruction (pending entries in ``.xlcrm/destruction_log.jsonl``), then
   write the workbook with the plan applied: to a new file, or over the original
   (``in_place``, only if nobody saved it since it was read). Destroy rules add their
   records to the 销毁记录 sheet. If this step fails, the archive is put back as it was.
5. Remove the destroyed records from every copy xlcrm made: all backups (the one from
   step 2 included), the archive, and every file xlcrm wrote from this workbook or from
   its copies (the manifest of written files, and the outputs its audit log records);
   in each, from every sheet that holds them.
6. Complete the destruction records: the files scrubbed and those that still hold the
   records (another password, damaged, locked, or encrypted ids xlcrm cannot match).

Without ``in_place`` the original file still holds the destroyed rows: the destruction
record names it under ``files_not_scrubbed`` so nobody takes it for done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlcrm.audit import log as audit
from xlcrm.core.retention.plan import RetentionPlan, record_keys
from xlcrm.core.retention.rules import ARCHIVE, DESTROY, RetentionRule
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.io import written
from xlcrm.io.backup import list_backups, make_backup
from xlcrm.io.lock import held
from xlcrm.io.passwords import is_encrypted
from xlcrm.io.reader import SheetTable
from xlcrm.io.retention.apply import DestructionRecord, apply_to_workbook
from xlcrm.io.retention.archive import append_to_archive, check_password, default_archive_path
from xlcrm.io.retention.find import identifying_values, still_holding
from xlcrm.io.retention.records import (
    begin_records,
    destruction_log_path,
    fail_records,
    finish_records,
    make_records,
)
from xlcrm.io.retention.scrub import (
    derived_files,
    known_copies,
    rows_by_sheet,
    scan_copies,
    scrub_copy,
    scrub_outputs,
)
from xlcrm.io.writer import check_output_path, default_output_path, replace_atomically


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
    not_scrubbed: list[str] = field(default_factory=list)  # file names, for the record
    still_holding: list[Path] = field(default_factory=list)  # xlcrm's files among them


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
    outputs: list[Path] = []
    unopened: list[Path] = []
    if destroying:
        derived = derived_files(table.path, skip=[dst, archive])
        # a backup sealed with another secret (an in-place encrypt's) is listed, not opened
        outputs, unopened = _openable([*list_backups(table.path), *derived], options.password)
        extra = scan_copies(
            [*outputs, *([archive] if archive.exists() else [])], table.sheet, rules,
            asof=asof, password=options.password,
            present=set(record_keys(table.df, table.field_keys)),
        )  # fmt: skip
        outputs = [o for o in outputs if o not in set(list_backups(table.path))]
    destroyed = destroyed_keys(table, plan, extra)
    if not destroyed:
        outputs, unopened = [], []
    backup = make_backup(table.path, keep=options.keep)
    moves = _moves(plan)
    with _archive_kept(archive if moves else None, dst):
        if moves:
            when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            password = _require_archive_password(archive, options.password)
            append_to_archive(archive, password, table, moves, when=when)
        return _write_and_scrub(
            table, plan, options, dst, backup, archive if moves else None,
            destroyed=destroyed, extra=extra, outputs=outputs, unopened=unopened,
        )  # fmt: skip


def _write_and_scrub(
    table: SheetTable, plan: RetentionPlan, options: ApplyOptions, dst: Path, backup: Path,
    archive: Path | None, *, destroyed: dict[str, list[str]], extra: Mapping[str, set[str]],
    outputs: list[Path], unopened: list[Path],
) -> ApplyOutcome:  # fmt: skip
    """Steps 4 to 6: the records pending, the workbook written, the copies scrubbed."""
    archive_path = options.archive or default_archive_path(table.path)
    sealed = set(unopened)
    copies = [c for c in known_copies(table.path, archive_path) if c not in sealed]
    copies = copies if destroyed else []
    log = destruction_log_path(table.path)
    names = [dst.name, *(c.name for c in copies), *(o.name for o in outputs)]
    records = make_records(
        plan, destroyed, log, names, witness=options.witness, approver=options.approver
    )
    wanted = {key for keys in destroyed.values() for key in keys}
    others = rows_by_sheet(table.path, wanted, table.sheet) if wanted else {}
    others.pop(table.sheet, None)  # the plan's own rows
    pending = begin_records(log, records, workbook=table.path, sheet=table.sheet, output=dst)
    dst_before = audit.sha256_if_file(dst)
    try:
        return _apply_and_scrub(
            table, plan, options, dst, backup, archive, records, pending,
            destroyed=destroyed, extra=extra, outputs=outputs, unopened=unopened,
            copies=copies, others=others, wanted=wanted,
        )  # fmt: skip
    except BaseException as error:
        changed = written_by_run(dst, dst_before)
        fail_records(log, pending, getattr(error, "code", type(error).__name__), changed)
        raise


def _apply_and_scrub(
    table: SheetTable, plan: RetentionPlan, options: ApplyOptions, dst: Path, backup: Path,
    archive: Path | None, records: list[DestructionRecord], pending: list[dict[str, Any]], *,
    destroyed: dict[str, list[str]], extra: Mapping[str, set[str]], outputs: list[Path],
    unopened: list[Path], copies: list[Path], others: dict[str, list[int]], wanted: set[str],
) -> ApplyOutcome:  # fmt: skip
    """The workbook written, then every copy scrubbed and searched, then the records done."""
    log = destruction_log_path(table.path)
    counts = dict(
        apply_to_workbook(
            table, plan, dst, records=records,
            scrubbed_backup=backup if destroyed else None, other_sheets=others,
        )
    )  # fmt: skip
    outcome = ApplyOutcome(dst, backup, archive, counts)
    if destroyed:
        counts["destroyed_in_other_sheets"] = sum(len(v) for v in others.values())
        counts["destroyed_in_copies_only"] = sum(len(v) for v in extra.values())
        rest = [c for c in copies if c != backup]  # the new backup was scrubbed above
        scrubbed = sum(scrub_copy(c, table.sheet, wanted, options.password) > 0 for c in rest)
        done, failed = scrub_outputs(outputs, table.sheet, wanted, options.password)
        counts["copies_scrubbed"] = scrubbed + bool(plan.rows(DESTROY) or others) + len(done)
        outcome.not_scrubbed = [] if options.in_place else [table.path.name]
        outcome.not_scrubbed += [o.name for o in [*unopened, *failed]]
        # searched again as a person would: a report may quote a customer outside any list
        values = identifying_values(table, plan.rows(DESTROY), wanted)
        holding = still_holding([dst, *copies, *outputs], values, options.password)
        outcome.not_scrubbed += [p.name for p in holding if p.name not in outcome.not_scrubbed]
        outcome.still_holding = [p for p in [*unopened, *failed, *holding] if p != table.path]
        finish_records(
            log, pending, records, not_scrubbed=outcome.not_scrubbed,
            scrubbed=[dst, *copies, *outputs],
        )  # fmt: skip
    return outcome


@contextmanager
def _archive_kept(archive: Path | None, workbook: Path) -> Iterator[None]:
    """Put the archive back as it was if the block fails before the workbook was written
    (the rows stay in the workbook); once they left it, the archive keeps them."""
    before = archive.read_bytes() if archive is not None and archive.exists() else None
    workbook_before = audit.sha256_if_file(workbook)
    try:
        yield
    except BaseException:
        if archive is not None and not written_by_run(workbook, workbook_before):
            if before is not None:
                replace_atomically(archive, _bytes_writer(before), kind=written.ARCHIVE)
            else:
                archive.unlink(missing_ok=True)
        raise


def written_by_run(dst: Path, before: str | None) -> bool:
    """Whether this run wrote ``dst`` (in place: the workbook's lock counts its commits;
    a colleague's save is not ours)."""
    lock = held(dst)
    if lock is not None:
        return lock.commits > 0
    return audit.sha256_if_file(dst) != before


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return write
