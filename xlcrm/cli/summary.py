"""``xlcrm summary``: a copy with a 汇总/Summary sheet of formulas and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from xlcrm.actions.registry import ActionRequest
from xlcrm.actions.summary import SUMMARY
from xlcrm.actions.tiers import TierOptions
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, SheetOpt, copy_to, run


def summary(
    file: FileArg,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    out: Annotated[
        Path | None, copy_to("Where to write the copy (default NAME.summary.xlsx).")
    ] = None,
    audit_log: AuditOpt = None,
) -> None:
    """Summary sheet (汇总): customers and amounts by region, tier, owner, type, segment."""
    request = ActionRequest(file, TierOptions(asof=asof), sheet=sheet, out=out)
    run(SUMMARY, request, as_json=False, audit_log=audit_log)
