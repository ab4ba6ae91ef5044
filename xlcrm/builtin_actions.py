"""The actions xlcrm ships, registered with :mod:`xlcrm.actions`.

Each function takes an :class:`ActionRequest` and returns an :class:`ActionResult`; the
work itself lives in ``core/`` (rules) and ``io/`` (files), so these stay a few lines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlcrm.actions import Action, ActionRequest, ActionResult, register
from xlcrm.core.check import CheckOptions, CheckResult, check_table
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.writer import default_output_path


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


def check_sheet(request: ActionRequest) -> ActionResult:
    """Check phones, emails, dates, amounts, choices and required fields; mark or fix a copy."""
    table = read_table(request.path, sheet=request.sheet, password=request.password)
    fix = bool(request.options.get("fix"))
    result = run_check(table, request)
    output = None
    if request.out is not None or fix:
        from xlcrm.io.check_report import write_check_workbook

        output = request.out or default_output_path(request.path, "check")
        request.progress("写入 writing…", 0, 1)
        write_check_workbook(table, result, output, fix=fix, password=request.password)
    fixed = len(result.changes) if fix else 0
    payload = check_payload(table, result)
    zh, en = _check_summary(table, result, fixed)
    return ActionResult(
        action="check",
        file=request.path,
        sheet=table.sheet,
        counts={
            "rows": result.rows,
            "errors": result.errors,
            "warnings": result.warnings,
            "changes": fixed,
        },
        output=output,
        payload=payload,
        problems=not result.issues.empty,
        language=table.language,
        summary_zh=zh,
        summary_en=en,
    )


def run_check(table: SheetTable, request: ActionRequest) -> CheckResult:
    settings = table.settings
    asof = request.options.get("asof")
    options = CheckOptions(
        region=settings.default_phone_region,
        phone_style=settings.phone_format,
        dns=bool(request.options.get("dns")),
        asof=asof if isinstance(asof, dt.date) else None,
        language=table.language,
    )
    headers = {c.field: c.header for c in table.columns if c.field is not None}
    return check_table(table.df, table.field_keys, headers, options, progress=request.progress)


def check_payload(table: SheetTable, result: CheckResult) -> dict[str, Any]:
    """The ``xlcrm check --json`` shape of DESIGN.md."""
    issues = result.issues.astype(object).where(result.issues.notna(), None)
    return {
        "file": str(table.path),
        "sheet": table.sheet,
        "rows": result.rows,
        "issues": issues.to_dict(orient="records"),
    }


def _check_summary(table: SheetTable, result: CheckResult, fixed: int) -> tuple[str, str]:
    zh = (
        f"检查了“{table.sheet}”的 {result.rows} 条记录：{result.errors} 个错误，"
        f"{result.warnings} 个警告" + (f"，已修改 {fixed} 个单元格。" if fixed else "。")
    )
    en = (
        f"Checked {result.rows} records in '{table.sheet}': {result.errors} errors,"
        f" {result.warnings} warnings" + (f", {fixed} cells changed." if fixed else ".")
    )
    if result.missing_fields:
        missing = ", ".join(result.missing_fields)
        zh += f"（表中没有这些列：{missing}）"
        en += f" (the sheet has no column for: {missing})"
    return zh, en


register(
    Action(
        name="check",
        zh="检查",
        en="Check",
        group="clean",
        run=check_sheet,
        help_zh="检查电话、邮箱、日期、金额、类型和必填项，在副本中标出问题。",
        help_en="Check phones, emails, dates, amounts, types and required fields; mark a copy.",
        image_mso="AcceptInvitation",
        demo_options=(("fix", True),),
    )
)
