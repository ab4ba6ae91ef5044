"""Anchors of an audit log: its length and last hash, kept where the log is not.

A hash chain shows a line edited, removed from the middle or reordered, but not lines cut
off the end, nor a log rewritten whole with every hash recomputed. So xlcrm keeps the
latest entry's number and hash in two more places, and ``xlcrm audit verify`` compares:

* **this computer's anchor file**, ``<state>/anchors/<hash of the log's path>.json``, in
  the user's own folder (``XLCRM_STATE_DIR``, else ``~/.local/state/xlcrm`` or
  ``%LOCALAPPDATA%\\xlcrm``), updated after every entry this user appends;
* **the workbook**: a workbook xlcrm changes in place carries the custom document
  property ``xlcrm_audit`` (``{"log": ".xlcrm/audit.jsonl", "seq": N, "hash": "…"}``), the
  entry that records the change.

An anchor ``(seq N, hash H)`` holds when the log has an entry N whose hash is H. The log
then still has every entry up to N, unchanged (each hash covers the one before). A log
with fewer entries was cut; one whose entry N has another hash was rewritten. What this
cannot see: entries after the newest anchor that are cut or rewritten, by someone who
can also rewrite the anchor file in the user's folder and every workbook carrying one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_ENV = "XLCRM_STATE_DIR"
PROPERTY = "xlcrm_audit"  # the custom document property of a workbook changed in place


@dataclass(frozen=True)
class Anchor:
    """An entry a log must still hold: its number and hash, and where the anchor was kept."""

    seq: int
    hash: str
    where: str


def state_dir() -> Path:
    """xlcrm's folder of per-user state (``XLCRM_STATE_DIR`` overrides)."""
    configured = os.environ.get(STATE_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlcrm"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "xlcrm"


def anchor_path(log: Path) -> Path:
    """The anchor file of ``log`` in the state folder (one per log, by its full path)."""
    key = hashlib.sha256(str(log.resolve()).encode("utf-8")).hexdigest()[:32]
    return state_dir() / "anchors" / f"{key}.json"


def save_anchor(log: Path, entry: dict[str, Any]) -> None:
    """Remember ``entry`` as the newest of ``log`` (never moving back to an older one).

    Best effort: a state folder that cannot be written leaves the log unanchored, which
    ``audit verify`` reports; it does not stop the action.
    """
    target = anchor_path(log)
    try:
        old = load_anchor(log)
        if old is not None and old.seq >= int(entry["seq"]):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        data = {"log": str(log.resolve()), "seq": entry["seq"], "hash": entry["hash"]}
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError:
        return


def load_anchor(log: Path) -> Anchor | None:
    """The anchor this computer keeps for ``log``, if any."""
    target = anchor_path(log)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        return Anchor(int(data["seq"]), str(data["hash"]), str(target))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def property_value(log: Path, workbook: Path, entry: dict[str, Any]) -> str:
    """The ``xlcrm_audit`` property ``workbook`` gets for the entry recording its change;
    the log is named relative to the workbook's folder when it can be."""
    try:
        where = Path(os.path.relpath(log.resolve(), workbook.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        where = str(log.resolve())
    return json.dumps({"log": where, "seq": entry["seq"], "hash": entry["hash"]})


def from_property(value: str, where: str) -> Anchor | None:
    """The anchor in a workbook's ``xlcrm_audit`` property (None when unreadable)."""
    try:
        data = json.loads(value)
        return Anchor(int(data["seq"]), str(data["hash"]), where)
    except (ValueError, KeyError, TypeError):
        return None


def broken_anchor(hashes: dict[int, str], count: int, anchors: list[Anchor]) -> Anchor | None:
    """The first anchor the log does not hold, given each entry's hash by seq."""
    for anchor in sorted(anchors, key=lambda a: -a.seq):
        if anchor.seq > count or hashes.get(anchor.seq) != anchor.hash:
            return anchor
    return None
