"""``xlcrm lite init``: set a workbook up for xlwings Lite (main.py and requirements.txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions.registry import ActionRequest
from xlcrm.cli.options import run_and_report
from xlcrm.errors import FileMissingError


def init(
    workbook: Annotated[
        Path,
        typer.Argument(
            metavar="WORKBOOK",
            help="The workbook to set up (files go beside it, in NAME.lite/); default: here.",
        ),
    ] = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", metavar="DIR", help="Folder for the two files.")
    ] = None,
    wheel: Annotated[
        str | None,
        typer.Option(
            "--wheel", metavar="URL", help="Install xlcrm from this wheel instead of PyPI."
        ),
    ] = None,
) -> None:
    """Write main.py and a pinned requirements.txt for the xlwings Lite editor."""
    from xlcrm.actions.lite import LITE, LiteOptions

    if not workbook.exists():
        raise FileMissingError("file_missing", path=workbook)
    request = ActionRequest(workbook, LiteOptions(wheel=wheel), out=out)
    run_and_report(LITE, request, as_json=False, audit_log=None)
