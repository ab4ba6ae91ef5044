"""How a Lite script runs an action on the open workbook, and what it tells the user.

The same steps as the .xlam's buttons, shared with them: the sheets read in one call each
and the action run on a private copy (:func:`xlcrm.actions.roundtrip.run_on_grid`), the
changes written back with an undo backup (:mod:`xlcrm.excel.writeback`), the result shown
as the command line's sentence. xlwings Lite has no screen-updating switch to read and no
OK/Cancel dialog that waits, so nothing is paused and nothing asked: every change can be
undone with 撤销 Undo instead. Errors are the same one sentence, in a dialog and in the
output pane, never a traceback. Lite cannot reach the PC's files, so no audit line is
written; the command line and the .xlam keep the audit log.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from xlcrm.actions import roundtrip
from xlcrm.actions.registry import get_action
from xlcrm.errors import XlcrmError
from xlcrm.excel import live, undo_sheet, writeback
from xlcrm.text import Text, message


def tell(book: Any, text: str, *, error: bool = False) -> None:
    """Show ``text`` in a dialog and in the output pane."""
    print(text)
    live.tell(book.app, text, error=error)


def guarded(book: Any, work: Callable[[], str]) -> str | None:
    """Run ``work`` and show its sentence; an error is shown as one sentence, not raised."""
    try:
        text = work()
    except XlcrmError as error:
        tell(book, str(error), error=True)
        return None
    except Exception as error:  # a bug: one sentence, as the command line prints it
        tell(
            book, str(message("internal_error", kind=type(error).__name__, error=error)), error=True
        )
        return None
    tell(book, text)
    return text


def asof_option(text: str) -> dt.date | None:
    """The as-of date typed in a form field (2026-11-01, 2026/11/1 …); None when empty."""
    from xlcrm.core.values.dates import parse_date

    if not str(text or "").strip():
        return None
    parsed = parse_date(text)
    if not parsed.ok or not isinstance(parsed.value, dt.date):
        raise XlcrmError("lite_asof_invalid", text=text)
    return parsed.value


def run_action_on_book(book: Any, name: str, **options: Any) -> tuple[str, roundtrip.Outcome]:
    """Run the action ``name`` on ``book``'s active sheet; returns its sentence and changes."""
    action = get_action(name)
    sheet = book.sheets.active
    if sheet is None or sheet.name in writeback.SYSTEM_SHEETS:
        raise XlcrmError("lite_no_sheet")
    if isinstance(options.get("asof"), str):  # typed in a form field
        options["asof"] = asof_option(options["asof"])
    grid, extra = writeback.read_book(book, sheet)
    chosen = action.options_type(**options)
    result, outcome = roundtrip.run_on_grid(
        action, sheet.name, grid, extra, options=chosen, book_name=str(book.name)
    )
    writeback.write_back(book, sheet, action.name, outcome, grid)
    return roundtrip.result_text(result, outcome), outcome


def run_script(book: Any, name: str, **options: Any) -> str | None:
    """The click of a button: run the action, show what it did (or why it could not)."""
    return guarded(book, lambda: run_action_on_book(book, name, **options)[0])


def masked_view(book: Any, columns: str) -> str | None:
    """Add the masked view of ``columns`` (the encrypt action's, with a throwaway key).

    The data sheet is left as it is: only the masked sheet comes back.
    """

    def work() -> str:
        action = get_action("encrypt")
        sheet = book.sheets.active
        if sheet is None or sheet.name in writeback.SYSTEM_SHEETS:
            raise XlcrmError("lite_no_sheet")
        grid, extra = writeback.read_book(book, sheet)
        options = action.options_type(
            columns=columns, passphrase=secrets.token_urlsafe(24), mask=True
        )
        result, outcome = roundtrip.run_on_grid(
            action, sheet.name, grid, extra, options=options, book_name=str(book.name)
        )
        masked = str(result.payload.get("masked_sheet") or "")
        outcome.top, outcome.left, outcome.block, outcome.changed = 0, 0, [], set()
        outcome.sheets = {n: rows for n, rows in outcome.sheets.items() if n == masked}
        writeback.write_back(book, sheet, "mask", outcome, grid)
        return message("masked_view", sheet=masked)(result.language)

    return guarded(book, work)


def undo(book: Any) -> str | None:
    """撤销 Undo: put back what the last xlcrm change replaced."""
    return guarded(book, lambda: str(undo_sheet.undo_last(book)))


def needs_cli(book: Any, what: Text, command: str) -> None:
    """Say in one sentence that ``what`` needs the command line, naming ``command``."""
    tell(book, str(XlcrmError("lite_needs_cli", what=what, command=command)), error=True)
