"""A new worksheet part (``xl/worksheets/sheetN.xml``), written as a stream.

The rows are rendered straight to XML while saving (inline strings, no shared parts), so
a 100k-row Issues sheet costs one pass and little memory. The header rows are bold and
frozen, the columns get widths, the table an AutoFilter, chosen cells a hyperlink to
a place in the workbook (shown blue and underlined, as Excel's Hyperlink style), and
chosen ranges a dropdown (:class:`ListValidation`).

A value may be a :class:`SheetCell` for a formula (with its cached result, so readers
that do not calculate still see the number), a number format, a bold or larger font or a
fill; plain values take the fast path. The children of <worksheet> come in the schema's
order (:data:`xlcrm.xlsx.sheet_layout.WORKSHEET_CHILDREN`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from xlcrm.xlsx.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    cell_ref,
    column_letters,
    inline_string,
    value_xml,
    xml_attr,
    xml_text,
)
from xlcrm.xlsx.package import MAIN_NS, REL_NS
from xlcrm.xlsx.sheet_layout import in_schema_order
from xlcrm.xlsx.styles import Styles

_FLUSH = 1 << 20
MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class SheetCell:
    """A cell of a new sheet with more than a value: formula, number format, font, fill.

    ``formula`` is written without its leading "="; ``value`` is then its cached result.
    ``array`` makes it an array formula of the one cell (Ctrl+Shift+Enter in Excel): its
    functions then take whole columns where they would take one value.
    """

    value: object = None
    formula: str | None = None
    array: bool = False
    number_format: str | None = None
    bold: bool = False
    size: float | None = None
    fill: str | None = None


@dataclass(frozen=True)
class ListValidation:
    """A dropdown on a range of an added sheet: its cells take one of ``choices``.

    ``sqref`` is the range in A1 style ("D2:D40"; several ranges separated by spaces).
    ``prompt`` (under ``prompt_title``) shows when a cell of the range is selected;
    ``error`` (under ``error_title``) when another value is typed, else Excel's own
    message. Excel's limits apply: the choices joined by commas fit 255 characters and
    hold no comma themselves, a text fits 255 characters and a title 32.
    """

    sqref: str
    choices: Sequence[str]
    prompt: str = ""
    prompt_title: str = ""
    error: str = ""
    error_title: str = ""

    def __post_init__(self) -> None:
        listed = ",".join(self.choices)
        if not self.choices or any("," in c or not c for c in self.choices):
            raise ValueError(f"list choices must be non-empty and hold no comma: {self.choices!r}")
        if len(listed) > 255:
            raise ValueError(f"list choices are {len(listed)} characters; Excel allows 255")
        if not self.sqref.strip():
            raise ValueError("a list validation needs a range (sqref)")
        for text, limit in ((self.prompt, 255), (self.error, 255),
                            (self.prompt_title, 32), (self.error_title, 32)):  # fmt: skip
            if len(text) > limit:
                raise ValueError(f"{text[:20]!r}... is longer than Excel's {limit} characters")

    def to_xml(self) -> str:
        """The ``<dataValidation>`` element."""
        texts = [("errorTitle", self.error_title), ("error", self.error),
                 ("promptTitle", self.prompt_title), ("prompt", self.prompt)]  # fmt: skip
        shown = "".join(f' {name}="{xml_attr(text)}"' for name, text in texts if text)
        listed = ",".join(c.replace('"', '""') for c in self.choices)
        return (
            '<dataValidation type="list" allowBlank="1"'
            f' showInputMessage="{1 if self.prompt else 0}" showErrorMessage="1"{shown}'
            f' sqref="{xml_attr(self.sqref)}"><formula1>"{xml_attr(listed)}"</formula1>'
            "</dataValidation>"
        )


@dataclass
class NewSheet:
    """A sheet to add: its rows and how it looks; ``last_row``/``last_column`` after writing."""

    title: str
    rows: Iterable[Sequence[object]]
    header_rows: int = 1
    column_widths: Sequence[float] | None = None
    hyperlinks: Mapping[tuple[int, int], str] = field(default_factory=dict)
    freeze_header: bool = True
    autofilter: bool = True
    tab_color: str | None = None
    drawing_rel: str | None = None  # the relationship id of the sheet's charts, if any
    validations: Sequence[ListValidation] = ()
    last_row: int = 0
    last_column: int = 0

    @property
    def filter_ref(self) -> str | None:
        """The AutoFilter's range once the rows are written (None when there is none)."""
        if not self.autofilter or self.last_row < 1 or self.last_column < 1:
            return None
        first = max(self.header_rows, 1)
        return f"A{first}:{column_letters(self.last_column)}{self.last_row}"


@dataclass
class _Looks:
    header: int
    link: int
    date: int
    datetime: int


def stream_new_sheet(sheet: NewSheet, styles: Styles, date1904: bool) -> Iterator[bytes]:
    """The worksheet XML of ``sheet``, in chunks of about a megabyte."""
    looks = _Looks(
        header=styles.font_style(bold=True),
        link=styles.font_style(link=True),
        date=styles.resolve(0, None, DATE_FORMAT),
        datetime=styles.resolve(0, None, DATETIME_FORMAT),
    )
    writer = _RowWriter(sheet, looks, date1904, styles)
    yield _head(sheet).encode()
    pending: list[str] = []
    size = 0
    for number, values in enumerate(sheet.rows, start=1):
        if number > MAX_ROWS:
            raise ValueError(f"a sheet holds at most {MAX_ROWS:,} rows; {sheet.title!r} has more")
        row = writer.row(number, values)
        sheet.last_row = number
        sheet.last_column = max(sheet.last_column, len(values))
        pending.append(row)
        size += len(row)
        if size >= _FLUSH:
            yield "".join(pending).encode()
            pending, size = [], 0
    pending.append(_tail(sheet, writer.displays))
    yield "".join(pending).encode()


def _head(sheet: NewSheet) -> str:
    """The XML up to the rows: the children of <worksheet> before <sheetData>, in order."""
    children = {
        "sheetViews": _sheet_views(sheet),
        "sheetFormatPr": '<sheetFormatPr defaultRowHeight="15"/>',
    }
    if sheet.tab_color:
        children["sheetPr"] = f'<sheetPr><tabColor rgb="{xml_attr(sheet.tab_color)}"/></sheetPr>'
    if sheet.column_widths:
        children["cols"] = "".join([
            "<cols>",
            *(f'<col min="{index}" max="{index}" width="{float(width):g}" customWidth="1"/>'
              for index, width in enumerate(sheet.column_widths, start=1)),
            "</cols>",
        ])  # fmt: skip
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}"'
        f' xmlns:r="{REL_NS}">{in_schema_order(children)}<sheetData>'
    )


def _sheet_views(sheet: NewSheet) -> str:
    """One view, with the header rows frozen."""
    pane = ""
    if sheet.freeze_header and sheet.header_rows > 0:
        top = f"A{sheet.header_rows + 1}"
        pane = (
            f'<pane ySplit="{sheet.header_rows}" topLeftCell="{top}" activePane="bottomLeft"'
            f' state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
        )
    return f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'


class _RowWriter:
    """Rows as XML; this runs for every cell of the sheet, so the common cases come first."""

    def __init__(self, sheet: NewSheet, looks: _Looks, date1904: bool, styles: Styles) -> None:
        self.header_rows, self.looks, self.date1904 = sheet.header_rows, looks, date1904
        self.styles = styles
        self.links = sheet.hyperlinks
        self.link_rows = {row for row, _column in self.links}
        self.displays: dict[tuple[int, int], str] = {}

    def row(self, number: int, values: Sequence[object]) -> str:
        cells = [f'<row r="{number}">']
        header, linked = number <= self.header_rows, number in self.link_rows
        for column, value in enumerate(values, start=1):
            if type(value) is str:
                if not value:
                    continue
                kind, body, style = "inlineStr", inline_string(value), 0
            elif type(value) is int:
                kind, body, style = "", f"<v>{value}</v>", 0
            elif type(value) is SheetCell:
                kind, body, style = self._rich(value, number, column)
                if not body and not style:
                    continue
                cells.append(self._cell(number, column, style, kind, body))
                continue
            else:
                kind, body = value_xml(value, self.date1904)
                if not body:
                    continue
                style = self._date_style(value)
            if header:
                style = self.looks.header
            elif linked and (number, column) in self.links:
                style = self.looks.link
                if isinstance(value, str):
                    self.displays[(number, column)] = value
            cells.append(self._cell(number, column, style, kind, body))
        cells.append("</row>")
        return "".join(cells)

    @staticmethod
    def _cell(number: int, column: int, style: int, kind: str, body: str) -> str:
        t = f' t="{kind}"' if kind else ""
        s = f' s="{style}"' if style else ""
        return f'<c r="{column_letters(column)}{number}"{s}{t}>{body}</c>'

    def _rich(self, cell: SheetCell, number: int, column: int) -> tuple[str, str, int]:
        kind, body = value_xml(cell.value, self.date1904)
        if cell.formula is not None:
            if kind == "inlineStr":  # a formula's cached text is t="str" with a plain <v>
                kind, body = "str", f"<v>{xml_text(str(cell.value))}</v>"
            formula = escape(cell.formula.removeprefix("="))
            kind_of = f' t="array" ref="{cell_ref(number, column)}"' if cell.array else ""
            body = f"<f{kind_of}>{formula}</f>{body}"
        base = self.styles.font_style(bold=cell.bold, size=cell.size)
        number_format = cell.number_format
        if number_format is None and isinstance(cell.value, dt.date):
            number_format = DATETIME_FORMAT if isinstance(cell.value, dt.datetime) else DATE_FORMAT
        return kind, body, self.styles.resolve(base, cell.fill, number_format)

    def _date_style(self, value: object) -> int:
        if isinstance(value, dt.datetime):
            return self.looks.datetime
        if isinstance(value, dt.date):
            return self.looks.date
        return 0


def _tail(sheet: NewSheet, displays: Mapping[tuple[int, int], str]) -> str:
    """The XML after the rows: the children of <worksheet> after <sheetData>, in order."""
    children = {
        "pageMargins": '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75"'
        ' header="0.3" footer="0.3"/>'
    }
    if sheet.filter_ref:
        children["autoFilter"] = f'<autoFilter ref="{sheet.filter_ref}"/>'
    if sheet.validations:
        children["dataValidations"] = "".join([
            f'<dataValidations count="{len(sheet.validations)}">',
            *(validation.to_xml() for validation in sheet.validations),
            "</dataValidations>",
        ])  # fmt: skip
    if sheet.hyperlinks:
        children["hyperlinks"] = _hyperlinks(sheet.hyperlinks, displays)
    if sheet.drawing_rel:
        children["drawing"] = f'<drawing r:id="{sheet.drawing_rel}"/>'
    return "</sheetData>" + in_schema_order(children) + "</worksheet>"


def _hyperlinks(
    links: Mapping[tuple[int, int], str], displays: Mapping[tuple[int, int], str]
) -> str:
    parts = ["<hyperlinks>"]
    for (row, column), target in sorted(links.items()):
        display = displays.get((row, column))
        shown = f' display="{xml_attr(display)}"' if display else ""
        location = xml_attr(target.lstrip("#"))
        parts.append(f'<hyperlink ref="{cell_ref(row, column)}" location="{location}"{shown}/>')
    parts.append("</hyperlinks>")
    return "".join(parts)
