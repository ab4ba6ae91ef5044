"""汇总 Summary: a copy whose summaries follow the data, and the same numbers as JSON.

The numbers are :func:`xlcrm.core.summary.numbers.summarise` (pandas); the copy (the data
as an Excel table with formula helper columns, the Summary sheet of formulas, PivotTables,
the monthly snapshot) is written by :mod:`xlcrm.io.summary.report`. ``--json`` prints
:func:`~xlcrm.core.summary.numbers.summary_payload` of the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.actions.tiers import TierOptions, read_tiers, table_tiers
from xlcrm.text import Text, message

if TYPE_CHECKING:
    import pandas as pd

    from xlcrm.core.summary.numbers import SummaryNumbers
    from xlcrm.io.reader import SheetTable


@dataclass(frozen=True)
class SummaryOptions(TierOptions):
    """``asof``: the day activity counts to; ``workbook``: write the summary copy (``--json``
    without ``--out`` only prints the numbers); ``history``: another workbook whose monthly
    snapshot (last month's summary or diff) joins this one's."""

    workbook: bool = True
    history: Path | None = None


def summary_sheet(request: ActionRequest[SummaryOptions]) -> ActionResult:
    """A copy with the Summary sheet (汇总), PivotTables and the monthly snapshot."""
    from xlcrm.core.summary.numbers import summary_payload
    from xlcrm.io.summary.report import read_issue_counts, write_summary_workbook
    from xlcrm.io.writer import default_output_path

    tiered = read_tiers(request)  # type: ignore[arg-type]  # SummaryOptions is TierOptions
    table, tiers = tiered.table, tiered.tiers
    numbers = table_numbers(
        table, tiers, tiered.asof, password=request.password, history=request.options.history
    )
    issues = read_issue_counts(request.path, table.language, password=request.password)
    output = None
    if request.options.workbook or request.out is not None:
        output = request.out or default_output_path(request.path, "summary")
        request.progress("写入 writing…", 1, 2)
        write_summary_workbook(
            table, tiers, numbers, output,
            rules=tiered.rules, issues=issues, password=request.password,
        )  # fmt: skip
    payload: dict[str, object] = {"file": str(request.path), "sheet": table.sheet}
    payload |= summary_payload(numbers, issues=issues.named(table.language) if issues else ())
    payload["output"] = str(output) if output is not None else None
    return ActionResult(
        action="summary",
        file=request.path,
        sheet=table.sheet,
        counts={"rows": numbers.rows},
        output=output,
        payload=payload,
        language=table.language,
        summary=message("summarised", sheet=table.sheet, rows=numbers.rows),
    )


def table_numbers(
    table: SheetTable,
    tiers: pd.DataFrame,
    asof: dt.date,
    *,
    password: str | None = None,
    history: Path | None = None,
) -> SummaryNumbers:
    """The Summary's numbers of a sheet, with the months its workbook (and ``history``) kept."""
    from xlcrm.core.summary.numbers import merge_months, summarise
    from xlcrm.io.summary.data import field_data
    from xlcrm.io.summary.months import read_months

    months = [] if table.source_kind == "csv" else read_months(table.path, password=password)
    if history is not None:
        months = merge_months(read_months(Path(history), password=password), *months)
    return summarise(field_data(table, tiers), tiers, asof, history=months)


def summary_numbers(table: SheetTable, asof: dt.date | None = None) -> SummaryNumbers:
    """The Summary sheet's numbers (region × tier, owner × activity, types ...) of a sheet."""
    tiered = table_tiers(table, asof)
    return table_numbers(table, tiered.tiers, tiered.asof)


SUMMARY = register(
    Action(
        name="summary",
        label=Text("汇总", "Summary"),
        group="analyse",
        run=summary_sheet,
        options_type=SummaryOptions,  # as of a day, like the tiers it counts
        help=Text(
            "按地区、价值等级、负责人、活跃度和分群汇总客户数与金额：公式随数据更新，"
            "附数据透视表、月度趋势和图表。",
            "Customers and amounts by region, tier, owner, activity and segment: formulas"
            " that follow the data, PivotTables, the monthly trend and charts.",
        ),
        image_mso="ChartInsert",
        demo_input="check",  # so the demo's Summary shows the data-quality panel
    )
)
