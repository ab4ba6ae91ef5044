"""What a ribbon button does: ``dispatch(tag)``, called by the add-in's VBA through RunPython.

The tag is looked up in the action registry (:func:`xlcrm.excel.ribbon.tags.ribbon_action`);
nothing else is ever run. Then, with Excel's screen updating off and calculation manual:

1. the active sheet is read in one call (:func:`xlcrm.excel.live.read_grid`);
2. the same action as ``xlcrm ACTION FILE --out …`` runs on a private copy of it
   (:mod:`xlcrm.actions.roundtrip`), reporting progress in the status bar;
3. what the action changed is written back: the changed cells as one rectangle, each
   new sheet in one call; before that, what those cells held goes to the hidden undo
   sheet (:mod:`xlcrm.excel.undo_sheet`), so 撤销 Undo can put it back
   (:mod:`xlcrm.excel.writeback`, shared with xlwings Lite's scripts).

Actions that change data ask first (OK/Cancel). One run at a time: a click while another
run is going gets a sentence saying so (:mod:`xlcrm.excel.ribbon.running`). Errors show in
a message box with the sentence the command line prints, never a traceback. Actions that work on whole files
(passwords, retention, monthly files) run on the saved workbook file instead and write
new files beside it, as on the command line. Passwords and passphrases they need are
asked in input boxes (:mod:`xlcrm.excel.ribbon.passwords`); Cancel there runs nothing.
Each run appends an audit line beside the workbook, or in the per-user data folder for a
workbook never saved (:mod:`xlcrm.excel.ribbon.places`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlcrm.actions import roundtrip
from xlcrm.actions.registry import Action, ActionRequest, ActionResult, run_action
from xlcrm.audit import log as audit
from xlcrm.errors import XlcrmError
from xlcrm.excel import live, undo_sheet, writeback
from xlcrm.excel.ribbon import passwords, places, running
from xlcrm.excel.ribbon.tags import ribbon_action
from xlcrm.text import message

# Actions whose input is the whole saved file rather than the rows of the active sheet.
RUN_ON_FILE = frozenset(
    {"encrypt", "decrypt", "protect", "unprotect", "retention", "distribute", "collect"}
)


def dispatch(tag: str, book: Any = None) -> None:
    """Run the ribbon action ``tag`` on ``book`` (default: the workbook that called)."""
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    app = book.app
    asker = passwords.Asker(app)
    try:
        action = ribbon_action(tag)
        with running.one_run(places.data_folder(), str(action.label)):
            if action.changes_data and not live.confirm(app, confirm_text(action)):
                return
            with live.paused(app):
                message = run_live(action, book, asker)
        live.tell(app, message)
    except passwords.Cancelled:
        return  # Cancel in a password box: nothing ran, nothing to say
    except XlcrmError as error:
        live.tell(app, asker.scrub(str(error)), error=True)
    except Exception as error:  # a bug: one sentence, as the command line prints it
        live.tell(app, asker.scrub(internal_error_text(error)), error=True)


def confirm_text(action: Action[Any]) -> str:
    """The OK/Cancel question before an action that changes data (both languages)."""
    if action.name == "undo":
        return str(message("ribbon_confirm_undo"))
    return str(message("ribbon_confirm_change", action=action.label))


def internal_error_text(error: Exception) -> str:
    """The one line the command line prints for a bug, too."""
    return str(message("internal_error", kind=type(error).__name__, error=error))


def run_live(action: Action[Any], book: Any, asker: passwords.Asker | None = None) -> str:
    """Run ``action`` on the open workbook and return the sentence to show.

    ``asker`` asks for passwords in Excel (default: input boxes of ``book.app``).
    """
    asker = asker or passwords.Asker(book.app)
    if action.name == "undo":
        return str(undo_sheet.undo_last(book))
    if action.name in RUN_ON_FILE:
        return _run_on_file(action, book, asker)
    return _run_on_sheet(action, book, asker)


def _book_path(book: Any) -> Path:
    return Path(str(book.fullname))


def _run_on_file(action: Action[Any], book: Any, asker: passwords.Asker) -> str:
    path = _book_path(book)
    if not path.is_file():
        raise XlcrmError("save_workbook_first")
    options = asker.options_for(action)  # after "save first": never ask for nothing
    request = ActionRequest(
        path, options, sheet=book.sheets.active.name, progress=live.status(book.app)
    )
    result = asker.run(lambda r: run_action(action.name, r), request)
    return roundtrip.result_text(result)


def _run_on_sheet(action: Action[Any], book: Any, asker: passwords.Asker) -> str:
    app = book.app
    sheet = book.sheets.active
    progress = live.status(app)
    progress("读取 reading…", 0, 1)
    grid, extra = writeback.read_book(book, sheet)
    result, outcome = roundtrip.run_on_grid(
        action, sheet.name, grid, extra, book_name=str(book.name), run=asker.run, progress=progress
    )
    writeback.write_back(book, sheet, action.name, outcome, grid)
    _audit(book, result)
    return roundtrip.result_text(result, outcome)


def _audit(book: Any, result: ActionResult) -> None:
    # The record names the user's workbook, not the private copy the action read. A workbook
    # never saved ("Book1") has no folder: its line goes to the per-user data folder, never
    # to whatever folder Python happened to start in.
    path = _book_path(book)
    saved = path.parent != Path() and path.is_file()
    log = audit_log_for(path if saved else None)
    audit.append_entry(
        log, action=result.action, file=path, sheet=result.sheet, counts=result.counts
    )


def audit_log_for(workbook: Path | None) -> Path:
    """The audit log of a saved ``workbook`` (beside it), or the per-user one for None."""
    if workbook is None:
        return places.unsaved_audit_log()
    return audit.resolve_log_path(None, workbook=workbook)
