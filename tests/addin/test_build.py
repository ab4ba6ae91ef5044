"""xlcrm.xlam: a package Excel accepts, its ribbon from the registry, its VBA from macros/.

Excel itself is not here, so the rules it applies are written down as data below (from
the Office 2010 customUI schema, customUI14.xsd, and ECMA-376 Part 2 for the package)
and every built part is checked against them.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path
from typing import Any

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from oletools.olevba import VBA_Parser, decompress_stream
from typer.testing import CliRunner

from xlcrm.addin import customui, ovba
from xlcrm.addin.functions import REGISTER, udf_module, vba_text
from xlcrm.addin.install import python_config
from xlcrm.addin.package import build_addin
from xlcrm.addin.vba_project import MACROS_DIR, TEMPLATE, XLWINGS_VBA, patch_xlwings
from xlcrm.excel.ribbon.tags import ribbon_actions

NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# customUI14.xsd, for the elements the add-in uses: allowed attributes and children.
_CONTROL = {"id", "idQ", "idMso", "tag", "label", "getLabel", "visible", "getVisible",
            "keytip", "getKeytip", "insertAfterMso", "insertBeforeMso", "insertAfterQ",
            "insertBeforeQ"}  # fmt: skip
SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "customUI": ({"onLoad", "loadImage"}, {"commands", "ribbon", "backstage", "contextMenus"}),
    "ribbon": ({"startFromScratch"}, {"qat", "tabs", "contextualTabs"}),
    "tabs": (set(), {"tab"}),
    "tab": (_CONTROL, {"group"}),
    "group": (
        _CONTROL | {"image", "imageMso", "getImage", "screentip", "getScreentip", "supertip",
                    "getSupertip", "autoScale", "centerVertically"},
        {"button", "toggleButton", "checkBox", "editBox", "comboBox", "dropDown", "gallery",
         "menu", "dynamicMenu", "splitButton", "box", "buttonGroup", "labelControl",
         "separator", "dialogBoxLauncher"},
    ),
    "button": (
        _CONTROL | {"image", "imageMso", "getImage", "size", "getSize", "screentip",
                    "getScreentip", "supertip", "getSupertip", "onAction", "enabled",
                    "getEnabled", "description", "getDescription", "showLabel",
                    "getShowLabel", "showImage", "getShowImage"},
        set(),
    ),
}  # fmt: skip
MAX_TEXT = {"label": 1024, "screentip": 1024, "supertip": 1024, "tag": 1024, "keytip": 3}
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,1023}$")
SIZES = {"normal", "large"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="module")
def parts(built: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def vba_modules(built: Path) -> dict[str, str]:
    parser = VBA_Parser(str(built))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _ui(parts: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(parts[customui.PART_NAME])


def test_ribbon_part_is_related_from_the_package_root(parts: dict[str, bytes]) -> None:
    rels = etree.fromstring(parts["_rels/.rels"])
    ui = [r for r in rels.iter(f"{PKG_RELS}Relationship") if r.get("Type") == UI_REL]
    assert [r.get("Target") for r in ui] == ["customUI/customUI14.xml"]
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{TYPES}Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{TYPES}Override")}
    ui_type = overrides.get("/customUI/customUI14.xml", defaults.get("xml"))
    assert ui_type == "application/xml"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    # Every part has a content type and every relationship target exists.
    for name in parts:
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
    book_rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    for rel in [*rels, *book_rels]:
        base = "" if rel in rels else "xl/"
        assert base + rel.get("Target") in parts


def test_ribbon_follows_the_customui_schema(parts: dict[str, bytes]) -> None:
    root = _ui(parts)
    assert root.tag == f"{NS}customUI"
    ids: list[str] = []
    for element in root.iter():
        assert element.tag.startswith(NS), element.tag
        name = element.tag[len(NS) :]
        attributes, children = SCHEMA[name]
        assert set(element.attrib) <= attributes, (name, set(element.attrib) - attributes)
        for child in element:
            assert child.tag[len(NS) :] in children, (name, child.tag)
        identity = [a for a in ("id", "idQ", "idMso") if a in element.attrib]
        if name in ("tab", "group", "button"):
            assert len(identity) == 1, (name, identity)
        if "id" in element.attrib:
            assert NCNAME.match(element.get("id", "")), element.get("id")
            ids.append(element.get("id", ""))
        for attribute, limit in MAX_TEXT.items():
            assert len(element.get(attribute, "")) <= limit
        if name == "button":
            assert element.get("size", "normal") in SIZES
            assert element.get("label") and element.get("imageMso")
            assert element.get("screentip") and element.get("supertip")
    assert len(ids) == len(set(ids)), "ids must be unique"


def test_buttons_are_the_ribbon_actions_of_the_registry(parts: dict[str, bytes]) -> None:
    buttons = list(_ui(parts).iter(f"{NS}button"))
    tags = [b.get("tag") for b in buttons]
    expected = [a.name for a in ribbon_actions()]
    assert sorted(tags) == sorted(expected) and len(tags) == len(set(tags))
    assert {"check", "tier", "summary", "undo"} <= set(tags)
    by_name = {a.name: a for a in ribbon_actions()}
    for group in _ui(parts).iter(f"{NS}group"):
        for button in group:
            action = by_name[button.get("tag", "")]
            assert group.get("id") == f"xlcrm_group_{action.group}"
            assert button.get("imageMso") == action.image_mso
            assert button.get("supertip") == action.help.zh
    tab = next(_ui(parts).iter(f"{NS}tab"))
    assert tab.get("label") == "客户数据"
    assert [g.get("label") for g in tab][:2] == ["清理", "分析"]


def test_labels_follow_the_language_setting(parts: dict[str, bytes]) -> None:
    english = etree.fromstring(customui.build_customui("en"))
    zh = {b.get("tag"): b.get("label") for b in _ui(parts).iter(f"{NS}button")}
    en = {b.get("tag"): b.get("label") for b in english.iter(f"{NS}button")}
    assert zh["check"] == "检查" and en["check"] == "Check"
    assert zh["undo"] == "撤销" and en["undo"] == "Undo"
    assert next(english.iter(f"{NS}tab")).get("label") == "xlcrm"
    with pytest.raises(ValueError):
        customui.build_customui("fr")


def test_every_ribbon_callback_is_a_sub_in_the_vba(
    parts: dict[str, bytes], vba_modules: dict[str, str]
) -> None:
    code = "\n".join(vba_modules.values())
    callbacks = {b.get("onAction") for b in _ui(parts).iter(f"{NS}button")}
    assert callbacks == {"XlcrmDispatch"}
    for callback in callbacks:
        pattern = rf"^Public Sub {callback}\(control As IRibbonControl\)"
        assert re.search(pattern, code, re.MULTILINE), callback
    call = 'RunPython "import xlcrm.excel.ribbon; xlcrm.excel.ribbon.dispatch(\'" & tag & "\')"'
    assert call in vba_modules["XlcrmRibbon"]


def test_vba_in_the_addin_is_macros_bas_and_xlwings(vba_modules: dict[str, str]) -> None:
    def lines(text: str) -> str:
        return text.replace("\r\n", "\n")

    sources = sorted(MACROS_DIR.glob("*.bas"))
    assert sources, "macros/*.bas must exist"
    for path in sources:
        module = re.search(r'VB_Name = "(\w+)"', path.read_text()).group(1)  # type: ignore[union-attr]
        assert lines(vba_modules[module]) == lines(path.read_text(encoding="ascii"))
    xlwings = patch_xlwings(XLWINGS_VBA.read_text(encoding="cp1252"))
    assert lines(vba_modules["xlwings"]) == lines(xlwings)
    assert set(vba_modules) == {"ThisWorkbook", "Sheet2", "Dictionary", "xlwings"} | {
        "xlwings_udfs"
    } | {
        re.search(r'VB_Name = "(\w+)"', p.read_text()).group(1)  # type: ignore[union-attr]
        for p in sources
    }


def test_cell_functions_ship_inside_the_addin(vba_modules: dict[str, str]) -> None:
    # The wrappers decompiled from the built vbaProject.bin are the ones generated from the
    # UDF module now: a cell function added, renamed or given another argument changes them.
    from xlcrm.udfs import cell_functions

    def lines(text: str) -> str:
        return text.replace("\r\n", "\n")

    assert lines(vba_modules["xlwings_udfs"]).rstrip("\n") == udf_module().rstrip("\n")
    code = lines(vba_modules["xlwings_udfs"])
    for function in cell_functions():
        visible = ", ".join(
            ("Optional " if a in function.optional else "") + a for a, _ in function.arguments
        )
        assert f"Function {function.name}({visible})\n" in code
        assert f'XLPy.CallUDF("xlcrm.udfs", "{function.name}", Array(' in code
    assert {f.name for f in cell_functions()} >= {"XLCRM_PHONE", "XLCRM_TIER", "XLCRM_RFM"}
    # Wizard help is set each time Excel opens the add-in: no import step, no trust setting.
    assert "Private Sub Workbook_Open()" in vba_modules["ThisWorkbook"]
    assert REGISTER in vba_modules["ThisWorkbook"]
    assert "XlcrmImportFunctions" not in "".join(vba_modules.values())
    assert "VBProject" not in vba_modules["XlcrmRibbon"] + vba_modules["xlwings_udfs"]


def test_wizard_help_reads_back_in_chinese_and_english(vba_modules: dict[str, str]) -> None:
    # Run the registration Sub's assignments in order and read what each MacroOptions call
    # would pass: exactly the description and argument help recorded in xlcrm.udfs.
    from xlcrm.udfs import cell_functions

    code = vba_modules["xlwings_udfs"].replace("\r\n", "\n")
    assert code.isascii()  # the Chinese is ChrW(&H....): right on any Windows locale
    values: dict[str, str] = {}
    passed: dict[str, tuple[str, list[str]]] = {}
    for line in code[code.index(f"Sub {REGISTER}") :].splitlines():
        line = line.strip()
        if match := re.match(r'^(\w+(?:\(\d+\))?) = ""$', line):
            values[match.group(1)] = ""
        elif match := re.match(r"^(\w+(?:\(\d+\))?) = \1 & (.*)$", line):
            pieces = re.findall(r'ChrW\(&H[0-9A-F]{4}\)|"(?:[^"]|"")*"', match.group(2))
            values[match.group(1)] += vba_text(pieces)
        elif match := re.match(r'^Application\.MacroOptions Macro:=book & "(\w+)"', line):
            helps = [values[k] for k in sorted(values) if k.startswith("helps(")]
            passed[match.group(1)] = (values["description"], helps)
            values = {"description": ""}
    expected = {
        f.name: (f.description[:255], [text[:255] for _, text in f.arguments])
        for f in cell_functions()
    }
    assert passed == expected
    assert 'Category:="xlcrm"' in code and "ArgumentDescriptions:=helps" in code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in passed["XLCRM_PHONE"][0])


def test_vba_project_has_no_compiled_cache(parts: dict[str, bytes]) -> None:
    ole = olefile.OleFileIO(parts["xl/vbaProject.bin"])
    cache = ole.openstream("VBA/_VBA_PROJECT").read()
    assert struct.unpack_from("<H", cache, 2)[0] == 0xFFFF  # version: no performance cache
    offsets = ovba.module_offsets(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    assert offsets and set(offsets.values()) == {0}  # no p-code before any module's source
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert 'Name="xlcrm"' in project
    assert {"Document=ThisWorkbook/&H00000000", "Document=Sheet2/&H00000000"} <= set(project)
    assert {"Class=Dictionary", "Module=xlwings", "Module=XlcrmRibbon"} <= set(project)


def test_macros_are_ascii_and_their_chinese_messages_decode() -> None:
    text = (MACROS_DIR / "XlcrmRibbon.bas").read_bytes()
    assert text.isascii()  # VBA keeps module text in the ANSI code page
    calls = re.findall(r'XlcrmText\(((?:"[^"]*"(?:\s*_\s*&\s*)?)+)\)', text.decode())
    decoded = [
        "".join(chr(int(code, 16)) for code in "".join(re.findall(r'"([^"]*)"', c)).split())
        for c in calls
    ]
    assert any("未设置 Python 解释器路径" in d for d in decoded)
    assert any(d.startswith("找不到 Python 解释器") for d in decoded)
    assert "中改正路径。" in " ".join(decoded)
    for sentence in (
        "请先打开客户工作簿",
        "受保护的视图",
        "图表工作表",
        "正在运行",
        "正在启动 Python…",
    ):
        assert any(sentence in d for d in decoded), sentence


def test_config_sheet_and_reproducible_bytes(built: Path, tmp_path: Path) -> None:
    again = build_addin(tmp_path)
    assert again.read_bytes() == built.read_bytes()
    assert not list(tmp_path.glob("*.partial"))
    with zipfile.ZipFile(built) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        book = archive.read("xl/workbook.xml").decode()
    assert 'name="xlcrm.conf"' in book
    keys = re.findall(r'r="A\d+" t="inlineStr"><is><t xml:space="preserve">([^<]*)<', sheet)
    assert keys == ["UDF Modules"]  # defaults only: the user's xlcrm.conf names the Python
    assert "xlcrm.udfs" in sheet and "python" not in sheet.lower()
    config = python_config(Path("C:/Python311/python.exe"))
    assert config["INTERPRETER_MAC"] == str(Path("C:/Python311/python.exe"))
    assert config["UDF MODULES"] == "xlcrm.udfs"


def test_user_config_file_outranks_the_addins_sheet(vba_modules: dict[str, str]) -> None:
    code = vba_modules["xlwings"].replace("\r\n", "\n")
    start = code.index("Function GetConfig(configKey")
    body = code[start : code.index("End Function", start)]
    order = [
        body.index("GetConfigFromSheet(ActiveWorkbook)"),  # a workbook's own xlcrm.conf sheet
        body.index("GetDirectoryConfigFilePath()"),  # xlcrm.conf beside the workbook
        body.index("GetConfigFromFile(GetConfigFilePath()"),  # the user's file
        body.index("GetConfigFromSheet(ThisWorkbook)"),  # the add-in's defaults
    ]
    assert order == sorted(order)
    assert 'Environ("APPDATA") & "\\" & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in code
    assert 'GetMacDir("$HOME", False) & "/" & PROJECT_NAME & ".conf"' in code  # Excel's sandbox
    assert 'Public Const PROJECT_NAME As String = "xlcrm"' in code


def test_template_is_the_open_source_xlwings_one() -> None:
    assert TEMPLATE.name == "quickstart_addin_ribbon.xlam" and "pro" not in TEMPLATE.parts


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=9000) | st.text(max_size=6000).map(str.encode))
def test_vba_compression_round_trips_through_oletools(data: bytes) -> None:
    compressed = ovba.compress(data)
    assert decompress_stream(bytearray(compressed)) == data
    assert ovba.decompress(compressed) == data


def test_cli_build_and_install_on_linux(runner: CliRunner, tmp_path: Path) -> None:
    from xlcrm.cli.app import app

    result = runner.invoke(app, ["addin", "build", "--out", str(tmp_path), "--language", "en"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "xlcrm.xlam") as archive:
        assert b'label="Check"' in archive.read(customui.PART_NAME)
    for command in ("install", "uninstall"):
        refused = runner.invoke(app, ["addin", command])
        assert refused.exit_code == 2
        assert "Windows or macOS" in refused.output and "Windows 或 macOS" in refused.output


def test_libreoffice_reads_the_vba_project(
    parts: dict[str, bytes], tmp_path: Path, sheetcheck: Any
) -> None:
    # LibreOffice refuses add-in packages (xlwings' own template too), so the same parts
    # are opened as a macro-enabled workbook: a second, independent reader of our VBA.
    path = tmp_path / "addin_as_workbook.xlsm"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            if name == "[Content_Types].xml":
                data = data.replace(b"addin.macroEnabled", b"sheet.macroEnabled")
            archive.writestr(name, data.replace(b' visibility="hidden"', b""))
    report = sheetcheck(path)
    assert report["loaded"] and report["has_vba_project"] and report["has_custom_ui"]
    seen = set(report["vba_modules_seen_by_libreoffice"])
    assert {"xlcrm.XlcrmRibbon", "xlcrm.xlwings", "xlcrm.ThisWorkbook"} <= seen
    assert [s["name"] for s in report["sheets"]] == ["xlcrm.conf"]


@settings(max_examples=15, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["PROJECT", "PROJECTwm", "VBA/dir", "VBA/Module1", "VBA/Big", "A/B/C"]),
        st.binary(max_size=6000)
        | st.integers(4096, 20000).map(lambda n: bytes(n % 251 for _ in range(n))),
        min_size=1,
    )
)
def test_compound_file_round_trips_through_olefile(streams: dict[str, bytes]) -> None:
    from xlcrm.addin.cfb import write_compound_file

    ole = olefile.OleFileIO(write_compound_file(streams))
    assert {"/".join(p) for p in ole.listdir()} == set(streams)
    for name, data in streams.items():
        assert ole.openstream(name).read() == data
