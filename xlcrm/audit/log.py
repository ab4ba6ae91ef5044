"""The tamper-evident audit log: one JSON line per xlcrm action, hash-chained.

Every action appends one line to ``.xlcrm/audit.jsonl`` in the workbook's folder, so
compliance can see who changed what and when (PIPL, GDPR). Each entry carries the
SHA-256 of its own canonical JSON (``hash``) and of the entry before it (``prev``), so
:func:`verify` finds a line that was edited, removed, reordered, inserted or damaged.

A chain proves only that the lines agree with each other: whoever can rewrite the whole
file can recompute every hash, and cutting lines off the end leaves a valid chain. So
every append also updates the log's anchor (:mod:`xlcrm.audit.anchor`), and
:func:`verify` checks the anchors it is given: a log shorter than an anchor, or whose
anchored entry has another hash, fails.

A change is recorded before it happens (:mod:`xlcrm.audit.runs`): a ``pending`` entry
first, then the entry that completes it (``completes`` gives the pending entry's number).

The log must never hold personal data: it records file names, counts and hashes, never
names, phone numbers or other cell values.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import sys
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

# The display helpers live in audit_display; `audit.format_entries` still works.
from xlcrm.audit.anchor import Anchor, broken_anchor, save_anchor
from xlcrm.audit.display import SHORT_HASH as SHORT_HASH
from xlcrm.audit.display import SHOW_COLUMNS as SHOW_COLUMNS
from xlcrm.audit.display import anchor_reason, tampering_reason
from xlcrm.audit.display import format_entries as format_entries
from xlcrm.audit.display import show_columns as show_columns
from xlcrm.errors import AuditLogError

AUDIT_DIR = ".xlcrm"
AUDIT_FILE = "audit.jsonl"
GENESIS_HASH = "0" * 64  # the "prev" of the first entry

_CHUNK = 1024 * 1024  # file_sha256 reads 1 MiB at a time
_TAIL_BLOCK = 64 * 1024  # the last line is found by reading backwards in blocks
# Windows locks are mandatory, so lock a byte far past the data (as SQLite does) to keep
# readers of the log unblocked while an append holds the lock.
_WINDOWS_LOCK_OFFSET = 0x40000000


# --- paths -------------------------------------------------------------------------------


def default_log_path(workbook: Path) -> Path:
    """The log next to a workbook: ``<workbook folder>/.xlcrm/audit.jsonl``."""
    return workbook.parent / AUDIT_DIR / AUDIT_FILE


def resolve_log_path(path: Path | None, *, workbook: Path | None = None) -> Path:
    """The log file meant by PATH: a log file, a folder holding one, or None for the default.

    For a folder, ``folder/.xlcrm/audit.jsonl`` wins if it exists, then
    ``folder/audit.jsonl``; if neither exists, the first is where a new log would go.
    None means the log of WORKBOOK, or of the current directory when no workbook is given.
    """
    if path is None:
        if workbook is not None:
            return default_log_path(workbook)
        return Path.cwd() / AUDIT_DIR / AUDIT_FILE
    if not path.is_dir():
        return path
    hidden = path / AUDIT_DIR / AUDIT_FILE
    if hidden.is_file():
        return hidden
    plain = path / AUDIT_FILE
    return plain if plain.is_file() else hidden


def file_sha256(path: Path) -> str:
    """The SHA-256 hex digest of a file, read in 1 MiB chunks so big workbooks stay cheap."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- entries -----------------------------------------------------------------------------


def canonical_json(entry: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash covers: sorted keys, no spaces, UTF-8, ``hash`` left out."""
    body = {key: value for key, value in entry.items() if key != "hash"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The SHA-256 hex digest of an entry's canonical JSON."""
    return hashlib.sha256(canonical_json(entry)).hexdigest()


def append_entry(
    log: Path,
    *,
    action: str,
    file: Path | str | None,
    sheet: str | None = None,
    counts: Mapping[str, int] | None = None,
    output: Path | str | None = None,
    details: Mapping[str, object] | None = None,
    user: str | None = None,
    now: datetime | None = None,
    input_sha256: str | None = None,
    status: str | None = None,
    completes: int | None = None,
) -> dict[str, Any]:
    """Append one entry for ACTION to the log at LOG and return it.

    ``status`` (``pending``, ``done``, ``failed``, ``interrupted``) and ``completes`` (the
    number of the pending entry this one completes) are there only when given.

    ``input_sha256`` is the input's hash taken before the action ran; an action that
    changed its file in place needs it, since hashing the file now gives the new bytes.

    The entry records who and where (user, host), when (ISO 8601 with offset), what
    (action, file, sheet, output, counts, details), the SHA-256 of the input and output
    files when they exist, and links to the previous entry through ``prev``. An exclusive
    lock on the log keeps concurrent appends from interleaving or forking the chain.

    ``counts`` and ``details`` must hold JSON values only (a TypeError or ValueError
    otherwise), and they must NEVER hold personal data: no names, phones, emails, IDs or
    other cell values, only counts, column names, settings and the like. The log is kept
    for years and read by people who may not see the customer list.

    Raises AuditLogError when the log folder cannot be written or the last line of the
    log is not a valid entry.
    """
    body = _as_logged(
        {
            "time": _stamp(now),
            "user": user or current_user(),
            "host": host_name(),
            "action": action,
            "file": None if file is None else str(file),
            "sheet": sheet,
            "counts": dict(counts or {}),
            "input_sha256": sha256_if_file(file) if input_sha256 is None else input_sha256,
            "output": None if output is None else str(output),
            "output_sha256": sha256_if_file(output),
            "details": dict(details or {}),
            **({} if status is None else {"status": status}),
            **({} if completes is None else {"completes": completes}),
        }
    )
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a+b", buffering=0) as f, _locked(f):
            last, ends_with_newline = _read_last_line(f)
            entry = _chain(body, _parse_last(last, log))
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            # A last line saved without its newline must not be glued to the new one.
            data = line.encode("utf-8") if ends_with_newline else b"\n" + line.encode("utf-8")
            f.write(data)
            os.fsync(f.fileno())  # an audit line that a crash can lose is not much of one
    except OSError as exc:
        raise AuditLogError("audit_log_not_writable", log=log, reason=exc.strerror or exc) from exc
    save_anchor(log, entry)
    return entry


def _stamp(now: datetime | None) -> str:
    """The time of an entry, ISO 8601 with its offset: a naive time is taken as local."""
    moment = now or datetime.now()
    return (moment if moment.tzinfo else moment.astimezone()).isoformat(timespec="seconds")


def _as_logged(body: dict[str, Any]) -> dict[str, Any]:
    """BODY as a reader will load it back: the hash must cover exactly that.

    Round-trip through JSON (int keys become strings, tuples lists), so a bad value also
    fails here, before the lock.
    """
    loaded: dict[str, Any] = json.loads(json.dumps(body, ensure_ascii=False, allow_nan=False))
    return loaded


def _chain(body: Mapping[str, Any], last: Mapping[str, Any] | None) -> dict[str, Any]:
    """BODY as the entry after LAST: with seq, prev and its own hash."""
    seq = 1 if last is None else last["seq"] + 1
    prev = GENESIS_HASH if last is None else last["hash"]
    entry: dict[str, Any] = {"seq": seq, **body, "prev": prev}
    entry["hash"] = entry_hash(entry)
    return entry


def current_user() -> str:
    """The login name, or the environment's idea of it when the system has none."""
    try:
        return getpass.getuser()
    except Exception:  # OSError, KeyError or ImportError depending on platform and Python
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def host_name() -> str:
    """This computer's name, or 'unknown'."""
    try:
        return socket.gethostname()
    except OSError:
        return "unknown"


def sha256_if_file(path: Path | str | None) -> str | None:
    """The file's hash, or None when there is no such file or it cannot be read."""
    if path is None:
        return None
    try:
        target = Path(path)
        return file_sha256(target) if target.is_file() else None
    except OSError:  # e.g. locked by Excel on Windows: the action still happened
        return None


# --- locking and the tail ----------------------------------------------------------------


@contextmanager
def _locked(f: IO[bytes]) -> Iterator[None]:
    """Hold an exclusive lock on the open file F, waiting for other writers."""
    if sys.platform == "win32":
        import msvcrt

        f.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)  # retries for about 10 s, then OSError
        try:
            yield
        finally:
            f.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _read_last_line(f: IO[bytes]) -> tuple[bytes | None, bool]:
    """The last non-blank line of F and whether F ends with a newline.

    Reads backwards from the end in blocks, so a log of any length appends in
    constant time. An empty file gives (None, True).
    """
    end = f.seek(0, os.SEEK_END)
    pos, tail = end, b""
    while pos > 0:
        step = min(_TAIL_BLOCK, pos)
        pos -= step
        f.seek(pos)
        tail = f.read(step) + tail
        stripped = tail.rstrip(b"\r\n\t ")
        cut = stripped.rfind(b"\n")
        if cut >= 0:
            return stripped[cut + 1 :], tail.endswith(b"\n")
    stripped = tail.rstrip(b"\r\n\t ")
    return (stripped or None), (not tail or tail.endswith(b"\n"))


def _parse_last(line: bytes | None, log: Path) -> dict[str, Any] | None:
    """The entry on the log's last line, or AuditLogError when it is not one."""
    if line is None:
        return None
    entry = _parse_line(line)
    if entry is None or type(entry.get("seq")) is not int or not isinstance(entry.get("hash"), str):
        raise AuditLogError("audit_log_last_line_invalid", log=log)
    return entry


def _parse_line(line: bytes) -> dict[str, Any] | None:
    """The JSON object on LINE, or None when it is not UTF-8 JSON holding an object."""
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


# --- reading and verifying ---------------------------------------------------------------


def _numbered_lines(log: Path) -> Generator[tuple[int, bytes], None, None]:
    """(1-based line number, line) for each non-blank line of LOG, streamed.

    Split on b"\\n" only: U+2028 and other characters str.splitlines() treats as line
    breaks may appear unescaped inside a value.
    """
    try:
        with log.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if raw.strip():
                    yield number, raw
    except FileNotFoundError:
        raise AuditLogError("audit_log_missing", log=log) from None
    except OSError as exc:
        raise AuditLogError("audit_log_not_readable", log=log, reason=exc.strerror or exc) from exc


def read_entries(log: Path) -> list[dict[str, Any]]:
    """Every entry in the log, in file order; AuditLogError if one line is not JSON."""
    entries = []
    for number, raw in _numbered_lines(log):
        entry = _parse_line(raw)
        if entry is None:
            raise AuditLogError("audit_log_line_not_json", log=log, line=number)
        entries.append(entry)
    return entries


class Tampering(StrEnum):
    """What verify found wrong at the first bad line."""

    EDITED = "edited"  # the line's own hash does not match its content
    REMOVED = "removed"  # seq jumps forward and the missing seq is nowhere in the file
    REORDERED = "reordered"  # seq out of place: the expected one is elsewhere, or repeats
    INSERTED = "inserted"  # seq in place, prev wrong: inserted, or the line before replaced
    NOT_JSON = "not_json"  # the line is not a JSON object (damaged or truncated)
    TRUNCATED = "truncated"  # fewer entries than an anchor kept elsewhere says there were
    REWRITTEN = "rewritten"  # an anchored entry has another hash: the log was rewritten


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`verify`.

    ``entries`` counts the entries that checked out (all of them when ``ok``);
    ``first_bad_line`` is the 1-based line number in the file; ``reason`` is a bilingual
    sentence for the user and ``kind`` the same as a code; ``last_hash`` is the hash of
    the last good entry, worth keeping elsewhere to anchor the log.
    """

    ok: bool
    entries: int
    first_bad_line: int | None = None
    reason: str | None = None
    kind: Tampering | None = None
    last_hash: str | None = None
    anchors: tuple[str, ...] = ()  # where the anchors that were checked are kept


def verify(log: Path, anchors: Sequence[Anchor] = ()) -> VerifyResult:
    """Check the log's hash chain and report the first line that breaks it.

    Then the ``anchors`` (entries kept elsewhere, see :mod:`xlcrm.audit.anchor`): the log
    must still hold each, with its hash. An empty log is valid with 0 entries; a missing
    log raises AuditLogError.
    """
    good, prev, expected = 0, GENESIS_HASH, 1
    wanted = {a.seq for a in anchors}
    hashes: dict[int, str] = {}
    # closing(): an early return must release the file now (Windows cannot move an open one).
    with closing(_numbered_lines(log)) as lines:
        for number, raw in lines:
            entry = _parse_line(raw)
            kind = _check(entry, prev, expected, lines)
            if kind is not None:
                found = entry.get("seq") if entry else None
                reason = tampering_reason(kind.value, number, expected, found)
                last = None if good == 0 else prev
                return VerifyResult(False, good, number, reason, kind, last)
            assert entry is not None  # _check found it an entry
            if expected in wanted:
                hashes[expected] = entry["hash"]
            good, prev, expected = good + 1, entry["hash"], expected + 1
    last_hash = None if good == 0 else prev
    where = tuple(sorted({a.where for a in anchors}))
    bad = broken_anchor(hashes, good, list(anchors))
    if bad is not None:
        kind = Tampering.TRUNCATED if bad.seq > good else Tampering.REWRITTEN
        reason = anchor_reason(kind.value, good, bad.seq, bad.where)
        return VerifyResult(False, good, None, reason, kind, last_hash, where)
    return VerifyResult(True, good, last_hash=last_hash, anchors=where)


def _check(
    entry: dict[str, Any] | None, prev: str, expected: int, rest: Iterator[tuple[int, bytes]]
) -> Tampering | None:
    """What is wrong with ENTRY as the one after PREV with seq EXPECTED, or None."""
    if entry is None:
        return Tampering.NOT_JSON
    if entry.get("hash") != entry_hash(entry):
        return Tampering.EDITED
    seq = entry.get("seq")
    if seq != expected or type(seq) is not int:
        if type(seq) is int and seq > expected and not _seq_later(expected, rest):
            return Tampering.REMOVED
        return Tampering.REORDERED
    if entry.get("prev") != prev:
        return Tampering.INSERTED
    return None


def _seq_later(seq: int, rest: Iterable[tuple[int, bytes]]) -> bool:
    """Whether any remaining line holds an entry numbered SEQ (then lines moved)."""
    for _, raw in rest:
        entry = _parse_line(raw)
        if entry is not None and entry.get("seq") == seq:
            return True
    return False
