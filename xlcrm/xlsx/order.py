"""The child order of the SpreadsheetML elements the patcher writes, from the schema.

Each tuple is the ``<xsd:sequence>`` of one complex type of ECMA-376 Part 1 (Transitional),
``sml.xsd``, in the schema's order; an element is written by naming its children and
letting :func:`in_order` place them, so no writer decides an order of its own. The
worksheet's order (CT_Worksheet) lives beside the code that edits worksheets,
:data:`xlcrm.xlsx.sheet_layout.WORKSHEET_CHILDREN`; the workbook's (CT_Workbook) in
:data:`xlcrm.xlsx.workbook.WORKBOOK_CHILDREN`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# CT_Table (xl/tables/tableN.xml)
TABLE_CHILDREN = ("autoFilter", "sortState", "tableColumns", "tableStyleInfo", "extLst")
# CT_TableColumn
TABLE_COLUMN_CHILDREN = ("calculatedColumnFormula", "totalsRowFormula", "xmlColumnPr", "extLst")
# CT_PivotCacheDefinition (xl/pivotCache/pivotCacheDefinitionN.xml)
PIVOT_CACHE_CHILDREN = (
    "cacheSource", "cacheFields", "cacheHierarchies", "kpis", "tupleCache", "calculatedItems",
    "calculatedMembers", "dimensions", "measureGroups", "maps", "extLst",
)  # fmt: skip
# CT_CacheField
CACHE_FIELD_CHILDREN = ("sharedItems", "fieldGroup", "mpMap", "extLst")
# CT_pivotTableDefinition (xl/pivotTables/pivotTableN.xml)
PIVOT_TABLE_CHILDREN = (
    "location", "pivotFields", "rowFields", "rowItems", "colFields", "colItems", "pageFields",
    "dataFields", "formats", "conditionalFormats", "chartFormats", "pivotHierarchies",
    "pivotTableStyleInfo", "filters", "rowHierarchiesUsage", "colHierarchiesUsage", "extLst",
)  # fmt: skip
# CT_PivotField
PIVOT_FIELD_CHILDREN = ("items", "autoSortScope", "extLst")


def in_order(owner: str, order: Sequence[str], children: Mapping[str, str]) -> str:
    """The children of an ``owner`` element (local name -> XML) joined in ``order``."""
    unknown = set(children) - set(order)
    if unknown:
        raise ValueError(f"not children of <{owner}>: {sorted(unknown)}")
    return "".join(children[name] for name in order if name in children)


def rank(order: Sequence[str], name: str) -> int:
    """The place of child ``name`` in ``order`` (for inserting into an existing element)."""
    return order.index(name)
