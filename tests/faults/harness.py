"""Fault injection: run an xlcrm command in a forked process and break it on purpose.

:func:`run` forks the test process (xlcrm is already imported, so a run costs what the
command costs) and runs one command in the child, in its own folder and temporary folder.
The child can be broken three ways:

* ``kill_at=N``: the child dies (``os._exit``, as SIGKILL would leave it) at the Nth I/O
  event: every call of ``os.fsync``, ``os.replace``, ``os.rename``, ``os.unlink`` and
  ``os.remove`` is two events, one just before the call and one just after, so every
  commit point of a write (before and after each flush and rename) can be hit;
* ``delay=S``: the parent sends SIGKILL after S seconds, wherever the child is;
* ``budget=B``: every file opened for writing counts its bytes, and the write that
  passes B bytes in all fails with ENOSPC, as a full disk does.

A run reports how it ended, its stderr, and the child's counts of events and bytes, so a
clean reference run tells the tests where the kill points and byte budgets lie.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import signal
import sys
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msoffcrypto

KILLED = 137  # the exit status the harness's own "kill" uses
EVENTS = ("fsync", "replace", "rename", "unlink", "remove")


@dataclass
class Outcome:
    """How a child run ended."""

    status: int  # exit code; KILLED or -9 when killed
    stderr: str
    events: int = 0
    written: int = 0
    seconds: float = 0.0

    @property
    def killed(self) -> bool:
        return self.status in (KILLED, -signal.SIGKILL)


@dataclass
class Job:
    """What a child runs: ``call()`` returns the exit code (or raises SystemExit)."""

    call: Callable[[], int | None]
    folder: Path
    env: Mapping[str, str] = field(default_factory=dict)
    kill_at: int | None = None
    budget: int | None = None
    temp: Path | None = None  # its temporary folder (default: tmp-FOLDER beside the folder)


def cli(*argv: str) -> Callable[[], int | None]:
    """A job that runs the xlcrm command line with ``argv``."""

    def call() -> int | None:
        from xlcrm.cli.app import app

        app(args=list(argv), prog_name="xlcrm")
        return 0

    return call


def run(job: Job, *, delay: float | None = None) -> Outcome:
    """Run ``job`` in a forked child; kill it after ``delay`` seconds when given."""
    started = start(job)
    if delay is not None:
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(started.pid, signal.SIGKILL)
    return started.wait()


@dataclass
class Started:
    """A child that runs: :meth:`wait` for its outcome."""

    pid: int
    report: Path
    started: float

    def wait(self) -> Outcome:
        _, raw = os.waitpid(self.pid, 0)
        counts = _read_json(self.report / "counts")
        outcome = Outcome(
            os.waitstatus_to_exitcode(raw), (self.report / "stderr").read_text("utf-8", "replace"),
            counts.get("events", 0), counts.get("written", 0), time.monotonic() - self.started,
        )  # fmt: skip
        shutil.rmtree(self.report, ignore_errors=True)
        return outcome


def start(job: Job) -> Started:
    """Fork a child that runs ``job``, and return at once (several can run together)."""
    report = job.folder.parent / f".report-{job.folder.name}-{time.monotonic_ns()}"
    report.mkdir()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(job, report)  # never returns
    return Started(pid, report, started)


def _child(job: Job, report: Path) -> None:
    code = 99
    counts = {"events": 0, "written": 0}
    try:
        temp = job.temp or job.folder.parent / f"tmp-{job.folder.name}"
        temp.mkdir(exist_ok=True)
        os.environ.update({**job.env, "TMPDIR": str(temp)})
        import tempfile

        tempfile.tempdir = str(temp)
        os.chdir(job.folder)
        out = os.open(report / "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 2)
        os.dup2(out, 1)
        # pytest's capture replaced sys.stderr with its own file: write where the fds now go
        sys.stdout = sys.stderr = open(out, "w", encoding="utf-8", buffering=1, closefd=False)  # noqa: SIM115
        _install(job, counts, report)
        result = job.call()
        code = 0 if result is None else int(result)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    except BaseException:
        traceback.print_exc()
        code = 99
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    _write_counts(report, counts)
    os._exit(code)


def _install(job: Job, counts: dict[str, int], report: Path) -> None:
    """The kill switch on I/O events and the byte budget on files opened for writing."""

    def event() -> None:
        counts["events"] += 1
        if job.kill_at is not None and counts["events"] >= job.kill_at:
            _write_counts(report, counts)
            os._exit(KILLED)

    for name in EVENTS:
        real = getattr(os, name)

        def hooked(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            event()
            result = _real(*args, **kwargs)
            event()
            return result

        setattr(os, name, hooked)
    real_open = io.open

    def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if any(flag in mode for flag in "wax+"):
            return _Budgeted(handle, counts, job.budget)
        return handle

    io.open = builtins.open = opened  # type: ignore[assignment]
    shutil._USE_CP_SENDFILE = False  # copies go through write(), so they count too


class _Budgeted:
    """A file opened for writing whose writes count against the disk's budget."""

    def __init__(self, handle: Any, counts: dict[str, int], budget: int | None) -> None:
        self._handle, self._counts, self._budget = handle, counts, budget

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes if not isinstance(data, str) else len(data.encode())
        if self._budget is not None and self._counts["written"] + size > self._budget:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._counts["written"] += size
        result: int = self._handle.write(data)
        return result

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Budgeted:
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._handle.__exit__(*exc)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._handle)


def _write_counts(report: Path, counts: dict[str, int]) -> None:
    data = json.dumps(counts).encode()
    fd = os.open(report / "counts", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _read_json(path: Path) -> dict[str, int]:
    try:
        data: dict[str, int] = json.loads(path.read_text())
        return data
    except (OSError, ValueError):
        return {}


# -- looking at the files afterwards ------------------------------------------------------


def snapshot(*folders: Path) -> dict[Path, str]:
    """Every file under ``folders`` and the SHA-256 of its bytes."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def new_files(before: Mapping[Path, str], *folders: Path) -> list[Path]:
    """Files under ``folders`` that are new, or whose bytes changed, since ``before``."""
    return [p for p, digest in snapshot(*folders).items() if before.get(p) != digest]


def readable_text(path: Path, password: str | None = None) -> str:
    """What a search of a file finds: its bytes, and every part of a workbook unzipped
    with entities decoded; an encrypted workbook only when ``password`` opens it."""
    import html

    data = path.read_bytes()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and password is not None:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        try:
            office.load_key(password=password, verify_password=True)
            plain = io.BytesIO()
            office.decrypt(plain)
            data = plain.getvalue()
        except Exception:
            return ""
    text = data.decode("utf-8", "replace") + _inflated(data)
    return html.unescape(text)


def _inflated(data: bytes) -> str:
    """Every member of a zip, even one cut short (no central directory): each local header
    is followed and its data inflated as far as it goes."""
    out = []
    start = data.find(b"PK\x03\x04")
    while start >= 0 and start + 30 <= len(data):
        method = int.from_bytes(data[start + 8 : start + 10], "little")
        names = int.from_bytes(data[start + 26 : start + 28], "little")
        extra = int.from_bytes(data[start + 28 : start + 30], "little")
        body = start + 30 + names + extra
        if method == 8:
            inflate = zlib.decompressobj(-15)
            with contextlib.suppress(zlib.error):
                out.append(inflate.decompress(data[body:]).decode("utf-8", "replace"))
        elif method == 0:
            out.append(data[body : body + 1_000_000].decode("utf-8", "replace"))
        start = data.find(b"PK\x03\x04", body)
    return "".join(out)


def temp_files(folder: Path) -> list[Path]:
    """xlcrm's temporary files under ``folder``."""
    return [p for p in folder.rglob(".xlcrm-tmp-*") if p.is_file()]
