"""``xlcrm merge``: merge the duplicate groups the user confirmed, reversibly and explainably.

The groups come from the Duplicates sheet ``xlcrm dedupe --out`` wrote (rows whose
合并? / Merge? cell says Y), or, with ``--auto``, from a fresh search. Each group becomes
its first row (the survivor), whose cells take the values the survivorship rules choose
(:mod:`xlcrm.core.dedupe.survivorship`); a 合并来源 / Merged from column says which row each kept
value came from. The other rows are copied to the 已合并 / Merged sheet with the row
they were merged into, then cleared in the data sheet: their place stays (blank), so
row numbers, links and anything else that points into the sheet still hold. Every cell
changed is written to the merge journal (:mod:`xlcrm.io.dedupe.journal`), with its formula
when it held one, which is how ``xlcrm unmerge`` puts the sheet back exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xlcrm.core.dedupe.survivorship import MergedRecord, merge_rows, rules_from_rows
from xlcrm.core.values.findings import is_blank
from xlcrm.errors import XlcrmError
from xlcrm.io.copies import write_copy
from xlcrm.io.dedupe.files import (
    DUP_COLUMNS,
    DUPLICATES_TITLE,
    GROUP_HEADER,
    JOURNAL_TITLE,
    MERGED_TITLE,
    PROVENANCE_HEADER,
    both,
    compresslevel,
    find_column,
)
from xlcrm.io.dedupe.journal import JournalEntry, journal_rows, read_journal
from xlcrm.io.reader import SheetTable
from xlcrm.io.sources import Source
from xlcrm.schema import normalize_header
from xlcrm.text import Text, message
from xlcrm.xlsx import CellFormulas, CellPatch, WorkbookPatch, cell_location

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

    @property
    def rows_merged_away(self) -> int:
        return sum(len(r.merged_away) for r in self.records)


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
        for row in record.merged_away:
            for column in table.columns:
                value = lines[row][column.position]
                if value is not None:  # placeholders such as 无 are cleared too
                    edits[(row, column.position + 1)] = (value, None)
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
    batch = max((e.batch for e in old_journal), default=0) + 1
    plan = plan_merge(table, groups, batch)
    merged_rows = list(_merged_rows(table, plan, source, batch))

    def build(patch: WorkbookPatch, sheet: str) -> None:
        keep_formulas(plan, patch.formulas(sheet, plan.cells))
        patch.patch_cells(sheet, plan.cells)
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

    write_copy(
        table, dst, build, password=password, in_place=True, compresslevel=compresslevel(table)
    )
    return plan


def keep_formulas(plan: MergePlan, formulas: CellFormulas) -> None:
    """Leave the survivors' formula cells alone and journal the formulas of cleared cells.

    calamine read cached values only, so the formulas come from the sheet's XML. A
    survivor's formula stays and is computed from the merged values; a value over it
    would lose it. A cell other formulas depend on (a shared formula's text) cannot be
    cleared either, and stays too.
    """
    kept = {c for c in formulas if c in formulas.anchors or plan.cells[c].value is not None}
    for cell in kept:
        del plan.cells[cell]
    plan.journal = [
        replace(e, before_formula=formulas.get((e.row, e.column)))
        for e in plan.journal
        if (e.row, e.column) not in kept
    ]


def _merged_rows(
    table: SheetTable, plan: MergePlan, source: Source, batch: int
) -> Iterator[list[Any]]:
    """The Merged sheet: earlier merges' rows (carried over), then this batch's."""
    language = table.language
    header = [MERGED_FIXED[k](language) for k in ("batch", "into", "row")]
    yield header + [c.header for c in table.columns]
    yield from earlier_merged_rows(source)
    for record in plan.records:
        for row in record.merged_away:
            values = plan.lines[row]
            yield [batch, record.survivor, row, *("" if v is None else v for v in values)]


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
