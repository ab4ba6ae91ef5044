"""``xlcrm retention``: archive, anonymise or destroy records under retention rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.registry import ActionRequest
from xlcrm.actions.retention import RETENTION, RetentionOptions
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, JsonOpt, SheetOpt, copy_to, run
from xlcrm.errors import SettingsError


def retention(
    file: FileArg,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            metavar="R",
            help="Rules: a TOML file, or 'settings' for the workbook's Settings table (default).",
        ),
    ] = None,
    sheet: SheetOpt = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Carry the plan out (default: a dry run).")
    ] = False,
    out: Annotated[
        Path | None, copy_to("With --apply: where the result goes (default NAME.retention.xlsx).")
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="With --apply: replace FILE itself (after a backup)."),
    ] = False,
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive",
            metavar="F",
            help="Archive workbook (default NAME.archive.xlsx, password from XLCRM_PASSWORD).",
        ),
    ] = None,
    witness: Annotated[
        str,
        typer.Option(
            "--witness", metavar="NAME", help="Witness (监销人) named in the destruction record."
        ),
    ] = "",
    approver: Annotated[
        str,
        typer.Option(
            "--approver", metavar="NAME", help="Approver (批准人) named in the destruction record."
        ),
    ] = "",
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="F",
            help="Without --apply: save the plan to F. With --apply: apply exactly the plan"
            " saved in F (its rules and date), or nothing if a planned record changed.",
        ),
    ] = None,
    asof: AsofOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Retention (保留期): archive, anonymise or destroy records under retention rules.

    Without --apply it is a dry run that lists what each rule would do and changes
    nothing (exit 1 when records are due, 0 when none); --plan F saves that plan. With
    --apply: a backup first, then the result goes to a new file, or over FILE with
    --in-place; destroyed records are also removed from xlcrm's backups, archive and the
    files it wrote from FILE, and logged in .xlcrm/destruction_log.jsonl. --apply --plan F
    applies exactly the saved plan, or nothing when a planned record is not found as planned.
    """
    if (out is not None or in_place) and not apply:
        raise SettingsError("retention_out_needs_apply")
    if out is not None and in_place:
        raise SettingsError("retention_out_or_in_place")
    if plan is not None and apply and (rules is not None or asof is not None):
        raise SettingsError("retention_plan_fixes_rules")
    options = RetentionOptions(
        rules=rules, apply=apply, in_place=in_place, archive=archive,
        witness=witness, approver=approver, asof=asof, plan=plan,
    )  # fmt: skip
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(RETENTION, request, as_json=as_json, audit_log=audit_log)
