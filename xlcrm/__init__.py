"""xlcrm: keep a customer list in Excel clean, tiered, summarised and safe.

The library comes first; every ``xlcrm`` command is a few lines over the same work. Each
function takes a *source*: the path of a workbook (.xlsx/.xlsm) or CSV file, whose
customer sheet is found by its headers, or a pandas DataFrame whose column names are the
headers (its rows count from Excel row 2, as if pasted into a sheet at A1):

    >>> import xlcrm
    >>> issues = xlcrm.check("客户.xlsx")           # one row per problem found
    >>> groups = xlcrm.find_duplicates(df)           # groups of rows that are one customer
    >>> tiers = xlcrm.tier("客户.xlsx", asof=date(2026, 11, 30))
    >>> blocks = xlcrm.summarise("客户.xlsx")          # the Summary sheet's tables

Rows are always Excel row numbers (the DataFrame index). Every error a user can meet is
an :class:`XlcrmError` whose message is one sentence in Chinese and English; bilingual
text is a :class:`Text`. Importing xlcrm is cheap: pandas and the rest load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from xlcrm.errors import XlcrmError
from xlcrm.text import Text

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Sequence

    import pandas as pd

    from xlcrm.core.dedupe.find import DuplicateGroup
    from xlcrm.io.reader import SheetTable

__all__ = [
    "Text",
    "XlcrmError",
    "__version__",
    "check",
    "find_duplicates",
    "read_table",
    "summarise",
    "tier",
]
__version__ = "0.1.0"  # as in pyproject.toml (tests/test_api.py compares them)

Source: TypeAlias = "str | os.PathLike[str] | pd.DataFrame"


def read_table(
    source: Source, *, sheet: str | None = None, password: str | None = None
) -> SheetTable:
    """The customer table of ``source``: header row, columns and the field each maps to.

    ``table.df`` holds the records indexed by Excel row, one column per sheet column
    (named by field where xlcrm knows the header); ``table.inspect()`` is what
    ``xlcrm inspect --json`` prints. ``password`` opens a password-protected workbook.
    """
    from xlcrm.io.reader import read_source

    return read_source(source, sheet=sheet, password=password)


def check(
    source: Source,
    *,
    sheet: str | None = None,
    password: str | None = None,
    dns: bool = False,
    asof: dt.date | None = None,
) -> pd.DataFrame:
    """Every problem in phones, emails, dates, amounts, choices and required fields.

    One row per issue, with the columns of ``xlcrm check --json``: row, field, header,
    value, code, severity ("error" or "warning"), message and suggestion. ``dns`` also
    asks whether email domains receive mail; ``asof`` is the day that counts as today.
    """
    from xlcrm.actions.check import CheckSheetOptions, run_check

    day = CheckSheetOptions(asof=asof).today
    table = read_table(source, sheet=sheet, password=password)
    return run_check(table, asof=day, dns=dns).issues


def find_duplicates(
    source: Source,
    *,
    sheet: str | None = None,
    password: str | None = None,
    on: str | Sequence[str] | None = None,
    threshold: float | None = None,
) -> list[DuplicateGroup]:
    """Groups of rows that are one customer, each with its Excel rows, a 0–1 score and why.

    ``on`` compares only these columns (header text or field names: "姓名,手机" or a list),
    also in a sheet that is no customer list; ``threshold`` (0 to 1) overrides the
    workbook's setting.
    """
    from pathlib import Path

    import pandas as pd

    from xlcrm.actions.dedupe import DedupeOptions, find_groups, read_for_dedupe

    options = DedupeOptions(on=on, threshold=threshold)
    if isinstance(source, pd.DataFrame):
        table = read_table(source, sheet=sheet)
    else:
        table = read_for_dedupe(Path(source), sheet=sheet, password=password, on=on)
    return find_groups(table, options.on, options.threshold).groups


def tier(
    source: Source,
    *,
    sheet: str | None = None,
    password: str | None = None,
    asof: dt.date | None = None,
) -> pd.DataFrame:
    """RFM scores, segment, value tier (高/中/低), activity (活跃/一般/沉睡) and tags per row.

    Indexed by Excel row, with the rules of the workbook's Settings sheet (the defaults
    for a DataFrame); ``asof`` (default today) is the day purchases are counted back from.
    """
    from xlcrm.actions.tiers import table_tiers

    return table_tiers(read_table(source, sheet=sheet, password=password), asof).tiers


def summarise(
    source: Source,
    *,
    sheet: str | None = None,
    password: str | None = None,
    asof: dt.date | None = None,
) -> dict[str, pd.DataFrame]:
    """The numbers of the Summary sheet: customers and amounts by region × value tier,
    owner × activity, customer type, segment and tag, and the top customers."""
    from xlcrm.actions.summary import summary_numbers

    return summary_numbers(read_table(source, sheet=sheet, password=password), asof).tables
