"""汇总 Summary: a copy with a Summary sheet (汇总) of formulas over the data, and charts.

The numbers are :func:`xlcrm.core.summary.tables.summary_tables`; the sheet and its charts
are written by :mod:`xlcrm.io.summary.report`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.actions.tiers import TierOptions, read_tiers, table_tiers
from xlcrm.text import Text, message

if TYPE_CHECKING:
    import pandas as pd

    from xlcrm.io.reader import SheetTable


def summary_sheet(request: ActionRequest[TierOptions]) -> ActionResult:
    """A copy with a Summary sheet (汇总): formulas over the data, and charts."""
    from xlcrm.io.summary.report import write_summary_workbook
    from xlcrm.io.writer import default_output_path

    tiered = read_tiers(request)
    table, tiers, asof = tiered.table, tiered.tiers, tiered.asof
    output = request.out or default_output_path(request.path, "summary")
    request.progress("写入 writing…", 1, 2)
    write_summary_workbook(table, tiers, output, asof=asof, password=request.password)
    return ActionResult(
        action="summary",
        file=request.path,
        sheet=table.sheet,
        counts={"rows": len(tiers)},
        output=output,
        payload={"file": str(request.path), "sheet": table.sheet, "output": str(output)},
        language=table.language,
        summary=message("summarised", sheet=table.sheet, rows=len(tiers)),
    )


def summary_numbers(table: SheetTable, asof: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The Summary sheet's numbers as tables (region × tier, owner × activity, types ...)."""
    from xlcrm.core.summary.tables import TAGS, summary_tables

    tiers = table_tiers(table, asof).tiers
    data = table.df.rename(columns={v: k for k, v in table.field_keys.items()})
    data = data.join(tiers[["value_tier", "activity", "segment"]])
    data[TAGS] = tiers["tags"]
    return summary_tables(data)


SUMMARY = register(
    Action(
        name="summary",
        label=Text("汇总", "Summary"),
        group="analyse",
        run=summary_sheet,
        options_type=TierOptions,  # as of a day, like the tiers it counts
        help=Text(
            "按地区、价值等级、负责人、活跃度和分群汇总客户数与金额，附图表（公式随数据更新）。",
            "Customers and amounts by region, tier, owner, activity and segment, with charts.",
        ),
        image_mso="ChartInsert",
        demo_input="check",  # so the demo's Summary shows the data-quality panel
    )
)
