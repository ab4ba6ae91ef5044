"""One ribbon run at a time per user: a second click while one runs is refused politely.

On Windows RunPython waits for Python, and the add-in's VBA keeps a flag while it does. On
macOS RunPython returns at once and Python runs in the background, so only Python can
tell that a run is going: :func:`one_run` creates a marker file (``O_EXCL``) in the
per-user data folder holding the process id, the action and the start time, and removes
it when the run ends. A marker whose process is gone, or older than :data:`STALE_AFTER`
seconds, is left over from a crash and is taken over.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlcrm.errors import XlcrmError

MARKER = "ribbon-run.json"
STALE_AFTER = 6 * 3600  # no ribbon action takes hours; a marker this old is a leftover


@contextmanager
def one_run(folder: Path, action: str) -> Iterator[None]:
    """Hold the run marker in ``folder`` while the block runs; XlcrmError if one is held."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not _claim(marker, action):
        if not _left_over(marker):
            raise XlcrmError("ribbon_busy", action=_running_action(marker))
        marker.unlink(missing_ok=True)
        if not _claim(marker, action):
            raise XlcrmError("ribbon_busy", action=_running_action(marker))
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def _claim(marker: Path, action: str) -> bool:
    try:
        handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    record = {"pid": os.getpid(), "action": action, "started": time.time()}
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(record, out)
    return True


def _record(marker: Path) -> dict[str, object]:
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _running_action(marker: Path) -> str:
    return str(_record(marker).get("action") or "xlcrm")


def _left_over(marker: Path) -> bool:
    """True when the marker's run is over: its process is gone, or it is very old."""
    record = _record(marker)
    started, pid = record.get("started"), record.get("pid")
    if not isinstance(started, int | float) or not isinstance(pid, int):
        return True  # unreadable or half-written: a crash while writing it
    if time.time() - started > STALE_AFTER:
        return True
    return not process_alive(pid)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (never signals it on Windows)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks; on Windows os.kill would end the process
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
