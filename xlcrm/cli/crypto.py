"""``xlcrm encrypt``, ``decrypt``, ``protect`` and ``unprotect``.

Secrets never come from the command line: the column passphrase comes from
XLCRM_PASSPHRASE or a hidden prompt (asked twice when encrypting), a file password from
XLCRM_PASSWORD or a hidden prompt (see :mod:`xlcrm.cli.options`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.crypto import (
    DECRYPT,
    ENCRYPT,
    PROTECT,
    UNPROTECT,
    DecryptOptions,
    EncryptOptions,
    ProtectOptions,
)
from xlcrm.actions.registry import ActionRequest, Options
from xlcrm.cli.options import (
    AuditOpt,
    FileArg,
    JsonOpt,
    SheetOpt,
    copy_to,
    passphrase_from_env_or_prompt,
    password_from_env_or_prompt,
    run,
)

ColumnsOpt = Annotated[
    str,
    typer.Option(
        "--columns",
        metavar="COLS",
        help="Columns by field name or header text, e.g. phone,email or 手机,邮箱.",
    ),
]
CopyOpt = Annotated[
    Path | None, copy_to("Where to write the copy (the input itself: in place, after a backup).")
]


def encrypt(
    file: FileArg,
    columns: ColumnsOpt,
    sheet: SheetOpt = None,
    out: CopyOpt = None,
    mask: Annotated[
        bool, typer.Option("--mask", help="Also add a masked view (138****8000) as a new sheet.")
    ] = False,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Encrypt columns (AES-256-GCM, key from a passphrase) into a copy: xlcrm:v1:... tokens."""
    passphrase = passphrase_from_env_or_prompt(confirm=True)
    options = EncryptOptions(columns=columns, passphrase=passphrase, mask=mask)
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(ENCRYPT, request, as_json=as_json, audit_log=audit_log)


def decrypt(
    file: FileArg,
    columns: ColumnsOpt,
    sheet: SheetOpt = None,
    out: CopyOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Decrypt columns encrypted by `xlcrm encrypt` into a copy, values and types restored."""
    passphrase = passphrase_from_env_or_prompt(confirm=False)
    options = DecryptOptions(columns=columns, passphrase=passphrase)
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(DECRYPT, request, as_json=as_json, audit_log=audit_log)


def protect(
    file: FileArg,
    out: CopyOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Write a copy that opens only with a password (Excel's own file encryption)."""
    password = password_from_env_or_prompt(file, confirm=True) or ""
    request = ActionRequest(file, ProtectOptions(new_password=password), out=out)
    run(PROTECT, request, as_json=as_json, audit_log=audit_log)


def unprotect(
    file: FileArg,
    out: CopyOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Write a copy of a password-protected workbook without its password."""
    run(UNPROTECT, ActionRequest(file, Options(), out=out), as_json=as_json, audit_log=audit_log)
