"""The audit log as text: ``xlcrm audit show``'s table, and the sentences of ``audit verify``.

Display only: nothing here reads, writes or verifies the log (that is :mod:`xlcrm.audit.log`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from xlcrm.text import Text, message

SHORT_HASH = 12  # characters of a hash shown in `xlcrm audit show`

SHOW_COLUMNS: tuple[Text, ...] = (
    Text("序号", "Seq"),
    Text("时间", "Time"),
    Text("用户", "User"),
    Text("操作", "Action"),
    Text("状态", "Status"),
    Text("文件", "File"),
    Text("工作表", "Sheet"),
    Text("数量", "Counts"),
    Text("哈希", "Hash"),
)
BLANK = Text("—", "-")  # a missing value
STATUSES = {
    "pending": Text("进行中", "pending"),
    "done": Text("完成", "done"),
    "failed": Text("失败", "failed"),
    "interrupted": Text("中断", "interrupted"),
}
DRY_RUN = Text("演练", "dry run")


def show_columns(language: str = "zh") -> tuple[str, ...]:
    """Column headings for the rows of :func:`format_entries`."""
    return tuple(column(language) for column in SHOW_COLUMNS)


def format_entries(
    entries: Iterable[Mapping[str, Any]], *, language: str = "zh"
) -> list[tuple[str, ...]]:
    """One row of text per entry for ``xlcrm audit show``, matching :func:`show_columns`.

    The file is shown by name only, counts as ``k=v`` pairs and the hash shortened;
    LANGUAGE only changes the placeholder for a missing value.
    """
    return [_format_entry(entry, BLANK(language), language) for entry in entries]


def _format_entry(entry: Mapping[str, Any], blank: str, language: str) -> tuple[str, ...]:
    file = entry.get("file")
    return (
        str(entry.get("seq", blank)),
        _show_time(entry.get("time")) or blank,
        str(entry.get("user") or blank),
        str(entry.get("action") or blank),
        _show_status(entry, language) or blank,
        _base_name(file) if file else blank,
        str(entry.get("sheet") or blank),
        _show_counts(entry.get("counts")) or blank,
        str(entry.get("hash") or "")[:SHORT_HASH] or blank,
    )


def _show_status(entry: Mapping[str, Any], language: str) -> str:
    """``pending``, ``done ←3`` (completing entry 3) ...; a dry run says so."""
    status = entry.get("status")
    details = entry.get("details")
    if status is None:
        dry = isinstance(details, dict) and details.get("dry_run")
        return DRY_RUN(language) if dry else ""
    word = STATUSES.get(str(status))
    shown = word(language) if word is not None else str(status)
    completes = entry.get("completes")
    return f"{shown} ←{completes}" if isinstance(completes, int) else shown


def _show_counts(counts: object) -> str:
    """Counts as ``rows=120, issues=3``."""
    if not isinstance(counts, dict):
        return ""
    return ", ".join(f"{key}={value}" for key, value in counts.items())


def _show_time(stamp: object) -> str:
    """ISO time as ``YYYY-MM-DD HH:MM:SS`` (the offset dropped for a narrow column)."""
    if not isinstance(stamp, str):
        return ""
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


def _base_name(path: str) -> str:
    """The file name of a path logged on Windows or POSIX, whichever this machine is."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def tampering_reason(kind: str, line: int, expected: int, found: object) -> str:
    """The bilingual sentence ``audit verify`` gives for a line of KIND (a Tampering value)."""
    return str(message(f"audit_line_{kind}", line=line, expected=expected, found=found))


def anchor_reason(kind: str, count: int, seq: int, where: str) -> str:
    """The bilingual sentence for a log that no longer holds an anchored entry."""
    return str(message(f"audit_log_{kind}", count=count, seq=seq, where=where))
