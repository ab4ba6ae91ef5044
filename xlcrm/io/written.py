"""The manifest of every file xlcrm writes: ``.xlcrm/manifest.jsonl`` beside the workbook.

While an action runs on a workbook (:func:`recording`), every file it writes — the
output copy, backups, the retention archive, distributed files, scrubbed copies — gets
one line in the manifest of that workbook's folder, written and flushed just before the
file is renamed into place: a file xlcrm made is in the manifest even when the run was
killed the moment after. A line holds the time, the path (relative to the folder when
inside it), the kind, the SHA-256 of the bytes, the action and the workbook it came from;
the newest line for a path describes it. Retention reads it to find every file that
still holds a destroyed customer (:func:`written_files`), ``undo`` to check a backup is
the one xlcrm wrote (:func:`recorded_sha256`).

No cell values: only paths, hashes, names of actions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from xlcrm.audit.log import file_sha256
from xlcrm.errors import os_error

MANIFEST = Path(".xlcrm") / "manifest.jsonl"

# Kinds of file, as recorded.
OUTPUT, BACKUP, ARCHIVE, KEPT = "output", "backup", "archive", "kept"


@dataclass
class Recorder:
    """Where the running action records what it writes; ``before_first`` runs once, just
    before the first file is recorded (the audit's pending entry)."""

    manifest: Path
    source: Path
    action: str
    before_first: Callable[[], object] | None = None
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class WrittenFile:
    """The newest manifest line of one file."""

    path: Path
    kind: str
    sha256: str
    source: str
    action: str
    time: str


_CURRENT: ContextVar[Recorder | None] = ContextVar("xlcrm_written", default=None)


def manifest_path(workbook: Path) -> Path:
    """The manifest beside ``workbook``: ``.xlcrm/manifest.jsonl`` in its folder."""
    return workbook.resolve().parent / MANIFEST


@contextmanager
def recording(
    source: Path, action: str, *, before_first: Callable[[], object] | None = None
) -> Iterator[Recorder]:
    """Record the files written while the block runs in the manifest beside ``source``."""
    recorder = Recorder(manifest_path(source), source.resolve(), action, before_first)
    token = _CURRENT.set(recorder)
    try:
        yield recorder
    finally:
        _CURRENT.reset(token)


def record(path: Path, content: Path | None = None, kind: str = OUTPUT) -> None:
    """Note that ``path`` is being written (its bytes now in ``content``, default ``path``).

    Nothing happens outside :func:`recording`. A manifest that cannot be written stops
    the write it records (an ``XlcrmError`` saying why).
    """
    recorder = _CURRENT.get()
    if recorder is None:
        return
    if recorder.before_first is not None:
        first, recorder.before_first = recorder.before_first, None
        first()
    folder = recorder.manifest.parent.parent
    target = path.resolve()
    if kind == OUTPUT and target.parent.parts[-2:] == (".xlcrm", "backups"):
        kind = recorded_kind(recorder.source, target) or BACKUP  # a scrubbed backup stays one
    shown = target.relative_to(folder) if target.is_relative_to(folder) else target
    line = {
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "path": shown.as_posix(),
        "kind": kind,
        "sha256": file_sha256(content or path),
        "action": recorder.action,
        "source": recorder.source.name,
    }
    data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        recorder.manifest.parent.mkdir(parents=True, exist_ok=True)
        with recorder.manifest.open("ab", buffering=0) as handle:
            handle.write(data)
            os.fsync(handle.fileno())
    except OSError as error:
        raise os_error(error, recorder.manifest) from None
    recorder.files.append(target)


def written_files(workbook: Path) -> list[WrittenFile]:
    """The files the manifest beside ``workbook`` lists that still exist, newest line each."""
    manifest = manifest_path(workbook)
    folder = manifest.parent.parent
    newest: dict[Path, WrittenFile] = {}
    for line in _lines(manifest):
        try:
            path = Path(str(line["path"]))
            path = path if path.is_absolute() else folder / path
            newest[path] = WrittenFile(
                path, str(line["kind"]), str(line["sha256"]), str(line.get("source", "")),
                str(line.get("action", "")), str(line.get("time", "")),
            )  # fmt: skip
        except (KeyError, TypeError):
            continue  # a damaged line names no file
    return [w for w in newest.values() if w.path.is_file()]


def recorded_sha256(workbook: Path, path: Path) -> str | None:
    """The SHA-256 the manifest beside ``workbook`` last recorded for ``path`` (None: never)."""
    found = _newest(workbook, path)
    return None if found is None else found.sha256


def recorded_kind(workbook: Path, path: Path) -> str | None:
    """The kind the manifest beside ``workbook`` last recorded for ``path`` (None: never)."""
    found = _newest(workbook, path)
    return None if found is None else found.kind


def _newest(workbook: Path, path: Path) -> WrittenFile | None:
    target = path.resolve()
    return next((w for w in reversed(written_files(workbook)) if w.path.resolve() == target), None)


def _lines(manifest: Path) -> Iterator[dict[str, object]]:
    try:
        with manifest.open("rb") as handle:
            for raw in handle:
                try:
                    value = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    continue  # a line cut short by a crash
                if isinstance(value, dict):
                    yield value
    except FileNotFoundError:
        return
    except OSError as error:
        raise os_error(error, manifest) from None
