"""``xlcrm summary``: a copy whose summaries follow the data, or the numbers as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.registry import ActionRequest
from xlcrm.actions.summary import SUMMARY, SummaryOptions
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, JsonOpt, SheetOpt, copy_to, run


def summary(
    file: FileArg,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    out: Annotated[
        Path | None, copy_to("Where to write the copy (default NAME.summary.xlsx).")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="F",
            help="Take the monthly snapshot of F too (last month's summary or diff).",
        ),
    ] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Summary (汇总): live formulas, PivotTables and trends by region, tier, owner, segment."""
    options = SummaryOptions(asof=asof, workbook=not as_json or out is not None, history=history)
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(SUMMARY, request, as_json=as_json, audit_log=audit_log)
