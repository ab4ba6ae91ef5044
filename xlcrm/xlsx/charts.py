"""The chart and drawing parts (``xl/charts/``, ``xl/drawings/``): charts on a new sheet.

A chart in a workbook is three parts: the chart itself (``xl/charts/chartN.xml``, a
DrawingML chart space), a drawing (``xl/drawings/drawingN.xml``) that anchors it to a
cell of the sheet, and relationships sheet → drawing → chart. The chart XML is made by
the caller (openpyxl's chart classes write it well); this module places it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlcrm.xlsx.package import REL_NS, Package

RT_DRAWING = REL_NS + "/drawing"
RT_CHART = REL_NS + "/chart"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_CM = 360_000


@dataclass(frozen=True)
class ChartPart:
    """A chart's XML and where it sits: its top-left cell (1-based) and size in cm."""

    xml: bytes
    row: int
    column: int
    width_cm: float = 15.0
    height_cm: float = 7.5


def attach_charts(package: Package, sheet_part: str, charts: Sequence[ChartPart]) -> str:
    """Add the charts' parts and one drawing for ``sheet_part``; the sheet's drawing rel id."""
    drawing = package.unique_name("xl/drawings/drawing{}.xml")
    package.put(drawing, b"")  # claimed, so the chart names below do not collide with it
    drawing_rels = package.rels(drawing)
    anchors = []
    for number, chart in enumerate(charts, start=1):
        part = package.unique_name("xl/charts/chart{}.xml")
        package.put(part, chart.xml)
        package.content_types.set_override(part, CT_CHART)
        anchors.append(_anchor(chart, number, drawing_rels.add(RT_CHART, part)))
    package.put(
        drawing,
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">{"".join(anchors)}</xdr:wsDr>'
        ).encode(),
    )
    package.content_types.set_override(drawing, CT_DRAWING)
    return package.rels(sheet_part).add(RT_DRAWING, drawing)


def _anchor(chart: ChartPart, number: int, rel_id: str) -> str:
    width, height = round(chart.width_cm * EMU_PER_CM), round(chart.height_cm * EMU_PER_CM)
    return (
        "<xdr:oneCellAnchor>"
        f"<xdr:from><xdr:col>{chart.column - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{chart.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f'<xdr:ext cx="{width}" cy="{height}"/>'
        '<xdr:graphicFrame macro="">'
        f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{number + 1}" name="Chart {number}"/>'
        "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" xmlns:r="{REL_NS}" r:id="{rel_id}"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>"
        "</xdr:oneCellAnchor>"
    )
