"""Reconcile returned monthly files against the master, by customer id.

Every returned row ends in exactly one category:

    unchanged   as distributed
    changed     at least one field differs from the distributed print; applied to the master
    new         not in the file's distribution; appended to the master
    conflict    changed here and in the master since distribution, changed differently in
                two files, or a new row whose id the master already has; not applied
    invalid     a new or changed row whose new values break the check rules (pasted in
                without the template's validation); not applied

and every distributed row missing from its returned file is *deleted* (flagged only: the
master keeps it). Conflicts and invalid rows go to the report with all their values, so
nothing a salesperson typed is lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlcrm.core.check.table import CheckOptions, check_table
from xlcrm.core.monthly.prints import (
    changed_fields,
    id_token,
    pair_rows,
    row_prints,
    value_token,
)
from xlcrm.core.values.findings import Severity
from xlcrm.text import Text

CHANGE_COLUMNS = ["file", "file_row", "master_row", "customer_id", "field", "before", "after"]


@dataclass
class ReturnedFile:
    """One returned file as reconcile needs it."""

    name: str  # the file name, for the report
    file_id: str  # the distribution's id of the file it was sent as
    fields: list[str]  # the fields the prints cover, in order
    ids: list[str]  # customer id of each distributed row
    prints: list[str]  # print of each distributed row
    table: pd.DataFrame  # the returned rows, indexed by Excel row, one column per field
    headers: dict[str, str] = field(default_factory=dict)  # field → header as shown


@dataclass
class RowRef:
    """A returned row that was not applied (conflict or invalid), with why."""

    file: str
    file_row: int
    customer_id: str
    reason: str  # a code: see REASONS
    detail: str
    master_row: int | None
    values: dict[str, Any]


# Why a row was not applied; RowRef.detail holds the sentence in both languages.
REASONS = {
    "master_changed": Text(
        "总表在分发后也修改了这一行", "changed in the master since distribution"
    ),
    "changed_twice": Text("两个文件对同一客户做了不同修改", "changed differently in two files"),
    "id_exists": Text(
        "新增行的客户编号在总表中已存在", "a new row whose id is already in the master"
    ),
    "master_deleted": Text(
        "总表在分发后删除了这一行", "deleted from the master since distribution"
    ),
    "invalid": Text("新填的值未通过检查", "the new values fail the check rules"),
}


@dataclass
class Reconciliation:
    """Every returned row sorted: applied changes, new rows, deletions, conflicts, invalid."""

    changes: pd.DataFrame  # CHANGE_COLUMNS, one row per changed cell applied
    new_rows: list[tuple[str, int, dict[str, Any]]]  # (file, file row, values) to append
    deleted: list[tuple[str, str, int | None]]  # (file, customer id, master row)
    conflicts: list[RowRef]
    invalid: list[RowRef]
    rows_in: int
    changed_rows: int
    unchanged: int


@dataclass
class _Candidate:
    file: ReturnedFile
    row: int
    master_row: int | None
    fields: list[str]  # changed fields; all non-blank ones for a new row
    new: bool


@dataclass
class _Sorted:
    """The returned rows sorted so far, file after file."""

    candidates: list[_Candidate] = field(default_factory=list)
    deleted: list[tuple[str, str, int | None]] = field(default_factory=list)
    conflicts: list[RowRef] = field(default_factory=list)
    rows_in: int = 0
    unchanged: int = 0


def reconcile(
    master: pd.DataFrame,
    returned: Sequence[ReturnedFile],
    *,
    check_options: CheckOptions,
) -> Reconciliation:
    """Sort every returned row into a category; ``master`` is indexed by Excel row."""
    master_ids = [id_token(v) for v in _column(master, "customer_id")]
    by_id: dict[str, list[int]] = {}
    for position, key in enumerate(master_ids):
        by_id.setdefault(key, []).append(position)
    known = set(by_id) - {""}
    master_prints: dict[tuple[str, ...], list[str]] = {}
    done = _Sorted()
    for file in returned:
        layout = tuple(file.fields)
        if layout not in master_prints:
            master_prints[layout] = row_prints(master, file.fields).tolist()
        to_master = _distributed_to_master(
            file, by_id, master_ids, master_prints[layout], master.index
        )
        _sort_file(file, to_master, known, done)
    candidates, twice = _split_changed_twice(done.candidates)
    candidates, invalid = _split_invalid(candidates, check_options)
    changes, new_rows = _applied(candidates, master)
    return Reconciliation(
        changes=changes,
        new_rows=new_rows,
        deleted=_unique(done.deleted),
        conflicts=done.conflicts + twice,
        invalid=invalid,
        rows_in=done.rows_in,
        changed_rows=int(changes["master_row"].nunique()) if not changes.empty else 0,
        unchanged=done.unchanged,
    )


def _sort_file(
    file: ReturnedFile,
    to_master: dict[int, tuple[int, str]],
    known: set[str],
    done: _Sorted,
) -> None:
    """One file's rows: unchanged, to apply (changed or new), conflicting, or deleted.

    ``to_master`` maps a distributed row to its master row and that row's print now;
    ``known`` holds the master's customer ids.
    """
    done.rows_in += len(file.table)
    got_ids = [id_token(v) for v in _column(file.table, "customer_id")]
    got_prints = row_prints(file.table, file.fields).tolist()
    pairs, gone, added = pair_rows(file.ids, file.prints, got_ids, got_prints)
    for i, j in pairs:
        same = file.prints[i] == got_prints[j]
        changed = [] if same else changed_fields(file.prints[i], got_prints[j], file.fields)
        if not changed:
            done.unchanged += 1
            continue
        row = int(file.table.index[j])
        master_row, master_print = to_master.get(i, (None, None))
        if master_row is None:
            done.conflicts.append(_ref(file, row, "master_deleted", None))
        elif changed_fields(file.prints[i], master_print or "", file.fields):
            done.conflicts.append(_ref(file, row, "master_changed", master_row))
        else:
            done.candidates.append(_Candidate(file, row, master_row, changed, new=False))
    for i in gone:
        done.deleted.append((file.name, file.ids[i], to_master.get(i, (None, None))[0]))
    for j in added:
        row = int(file.table.index[j])
        if got_ids[j] and got_ids[j] in known:
            done.conflicts.append(_ref(file, row, "id_exists", None))
        else:
            present = [f for f in file.fields if f in file.table.columns]
            done.candidates.append(_Candidate(file, row, None, present, new=True))


def _column(df: pd.DataFrame, name: str) -> list[Any]:
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _distributed_to_master(
    file: ReturnedFile,
    by_id: dict[str, list[int]],
    master_ids: list[str],
    master_prints: list[str],
    index: pd.Index,
) -> dict[int, tuple[int, str]]:
    """Distributed row position → (master Excel row, its current print)."""
    positions = sorted(p for key in set(file.ids) for p in by_id.get(key, []))
    pairs, _, _ = pair_rows(
        file.ids,
        file.prints,
        [master_ids[p] for p in positions],
        [master_prints[p] for p in positions],
    )
    return {i: (int(index[positions[j]]), master_prints[positions[j]]) for i, j in pairs}


def _values(file: ReturnedFile, row: int) -> dict[str, Any]:
    record = file.table.loc[row]
    return {name: record[name] for name in file.table.columns}


def _ref(file: ReturnedFile, row: int, reason: str, master_row: int | None) -> RowRef:
    values = _values(file, row)
    detail = (REASONS[reason] + Text("。", ".")).both()  # a sentence in both languages
    return RowRef(
        file.name, row, id_token(values.get("customer_id")), reason, detail, master_row, values
    )


def _split_changed_twice(
    candidates: list[_Candidate],
) -> tuple[list[_Candidate], list[RowRef]]:
    """Same master row (or same new id) from two returned rows with different values."""
    groups: dict[tuple[str, object], list[_Candidate]] = {}
    for c in candidates:
        if c.new:
            key_id = id_token(c.file.table.at[c.row, "customer_id"]) if _has_id(c) else ""
            key: tuple[str, object] = ("new", key_id) if key_id else ("row", id(c))
        else:
            key = ("master", c.master_row)
        groups.setdefault(key, []).append(c)
    keep: list[_Candidate] = []
    refs: list[RowRef] = []
    for group in groups.values():
        versions = {_version(c) for c in group}
        if len(versions) == 1:
            keep.append(group[0])  # the same edit returned twice is applied once
        else:
            refs += [_ref(c.file, c.row, "changed_twice", c.master_row) for c in group]
    return keep, refs


def _has_id(c: _Candidate) -> bool:
    return "customer_id" in c.file.table.columns


def _version(c: _Candidate) -> tuple[tuple[str, str], ...]:
    record = c.file.table.loc[c.row]
    return tuple((name, value_token(record.get(name))) for name in sorted(c.fields))


def _split_invalid(
    candidates: list[_Candidate], options: CheckOptions
) -> tuple[list[_Candidate], list[RowRef]]:
    """New and changed rows whose new values have check errors are held back."""
    keep: list[_Candidate] = []
    refs: list[RowRef] = []
    by_file: dict[int, list[_Candidate]] = {}
    for c in candidates:
        by_file.setdefault(id(c.file), []).append(c)
    for group in by_file.values():
        file = group[0].file
        rows = [c.row for c in group]
        columns = {name: name for name in file.table.columns}
        headers = {name: file.headers.get(name, name) for name in columns}
        result = check_table(file.table.loc[rows], columns, headers, options)
        issues = result.issues[result.issues["severity"] == Severity.ERROR.value]
        problems: dict[int, list[tuple[str, str]]] = {}
        for row, name, header, text in zip(
            issues["row"], issues["field"], issues["header"], issues["message"], strict=True
        ):
            problems.setdefault(int(row), []).append((str(name), f"{header}: {text}"))
        for c in group:
            mine = [text for name, text in problems.get(c.row, []) if c.new or name in c.fields]
            if mine:
                ref = _ref(file, c.row, "invalid", c.master_row)
                ref.detail = "；".join(mine)
                refs.append(ref)
            else:
                keep.append(c)
    return keep, refs


def _applied(
    candidates: list[_Candidate], master: pd.DataFrame
) -> tuple[pd.DataFrame, list[tuple[str, int, dict[str, Any]]]]:
    records: list[dict[str, Any]] = []
    new_rows: list[tuple[str, int, dict[str, Any]]] = []
    for c in candidates:
        values = _values(c.file, c.row)
        if c.new:
            new_rows.append((c.file.name, c.row, values))
            continue
        for name in c.fields:
            before = master.at[c.master_row, name] if name in master.columns else None
            records.append(
                {
                    "file": c.file.name,
                    "file_row": c.row,
                    "master_row": c.master_row,
                    "customer_id": id_token(values.get("customer_id")),
                    "field": name,
                    "before": before,
                    "after": values.get(name),
                }
            )
    return pd.DataFrame(records, columns=CHANGE_COLUMNS, dtype=object), new_rows


def _unique(items: list[tuple[str, str, int | None]]) -> list[tuple[str, str, int | None]]:
    """One entry per master row (a file returned twice deletes the same rows twice)."""
    seen: set[object] = set()
    out = []
    for file, key, row in items:
        marker: object = row if row is not None else (file, key)
        if marker not in seen:
            seen.add(marker)
            out.append((file, key, row))
    return out


@dataclass(frozen=True)
class CollectCounts:
    """The row counts of a collect: its JSON numbers and its summary sentence."""

    new: int
    changed: int
    deleted: int
    conflicts: int
    invalid: int
    rows_in: int
    rows_out: int

    def as_dict(self) -> dict[str, int]:
        """The counts as the collect JSON names them."""
        return dataclasses.asdict(self)


def counts(result: Reconciliation, rows_out: int) -> CollectCounts:
    """The row counts of the collect JSON."""
    return CollectCounts(
        new=len(result.new_rows),
        changed=result.changed_rows,
        deleted=len(result.deleted),
        conflicts=len(result.conflicts),
        invalid=len(result.invalid),
        rows_in=result.rows_in,
        rows_out=rows_out,
    )
