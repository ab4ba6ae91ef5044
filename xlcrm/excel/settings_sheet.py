"""The Settings sheet (设置) of an open workbook, read through xlwings in one call.

Cell functions get the workbook they are in from xlwings' ``caller`` argument (the Range
the formula sits in); their thresholds then follow that workbook's Settings sheet, as
the command line's do. Only ``book.sheets`` (iterate, ``[name]``) and
``sheet.used_range.value`` are used, so tests pass stand-ins.
"""

from __future__ import annotations

from typing import Any

from xlcrm.core.rule_tables import RULE_TABLES
from xlcrm.settings import SETTINGS_SHEET_NAMES, Settings, settings_from_rows


def settings_of_book(book: Any) -> Settings | None:
    """The settings in ``book``'s Settings sheet; None when it has none."""
    names = [s.name for s in book.sheets]
    name = next((n for n in names if n in SETTINGS_SHEET_NAMES), None)
    if name is None:
        return None
    rows = book.sheets[name].used_range.value
    return settings_from_rows(rows if isinstance(rows, list) else [[rows]], tables=RULE_TABLES)


def settings_of_caller(caller: Any) -> Settings | None:
    """The settings of the workbook a formula is in (xlwings' ``caller``), if any."""
    try:
        return settings_of_book(caller.sheet.book)
    except Exception:  # no Excel, no caller, or an unreadable sheet: use the defaults
        return None
