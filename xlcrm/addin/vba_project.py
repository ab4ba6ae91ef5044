"""The add-in's VBA project (xl/vbaProject.bin), made from readable sources on any OS.

Modules, in this order:

- the template's document modules (``ThisWorkbook`` and the config sheet's module) and
  its ``Dictionary`` class, taken from the open-source xlwings ribbon add-in template
  that ships inside the xlwings package (``quickstart_addin_ribbon.xlam``);
- ``xlwings``: xlwings' own add-in VBA (``xlwings_custom_addin.bas`` of the installed
  xlwings, so it matches the xlwings DLL version), with ``PROJECT_NAME`` set to
  ``xlcrm`` so its config sheet is ``xlcrm.conf`` and its user config
  ``%USERPROFILE%\\.xlcrm\\xlcrm.conf``;
- every ``macros/*.bas`` of this repository, byte for byte (line ends made CRLF).

The template's project information and references (including the Office library that
``IRibbonControl`` needs) are kept; the module list is rewritten. No compiled code is
stored, so Excel compiles these sources when it opens the add-in (see :mod:`.ovba`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import olefile
import xlwings

from xlcrm.addin import ovba
from xlcrm.addin.cfb import write_compound_file
from xlcrm.errors import XlcrmError

XLWINGS_DIR = Path(xlwings.__file__).resolve().parent
TEMPLATE = XLWINGS_DIR / "quickstart_addin_ribbon.xlam"
XLWINGS_VBA = XLWINGS_DIR / "xlwings_custom_addin.bas"
MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
PROJECT_NAME = "xlcrm"
_TEMPLATE_KEEP = ("ThisWorkbook", "Sheet2", "Dictionary")  # from the template, unchanged
_TEMPLATE_DOCUMENTS = ("ThisWorkbook", "Sheet2")
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
    """xlwings' add-in VBA with PROJECT_NAME = "xlcrm"."""
    text = XLWINGS_VBA.read_text(encoding="cp1252")
    text, count = re.subn(
        r'^(Public Const PROJECT_NAME As String = )"[^"]*"',
        rf'\1"{PROJECT_NAME}"',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    if count != 1:
        raise ValueError(f"PROJECT_NAME not found in {XLWINGS_VBA}")
    return ovba.Module("xlwings", crlf(text))


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
    modules = [*template.modules.values(), xlwings_module(), *macro_modules(macros)]
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
