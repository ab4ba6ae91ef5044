"""撤销 Undo as an action: put back the workbook as it was before the last in-place change.

On a file (``xlcrm`` command line, demo) undo restores the newest backup that
:func:`xlcrm.io.backup.make_backup` took before the change. The workbook as it is now is
kept first, as ``STEM.undone-STAMP.EXT`` in the same backup folder (a name backups never
use, so a second undo goes one step further back instead of undoing the undo). In Excel
the ribbon button undoes the live change instead (see :mod:`xlcrm.excel.undo_sheet`).
"""

from __future__ import annotations

import datetime as dt
import shutil

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.errors import XlcrmError
from xlcrm.io.backup import backup_dir, latest_backup


def undo_file(request: ActionRequest) -> ActionResult:
    """Restore the newest backup of ``request.path`` over it, keeping the current file aside."""
    path = request.path
    backup = latest_backup(path)
    if backup is None:  # nothing to do is not an error (``xlcrm demo`` runs every action)
        return ActionResult(
            action="undo",
            file=path,
            counts={"restored": 0},
            payload={"file": str(path), "restored_from": None},
            summary_zh=f"“{path.name}”没有可撤销的 xlcrm 修改（没有备份）。",
            summary_en=f"There is no xlcrm change to undo in {path.name} (no backup).",
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = backup_dir(path) / f"{path.stem}.undone-{stamp}{path.suffix}"
    try:
        if path.exists():
            shutil.copy2(path, kept)
        shutil.copy2(backup, path)
        backup.unlink()
    except OSError as error:
        raise XlcrmError(
            f"无法撤销：{error.strerror or error}；请关闭该文件后重试。"
            f" Could not undo ({error.strerror or error}); close the file and try again."
        ) from None
    return ActionResult(
        action="undo",
        file=path,
        counts={"restored": 1},
        output=path,
        payload={"file": str(path), "restored_from": str(backup), "kept": str(kept)},
        summary_zh=f"已撤销：“{path.name}”恢复为 {backup.name}，撤销前的文件保存在 {kept.name}。",
        summary_en=(
            f"Undone: {path.name} is back to {backup.name}; the file as it was is kept as"
            f" {kept.name}."
        ),
    )


UNDO = register(
    Action(
        name="undo",
        zh="撤销",
        en="Undo",
        group="clean",
        run=undo_file,
        help_zh="撤销上一次 xlcrm 修改（恢复修改前的备份）。",
        help_en="Undo the last xlcrm change (put back the copy taken before it).",
        image_mso="Undo",
        changes_data=True,
    )
)
