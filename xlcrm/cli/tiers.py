"""``xlcrm tier``: RFM scores, segment, value tier and activity of every customer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from xlcrm.actions.registry import ActionRequest
from xlcrm.actions.tiers import TIER, TierOptions
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, JsonOpt, SheetOpt, copy_to, run


def tier(
    file: FileArg,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    out: Annotated[Path | None, copy_to("Write a copy with the tier columns here.")] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Tier customers: RFM scores, segment, value tier 高/中/低, activity 活跃/一般/沉睡."""
    request = ActionRequest(file, TierOptions(asof=asof), sheet=sheet, out=out)
    run(TIER, request, as_json=as_json, audit_log=audit_log)
