"""One writer at a time: the lock an in-place change holds on a workbook.

An xlcrm run that changes a workbook in place (retention, merge, encrypt, undo ...) holds
:func:`lock_workbook` from before it reads the file until after its audit line:

* **Other xlcrm runs** wait for it: the lock is an operating-system lock (``flock``;
  ``msvcrt.locking`` on Windows) on ``.xlcrm/locks/NAME.lock`` beside the workbook, which
  also says who holds it (user, host, process, action, since when). A second run waits up
  to :data:`DEFAULT_WAIT` seconds (``XLCRM_LOCK_WAIT`` to change), then refuses in one
  sentence naming the holder. The system drops the lock when its process ends, even
  killed, so a crash never leaves a stale lock.
* **Excel, WPS and LibreOffice**: a workbook open in one of them (its owner file ``~$NAME``
  or ``.~lock.NAME#`` is there) is refused, before the run and again just before the
  write, naming the person when the owner file says.
* **Colleagues saving meanwhile**: the lock takes the file's :class:`Fingerprint` (size,
  time, SHA-256) when it is acquired, before the run reads the file, and
  :meth:`WorkbookLock.commit` compares it again just before it replaces the file. A
  workbook saved by someone else in between is refused ("changed while xlcrm worked")
  and nothing is written.

Only whole-file replacement is guarded (a temporary file, fsync, rename: see
:func:`xlcrm.xlsx.replace_atomically`); between the last check and the rename there is a
window of a few milliseconds that no portable file system lets a program close.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from xlcrm.audit.log import current_user, host_name
from xlcrm.errors import FileLockedError, WorkbookChangedError, os_error
from xlcrm.xlsx import replace_atomically

LOCK_FOLDER = Path(".xlcrm") / "locks"
DEFAULT_WAIT = 5.0  # seconds a second run waits for the first before it refuses
_POLL = 0.1
_WINDOWS_LOCK_OFFSET = 0x40000000  # lock a byte past the data so the holder stays readable
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Fingerprint:
    """What identifies the bytes of a file: size, modification time and SHA-256."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        """The fingerprint of the file at ``path`` as it is now."""
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return cls(stat.st_size, stat.st_mtime_ns, digest.hexdigest())


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: shown to the run that has to wait."""

    user: str
    host: str
    pid: int
    action: str
    since: str

    @classmethod
    def me(cls, action: str) -> Holder:
        return cls(current_user(), host_name(), os.getpid(), action, _now())

    @classmethod
    def read(cls, handle: IO[bytes]) -> Holder | None:
        """The holder written in an open lock file (None when it says nothing usable)."""
        try:
            handle.seek(0)
            data = json.loads(handle.read(4096).decode("utf-8") or "null")
            return cls(**{k: data[k] for k in ("user", "host", "pid", "action", "since")})
        except (OSError, ValueError, TypeError, KeyError):
            return None


@dataclass
class WorkbookLock:
    """The lock a run holds on one workbook, and the guard on replacing that workbook."""

    path: Path
    holder: Holder
    fingerprint: Fingerprint | None
    before_commit: list[Callable[[Path], None]] = field(default_factory=list)
    commits: int = 0
    # the audit anchor the rewritten workbook carries (xlcrm_audit): asked for when it is built
    stamp: Callable[[], str] | None = None

    def check_unchanged(self) -> None:
        """Raise unless the workbook is still the one the lock found, and not open elsewhere."""
        check_not_open_elsewhere(self.path)
        now = Fingerprint.of(self.path) if self.path.exists() else None
        before = None if self.fingerprint is None else self.fingerprint.sha256
        if (now and now.sha256) != before:
            raise WorkbookChangedError("workbook_changed_during_run", name=self.path.name)

    def commit(
        self, write: Callable[[Path], None], *, also: Callable[[Path], None] | None = None
    ) -> None:
        """Replace the workbook with the file ``write`` makes, if it is still the one read.

        The check runs on the finished file, just before the rename; then the hooks of
        :attr:`before_commit` (the audit's record of the change) and ``also``. The new
        fingerprint is kept, so a run that writes the workbook twice checks the second
        write against its own first one.
        """

        def guard(temp: Path) -> None:
            self.check_unchanged()
            for hook in [*self.before_commit, *([also] if also else [])]:
                hook(temp)

        replace_atomically(self.path, write, before_replace=guard)
        self.fingerprint = Fingerprint.of(self.path)
        self.commits += 1


_HELD: dict[Path, WorkbookLock] = {}


def held(path: Path) -> WorkbookLock | None:
    """The lock this process holds on ``path``, if any."""
    return _HELD.get(_key(path))


def lock_path(workbook: Path) -> Path:
    """Where the lock of ``workbook`` lives: ``.xlcrm/locks/NAME.lock`` beside it."""
    return workbook.resolve().parent / LOCK_FOLDER / f"{workbook.name}.lock"


def lock_wait() -> float:
    """Seconds to wait for another run's lock: ``XLCRM_LOCK_WAIT``, else :data:`DEFAULT_WAIT`."""
    try:
        return max(0.0, float(os.environ.get("XLCRM_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


@contextmanager
def lock_workbook(path: Path, *, action: str, wait: float | None = None) -> Iterator[WorkbookLock]:
    """Hold the lock on ``path`` while the block runs (re-entrant within one process).

    Refuses, in one sentence, a workbook open in Excel, WPS or LibreOffice, and one whose
    lock another xlcrm run still holds after ``wait`` seconds (default :func:`lock_wait`).
    """
    key = _key(path)
    if key in _HELD:
        yield _HELD[key]
        return
    check_not_open_elsewhere(path)
    target = lock_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = target.open("a+b", buffering=0)
    except OSError as error:
        raise os_error(error, target) from None
    try:
        _acquire(handle, path, lock_wait() if wait is None else wait)
        lock = WorkbookLock(path, Holder.me(action), _fingerprint(path))
        _write_holder(handle, lock.holder)
        _HELD[key] = lock
        try:
            yield lock
        finally:
            del _HELD[key]
            with suppress(OSError):
                handle.truncate(0)
            _release(handle)
    finally:
        handle.close()


def _fingerprint(path: Path) -> Fingerprint | None:
    try:
        return Fingerprint.of(path) if path.exists() else None
    except OSError as error:
        raise os_error(error, path) from None


def _acquire(handle: IO[bytes], workbook: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            holder = Holder.read(handle)
            if holder is None:
                raise FileLockedError("workbook_locked_by_xlcrm_unknown", name=workbook.name)
            raise FileLockedError("workbook_locked_by_xlcrm", name=workbook.name, **asdict(holder))
        time.sleep(_POLL)


def _try_lock(handle: IO[bytes]) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _release(handle: IO[bytes]) -> None:
    with suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_holder(handle: IO[bytes], holder: Holder) -> None:
    with suppress(OSError):  # the holder is information for others; the lock is what counts
        handle.truncate(0)
        handle.seek(0)
        handle.write(json.dumps(asdict(holder), ensure_ascii=False).encode("utf-8"))


# -- owner files of spreadsheet programs --------------------------------------------------


def owner_files(path: Path) -> list[Path]:
    """The owner files a spreadsheet program keeps beside a workbook it has open."""
    return [
        path.with_name("~$" + path.name),  # Excel, WPS
        path.with_name(f".~lock.{path.name}#"),  # LibreOffice
    ]


def check_not_open_elsewhere(path: Path) -> None:
    """Refuse a workbook open in Excel, WPS or LibreOffice, naming who has it open."""
    for owner in owner_files(path):
        if owner.exists():
            who = owner_name(owner)
            if who:
                raise FileLockedError("workbook_open_by", name=path.name, owner=who)
            raise FileLockedError("workbook_open_elsewhere", name=path.name)


def owner_name(owner: Path) -> str | None:
    """The user an owner file names, when it can be read (None otherwise)."""
    try:
        data = owner.read_bytes()[:512]
    except OSError:
        return None
    if owner.name.startswith(".~lock."):  # LibreOffice: "Full name,host,user,date,path;"
        fields = data.decode("utf-8", "replace").split(",")
        return next((f.strip() for f in fields[:3] if f.strip()), None)
    return _office_owner(data)


def _office_owner(data: bytes) -> str | None:
    """Excel's owner file: a length byte and the name in the ANSI code page, padded to
    about 54 bytes, then the name again in UTF-16 after a two-byte length."""
    if len(data) < 2 or not 0 < data[0] <= 53:
        return None
    length = data[0]
    for start in (54, 55, 56):
        if data[start : start + 2] == length.to_bytes(2, "little"):
            wide = data[start + 2 : start + 2 + 2 * length].decode("utf-16-le", "replace")
            if len(wide) == length and "\ufffd" not in wide:
                return wide.strip("\x00 ") or None
    for encoding in ("utf-8", "gbk", "cp1252"):
        try:
            return data[1 : 1 + length].decode(encoding).strip() or None
        except UnicodeDecodeError:
            continue
    return None


def process_running(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (True where it cannot be told)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # os.kill would end it; callers fall back on the age of what it left
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def pid_running(host: str, pid: int) -> bool:
    """Whether a process a log names may still run (one on another computer: assume so)."""
    return host != host_name() or process_running(pid)


def _key(path: Path) -> Path:
    return Path(path).resolve()


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


__all__ = [
    "DEFAULT_WAIT",
    "Fingerprint",
    "Holder",
    "WorkbookLock",
    "check_not_open_elsewhere",
    "held",
    "lock_path",
    "lock_workbook",
    "owner_files",
    "owner_name",
    "pid_running",
    "process_running",
]
