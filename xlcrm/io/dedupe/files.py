"""Shared plumbing of the dedupe, merge and unmerge copies: names, columns, compression.

Each of the three writes its copy with :func:`xlcrm.io.copies.write_copy`, in place
when asked (the caller made a backup), compressed for speed on big sheets
(:func:`compresslevel`).
"""

from __future__ import annotations

from xlcrm.io.reader import SheetTable
from xlcrm.schema import normalize_header

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


def compresslevel(table: SheetTable) -> int:
    """zlib's level for the copy: 1 from FAST_ROWS rows (a third faster, a bigger file)."""
    return 1 if len(table.df) >= FAST_ROWS else 6
