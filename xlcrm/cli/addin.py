"""The addin commands of the xlcrm command line, added to xlcrm.cli.app.app on import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.cli.app import XlcrmGroup, app, stderr
from xlcrm.errors import XlcrmError

addin_app = typer.Typer(
    cls=XlcrmGroup, help="Build or install the Excel add-in (xlcrm.xlam).", no_args_is_help=True
)
app.add_typer(addin_app, name="addin")

LanguageOpt = Annotated[
    str, typer.Option("--language", help="Ribbon labels: zh (中文) or en (English).")
]


def _check_language(language: str) -> str:
    if language not in ("zh", "en"):
        raise XlcrmError(
            f"--language 只能是 zh 或 en，而不是“{language}”。"
            f" --language must be zh or en, not '{language}'."
        )
    return language


@addin_app.command("build")
def addin_build(
    out: Annotated[Path, typer.Option("--out", help="Folder to write xlcrm.xlam into.")] = Path(
        "dist"
    ),
    language: LanguageOpt = "zh",
) -> None:
    """Build xlcrm.xlam (ribbon, VBA from macros/, xlwings config); no Excel needed."""
    from xlcrm.addin.package import build_addin, describe

    if out.exists() and not out.is_dir():
        raise XlcrmError(f"“{out}”不是文件夹。 {out} is not a folder.")
    path = build_addin(out, language=_check_language(language))
    stderr.print(f"已生成加载项 built: {describe(path)}")


@addin_app.command("install")
def addin_install(language: LanguageOpt = "zh") -> None:
    """Install xlcrm.xlam into Excel (Windows or macOS), set up for this Python."""
    from xlcrm.addin.install import install_addin, require_excel_platform

    require_excel_platform()
    path = install_addin(_check_language(language))
    stderr.print(
        f"已安装 installed: {path}\n请重启 Excel，功能区会出现“客户数据”选项卡。"
        " Restart Excel: the ribbon shows the xlcrm tab."
    )
