"""``xlcrm distribute``: one workbook per owner from the current template, and a manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xlcrm import schema
from xlcrm.core.monthly.plan import OwnerGroup, group_by_owner
from xlcrm.core.monthly.prints import row_prints
from xlcrm.core.monthly.review import REVIEW_COLUMNS, stale_records
from xlcrm.errors import XlcrmError
from xlcrm.io.monthly import review
from xlcrm.io.monthly.files import OwnerFile, build_shell, template_bytes, write_owner_file
from xlcrm.io.monthly.manifest import (
    MANIFEST_JSON,
    Manifest,
    ManifestFile,
    write_manifest,
    write_passwords,
)
from xlcrm.io.monthly.sheetxml import Shell
from xlcrm.io.passwords import encrypt_to
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.templates.build import TEMPLATE_VERSION
from xlcrm.io.writer import replace_atomically
from xlcrm.progress import Progress, no_progress, step_label
from xlcrm.text import message

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass
class DistributeOptions:
    """``by``: the column to split by (a field or a header); ``month``: YYYY-MM in the file
    names; ``asof``: the day the stale lists count from; ``review_days``: include each
    owner's stale list (--with-review); ``encrypt``: a random password per file."""

    by: str
    month: str
    asof: dt.date
    encrypt: bool = False
    review_days: int | None = None


@dataclass
class Distribution:
    """What a distribution wrote: the manifest, the files, the passwords file, row counts."""

    manifest: Manifest
    folder: Path
    manifest_paths: tuple[Path, Path]
    passwords_path: Path | None
    language: str
    rows: int
    unassigned: int
    stale: int = 0
    files: list[Path] = field(default_factory=list)


@dataclass
class _Plan:
    """What every owner's file is made of: one shell, the rows by owner, their prints."""

    table: SheetTable
    distribution: str
    shell: Shell
    fields: list[str]
    computed: list[str]
    rows: pd.DataFrame
    prints: list[str]
    groups: list[OwnerGroup]
    stale: pd.DataFrame | None


def check_month(text: str) -> str:
    """``text`` when it is a month written YYYY-MM, else one sentence saying how to write it."""
    if not _MONTH.match(text):
        raise XlcrmError("month_invalid", month=text)
    return text


def distribute(
    master: Path,
    folder: Path,
    options: DistributeOptions,
    *,
    sheet: str | None = None,
    password: str | None = None,
    progress: Progress = no_progress,
) -> Distribution:
    """Write one workbook per value of ``options.by`` into ``folder``, plus the manifest."""
    table = read_table(master, sheet=sheet, password=password)
    month = check_month(options.month)
    plan = _plan(table, options, month)
    _prepare_folder(folder, [g.stem for g in plan.groups])
    entries, passwords, paths = _write_files(plan, folder, options, month, progress)
    manifest = Manifest(
        plan.distribution, month, dt.datetime.now().isoformat(timespec="seconds"), str(master),
        table.sheet, TEMPLATE_VERSION, table.language, plan.fields, entries, plan.computed,
    )  # fmt: skip
    manifest_paths = write_manifest(folder, manifest)
    passwords_path = write_passwords(folder, plan.distribution, passwords) if passwords else None
    unassigned = sum(len(g.rows) for g in plan.groups if not g.owner)
    n_stale = 0 if plan.stale is None else len(plan.stale)
    return Distribution(manifest, folder, manifest_paths, passwords_path, table.language,
                        len(plan.rows), unassigned, n_stale, paths)  # fmt: skip


def _plan(table: SheetTable, options: DistributeOptions, month: str) -> _Plan:
    """The shell from the current template, the rows in its layout, grouped by ``by``."""
    language = table.language
    by = _group_column(table, options.by)
    dist_id = uuid.uuid4().hex[:12]
    stale = _stale_by_position(table, options, language)
    review_header = _review_header(language) if stale is not None else None
    carried = {c.header or c.key: c.key for c in table.columns if c.field is None}
    shell = build_shell(
        template_bytes(language), language=language, distribution=dist_id,
        carried=list(carried), review_header=review_header,
    )  # fmt: skip
    fields, computed, rows = _layout(table, shell, carried)
    prints = row_prints(rows, fields).tolist()
    owners = rows[by] if by in rows else pd.Series([None] * len(rows), dtype=object)
    groups = group_by_owner(owners, language=language, month=month)
    return _Plan(table, dist_id, shell, fields, computed, rows, prints, groups, stale)


def _write_files(
    plan: _Plan, folder: Path, options: DistributeOptions, month: str, progress: Progress
) -> tuple[list[ManifestFile], dict[str, str], list[Path]]:
    """Each owner's workbook: the manifest entries, the passwords by file id, the paths."""
    language = plan.table.language
    passwords: dict[str, str] = {}
    entries: list[ManifestFile] = []
    paths: list[Path] = []
    for number, group in enumerate(plan.groups, start=1):
        progress(step_label(message("progress_distributing_file", name=group.stem)),
                 number - 1, len(plan.groups))  # fmt: skip
        file_id = f"{plan.distribution}-{number:03d}"
        spec = OwnerFile(
            meta={
                "distribution": plan.distribution, "file_id": file_id, "owner": group.owner,
                "month": month, "template_version": TEMPLATE_VERSION, "language": language,
                "sheet": "",
            },
            fields=plan.fields, headers=plan.shell.headers, rows=plan.rows.iloc[group.rows],
            prints=[plan.prints[p] for p in group.rows],
            review=_review_rows(plan.stale, group, language) if plan.stale is not None else None,
        )  # fmt: skip
        path = folder / f"{group.stem}.xlsx"
        password_used = _write_file(plan.shell, path, spec, options.encrypt)
        if password_used:
            passwords[file_id] = password_used
        entries.append(
            ManifestFile(file_id, group.owner, path.name, len(group.rows), _sha256(path),
                         bool(password_used))
        )  # fmt: skip
        paths.append(path)
    progress(step_label(message("progress_distributing")), len(plan.groups), len(plan.groups))
    return entries, passwords, paths


def _group_column(table: SheetTable, by: str) -> str:
    """The table column ``by`` names: a field, its header, an alias or any other header."""
    column = table.column_named(by)
    if column is None:
        raise XlcrmError("distribute_column_missing", by=by)
    return column.key


def _layout(
    table: SheetTable, shell: Shell, carried: dict[str, str]
) -> tuple[list[str], list[str], pd.DataFrame]:
    """The fields of a distributed file in sheet order, the template's computed columns,
    and the master's rows as those fields.

    Template columns that name a field take the master's values; other template columns
    (formulas the template fills itself) keep the template's cells; the master's extra
    columns follow the template's.
    """
    keys: list[str | None] = []
    computed: list[str] = []
    for position, header in enumerate(shell.headers):
        if position >= shell.template_width:
            keys.append(carried[header])
            continue
        field = schema.match_header(header)
        keys.append(field if field and field not in keys else None)
        if keys[-1] is None:
            computed.append(header)
    fields = [k for k in keys if k is not None]
    shell.value_index = [fields.index(k) if k is not None else None for k in keys]
    columns = table.field_keys | {k: k for k in carried.values()}
    data = {f: table.df[columns[f]] if f in columns else None for f in fields}
    rows = pd.DataFrame(data, index=table.df.index, columns=fields, dtype=object)
    return fields, computed, rows.astype(object).where(rows.notna(), None)


def _prepare_folder(folder: Path, stems: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    taken = [s + ".xlsx" for s in stems if (folder / f"{s}.xlsx").exists()]
    if (folder / MANIFEST_JSON).exists():
        taken.append(MANIFEST_JSON)
    if taken:
        raise XlcrmError("distribute_folder_used", folder=folder, file=taken[0])


def _write_file(shell: Shell, path: Path, spec: OwnerFile, encrypt: bool) -> str | None:
    """Write one owner's file atomically; encrypted ones are made in memory first."""
    password = secrets.token_urlsafe(12) if encrypt else None  # 16 characters, ~96 bits

    def write(temp: Path) -> None:
        if password is None:
            write_owner_file(shell, temp, spec)
            return
        plain = io.BytesIO()
        write_owner_file(shell, plain, spec)
        encrypt_to(plain, temp, password)

    replace_atomically(path, write)
    return password


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stale_by_position(
    table: SheetTable, options: DistributeOptions, language: str
) -> pd.DataFrame | None:
    if options.review_days is None:
        return None
    stale = stale_records(
        table.df, table.field_keys, asof=options.asof, days=options.review_days,
        language=language,
    )  # fmt: skip
    stale["position"] = table.df.index.get_indexer(stale["row"].astype("int64"))
    return stale


def _review_header(language: str) -> list[str]:
    """The review sheet's header without its row column (the file's rows are its own)."""
    return review.review_header(language)[1:]


def _review_rows(stale: pd.DataFrame, group: OwnerGroup, language: str) -> list[Sequence[object]]:
    mine = stale[stale["position"].isin(set(group.rows))]
    header: list[object] = list(_review_header(language))
    body: list[Sequence[object]] = [
        list(r) for r in mine[REVIEW_COLUMNS[1:]].itertuples(index=False, name=None)
    ]
    return [header, *body]
