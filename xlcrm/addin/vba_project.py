"""The add-in's VBA project (xl/vbaProject.bin), made from readable sources on any OS.

Modules, in this order:

- the template's document modules (``ThisWorkbook``, with a ``Workbook_Open`` that sets
  the cell functions' wizard help, and the config sheet's module) and its ``Dictionary``
  class, from the open-source xlwings ribbon add-in template that ships inside the xlwings
  package (``quickstart_addin_ribbon.xlam``);
- ``xlwings``: xlwings' own add-in VBA (``xlwings_custom_addin.bas`` of the installed
  xlwings, so it matches the xlwings DLL version) with the few changes in
  :data:`XLWINGS_PATCHES`: ``PROJECT_NAME`` is ``xlcrm``, the user config file is
  ``%APPDATA%\\xlcrm\\xlcrm.conf`` (macOS: ``~/Library/Containers/com.microsoft.Excel/Data/
  xlcrm.conf``) and it outranks the add-in's own ``xlcrm.conf`` sheet;
- ``xlwings_udfs``: the cell functions' wrappers, generated from :mod:`xlcrm.udfs`
  (:mod:`xlcrm.addin.functions`), so they work from the first start without an import;
- every ``macros/*.bas`` beside this module, byte for byte (line ends made CRLF).

The template's project information and references (including the Office library that
``IRibbonControl`` needs) are kept; the module list is rewritten. No compiled code is
stored, so Excel compiles these sources when it opens the add-in (see :mod:`.ovba`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import olefile
import xlwings

from xlcrm.addin import ovba
from xlcrm.addin.cfb import write_compound_file
from xlcrm.addin.functions import MODULE_NAME, WORKBOOK_OPEN, udf_module
from xlcrm.errors import XlcrmError

XLWINGS_DIR = Path(xlwings.__file__).resolve().parent
TEMPLATE = XLWINGS_DIR / "quickstart_addin_ribbon.xlam"
XLWINGS_VBA = XLWINGS_DIR / "xlwings_custom_addin.bas"
MACROS_DIR = Path(__file__).resolve().parent / "macros"
PROJECT_NAME = "xlcrm"
_TEMPLATE_KEEP = ("ThisWorkbook", "Sheet2", "Dictionary")  # from the template, unchanged
_TEMPLATE_DOCUMENTS = ("ThisWorkbook", "Sheet2")
_SHEET_LOOKUP = """If SheetExists(ThisWorkbook, PROJECT_NAME & ".conf") = True Then
    If GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True Then
        GetConfig = GetConfigFromSheet(ThisWorkbook).Item(configKey)
        GetConfig = ExpandEnvironmentStrings(GetConfig)
        Exit Function
    End If
End If
"""
# xlwings reads the add-in's own sheet before the user's config file; xlcrm moves that
# lookup after it, so the file `xlcrm addin install` writes outranks the bundled defaults.
_ADDIN_SHEET_BLOCK = (
    "            'Add-in Sheet Config (only for custom add-ins, unused by xlwings add-in)\n"
    + textwrap.indent(_SHEET_LOOKUP, " " * 12)
)
_ADDIN_SHEET_LAST = (
    "    ' Add-in Sheet Config: xlcrm's defaults, after the user's config file\n"
    '    #If App = "Microsoft Excel" Then\n'
    '    If source = "" Or source = "sheet" Then\n'
    + textwrap.indent(_SHEET_LOOKUP, " " * 8)
    + "    End If\n    #End If\n\n    ' Defaults\n"
)
# (text in xlwings_custom_addin.bas, its replacement): each must occur exactly once.
XLWINGS_PATCHES: tuple[tuple[str, str], ...] = (
    (
        'Public Const PROJECT_NAME As String = "myaddin"',
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
    ),
    (
        'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME'
        ' & ".conf"',
        'GetConfigFilePath = Environ("APPDATA") & "\\" & PROJECT_NAME & "\\" & PROJECT_NAME'
        ' & ".conf"',
    ),
    (_ADDIN_SHEET_BLOCK, ""),
    ("    ' Defaults\n", _ADDIN_SHEET_LAST),
)
_NAME_LINE = re.compile(r'^Attribute VB_Name = "([A-Za-z][A-Za-z0-9_]*)"', re.MULTILINE)


@dataclass(frozen=True)
class TemplateProject:
    """What the build takes from the template's vbaProject.bin."""

    project_text: str
    dir_head: bytes
    modules: dict[str, ovba.Module]


def crlf(text: str) -> str:
    """VBA stores module text with CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def read_template(vba_bin: bytes) -> TemplateProject:
    """Project text, dir head and the kept modules of the template's vbaProject.bin."""
    ole = olefile.OleFileIO(vba_bin)
    try:
        project_text = ole.openstream("PROJECT").read().decode("cp1252")
        dir_stream = ovba.decompress(ole.openstream("VBA/dir").read())
        offsets = ovba.module_offsets(dir_stream)
        modules = {}
        for name in _TEMPLATE_KEEP:
            raw = ole.openstream(f"VBA/{name}").read()
            source = ovba.decompress(raw[offsets[name] :]).decode("cp1252")
            document = name in _TEMPLATE_DOCUMENTS
            modules[name] = ovba.Module(name, source, ovba.MODULE_CLASS, document=document)
    finally:
        ole.close()
    return TemplateProject(project_text, ovba.split_dir(dir_stream), modules)


def xlwings_module() -> ovba.Module:
    """xlwings' add-in VBA with :data:`XLWINGS_PATCHES` applied."""
    return ovba.Module("xlwings", crlf(patch_xlwings(XLWINGS_VBA.read_text(encoding="cp1252"))))


def patch_xlwings(text: str) -> str:
    """``text`` (xlwings_custom_addin.bas) with each patch applied once, or a ValueError."""
    text = text.replace("\r\n", "\n")
    for old, new in XLWINGS_PATCHES:
        if text.count(old) != 1:
            raise ValueError(f"xlwings changed: {old.strip()[:60]!r} not found once")
        text = text.replace(old, new)
    return text


def functions_module() -> ovba.Module:
    """The cell functions' wrappers (``xlwings_udfs``), generated from xlcrm.udfs."""
    return ovba.Module(MODULE_NAME, crlf(udf_module()))


def macro_modules(folder: Path = MACROS_DIR) -> list[ovba.Module]:
    """Every ``*.bas`` in ``folder`` as a standard module named by its VB_Name line."""
    sources = sorted(folder.glob("*.bas"))
    if not sources:
        raise XlcrmError("addin_vba_missing", folder=folder)
    modules = []
    for path in sources:
        text = path.read_text(encoding="ascii")  # the VBA editor's code page; keep ASCII
        match = _NAME_LINE.search(text)
        if match is None:
            raise ValueError(f"{path.name} has no 'Attribute VB_Name = \"...\"' line")
        modules.append(ovba.Module(match.group(1), crlf(text)))
    return modules


def build_vba_project(template_bin: bytes, macros: Path = MACROS_DIR) -> bytes:
    """The bytes of xl/vbaProject.bin for the add-in."""
    template = read_template(template_bin)
    book = template.modules["ThisWorkbook"]
    opened = ovba.Module(book.name, book.source + crlf(WORKBOOK_OPEN), book.kind, book.document)
    kept = [opened if m.name == book.name else m for m in template.modules.values()]
    modules = [*kept, xlwings_module(), functions_module(), *macro_modules(macros)]
    streams = {
        "PROJECT": ovba.build_project_text(template.project_text, modules, PROJECT_NAME).encode(
            "cp1252"
        ),
        "PROJECTwm": ovba.build_name_map(modules),
        "VBA/_VBA_PROJECT": ovba.VBA_PROJECT_NO_CACHE,
        "VBA/dir": ovba.compress(
            ovba.build_dir(ovba.rename_project(template.dir_head, PROJECT_NAME), modules)
        ),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = ovba.compress(module.encoded())
    return write_compound_file(streams)
