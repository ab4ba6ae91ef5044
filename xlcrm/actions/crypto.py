"""The security actions: encrypt/decrypt columns, protect/unprotect a workbook with a password.

Options (``ActionRequest.options``): ``columns`` ("phone,email" or a list), ``passphrase``
(column encryption), ``mask`` (add a masked view), ``new_password`` (protect). The file
password of an encrypted input is ``ActionRequest.password``. Counts and payloads hold
numbers, column headers and cell addresses only: no cell values and no secrets, since
they go to the audit log and to --json.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.errors import XlcrmError
from xlcrm.io.writer import check_output_path, default_output_path

# ``xlcrm demo`` runs every action on a generated sample; these secrets exist only there.
_DEMO_SECRET = "xlcrm-demo"


def _output(request: ActionRequest, action: str) -> Path:
    """--out, else NAME.<action>.xlsx; the input itself only when --out names it."""
    dst = request.out or default_output_path(request.path, action)
    in_place = dst.resolve() == request.path.resolve()
    return check_output_path(dst, None if in_place else request.path)


def _columns(request: ActionRequest) -> Sequence[str]:
    """The columns asked for; none (a ribbon button) means the sheet's personal columns."""
    from xlcrm.io.crypto.columns import split_names

    value = request.options.get("columns")
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, Sequence):
        return [str(v) for v in value]
    return []


def _passphrase(request: ActionRequest) -> str:
    value = request.options.get("passphrase")
    if not isinstance(value, str) or not value:
        raise XlcrmError(
            "需要口令：设置环境变量 XLCRM_PASSPHRASE，或在终端中按提示输入。"
            " A passphrase is needed: set XLCRM_PASSPHRASE or type it at the prompt."
        )
    return value


def encrypt_action(request: ActionRequest) -> ActionResult:
    """Encrypt the named columns into a copy (tokens already there are left alone)."""
    from xlcrm.io.crypto.columns import encrypt_columns

    run = encrypt_columns(
        request.path, _columns(request), _passphrase(request), dst=_output(request, "encrypt"),
        sheet=request.sheet, mask=bool(request.options.get("mask")), password=request.password,
        progress=request.progress,
    )  # fmt: skip
    headers = "、".join(c.header for c in run.columns)
    zh = f"已加密“{run.sheet}”中 {headers} 列的 {run.changed} 个单元格"
    en = f"Encrypted {run.changed} cells of {', '.join(c.header for c in run.columns)} in '{run.sheet}'"
    if run.left and not run.changed:
        zh = f"“{run.sheet}”中 {headers} 列已全部加密（{run.left} 个单元格），未做改动"
        en = f"The columns {', '.join(c.header for c in run.columns)} in '{run.sheet}' were already encrypted ({run.left} cells); nothing changed"
    elif run.left:
        zh += f"；{run.left} 个单元格原已加密，保持不变"
        en += f"; {run.left} cells were already encrypted and were left as they were"
    zh, en = zh + "。", en + "."
    if run.by_row:
        zh += f" {run.by_row} 个单元格按行号绑定（该行没有客户编号），解密前请勿排序。"
        en += f" {run.by_row} cells are bound to their row number (no customer id): do not sort before decrypting."
    if run.still_elsewhere:
        zh += f" 注意：有 {run.still_elsewhere} 个值在其他列或工作表中仍以明文出现。"
        en += f" Note: {run.still_elsewhere} of the values still appear in clear in other columns or sheets."
    if run.masked_sheet:
        zh += f" 脱敏视图见“{run.masked_sheet}”。"
        en += f" A masked view is in '{run.masked_sheet}'."
    counts = {"rows": run.rows, "columns": len(run.columns), "cells_encrypted": run.changed,
              "cells_already_encrypted": run.left, "bound_to_row": run.by_row,
              "still_in_clear_elsewhere": run.still_elsewhere}  # fmt: skip
    return _result("encrypt", request, run, counts, zh, en, problems=run.still_elsewhere > 0)


def decrypt_action(request: ActionRequest) -> ActionResult:
    """Decrypt the named columns into a copy; every value comes back with its type."""
    from xlcrm.io.crypto.columns import decrypt_columns

    run = decrypt_columns(
        request.path, _columns(request), _passphrase(request), dst=_output(request, "decrypt"),
        sheet=request.sheet, password=request.password, progress=request.progress,
    )  # fmt: skip
    if run.output is None:
        zh = f"“{run.sheet}”的这些列中没有密文，未写入文件。"
        en = f"The columns hold no encrypted cells in '{run.sheet}'; nothing was written."
    else:
        zh = f"已解密“{run.sheet}”中的 {run.changed} 个单元格。"
        en = f"Decrypted {run.changed} cells in '{run.sheet}'."
    counts = {"rows": run.rows, "columns": len(run.columns), "cells_decrypted": run.changed,
              "cells_not_encrypted": run.left}  # fmt: skip
    return _result("decrypt", request, run, counts, zh, en, problems=False)


def _result(
    action: str, request: ActionRequest, run: Any, counts: dict[str, int], zh: str, en: str,
    *, problems: bool,
) -> ActionResult:  # fmt: skip
    done = "encrypted" if action == "encrypt" else "decrypted"
    payload = {
        "file": str(request.path),
        "sheet": run.sheet,
        "rows": run.rows,
        "output": str(run.output) if run.output else None,
        "columns": [
            {
                "column": c.letter,
                "header": c.header,
                "field": c.field,
                done: c.changed,
                "unchanged": c.left,
            }
            for c in run.columns
        ],
        **{key: value for key, value in counts.items() if key not in ("rows", "columns")},
        "masked_sheet": run.masked_sheet,
    }
    return ActionResult(
        action=action, file=request.path, sheet=run.sheet, counts=counts, output=run.output,
        payload=payload, problems=problems, language=run.language, summary_zh=zh, summary_en=en,
    )  # fmt: skip


def protect_action(request: ActionRequest) -> ActionResult:
    """A copy of the workbook that opens only with the password (and a locked Settings sheet)."""
    from xlcrm.io.crypto.protect import protect_workbook

    password = request.options.get("new_password")
    if not isinstance(password, str) or not password:
        raise XlcrmError(
            "需要密码：设置环境变量 XLCRM_PASSWORD，或在终端中按提示输入。"
            " A password is needed: set XLCRM_PASSWORD or type it at the prompt."
        )
    dst = _output(request, "protect")
    run = protect_workbook(request.path, dst, password, keep=_backups_keep(request))
    if run.already:
        zh = f"“{request.path.name}”已设置打开密码，未做改动（要换密码请先去密码）。"
        en = f"{request.path.name} already has a password; nothing was changed (unprotect it first to change it)."
    else:
        zh = "已写入设置打开密码的副本" + (
            f"，并保护了“{run.settings_sheet}”工作表。" if run.settings_sheet else "。"
        )
        en = "Wrote a copy that opens only with the password" + (
            f", with the sheet '{run.settings_sheet}' protected." if run.settings_sheet else "."
        )
    return _file_result("protect", request, run, zh, en)


def _backups_keep(request: ActionRequest) -> int:
    """The workbook's Settings value for backups kept (the default when it cannot be read)."""
    from xlcrm.io.reader import read_settings

    try:
        return read_settings(request.path, password=request.password).backups_keep
    except XlcrmError:
        return 10


def unprotect_action(request: ActionRequest) -> ActionResult:
    """A copy of a password-protected workbook without the password."""
    from xlcrm.io.crypto.protect import unprotect_workbook

    dst = _output(request, "unprotect")
    run = unprotect_workbook(request.path, dst, request.password, keep=_backups_keep(request))
    if run.already:
        zh = f"“{request.path.name}”没有打开密码，未做改动。"
        en = f"{request.path.name} has no password; nothing was changed."
    else:
        zh, en = "已写入去掉密码的副本。", "Wrote a copy without the password."
    return _file_result("unprotect", request, run, zh, en)


def _file_result(action: str, request: ActionRequest, run: Any, zh: str, en: str) -> ActionResult:
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
        summary_zh=zh, summary_en=en, language="zh",
    )  # fmt: skip


_ACTIONS = (
    ("encrypt", "加密", "Encrypt", encrypt_action, "Lock",
     "用口令加密所选列（如手机、邮箱），写入副本；可附脱敏视图。",
     "Encrypt the chosen columns (e.g. phone, email) with a passphrase into a copy.",
     (("columns", "phone,email"), ("passphrase", _DEMO_SECRET), ("mask", True))),
    ("decrypt", "解密", "Decrypt", decrypt_action, "DatabaseEncodeDecode",
     "用口令解密所选列，恢复原值和类型，写入副本。",
     "Decrypt the chosen columns with the passphrase into a copy, values and types restored.",
     (("columns", "phone,email"), ("passphrase", _DEMO_SECRET))),
    ("protect", "加密码", "Protect", protect_action, "ReviewProtectWorkbook",
     "给整个工作簿设置打开密码（Excel 可直接用密码打开），并保护设置表。",
     "Give the whole workbook an opening password Excel understands; lock the Settings sheet.",
     (("new_password", _DEMO_SECRET),)),
    ("unprotect", "去密码", "Unprotect", unprotect_action, "AdpPrimaryKey",
     "去掉工作簿的打开密码，写入副本。",
     "Remove the workbook's opening password into a copy.",
     (("password", _DEMO_SECRET),)),
)  # fmt: skip
# The demo decrypts what it encrypted and unprotects what it protected.
_DEMO_INPUTS = {"decrypt": "encrypt", "unprotect": "protect"}

for _name, _zh, _en, _run, _icon, _help_zh, _help_en, _demo in _ACTIONS:
    register(
        Action(
            name=_name,
            zh=_zh,
            en=_en,
            group="secure",
            run=_run,
            help_zh=_help_zh,
            help_en=_help_en,
            image_mso=_icon,
            changes_data=False,
            demo_options=_demo,
            demo_input=_DEMO_INPUTS.get(_name),
        )
    )
