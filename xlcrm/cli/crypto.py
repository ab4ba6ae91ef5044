"""The security commands of the xlcrm command line, added to xlcrm.cli.app.app on import.

Secrets never come from the command line (it ends up in shell history and process
lists): the column passphrase comes from XLCRM_PASSPHRASE or a hidden prompt (asked
twice when encrypting), a file password from XLCRM_PASSWORD or a hidden prompt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.app import (
    REPEAT_PROMPT,
    AuditOpt,
    FileArg,
    JsonOpt,
    SheetOpt,
    app,
    password_from_env_or_prompt,
    run_and_report,
)
from xlcrm.errors import XlcrmError

ColumnsOpt = Annotated[
    str,
    typer.Option(
        "--columns", help="Columns by field name or header text, e.g. phone,email or 手机,邮箱."
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Where to write the copy (the input itself: in place, after a backup)."
    ),
]


def passphrase_from_env_or_prompt(*, confirm: bool) -> str:
    """XLCRM_PASSPHRASE, or a hidden prompt (typed twice when ``confirm``)."""
    passphrase = os.environ.get("XLCRM_PASSPHRASE")
    if passphrase is None and sys.stdin.isatty():
        passphrase = typer.prompt(
            "口令 / passphrase",
            hide_input=True,
            err=True,
            confirmation_prompt=REPEAT_PROMPT if confirm else False,
        )
    if not passphrase:
        raise XlcrmError(
            "需要口令：设置环境变量 XLCRM_PASSPHRASE，或在终端中按提示输入。"
            " A passphrase is needed: set XLCRM_PASSPHRASE or type it at the prompt."
        )
    return passphrase


@app.command()
def encrypt(
    file: FileArg,
    columns: ColumnsOpt,
    sheet: SheetOpt = None,
    out: OutOpt = None,
    mask: Annotated[
        bool, typer.Option("--mask", help="Also add a masked view (138****8000) as a new sheet.")
    ] = False,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Encrypt columns (AES-256-GCM, key from a passphrase) into a copy: xlcrm:v1:... tokens."""
    options = {
        "columns": columns,
        "mask": mask,
        "passphrase": passphrase_from_env_or_prompt(confirm=True),
    }
    request = ActionRequest(file, sheet=sheet, out=out, options=options)
    result = run_and_report("encrypt", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def decrypt(
    file: FileArg,
    columns: ColumnsOpt,
    sheet: SheetOpt = None,
    out: OutOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Decrypt columns encrypted by `xlcrm encrypt` into a copy, values and types restored."""
    options = {"columns": columns, "passphrase": passphrase_from_env_or_prompt(confirm=False)}
    request = ActionRequest(file, sheet=sheet, out=out, options=options)
    result = run_and_report("decrypt", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def protect(
    file: FileArg,
    out: OutOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Write a copy that opens only with a password (Excel's own file encryption)."""
    password = password_from_env_or_prompt(file, confirm=True)
    request = ActionRequest(file, out=out, options={"new_password": password})
    result = run_and_report("protect", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def unprotect(
    file: FileArg,
    out: OutOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Write a copy of a password-protected workbook without its password."""
    request = ActionRequest(file, out=out)
    result = run_and_report("unprotect", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)
