"""Actions of the monthly cycle: distribute by owner, collect back, review stale records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, register
from xlcrm.core.monthly.reconcile import counts
from xlcrm.core.monthly.review import by_owner, parse_period, stale_records
from xlcrm.io.writer import check_output_path, default_output_path


def _asof(request: ActionRequest) -> dt.date | None:
    asof = request.options.get("asof")
    return asof if isinstance(asof, dt.date) else None


def distribute_workbook(request: ActionRequest) -> ActionResult:
    """One workbook per owner from the current template, a manifest, and passwords if asked."""
    from xlcrm.io.monthly.distribute import DistributeOptions, check_month, distribute

    options = request.options
    asof = _asof(request)
    month = check_month(str(options["month"])) if options.get("month") else None
    review = options.get("with_review")
    folder = request.out
    if folder is None or folder.suffix.lower() in (".xlsx", ".xlsm"):  # e.g. from xlcrm demo
        folder = _default_folder(request.path, month or _month(asof))
    result = distribute(
        request.path,
        Path(folder),
        DistributeOptions(
            by=str(options.get("by") or "owner"),
            month=month,
            encrypt=bool(options.get("password_per_file")),
            review_days=parse_period(str(review)) if review else None,
            asof=asof,
        ),
        sheet=request.sheet,
        password=request.password,
        progress=request.progress,
    )
    manifest = result.manifest
    payload: dict[str, Any] = {
        "distribution": manifest.distribution,
        "month": manifest.month,
        "rows": result.rows,
        "unassigned": result.unassigned,
        "manifest": str(result.manifest_paths[0]),
        "passwords": str(result.passwords_path) if result.passwords_path else None,
        "files": [
            {"owner": f.owner, "file": f.file, "rows": f.rows, "sha256": f.sha256,
             "password": f.password}
            for f in manifest.files
        ],
    }  # fmt: skip
    n = len(manifest.files)
    zh = f"已把 {result.rows} 条记录分发为 {n} 个文件（{manifest.month}），清单：{result.manifest_paths[1].name}。"
    en = f"Distributed {result.rows} records into {n} files ({manifest.month}); manifest: {result.manifest_paths[1].name}."
    if result.passwords_path:
        zh += f" 密码在 {result.passwords_path.name}，请单独保管，不要随文件发送。"
        en += f" Passwords are in {result.passwords_path.name}: keep it apart, never send it."
    return ActionResult(
        action="distribute", file=request.path, sheet=manifest.sheet,
        counts={"rows": result.rows, "files": n, "unassigned": result.unassigned},
        output=Path(folder), payload=payload, language=result.language,
        summary_zh=zh, summary_en=en,
    )  # fmt: skip


def _month(asof: dt.date | None) -> str:
    return (asof or dt.date.today()).strftime("%Y-%m")


def _default_folder(master: Path, month: str) -> Path:
    """Beside the master, never one an earlier distribution wrote into."""
    folder = master.with_name(f"{master.stem}.distribute-{month}")
    number = 2
    while folder.exists():
        folder = master.with_name(f"{master.stem}.distribute-{month}-{number}")
        number += 1
    return folder


def _latest_folder(master: Path) -> Path:
    """The newest distribution folder beside the master (collect with no folder given)."""
    found = [p for p in master.parent.glob(f"{master.stem}.distribute-*") if p.is_dir()]
    return max(found, key=lambda p: p.stat().st_mtime) if found else master.parent


register(
    Action(
        name="distribute",
        zh="分发",
        en="Distribute",
        group="monthly",
        run=distribute_workbook,
        help_zh="按负责人把客户表拆成各自的工作簿（用当前模板），并生成分发清单。",
        help_en="Split the list into one workbook per owner (current template) with a manifest.",
        image_mso="FileSendAsAttachment",
    )
)


def collect_folder(request: ActionRequest) -> ActionResult:
    """Reconcile the returned files in a folder into a new master copy and a report."""
    from xlcrm.io.monthly.collect import CollectOptions, collect

    options = request.options
    folder = Path(options.get("folder") or _latest_folder(request.path))
    result = collect(
        folder,
        request.path,
        CollectOptions(
            out=request.out,
            report=options.get("report"),
            manifest=options.get("manifest"),
            passwords=options.get("passwords"),
            asof=_asof(request),
        ),
        sheet=request.sheet,
        password=request.password,
        progress=request.progress,
    )
    numbers = dict(counts(result.result, result.rows_out))
    returned = len(
        {o.file_id for o in result.outcomes if o.status in ("returned", "migrated", "duplicate")}
    )
    payload: dict[str, Any] = {
        "distribution": result.manifest.distribution,
        "files": len(result.manifest.files),
        "returned": returned,
        "missing": result.missing,
        **numbers,
    }
    problems = bool(numbers["conflicts"] or numbers["invalid"] or result.missing or result.rejected)
    zh, en = _collect_summary(payload, len(result.rejected), result.report)
    return ActionResult(
        action="collect", file=request.path, sheet=result.master.sheet,
        counts={k: v for k, v in payload.items() if isinstance(v, int)},
        output=result.output, payload=payload, problems=problems,
        language=result.master.language, summary_zh=zh, summary_en=en,
    )  # fmt: skip


def _collect_summary(p: dict[str, Any], rejected: int, report: Path) -> tuple[str, str]:
    zh = (
        f"收回 {p['returned']}/{p['files']} 个文件：新增 {p['new']}，修改 {p['changed']}，"
        f"删除 {p['deleted']}（已标记），冲突 {p['conflicts']}，无效 {p['invalid']}；"
        f"收回 {p['rows_in']} 行，新总表 {p['rows_out']} 行。报告：{report.name}"
    )
    en = (
        f"Collected {p['returned']}/{p['files']} files: {p['new']} new, {p['changed']} changed,"
        f" {p['deleted']} deleted (flagged), {p['conflicts']} conflicts, {p['invalid']} invalid;"
        f" {p['rows_in']} rows in, {p['rows_out']} in the new master. Report: {report.name}"
    )
    if p["missing"]:
        zh += f"；未收回：{'、'.join(p['missing'])}"
        en += f"; not returned: {', '.join(p['missing'])}"
    if rejected:
        zh += f"；{rejected} 个文件未采用（见报告“文件”页）"
        en += f"; {rejected} files not used (see the report's Files sheet)"
    return zh + "。", en + "."


register(
    Action(
        name="collect",
        zh="收回",
        en="Collect",
        group="monthly",
        run=collect_folder,
        help_zh="收回各负责人交回的文件，核对后写出新的总表副本和收回报告。",
        help_en="Collect the returned files, reconcile them, write a new master copy and a report.",
        image_mso="ImportExcel",
        ribbon=True,
    )
)


def review_workbook(request: ActionRequest) -> ActionResult:
    """Records not updated or not contacted within the period, by owner."""
    from xlcrm.io.monthly.review import review_payload, write_review_sheet
    from xlcrm.io.reader import read_table

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    days = parse_period(str(request.options.get("older_than") or "90d"))
    asof = _asof(request) or dt.date.today()
    stale = stale_records(table.df, table.field_keys, asof=asof, days=days, language=table.language)
    owners = by_owner(stale)
    output = None
    if request.out is not None or request.options.get("write"):
        output = check_output_path(
            request.out or default_output_path(request.path, "review"), request.path
        )
        write_review_sheet(table, stale, output)
    payload = review_payload(table, stale, asof=asof, days=days, by_owner=owners)
    zh = f"{len(table.df)} 条记录中有 {len(stale)} 条超过 {days} 天未更新或未联系，涉及 {len(owners)} 位负责人。"
    en = f"{len(stale)} of {len(table.df)} records not updated or contacted in {days} days, across {len(owners)} owners."
    return ActionResult(
        action="review", file=request.path, sheet=table.sheet,
        counts={"rows": len(table.df), "stale": len(stale)}, output=output, payload=payload,
        problems=bool(len(stale)), language=table.language, summary_zh=zh, summary_en=en,
    )  # fmt: skip


register(
    Action(
        name="review",
        zh="待更新",
        en="Review",
        group="monthly",
        run=review_workbook,
        help_zh="列出超过期限（默认 90 天）未更新或未联系的客户，按负责人分组。",
        help_en="List customers not updated or contacted within the period (90 days), by owner.",
        image_mso="ReviewTrackChanges",
        demo_options=(("older_than", "90d"),),
    )
)
