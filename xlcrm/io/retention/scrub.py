"""Destroy records in the copies xlcrm made, and keep the destruction log.

The copies xlcrm knows of a workbook are its backups (:func:`xlcrm.io.backup.list_backups`,
including the one taken just before this run) and its retention archive. Each is read
the way the workbook is, records are matched by customer id (or, without one, by a
fingerprint of the row's values, see :func:`record_keys`), and the matching rows are
removed in place. Encrypted copies are decrypted in memory, scrubbed and encrypted again
with the same password: their plain bytes never reach the disk.

The destruction log is kept by :mod:`xlcrm.io.retention.records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path

from xlcrm.audit import log as audit
from xlcrm.core.retention.plan import plan_retention, record_keys
from xlcrm.core.retention.rules import DESTROY, RetentionRule
from xlcrm.errors import AuditLogError, SettingsError, SheetError, XlcrmError
from xlcrm.io import written
from xlcrm.io.backup import list_backups
from xlcrm.io.check.report import SHEET_TITLES as REPORT_SHEETS
from xlcrm.io.passwords import is_encrypted
from xlcrm.io.reader import (
    SheetTable,
    build_table,
    find_header_row,
    read_settings_from_source,
    read_table,
)
from xlcrm.io.retention.apply import DESTRUCTION_SHEET, scrub_workbook
from xlcrm.io.retention.archive import check_password
from xlcrm.io.sources import Source, open_source
from xlcrm.settings import SETTINGS_SHEET_NAMES


def known_copies(workbook: Path, archive: Path | None) -> list[Path]:
    """Every copy of ``workbook`` xlcrm made: its backups and its archive."""
    copies = list_backups(workbook)
    if archive is not None and archive.exists():
        copies.append(archive)
    return copies


def derived_files(workbook: Path, *, skip: Sequence[Path] = ()) -> list[Path]:
    """Every other file xlcrm wrote that may hold ``workbook``'s records.

    From the manifest of written files: the files written from ``workbook``, then from
    those files, and so on (a decrypt of an encrypt of it), undo's kept copies included;
    and the outputs its audit log records. Its backups, the workbooks in ``skip`` and
    files that are gone or not workbooks are left out.
    """
    sources = {workbook.name}
    found: dict[Path, None] = {}
    lines = written.written_files(workbook)
    grew = True
    while grew:  # the manifest is in time order, so this settles in a pass or two
        grew = False
        for line in lines:
            if line.source in sources and line.path.resolve() not in found:
                found[line.path.resolve()] = None
                sources.add(line.path.name)
                grew = True
    for output in recorded_outputs(workbook):
        found.setdefault(output, None)
    left_out = {p.resolve() for p in (workbook, *skip, *list_backups(workbook))}
    return [
        p for p in found
        if p not in left_out and p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file()
    ]  # fmt: skip


def recorded_outputs(workbook: Path) -> list[Path]:
    """Files earlier xlcrm actions wrote from ``workbook``, as its audit log records them.

    Paths in the log are as the user typed them, so a relative one is looked for beside
    the workbook. Files that are gone, or not workbooks, are skipped.
    """
    log = audit.default_log_path(workbook)
    try:
        entries = audit.read_entries(log) if log.is_file() else []
    except AuditLogError:
        return []  # a damaged log is reported by `xlcrm audit verify`, not here
    found: dict[Path, None] = {}
    for entry in entries:
        file, output = entry.get("file"), entry.get("output")
        if not file or not output or Path(file).name != workbook.name:
            continue
        written_path = Path(output)
        for candidate in (
            written_path,
            workbook.parent / written_path,
            workbook.parent / written_path.name,
        ):
            if candidate.suffix.lower() in (".xlsx", ".xlsm") and candidate.is_file():
                if candidate.resolve() != workbook.resolve():
                    found[candidate.resolve()] = None
                break
    return list(found)


def check_copies_open(copies: Sequence[Path], password: str | None) -> None:
    """Fail before anything changes if an encrypted copy cannot be opened to scrub it."""
    for copy in copies:
        if is_encrypted(copy):
            check_password(copy, password)


def _open(copy: Path, password: str | None) -> bool:
    """Whether ``copy`` is password-protected; raises when ``password`` does not open it."""
    encrypted = is_encrypted(copy)
    if encrypted:
        check_password(copy, password)
    return encrypted


def _read(copy: Path, sheet: str, encrypted: bool, password: str | None) -> SheetTable | None:
    secret = password if encrypted else None
    try:
        return read_table(copy, sheet=sheet if not encrypted else None, password=secret)
    except SheetError:
        try:  # an older backup may name the sheet differently, or the archive its own
            return read_table(copy, password=secret)
        except SheetError:
            return None  # nothing that looks like records in it


def scan_copies(
    copies: Sequence[Path],
    sheet: str,
    rules: Sequence[RetentionRule],
    *,
    asof: dt.date,
    password: str | None,
    present: Collection[str],
) -> dict[str, set[str]]:
    """Records that destroy rules select in the copies but that are no longer in the workbook.

    A record still in the workbook is decided there; one that left it (archived earlier,
    deleted by hand) is decided by the copy's own data, holds included. Returns, per
    destroy rule, the keys of such records.
    """
    extra: dict[str, set[str]] = {}
    for copy in copies:
        table = _read(copy, sheet, _open(copy, password), password)
        if table is None:
            continue
        try:
            plan = plan_retention(table.df, table.field_keys, rules, asof=asof)
        except SettingsError:
            continue  # an older layout without a rule's field: matched by key only
        keys = record_keys(table.df, table.field_keys)
        for rule_plan in plan.rules:
            if rule_plan.rule.action == DESTROY:
                found = {str(keys[row]) for row in rule_plan.rows} - set(present)
                extra.setdefault(rule_plan.rule.name, set()).update(found)
    return extra


def rows_by_sheet(
    path: Path, keys: Collection[str], main: str, *, password: str | None = None
) -> dict[str, list[int]]:
    """The rows of every sheet of ``path`` that hold one of the records ``keys``.

    The customer sheet ``main`` matches by id or fingerprint; other sheets (已合并 merged
    rows, masked views, the user's own copies) match when they have a customer id column.
    """
    source = open_source(path, password=password)
    settings = read_settings_from_source(source)
    wanted = set(keys)
    found: dict[str, list[int]] = {}
    for name in source.sheet_names:
        if name in SETTINGS_SHEET_NAMES or name in (DESTRUCTION_SHEET.zh, DESTRUCTION_SHEET.en):
            continue
        grid = source.grid(name)
        header = find_header_row(grid)
        if header is None:
            continue
        table = build_table(source.path, name, grid, header, settings, source.kind)
        if name != main and "customer_id" not in table.field_keys:
            continue  # a fingerprint is only safe on the sheet the records came from
        hits = record_keys(table.df, table.field_keys).isin(wanted).to_numpy()
        if hits.any():
            found[name] = table.df.index[hits].tolist()
    if found.get(main):
        found |= _report_rows(source, set(found[main]))
    return found


# Sheets xlcrm's reports add that list cells of the customer sheet by row (with values).
_ROW_HEADERS = frozenset({"行", "row"})


def _report_rows(source: Source, rows: set[int]) -> dict[str, list[int]]:
    """Rows of the check report sheets (问题清单, 修改记录) that quote the removed ``rows``."""
    found: dict[str, list[int]] = {}
    titles = {text for title in REPORT_SHEETS for text in (title.zh, title.en)}
    for name in (n for n in source.sheet_names if n in titles):
        grid = source.grid(name)
        if not grid or str(grid[0][0]).strip().casefold() not in _ROW_HEADERS:
            continue
        hits = [i + 1 for i, line in enumerate(grid[1:], start=1) if _row_of(line) in rows]
        if hits:
            found[name] = hits
    return found


def _row_of(line: Sequence[object]) -> int | None:
    value = line[0] if line else None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def scrub_copy(copy: Path, sheet: str, keys: Collection[str], password: str | None) -> int:
    """Remove the records whose key is in ``keys`` from every sheet of one copy."""
    encrypted = _open(copy, password)
    table = _read(copy, sheet, encrypted, password)
    if table is None:
        return 0
    secret = password if encrypted else None
    rows = rows_by_sheet(copy, keys, table.sheet, password=secret)
    return scrub_workbook(copy, rows, password=secret)


def scrub_outputs(
    outputs: Sequence[Path], sheet: str, keys: Collection[str], password: str | None
) -> tuple[list[Path], list[Path]]:
    """Scrub earlier output files; returns (scrubbed, could not be opened)."""
    done, failed = [], []
    for output in outputs:
        try:
            if scrub_copy(output, sheet, keys, password):
                done.append(output)
        except XlcrmError:  # protected with another password, damaged, locked
            failed.append(output)
    return done, failed
