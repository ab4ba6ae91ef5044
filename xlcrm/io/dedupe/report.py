"""The copy ``xlcrm dedupe --out`` writes: groups marked in the data sheet, a Duplicates sheet.

In the data sheet every row of a duplicate group gets the group's number in a new
column (重复组 / Duplicate group) and the group's fill colour, so the rows stand out when
the user scrolls or sorts. The Duplicates sheet (重复客户 / Duplicates) lists each group's
rows side by side: group, row (a link to the data row), score, a 合并? / Merge? column
(Y/N, a dropdown) and the reasons, then the row's values under the sheet's own headers.
``xlcrm merge`` reads the Y/N column back, so the user decides what is merged.

The copy is made by :func:`~xlcrm.io.copies.write_copy`: everything else in the
workbook stays as it was, and a re-run replaces the group column and the sheet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import (
    APART_COLUMNS,
    DUP_COLUMNS,
    DUPLICATES_TITLE,
    GROUP_HEADER,
    KEPT_APART_TITLE,
    MERGE_NO,
    MERGE_YES,
    both,
    column_key,
    compresslevel,
    find_column,
)
from xlcrm.io.reader import SheetTable
from xlcrm.text import Text
from xlcrm.xlsx import (
    CellPatch,
    ListValidation,
    PatchSummary,
    WorkbookPatch,
    cell_location,
    column_letters,
)

# Light fills that keep black text readable, cycled over the groups.
GROUP_FILLS = (
    "FFFFF2CC", "FFDDEBF7", "FFE2EFDA", "FFFCE4D6", "FFEDE1F5",
    "FFD9F2F2", "FFFFE0EC", "FFEDEDED", "FFFFF9C4", "FFDCE6F1",
)  # fmt: skip
FIXED_COLUMNS = ("group", "row", "score", "merge", "reasons")
MERGE_PROMPT = Text(
    "Y：合并本组中标 Y 的行；N：不合并这一行。",
    "Y: merge this row with the group's other Y rows; N: leave it as it is.",
)
REASON_SEPARATOR = Text("；", "; ")


class Group(Protocol):
    """What the report needs of a duplicate group (``xlcrm.core.dedupe.find.DuplicateGroup``)."""

    @property
    def group(self) -> int: ...
    @property
    def rows(self) -> tuple[int, ...]: ...
    @property
    def score(self) -> float: ...
    def reasons(self, language: str) -> tuple[str, ...]: ...


class Apart(Protocol):
    """Two rows sharing a number or email kept apart (``xlcrm.core.dedupe.find.KeptApart``)."""

    @property
    def rows(self) -> tuple[int, int]: ...
    @property
    def score(self) -> float: ...
    def reasons(self, language: str) -> tuple[str, ...]: ...


def group_fill(group: int) -> str:
    return GROUP_FILLS[(group - 1) % len(GROUP_FILLS)]


def write_dedupe_workbook(
    table: SheetTable,
    groups: Sequence[Group],
    dst: Path,
    *,
    password: str | None = None,
    apart: Sequence[Apart] = (),
) -> PatchSummary:
    """Write the marked copy of ``table``'s workbook with its Duplicates sheet to ``dst``;
    rows that share a number but were kept apart get a Kept apart sheet."""

    def build(patch: WorkbookPatch, sheet: str) -> None:
        mark_groups(patch, sheet, table, groups)
        add_duplicates_sheet(patch, sheet, table, groups)
        title = KEPT_APART_TITLE(table.language)
        if apart or any(n in both(KEPT_APART_TITLE) for n in patch.sheet_names()):
            add_kept_apart_sheet(patch, sheet, table, apart, title)

    return write_copy(
        table, dst, build, password=password, in_place=True, compresslevel=compresslevel(table)
    )


def mark_groups(
    patch: WorkbookPatch, sheet: str, table: SheetTable, groups: Sequence[Group]
) -> None:
    """The group column (reused on a re-run) and a fill per group over each group row."""
    existing = find_column(table, GROUP_HEADER)
    if existing is not None:
        patch.clear_marks(sheet)  # the fills of the earlier run
    position = existing if existing is not None else len(table.columns)
    column = position + 1
    cells: dict[tuple[int, int], CellPatch] = {
        (table.header_row, column): CellPatch(value=GROUP_HEADER(table.language))
    }
    old = column_key(table, existing)
    if old is not None:  # numbers of the earlier run on rows no longer in a group
        for row in table.df.index[table.df[old].notna()]:
            cells[(int(row), column)] = CellPatch(value=None)
    width = len(table.columns)
    for group in groups:
        fill = group_fill(group.group)
        for row in group.rows:
            for c in range(1, width + 1):
                if c != column:
                    cells[(row, c)] = CellPatch(fill=fill)
            cells[(row, column)] = CellPatch(value=group.group, fill=fill)
    patch.patch_cells(sheet, cells)


def value_columns(table: SheetTable) -> list[Any]:
    """The data columns shown side by side (the group column itself is left out)."""
    group = find_column(table, GROUP_HEADER)
    return [c for c in table.columns if c.position != group]


def add_duplicates_sheet(
    patch: WorkbookPatch, sheet: str, table: SheetTable, groups: Sequence[Group]
) -> str:
    """The Duplicates sheet, with row links and a Y/N dropdown in the Merge? column."""
    language = table.language
    columns = value_columns(table)
    link_column = _link_column(table)
    links: dict[tuple[int, int], str] = {}
    line = 1
    for group in groups:
        for row in group.rows:
            line += 1
            links[(line, 2)] = cell_location(sheet, row, link_column)
    title = DUPLICATES_TITLE(language)
    prompt = MERGE_PROMPT(language)
    merge = "D"  # FIXED_COLUMNS' "merge", the fourth column
    dropdowns = [
        ListValidation(f"{merge}2:{merge}{line}", (MERGE_YES, MERGE_NO),
                       prompt=prompt, prompt_title=title)
    ] if line > 1 else []  # fmt: skip
    return patch.add_sheet(
        title,
        _duplicate_rows(table, groups, columns),
        column_widths=[6, 7, 7, 8, 46, *(14 for _ in columns)],
        hyperlinks=links,
        tab_color="FFED7D31",
        validations=dropdowns,
    )


def rewrite_listing(
    patch: WorkbookPatch,
    title: str,
    sheet: str,
    table: SheetTable,
    rows: Sequence[Sequence[Any]],
    where: dict[str, int],
) -> str:
    """The Duplicates or Kept apart sheet written again from its ``rows`` (header first):
    row links, and on the Duplicates sheet (it has a Merge? column) the Y/N dropdown."""
    links = _row_links(sheet, table, rows, where["row"])
    values = [14 for _ in value_columns(table)]
    if "merge" not in where:  # Kept apart
        return patch.add_sheet(title, rows, column_widths=[6, 7, 7, 60, *values],
                               hyperlinks=links, tab_color="FF7F7F7F")  # fmt: skip
    merge = column_letters(where["merge"] + 1)
    dropdowns = [
        ListValidation(f"{merge}2:{merge}{len(rows)}", (MERGE_YES, MERGE_NO),
                       prompt=MERGE_PROMPT(table.language), prompt_title=title)
    ] if len(rows) > 1 else []  # fmt: skip
    return patch.add_sheet(
        title, rows, column_widths=[6, 7, 7, 8, 46, *values], hyperlinks=links,
        tab_color="FFED7D31", validations=dropdowns,
    )  # fmt: skip


def _row_links(
    sheet: str, table: SheetTable, rows: Sequence[Sequence[Any]], row_at: int
) -> dict[tuple[int, int], str]:
    """A link to the data row in the row column of each line (header first in ``rows``)."""
    link_column = _link_column(table)
    return {
        (line, row_at + 1): cell_location(sheet, int(values[row_at]), link_column)
        for line, values in enumerate(rows[1:], start=2)
        if isinstance(values[row_at], int)
    }


def _link_column(table: SheetTable) -> int:
    """The column a row link lands on: the name, else the first column."""
    for field in ("name", "company", "phone"):
        found = table.column_for(field)
        if found is not None:
            return found.position + 1
    return 1


def _duplicate_rows(
    table: SheetTable, groups: Sequence[Group], columns: Sequence[Any]
) -> Iterator[list[Any]]:
    language = table.language
    separator = REASON_SEPARATOR(language)
    yield [DUP_COLUMNS[k](language) for k in FIXED_COLUMNS] + [c.header for c in columns]
    df = table.df
    for group in groups:
        reasons = separator.join(group.reasons(language))
        for index, row in enumerate(group.rows):
            values = [_shown(df.at[row, c.key]) for c in columns] if row in df.index else []
            yield [
                group.group,
                row,
                round(float(group.score), 3),
                MERGE_YES,
                reasons if index == 0 else "",
                *values,
            ]


def add_kept_apart_sheet(
    patch: WorkbookPatch, sheet: str, table: SheetTable, pairs: Sequence[Apart], title: str
) -> str:
    """Pairs that share a phone or email but are two customers, and why (row links)."""
    language = table.language
    columns = value_columns(table)
    link_column = _link_column(table)
    links = {
        (2 + 2 * k + side, 2): cell_location(sheet, pair.rows[side], link_column)
        for k, pair in enumerate(pairs)
        for side in (0, 1)
    }
    separator = REASON_SEPARATOR(language)

    def lines() -> Iterator[list[Any]]:
        yield [APART_COLUMNS[k](language) for k in APART_COLUMNS] + [c.header for c in columns]
        for number, pair in enumerate(pairs, start=1):
            reasons = separator.join(pair.reasons(language))
            for side, row in enumerate(pair.rows):
                values = [_shown(table.df.at[row, c.key]) for c in columns]
                first = side == 0
                yield [number, row, round(float(pair.score), 3) if first else "",
                       reasons if first else "", *values]  # fmt: skip

    return patch.add_sheet(
        title,
        lines(),
        column_widths=[6, 7, 7, 60, *(14 for _ in columns)],
        hyperlinks=links,
        tab_color="FF7F7F7F",
    )


def _shown(value: Any) -> Any:
    return "" if value is None else value
