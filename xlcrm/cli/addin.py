"""``xlcrm addin build`` and ``xlcrm addin install``: the Excel add-in (xlcrm.xlam)."""

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
    """Build xlcrm.xlam (ribbon, VBA from macros/, xlwings config); no Excel needed."""
    from xlcrm.addin.package import build_addin, describe

    if out.exists() and not out.is_dir():
        raise XlcrmError("not_a_folder", path=out)
    path = build_addin(out, language=_check_language(language))
    say(message("addin_built"), f": {describe(path)}")


def install(language: LanguageOpt = "zh") -> None:
    """Install xlcrm.xlam into Excel (Windows or macOS), set up for this Python."""
    from xlcrm.addin.install import install_addin, require_excel_platform

    require_excel_platform()
    path = install_addin(_check_language(language))
    say(message("addin_installed"), f": {path}\n" + str(message("addin_restart_excel")))
