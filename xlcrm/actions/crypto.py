"""The security actions: encrypt/decrypt columns, protect/unprotect a workbook with a password.

Secrets travel in the options (``EncryptOptions.passphrase``, ``ProtectOptions.new_password``)
and never in their repr; the file password of an encrypted input is
``ActionRequest.password``. Counts and payloads hold numbers, column headers and cell
addresses only: no cell values and no secrets, since they go to the audit log and --json.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlcrm.actions.registry import (
    Action,
    ActionRequest,
    ActionResult,
    Options,
    register,
    setting_default,
)
from xlcrm.errors import XlcrmError
from xlcrm.text import Text, message

# ``xlcrm demo`` runs every action on a generated sample; these secrets exist only there.
_DEMO_SECRET = "xlcrm-demo"

Columns = str | Sequence[str]  # "phone,email" as typed after --columns, or a list of names


@dataclass(frozen=True)
class DecryptOptions(Options):
    """``columns``: by field name or header text (none: the sheet's personal columns);
    ``passphrase``: the one the columns were encrypted with."""

    columns: Columns = ()
    passphrase: str = field(default="", repr=False)


@dataclass(frozen=True)
class EncryptOptions(DecryptOptions):
    """As :class:`DecryptOptions`; ``mask`` also adds a masked view as a new sheet."""

    mask: bool = False


@dataclass(frozen=True)
class ProtectOptions(Options):
    """``new_password``: the password the copy will open with."""

    new_password: str = field(default="", repr=False)


def encrypt_action(request: ActionRequest[EncryptOptions]) -> ActionResult:
    """Encrypt the named columns into a copy (tokens already there are left alone)."""
    from xlcrm.io.crypto.columns import encrypt_columns

    options = request.options
    run = encrypt_columns(
        request.path, _columns(options), _passphrase(options), dst=_output(request, "encrypt"),
        sheet=request.sheet, mask=options.mask, password=request.password,
        progress=request.progress,
    )  # fmt: skip
    counts = {"rows": run.rows, "columns": len(run.columns), "cells_encrypted": run.changed,
              "cells_already_encrypted": run.left, "bound_to_row": run.by_row,
              "still_in_clear_elsewhere": run.still_elsewhere}  # fmt: skip
    result = _column_result("encrypt", request, run, counts, _encrypt_summary(run))
    result.problems = run.still_elsewhere > 0  # exit 1: the values are still readable elsewhere
    return result


def _encrypt_summary(run: Any) -> Text:
    headers = Text.join([Text.same(c.header) for c in run.columns])
    where = {"sheet": run.sheet, "headers": headers}
    if run.left and not run.changed:
        parts = [message("encrypted_already", **where, left=run.left)]
    elif run.left:
        parts = [message("encrypted_some", **where, changed=run.changed, left=run.left)]
    else:
        parts = [message("encrypted", **where, changed=run.changed)]
    if run.by_row:
        parts.append(message("encrypted_by_row", cells=run.by_row))
    if run.still_elsewhere:
        parts.append(message("encrypted_still_in_clear", values=run.still_elsewhere))
    if run.masked_sheet:
        parts.append(message("masked_view", sheet=run.masked_sheet))
    return Text.join(parts, zh=" ", en=" ")


def decrypt_action(request: ActionRequest[DecryptOptions]) -> ActionResult:
    """Decrypt the named columns into a copy; every value comes back with its type."""
    from xlcrm.io.crypto.columns import decrypt_columns

    options = request.options
    run = decrypt_columns(
        request.path, _columns(options), _passphrase(options), dst=_output(request, "decrypt"),
        sheet=request.sheet, password=request.password, progress=request.progress,
    )  # fmt: skip
    if run.output is None:
        summary = message("decrypted_nothing", sheet=run.sheet)
    else:
        summary = message("decrypted", sheet=run.sheet, changed=run.changed)
    counts = {"rows": run.rows, "columns": len(run.columns), "cells_decrypted": run.changed,
              "cells_not_encrypted": run.left}  # fmt: skip
    return _column_result("decrypt", request, run, counts, summary)


def _output(request: ActionRequest[Any], action: str) -> Path:
    """--out, else NAME.<action>.xlsx; the input itself only when --out names it."""
    from xlcrm.io.writer import check_output_path, default_output_path

    dst = request.out or default_output_path(request.path, action)
    in_place = dst.resolve() == request.path.resolve()
    return check_output_path(dst, None if in_place else request.path)


def _columns(options: DecryptOptions) -> Sequence[str]:
    """The columns asked for; none (a ribbon button) means the sheet's personal columns."""
    from xlcrm.io.crypto.columns import split_names

    if isinstance(options.columns, str):
        return split_names(options.columns)
    return [str(v) for v in options.columns]


def _passphrase(options: DecryptOptions) -> str:
    if not options.passphrase:
        raise XlcrmError("passphrase_needed")
    return options.passphrase


def _column_result(
    action: str, request: ActionRequest[Any], run: Any, counts: dict[str, int], summary: Text
) -> ActionResult:
    done = "encrypted" if action == "encrypt" else "decrypted"
    columns = [
        {"column": c.letter, "header": c.header, "field": c.field, done: c.changed,
         "unchanged": c.left}
        for c in run.columns
    ]  # fmt: skip
    payload = {
        "file": str(request.path),
        "sheet": run.sheet,
        "rows": run.rows,
        "output": str(run.output) if run.output else None,
        "columns": columns,
        **{key: value for key, value in counts.items() if key not in ("rows", "columns")},
        "masked_sheet": run.masked_sheet,
    }
    return ActionResult(
        action=action, file=request.path, sheet=run.sheet, counts=counts, output=run.output,
        payload=payload, language=run.language, summary=summary,
    )  # fmt: skip


def protect_action(request: ActionRequest[ProtectOptions]) -> ActionResult:
    """A copy of the workbook that opens only with the password (and a locked Settings sheet)."""
    from xlcrm.io.crypto.protect import protect_workbook

    password = request.options.new_password
    if not password:
        raise XlcrmError("password_needed")
    dst = _output(request, "protect")
    run = protect_workbook(request.path, dst, password, keep=_backups_keep(request))
    if run.already:
        summary = message("protect_already", name=request.path.name)
    elif run.settings_sheet:
        summary = message("protected_with_sheet", sheet=run.settings_sheet)
    else:
        summary = message("protected")
    return _file_result("protect", request, run, summary)


def unprotect_action(request: ActionRequest[Options]) -> ActionResult:
    """A copy of a password-protected workbook without the password."""
    from xlcrm.io.crypto.protect import unprotect_workbook

    dst = _output(request, "unprotect")
    run = unprotect_workbook(request.path, dst, request.password, keep=_backups_keep(request))
    if run.already:
        summary = message("unprotect_already", name=request.path.name)
    else:
        summary = message("unprotected")
    return _file_result("unprotect", request, run, summary)


def _backups_keep(request: ActionRequest[Any]) -> int:
    """The workbook's Settings value for backups kept (the default when it cannot be read)."""
    from xlcrm.io.reader import read_settings

    try:
        return read_settings(request.path, password=request.password).backups_keep
    except XlcrmError:
        return int(setting_default("backups_keep"))


def _file_result(action: str, request: ActionRequest[Any], run: Any, summary: Text) -> ActionResult:
    payload = {
        "file": str(request.path),
        "output": str(run.output) if run.output else None,
        "changed": run.output is not None,
        "settings_sheet": run.settings_sheet,
    }
    counts = {
        "written": int(run.output is not None),
        "sheets_protected": int(bool(run.settings_sheet)),
    }
    return ActionResult(
        action=action, file=request.path, counts=counts, output=run.output, payload=payload,
        summary=summary, language="zh",
    )  # fmt: skip


ENCRYPT = register(
    Action(
        name="encrypt", label=Text("加密", "Encrypt"), group="secure", run=encrypt_action,
        options_type=EncryptOptions, image_mso="Lock",
        help=Text(
            "用口令加密所选列（如手机、邮箱），写入副本；可附脱敏视图。",
            "Encrypt the chosen columns (e.g. phone, email) with a passphrase into a copy.",
        ),
        demo_options=EncryptOptions(columns="phone,email", passphrase=_DEMO_SECRET, mask=True),
    )
)  # fmt: skip
DECRYPT = register(
    Action(
        name="decrypt", label=Text("解密", "Decrypt"), group="secure", run=decrypt_action,
        options_type=DecryptOptions, image_mso="DatabaseEncodeDecode",
        help=Text(
            "用口令解密所选列，恢复原值和类型，写入副本。",
            "Decrypt the chosen columns with the passphrase into a copy, values and types restored.",
        ),
        demo_options=DecryptOptions(columns="phone,email", passphrase=_DEMO_SECRET),
        demo_input="encrypt",  # the demo decrypts what it encrypted
    )
)  # fmt: skip
PROTECT = register(
    Action(
        name="protect", label=Text("加密码", "Protect"), group="secure", run=protect_action,
        options_type=ProtectOptions, image_mso="ReviewProtectWorkbook",
        help=Text(
            "给整个工作簿设置打开密码（Excel 可直接用密码打开），并保护设置表。",
            "Give the whole workbook an opening password Excel understands; lock the Settings sheet.",
        ),
        demo_options=ProtectOptions(new_password=_DEMO_SECRET),
    )
)  # fmt: skip
UNPROTECT = register(
    Action(
        name="unprotect", label=Text("去密码", "Unprotect"), group="secure", run=unprotect_action,
        options_type=Options, image_mso="AdpPrimaryKey",
        help=Text(
            "去掉工作簿的打开密码，写入副本。", "Remove the workbook's opening password into a copy."
        ),
        demo_input="protect",  # and unprotects what it protected
        demo_password=_DEMO_SECRET,
    )
)  # fmt: skip
