"""Timestamped backups taken before an action changes a workbook in place, and undo.

Backups live in ``.xlcrm/backups/`` beside the workbook (next to the audit log), named
``STEM.YYYYMMDD-HHMMSS-ffffff.EXT`` so they sort by time and a person can tell them
apart in a file browser. Only the newest ``keep`` backups of one workbook are kept
(the Settings value 保留备份数 / Backups kept); older ones are deleted when a new one is
taken. :func:`list_backups` is also how retention finds the copies it must destroy.

A backup is complete or absent, and checked before anything relies on it:

* :func:`make_backup` writes it like every file (a temporary file, fsync, rename), records
  its SHA-256 in the manifest of written files, then reads it back from disk and compares
  it with the workbook before it returns: the destructive step
  after it never runs on a backup that is half written (a full disk) or not the workbook
  the run read (the run's lock knows that one);
* :func:`restore_backup` (``undo``) refuses a backup that does not open, or whose bytes
  are not the ones the manifest recorded when xlcrm wrote it.

The backup of an in-place ``encrypt`` is *sealed*: encrypted with the run's passphrase as
an Excel file password, so the plaintext of the columns being encrypted is not left in
``.xlcrm/backups``; undoing it asks for that passphrase.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from xlcrm.audit.log import file_sha256
from xlcrm.errors import PasswordRequiredError, WorkbookChangedError, XlcrmError
from xlcrm.io import written
from xlcrm.io.lock import held
from xlcrm.io.passwords import decrypted, encrypt_to, is_encrypted
from xlcrm.io.writer import replace_atomically

BACKUP_FOLDER = Path(".xlcrm") / "backups"
SEALED = "sealed backup"  # its kind in the manifest: encrypted with the run's passphrase
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


def make_backup(
    workbook: Path, *, keep: int = 10, now: dt.datetime | None = None, seal: str | None = None
) -> Path:
    """Copy ``workbook`` byte for byte into its backup folder, verified; keep the newest ``keep``.

    With ``seal`` (the passphrase of an in-place ``encrypt``), the backup is the workbook
    encrypted with Excel's file encryption under that secret, made in memory: the columns
    the run encrypts are nowhere on disk in clear, and undo needs the passphrase.
    """
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
        source = file_sha256(workbook)
        if seal is None:
            replace_atomically(target, _copier(workbook), kind=written.BACKUP)
        else:
            data = io.BytesIO(workbook.read_bytes())
            replace_atomically(target, lambda t: encrypt_to(data, t, seal), kind=SEALED)
        _verify(workbook, target, source, seal)
    except OSError as error:
        raise XlcrmError(
            "backup_failed", file=workbook.name, reason=error.strerror or error
        ) from None
    for old in list_backups(workbook)[: -max(keep, 1)]:
        old.unlink(missing_ok=True)
    return target


def _copier(src: Path) -> Callable[[Path], None]:
    """A writer of a byte-for-byte copy of ``src``."""

    def copy(temp: Path) -> None:
        shutil.copyfile(src, temp)

    return copy


def _verify(workbook: Path, backup: Path, source: str, seal: str | None) -> None:
    """Read the backup back and compare it with the workbook (and the run's), or remove it."""
    lock = held(workbook)
    if lock is not None and lock.fingerprint is not None and lock.fingerprint.sha256 != source:
        backup.unlink(missing_ok=True)
        raise WorkbookChangedError("workbook_changed_during_run", name=workbook.name)
    try:
        inside = file_sha256(backup) if seal is None else _sha256(decrypted(backup, seal))
    except Exception:  # an unreadable sealed backup is a backup that did not verify
        inside = None
    if inside != source:
        backup.unlink(missing_ok=True)
        raise XlcrmError("backup_not_verified", name=backup.name, file=workbook.name)


def _sha256(data: io.BytesIO) -> str:
    return hashlib.sha256(data.getbuffer()).hexdigest()


def opens(path: Path) -> bool:
    """Whether ``path`` is a whole workbook: an encrypted one's container, or a zip whose
    every part reads back with the right checksum."""
    try:
        if is_encrypted(path):
            return True
        with zipfile.ZipFile(path) as package:
            return "xl/workbook.xml" in package.namelist() and package.testzip() is None
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return False


def check_backup(workbook: Path, backup: Path) -> None:
    """Refuse a backup that does not open, or is not what xlcrm recorded writing."""
    if not opens(backup):
        raise XlcrmError("undo_backup_damaged", name=backup.name)
    recorded = written.recorded_sha256(workbook, backup)
    if recorded is not None and recorded != file_sha256(backup):
        raise XlcrmError("undo_backup_mismatch", name=backup.name)


def restore_backup(workbook: Path, backup: Path, password: str | None = None) -> Path | None:
    """Put ``backup`` back as ``workbook`` (checked first); the current file is kept aside.

    A sealed backup (an in-place encrypt's) needs the passphrase it was sealed with as
    ``password``, and comes back as the plain workbook it was. Returns where the current
    file was kept (``STEM.undone-STAMP.EXT`` in the backup folder, a name backups never
    use), or None when there was no current file. The backup is removed once restored,
    so a second undo goes one step further back.
    """
    check_backup(workbook, backup)
    write = _copier(backup)
    if written.recorded_kind(workbook, backup) == SEALED:
        if not password:
            raise PasswordRequiredError("undo_backup_sealed", name=backup.name)
        try:
            plain = decrypted(backup, password)
        except Exception:  # msoffcrypto's several errors for a wrong key
            raise PasswordRequiredError("undo_backup_sealed", name=backup.name) from None
        write = _bytes(plain.getvalue())
    kept = None
    if workbook.exists():
        stamp = dt.datetime.now().strftime(_STAMP)
        kept = backup_dir(workbook) / f"{workbook.stem}.undone-{stamp}{workbook.suffix}"
        replace_atomically(kept, _copier(workbook), kind=written.KEPT)
    replace_atomically(workbook, write)
    backup.unlink()
    return kept


def _bytes(data: bytes) -> Callable[[Path], None]:
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return write
