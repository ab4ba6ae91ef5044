"""The actions xlcrm ships, registered with :mod:`xlcrm.actions`.

Each function takes an :class:`ActionRequest` and returns an :class:`ActionResult`; the
work itself lives in ``core/`` (rules) and ``io/`` (files), so these stay a few lines.
"""

from __future__ import annotations

from xlcrm.actions import Action, ActionRequest, ActionResult, register
from xlcrm.io.reader import read_table


def inspect_sheet(request: ActionRequest) -> ActionResult:
    """What xlcrm understood of a sheet: header row, columns and the fields they map to."""
    table = read_table(request.path, sheet=request.sheet, password=request.password)
    mapped = sum(1 for c in table.columns if c.field)
    unknown = len(table.columns) - mapped
    return ActionResult(
        action="inspect",
        file=request.path,
        sheet=table.sheet,
        counts={"rows": len(table.df), "columns": len(table.columns), "mapped": mapped},
        payload=table.inspect(),
        language=table.language,
        summary_zh=(
            f"工作表“{table.sheet}”：表头在第 {table.header_row} 行，{len(table.df)} 条记录，"
            f"{mapped} 列已识别，{unknown} 列原样保留。"
        ),
        summary_en=(
            f"Sheet '{table.sheet}': header on row {table.header_row}, {len(table.df)} records,"
            f" {mapped} columns recognised, {unknown} carried through unchanged."
        ),
    )


register(
    Action(
        name="inspect",
        zh="识别表头",
        en="Inspect",
        group="tools",
        run=inspect_sheet,
        help_zh="显示 xlcrm 如何识别当前工作表：表头所在行、每列对应的字段。",
        help_en="Show how xlcrm reads this sheet: the header row and the field of each column.",
        image_mso="ZoomPrintPreviewExcel",
        ribbon=False,
    )
)
