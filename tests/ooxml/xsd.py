"""XSD validation of each XML part against the ECMA-376 Transitional schemas, with lxml.

The schemas are ECMA-376 Part 4 (Transitional: ``sml.xsd``, ``dml-*.xsd``,
``shared-*.xsd``, ``vml-*.xsd``) and Part 2 (``opc-contentTypes.xsd``,
``opc-relationships.xsd``, ``opc-coreProperties.xsd``), all in one folder:
``$XLCRM_OOXML_SCHEMAS``, else ``../shared/schemas/ooxml-transitional/`` beside the
repository (where the project keeps data it may not commit). Without them the XSD layer
is skipped and says so; Markup Compatibility and the semantic checks still run.

Three small schemas of our own stand in for what the ECMA files import from the web and
no network here can fetch (``local/``): the ``xml:`` attributes and the Dublin Core
elements of core properties. Two documented departures, both for markup Excel itself
writes: ``xml:space`` on SpreadsheetML elements (``<t xml:space="preserve">``: the ECMA
schema gives ``t`` a simple type) is removed before validation, and VML parts (legacy
drawing of notes) are only parsed, since Excel's VML is not schema-valid.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from lxml import etree

from tests.conftest import REPO

SCHEMA_ENV = "XLCRM_OOXML_SCHEMAS"
DEFAULT_FOLDER = REPO.parent / "shared" / "schemas" / "ooxml-transitional"
LOCAL = Path(__file__).resolve().parent / "local"
SML_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Namespaces a Transitional consumer understands (also used when the XSDs are missing).
TRANSITIONAL = frozenset(
    {
        SML_NS,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
        "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://schemas.openxmlformats.org/drawingml/2006/chart",
        "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
        "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
        "http://schemas.openxmlformats.org/drawingml/2006/diagram",
        "http://schemas.openxmlformats.org/package/2006/content-types",
        "http://schemas.openxmlformats.org/package/2006/relationships",
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://purl.org/dc/dcmitype/",
        "http://www.w3.org/2001/XMLSchema-instance",
        "urn:schemas-microsoft-com:vml",
        "urn:schemas-microsoft-com:office:office",
        "urn:schemas-microsoft-com:office:excel",
    }
)
# Files of the two parts that a spreadsheet never uses (and that need more imports).
_SKIPPED = {
    "wml.xsd", "pml.xsd", "shared-math.xsd", "shared-bibliography.xsd", "opc-digSig.xsd",
    "dml-wordprocessingDrawing.xsd", "vml-wordprocessingDrawing.xsd",
    "vml-presentationDrawing.xsd", "shared-additionalCharacteristics.xsd",
}  # fmt: skip
_WEB = {
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dcterms.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcmitype.xsd": "dcmitype.xsd",
}
VML_NAMESPACES = ("urn:schemas-microsoft-com:vml",)


def schema_folder() -> Path | None:
    """Where the ECMA-376 XSDs are, or None when they are not on this machine."""
    folder = Path(os.environ.get(SCHEMA_ENV) or DEFAULT_FOLDER)
    return folder if (folder / "sml.xsd").is_file() else None


class _Local(etree.Resolver):
    """Serves the schemas the ECMA files import from the web from ``local/``."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        name = _WEB.get(url or "")
        return self.resolve_filename(str(LOCAL / name), context) if name else None


@cache
def schema(folder: Path) -> tuple[etree.XMLSchema, frozenset[str]]:
    """One schema importing every needed namespace of ``folder`` (compiled once)."""
    imports: dict[str, Path] = {"http://www.w3.org/XML/1998/namespace": LOCAL / "xml.xsd"}
    for path in sorted(folder.glob("*.xsd")):
        if path.name in _SKIPPED:
            continue
        namespace = etree.parse(str(path)).getroot().get("targetNamespace")
        if namespace:
            imports.setdefault(namespace, path)
    body = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{p.as_uri()}"/>' for ns, p in imports.items()
    )
    wrapper = (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        f'targetNamespace="urn:xlcrm:ooxml-all">{body}</xsd:schema>'
    )
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    document = etree.fromstring(wrapper.encode(), parser, base_url=LOCAL.as_uri() + "/")
    return etree.XMLSchema(document), frozenset(imports)


def validate(root: etree._Element, folder: Path) -> list[str]:
    """Schema errors of a (Markup-Compatibility-processed) part root; [] when valid."""
    compiled, namespaces = schema(folder)
    namespace = etree.QName(root).namespace or ""
    if namespace in VML_NAMESPACES or namespace not in namespaces:
        return []  # VML is only parsed; a namespace without a schema is MC's business
    for element in root.iter(f"{{{SML_NS}}}*"):
        element.attrib.pop(XML_SPACE, None)
    if compiled.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in compiled.error_log]
