"""``xlcrm inspect``: what xlcrm understood of a sheet."""

from __future__ import annotations

import typer
from rich.table import Table

from xlcrm.actions.inspect import INSPECT
from xlcrm.actions.registry import ActionRequest, Options
from xlcrm.cli.options import AuditOpt, FileArg, JsonOpt, SheetOpt, run_and_report, stderr
from xlcrm.text import Text

HEADINGS = (Text("列", "Column"), Text("表头", "Header"), Text("字段", "Field"))


def inspect(
    file: FileArg,
    sheet: SheetOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Show what xlcrm understood of a sheet: header row, columns and fields."""
    request = ActionRequest(file, Options(), sheet=sheet)
    result = run_and_report(INSPECT, request, as_json=as_json, audit_log=audit_log)
    if not as_json:
        table = Table(*(heading.both() for heading in HEADINGS))
        for column in result.payload["columns"]:
            table.add_row(column["column"], column["header"], column["field"] or "—")
        stderr.print(table)
    raise typer.Exit(result.exit_code)
