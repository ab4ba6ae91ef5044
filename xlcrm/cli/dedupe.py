"""The dedupe commands of the xlcrm command line, added to xlcrm.cli.app.app on import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.app import AuditOpt, FileArg, JsonOpt, SheetOpt, app, run_and_report
from xlcrm.errors import XlcrmError
from xlcrm.io.writer import default_output_path

OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Where to write the copy (default NAME.<command>.xlsx)."),
]


@app.command()
def dedupe(
    file: FileArg,
    sheet: SheetOpt = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Compare these columns (header text or field names, a,b,c)."),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Score from 0 to 1 a pair needs (Settings).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write a copy with groups marked and a Duplicates sheet."),
    ] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Find duplicate customers across fields and say why (exit 1 when some are found).

    Without --json the marked copy is written to --out, by default NAME.dedupe.xlsx; mark
    Y/N in its Duplicates sheet, then run xlcrm merge on it.
    """
    if threshold is not None and not 0 <= threshold <= 1:
        raise XlcrmError(
            f"--threshold 应在 0 到 1 之间，而不是 {threshold}。"
            f" --threshold must be between 0 and 1, not {threshold}."
        )
    if out is None and not as_json:
        out = default_output_path(file, "dedupe")
    options = {"on": on, "threshold": threshold}
    request = ActionRequest(file, sheet=sheet, out=out, options=options)
    result = run_and_report("dedupe", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
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

    Merged-away rows move to the Merged sheet; xlcrm unmerge undoes the merge. --out FILE
    (the input itself) merges in place after a backup in .xlcrm/backups.
    """
    request = ActionRequest(file, sheet=sheet, out=out, options={"auto": auto})
    result = run_and_report("merge", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def unmerge(
    file: FileArg,
    out: OutOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Undo the latest merge of FILE: the data sheet comes back exactly as it was."""
    request = ActionRequest(file, out=out)
    result = run_and_report("unmerge", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)
