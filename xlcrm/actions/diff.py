"""对比 Diff: two months of the customer list (or a master and a collected copy) compared.

New, gone and changed customers (a value typed another way is no change), the value-tier
and activity moves, customers and amounts by region and owner then and now, and the tier
snapshot of both months. The rules are :mod:`xlcrm.core.diff`; the workbook is written by
:mod:`xlcrm.io.diff.report`. ``request.path`` is this month's file, ``options.old`` last
month's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, AsofOptions, register
from xlcrm.errors import XlcrmError
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.core.diff.compare import DiffResult
    from xlcrm.core.summary.numbers import MonthRow
    from xlcrm.io.diff.report import Month


@dataclass(frozen=True)
class DiffOptions(AsofOptions):
    """``old``: last month's workbook; ``key``: the column that identifies a customer
    (default the customer id); ``asof``: this month's day (default today), ``asof_old``
    last month's (default: the day its data or snapshot says); ``workbook``: write the
    diff workbook (``--json`` without ``--out`` only prints)."""

    old: Path | None = None
    key: str | None = None
    asof_old: dt.date | None = None
    workbook: bool = True


def diff_months(request: ActionRequest[DiffOptions]) -> ActionResult:
    """Compare last month's workbook with this one; write the diff workbook."""
    from xlcrm.core.diff.compare import diff_payload
    from xlcrm.io.diff.report import write_diff_workbook
    from xlcrm.io.writer import default_output_path

    options = request.options
    if options.old is None:
        raise XlcrmError("diff_no_old")
    if Path(options.old).resolve() == Path(request.path).resolve():
        raise XlcrmError("diff_same_file", name=request.path.name)
    old, new, result, months = compare_files(request, Path(options.old))
    output = None
    if options.workbook or request.out is not None:
        output = request.out or default_output_path(request.path, "diff")
        request.progress("写入 writing…", 2, 3)
        write_diff_workbook(result, old, new, months, output)
    payload = diff_payload(result, str(options.old), str(request.path))
    payload["months"] = [vars(m) for m in months]
    payload["output"] = str(output) if output is not None else None
    counts = {"added": len(result.added), "removed": len(result.removed),
              "changed": len(result.changed), "unchanged": result.unchanged}  # fmt: skip
    return ActionResult(
        action="diff",
        file=request.path,
        sheet=new.table.sheet,
        counts=counts,
        output=output,
        payload=payload,
        language=new.table.language,
        summary=message("diffed", new=request.path.name, old=Path(options.old).name, **counts),
    )


def compare_files(
    request: ActionRequest[DiffOptions], old_path: Path
) -> tuple[Month, Month, DiffResult, list[MonthRow]]:
    """Read both months, tier them each as of its day, compare; the months seen."""
    from xlcrm.actions.tiers import table_tiers
    from xlcrm.core.check.table import CheckOptions
    from xlcrm.core.diff.compare import diff_tables
    from xlcrm.core.diff.values import Canonical
    from xlcrm.core.summary.numbers import merge_months, month_row
    from xlcrm.io.diff.files import choose_key, compared_columns, old_asof
    from xlcrm.io.diff.report import Month
    from xlcrm.io.reader import read_table
    from xlcrm.io.summary.months import read_months

    request.progress("读取 reading…", 0, 3)
    new_table = read_table(request.path, sheet=request.sheet, password=request.password)
    old_table = read_table(old_path, sheet=request.sheet, password=request.password)
    options = request.options
    new_day = options.today
    old_day = options.asof_old or old_asof(old_table, new_day, request.password)
    new = Month(new_table, table_tiers(new_table, new_day).tiers, new_day)
    old = Month(old_table, table_tiers(old_table, old_day).tiers, old_day)
    key = choose_key(old_table, new_table, options.key)
    check = CheckOptions(region=new_table.settings.default_phone_region, asof=new_day,
                         language=new_table.language)  # fmt: skip
    request.progress("对比 comparing…", 1, 3)
    result = diff_tables(
        old_table.df, new_table.df, key=key.column, key_header=key.header,
        fields=compared_columns(old_table, new_table, key),
        canonical=Canonical.for_options(check), tiers=(old.tiers, new.tiers),
    )  # fmt: skip
    history = [
        row
        for table in (old_table, new_table)
        if table.source_kind != "csv"
        for row in read_months(table.path, password=request.password)
    ]
    months = merge_months(history, month_row(old.tiers, old_day), month_row(new.tiers, new_day))
    return old, new, result, months


DIFF = register(
    Action(
        name="diff",
        label=Text("对比", "Diff"),
        group="monthly",
        run=diff_months,
        options_type=DiffOptions,
        help=Text(
            "对比两个月的客户名单：新增、流失、变更的客户，价值等级与活跃度的变化，各地区和负责人的前后合计。",
            "Two months of the list compared: new, gone and changed customers, tier and"
            " activity moves, totals by region and owner then and now.",
        ),
        image_mso="CompareAndCombine",
        ribbon=False,  # it needs two files; the command line gives them
        demo_input="collect",  # the collected master, against the sample it came from
    )
)
