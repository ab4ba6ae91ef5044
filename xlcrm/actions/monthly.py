"""Actions of the monthly cycle: distribute by owner, collect back, review stale records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, AsofOptions, register
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.core.monthly.reconcile import CollectCounts
    from xlcrm.io.monthly.collect import Collection
    from xlcrm.io.monthly.distribute import Distribution


@dataclass(frozen=True)
class DistributeWorkbookOptions(AsofOptions):
    """``by``: the column to split by; ``month``: YYYY-MM in the file names (default this
    month); ``password_per_file``: each file gets its own random password; ``with_review``:
    add each owner's stale list for a period such as 90d; ``asof``: the day counted from."""

    by: str = "owner"
    month: str | None = None
    password_per_file: bool = False
    with_review: str | None = None


@dataclass(frozen=True)
class CollectFolderOptions(AsofOptions):
    """``folder``: the returned workbooks (default the newest distribution folder beside
    the master); ``report``, ``manifest``, ``passwords``: where those files are, when not
    in their usual place; ``asof``: the day counted from."""

    folder: Path | None = None
    report: Path | None = None
    manifest: Path | None = None
    passwords: Path | None = None


@dataclass(frozen=True)
class ReviewOptions(AsofOptions):
    """``older_than``: a period such as 90d, 12w, 3m or 1y; ``write``: write the 待更新
    sheet into a copy even without an output path; ``asof``: the day counted from."""

    older_than: str = "90d"
    write: bool = False


def distribute_workbook(request: ActionRequest[DistributeWorkbookOptions]) -> ActionResult:
    """One workbook per owner from the current template, a manifest, and passwords if asked."""
    from xlcrm.core.monthly.review import parse_period
    from xlcrm.io.monthly.distribute import DistributeOptions, check_month, distribute

    options = request.options
    month = check_month(options.month or options.today.strftime("%Y-%m"))
    folder = request.out
    if folder is None or folder.suffix.lower() in (".xlsx", ".xlsm"):  # e.g. from xlcrm demo
        folder = _default_folder(request.path, month)
    result = distribute(
        request.path,
        folder,
        DistributeOptions(
            by=options.by,
            month=month,
            asof=options.today,
            encrypt=options.password_per_file,
            review_days=parse_period(options.with_review) if options.with_review else None,
        ),
        sheet=request.sheet,
        password=request.password,
        progress=request.progress,
    )
    manifest = result.manifest
    return ActionResult(
        action="distribute", file=request.path, sheet=manifest.sheet,
        counts={"rows": result.rows, "files": len(manifest.files), "unassigned": result.unassigned},
        output=folder, payload=_distribute_payload(result), language=result.language,
        summary=_distribute_summary(result),
    )  # fmt: skip


def _distribute_payload(result: Distribution) -> dict[str, Any]:
    """The ``xlcrm distribute --json`` document."""
    manifest = result.manifest
    return {
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


def _distribute_summary(result: Distribution) -> Text:
    summary = message(
        "distributed",
        rows=result.rows,
        files=len(result.manifest.files),
        month=result.manifest.month,
        manifest=result.manifest_paths[1].name,
    )
    if result.passwords_path:
        summary = summary + " " + message("distributed_passwords", name=result.passwords_path.name)
    return summary


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


def collect_folder(request: ActionRequest[CollectFolderOptions]) -> ActionResult:
    """Reconcile the returned files in a folder into a new master copy and a report."""
    from xlcrm.core.monthly.reconcile import counts
    from xlcrm.io.monthly.collect import CollectOptions, collect

    options = request.options
    result = collect(
        options.folder or _latest_folder(request.path),
        request.path,
        CollectOptions(
            asof=options.today,
            out=request.out,
            report=options.report,
            manifest=options.manifest,
            passwords=options.passwords,
        ),
        sheet=request.sheet,
        password=request.password,
        progress=request.progress,
    )
    numbers = counts(result.result, result.rows_out)
    returned = len(
        {o.file_id for o in result.outcomes if o.status in ("returned", "migrated", "duplicate")}
    )
    files = len(result.manifest.files)
    payload: dict[str, Any] = {
        "distribution": result.manifest.distribution,
        "files": files,
        "returned": returned,
        "missing": result.missing,
        **numbers.as_dict(),
    }
    problems = bool(numbers.conflicts or numbers.invalid or result.missing or result.rejected)
    return ActionResult(
        action="collect", file=request.path, sheet=result.master.sheet,
        counts={k: v for k, v in payload.items() if isinstance(v, int)},
        output=result.output, payload=payload, problems=problems,
        language=result.master.language,
        summary=_collect_summary(result, numbers, returned=returned, files=files),
    )  # fmt: skip


def _collect_summary(
    collection: Collection, numbers: CollectCounts, *, returned: int, files: int
) -> Text:
    """One sentence: files back, rows by outcome, the report; what is missing or not used."""
    more = Text("", "")
    if collection.missing:
        names = Text.join([Text.same(name) for name in collection.missing])
        more += message("collected_not_returned", names=names)
    if collection.rejected:
        more += message("collected_not_used", files=len(collection.rejected))
    return message(
        "collected",
        returned=returned,
        files=files,
        new=numbers.new,
        changed=numbers.changed,
        deleted=numbers.deleted,
        conflicts=numbers.conflicts,
        invalid=numbers.invalid,
        rows_in=numbers.rows_in,
        rows_out=numbers.rows_out,
        report=collection.report.name,
        more=more,
    )


def review_workbook(request: ActionRequest[ReviewOptions]) -> ActionResult:
    """Records not updated or not contacted within the period, by owner."""
    from xlcrm.core.monthly.review import by_owner, parse_period, stale_records
    from xlcrm.io.monthly.review import review_payload, write_review_sheet
    from xlcrm.io.reader import read_table
    from xlcrm.io.writer import check_output_path, default_output_path

    table = read_table(request.path, sheet=request.sheet, password=request.password)
    days = parse_period(request.options.older_than)
    asof = request.options.today
    stale = stale_records(table.df, table.field_keys, asof=asof, days=days, language=table.language)
    owners = by_owner(stale)
    output = None
    if request.out is not None or request.options.write:
        output = check_output_path(
            request.out or default_output_path(request.path, "review"), request.path
        )
        write_review_sheet(table, stale, output)
    payload = review_payload(table, stale, asof=asof, days=days, by_owner=owners)
    summary = message(
        "reviewed", rows=len(table.df), stale=len(stale), days=days, owners=len(owners)
    )
    return ActionResult(
        action="review", file=request.path, sheet=table.sheet,
        counts={"rows": len(table.df), "stale": len(stale)}, output=output, payload=payload,
        problems=bool(len(stale)), language=table.language, summary=summary,
    )  # fmt: skip


DISTRIBUTE = register(
    Action(
        name="distribute",
        label=Text("分发", "Distribute"),
        group="monthly",
        run=distribute_workbook,
        options_type=DistributeWorkbookOptions,
        help=Text(
            "按负责人把客户表拆成各自的工作簿（用当前模板），并生成分发清单。",
            "Split the list into one workbook per owner (current template) with a manifest.",
        ),
        image_mso="FileSendAsAttachment",
    )
)
COLLECT = register(
    Action(
        name="collect",
        label=Text("收回", "Collect"),
        group="monthly",
        run=collect_folder,
        options_type=CollectFolderOptions,
        help=Text(
            "收回各负责人交回的文件，核对后写出新的总表副本和收回报告。",
            "Collect the returned files, reconcile them, write a new master copy and a report.",
        ),
        image_mso="ImportExcel",
    )
)
REVIEW = register(
    Action(
        name="review",
        label=Text("待更新", "Review"),
        group="monthly",
        run=review_workbook,
        options_type=ReviewOptions,
        help=Text(
            "列出超过期限（默认 90 天）未更新或未联系的客户，按负责人分组。",
            "List customers not updated or contacted within the period (90 days), by owner.",
        ),
        image_mso="ReviewTrackChanges",
    )
)
