"""``xlcrm audit show`` and ``xlcrm audit verify``: read and check the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from xlcrm.audit import log as audit
from xlcrm.cli.options import JsonOpt, print_json, say, stdout
from xlcrm.text import message

LogArg = Annotated[Path | None, typer.Argument(metavar="PATH", help="The log file or its folder.")]


def show(path: LogArg = None, as_json: JsonOpt = False) -> None:
    """List the audit log's entries."""
    log = audit.resolve_log_path(path)
    entries = audit.read_entries(log)
    if as_json:
        print_json(entries)
        return
    table = Table(*audit.show_columns("zh"), title=str(log))
    for row in audit.format_entries(entries):
        table.add_row(*row)
    stdout.print(table)


def verify(path: LogArg = None, as_json: JsonOpt = False) -> None:
    """Check that no audit entry was edited, removed, reordered or cut off (exit 1 if one was).

    Besides the hash chain, the log must still hold the entries its anchors name: this
    computer's record of the log's last entry, and the xlcrm_audit property of the
    workbooks beside it that xlcrm changed in place.
    """
    from xlcrm.actions.audit import verify_log

    check = verify_log(path)
    log, result, unfinished = check.log, check.result, list(check.unfinished)
    if as_json:
        print_json(
            {
                "log": str(log),
                "ok": result.ok,
                "entries": result.entries,
                "first_bad_line": result.first_bad_line,
                "kind": None if result.kind is None else result.kind.value,
                "reason": result.reason,
                "anchors": list(result.anchors),
                "unfinished": unfinished,
                "last_hash": result.last_hash,
            }
        )
    elif result.ok:
        say(message("audit_intact", entries=result.entries))
        if result.anchors:
            say(message("audit_anchors_held", places=", ".join(result.anchors)))
        if unfinished:
            say(message("audit_unfinished", seqs=", ".join(map(str, unfinished))))
    else:
        say(message("audit_tampered"), f": {result.reason}", separator=" / ")
    raise typer.Exit(0 if result.ok else 1)
