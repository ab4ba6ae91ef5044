"""识别表头 Inspect: what xlcrm understood of a sheet (header row, columns, their fields)."""

from __future__ import annotations

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, register
from xlcrm.text import Text, message


def inspect_sheet(request: ActionRequest[Options]) -> ActionResult:
    """What xlcrm understood of a sheet: header row, columns and the fields they map to."""
    from xlcrm.io.reader import read_table

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    mapped = sum(1 for c in table.columns if c.field)
    return ActionResult(
        action="inspect",
        file=request.path,
        sheet=table.sheet,
        counts={"rows": len(table.df), "columns": len(table.columns), "mapped": mapped},
        payload=table.inspect(),
        language=table.language,
        summary=message(
            "inspected",
            sheet=table.sheet,
            header_row=table.header_row,
            rows=len(table.df),
            mapped=mapped,
            unknown=len(table.columns) - mapped,
        ),
    )


INSPECT = register(
    Action(
        name="inspect",
        label=Text("识别表头", "Inspect"),
        group="tools",
        run=inspect_sheet,
        options_type=Options,
        help=Text(
            "显示 xlcrm 如何识别当前工作表：表头所在行、每列对应的字段。",
            "Show how xlcrm reads this sheet: the header row and the field of each column.",
        ),
        image_mso="ZoomPrintPreviewExcel",
        ribbon=False,
    )
)
