"""Validate what xlcrm writes as Excel would open it: ``validate_package(path)``.

The harness (a test helper, not part of the package) checks an .xlsx/.xlsm/.xlam in three
layers and returns every problem found, as sentences naming the part:

1. Markup Compatibility (:mod:`tests.ooxml.mce`, ECMA-376 Part 3): each XML part as a
   consumer that understands only Transitional sees it (ignorable namespaces dropped,
   ``mc:AlternateContent`` resolved); markup in a namespace neither understood nor
   ignorable is a problem;
2. XSD (:mod:`tests.ooxml.xsd`): each processed part against the ECMA-376 Transitional
   schemas with lxml, when the schemas are on the machine (``report.xsd_checked`` says
   whether they were);
3. semantics (:mod:`tests.ooxml.semantic`): what Excel enforces and XSD cannot —
   relationship targets, content types, cell and row order, style and shared-string
   indexes, data-validation counts, sheet names, defined names, tables.

:func:`compare_with_excel` (:mod:`tests.ooxml.reference`) compares a package part by part
with a workbook saved by Excel (``tests/files/excel/``) where both have the same kind of
part. Usage in a test::

    from tests.ooxml import assert_valid
    assert_valid(path)                       # fails listing every problem

or ``report = validate_package(path)`` and look at ``report.problems``. A new check is a
function ``Package -> Iterator[str]`` appended to :data:`tests.ooxml.semantic.CHECKS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tests.ooxml import mce, semantic, xsd
from tests.ooxml.opc import CONTENT_TYPES, Package
from tests.ooxml.reference import compare_with_excel

VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"


@dataclass
class Report:
    """Every problem found in one package; ``xsd_checked`` when the schemas were there."""

    path: Path
    problems: list[str] = field(default_factory=list)
    xsd_checked: bool = False
    parts_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_package(path: Path, *, schemas: Path | None = None) -> Report:
    """Check the package at ``path`` (schemas: the XSD folder; default: found if present)."""
    folder = schemas or xsd.schema_folder()
    report = Report(Path(path), xsd_checked=folder is not None)
    package = Package(Path(path))
    understood = xsd.schema(folder)[1] | xsd.TRANSITIONAL if folder else xsd.TRANSITIONAL
    for part in sorted(package.parts):
        if not package.is_xml(part) or part.startswith("customUI/"):
            continue  # the ribbon's customUI has its own rules (tests/addin)
        try:
            root = package.xml(part)
        except Exception as error:  # lxml's XMLSyntaxError: not well-formed
            report.problems.append(f"{part}: not well-formed XML ({error})")
            continue
        if package.content_type(part) == VML or etree.QName(root).namespace is None:
            report.parts_checked += 1
            continue  # legacy VML (notes' shapes): Excel's own is not schema-valid; parsed only
        processed, problems = mce.preprocess(root, understood)
        report.problems += [f"{part}: {p}" for p in problems]
        if folder is not None:
            report.problems += [f"{part}: {e}" for e in xsd.validate(processed, folder)]
        report.parts_checked += 1
    if CONTENT_TYPES in package.parts:
        for check in semantic.CHECKS:
            try:
                report.problems += list(check(package))
            except Exception as error:  # a part too broken to read: say so, check the rest
                report.problems.append(f"{check.__name__} could not read the package: {error!r}")
    return report


def assert_valid(path: Path) -> Report:
    """Fail with every problem of the package at ``path``; return the report when valid."""
    report = validate_package(path)
    assert report.ok, f"{path.name}:\n" + "\n".join(report.problems[:40])
    return report


__all__ = ["Report", "assert_valid", "compare_with_excel", "validate_package"]
