"""The monthly cycle: ``xlcrm distribute``, ``collect`` and ``review``.

xlcrm distribute FILE --by owner --out DIR [--password-per-file] [--month YYYY-MM]
xlcrm collect DIR --into FILE [--out F]
xlcrm review FILE --older-than 90d
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.monthly import (
    COLLECT,
    DISTRIBUTE,
    REVIEW,
    CollectFolderOptions,
    DistributeWorkbookOptions,
    ReviewOptions,
)
from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.options import AsofOpt, AuditOpt, FileArg, JsonOpt, SheetOpt, copy_to, run


def distribute(
    file: FileArg,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for the owners' workbooks.")
    ],
    by: Annotated[
        str, typer.Option("--by", metavar="COLUMN", help="Column to split by (default owner).")
    ] = DistributeWorkbookOptions.by,
    password_per_file: Annotated[
        bool,
        typer.Option(
            "--password-per-file",
            help="Encrypt each file with its own random password (listed in xlcrm-passwords.json).",
        ),
    ] = False,
    month: Annotated[
        str | None,
        typer.Option("--month", metavar="YYYY-MM", help="Month in the file names (YYYY-MM)."),
    ] = None,
    with_review: Annotated[
        str | None,
        typer.Option(
            "--with-review",
            metavar="PERIOD",
            help="Add each owner's stale list, e.g. --with-review 90d.",
        ),
    ] = None,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Split the customer list into one workbook per owner, from the current template.

    Writes 客户台账_<owner>_<month>.xlsx per owner (rows with no owner: 未分配), the
    manifest 分发清单.xlsx and xlcrm-manifest.json, and with --password-per-file the
    admin-only xlcrm-passwords.json. FILE is never changed.
    """
    options = DistributeWorkbookOptions(
        by=by, month=month, password_per_file=password_per_file, with_review=with_review,
        asof=asof,
    )  # fmt: skip
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(DISTRIBUTE, request, as_json=as_json, audit_log=audit_log)


def collect(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder with the returned workbooks.")
    ],
    into: Annotated[Path, typer.Option("--into", metavar="FILE", help="The master workbook.")],
    out: Annotated[Path | None, copy_to("New master copy (default MASTER.collected.xlsx).")] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", metavar="F", help="Report workbook (default MASTER.收回报告.xlsx)."
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", metavar="F", help="xlcrm-manifest.json, if not in the folder."),
    ] = None,
    passwords: Annotated[
        Path | None,
        typer.Option("--passwords", metavar="F", help="xlcrm-passwords.json, if kept elsewhere."),
    ] = None,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Collect the returned workbooks: reconcile them into a new master copy and a report.

    Exit status 0 when everything came back clean; 1 when files are missing or not usable,
    or rows conflict or fail the checks (see the report); 2 on error. The master is never
    overwritten.
    """
    options = CollectFolderOptions(
        folder=folder, report=report, manifest=manifest, passwords=passwords, asof=asof
    )
    request = ActionRequest(into, options, sheet=sheet, out=out)
    run(COLLECT, request, as_json=as_json, audit_log=audit_log)


def review(
    file: FileArg,
    older_than: Annotated[
        str,
        typer.Option("--older-than", metavar="PERIOD", help="Period such as 90d, 12w, 3m or 1y."),
    ] = ReviewOptions.older_than,
    out: Annotated[Path | None, copy_to("Write a copy with the 待更新 sheet here.")] = None,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Records not updated or not contacted within a period, by owner (the quarterly review).

    Without --out, and without --json, a copy with the 待更新 / To update sheet is written
    beside FILE (NAME.review.xlsx). Exit status 1 when stale records were found.
    """
    options = ReviewOptions(older_than=older_than, write=not as_json, asof=asof)
    request = ActionRequest(file, options, sheet=sheet, out=out)
    run(REVIEW, request, as_json=as_json, audit_log=audit_log)
