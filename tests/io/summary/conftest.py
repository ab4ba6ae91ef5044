"""Helpers of the summary tests: write a summary copy and find its blocks."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd

from xlcrm.actions.summary import summary_numbers
from xlcrm.core.summary.numbers import SummaryNumbers, relabel
from xlcrm.core.tiers.rules import TierRules
from xlcrm.core.tiers.scores import compute_tiers
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.summary.report import write_summary_workbook
from xlcrm.io.tiers.report import tier_labels

ASOF = dt.date(2026, 11, 23)


def summarise_to(src: Path, out: Path, asof: dt.date = ASOF) -> tuple[SheetTable, SummaryNumbers]:
    """Write the summary copy of ``src`` to ``out``, as ``xlcrm summary --out`` does."""
    table = read_table(src)
    rules = TierRules.from_settings(table.settings, language=table.language)
    tiers = compute_tiers(table.df, asof=asof, rules=rules)
    numbers = summary_numbers(table, asof)
    write_summary_workbook(table, tiers, numbers, out, rules=rules)
    return table, numbers


def shown_tables(numbers: SummaryNumbers, language: str) -> dict[str, pd.DataFrame]:
    """The blocks as the sheet shows them (English labels in English workbooks)."""
    return relabel(numbers.tables, tier_labels(language))


def block_row(ws: Any, title: str) -> int:
    """The 1-based row of the block titled ``title`` in an openpyxl sheet."""
    for cell in ws["A"]:
        if cell.value == title:
            return int(cell.row)
    raise AssertionError(f"no block titled {title!r}")


def close(got: Any, want: Any) -> bool:
    """A recalculated number equals pandas' (NaN: the formula's "")."""
    if isinstance(want, float) and math.isnan(want):
        return got == ""
    return isinstance(got, int | float) and abs(float(got) - float(want)) < 0.01
