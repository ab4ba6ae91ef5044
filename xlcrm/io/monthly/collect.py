"""``xlcrm collect``: read the returned files, reconcile them, write a new master and a report.

Files are recognised by what is inside them (the hidden sheet's distribution and file
ids, see :mod:`xlcrm.io.monthly.files`), never by their names, so renamed files work. A
file that is encrypted is opened with the password the manifest's password file holds
for it (by name first, then trying each, for a renamed file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xlcrm.core.check.table import CheckOptions
from xlcrm.core.monthly.migrate import migrated_names, version_status
from xlcrm.core.monthly.reconcile import Reconciliation, ReturnedFile, reconcile
from xlcrm.errors import InputFileError, PasswordRequiredError, SheetNotFoundError, XlcrmError
from xlcrm.io.monthly.files import ReturnedWorkbook, read_returned
from xlcrm.io.monthly.manifest import (
    MANIFEST_JSON,
    MANIFEST_XLSX,
    PASSWORDS_JSON,
    Manifest,
    read_manifest,
    read_passwords,
)
from xlcrm.io.passwords import is_encrypted
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.templates.build import TEMPLATE_VERSION
from xlcrm.io.writer import check_output_path, default_output_path
from xlcrm.progress import Progress, no_progress, step_label
from xlcrm.text import Text, message

REPORT_NAME = Text("收回报告", "collection-report")

# What happened to each file in the folder; "returned", "migrated" and "duplicate" are read.
STATUS_TEXT = {
    "returned": Text("已收回", "returned"),
    "migrated": Text("已收回（旧版模板，已迁移）", "returned (older template, migrated)"),
    "duplicate": Text("重复收回（同一文件两份）", "returned twice (same file)"),
    "missing": Text("未收回", "not returned"),
    "other_distribution": Text("不属于本次分发", "from another distribution"),
    "unknown_file": Text("分发清单中没有这个文件", "not in the manifest"),
    "owner_mismatch": Text("负责人与分发清单不符", "owner differs from the manifest"),
    "unknown_version": Text("未知的模板版本", "unknown template version"),
    "not_distributed": Text("不是分发的文件", "not a distributed file"),
    "no_password": Text("已加密，找不到密码", "encrypted, no password for it"),
    "unreadable": Text("无法读取", "cannot be read"),
}
READ_STATUSES = frozenset({"returned", "migrated", "duplicate"})


@dataclass
class FileOutcome:
    """What happened to one expected or found file: its status, owner, rows and why."""

    path: Path | None  # None for a file that was not returned
    status: str
    file_id: str = ""
    owner: str = ""
    rows: int = 0
    detail: str = ""
    expected: str = ""  # the manifest's file name


@dataclass
class Collection:
    """A collect's result: the reconciliation, each file's outcome, the files written."""

    manifest: Manifest
    master: SheetTable
    result: Reconciliation
    outcomes: list[FileOutcome]
    output: Path
    report: Path
    rows_out: int
    returned: dict[str, ReturnedWorkbook] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """The manifest's file names that did not come back."""
        return [o.expected for o in self.outcomes if o.status == "missing"]

    @property
    def rejected(self) -> list[FileOutcome]:
        """Files found but not used (unreadable, foreign, from another distribution ...)."""
        read = READ_STATUSES | {"missing"}
        return [o for o in self.outcomes if o.status not in read]


@dataclass
class CollectOptions:
    """``asof``: the day that counts as today for the checks; the rest: where files are."""

    asof: dt.date
    out: Path | None = None
    report: Path | None = None
    manifest: Path | None = None
    passwords: Path | None = None


def collect(
    folder: Path,
    into: Path,
    options: CollectOptions,
    *,
    sheet: str | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
) -> Collection:
    """Reconcile every returned file in ``folder`` against the master ``into``."""
    if not folder.is_dir():
        raise InputFileError("collect_folder_missing", folder=folder)
    manifest_path = options.manifest or folder / MANIFEST_JSON
    manifest = read_manifest(manifest_path)
    passwords = read_passwords(_passwords_path(options, folder, manifest_path))
    master = _read_master(into, sheet, manifest.sheet, password)
    language = master.language
    output = check_output_path(options.out or default_output_path(into, "collected"), into)
    report = check_output_path(options.report or _report_path(into, language), into)
    outcomes, returned = _read_folder(folder, manifest, passwords, {into, output, report}, progress)
    files = [_returned_file(wb, manifest) for wb in returned.values()]
    check = CheckOptions.from_settings(master.settings, asof=options.asof, language=language)
    progress(step_label(message("progress_reconciling")), 0, 1)
    result = reconcile(master.df, files, check_options=check)
    from xlcrm.io.monthly.report import write_new_master, write_report

    progress(step_label(message("progress_writing")), 0, 2)
    write_new_master(master, result, output)
    rows_out = len(master.df) + len(result.new_rows)
    collection = Collection(manifest, master, result, outcomes, output, report, rows_out, returned)
    write_report(collection, report)
    return collection


def _read_master(into: Path, sheet: str | None, sent: str, password: str | None) -> SheetTable:
    """The sheet asked for; else the one distributed from, if the master still has it."""
    if sheet is None and sent:
        try:
            return read_table(into, sheet=sent, password=password)
        except SheetNotFoundError:
            pass
    return read_table(into, sheet=sheet, password=password)


def _passwords_path(options: CollectOptions, folder: Path, manifest_path: Path) -> Path | None:
    if options.passwords is not None:
        if not options.passwords.is_file():
            raise InputFileError("collect_password_file_missing", path=options.passwords)
        return options.passwords
    for place in (folder, manifest_path.parent):
        if (place / PASSWORDS_JSON).is_file():
            return place / PASSWORDS_JSON
    return None


def _report_path(into: Path, language: str) -> Path:
    return into.with_name(f"{into.stem}.{REPORT_NAME(language)}.xlsx")


def _candidates(folder: Path, skip: set[Path]) -> list[Path]:
    ignored = {MANIFEST_JSON, PASSWORDS_JSON, MANIFEST_XLSX.zh, MANIFEST_XLSX.en}
    skipped = {p.resolve() for p in skip}
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in (".xlsx", ".xlsm")
        and not p.name.startswith(("~$", "."))
        and p.name not in ignored
        and p.resolve() not in skipped
    )


def _read_folder(
    folder: Path,
    manifest: Manifest,
    passwords: Mapping[str, str],
    skip: set[Path],
    progress: Progress,
) -> tuple[list[FileOutcome], dict[str, ReturnedWorkbook]]:
    """Identify every workbook in the folder; the read ones keyed by path."""
    expected = manifest.by_id()
    outcomes: list[FileOutcome] = []
    returned: dict[str, ReturnedWorkbook] = {}
    seen: set[str] = set()
    paths = _candidates(folder, skip)
    for done, path in enumerate(paths):
        progress(step_label(message("progress_reading_file", name=path.name)), done, len(paths))
        workbook, outcome = _identify(path, manifest, passwords)
        if workbook is not None and outcome.status in READ_STATUSES:
            if outcome.file_id in seen:
                outcome.status = "duplicate"
            seen.add(outcome.file_id)
            returned[str(path)] = workbook
        outcomes.append(outcome)
    for file_id, entry in expected.items():
        if file_id not in seen:
            outcomes.append(
                FileOutcome(None, "missing", file_id, entry.owner, entry.rows, expected=entry.file)
            )
    _mark_first_copies(outcomes)
    return outcomes, returned


def _mark_first_copies(outcomes: list[FileOutcome]) -> None:
    """A file returned twice: both copies say so, not only the second one read."""
    twice = {o.file_id for o in outcomes if o.status == "duplicate"}
    for outcome in outcomes:
        if outcome.file_id in twice and outcome.status in ("returned", "migrated"):
            outcome.status = "duplicate"


def _identify(
    path: Path, manifest: Manifest, passwords: Mapping[str, str]
) -> tuple[ReturnedWorkbook | None, FileOutcome]:
    try:
        workbook = _open(path, manifest, passwords)
    except PasswordRequiredError:
        return None, FileOutcome(path, "no_password")
    except XlcrmError as error:
        return None, FileOutcome(path, "unreadable", detail=str(error))
    meta = workbook.meta
    outcome = FileOutcome(path, "returned", meta.get("file_id", ""), meta.get("owner", ""))
    outcome.rows = len(workbook.table.df) if workbook.table is not None else 0
    entry = manifest.by_id().get(outcome.file_id)
    if not meta or workbook.table is None:
        outcome.status = "not_distributed"
    elif meta.get("distribution") != manifest.distribution:
        outcome.status = "other_distribution"
        outcome.detail = meta.get("distribution", "")
    elif entry is None:
        outcome.status = "unknown_file"
    elif entry.owner != outcome.owner:
        outcome.status = "owner_mismatch"
    else:
        outcome.expected = entry.file
        version = meta.get("template_version")
        status = version_status(version, TEMPLATE_VERSION)
        outcome.status = {"current": "returned", "migrated": "migrated"}.get(
            status, "unknown_version"
        )
        outcome.detail = "" if status == "current" else f"v{version}"
    return workbook, outcome


def _open(path: Path, manifest: Manifest, passwords: Mapping[str, str]) -> ReturnedWorkbook:
    if not is_encrypted(path):
        return read_returned(path)
    by_name = {f.file: f.file_id for f in manifest.files}
    first = passwords.get(by_name.get(path.name, ""))
    tries = [first] if first else []
    tries += [p for p in passwords.values() if p != first]  # a renamed file: try each
    for candidate in tries:
        try:
            return read_returned(path, candidate)
        except PasswordRequiredError:
            continue
    raise PasswordRequiredError("returned_file_no_password", name=path.name)


def _returned_file(workbook: ReturnedWorkbook, manifest: Manifest) -> ReturnedFile:
    assert workbook.table is not None
    table = workbook.table
    df = table.df
    version = workbook.meta.get("template_version", "")
    renames = migrated_names(version, {c.key: c.field for c in table.columns})
    if renames:
        df = df.rename(columns=renames)
    # Columns the template computes (formulas) are not data: never compared or merged.
    df = df.drop(columns=[c for c in manifest.computed if c in df.columns])
    headers = {c.key: c.header for c in table.columns}
    headers.update({new: headers.get(old, new) for old, new in renames.items()})
    return ReturnedFile(
        name=workbook.path.name,
        file_id=workbook.meta.get("file_id", ""),
        fields=workbook.fields or list(manifest.fields),
        ids=workbook.ids,
        prints=workbook.prints,
        table=pd.DataFrame(df),
        headers=headers,
    )
