"""撤销 Undo as an action: put back the workbook as it was before the last in-place change.

On a file (``xlcrm`` command line, demo) undo restores the newest backup
(:func:`xlcrm.io.restore.restore_latest_backup`), keeping the workbook as it is now in the
backup folder. In Excel the ribbon button undoes the live change instead (see
:mod:`xlcrm.excel.undo_sheet`).
"""

from __future__ import annotations

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, register
from xlcrm.text import Text, message


def undo_file(request: ActionRequest[Options]) -> ActionResult:
    """Restore the newest backup of ``request.path`` over it, keeping the current file aside."""
    from xlcrm.io.restore import restore_latest_backup

    path = request.path
    restored = restore_latest_backup(path)
    if restored is None:  # nothing to do is not an error (``xlcrm demo`` runs every action)
        return ActionResult(
            action="undo",
            file=path,
            counts={"restored": 0},
            payload={"file": str(path), "restored_from": None},
            summary=message("undo_nothing", name=path.name),
        )
    backup, kept = restored.backup, restored.kept
    return ActionResult(
        action="undo",
        file=path,
        counts={"restored": 1},
        output=path,
        payload={"file": str(path), "restored_from": str(backup), "kept": str(kept)},
        summary=message("undone", name=path.name, backup=backup.name, kept=kept.name),
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
    )
)
