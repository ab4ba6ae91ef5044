"""``xlcrm dedupe``, ``merge`` and ``unmerge``: find duplicate customers, merge, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.dedupe import DEDUPE, MERGE, UNMERGE, DedupeOptions, MergeOptions
from xlcrm.actions.registry import ActionRequest, Options, output_beside
from xlcrm.cli.options import AuditOpt, FileArg, JsonOpt, OutOpt, SheetOpt, copy_to, run


def dedupe(
    file: FileArg,
    sheet: SheetOpt = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="COLS",
            help="Compare these columns (header text or field names, a,b,c).",
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", metavar="T", help="Score from 0 to 1 a pair needs (Settings)."),
    ] = None,
    out: Annotated[
        Path | None, copy_to("Write a copy with groups marked and a Duplicates sheet.")
    ] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Find duplicate customers across fields and say why (exit 1 when some are found).

    Without --json the marked copy is written to --out, by default NAME.dedupe.xlsx; mark
    Y/N in its Duplicates sheet, then run xlcrm merge on it.
    """
    options = DedupeOptions(on=on, threshold=threshold)
    if out is None and not as_json:
        out = output_beside(file, "dedupe")
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(DEDUPE, request, as_json=as_json, audit_log=audit_log)


def merge(
    file: FileArg,
    sheet: SheetOpt = None,
    out: OutOpt = None,
    auto: Annotated[
        bool,
        typer.Option("--auto", help="Merge every group found above the threshold, no Y/N sheet."),
    ] = False,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Merge the duplicate groups marked Y in the Duplicates sheet of FILE (xlcrm dedupe --out).

    Merged-away rows are removed (the rows below move up; tables, validations, formulas and
    names follow) and kept in the Merged sheet; xlcrm unmerge undoes the merge. --out FILE
    (the input itself) merges in place after a backup in .xlcrm/backups.
    """
    request = ActionRequest(file, MergeOptions(auto=auto), sheet=sheet, out=out)
    run(MERGE, request, as_json=as_json, audit_log=audit_log)


def unmerge(
    file: FileArg,
    out: OutOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Undo the latest merge of FILE: the data sheet comes back exactly as it was."""
    run(UNMERGE, ActionRequest(file, Options(), out=out), as_json=as_json, audit_log=audit_log)
