"""Read a customer sheet into a table: find the header row, map headers, keep row numbers.

Real exports have a title, an export note and blank rows above the header, so the header
is the row among the first :data:`HEADER_SCAN_ROWS` whose cells name the most canonical
fields. Values are kept as typed in Excel: text stays text (leading zeros and long digit
strings included), numbers stay numbers, dates stay dates; only empty cells become None.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlcrm.core.rule_tables import RULE_TABLES
from xlcrm.errors import EmptySheetError, NoHeaderError
from xlcrm.io.sources import Grid, Source, open_source
from xlcrm.schema import column_position, guess_language, map_headers
from xlcrm.settings import SETTINGS_SHEET_NAMES, Settings, settings_from_rows
from xlcrm.xlsx import column_letters

HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2
ROW_INDEX_NAME = "row"
# A sheet of this name was xlcrm's own in its first templates; still never the customer list.
_OLD_SYSTEM_SHEETS = ("xlcrm",)


@lru_cache(maxsize=1)
def system_sheets() -> frozenset[str]:
    """Sheets xlcrm writes or the templates carry, in both languages; never the customer list.

    Built from each feature's own sheet titles, on first use: those modules import this one.
    """
    from xlcrm.io.check.report import CHANGES_TITLE, ISSUES_TITLE
    from xlcrm.io.crypto.parts import MASK_TITLE
    from xlcrm.io.dedupe.files import (
        DUPLICATES_TITLE,
        JOURNAL_TITLE,
        KEPT_APART_TITLE,
        MERGED_TITLE,
    )
    from xlcrm.io.monthly.review import REVIEW_SHEET
    from xlcrm.io.retention.apply import DESTRUCTION_SHEET
    from xlcrm.io.retention.archive import ARCHIVE_SHEET
    from xlcrm.io.summary.report import SHEET_TITLE as SUMMARY_TITLE
    from xlcrm.io.templates.texts import SHEET_TITLES
    from xlcrm.io.templates.validation import LISTS_SHEET
    from xlcrm.io.tiers.report import LEGEND_TITLE

    titles = (
        SHEET_TITLES["help"], ISSUES_TITLE, CHANGES_TITLE, LEGEND_TITLE, SUMMARY_TITLE,
        DUPLICATES_TITLE, MERGED_TITLE, KEPT_APART_TITLE, REVIEW_SHEET, MASK_TITLE, DESTRUCTION_SHEET,
        ARCHIVE_SHEET,
    )  # fmt: skip
    names = {*SETTINGS_SHEET_NAMES, LISTS_SHEET, JOURNAL_TITLE, *_OLD_SYSTEM_SHEETS}
    return frozenset(names | {title.zh for title in titles} | {title.en for title in titles})


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based position (0 → A, 26 → AA)."""
    return column_letters(index + 1)


@dataclass(frozen=True)
class Column:
    """One column of the sheet as xlcrm understood it."""

    position: int  # 0-based
    letter: str
    header: str
    field: str | None  # canonical field name, or None for a column xlcrm carries through
    key: str  # the DataFrame column name: the field name, else the header text


@dataclass
class SheetTable:
    """A sheet's records: ``df`` is indexed by Excel row number, one column per sheet column."""

    path: Path
    sheet: str
    header_row: int  # 1-based Excel row of the header
    columns: list[Column]
    df: pd.DataFrame
    language: str  # "zh" or "en", guessed from the headers unless Settings says otherwise
    settings: Settings
    source_kind: str  # "xlsx" | "xlsm" | "csv"

    @property
    def field_keys(self) -> dict[str, str]:
        """Canonical field name → DataFrame column, for the fields this sheet has."""
        return {c.field: c.key for c in self.columns if c.field is not None}

    def column_for(self, field: str) -> Column | None:
        """The column that holds ``field``, or None."""
        return next((c for c in self.columns if c.field == field), None)

    def column_named(self, name: str) -> Column | None:
        """The column a user means by ``name`` (see :func:`xlcrm.schema.column_position`)."""
        position = column_position(name, [c.header for c in self.columns])
        return None if position is None else self.columns[position]

    def inspect(self) -> dict[str, Any]:
        """The JSON shape of ``xlcrm inspect``."""
        return {
            "file": str(self.path),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": len(self.df),
            "columns": [
                {"column": c.letter, "header": c.header, "field": c.field} for c in self.columns
            ],
        }


def find_header_row(
    grid: Sequence[Sequence[Any]], *, scan: int = HEADER_SCAN_ROWS, minimum: int = MIN_HEADER_FIELDS
) -> int | None:
    """0-based index of the row that names the most fields (at least ``minimum``), or None."""
    best, best_count = None, minimum - 1
    for index, row in enumerate(grid[:scan]):
        count = sum(1 for f in map_headers(row) if f is not None)
        if count > best_count:
            best, best_count = index, count
    return best


def read_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    password: str | None = None,
    settings: Settings | None = None,
) -> SheetTable:
    """Read the customer sheet of a workbook or CSV into a :class:`SheetTable`.

    ``sheet`` names the sheet; otherwise the first visible sheet whose headers map to
    customer fields is used. Settings come from the workbook's Settings sheet, then
    ``settings`` overrides nothing but is used as the base when the workbook has none.
    """
    source = open_source(path, password=password)
    name, grid, header_index = _choose_sheet(source, sheet)
    base = read_settings_from_source(source) if settings is None else settings
    return build_table(source.path, name, grid, header_index, base, source.kind)


def read_table_headed_by(
    path: Path | str,
    names: Sequence[str],
    *,
    sheet: str | None = None,
    password: str | None = None,
) -> SheetTable | None:
    """The first sheet whose header row holds every one of ``names``; None when none does.

    For lists that are not customer lists (products, suppliers): no header xlcrm knows,
    so the header is the first row, among the first rows, that names every given column.
    """
    from xlcrm.schema import normalize_header

    source = open_source(path, password=password)
    if sheet is not None:
        sheets = [source.find_sheet(sheet)]
    else:
        sheets = [s for s in source.visible_sheets() if s not in system_sheets()]
    wanted = {normalize_header(n) for n in names}
    for name in sheets:
        grid = source.grid(name)
        for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
            if wanted <= {normalize_header(v) for v in row}:
                settings = read_settings_from_source(source)
                return build_table(source.path, name, grid, index, settings, source.kind)
    return None


def read_source(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    sheet: str | None = None,
    password: str | None = None,
) -> SheetTable:
    """The customer table of a workbook or CSV file, or of a DataFrame (the library's input).

    A DataFrame is read as a sheet whose header is its column names in row 1, so its
    rows are numbered from 2, as they would be once pasted into Excel.
    """
    if not isinstance(source, pd.DataFrame):
        return read_table(Path(source), sheet=sheet, password=password)
    body = source.astype(object).where(source.notna(), "")
    grid = [[str(c) for c in source.columns], *body.to_numpy().tolist()]
    return build_table(Path("DataFrame"), sheet or "DataFrame", grid, 0, Settings(), "frame")


def read_settings(path: Path | str, *, password: str | None = None) -> Settings:
    """Settings from the workbook's Settings sheet (设置), or defaults when it has none."""
    return read_settings_from_source(open_source(path, password=password))


def read_settings_from_source(source: Source) -> Settings:
    """Settings from an opened file's Settings sheet, or defaults when it has none."""
    for name in source.sheet_names:
        if name in SETTINGS_SHEET_NAMES:
            return settings_from_rows(source.grid(name), tables=RULE_TABLES)
    return Settings()


def _choose_sheet(source: Source, sheet: str | None) -> tuple[str, Grid, int]:
    if sheet is not None:
        name = source.find_sheet(sheet)
        grid = source.grid(name)
        header = find_header_row(grid)
        if header is None:
            raise _no_header_or_empty(source.path, name, grid)
        return name, grid, header
    system = system_sheets()
    candidates = [s for s in source.visible_sheets() if s not in system]
    for name in candidates or source.sheet_names:
        grid = source.grid(name)
        header = find_header_row(grid)
        if header is not None:
            return name, grid, header
    first = (candidates or source.sheet_names)[0]
    raise _no_header_or_empty(source.path, first, source.grid(first))


def _no_header_or_empty(path: Path, sheet: str, grid: Grid) -> Exception:
    if not any(str(v).strip() for row in grid for v in row):
        return EmptySheetError("sheet_empty", sheet=sheet, file=path.name)
    return NoHeaderError("no_header_row", sheet=sheet, rows=HEADER_SCAN_ROWS, file=path.name)


def build_table(
    path: Path,
    sheet: str,
    grid: Grid,
    header_index: int,
    settings: Settings,
    source_kind: str,
) -> SheetTable:
    """Turn a sheet's grid and its header row into a :class:`SheetTable`."""
    header_cells = list(grid[header_index])
    array = _body_array(grid[header_index + 1 :], len(header_cells))
    blank = array == ""
    width = _used_width(header_cells, blank)
    columns = _columns(header_cells, width)
    keep = ~blank[:, :width].all(axis=1)
    first_row = header_index + 2  # Excel rows are 1-based and the body starts below the header
    rows = np.arange(first_row, first_row + len(array), dtype=np.int64)[keep]
    array = array[keep, :width]
    array[blank[keep, :width]] = None
    data = {c.key: _tidy_numbers(array[:, c.position]) for c in columns}
    df = pd.DataFrame(data, index=pd.Index(rows, name=ROW_INDEX_NAME), dtype=object)
    headers = [c.header for c in columns]
    language = settings.language if settings.language != "auto" else guess_language(headers)
    return SheetTable(path, sheet, header_index + 1, columns, df, language, settings, source_kind)


def _body_array(body: Grid, header_width: int) -> np.ndarray:
    """The rows below the header as a 2-D object array, '' for empty cells."""
    width = max([header_width, *(len(r) for r in body)], default=header_width)
    if body and all(len(r) == width for r in body):  # calamine grids are rectangular
        return np.array(body, dtype=object).reshape(len(body), width)
    array = np.full((len(body), width), "", dtype=object)
    for i, row in enumerate(body):  # CSV rows can be ragged
        array[i, : len(row)] = row
    return array


def _used_width(header_cells: list[Any], blank: np.ndarray) -> int:
    """Columns up to the last one with a header or any data; empty ones after it are not kept."""
    has_data: np.ndarray = np.asarray(~blank.all(axis=0), dtype=bool)
    width = blank.shape[1]
    while width and not _header_text(_cell(header_cells, width - 1)) and not has_data[width - 1]:
        width -= 1
    return width


def _cell(row: list[Any], position: int) -> Any:
    return row[position] if position < len(row) else ""


def _columns(header_cells: list[Any], width: int) -> list[Column]:
    texts = [_header_text(_cell(header_cells, i)) for i in range(width)]
    fields = map_headers(texts)
    columns: list[Column] = []
    used: set[str] = set()
    for position, (text, field) in enumerate(zip(texts, fields, strict=True)):
        letter = column_letter(position)
        key = field or text or f"({letter})"
        while key in used:  # two unknown columns with the same header text
            key = f"{key} ({letter})"
        used.add(key)
        columns.append(Column(position, letter, text, field, key))
    return columns


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Column kinds (pandas.api.types.infer_dtype) that cannot hold a float: skip them whole.
_NO_FLOATS = frozenset({"string", "empty", "boolean", "integer", "date", "datetime", "time"})


def _tidy_numbers(values: np.ndarray) -> np.ndarray:
    """Whole floats become ints: calamine reads every number as float, Excel shows 13800138000."""
    if pd.api.types.infer_dtype(values, skipna=True) in _NO_FLOATS:
        return values
    for i, value in enumerate(values):
        if type(value) is float and value.is_integer() and abs(value) < 1e15:
            values[i] = int(value)
    return values
