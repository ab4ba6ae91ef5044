"""The dedupe, merge and unmerge actions, registered in :mod:`xlcrm.actions.registry`.

``dedupe`` finds duplicate customers (:func:`xlcrm.core.dedupe.find.find_duplicates`) and can
mark them in a copy with a Duplicates sheet; ``merge`` merges the groups the user kept
at Y there (or, with ``auto``, every group found); ``unmerge`` undoes the latest merge.
The work lives in ``core/`` (matching, survivorship) and ``io/`` (the workbooks).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.errors import NoHeaderError, XlcrmError
from xlcrm.io.dedupe.files import GROUP_HEADER, PROVENANCE_HEADER, find_column
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.writer import default_output_path
from xlcrm.schema import normalize_header, resolve_columns

if TYPE_CHECKING:
    from xlcrm.core.dedupe.find import DedupeResult


def find_groups(table: SheetTable, request: ActionRequest) -> DedupeResult:
    """Duplicate groups of ``table`` with the workbook's match rules and the request's options."""
    from xlcrm.core.dedupe.find import find_duplicates
    from xlcrm.core.dedupe.rules import MatchRules

    skip = {find_column(table, GROUP_HEADER), find_column(table, PROVENANCE_HEADER)}
    keys = [c.key for c in table.columns if c.position not in skip]
    on = resolve_on(table, request.options.get("on"))
    threshold = request.options.get("threshold")
    rules = MatchRules.from_settings(table.settings)
    return find_duplicates(
        table.df[keys],
        on=on,
        threshold=float(threshold) if threshold is not None else None,
        rules=rules,
        progress=request.progress,
    )


def resolve_on(table: SheetTable, on: Any) -> list[str] | None:
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
            listed = "、".join(h for h in headers if h)
            raise XlcrmError(
                f"--on 中的列“{name}”在“{table.sheet}”中找不到（现有列：{listed}）。"
                f" The --on column '{name}' is not in '{table.sheet}'"
                f" (columns: {', '.join(h for h in headers if h)})."
            ) from None
        found.append(table.columns[position].key)
    return found


def read_for_dedupe(request: ActionRequest, path: Path | None = None) -> SheetTable:
    """The sheet to look in; with --on, also a sheet that is no customer list.

    A customer list is found by its headers; another list (products, suppliers) has
    none xlcrm knows, so its header is the first row that holds every --on column.
    """
    path = path or request.path
    try:
        return read_table(path, sheet=request.sheet, password=request.password)
    except NoHeaderError:
        on = request.options.get("on")
        if not on or not isinstance(on, str):
            raise
        table = _table_by_on_header(path, request, _split_on(on))
        if table is None:
            raise
        return table


def _table_by_on_header(path: Path, request: ActionRequest, names: list[str]) -> SheetTable | None:
    from xlcrm.io.reader import (
        HEADER_SCAN_ROWS,
        SYSTEM_SHEETS,
        build_table,
        read_settings_from_source,
    )
    from xlcrm.io.sources import open_source

    source = open_source(path, password=request.password)
    if request.sheet is not None:
        sheets = [source.find_sheet(request.sheet)]
    else:
        sheets = [s for s in source.visible_sheets() if s not in SYSTEM_SHEETS]
    wanted = {normalize_header(n) for n in names}
    for name in sheets:
        grid = source.grid(name)
        for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
            if wanted <= {normalize_header(v) for v in row}:
                settings = read_settings_from_source(source)
                return build_table(source.path, name, grid, index, settings, source.kind)
    return None


def _split_on(on: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,，、;；]", on) if n.strip()]


def dedupe_sheet(request: ActionRequest) -> ActionResult:
    """Find duplicate customers; with an output path, mark them in a copy."""
    table = read_for_dedupe(request)
    result = find_groups(table, request)
    output = None
    if request.out is not None:
        from xlcrm.io.dedupe.report import write_dedupe_workbook

        output = request.out
        request.progress("写入 writing…", 0, 1)
        write_dedupe_workbook(table, result.groups, output, password=request.password)
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
    }
    duplicate_rows = sum(len(g.rows) for g in result.groups)
    groups = len(result.groups)
    return ActionResult(
        action="dedupe",
        file=request.path,
        sheet=table.sheet,
        counts={"rows": result.rows, "groups": groups, "duplicate_rows": duplicate_rows},
        output=output,
        payload=payload,
        problems=bool(result.groups),
        language=language,
        summary_zh=(
            f"在“{table.sheet}”的 {result.rows} 条记录中找到 {groups} 组可能重复的客户"
            f"（共 {duplicate_rows} 行）。"
        ),
        summary_en=(
            f"Found {groups} groups of likely duplicate customers ({duplicate_rows} rows)"
            f" among {result.rows} records in '{table.sheet}'."
        ),
    )


def _backup_if_in_place(path: Path, out: Path, table: SheetTable) -> None:
    if out.resolve() == path.resolve():
        from xlcrm.io.backup import make_backup

        make_backup(path, keep=table.settings.backups_keep)


def merge_sheet(request: ActionRequest) -> ActionResult:
    """Merge the groups marked Y in the Duplicates sheet (or all found, with ``auto``)."""
    from xlcrm.io.dedupe.merge import merged_from_payload, read_selection, write_merge_workbook
    from xlcrm.io.sources import open_source

    path = request.path
    table = read_for_dedupe(request, path)
    source = open_source(path, password=request.password)
    if request.options.get("auto"):
        groups = [g.rows for g in find_groups(table, request).groups]
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
            summary_zh="没有标为 Y 的重复组，未合并，也未写入文件。",
            summary_en="No duplicate group is marked Y; nothing was merged or written.",
        )
    output = request.out or default_output_path(path, "merge")
    _backup_if_in_place(path, output, table)
    request.progress("合并 merging…", 0, 1)
    plan = write_merge_workbook(table, source, groups, output, password=request.password)
    away = plan.rows_merged_away
    return ActionResult(
        action="merge",
        file=path,
        sheet=table.sheet,
        counts={"groups": len(plan.records), "rows_merged": away, "cells": len(plan.cells)},
        output=output,
        payload=merged_from_payload(plan),
        language=table.language,
        summary_zh=(
            f"合并了“{table.sheet}”中的 {len(plan.records)} 组重复客户：{away} 行移到“已合并”表，"
            "可用 xlcrm unmerge 撤销。"
        ),
        summary_en=(
            f"Merged {len(plan.records)} duplicate groups in '{table.sheet}': {away} rows moved"
            " to the Merged sheet; xlcrm unmerge undoes it."
        ),
    )


def unmerge_sheet(request: ActionRequest) -> ActionResult:
    """Undo the latest merge recorded in the workbook."""
    from xlcrm.io.dedupe.unmerge import write_unmerge_workbook

    path = request.path
    output = request.out or default_output_path(path, "unmerge")
    if output.resolve() == path.resolve():
        from xlcrm.io.backup import make_backup
        from xlcrm.io.reader import read_settings

        make_backup(path, keep=read_settings(path, password=request.password).backups_keep)
    request.progress("撤销合并 unmerging…", 0, 1)
    result = write_unmerge_workbook(path, output, password=request.password)
    sheet = result.table.sheet
    return ActionResult(
        action="unmerge",
        file=path,
        sheet=sheet,
        counts={
            "batch": result.batch,
            "cells": result.cells,
            "rows_restored": result.rows_restored,
        },
        output=output,
        payload={
            "batch": result.batch,
            "cells": result.cells,
            "rows_restored": result.rows_restored,
        },
        language=result.table.language,
        summary_zh=(
            f"已撤销“{sheet}”的第 {result.batch} 次合并：恢复了 {result.rows_restored} 行、"
            f"{result.cells} 个单元格。"
        ),
        summary_en=(
            f"Undid merge {result.batch} of '{sheet}': {result.rows_restored} rows and"
            f" {result.cells} cells restored."
        ),
    )


register(
    Action(
        name="dedupe",
        zh="查重",
        en="Duplicates",
        group="clean",
        run=dedupe_sheet,
        help_zh="跨字段查找重复客户（繁简、全半角、公司后缀、错字），说明原因，在副本中标出并列出。",
        help_en="Find duplicate customers across fields, say why, and list them in a marked copy.",
        image_mso="RemoveDuplicates",
    )
)
register(
    Action(
        name="merge",
        zh="合并",
        en="Merge",
        group="clean",
        run=merge_sheet,
        help_zh="合并“重复客户”表中标 Y 的重复组；被合并的行移到“已合并”表，可撤销。",
        help_en="Merge the groups marked Y in the Duplicates sheet; merged rows move to Merged.",
        image_mso="MergeCells",
        changes_data=True,
        demo_input="dedupe",
    )
)
register(
    Action(
        name="unmerge",
        zh="撤销合并",
        en="Unmerge",
        group="clean",
        run=unmerge_sheet,
        help_zh="撤销最近一次合并，把数据表恢复到合并前的样子。",
        help_en="Undo the latest merge and restore the data sheet exactly as it was.",
        image_mso="Undo",
        changes_data=True,
        demo_input="merge",
    )
)
