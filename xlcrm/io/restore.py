"""Put a workbook back as it was before xlcrm's last in-place change (undo on a file).

The newest backup that :func:`xlcrm.io.backup.make_backup` took before the change goes
back over the workbook. The workbook as it is now is kept first, as
``STEM.undone-STAMP.EXT`` in the same backup folder: a name backups never use, so a second
undo goes one step further back instead of undoing the undo.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from xlcrm.errors import XlcrmError
from xlcrm.io.backup import backup_dir, latest_backup


@dataclass(frozen=True)
class Restored:
    """What an undo did: the backup put back (now gone from the folder) and the copy kept."""

    backup: Path
    kept: Path


def restore_latest_backup(path: Path) -> Restored | None:
    """Put the newest backup of ``path`` back over it; None when there is no backup."""
    backup = latest_backup(path)
    if backup is None:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = backup_dir(path) / f"{path.stem}.undone-{stamp}{path.suffix}"
    try:
        if path.exists():
            shutil.copy2(path, kept)
        shutil.copy2(backup, path)
        backup.unlink()
    except OSError as error:
        raise XlcrmError("undo_failed", reason=error.strerror or error) from None
    return Restored(backup, kept)
