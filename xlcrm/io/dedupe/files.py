"""Shared plumbing of the dedupe, merge and unmerge copies: names, columns, compression.

Each of the three writes its copy with :func:`xlcrm.io.copies.write_copy`, in place
when asked (the caller made a backup), compressed for speed on big sheets
(:func:`compresslevel`).
"""

from __future__ import annotations

from xlcrm.io.reader import SheetTable
from xlcrm.schema import normalize_header
from xlcrm.text import Text

# Names follow the workbook's language; both are recognised when reading.
DUPLICATES_TITLE = Text("重复客户", "Duplicates")
KEPT_APART_TITLE = Text("判为不同", "Kept apart")
MERGED_TITLE = Text("已合并", "Merged")
JOURNAL_TITLE = "xlcrm_merge_journal"
GROUP_HEADER = Text("重复组", "Duplicate group")
PROVENANCE_HEADER = Text("合并来源", "Merged from")
MERGE_YES, MERGE_NO = "Y", "N"
FAST_ROWS = 50_000  # from this many rows, copies are compressed for speed, not size

# Duplicates sheet headers, by key
DUP_COLUMNS: dict[str, Text] = {
    "group": Text("组", "Group"),
    "row": Text("行", "Row"),
    "score": Text("得分", "Score"),
    "merge": Text("合并?", "Merge?"),
    "reasons": Text("原因", "Reasons"),
}
# Kept-apart sheet headers, by key
APART_COLUMNS: dict[str, Text] = {
    "pair": Text("对", "Pair"),
    "row": Text("行", "Row"),
    "score": Text("得分", "Score"),
    "reasons": Text("为何不是同一客户", "Why they are two customers"),
}


def both(text: Text) -> tuple[str, str]:
    """The Chinese and the English of a name: either is recognised when reading."""
    return (text.zh, text.en)


def find_column(table: SheetTable, names: Text) -> int | None:
    """0-based position of the column headed by ``names`` in either language."""
    wanted = {normalize_header(n) for n in both(names)}
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
