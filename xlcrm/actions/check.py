"""The actions xlcrm ships, registered with :mod:`xlcrm.actions.registry`.

Each function takes an :class:`ActionRequest` and returns an :class:`ActionResult`; the
work itself lives in ``core/`` (rules) and ``io/`` (files), so these stay a few lines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.core.check.table import CheckOptions, CheckResult, check_table
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.writer import default_output_path
from xlcrm.text import Text


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
        from xlcrm.io.check.report import write_check_workbook

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


def tier_sheet(request: ActionRequest) -> ActionResult:
    """RFM scores, segment, value tier, activity and tags for every customer."""
    from xlcrm.core.tiers.scores import tier_payload

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    tiers, asof, rules = _compute_tiers(table, request)
    output = None
    if request.out is not None:
        from xlcrm.io.tiers.report import write_tier_workbook

        output = request.out
        request.progress("写入 writing…", 0, 1)
        legend = _tier_legend(table, rules, asof)
        write_tier_workbook(
            table, tiers, output, asof=asof, legend=legend, password=request.password
        )
    unscored = int(tiers["unscored"].notna().sum())
    counts = {"rows": len(tiers), "scored": len(tiers) - unscored, "unscored": unscored}
    counts |= {f"value_{k}": int(v) for k, v in tiers["value_tier"].value_counts().items()}
    zh, en = _tier_summary(table, tiers, unscored)
    return ActionResult(
        action="tier",
        file=request.path,
        sheet=table.sheet,
        counts=counts,
        output=output,
        payload=tier_payload(tiers, asof),
        problems=False,
        language=table.language,
        summary_zh=zh,
        summary_en=en,
    )


def _compute_tiers(table: SheetTable, request: ActionRequest) -> tuple[Any, dt.date, Any]:
    """Tiers of every row as of --asof (default today), with the rules from Settings."""
    from xlcrm.core.tiers.scores import TierRules, compute_tiers

    option = request.options.get("asof")
    asof = option if isinstance(option, dt.date) else dt.date.today()
    rules = TierRules.from_settings(table.settings, language=table.language)
    request.progress("分级 tiers…", 0, 1)
    return compute_tiers(table.df, asof=asof, rules=rules), asof, rules


def _tier_summary(table: SheetTable, tiers: Any, unscored: int) -> tuple[str, str]:
    by_value = tiers["value_tier"].value_counts()
    by_activity = tiers["activity"].value_counts()
    high, mid, low = (int(by_value.get(k, 0)) for k in ("高", "中", "低"))
    active, regular, sleeping = (int(by_activity.get(k, 0)) for k in ("活跃", "一般", "沉睡"))
    zh = (
        f"“{table.sheet}”的 {len(tiers)} 位客户：价值 高 {high} / 中 {mid} / 低 {low}，"
        f"活跃 {active} / 一般 {regular} / 沉睡 {sleeping}；{unscored} 位未能评分。"
    )
    en = (
        f"{len(tiers)} customers in '{table.sheet}': value high {high} / medium {mid} /"
        f" low {low}; active {active} / regular {regular} / sleeping {sleeping};"
        f" {unscored} not scored."
    )
    return zh, en


def _tier_legend(table: SheetTable, rules: Any, asof: dt.date) -> list[list[Any]]:
    from xlcrm.io.tiers.report import legend_rows

    lines = [
        ("计算日期 / as of", asof.isoformat(), asof.isoformat()),
        ("规则版本 / rules", f"第 {rules.version} 版", f"version {rules.version}"),
        (
            "R",
            "最近一次购买距今越近分数越高（1–5）",
            "More recent last purchase scores higher (1-5)",
        ),
        ("F", "购买次数越多分数越高（1–5）", "More purchases score higher (1-5)"),
        ("M", "累计消费金额越高分数越高（1–5）", "More spent scores higher (1-5)"),
        (
            "价值等级 / value tier",
            f"高：金额 ≥ {rules.high_amount:,.0f} 或次数 ≥ {rules.high_count}；"
            f"中：金额 ≥ {rules.mid_amount:,.0f} 或次数 ≥ {rules.mid_count}；其余为低",
            f"High: spent >= {rules.high_amount:,.0f} or >= {rules.high_count} purchases;"
            f" medium: >= {rules.mid_amount:,.0f} or >= {rules.mid_count}; otherwise low",
        ),
        (
            "客户分群 / segment",
            "重要/一般 价值、发展、保持、挽留客户：R、F、M 各自高于平均为“高”"
            if rules.segment_model == "cn8"
            else "按 R、F 分数划分的 11 个群组（Champions … Lost）",
            "Important/ordinary value, development, retention, win-back customers: each of R, F"
            " and M above its average counts as high"
            if rules.segment_model == "cn8"
            else "11 groups by R and F scores (Champions … Lost)",
        ),
        (
            "活跃度 / activity",
            f"活跃：{rules.active_days} 天内购买过；一般：{rules.sleeping_days} 天内；其余为沉睡",
            f"Active: bought within {rules.active_days} days; regular: within"
            f" {rules.sleeping_days}; otherwise sleeping",
        ),
    ]
    return list(legend_rows(table.language, [(term, Text(zh, en)) for term, zh, en in lines]))


register(
    Action(
        name="tier",
        zh="分级",
        en="Tiers",
        group="analyse",
        run=tier_sheet,
        help_zh="计算 RFM 分数、客户分群、价值等级（高/中/低）和活跃度（活跃/一般/沉睡）。",
        help_en="RFM scores, segment, value tier (high/medium/low) and activity for each customer.",
        image_mso="SortUp",
    )
)


def summary_sheet(request: ActionRequest) -> ActionResult:
    """A copy with a Summary sheet (汇总): formulas over the data, and charts."""
    from xlcrm.io.summary.report import write_summary_workbook

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    tiers, asof, _rules = _compute_tiers(table, request)
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
        summary_zh=f"已为“{table.sheet}”的 {len(tiers)} 位客户生成汇总表和图表。",
        summary_en=f"Summary sheet and charts made for {len(tiers)} customers in '{table.sheet}'.",
    )


register(
    Action(
        name="summary",
        zh="汇总",
        en="Summary",
        group="analyse",
        run=summary_sheet,
        help_zh="按地区、价值等级、负责人、活跃度和分群汇总客户数与金额，附图表（公式随数据更新）。",
        help_en="Customers and amounts by region, tier, owner, activity and segment, with charts.",
        image_mso="ChartInsert",
        demo_input="check",  # so the demo's Summary shows the data-quality panel
    )
)
