"""Run a file action on a sheet's values: a private copy in, the changes out.

Every action in the registry works on a workbook file, exactly as the command line runs
it. To run the same code on an open workbook, a front end (the .xlam ribbon, xlwings
Lite's scripts) reads the sheet's values in one call and hands them to :func:`run_on_grid`,
which writes them and the other sheets (Settings among them) into a temporary .xlsx, runs
the action with ``--out`` pointing at another temporary file, and reads back what it did:

- the cells of the user's sheet whose value changed (fixes, new tier columns), as one
  rectangle to write back in one call;
- the sheets the action added or rewrote (问题清单 Issues, 分级说明, 汇总 Summary …),
  formulas kept. The other sheets go into the copy too (merge reads 重复客户, for
  example); each is read in one call.

The temporary files never leave the machine's temp folder (under xlwings Lite: Pyodide's
in-memory file system) and are deleted after the run. Nothing here uses threads or
subprocesses, so it runs in Pyodide as it does in CPython.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options
from xlcrm.io.sources import open_source
from xlcrm.progress import Progress, no_progress
from xlcrm.text import Text

Grid = list[list[Any]]


@dataclass
class Outcome:
    """What the action changed: a block of the user's sheet and the sheets it added."""

    top: int = 0  # 1-based row of the changed block, 0 when no cell changed
    left: int = 0
    block: Grid = field(default_factory=list)  # new values of the block
    changed: set[tuple[int, int]] = field(default_factory=set)  # 1-based cells that changed
    sheets: dict[str, Grid] = field(default_factory=dict)  # added or rewritten sheets
    hidden: set[str] = field(default_factory=set)  # of those, the ones the action hides


Runner = Callable[[ActionRequest[Any]], ActionResult]


def run_on_grid(
    action: Action[Any],
    sheet: str,
    grid: Grid,
    extra: dict[str, Grid],
    *,
    options: Options | None = None,
    book_name: str = "book",
    run: Callable[[Runner, ActionRequest[Any]], ActionResult] | None = None,
    progress: Progress = no_progress,
) -> tuple[ActionResult, Outcome]:
    """Run ``action`` on the values of ``sheet`` (``extra``: the other sheets) as on a file.

    ``options`` default to the action's own; ``run`` wraps the call (the ribbon asks for
    passwords through it). Returns the action's result and what it changed.
    """
    with tempfile.TemporaryDirectory(prefix="xlcrm-") as folder:
        private = Path(folder) / f"{Path(book_name).stem or 'book'}.xlsx"
        write_private_copy(private, sheet, grid, extra)
        out = private.with_name(private.stem + ".out.xlsx")
        request = ActionRequest(
            private,
            options if options is not None else action.default_options(),
            sheet=sheet,
            out=out,
            progress=progress,
        )
        result = run(action.run, request) if run else action.run(request)
        progress("写回 writing back…", 0, 1)
        return result, read_outcome(out, sheet, grid, extra)


LIST_SEPARATOR = Text("、", ", ")  # between the names of the sheets an action wrote


def result_text(result: ActionResult, outcome: Outcome | None = None) -> str:
    """The action's sentence, then the sheets it added (or the file it wrote)."""
    text = result.text
    shown = [n for n in outcome.sheets if n not in outcome.hidden] if outcome else []
    if shown:
        text += " → " + LIST_SEPARATOR(result.language).join(shown)
    elif outcome is None and result.output is not None:
        text += f" → {result.output}"
    return text


def write_private_copy(path: Path, sheet: str, grid: Grid, extra: dict[str, Grid]) -> None:
    """The live sheet (and ``extra`` sheets such as 设置) as a plain .xlsx for the action."""
    book = openpyxl.Workbook(write_only=True)
    for name, rows in {sheet: grid, **extra}.items():
        target = book.create_sheet(name)
        for row in rows:
            target.append([None if v == "" else v for v in row])
    book.save(path)


def read_outcome(out: Path, sheet: str, before: Grid, others: dict[str, Grid]) -> Outcome:
    """Compare the action's output with what went in (``others``: the other sheets)."""
    outcome = Outcome()
    if not out.is_file():
        return outcome
    source = open_source(out)
    if sheet in source.sheet_names:
        _changed_block(outcome, before, source.grid(sheet))
        if outcome.block:
            _formulas_into_block(outcome, out, sheet)
    wanted = [
        name
        for name in source.sheet_names
        if name != sheet and (name not in others or _differs(others[name], source.grid(name)))
    ]
    if wanted:
        book = openpyxl.load_workbook(out, read_only=True)  # formulas stay formulas
        try:
            for name in wanted:
                rows = book[name].iter_rows(values_only=True)
                outcome.sheets[name] = [[_formula_text(v) for v in r] for r in rows]
                if book[name].sheet_state != "visible":  # e.g. merge's journal sheet
                    outcome.hidden.add(name)
        finally:
            book.close()
    return outcome


def _differs(before: Grid, after: Grid) -> bool:
    """True when two grids hold different values (types aside, see :func:`_same`)."""
    return next(_changes(before, after), None) is not None


def _changes(before: Grid, after: Grid) -> Iterator[tuple[int, int]]:
    """The 1-based (row, column) of each cell whose value differs between the grids."""
    for r in range(max(len(before), len(after))):
        old_row = before[r] if r < len(before) else []
        new_row = after[r] if r < len(after) else []
        for c in range(max(len(old_row), len(new_row))):
            old = old_row[c] if c < len(old_row) else ""
            new = new_row[c] if c < len(new_row) else ""
            if _same(old) != _same(new):
                yield r + 1, c + 1


def _changed_block(outcome: Outcome, before: Grid, after: Grid) -> None:
    changed = set(_changes(before, after))
    if not changed:
        return
    rows = [r for r, _ in changed]
    columns = [c for _, c in changed]
    outcome.top, outcome.left = min(rows), min(columns)
    bottom, right = max(rows), max(columns)
    outcome.changed = changed
    outcome.block = [
        [_cell_at(after, r, c) for c in range(outcome.left, right + 1)]
        for r in range(outcome.top, bottom + 1)
    ]


def _formulas_into_block(outcome: Outcome, out: Path, sheet: str) -> None:
    """Cells of the changed block that the action made formulas go back as formulas.

    (The block holds their calculated values, which would freeze a live column.)
    """
    book = openpyxl.load_workbook(out, read_only=True)  # formulas stay formulas
    try:
        rows = book[sheet].iter_rows(
            min_row=outcome.top,
            max_row=outcome.top + len(outcome.block) - 1,
            min_col=outcome.left,
            max_col=outcome.left + len(outcome.block[0]) - 1,
        )
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):  # a formula cell, not text that looks like one
                if getattr(cell, "data_type", None) == "f" and c < len(outcome.block[r]):
                    outcome.block[r][c] = cell.value
                    outcome.changed.add((outcome.top + r, outcome.left + c))
    finally:
        book.close()


def _formula_text(value: Any) -> Any:
    """A one-cell array formula as its text: Excel 365 evaluates it as an array anyway."""
    return value.text if isinstance(value, ArrayFormula) else value


def _cell_at(grid: Grid, row: int, column: int) -> Any:
    if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
        return grid[row - 1][column - 1]
    return ""


def _same(value: Any) -> Any:
    """A value as compared across Excel → openpyxl → calamine (types may differ, not data)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value
