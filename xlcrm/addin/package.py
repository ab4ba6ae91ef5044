"""Assemble xlcrm.xlam: an Open XML add-in package, the same bytes every time.

The workbook is the xlwings ribbon add-in template's (theme, styles), with
parts of our own: the ribbon (customUI14.xml, related from the package root), the VBA
project, the ``xlcrm.conf`` config sheet that xlwings reads (defaults only, such as the
UDF module; the user's own xlcrm.conf outranks it), the workbook part that names it and
the document properties. Zip entries carry a fixed timestamp, so building twice gives
identical bytes. Every part passes the ECMA-376 checks of ``tests/ooxml``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from xlcrm.addin import customui
from xlcrm.addin.vba_project import MACROS_DIR, TEMPLATE, build_vba_project
from xlcrm.udfs import MODULE as UDF_MODULE

ADDIN_NAME = "xlcrm.xlam"
CONFIG_SHEET = "xlcrm.conf"  # xlwings looks for PROJECT_NAME + ".conf"
# Defaults only: the user's xlcrm.conf (written by `xlcrm addin install`) outranks them.
DEFAULT_CONFIG: dict[str, str] = {"UDF Modules": UDF_MODULE}
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_KEPT_PARTS = ("xl/styles.xml", "xl/theme/theme1.xml")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = {
    "/xl/workbook.xml": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    "/xl/worksheets/sheet1.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    ),
    "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
    "/xl/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    "/xl/vbaProject.bin": "application/vnd.ms-office.vbaProject",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}


def build_addin(
    out_dir: Path,
    *,
    language: str = "zh",
    config: Mapping[str, str] | None = None,
    macros: Path = MACROS_DIR,
) -> Path:
    """Write ``out_dir/xlcrm.xlam`` and return its path."""
    parts = addin_parts(language=language, config=config, macros=macros)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_NAME
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, data in parts.items():
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                archive.writestr(info, data)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)  # never left behind, even when the replace failed
    return target


def addin_parts(
    *, language: str = "zh", config: Mapping[str, str] | None = None, macros: Path = MACROS_DIR
) -> dict[str, bytes]:
    """Every part of the package by name, in the order they are zipped."""
    with zipfile.ZipFile(TEMPLATE) as template:
        kept = {name: template.read(name) for name in _KEPT_PARTS}
        vba = build_vba_project(template.read("xl/vbaProject.bin"), macros)
    values = {**DEFAULT_CONFIG, **(config or {})}
    return {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _relationships(
            [
                ("rId1", f"{_DOC_RELS}/officeDocument", "xl/workbook.xml"),
                ("rId2", f"{_PKG_RELS}/metadata/core-properties", "docProps/core.xml"),
                ("rId3", f"{_DOC_RELS}/extended-properties", "docProps/app.xml"),
                ("rId4", customui.RELATIONSHIP_TYPE, customui.PART_NAME),
            ]
        ),
        "docProps/app.xml": _app_properties(),
        "docProps/core.xml": _core_properties(),
        customui.PART_NAME: customui.build_customui(language),
        "xl/workbook.xml": _workbook(),
        "xl/_rels/workbook.xml.rels": _relationships(
            [
                ("rId1", f"{_DOC_RELS}/worksheet", "worksheets/sheet1.xml"),
                ("rId2", f"{_DOC_RELS}/styles", "styles.xml"),
                ("rId3", f"{_DOC_RELS}/theme", "theme/theme1.xml"),
                ("rId4", VBA_RELATIONSHIP, "vbaProject.bin"),
            ]
        ),
        "xl/worksheets/sheet1.xml": _config_sheet(values),
        "xl/styles.xml": kept["xl/styles.xml"],
        "xl/theme/theme1.xml": kept["xl/theme/theme1.xml"],
        "xl/vbaProject.bin": vba,
    }


def _content_types() -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    rows = [
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        f'<Default Extension="xml" ContentType="{customui.CONTENT_TYPE}"/>',
        *(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in CONTENT_TYPES.items()),
    ]
    return (_XML_HEAD + f'<Types xmlns="{ns}">' + "".join(rows) + "</Types>").encode()


def _relationships(rows: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{p}"/>' for i, t, p in rows)
    return (_XML_HEAD + f'<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>').encode()


def _app_properties() -> bytes:
    # In the order Excel writes them (tests/ooxml compares with a workbook Excel saved).
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    return (
        _XML_HEAD + f'<Properties xmlns="{ns}" xmlns:vt="{vt}">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0300</AppVersion></Properties>"
    ).encode()


def _core_properties() -> bytes:
    return (
        _XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>xlcrm</dc:title><dc:creator>xlcrm</dc:creator></cp:coreProperties>"
    ).encode()


def _workbook() -> bytes:
    # codeName ties the workbook and the sheet to the document modules of the VBA project.
    return (
        _XML_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}">'
        '<workbookPr codeName="ThisWorkbook"/>'
        '<bookViews><workbookView visibility="hidden"/></bookViews>'
        f'<sheets><sheet name="{CONFIG_SHEET}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ).encode()


def _config_sheet(values: Mapping[str, str]) -> bytes:
    """Key in column A, value in column B, from A1 down without gaps (how xlwings reads it)."""
    rows = []
    for number, (key, value) in enumerate(values.items(), start=1):
        cells = [(f"A{number}", key), (f"B{number}", value)]
        body = "".join(
            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
            for ref, text in cells
        )
        rows.append(f'<row r="{number}">{body}</row>')
    return (
        _XML_HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}">'
        '<sheetPr codeName="Sheet2"/>'
        '<cols><col min="1" max="1" width="18" customWidth="1"/>'
        '<col min="2" max="2" width="60" customWidth="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode()


def describe(path: Path) -> str:
    """One line naming the built file, for the command line."""
    return f"{path} ({path.stat().st_size:,} bytes)"
