"""``xlcrm check``: check entries; mark a copy; fix what is unambiguous."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.check import CHECK, CheckSheetOptions
from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, JsonOpt, SheetOpt, copy_to, run


def check(
    file: FileArg,
    sheet: SheetOpt = None,
    out: Annotated[Path | None, copy_to("Write a marked-up copy here (.xlsx/.xlsm).")] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Also write the unambiguous fixes into the copy.")
    ] = False,
    as_json: JsonOpt = False,
    dns: Annotated[
        bool, typer.Option("--dns", help="Also check that email domains can receive mail.")
    ] = False,
    asof: AsofOpt = None,
    audit_log: AuditOpt = None,
) -> None:
    """Check entries: phones, emails, dates, amounts, types and required fields.

    Exit status 0 when clean, 1 when problems were found, 2 on error. The original file is
    never changed: --out (or --fix) writes a copy with problem cells marked.
    """
    options = CheckSheetOptions(fix=fix, dns=dns, asof=asof)
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(CHECK, request, as_json=as_json, audit_log=audit_log)
