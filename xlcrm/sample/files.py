"""Saving sample data the way real exports look: an .xlsx with title rows, or a CSV.

The header mixes schema labels with a few synonyms and one column no field claims (a
WeChat ID), so header matching and unknown columns are exercised.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xlcrm.schema import FIELD_BY_NAME, FIELD_NAMES
from xlcrm.text import Text

if TYPE_CHECKING:  # sample_data imports this module to re-export the writers
    from xlcrm.sample.data import SampleData

# Header cells that use a synonym instead of the field's label, so header matching is
# exercised; and one column no field claims, which must be carried through untouched.
HEADER_SYNONYMS: dict[str, Text] = {
    "phone": Text("手机号码", "Mobile"),
    "email": Text("电子邮箱", "E-mail"),
    "total_amount": Text("累计消费金额（元）", "Total Spend (USD)"),
    "owner": Text("业务员", "Sales Rep"),
    "created_at": Text("录入日期", "Date Created"),
}
EXTRA_COLUMN = Text("微信号", "WeChat")
# Columns no template field holds but many lists have, after the template's columns.
PERSONAL_COLUMNS = {
    "gender": Text("性别", "Gender"),
    "birth_date": Text("出生日期", "Date of Birth"),
}
_SHEET_NAME = Text("客户名单", "Customers")
# What CRM exports put above the header: a title and a note.
_TITLE = Text("{year}年客户台账", "Customer list {year}")
_EXPORT_NOTE = Text(
    "导出时间：{day}　共 {count} 条记录　数据来源：CRM 系统导出，请勿外传",
    "Exported {day} from the CRM · {count} records · internal use only",
)


def _columns(language: str) -> list[tuple[str | None, str]]:
    """(field, or None for WeChat, or gender / birth_date; header text) in sheet order."""
    columns: list[tuple[str | None, str]] = [
        (name, HEADER_SYNONYMS[name](language) if name in HEADER_SYNONYMS
         else FIELD_BY_NAME[name].label(language))
        for name in FIELD_NAMES
    ]  # fmt: skip
    columns.insert(FIELD_NAMES.index("email") + 1, (None, EXTRA_COLUMN(language)))
    columns += [(key, header(language)) for key, header in PERSONAL_COLUMNS.items()]
    return columns


def table_header(language: str = "zh") -> list[str]:
    """The header row the writers use: schema labels, a few synonyms, one extra column."""
    return [header for _, header in _columns(language)]


def _table_rows(data: SampleData, language: str) -> Iterator[list[object]]:
    fields = [name for name, _ in _columns(language)]
    blank: list[object] = [None] * len(data.records)
    extras: dict[str | None, list[object]] = {
        None: list(data.wechat) or blank,
        "gender": data.gender or blank,
        "birth_date": data.birth_date or blank,
    }
    for index, record in enumerate(data.records):
        yield [extras[name][index] if name in extras else record.get(name or "") for name in fields]


def write_messy_workbook(
    data: SampleData,
    path: Path,
    *,
    language: str | None = None,
    title_rows: bool = True,
    sheet_name: str | None = None,
) -> Path:
    """Save ``data`` as an .xlsx export: title rows, then header, then one row per record.

    With ``title_rows`` a merged title, an export note and a blank row come first, so
    the header is on row 4. Text stays text (leading zeros survive), dates are date cells
    shown as yyyy-mm-dd, numbers are numbers. ``language`` defaults to the data's own.
    The sheet is streamed (openpyxl write-only), so a million rows fit in memory.
    """
    language = language or data.language
    columns = _columns(language)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name or _SHEET_NAME(language))
    for index, (name, _) in enumerate(columns, 1):
        width = FIELD_BY_NAME[name].width if name in FIELD_BY_NAME else 12
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = 4 if title_rows else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    if title_rows:
        _append_title(sheet, data, language, len(columns))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append([_styled(sheet, header, bold, fill) for _, header in columns])
    last = f"{get_column_letter(len(columns))}{header_row + len(data.records)}"
    sheet.auto_filter.ref = f"A{header_row}:{last}"
    for row in _table_rows(data, language):
        sheet.append([_cell(sheet, value) for value in row])
    path = Path(path)
    workbook.save(path)
    return path


def _append_title(sheet: WriteOnlyWorksheet, data: SampleData, language: str, width: int) -> None:
    """Title, export note and a blank row, as CRM exports put above the header."""
    title = _TITLE(language).format(year=data.asof.year)
    note = _EXPORT_NOTE(language).format(day=data.asof.isoformat(), count=len(data.records))
    sheet.append([_styled(sheet, title, Font(bold=True, size=14))])
    sheet.append([note])
    sheet.append([])
    # write-only sheets write merged ranges after the rows, so merging up front works
    sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")


def _styled(
    sheet: WriteOnlyWorksheet, value: object, font: Font, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    cell.alignment = Alignment(vertical="center")
    if fill is not None:
        cell.fill = fill
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    # openpyxl formats a plain date as yyyy-mm-dd itself; a datetime would show its time
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def write_messy_csv(
    data: SampleData,
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    language: str | None = None,
) -> Path:
    """Save ``data`` as CSV with the header on row 1 (utf-8-sig, or gb18030 as Chinese Excel)."""
    language = language or data.language
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table_header(language))
        for row in _table_rows(data, language):
            writer.writerow([_csv_text(value) for value in row])
    return path


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
