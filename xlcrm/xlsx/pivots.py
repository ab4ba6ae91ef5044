"""PivotTables: a pivot cache over a table or range, and pivot tables on a sheet.

A PivotTable is three kinds of part:

* a **cache definition** (``xl/pivotCache/pivotCacheDefinitionN.xml``), related from the
  workbook and listed in its ``<pivotCaches>``: where the data is (a table's name, so the
  cache follows the table as it grows, or a range) and one ``cacheField`` per column,
  with the current values of the fields the tables put on an axis (``sharedItems``);
* optionally the **cache records** (a copy of the data). They are not written: the cache
  says ``saveData="0"`` and ``refreshOnLoad="1"``, so Excel reads the data again when it
  opens the file, and the copy stays small at 100k rows;
* a **pivot table definition** (``xl/pivotTables/pivotTableN.xml``) per table, related
  from its sheet and relating to its cache: which fields go on rows and columns, which
  are summed or counted, and where it stands. Its cells are left to the spreadsheet,
  which lays the table out when it refreshes (Excel on opening, LibreOffice on loading).

Element order follows the schema (:mod:`xlcrm.xlsx.order`). Caches no pivot table uses
any more (a pivot sheet written again replaces its tables) are removed on save by
:func:`prune_pivot_caches`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xlcrm.xlsx.cells import column_letters, xml_attr
from xlcrm.xlsx.order import (
    CACHE_FIELD_CHILDREN,
    PIVOT_CACHE_CHILDREN,
    PIVOT_FIELD_CHILDREN,
    PIVOT_TABLE_CHILDREN,
    in_order,
)
from xlcrm.xlsx.package import MAIN_NS, REL_NS, Package, parse_xml
from xlcrm.xlsx.workbook import WorkbookXml

RT_PIVOT_CACHE = REL_NS + "/pivotCacheDefinition"
RT_PIVOT_TABLE = REL_NS + "/pivotTable"
CT_PIVOT_CACHE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"
)
CT_PIVOT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FUNCTIONS = ("sum", "count", "average", "max", "min", "product", "countNums")
VERSION = 3  # the pivot feature level of Excel 2007, which every Excel since opens
VALUES_FIELD = -2  # the "Σ Values" pseudo-field, where several data fields line up


@dataclass(frozen=True)
class PivotSource:
    """The data a pivot cache reads: ``fields`` are its column names, in order.

    ``table`` names an Excel table (the cache then follows it as it grows); otherwise
    ``ref`` (header row included) of ``sheet`` is read. ``items`` holds the current values
    of the fields pivot tables put on rows or columns (None for an empty cell).
    """

    sheet: str
    ref: str
    fields: tuple[str, ...]
    items: Mapping[str, Sequence[object]] = field(default_factory=dict)
    table: str | None = None


@dataclass(frozen=True)
class PivotValue:
    """A data field: ``function`` of ``field`` shown as ``caption`` (numFmtId ``number_format``:
    3 is "#,##0", 4 "#,##0.00")."""

    field: str
    function: str
    caption: str
    number_format: int = 0

    def __post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise ValueError(f"pivot function must be one of {FUNCTIONS}, not {self.function!r}")


@dataclass(frozen=True)
class PivotTableSpec:
    """A pivot table: ``rows`` and ``columns`` are field names; it starts at (row, column)."""

    name: str
    rows: tuple[str, ...]
    values: tuple[PivotValue, ...]
    row: int
    column: int
    columns: tuple[str, ...] = ()
    data_caption: str = "Values"
    row_caption: str | None = None
    style: str = "PivotStyleLight16"

    def size(self, source: PivotSource) -> tuple[int, int]:
        """(rows, columns) the table takes with the items the source has now."""
        body = math.prod(len(source.items.get(f, ())) or 1 for f in self.rows)
        across = math.prod(len(source.items.get(f, ())) or 1 for f in self.columns)
        header = len(self.columns) + (len(self.values) > 1)
        width = 1 + (across + (1 if self.columns else 0)) * max(len(self.values), 1)
        return 1 + header + body + 1, width


def _item_xml(value: object) -> str:
    if value is None:
        return "<m/>"
    if isinstance(value, bool):
        return f'<b v="{int(value)}"/>'
    if isinstance(value, dt.datetime | dt.date):
        day = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        return f'<d v="{day.isoformat(timespec="seconds")}"/>'
    if isinstance(value, int | float):
        return f'<n v="{value!r}"/>'
    return f'<s v="{xml_attr(str(value))}"/>'


def _shared_items(values: Sequence[object]) -> str:
    """A cacheField's ``<sharedItems>``: the values and what kinds they are."""
    kinds = {_kind(v) for v in values}
    flags = {
        "containsSemiMixedTypes": "0" if kinds <= {"n", "d"} and values else None,
        "containsNonDate": "0" if kinds == {"d"} else None,
        "containsDate": "1" if "d" in kinds else None,
        "containsString": "0" if "s" not in kinds and values else None,
        "containsBlank": "1" if "m" in kinds else None,
        "containsMixedTypes": "1" if len(kinds - {"m"}) > 1 else None,
        "containsNumber": "1" if "n" in kinds else None,
    }
    attrs = "".join(f' {k}="{v}"' for k, v in flags.items() if v is not None)
    if not values:
        return f"<sharedItems{attrs}/>"
    body = "".join(_item_xml(v) for v in values)
    return f'<sharedItems{attrs} count="{len(values)}">{body}</sharedItems>'


def _kind(value: object) -> str:
    if value is None:
        return "m"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, dt.date):
        return "d"
    return "n" if isinstance(value, int | float) else "s"


def cache_definition_xml(source: PivotSource) -> bytes:
    """The cache definition: the source and a field per column, refreshed on opening."""
    if source.table is not None:
        where = f'<worksheetSource name="{xml_attr(source.table)}"/>'
    else:
        where = f'<worksheetSource ref="{source.ref}" sheet="{xml_attr(source.sheet)}"/>'
    fields = [f'<cacheFields count="{len(source.fields)}">']
    for name in source.fields:
        children = {"sharedItems": _shared_items(list(source.items.get(name, ())))}
        fields.append(f'<cacheField name="{xml_attr(name)}" numFmtId="0">')
        fields += [in_order("cacheField", CACHE_FIELD_CHILDREN, children), "</cacheField>"]
    fields.append("</cacheFields>")
    body = in_order(
        "pivotCacheDefinition",
        PIVOT_CACHE_CHILDREN,
        {
            "cacheSource": f'<cacheSource type="worksheet">{where}</cacheSource>',
            "cacheFields": "".join(fields),
        },
    )
    head = (
        f'<pivotCacheDefinition xmlns="{MAIN_NS}" xmlns:r="{REL_NS}" saveData="0"'
        f' refreshOnLoad="1" createdVersion="{VERSION}" refreshedVersion="{VERSION}"'
        f' minRefreshableVersion="{VERSION}">'
    )
    return (DECLARATION + head + body + "</pivotCacheDefinition>").encode()


def pivot_table_xml(spec: PivotTableSpec, source: PivotSource, cache_id: int) -> bytes:
    """A pivot table definition over ``source``'s cache ``cache_id``."""
    index = {name: i for i, name in enumerate(source.fields)}
    used = [*spec.rows, *spec.columns, *(v.field for v in spec.values)]
    missing = [name for name in used if name not in index]
    if missing:
        raise ValueError(f"pivot {spec.name!r}: no such source fields {missing}")
    children = {
        "location": _location(spec, source),
        "pivotFields": _pivot_fields(spec, source),
        "rowFields": _fields_xml("rowFields", [index[f] for f in spec.rows]),
        "dataFields": _data_fields(spec, index),
        "pivotTableStyleInfo": (
            f'<pivotTableStyleInfo name="{xml_attr(spec.style)}" showRowHeaders="1"'
            ' showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        ),
    }
    across = [index[f] for f in spec.columns]
    if len(spec.values) > 1:
        across.insert(0, VALUES_FIELD)  # the measures outside, each field's items inside
    if across:
        children["colFields"] = _fields_xml("colFields", across)
    caption = f' rowHeaderCaption="{xml_attr(spec.row_caption)}"' if spec.row_caption else ""
    head = (
        f'<pivotTableDefinition xmlns="{MAIN_NS}" name="{xml_attr(spec.name)}"'
        f' cacheId="{cache_id}" dataCaption="{xml_attr(spec.data_caption)}"'
        f' updatedVersion="{VERSION}" minRefreshableVersion="{VERSION}"'
        f' createdVersion="{VERSION}" useAutoFormatting="1" itemPrintTitles="1" indent="0"'
        f' outline="1" outlineData="1" multipleFieldFilters="0"{caption}>'
    )
    body = in_order("pivotTableDefinition", PIVOT_TABLE_CHILDREN, children)
    return (DECLARATION + head + body + "</pivotTableDefinition>").encode()


def _location(spec: PivotTableSpec, source: PivotSource) -> str:
    height, width = spec.size(source)
    first = f"{column_letters(spec.column)}{spec.row}"
    last = f"{column_letters(spec.column + width - 1)}{spec.row + height - 1}"
    header_rows = len(spec.columns) + (len(spec.values) > 1)
    return (
        f'<location ref="{first}:{last}" firstHeaderRow="1"'
        f' firstDataRow="{1 + header_rows}" firstDataCol="1"/>'
    )


def _pivot_fields(spec: PivotTableSpec, source: PivotSource) -> str:
    axes = {f: "axisRow" for f in spec.rows} | {f: "axisCol" for f in spec.columns}
    data = {v.field for v in spec.values}
    parts = [f'<pivotFields count="{len(source.fields)}">']
    for name in source.fields:
        attrs = f' axis="{axes[name]}"' if name in axes else ""
        attrs += ' dataField="1"' if name in data else ""
        if name not in axes:
            parts.append(f'<pivotField{attrs} showAll="0"/>')
            continue
        count = len(source.items.get(name, ()))
        items = "".join(f'<item x="{i}"/>' for i in range(count)) + '<item t="default"/>'
        children = {"items": f'<items count="{count + 1}">{items}</items>'}
        parts.append(f'<pivotField{attrs} showAll="0">')
        parts += [in_order("pivotField", PIVOT_FIELD_CHILDREN, children), "</pivotField>"]
    parts.append("</pivotFields>")
    return "".join(parts)


def _fields_xml(tag: str, indexes: Sequence[int]) -> str:
    inner = "".join(f'<field x="{i}"/>' for i in indexes)
    return f'<{tag} count="{len(indexes)}">{inner}</{tag}>'


def _data_fields(spec: PivotTableSpec, index: Mapping[str, int]) -> str:
    parts = [f'<dataFields count="{len(spec.values)}">']
    for value in spec.values:
        function = "" if value.function == "sum" else f' subtotal="{value.function}"'
        number = f' numFmtId="{value.number_format}"' if value.number_format else ""
        parts.append(
            f'<dataField name="{xml_attr(value.caption)}" fld="{index[value.field]}"'
            f'{function} baseField="0" baseItem="0"{number}/>'
        )
    parts.append("</dataFields>")
    return "".join(parts)


def add_pivot_cache(package: Package, book: WorkbookXml, source: PivotSource) -> tuple[int, str]:
    """A new cache over ``source``, listed in the workbook; (its cacheId, its part)."""
    part = package.unique_name("xl/pivotCache/pivotCacheDefinition{}.xml")
    package.put(part, cache_definition_xml(source))
    package.content_types.set_override(part, CT_PIVOT_CACHE)
    rel_id = book.rels.add(RT_PIVOT_CACHE, part)
    return book.add_pivot_cache(rel_id), part


def add_pivot_table(
    package: Package,
    sheet_part: str,
    spec: PivotTableSpec,
    source: PivotSource,
    cache: tuple[int, str],
) -> str:
    """A pivot table on ``sheet_part`` over the cache (cacheId, part); its part name."""
    cache_id, cache_part = cache
    part = package.unique_name("xl/pivotTables/pivotTable{}.xml")
    package.put(part, pivot_table_xml(spec, source, cache_id))
    package.content_types.set_override(part, CT_PIVOT_TABLE)
    package.rels(part).add(RT_PIVOT_CACHE, cache_part)
    package.rels(sheet_part).add(RT_PIVOT_TABLE, part)
    return part


def prune_pivot_caches(package: Package, book: WorkbookXml) -> int:
    """Remove the caches no pivot table refers to (and their records); how many."""
    tables = [n for n in package.names() if package.content_types.type_of(n) == CT_PIVOT_TABLE]
    used = {
        rel.part
        for table in tables
        if package.has(table)
        for rel in package.rels(table).of_type(RT_PIVOT_CACHE)
    }
    removed = 0
    for cache_id, rel_id in book.pivot_caches():
        rel = book.rels.get(rel_id)
        if rel is None or rel.part in used:
            continue
        book.drop_pivot_cache(cache_id)
        book.rels.remove(rel_id)
        if package.has(rel.part):
            package.remove_tree(rel.part)
        removed += 1
    return removed


def pivot_table_names(package: Package, sheet_part: str) -> list[str]:
    """The names of the pivot tables on a sheet."""
    names = []
    for rel in package.rels(sheet_part).of_type(RT_PIVOT_TABLE):
        if package.has(rel.part):
            names.append(parse_xml(package.read(rel.part), rel.part).get("name", ""))
    return names
