"""``xlcrm diff OLD NEW``: two months of the customer list compared, as a workbook or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.diff import DIFF, DiffOptions
from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.options import AsofOpt, AuditOpt, JsonOpt, SheetOpt, copy_to, date_option, run


def diff(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="Last month's workbook (or the master).")
    ],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="This month's workbook (or a collected copy).")
    ],
    key: Annotated[
        str | None,
        typer.Option("--key", metavar="COLUMN", help="The column that identifies a customer."),
    ] = None,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    asof_old: Annotated[
        dt.date | None,
        date_option("--asof-old", "Last month's day (default: its snapshot or its latest date)."),
    ] = None,
    out: Annotated[Path | None, copy_to("Where to write the diff (default NEW.diff.xlsx).")] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Compare two months: new, gone, changed customers; tier moves; totals then and now."""
    options = DiffOptions(
        asof=asof, old=old, key=key, asof_old=asof_old, workbook=not as_json or out is not None
    )
    request = ActionRequest(new, options, sheet=sheet, out=out)
    run(DIFF, request, as_json=as_json, audit_log=audit_log)
