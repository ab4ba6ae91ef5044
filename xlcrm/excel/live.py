"""The open workbook through xlwings: whole-range reads and writes, Excel paused meanwhile.

Every function takes xlwings objects (``xw.Book``, ``xw.Sheet``, ``xw.App``) but only
uses the few calls listed here, so a test can pass stand-ins that record them:

- ``sheet.used_range.last_cell.row/.column`` and
  ``sheet.range((1, 1), (rows, columns)).options(ndim=2).value`` — one read per sheet;
- ``sheet.range((row, column), (row2, column2)).value = rows`` — one write per range
  (text behind an apostrophe so Excel keeps it text; ``=...`` is a formula);
- ``.formula`` of a range (one read) before cells are overwritten, so formulas survive;
- ``book.sheets`` (iterate, ``[name]``, ``.active``, ``.add(name, after=...)``),
  ``sheet.delete()``, ``sheet.visible``, ``sheet.activate()``;
- ``app.screen_updating``, ``app.calculation``, ``app.status_bar``, ``app.alert(...)``;
- ``app.api.InputBox(prompt, title, default, Type=2)`` (Excel's Application.InputBox, text)
  for passwords on Windows; on macOS an AppleScript dialog instead (see :func:`ask_secret`).

Cell by cell access is what makes xlwings code slow (each call crosses into Excel), so
nothing here loops over cells through Excel.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

Grid = list[list[Any]]
TITLE = "xlcrm"
MAC = sys.platform == "darwin"  # xlwings drives Excel through AppleScript there, not COM


def read_grid(sheet: Any) -> Grid:
    """All cells from A1 to the last used cell, in one call; empty cells become ''."""
    last = sheet.used_range.last_cell
    rows, columns = int(last.row), int(last.column)
    values = sheet.range((1, 1), (rows, columns)).options(ndim=2).value
    return [["" if v is None else v for v in row] for row in values]


def cell_at(grid: Grid, row: int, column: int) -> Any:
    """The value at 1-based (row, column) of a grid read by :func:`read_grid`; '' outside."""
    if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
        return grid[row - 1][column - 1]
    return ""


def read_formulas(sheet: Any, top: int, left: int, rows: int, columns: int) -> Grid:
    """Formulas (or constants as Excel shows them) of a block, in one call."""
    block = sheet.range((top, left), (top + rows - 1, left + columns - 1))
    found = block.formula
    if found is None or isinstance(found, str):  # one cell
        return [[found or ""]]
    return [list(r) if isinstance(r, (list, tuple)) else [r] for r in found]


def write_block(sheet: Any, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
    """Write a rectangular block whose top-left cell is (top, left), in one call."""
    if not rows or not rows[0]:
        return
    width = max(len(r) for r in rows)
    block = [[_excel_value(v) for v in [*r, *[None] * (width - len(r))]] for r in rows]
    sheet.range((top, left), (top + len(block) - 1, left + width - 1)).value = block


def _excel_value(value: Any) -> Any:
    # Excel has no NaN or pandas NA: they are empty cells.
    if value is None or value != value:  # NaN is not equal to itself
        return None
    if isinstance(value, str):
        # Excel turns text written through .value into numbers and dates ("+8613800138000",
        # "00123", "1/2"); the apostrophe prefix keeps it text. "=..." stays a formula.
        return value if value.startswith("=") else ("'" + value if value else None)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars → Python values COM can pass
    return value


def sheet_names(book: Any) -> list[str]:
    return [s.name for s in book.sheets]


def replace_sheet(book: Any, name: str, rows: Grid, *, after: Any) -> tuple[Any, bool]:
    """A sheet called ``name`` holding ``rows`` (one write); True when it is new."""
    new = name not in sheet_names(book)
    if not new:
        book.sheets[name].delete()
    sheet = book.sheets.add(name, after=after)
    write_block(sheet, 1, 1, rows)
    return sheet, new


@contextmanager
def paused(app: Any) -> Iterator[None]:
    """Screen updating off and calculation manual while the block runs; restored after."""
    updating, calculation = app.screen_updating, app.calculation
    app.screen_updating = False
    app.calculation = "manual"
    try:
        yield
    finally:
        app.calculation = calculation
        app.screen_updating = updating
        app.status_bar = False  # give the status bar back to Excel


def status(app: Any) -> Any:
    """A progress reporter (see :data:`xlcrm.actions.registry.Progress`) that writes the status bar."""

    def report(step: str, done: int, total: int) -> None:
        counted = f" {done}/{total}" if total > 1 else ""
        app.status_bar = f"{TITLE}: {step}{counted}"

    return report


def confirm(app: Any, prompt: str) -> bool:
    """An OK/Cancel dialog; True when the user chose OK."""
    return app.alert(prompt, TITLE, buttons="ok_cancel", mode="info") == "ok"


def tell(app: Any, message: str, *, error: bool = False) -> None:
    app.alert(message, TITLE, buttons="ok", mode="critical" if error else "info")


def ask_secret(app: Any, prompt: str) -> str | None:
    """What the user typed in an input box; None when they cancelled.

    Windows: Excel's own Application.InputBox (``Type=2``: text), which returns False on
    Cancel. It shows what is typed (Excel has no masked input box): say so in the docs.
    macOS: xlwings' AppleScript ``app.api`` has no InputBox, so a ``display dialog … with
    hidden answer`` (masked) runs instead. The answer is never logged or shown here.
    """
    if MAC:
        return _ask_mac(prompt)
    answer = app.api.InputBox(prompt, TITLE, "", Type=2)
    return answer if isinstance(answer, str) else None


_MAC_DIALOG = """on run argv
    display dialog (item 1 of argv) with title "xlcrm" default answer "" with hidden answer
    return text returned of result
end run"""


def _ask_mac(prompt: str) -> str | None:
    # The prompt goes in as an argument (no quoting), the answer comes back on stdout, never
    # on a command line. Cancel makes osascript fail with error -128.
    done = subprocess.run(
        ["osascript", "-e", _MAC_DIALOG, prompt], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None
    return done.stdout[:-1] if done.stdout.endswith("\n") else done.stdout
