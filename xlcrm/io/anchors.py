"""The audit anchor a workbook carries: the ``xlcrm_audit`` custom document property.

A workbook xlcrm changes in place records, in the property, the audit entry of that
change (:mod:`xlcrm.audit.anchor`); ``xlcrm audit verify`` reads it back from every
workbook beside the log (:func:`folder_anchors`) and checks the log still holds that
entry. :func:`stamp` is how an in-place writer puts it in: the lock of the run knows the
entry (:attr:`xlcrm.io.lock.WorkbookLock.stamp`).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from xlcrm.audit.anchor import PROPERTY, Anchor, from_property
from xlcrm.errors import XlcrmError
from xlcrm.io.lock import held
from xlcrm.io.passwords import is_encrypted
from xlcrm.xlsx import WorkbookPatch

_WORKBOOKS = (".xlsx", ".xlsm")


def stamp_for(dst: Path) -> str | None:
    """The ``xlcrm_audit`` value a workbook written to ``dst`` gets (None: not in place)."""
    lock = held(dst)
    return None if lock is None or lock.stamp is None else lock.stamp()


def stamp(patch: WorkbookPatch, dst: Path) -> None:
    """Put the run's audit anchor into a workbook being written over ``dst`` in place."""
    value = stamp_for(dst)
    if value is not None:
        patch.set_property(PROPERTY, value)


def workbook_anchor(path: Path, log: Path) -> Anchor | None:
    """The anchor of ``log`` that the workbook at ``path`` carries, if any."""
    try:
        if path.suffix.lower() not in _WORKBOOKS or not path.is_file() or is_encrypted(path):
            return None
        patch = WorkbookPatch(path)
        try:
            value = patch.get_property(PROPERTY)
        finally:
            patch.close()
    except (XlcrmError, OSError, zipfile.BadZipFile):
        return None  # not a workbook this can read: it carries no anchor
    named = None if value is None else _log_of(value)
    if named is None or (path.resolve().parent / named).resolve() != log.resolve():
        return None
    return from_property(value or "", where=path.name)


def folder_anchors(log: Path) -> list[Anchor]:
    """The anchors of ``log`` in the workbooks of its folder (the one holding ``.xlcrm``)."""
    folder = log.parent.parent if log.parent.name == ".xlcrm" else log.parent
    try:
        books = sorted(p for p in folder.iterdir() if p.suffix.lower() in _WORKBOOKS)
    except OSError:
        return []
    found = (workbook_anchor(book, log) for book in books if not book.name.startswith("~$"))
    return [a for a in found if a is not None]


def _log_of(value: str) -> str | None:
    try:
        data = json.loads(value)
    except ValueError:
        return None
    named = data.get("log") if isinstance(data, dict) else None
    return named if isinstance(named, str) else None
