"""Timestamped backups taken before an action changes a workbook in place.

Backups live in ``.xlcrm/backups/`` beside the workbook (next to the audit log), named
``STEM.YYYYMMDD-HHMMSS-ffffff.EXT`` so they sort by time and a person can tell them
apart in a file browser. Only the newest ``keep`` backups of one workbook are kept
(the Settings value 保留备份数 / Backups kept); older ones are deleted when a new one is
taken. :func:`list_backups` is also how retention finds the copies it must destroy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from xlcrm.errors import XlcrmError

BACKUP_FOLDER = Path(".xlcrm") / "backups"
_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_dir(workbook: Path) -> Path:
    """The folder that holds ``workbook``'s backups."""
    return workbook.resolve().parent / BACKUP_FOLDER


def _pattern(workbook: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(workbook.stem)}\.\d{{8}}-\d{{6}}-\d{{6}}{re.escape(workbook.suffix)}$"
    )


def list_backups(workbook: Path) -> list[Path]:
    """``workbook``'s backups, oldest first."""
    folder = backup_dir(workbook)
    if not folder.is_dir():
        return []
    pattern = _pattern(workbook)
    return sorted(p for p in folder.iterdir() if p.is_file() and pattern.match(p.name))


def latest_backup(workbook: Path) -> Path | None:
    found = list_backups(workbook)
    return found[-1] if found else None


def make_backup(workbook: Path, *, keep: int = 10, now: dt.datetime | None = None) -> Path:
    """Copy ``workbook`` byte for byte into its backup folder; keep the newest ``keep``."""
    if not workbook.is_file():
        raise XlcrmError("backup_source_missing", path=workbook)
    folder = backup_dir(workbook)
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    target = folder / f"{workbook.stem}.{stamp}{workbook.suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while target.exists():  # two backups within one microsecond (tests, fast loops)
            stamp = (dt.datetime.strptime(stamp, _STAMP) + dt.timedelta(microseconds=1)).strftime(
                _STAMP
            )
            target = folder / f"{workbook.stem}.{stamp}{workbook.suffix}"
        shutil.copy2(workbook, target)
    except OSError as error:
        raise XlcrmError(
            "backup_failed", file=workbook.name, reason=error.strerror or error
        ) from None
    for old in list_backups(workbook)[: -max(keep, 1)]:
        old.unlink(missing_ok=True)
    return target
