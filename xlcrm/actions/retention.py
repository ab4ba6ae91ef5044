"""The retention action (保留期 / Retention): plan, and with ``apply``, carry out retention rules.

Options: ``rules`` (a TOML path, or None / "settings" for the workbook's Settings table),
``asof`` (the day ages count from), ``apply``, ``in_place``, ``archive`` (archive path),
``witness`` and ``approver`` (for the destruction record). The archive password is the
request's password or XLCRM_PASSWORD. Counts (the audit line) hold numbers only.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.core.retention.plan import RetentionPlan, plan_retention
from xlcrm.core.retention.rules import (
    ANONYMISE,
    ARCHIVE,
    DESTROY,
    TABLE,
    RetentionRule,
    rules_from_rows,
    rules_from_toml,
)
from xlcrm.errors import SettingsError
from xlcrm.io.reader import SheetTable, read_table
from xlcrm.io.retention.run import ApplyOptions, apply_plan

SETTINGS_WORD = "settings"


def load_rules(source: object, table: SheetTable, *, apply: bool) -> tuple[RetentionRule, ...]:
    """Rules from a TOML file, or from the workbook's Settings table for None / "settings".

    A workbook without the table gets the template's example rules for a dry run only:
    applying rules nobody wrote down would change data nobody asked to change.
    """
    if source is None or str(source).strip().casefold() in (SETTINGS_WORD, "设置"):
        rows = table.settings.table_rows("retention")
        if rows is None and not apply:
            rows = TABLE.default_rows
        if not rows:
            raise SettingsError(
                "工作簿的设置表中没有保留规则，请填写“保留规则”表或用 --rules 指定规则文件。"
                " The workbook's Settings sheet has no retention rules; fill in its"
                " 'Retention rules' table or give a rules file with --rules."
            )
        return rules_from_rows(rows)
    path = Path(str(source))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"无法读取保留规则文件“{path}”（{error}）。 Cannot read the retention rules file {path} ({error})."
        ) from None
    return rules_from_toml(text)


def _lines(plan: RetentionPlan, language: str) -> list[str]:
    """One line per rule: what it would do, to which rows, and why."""
    lines = []
    for p in plan.rules:
        rows = ", ".join(map(str, p.rows[:20])) + (" …" if len(p.rows) > 20 else "")
        held = f"; {len(p.held)} 受法定保留 held" if p.held else ""
        lines.append(
            f"- {p.rule.name} → {p.rule.action} {len(p.rows)}: {rows or '—'}{held} ({p.rule.describe()})"
        )
    return lines


def _counts(plan: RetentionPlan) -> dict[str, int]:
    return {
        "rules": len(plan.rules),
        "archive": len(plan.rows(ARCHIVE)),
        "anonymise": len(plan.rows(ANONYMISE)),
        "destroy": len(plan.rows(DESTROY)),
        "held": len(plan.restricted),
    }


def run_retention(request: ActionRequest) -> ActionResult:
    """Plan the retention rules on a sheet; with ``apply``, carry the plan out."""
    options = request.options
    table = read_table(request.path, sheet=request.sheet, password=request.password)
    rules = load_rules(options.get("rules"), table, apply=bool(options.get("apply")))
    asof = options.get("asof")
    asof = asof if isinstance(asof, dt.date) else dt.date.today()
    plan = plan_retention(table.df, table.field_keys, rules, asof=asof)
    counts = _counts(plan)
    detail = "\n".join(_lines(plan, table.language))
    result = ActionResult(
        action="retention", file=request.path, sheet=table.sheet, counts=counts,
        payload=plan.payload(applied=False), language=table.language,
    )  # fmt: skip
    if not options.get("apply"):
        due = counts["archive"] + counts["anonymise"] + counts["destroy"]
        result.problems = due > 0  # exit 1: records are due, like check's "problems found"
        result.summary_zh = f"演练（未做任何修改）：{due} 条记录到期。\n{detail}"
        result.summary_en = f"Dry run (nothing changed): {due} records are due.\n{detail}"
        return result
    outcome = apply_plan(table, plan, _apply_options(request, table), rules, asof=asof)
    result.payload = plan.payload(applied=True)
    result.output = outcome.output
    result.counts = counts | outcome.counts
    warn_zh = warn_en = ""
    if outcome.not_scrubbed:
        warn_zh = f"\n注意：原文件“{request.path.name}”仍含被销毁的记录；用 --in-place 原地应用或删除原文件。"
        warn_en = f"\nNote: the original {request.path.name} still holds the destroyed records; use --in-place or delete it."
    result.summary_zh = f"已应用保留规则，备份：{outcome.backup.name}。\n{detail}{warn_zh}"
    result.summary_en = f"Retention applied; backup: {outcome.backup.name}.\n{detail}{warn_en}"
    return result


def _apply_options(request: ActionRequest, table: SheetTable) -> ApplyOptions:
    options: Any = request.options
    archive = options.get("archive")
    return ApplyOptions(
        out=request.out,
        in_place=bool(options.get("in_place")),
        archive=Path(archive) if archive else None,
        password=request.password or os.environ.get("XLCRM_PASSWORD"),
        witness=str(options.get("witness") or ""),
        approver=str(options.get("approver") or ""),
        keep=table.settings.backups_keep,
    )


register(
    Action(
        name="retention",
        zh="保留期",
        en="Retention",
        group="secure",
        run=run_retention,
        help_zh="按保留规则列出到期的记录（归档、匿名化、销毁），确认后执行并写入销毁记录。",
        help_en="List the records due under the retention rules (archive, anonymise, destroy);"
        " apply them with a backup and a destruction record.",
        image_mso="Delete",
        changes_data=True,
    )
)
