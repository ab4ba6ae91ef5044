"""The dedupe, merge and unmerge actions, registered in :mod:`xlcrm.actions.registry`.

``dedupe`` finds duplicate customers (:func:`xlcrm.core.dedupe.find.find_duplicates`) and can
mark them in a copy with a Duplicates sheet; ``merge`` merges the groups the user kept
at Y there (or, with ``auto``, every group found); ``unmerge`` undoes the latest merge.
The work lives in ``core/`` (matching, survivorship) and ``io/`` (the workbooks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlcrm.actions.registry import (
    Action,
    ActionRequest,
    ActionResult,
    Options,
    register,
    setting_option,
)
from xlcrm.errors import NoHeaderError, XlcrmError
from xlcrm.progress import Progress, no_progress
from xlcrm.schema import resolve_columns
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.core.dedupe.find import DedupeResult
    from xlcrm.io.reader import SheetTable

Columns = str | Sequence[str] | None  # "a,b" as typed after --on, or a list of names


@dataclass(frozen=True)
class DedupeOptions(Options):
    """``on``: the columns to compare (header text or field names; default the customer
    fields); ``threshold``: the score from 0 to 1 a pair needs (default: Settings)."""

    on: Columns = None
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.threshold is not None:
            setting_option("--threshold", "dedup_threshold", self.threshold)


@dataclass(frozen=True)
class MergeOptions(Options):
    """``auto``: merge every group found above the threshold, with no Y/N sheet."""

    auto: bool = False


def find_groups(
    table: SheetTable,
    on: Columns = None,
    threshold: float | None = None,
    *,
    progress: Progress = no_progress,
) -> DedupeResult:
    """Duplicate groups of ``table`` with the workbook's match rules, ``on`` and ``threshold``."""
    from xlcrm.core.dedupe.find import find_duplicates
    from xlcrm.core.dedupe.rules import MatchRules
    from xlcrm.io.dedupe.files import GROUP_HEADER, PROVENANCE_HEADER, find_column

    skip = {find_column(table, GROUP_HEADER), find_column(table, PROVENANCE_HEADER)}
    keys = [c.key for c in table.columns if c.position not in skip]
    return find_duplicates(
        table.df[keys],
        on=resolve_on(table, on),
        threshold=float(threshold) if threshold is not None else None,
        rules=MatchRules.from_settings(table.settings),
        progress=progress,
    )


def resolve_on(table: SheetTable, on: Columns) -> list[str] | None:
    """DataFrame columns for ``--on`` text (header text or field names, comma-separated)."""
    if on is None or on == "" or on == []:
        return None
    names = _split_on(on) if isinstance(on, str) else [str(n) for n in on]
    headers = [c.header for c in table.columns]
    found = []
    for name in names:
        try:
            (position,) = resolve_columns([name], headers)
        except KeyError:
            listed = Text.join([Text.same(h) for h in headers if h])
            raise XlcrmError(
                "on_column_missing", name=name, sheet=table.sheet, columns=listed
            ) from None
        found.append(table.columns[position].key)
    return found


def read_for_dedupe(
    path: Path, *, sheet: str | None = None, password: str | None = None, on: Columns = None
) -> SheetTable:
    """The sheet to look in; with --on, also a sheet that is no customer list.

    A customer list is found by its headers; another list (products, suppliers) has
    none xlcrm knows, so its header is the first row that holds every --on column.
    """
    from xlcrm.io.reader import read_table, read_table_headed_by

    try:
        return read_table(path, sheet=sheet, password=password)
    except NoHeaderError:
        if not on:
            raise
        names = _split_on(on) if isinstance(on, str) else [str(n) for n in on]
        table = read_table_headed_by(path, names, sheet=sheet, password=password)
        if table is None:
            raise
        return table


def _split_on(on: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,，、;；]", on) if n.strip()]


def dedupe_sheet(request: ActionRequest[DedupeOptions]) -> ActionResult:
    """Find duplicate customers; with an output path, mark them in a copy."""
    options = request.options
    table = read_for_dedupe(
        request.path, sheet=request.sheet, password=request.password, on=options.on
    )
    result = find_groups(table, options.on, options.threshold, progress=request.progress)
    output = None
    if request.out is not None:
        from xlcrm.io.dedupe.report import write_dedupe_workbook

        output = request.out
        _backup_if_in_place(request.path, output, table)
        request.progress("写入 writing…", 0, 1)
        write_dedupe_workbook(
            table, result.groups, output, password=request.password, apart=result.kept_apart
        )
    language = table.language
    payload = {
        "rows": result.rows,
        "groups": [
            {
                "rows": list(g.rows),
                "score": round(float(g.score), 4),
                "reasons": list(g.reasons(language)),
            }
            for g in result.groups
        ],
        "kept_apart": [
            {
                "rows": list(p.rows),
                "score": round(float(p.score), 4),
                "reasons": list(p.reasons(language)),
            }
            for p in result.kept_apart
        ],
    }
    counts = {
        "rows": result.rows,
        "groups": len(result.groups),
        "duplicate_rows": sum(len(g.rows) for g in result.groups),
    }
    return ActionResult(
        action="dedupe",
        file=request.path,
        sheet=table.sheet,
        counts=counts,
        output=output,
        payload=payload,
        problems=bool(result.groups),
        language=language,
        summary=message("duplicates_found", sheet=table.sheet, **counts),
    )


def _backup_if_in_place(path: Path, out: Path, table: SheetTable) -> None:
    if out.resolve() == path.resolve():
        from xlcrm.io.backup import make_backup

        make_backup(path, keep=table.settings.backups_keep)


def merge_sheet(request: ActionRequest[MergeOptions]) -> ActionResult:
    """Merge the groups marked Y in the Duplicates sheet (or all found, with ``auto``)."""
    from xlcrm.io.dedupe.merge import merged_from_payload, read_selection, write_merge_workbook
    from xlcrm.io.sources import open_source
    from xlcrm.io.writer import default_output_path

    path = request.path
    table = read_for_dedupe(path, sheet=request.sheet, password=request.password)
    source = open_source(path, password=request.password)
    if request.options.auto:
        groups = [g.rows for g in find_groups(table, progress=request.progress).groups]
    else:
        groups = read_selection(source, table)
    if not groups:
        return ActionResult(
            action="merge",
            file=path,
            sheet=table.sheet,
            counts={"groups": 0, "rows_merged": 0, "cells": 0},
            payload={"batch": None, "groups": []},
            language=table.language,
            summary=message("merge_nothing_marked"),
        )
    output = request.out or default_output_path(path, "merge")
    _backup_if_in_place(path, output, table)
    request.progress("合并 merging…", 0, 1)
    plan = write_merge_workbook(table, source, groups, output, password=request.password)
    counts = {
        "groups": len(plan.records),
        "rows_merged": plan.rows_merged_away,
        "cells": len(plan.cells),
    }
    return ActionResult(
        action="merge",
        file=path,
        sheet=table.sheet,
        counts=counts,
        output=output,
        payload=merged_from_payload(plan),
        language=table.language,
        summary=message("merged", sheet=table.sheet, **counts),
    )


def unmerge_sheet(request: ActionRequest[Options]) -> ActionResult:
    """Undo the latest merge recorded in the workbook."""
    from xlcrm.io.dedupe.unmerge import write_unmerge_workbook
    from xlcrm.io.writer import default_output_path

    path = request.path
    output = request.out or default_output_path(path, "unmerge")
    if output.resolve() == path.resolve():
        from xlcrm.io.backup import make_backup
        from xlcrm.io.reader import read_settings

        make_backup(path, keep=read_settings(path, password=request.password).backups_keep)
    request.progress("撤销合并 unmerging…", 0, 1)
    result = write_unmerge_workbook(path, output, password=request.password)
    sheet = result.table.sheet
    counts = {"batch": result.batch, "cells": result.cells, "rows_restored": result.rows_restored}
    return ActionResult(
        action="unmerge",
        file=path,
        sheet=sheet,
        counts=counts,
        output=output,
        payload=dict(counts),
        language=result.table.language,
        summary=message("unmerged", sheet=sheet, **counts),
    )


DEDUPE = register(
    Action(
        name="dedupe",
        label=Text("查重", "Duplicates"),
        group="clean",
        run=dedupe_sheet,
        options_type=DedupeOptions,
        help=Text(
            "跨字段查找重复客户（繁简、全半角、公司后缀、错字），说明原因，在副本中标出并列出。",
            "Find duplicate customers across fields, say why, and list them in a marked copy.",
        ),
        image_mso="RemoveDuplicates",
    )
)
MERGE = register(
    Action(
        name="merge",
        label=Text("合并", "Merge"),
        group="clean",
        run=merge_sheet,
        options_type=MergeOptions,
        help=Text(
            "合并“重复客户”表中标 Y 的重复组；被合并的行从表中删去，留在“已合并”表，可撤销。",
            "Merge the groups marked Y in the Duplicates sheet; merged rows go to Merged.",
        ),
        image_mso="MergeCells",
        changes_data=True,
        demo_input="dedupe",
    )
)
UNMERGE = register(
    Action(
        name="unmerge",
        label=Text("撤销合并", "Unmerge"),
        group="clean",
        run=unmerge_sheet,
        options_type=Options,
        help=Text(
            "撤销最近一次合并，把数据表恢复到合并前的样子。",
            "Undo the latest merge and restore the data sheet exactly as it was.",
        ),
        image_mso="Undo",
        changes_data=True,
        demo_input="merge",
    )
)
