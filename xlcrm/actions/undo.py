"""撤销 Undo as an action: put back the workbook as it was before the last in-place change.

On a file (``xlcrm`` command line, demo) undo restores the newest backup that
:func:`xlcrm.io.backup.make_backup` took before the change, once it is checked
(:func:`xlcrm.io.backup.restore_backup`: it opens, and it is what xlcrm wrote). The workbook as it is now is
kept first, as ``STEM.undone-STAMP.EXT`` in the same backup folder (a name backups never
use, so a second undo goes one step further back instead of undoing the undo). In Excel
the ribbon button undoes the live change instead (see :mod:`xlcrm.excel.undo_sheet`).
"""

from __future__ import annotations

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, register
from xlcrm.text import Text, message


def undo_file(request: ActionRequest[Options]) -> ActionResult:
    """Restore the newest backup of ``request.path`` over it, keeping the current file aside.

    The backup must open and be the bytes xlcrm recorded writing; the workbook must be the
    one this run found (no colleague saved it meanwhile). Otherwise nothing is undone.
    """
    from xlcrm.io.backup import latest_backup, restore_backup

    path = request.path
    backup = latest_backup(path)
    if backup is None:  # nothing to do is not an error (``xlcrm demo`` runs every action)
        return ActionResult(
            action="undo",
            file=path,
            counts={"restored": 0},
            payload={"file": str(path), "restored_from": None},
            summary=message("undo_nothing", name=path.name),
        )
    kept = restore_backup(path, backup, request.password)
    kept_name = kept.name if kept is not None else "—"
    return ActionResult(
        action="undo",
        file=path,
        counts={"restored": 1},
        output=path,
        payload={"file": str(path), "restored_from": str(backup), "kept": str(kept)},
        summary=message("undone", name=path.name, backup=backup.name, kept=kept_name),
    )


UNDO = register(
    Action(
        name="undo",
        label=Text("撤销", "Undo"),
        group="clean",
        run=undo_file,
        options_type=Options,
        help=Text(
            "撤销上一次 xlcrm 修改（恢复修改前的备份）。",
            "Undo the last xlcrm change (put back the copy taken before it).",
        ),
        image_mso="Undo",
        changes_data=True,
        writes_input=lambda request: True,
    )
)
