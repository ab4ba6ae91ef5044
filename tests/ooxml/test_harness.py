"""The validation harness finds what Excel would repair, and passes what Excel wrote.

Each test takes a valid workbook, breaks one thing in one part, and checks that the
problem is reported (and that the untouched file reports nothing). The XSD cases need
the ECMA-376 schemas and skip without them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REPO
from tests.ooxml import compare_with_excel, mce, validate_package, xsd

EXCEL = REPO / "tests" / "files" / "excel" / "xlwings_quickstart.xlsm"
TEMPLATE = REPO / "xlcrm" / "workbook_templates" / "customers.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
BOOK = "xl/workbook.xml"
needs_schemas = pytest.mark.skipif(
    xsd.schema_folder() is None,
    reason=f"ECMA-376 XSDs not found (set {xsd.SCHEMA_ENV} or see tests/ooxml/xsd.py)",
)

Edit = Callable[[bytes], bytes]


def _broken(tmp_path: Path, edits: dict[str, Edit | None], source: Path = TEMPLATE) -> Path:
    """A copy of ``source`` with ``edits`` applied by part name (None removes the part)."""
    target = tmp_path / f"broken{source.suffix}"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in edits:
                edit = edits[info.filename]
                if edit is None:
                    continue
                data = edit(data)
            new.writestr(info, data)
    return target


def _problems(path: Path) -> str:
    return "\n".join(validate_package(path).problems)


def test_excels_own_workbook_and_the_templates_pass() -> None:
    for path in (EXCEL, TEMPLATE):
        report = validate_package(path)
        assert report.ok, report.problems
        assert report.parts_checked >= 8


@pytest.mark.parametrize(
    ("part", "edit", "expected"),
    [
        ("[Content_Types].xml", lambda d: re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"", d),
         "xl/styles.xml: content type application/xml, but a styles part is"),
        ("[Content_Types].xml", lambda d: d.replace(b"</Types>", b'<Override PartName="/xl/gone.xml" '
         b'ContentType="application/xml"/></Types>'), "Override for missing part /xl/gone.xml"),
        ("xl/_rels/workbook.xml.rels", lambda d: d.replace(b"styles.xml", b"styles2.xml"),
         "points to missing part xl/styles2.xml"),
        (BOOK, lambda d: d.replace(b'r:id="rId1"', b'r:id="rId99"', 1),
         'r:id="rId99" is not a relationship of the part'),
        (SHEET, lambda d: d.replace(b'<c r="A1"', b'<c r="A1" s="999"', 1).replace(
            b'<c r="A1" s="999" s=', b'<c r="A1" s="999" data-s=', 1), "has style 999"),
        (SHEET, lambda d: re.sub(rb'<row r="3"', b'<row r="1"', d, count=1), "row 1 after row 2"),
        (SHEET, lambda d: re.sub(rb'<c r="E2"', b'<c r="ZZ2"', d, count=1), "out of order in row 2"),
        (SHEET, lambda d: re.sub(rb'<dataValidations count="(\d+)"', b'<dataValidations count="99"', d),
         "dataValidations count=99"),
        (BOOK, lambda d: re.sub(rb'(<sheet [^>]*?name=")[^"]*"', rb'\1a/b"', d, count=1),
         "sheet name 'a/b' is not allowed"),
        ("[Content_Types].xml", lambda d: d.replace(b'<Default Extension="rels"', b'<Default Extension="relz"'),
         "_rels/.rels: no content type"),
    ],
)  # fmt: skip
def test_each_defect_is_reported(tmp_path: Path, part: str, edit: Edit, expected: str) -> None:
    problems = _problems(_broken(tmp_path, {part: edit}))
    assert expected in problems, problems


def test_shared_string_index_and_cell_types(tmp_path: Path) -> None:
    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<c r="A2"[^>]*?(/>|>.*?</c>)', b'<c r="A2" t="s"><v>9999</v></c>', data,
                      count=1, flags=re.S)  # fmt: skip
        return re.sub(rb'<c r="E2"[^>]*?(/>|>.*?</c>)', b'<c r="E2" t="b"><v>yes</v></c>', data,
                      count=1, flags=re.S)  # fmt: skip

    problems = _problems(_broken(tmp_path, {SHEET: edit}))
    assert "A2 uses shared string 9999" in problems and "E2 holds 'yes' as a boolean" in problems


def test_defined_names_and_duplicate_sheets(tmp_path: Path) -> None:
    def edit(data: bytes) -> bytes:
        names = (b'<definedNames><definedName name="A1">Sheet!$A$1</definedName>'
                 b'<definedName name="x" localSheetId="9">Sheet!$A$1</definedName>'
                 b'<definedName name="Y">1</definedName><definedName name="y">2</definedName>'
                 b"</definedNames>")  # fmt: skip
        data = re.sub(rb"<definedNames>.*?</definedNames>", b"", data, flags=re.S)
        data = data.replace(b"</sheets>", b"</sheets>" + names)
        return re.sub(rb'(<sheet [^>]*?name=")[^"]*(")', rb"\1Same\2", data)

    problems = _problems(_broken(tmp_path, {BOOK: edit}))
    assert "defined name 'A1' is not a legal name" in problems
    assert "localSheetId 9" in problems and "'y' repeated in one scope" in problems
    assert "sheet name 'Same' is not allowed or repeated" in problems


def test_merged_ranges_and_tables(tmp_path: Path) -> None:
    def merge(data: bytes) -> bytes:
        cells = (
            b'<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>'
        )
        return re.sub(rb"(</sheetData>)", rb"\1" + cells, data, count=1)

    tables = [n for n in zipfile.ZipFile(TEMPLATE).namelist() if n.startswith("xl/tables/")]
    edits: dict[str, Edit | None] = {SHEET: merge}
    edits[tables[0]] = lambda d: re.sub(
        rb"<tableColumn ", b'<tableColumn id="999" name="extra"/><tableColumn ', d, count=1
    )
    problems = _problems(_broken(tmp_path, edits))
    assert "overlap" in problems and "columns for ref" in problems


def test_table_columns_named_as_their_header_cells(tmp_path: Path) -> None:
    tables = [n for n in zipfile.ZipFile(TEMPLATE).namelist() if n.startswith("xl/tables/")]
    first = re.search(
        rb'<tableColumn [^>]*name="([^"]*)"', zipfile.ZipFile(TEMPLATE).read(tables[0])
    )
    assert first is not None
    renamed = {
        tables[0]: lambda d: d.replace(b'name="' + first.group(1) + b'"', b'name="Other"', 1)
    }
    problems = _problems(_broken(tmp_path, renamed))
    assert f"column 'Other' but its header cell says '{first.group(1).decode()}'" in problems


def _mc(xml: str) -> tuple[str, list[str]]:
    root, problems = mce.preprocess(etree.fromstring(xml), xsd.TRANSITIONAL)
    return etree.tostring(root).decode(), problems


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


def test_markup_compatibility_as_a_transitional_consumer() -> None:
    ignorable = (
        f'<worksheet xmlns="{MAIN}" xmlns:mc="{MC}" xmlns:x14ac="{X14AC}" mc:Ignorable="x14ac">'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><x14ac:new/>'
        '<sheetData/></worksheet>'
    )  # fmt: skip
    text, problems = _mc(ignorable)
    assert (
        problems == [] and "dyDescent" not in text and "new" not in text and "Ignorable" not in text
    )
    alternate = (
        f'<worksheet xmlns="{MAIN}" xmlns:mc="{MC}" xmlns:x14ac="{X14AC}">'
        '<mc:AlternateContent><mc:Choice Requires="x14ac"><x14ac:fancy/></mc:Choice>'
        '<mc:Fallback><sheetData/></mc:Fallback></mc:AlternateContent></worksheet>'
    )  # fmt: skip
    text, problems = _mc(alternate)
    assert problems == [] and "<sheetData/>" in text and "fancy" not in text
    strict = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="{X14AC}"><x14ac:new/><sheetData/></worksheet>'
    assert "neither understood nor ignorable" in _mc(strict)[1][0]
    must = (
        f'<worksheet xmlns="{MAIN}" xmlns:mc="{MC}" xmlns:x14ac="{X14AC}" '
        'mc:MustUnderstand="x14ac"><sheetData/></worksheet>'
    )  # fmt: skip
    assert "MustUnderstand" in _mc(must)[1][0]
    extension = (
        f'<worksheet xmlns="{MAIN}"><sheetData/><extLst><ext uri="{{X}}" xmlns:x14="urn:x14">'
        '<x14:anything/></ext></extLst></worksheet>'
    )  # fmt: skip
    assert _mc(extension)[1] == []  # extLst/ext holds any markup


@needs_schemas
def test_schema_errors_are_reported(tmp_path: Path) -> None:
    def misplace(data: bytes) -> bytes:
        return data.replace(b"<sheetFormatPr", b"<bogus/><sheetFormatPr", 1)

    problems = _problems(_broken(tmp_path, {SHEET: misplace}))
    assert "bogus" in problems and "This element is not expected" in problems
    assert validate_package(TEMPLATE).xsd_checked


def test_comparison_with_excel_notices_another_order(tmp_path: Path) -> None:
    assert compare_with_excel(TEMPLATE, EXCEL) == []

    def reorder(data: bytes) -> bytes:
        views = re.search(rb"<bookViews>.*?</bookViews>", data, re.S)
        assert views is not None
        data = data.replace(views.group(0), b"")
        return data.replace(b"</workbook>", views.group(0) + b"</workbook>")

    differences = compare_with_excel(_broken(tmp_path, {BOOK: reorder}), EXCEL)
    assert differences and "bookViews" in differences[0]
