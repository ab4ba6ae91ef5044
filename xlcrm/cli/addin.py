"""``xlcrm addin build|install|uninstall``: the Excel add-in (xlcrm.xlam)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.cli.options import say
from xlcrm.errors import XlcrmError
from xlcrm.text import message

LanguageOpt = Annotated[
    str,
    typer.Option("--language", metavar="LANG", help="Ribbon labels: zh (中文) or en (English)."),
]
FolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--folder",
        metavar="DIR",
        help="Excel's start-up folder (default: the one Excel reports, else XLSTART).",
    ),
]


def _check_language(language: str) -> str:
    if language not in ("zh", "en"):
        raise XlcrmError("language_invalid", value=language)
    return language


def build(
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder to write xlcrm.xlam into.")
    ] = Path("dist"),
    language: LanguageOpt = "zh",
) -> None:
    """Build xlcrm.xlam (ribbon, VBA, cell functions, xlwings config); no Excel needed."""
    from xlcrm.addin.package import build_addin, describe

    if out.exists() and not out.is_dir():
        raise XlcrmError("not_a_folder", path=out)
    path = build_addin(out, language=_check_language(language))
    say(message("addin_built"), f": {describe(path)}")


def install(language: LanguageOpt = "zh", folder: FolderOpt = None) -> None:
    """Install xlcrm.xlam into Excel (Windows or macOS) and write the user config."""
    from xlcrm.addin.install import install_addin, require_excel_platform

    require_excel_platform()
    done = install_addin(language=_check_language(language), folder=folder)
    say(message("addin_installed"), f": {done.addin}")
    say(message("addin_config_written"), f": {done.config}")
    say(message("addin_restart_excel"))


def uninstall(folder: FolderOpt = None) -> None:
    """Remove xlcrm.xlam from Excel's start-up folder and the user config."""
    from xlcrm.addin.install import require_excel_platform, uninstall_addin

    require_excel_platform()
    for path in uninstall_addin(folder=folder):
        say(message("addin_removed"), f": {path}")
    say(message("addin_restart_excel_removed"))
