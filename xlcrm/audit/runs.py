"""Audit first: a change is in the log before it happens, or it does not happen.

A run that writes files records itself in two entries:

1. ``pending`` (:func:`begin`), appended and flushed to disk before the first file the
   run writes appears (an in-place run: before it reads the workbook), with the input's
   SHA-256 and the process (host, pid) so a later run can tell it was killed;
2. the entry that completes it (:func:`finish`): ``status`` ``done`` with the counts,
   outputs and their hashes, or ``failed`` with the error's code, and ``completes``: the
   pending entry's number.

A pending entry nothing completes is a run that was killed (or is still running, on this
or another computer). :func:`recover` completes those of processes that are gone as
``interrupted``, saying whether the workbook changed since (``changed``: its SHA-256 is
no longer the input's), so the log tells what happened to the file.

Before any change the log must take entries (:func:`check_writable`: the folder can be
written and its last line is an entry) and, for a run that changes a workbook in place,
verify whole, its anchors included (:func:`check_intact`). Otherwise the run stops with
the reason and changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from xlcrm.audit import log as audit
from xlcrm.audit.anchor import Anchor, load_anchor
from xlcrm.errors import AuditLogError

PENDING, DONE, FAILED, INTERRUPTED = "pending", "done", "failed", "interrupted"

Running = Callable[[str, int], bool]  # (host, pid) -> whether that process still runs


def check_writable(log: Path) -> None:
    """Raise AuditLogError unless ``log`` can take another entry (folder, file, last line)."""
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a+b", buffering=0) as handle:
            last, _newline = audit._read_last_line(handle)
    except OSError as exc:
        raise AuditLogError("audit_log_not_writable", log=log, reason=exc.strerror or exc) from exc
    audit._parse_last(last, log)


def anchors_of(log: Path, extra: Sequence[Anchor] = ()) -> list[Anchor]:
    """This computer's anchor of ``log`` (when there is one) and ``extra`` ones."""
    mine = load_anchor(log)
    return [*([] if mine is None else [mine]), *extra]


def check_intact(log: Path, extra: Sequence[Anchor] = ()) -> None:
    """Raise AuditLogError unless ``log`` verifies whole, anchors included (absent: fine)."""
    check_writable(log)
    result = audit.verify(log, anchors_of(log, extra))
    if not result.ok:
        raise AuditLogError("audit_log_not_intact", log=log, reason=result.reason or "")


def begin(log: Path, *, action: str, file: Path, input_sha256: str | None) -> dict[str, Any]:
    """Append the ``pending`` entry of a run about to change files."""
    return audit.append_entry(
        log, action=action, file=file, input_sha256=input_sha256, status=PENDING,
        details={"pid": os.getpid()},
    )  # fmt: skip


def finish(
    log: Path, pending: Mapping[str, Any], *, status: str = DONE, **fields: Any
) -> dict[str, Any]:
    """Append the entry that completes ``pending`` (``fields`` as for append_entry)."""
    fields.setdefault("input_sha256", pending.get("input_sha256"))
    return audit.append_entry(
        log, action=str(pending["action"]), file=pending.get("file"), status=status,
        completes=int(pending["seq"]), **fields,
    )  # fmt: skip


def unfinished(log: Path, file: Path | None = None) -> list[dict[str, Any]]:
    """Pending entries no later entry completes (of ``file`` only, when given)."""
    if not log.is_file():
        return []
    open_ones: dict[int, dict[str, Any]] = {}
    for entry in audit.read_entries(log):
        if entry.get("status") == PENDING:
            open_ones[int(entry.get("seq", 0))] = entry
        elif isinstance(entry.get("completes"), int):
            open_ones.pop(entry["completes"], None)
    wanted = None if file is None else _same_file(file)
    return [e for e in open_ones.values() if wanted is None or wanted(e.get("file"))]


def recover(
    log: Path, file: Path, *, current_sha256: str | None, running: Running
) -> list[dict[str, Any]]:
    """Complete the pending entries of ``file`` whose process is gone, as ``interrupted``."""
    done = []
    for pending in unfinished(log, file):
        pid = pending.get("details", {}).get("pid")
        if isinstance(pid, int) and running(str(pending.get("host")), pid):
            continue
        changed = current_sha256 != pending.get("input_sha256")
        done.append(
            finish(log, pending, status=INTERRUPTED, details={"changed": changed, "pid": pid})
        )
    return done


def _same_file(file: Path) -> Callable[[object], bool]:
    target = file.resolve()

    def same(logged: object) -> bool:
        if not isinstance(logged, str):
            return False
        path = Path(logged)
        return (path if path.is_absolute() else Path.cwd() / path).resolve() == target or (
            path.name == file.name and not path.is_absolute() and path.parent == Path(".")
        )

    return same
