"""The retention action (保留期 / Retention): plan, and with ``apply``, carry out retention rules.

The archive password is the request's password or XLCRM_PASSWORD. Counts (the audit
line) hold numbers only.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, AsofOptions, register
from xlcrm.core.retention.rules import (
    ANONYMISE,
    ARCHIVE,
    DESTROY,
    TABLE,
    RetentionRule,
    rules_from_rows,
    rules_from_toml,
)
from xlcrm.errors import SettingsError, WorkbookChangedError
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.core.retention.plan import RetentionPlan
    from xlcrm.io.reader import SheetTable
    from xlcrm.io.retention.run import ApplyOptions

SETTINGS_WORD = "settings"


@dataclass(frozen=True)
class RetentionOptions(AsofOptions):
    """What to plan and, with ``apply``, to carry out.

    ``rules``: a TOML file, or None / "settings" for the workbook's Settings table;
    ``asof``: the day ages count from (default today); ``in_place``: replace the file
    itself after a backup; ``archive``: the archive workbook; ``witness`` and ``approver``:
    the people named in the destruction record; ``plan``: a dry run saves its plan there,
    and ``apply`` then applies exactly that plan (its rules and day), or nothing.
    """

    rules: str | None = None
    apply: bool = False
    in_place: bool = False
    archive: Path | None = None
    witness: str = ""
    approver: str = ""
    plan: Path | None = None


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
            raise SettingsError("retention_no_rules")
        return rules_from_rows(rows)
    path = Path(str(source))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError("retention_rules_unreadable", path=path, error=error) from None
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


def run_retention(request: ActionRequest[RetentionOptions]) -> ActionResult:
    """Plan the retention rules on a sheet; with ``apply``, carry the plan out."""
    from xlcrm.io.retention.records import destruction_log_path, recover_records
    from xlcrm.io.retention.run import apply_plan

    options = request.options
    # a run killed mid-destroy left its records pending: say what became of them first
    recover_records(destruction_log_path(request.path), request.path)
    planned = _saved(request) if options.plan and options.apply else _fresh(request)
    table, plan, rules, asof = planned.table, planned.plan, planned.rules, planned.asof
    counts = _counts(plan)
    detail = "\n".join(_lines(plan, table.language))
    result = ActionResult(
        action="retention", file=request.path, sheet=table.sheet, counts=counts,
        payload=plan.payload(applied=False), language=table.language,
    )  # fmt: skip
    if not options.apply:
        due = counts["archive"] + counts["anonymise"] + counts["destroy"]
        result.problems = due > 0  # exit 1: records are due, like check's "problems found"
        result.details = {"dry_run": True}  # the audit line says nothing was changed
        result.summary = message("retention_dry_run", due=due) + "\n" + detail
        if options.plan is not None:
            _save(options.plan, planned)
            result.summary += Text.same("\n") + message("retention_plan_saved", path=options.plan)
        return result
    outcome = apply_plan(table, plan, _apply_options(request, table), rules, asof=asof)
    result.payload = plan.payload(applied=True)
    result.output = outcome.output
    result.counts = counts | outcome.counts
    result.summary = message("retention_applied", backup=outcome.backup.name) + "\n" + detail
    if planned.moved:
        moves = ", ".join(f"{then}→{now}" for then, now in planned.moved[:20])
        moved = message("retention_plan_moved", count=len(planned.moved), rows=moves)
        result.summary += Text.same("\n") + moved
    if outcome.not_scrubbed and not request.options.in_place:
        result.summary += Text.same("\n") + message(
            "retention_original_kept", name=request.path.name
        )
    if outcome.still_holding:
        files = ", ".join(p.name for p in outcome.still_holding)
        holding = message(
            "retention_files_still_holding", count=len(outcome.still_holding), files=files
        )
        result.summary += Text.same("\n") + holding
        result.problems = True  # exit 1: done, but some files still hold destroyed records
    return result


@dataclass(frozen=True)
class _Planned:
    table: SheetTable
    plan: RetentionPlan
    rules: tuple[RetentionRule, ...]
    asof: dt.date
    moved: tuple[tuple[int, int], ...] = ()


def _fresh(request: ActionRequest[RetentionOptions]) -> _Planned:
    """The plan made now, from the rules given."""
    from xlcrm.core.retention.plan import plan_retention
    from xlcrm.io.reader import read_table

    options = request.options
    table = read_table(request.path, sheet=request.sheet, password=request.password)
    rules = load_rules(options.rules, table, apply=options.apply)
    plan = plan_retention(table.df, table.field_keys, rules, asof=options.today)
    return _Planned(table, plan, rules, options.today)


def _saved(request: ActionRequest[RetentionOptions]) -> _Planned:
    """The plan a dry run saved, found again in the workbook, or one sentence and nothing."""
    from xlcrm.core.retention.saved import locate
    from xlcrm.io.reader import read_table
    from xlcrm.io.retention.planfile import load_plan_file

    assert request.options.plan is not None
    saved = load_plan_file(request.options.plan)
    if saved.workbook != request.path.name:
        raise SettingsError(
            "retention_plan_other_workbook", plan=request.options.plan.name,
            workbook=saved.workbook, name=request.path.name,
        )  # fmt: skip
    table = read_table(request.path, sheet=request.sheet or saved.sheet, password=request.password)
    found = locate(saved, table.df, table.field_keys)
    if found.missing:
        rows = ", ".join(map(str, found.missing[:10])) + (" …" if len(found.missing) > 10 else "")
        raise WorkbookChangedError(
            "retention_plan_not_found", name=request.path.name, count=len(found.missing), rows=rows
        )
    return _Planned(table, found.plan, saved.rules, saved.asof, found.moved)


def _save(path: Path, planned: _Planned) -> None:
    from xlcrm.core.retention.saved import save_plan
    from xlcrm.io.retention.planfile import save_plan_file
    from xlcrm.io.retention.records import new_salt

    table = planned.table
    saved = save_plan(
        planned.plan, table.df, table.field_keys, planned.rules, workbook=table.path.name,
        sheet=table.sheet, asof=planned.asof, salt=new_salt(),
    )  # fmt: skip
    save_plan_file(path, saved)


def _apply_options(request: ActionRequest[RetentionOptions], table: SheetTable) -> ApplyOptions:
    from xlcrm.io.retention.run import ApplyOptions

    options = request.options
    return ApplyOptions(
        out=request.out,
        in_place=options.in_place,
        archive=options.archive,
        password=request.password or os.environ.get("XLCRM_PASSWORD"),
        witness=options.witness,
        approver=options.approver,
        keep=table.settings.backups_keep,
    )


RETENTION = register(
    Action(
        name="retention",
        label=Text("保留期", "Retention"),
        group="secure",
        run=run_retention,
        options_type=RetentionOptions,
        help=Text(
            "按保留规则列出到期的记录（归档、匿名化、销毁），确认后执行并写入销毁记录。",
            "List the records due under the retention rules (archive, anonymise, destroy);"
            " apply them with a backup and a destruction record.",
        ),
        image_mso="Delete",
        changes_data=True,
        # applying changes the workbook (in place) or the copies made of it (backups,
        # archive, earlier outputs): one run at a time, on the workbook it read
        writes_input=lambda request: request.options.apply,
    )
)
