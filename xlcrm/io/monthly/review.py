"""``xlcrm review``: the stale-record list as a sheet in a copy of the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from xlcrm import schema
from xlcrm.core.monthly.review import REVIEW_COLUMNS
from xlcrm.io.copies import write_copy
from xlcrm.io.reader import SheetTable
from xlcrm.text import Text
from xlcrm.xlsx import WorkbookPatch, cell_location

REVIEW_SHEET = Text("待更新", "To update")
_ROW, _REASONS = Text("行", "Row"), Text("原因", "Reasons")


def review_header(language: str) -> list[str]:
    """Row, the fields shown, reasons: the review sheet's header in ``language``."""
    labels = [schema.FIELD_BY_NAME[c].label(language) for c in REVIEW_COLUMNS[1:-1]]
    return [_ROW(language), *labels, _REASONS(language)]


def write_review_sheet(table: SheetTable, stale: pd.DataFrame, out: Path) -> str:
    """A copy of the workbook with a 待更新 sheet, sorted by owner, each row linked to its record."""
    ordered = stale.sort_values(["owner", "row"], key=_sort_key, kind="stable")
    rows: list[list[Any]] = [review_header(table.language)]
    for record in ordered.itertuples(index=False):
        rows.append([record.row, *(getattr(record, c) for c in REVIEW_COLUMNS[1:])])
    titles: list[str] = []

    def build(patch: WorkbookPatch, sheet: str) -> None:
        links = {(number, 1): cell_location(sheet, int(row[0]), 1)
                 for number, row in enumerate(rows[1:], start=2)}  # fmt: skip
        titles.append(patch.add_sheet(
            REVIEW_SHEET(table.language), rows, hyperlinks=links,
            column_widths=[8, 12, 12, 10, 12, 14, 48], tab_color="FFC55A11",
        ))  # fmt: skip

    write_copy(table, out, build)
    return titles[0]


def _sort_key(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if v is None else str(v) if not isinstance(v, int) else v)


def review_payload(
    table: SheetTable, stale: pd.DataFrame, *, asof: dt.date, days: int, by_owner: dict[str, int]
) -> dict[str, Any]:
    """The ``xlcrm review --json`` shape."""
    records = stale.astype(object).where(stale.notna(), None).to_dict(orient="records")
    return {
        "file": str(table.path),
        "sheet": table.sheet,
        "asof": asof.isoformat(),
        "older_than_days": days,
        "cutoff": (asof - dt.timedelta(days=days)).isoformat(),
        "rows": len(table.df),
        "stale": len(stale),
        "by_owner": by_owner,
        "records": records,
    }
