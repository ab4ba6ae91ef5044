"""Shared plumbing of the dedupe, merge and unmerge copies: names, sources and patching.

Each of the three writes a copy of the workbook with :class:`WorkbookPatch`; a CSV is
made a workbook first and a password-protected workbook is patched in a decrypted
temporary copy and encrypted again, so the copy is no less protected than the input.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from xlcrm.io.copies import patched_copy
from xlcrm.io.reader import SheetTable
from xlcrm.schema import normalize_header
from xlcrm.xlsx.patch import PatchSummary, WorkbookPatch

# Names follow the workbook's language; both are recognised when reading.
DUPLICATES_TITLE = {"zh": "重复客户", "en": "Duplicates"}
MERGED_TITLE = {"zh": "已合并", "en": "Merged"}
JOURNAL_TITLE = "xlcrm_merge_journal"
GROUP_HEADER = {"zh": "重复组", "en": "Duplicate group"}
PROVENANCE_HEADER = {"zh": "合并来源", "en": "Merged from"}
MERGE_YES, MERGE_NO = "Y", "N"
FAST_ROWS = 50_000  # from this many rows, copies are compressed for speed, not size

# Duplicates sheet headers: key → (zh, en)
DUP_COLUMNS: dict[str, tuple[str, str]] = {
    "group": ("组", "Group"),
    "row": ("行", "Row"),
    "score": ("得分", "Score"),
    "merge": ("合并?", "Merge?"),
    "reasons": ("原因", "Reasons"),
}


def label(pair: tuple[str, str] | dict[str, str], language: str) -> str:
    """The zh or en text of a (zh, en) pair or a {"zh", "en"} dict."""
    if isinstance(pair, dict):
        return pair["zh" if language == "zh" else "en"]
    return pair[0] if language == "zh" else pair[1]


def find_column(table: SheetTable, names: dict[str, str]) -> int | None:
    """0-based position of the column headed by one of ``names`` (any language)."""
    wanted = {normalize_header(n) for n in names.values()}
    for column in table.columns:
        if column.field is None and normalize_header(column.header) in wanted:
            return column.position
    return None


def column_key(table: SheetTable, position: int | None) -> str | None:
    if position is None:
        return None
    return next(c.key for c in table.columns if c.position == position)


def patch_copy(
    table: SheetTable,
    dst: Path,
    build: Callable[[WorkbookPatch, str], Any],
    *,
    password: str | None = None,
) -> PatchSummary:
    """Write a patched copy of ``table``'s workbook to ``dst``; ``build(patch, sheet)`` edits it.

    ``dst`` may be the input itself (the caller took a backup first): the copy is then
    written beside it and moved over it only once complete.
    """

    def work(src: Path, target: Path) -> PatchSummary:
        patch = WorkbookPatch(src)
        sheet = table.sheet if table.source_kind != "csv" else patch.sheet_names()[0]
        build(patch, sheet)
        # zlib's level 1 saves about a third of the time on big sheets, for a bigger file
        return patch.save(target, compresslevel=1 if len(table.df) >= FAST_ROWS else 6)

    return patched_copy(table, dst, work, password=password, in_place=True)
