"""检查 Check: phones, emails, dates, amounts, choices and required fields of every row.

The rules live in :mod:`xlcrm.core.check.table`; the marked-up copy is written by
:mod:`xlcrm.io.check.report`. The result's payload is the ``xlcrm check --json`` shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, AsofOptions, register
from xlcrm.progress import Progress, no_progress, step_label
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.core.check.table import CheckResult
    from xlcrm.io.reader import SheetTable


@dataclass(frozen=True)
class CheckSheetOptions(AsofOptions):
    """``fix``: write the unambiguous fixes into the copy; ``dns``: ask whether email
    domains receive mail; ``asof``: the day that counts as today for dates."""

    fix: bool = False
    dns: bool = False


def check_sheet(request: ActionRequest[CheckSheetOptions]) -> ActionResult:
    """Check phones, emails, dates, amounts, choices and required fields; mark or fix a copy."""
    from xlcrm.io.reader import read_table
    from xlcrm.io.writer import default_output_path

    options = request.options
    table = read_table(request.path, sheet=request.sheet, password=request.password)
    result = run_check(table, asof=options.today, dns=options.dns, progress=request.progress)
    output = None
    if request.out is not None or options.fix:
        from xlcrm.io.check.report import write_check_workbook

        output = request.out or default_output_path(request.path, "check")
        request.progress(step_label(message("progress_writing")), 0, 1)
        write_check_workbook(table, result, output, fix=options.fix, password=request.password)
    fixed = len(result.changes) if options.fix else 0
    counts = {"rows": result.rows, "errors": result.errors, "warnings": result.warnings}
    return ActionResult(
        action="check",
        file=request.path,
        sheet=table.sheet,
        counts=counts | {"changes": fixed},
        output=output,
        payload=check_payload(table, result),
        problems=not result.issues.empty,
        language=table.language,
        summary=check_summary(table, result, fixed),
    )


def run_check(
    table: SheetTable,
    *,
    asof: dt.date,
    dns: bool = False,
    progress: Progress = no_progress,
) -> CheckResult:
    """The issues and fixes of ``table`` under its workbook's Settings, as of ``asof``."""
    from xlcrm.core.check.table import CheckOptions, check_table

    options = CheckOptions.from_settings(
        table.settings, asof=asof, language=table.language, dns=dns
    )
    headers = {c.field: c.header for c in table.columns if c.field is not None}
    return check_table(table.df, table.field_keys, headers, options, progress=progress)


def check_payload(table: SheetTable, result: CheckResult) -> dict[str, Any]:
    """The ``xlcrm check --json`` shape of DESIGN.md."""
    issues = result.issues.astype(object).where(result.issues.notna(), None)
    return {
        "file": str(table.path),
        "sheet": table.sheet,
        "rows": result.rows,
        "issues": issues.to_dict(orient="records"),
    }


def check_summary(table: SheetTable, result: CheckResult, fixed: int) -> Text:
    """One sentence: records checked, errors, warnings, cells fixed, fields missing."""
    numbers = dict(
        sheet=table.sheet, rows=result.rows, errors=result.errors, warnings=result.warnings
    )
    if fixed:
        summary = message("checked_and_fixed", **numbers, fixed=fixed)
    else:
        summary = message("checked", **numbers)
    if result.missing_fields:
        summary += message("checked_without", missing=", ".join(result.missing_fields))
    return summary


CHECK = register(
    Action(
        name="check",
        label=Text("检查", "Check"),
        group="clean",
        run=check_sheet,
        options_type=CheckSheetOptions,
        help=Text(
            "检查电话、邮箱、日期、金额、类型和必填项，在副本中标出问题。",
            "Check phones, emails, dates, amounts, types and required fields; mark a copy.",
        ),
        image_mso="AcceptInvitation",
        demo_options=CheckSheetOptions(fix=True),
    )
)
