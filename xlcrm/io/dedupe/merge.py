"""``xlcrm merge``: merge the duplicate groups the user confirmed, reversibly and explainably.

The groups come from the Duplicates sheet ``xlcrm dedupe --out`` wrote (rows whose
合并? / Merge? cell says Y), or, with ``--auto``, from a fresh search. Each group becomes
its first row (the survivor), whose cells take the values the survivorship rules choose
(:mod:`xlcrm.core.dedupe.survivorship`); a 合并来源 / Merged from column says which row each kept
value came from. The other rows are copied to the 已合并 / Merged sheet with the row
they were merged into, then removed from the data sheet, as Excel's Remove Duplicates
does: the rows below move up, and the sheet's table, validations, conditional formats,
formulas, defined names and AutoFilter follow (:meth:`xlcrm.xlsx.WorkbookPatch.delete_rows`).
Every cell changed or removed is written to the merge journal
(:mod:`xlcrm.io.dedupe.journal`), with its formula and style, and what the removal changed
for good is kept beside it, which is how ``xlcrm unmerge`` puts the sheet back exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xlcrm.core.dedupe.survivorship import MergedRecord, merge_rows, rules_from_rows
from xlcrm.core.values.findings import is_blank
from xlcrm.errors import XlcrmError
from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import (
    APART_COLUMNS,
    DUP_COLUMNS,
    DUPLICATES_TITLE,
    GROUP_HEADER,
    JOURNAL_TITLE,
    KEPT_APART_TITLE,
    MERGED_TITLE,
    PROVENANCE_HEADER,
    both,
    compresslevel,
    find_column,
)
from xlcrm.io.dedupe.journal import (
    MOVES_TITLE,
    ROW_MARKER,
    JournalEntry,
    journal_rows,
    moves_rows,
    read_journal,
    read_moves,
)
from xlcrm.io.dedupe.report import rewrite_listing
from xlcrm.io.reader import SheetTable
from xlcrm.io.sources import Source
from xlcrm.schema import normalize_header
from xlcrm.text import Text, message
from xlcrm.xlsx import CellFormulas, CellPatch, Moved, RowMap, WorkbookPatch, cell_location

YES_WORDS = frozenset({"y", "yes", "是", "合并", "1", "true", "√", "✓"})
MERGED_FIXED = {
    "batch": Text("批次", "Batch"),
    "into": Text("合并到", "Merged into"),
    "row": Text("原行", "Row"),
}
MERGED_ROWS = Text("合并了第 {rows} 行", "merged rows {rows}")
VALUE_FROM = Text("{header}←第{rows}行", "{header}←row {rows}")


@dataclass
class MergePlan:
    """What a merge changes: the merged records, the cell edits and their journal."""

    records: list[MergedRecord]
    batch: int
    lines: dict[int, list[Any]] = field(default_factory=dict)  # group rows' values, as read
    cells: dict[tuple[int, int], CellPatch] = field(default_factory=dict)
    journal: list[JournalEntry] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)  # what removing the rows changed for good
    _map: RowMap | None = None

    @property
    def rows_merged_away(self) -> int:
        return sum(len(r.merged_away) for r in self.records)

    @property
    def removed(self) -> list[int]:
        """The rows the merge removes (Excel rows, before the removal)."""
        return sorted(row for record in self.records for row in record.merged_away)

    def now(self, row: int) -> int:
        """Where a kept row is once the merged-away rows are gone."""
        if self._map is None:
            self._map = RowMap.deleting(self.removed)
        return self._map.row(row) or row


def read_selection(source: Source, table: SheetTable) -> list[tuple[int, ...]]:
    """The groups to merge: per group, the data rows marked Y in the Duplicates sheet."""
    name = _duplicates_sheet(source)
    grid = source.grid(name)
    header = [normalize_header(v) for v in (grid[0] if grid else [])]
    positions: dict[str, int] = {}
    for key, pair in DUP_COLUMNS.items():
        found = [
            header.index(normalize_header(t)) for t in both(pair) if normalize_header(t) in header
        ]
        if found:
            positions[key] = found[0]
    missing = [DUP_COLUMNS[k](table.language) for k in ("group", "row", "merge")
               if k not in positions]  # fmt: skip
    if missing:
        columns = Text.join([Text.same(m) for m in missing])
        raise XlcrmError("duplicates_sheet_without_columns", sheet=name, columns=columns)
    groups: dict[int, list[int]] = {}
    seen: dict[int, int] = {}
    for line, cells in enumerate(grid[1:], start=2):
        group, row, merge = (_cell(cells, positions[k]) for k in ("group", "row", "merge"))
        if is_blank(group) and is_blank(row):
            continue
        group_no, row_no = _whole(group), _whole(row)
        if group_no is None or row_no is None:
            raise _bad_line(name, line, message("duplicates_line_not_whole"))
        if row_no in seen and seen[row_no] != group_no:
            raise _bad_line(name, line, message("duplicates_line_row_twice", row=row_no))
        seen[row_no] = group_no
        if str(merge).strip().casefold() in YES_WORDS:
            groups.setdefault(group_no, []).append(row_no)
    for rows in groups.values():
        for row in rows:
            if row not in table.df.index:
                raise XlcrmError("duplicates_row_missing", sheet=name, row=row, data=table.sheet)
    return [tuple(sorted(set(rows))) for _g, rows in sorted(groups.items()) if len(set(rows)) > 1]


def _duplicates_sheet(source: Source) -> str:
    titles = {t.casefold() for t in both(DUPLICATES_TITLE)}
    for name in source.sheet_names:
        if name.casefold() in titles:
            return name
    raise XlcrmError("duplicates_sheet_missing", name=source.path.name)


def _cell(cells: Sequence[Any], position: int) -> Any:
    return cells[position] if position < len(cells) else ""


def _whole(value: Any) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and number > 0 else None


def _bad_line(sheet: str, line: int, problem: Text) -> XlcrmError:
    return XlcrmError("duplicates_line_unreadable", sheet=sheet, line=line, problem=problem)


def plan_merge(table: SheetTable, groups: Sequence[Sequence[int]], batch: int) -> MergePlan:
    """Merge each group by the Settings' survivorship rules; the cell edits and journal."""
    language = table.language
    rules = rules_from_rows(table.settings.table_rows("survivorship"))
    skip = {find_column(table, GROUP_HEADER), find_column(table, PROVENANCE_HEADER)}
    data = [c for c in table.columns if c.position not in skip]
    field_of = {c.key: c.field for c in data}
    provenance = find_column(table, PROVENANCE_HEADER)
    prov_column = (provenance if provenance is not None else len(table.columns)) + 1
    plan = MergePlan([], batch)
    edits: dict[tuple[int, int], tuple[Any, Any]] = {}
    if provenance is None:
        edits[(table.header_row, prov_column)] = (None, PROVENANCE_HEADER(language))
    lines = plan.lines = _lines(table, groups)  # Excel row → its values, in table.columns order
    at = {c.key: i for i, c in enumerate(table.columns)}
    headers = {c.key: c.header for c in data}
    for rows in groups:
        record = merge_rows(
            {r: [lines[r][at[c.key]] for c in data] for r in rows},
            [c.key for c in data],
            rules=rules,
            field_of=field_of,
            language=language,
        )
        plan.records.append(record)
        survivor = lines[record.survivor]
        for column in data:
            kept = record.values[column.key]
            if kept.changed:
                # a date gets a date format; the patcher keeps the group's fill under it
                cell = (record.survivor, column.position + 1)
                edits[cell] = (survivor[at[column.key]], kept.value)
        old = survivor[provenance] if provenance is not None else None
        note = provenance_note(record, headers, language)
        text = f"{old} | {note}" if not is_blank(old) else note
        edits[(record.survivor, prov_column)] = (old, text)
    for (row, number), (before, after) in sorted(edits.items()):
        plan.cells[(row, number)] = CellPatch(value=after)
        plan.journal.append(JournalEntry(batch, table.sheet, row, number, before, after))
    return plan


def _lines(table: SheetTable, groups: Sequence[Sequence[int]]) -> dict[int, list[Any]]:
    """The values of every row in a group, taken from the table in one step."""
    wanted = sorted({row for rows in groups for row in rows})
    matrix = table.df.loc[wanted, [c.key for c in table.columns]].to_numpy(dtype=object)
    return {row: list(matrix[i]) for i, row in enumerate(wanted)}


def provenance_note(record: MergedRecord, headers: dict[str, str], language: str) -> str:
    """'合并了第 12、15 行；电话←第15行' : the rows merged in and where changed values came from."""
    parts = [MERGED_ROWS.format(rows=_row_list(record.merged_away))]
    for key, kept in record.values.items():
        if kept.changed and kept.sources:
            parts.append(VALUE_FROM.format(header=headers[key], rows=_row_list(kept.sources)))
    return Text.join(parts, zh="；", en="; ")(language)


def _row_list(rows: Sequence[int]) -> Text:
    return Text.join([Text.same(str(r)) for r in rows])


def write_merge_workbook(
    table: SheetTable,
    source: Source,
    groups: Sequence[Sequence[int]],
    dst: Path,
    *,
    password: str | None = None,
) -> MergePlan:
    """Write the merged copy to ``dst``: data sheet, Merged sheet and the journal."""
    old_journal = read_journal(source)
    old_moves = read_moves(source)
    batch = max((e.batch for e in old_journal), default=0) + 1
    plan = plan_merge(table, groups, batch)
    grid = source.grid(table.sheet)

    def build(patch: WorkbookPatch, sheet: str) -> None:
        keep_formulas(plan, patch.formulas(sheet, plan.cells))
        journal_removed_rows(plan, patch, sheet, grid)
        patch.patch_cells(sheet, plan.cells)
        plan.moved = patch.delete_rows(sheet, plan.removed)
        merged_rows = list(_merged_rows(table, plan, source, batch))
        title = MERGED_TITLE(table.language)
        links = {
            (line, 2): cell_location(sheet, int(row[1]), 1)
            for line, row in enumerate(merged_rows[1:], start=2)
            if isinstance(row[1], int)
        }
        patch.add_sheet(title, merged_rows, hyperlinks=links, tab_color="FF7F7F7F",
                        column_widths=[6, 9, 7, *(14 for _ in table.columns)])  # fmt: skip
        patch.add_sheet(JOURNAL_TITLE, journal_rows([*old_journal, *plan.journal]),
                        autofilter=False, hidden=True)  # fmt: skip
        moves = [*old_moves, *((batch, sheet, m) for m in plan.moved)]
        patch.add_sheet(MOVES_TITLE, moves_rows(moves), autofilter=False, hidden=True)
        renumber_listings(patch, source, sheet, table, RowMap.deleting(plan.removed))

    write_copy(
        table, dst, build, password=password, in_place=True, compresslevel=compresslevel(table)
    )
    return plan


def keep_formulas(plan: MergePlan, formulas: CellFormulas) -> None:
    """Leave the survivors' formula cells alone: calamine read cached values only, so the
    formulas come from the sheet's XML; a survivor's formula stays and is computed from
    the merged values, where a value over it would lose it."""
    kept = {c for c in formulas if c in formulas.anchors or plan.cells[c].value is not None}
    for cell in kept:
        del plan.cells[cell]
    plan.journal = [
        replace(e, before_formula=formulas.get((e.row, e.column)))
        for e in plan.journal
        if (e.row, e.column) not in kept
    ]


def journal_removed_rows(
    plan: MergePlan, patch: WorkbookPatch, sheet: str, grid: Sequence[Sequence[Any]]
) -> None:
    """Every cell of the rows the merge removes, with its value, formula and style, and
    each row's own attributes (height, hidden ...), so unmerge can put them back."""
    removed = plan.removed
    looks = patch.row_styles(sheet, removed)
    cells = [
        (row, column)
        for row in removed
        for column in sorted({*looks[row].cells} if row in looks else ())
    ]
    formulas = patch.formulas(sheet, cells)
    for row in removed:
        look = looks.get(row)
        attrs = json.dumps(look.attrs if look else {}, ensure_ascii=False, sort_keys=True)
        plan.journal.append(JournalEntry(plan.batch, sheet, row, ROW_MARKER, attrs, None))
        line = grid[row - 1] if row - 1 < len(grid) else []
        for column, style in sorted((look.cells if look else {}).items()):
            value = line[column - 1] if column - 1 < len(line) else None
            plan.journal.append(
                JournalEntry(
                    plan.batch, sheet, row, column, None if value == "" else value, None,
                    formulas.get((row, column)), style,
                )
            )  # fmt: skip


def _merged_rows(
    table: SheetTable, plan: MergePlan, source: Source, batch: int
) -> Iterator[list[Any]]:
    """The Merged sheet: earlier merges' rows (carried over), then this batch's. Each line
    names the row its customer lives on now (merged into), the rows having moved up."""
    language = table.language
    header = [MERGED_FIXED[k](language) for k in ("batch", "into", "row")]
    yield header + [c.header for c in table.columns]
    for line in earlier_merged_rows(source):
        if len(line) > 1 and isinstance(line[1], int):
            line[1] = plan.now(line[1])
        yield line
    for record in plan.records:
        for row in record.merged_away:
            values = plan.lines[row]
            yield [batch, plan.now(record.survivor), row,
                   *("" if v is None else v for v in values)]  # fmt: skip


def renumber_listings(
    patch: WorkbookPatch, source: Source, sheet: str, table: SheetTable, rows: RowMap
) -> None:
    """The Duplicates and Kept apart sheets after the merge: the merged-away rows' lines
    go (and a group or pair left with one line), the others name the rows where they are
    now, so the Duplicates sheet can serve the next merge (the N rows, set to Y) without
    running dedupe again. ``rows``: the rows the merge removes (or unmerge puts back)."""
    for title, columns, keys in (
        (DUPLICATES_TITLE, DUP_COLUMNS, ("group", "row", "merge")),
        (KEPT_APART_TITLE, APART_COLUMNS, ("pair", "row")),
    ):
        titles = {t.casefold() for t in both(title)}
        name = next((n for n in source.sheet_names if n.casefold() in titles), None)
        if name is None:
            continue  # merge --auto on a sheet that has none
        grid = source.grid(name)
        header = [normalize_header(v) for v in (grid[0] if grid else [])]
        where = {
            key: header.index(normalize_header(text))
            for key, pair in columns.items()
            for text in both(pair)
            if normalize_header(text) in header
        }
        if set(keys) <= where.keys():
            lines = _renumbered(grid[1:], where[keys[0]], where["row"], rows)
            rewrite_listing(patch, name, sheet, table, [list(grid[0]), *lines], where)


def _renumbered(
    grid: Sequence[Sequence[Any]], group: int, row_at: int, rows: RowMap
) -> list[list[Any]]:
    """Listing lines without the removed rows (nor a group left alone), rows renumbered."""
    lines = [list(line) for line in grid if rows.row(_whole(_cell(line, row_at)) or 1)]
    lines = [line for line in lines if any(str(v).strip() for v in line)]
    sizes = Counter(_whole(_cell(line, group)) for line in lines)
    lines = [line for line in lines if sizes[_whole(_cell(line, group))] > 1]
    for line in lines:
        row = _whole(_cell(line, row_at))
        if row is not None:
            line[row_at] = rows.row(row) or row
    return lines


def earlier_merged_rows(source: Source, *, drop_batch: int | None = None) -> Iterator[list[Any]]:
    """The body rows of an existing Merged sheet, without ``drop_batch``'s."""
    titles = {t.casefold() for t in both(MERGED_TITLE)}
    name = next((n for n in source.sheet_names if n.casefold() in titles), None)
    if name is None:
        return
    for line in source.grid(name)[1:]:
        if not any(str(v).strip() for v in line):
            continue
        cells = [int(v) if isinstance(v, float) and v.is_integer() else v for v in line]
        if drop_batch is not None and cells and cells[0] == drop_batch:
            continue
        yield cells


def merged_from_payload(plan: MergePlan) -> dict[str, Any]:
    """The --json shape of a merge: the groups merged and into which row."""
    return {
        "batch": plan.batch,
        "groups": [
            {
                "survivor": r.survivor,
                "merged": list(r.merged_away),
                "changed": sorted(k for k, v in r.values.items() if v.changed),
            }
            for r in plan.records
        ],
    }
