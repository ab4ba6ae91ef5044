"""Install and uninstall xlcrm.xlam: Excel's start-up folder and the user's xlcrm.conf.

``install`` copies the built add-in into Excel's start-up folder (XLSTART), so Excel
opens it on every start, and writes the user config file (:func:`xlcrm.excel.ribbon.
places.user_config_file`) naming this Python. The add-in is the same file for every user:
its own ``xlcrm.conf`` sheet holds only defaults, and the user file outranks it, so a
changed Python path is fixed by editing (or rewriting) that one visible file.

The add-in is built in a temporary folder and only the finished file goes into the
start-up folder. Excel opens *every* file in XLSTART at start-up, so nothing else may be
left there: no ``.partial`` file, and one left by an older xlcrm is removed. While Excel
has the add-in open, Windows refuses to replace or delete it: the user is asked to quit
Excel, and nothing is left half-written.

The start-up folder is Excel's own (``App.startup_path`` through xlwings) or, when Excel
cannot be asked, the standard per-user folder; ``folder=`` overrides both (tests, or a
company's network XLSTART).
"""

from __future__ import annotations

import locale
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from xlcrm.addin.package import ADDIN_NAME, build_addin
from xlcrm.errors import XlcrmError
from xlcrm.excel.ribbon.places import user_config_file
from xlcrm.udfs import MODULE as UDF_MODULE

LEFTOVERS = (ADDIN_NAME + ".partial",)  # what older versions could leave in XLSTART
_MAC_OFFICE = Path("Library/Group Containers/UBF8T346G9.Office")
# Finder shows "User Content/Startup/Excel"; on disk the folders may carry ".localized".
MAC_STARTUPS = (
    _MAC_OFFICE / "User Content.localized" / "Startup.localized" / "Excel",
    _MAC_OFFICE / "User Content" / "Startup" / "Excel",
)


@dataclass(frozen=True)
class Installed:
    """What ``install`` wrote: the add-in in the start-up folder and the user config file."""

    addin: Path
    config: Path


def require_excel_platform(platform: str | None = None) -> None:
    """Raise the one-sentence error on systems where Excel cannot run."""
    platform = platform or sys.platform
    if platform not in ("win32", "darwin"):
        raise XlcrmError("addin_needs_excel")


def python_config(executable: Path | None = None) -> dict[str, str]:
    """The user config for ``executable`` (default: the Python running xlcrm)."""
    python = Path(executable or sys.executable)
    windowless = python.with_name("pythonw.exe")  # no console window flashing on each click
    return {
        "INTERPRETER_WIN": str(windowless if windowless.exists() else python),
        "INTERPRETER_MAC": str(python),
        "UDF MODULES": UDF_MODULE,
    }


def config_text(values: Mapping[str, str]) -> str:
    """``"KEY","value"`` lines, as the add-in's VBA (``Input #``) reads them."""
    for value in values.values():
        if '"' in value or "\n" in value:
            raise ValueError(f"a config value cannot hold quotes or line breaks: {value!r}")
    return "".join(f'"{key}","{value}"\r\n' for key, value in values.items())


def config_encoding(platform: str | None = None) -> str:
    """VBA's ``Input #`` reads the Windows ANSI code page (GBK on a Chinese Windows)."""
    if (platform or sys.platform) == "win32":
        return locale.getpreferredencoding(False)
    return "utf-8"


def write_user_config(path: Path, values: Mapping[str, str], encoding: str = "utf-8") -> Path:
    """Write ``values`` to ``path`` (through a temporary file beside it) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + ".new")
    try:
        staged.write_text(config_text(values), encoding=encoding, newline="")
    except UnicodeEncodeError:
        staged.unlink(missing_ok=True)
        raise XlcrmError("config_path_unencodable", path=path) from None
    staged.replace(path)
    return path


def standard_startup_folder(
    platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """The per-user XLSTART folder where Excel keeps it by default."""
    platform, env, home = platform or sys.platform, os.environ if env is None else env, home
    home = home or Path.home()
    if platform == "darwin":
        found = [home / p for p in MAC_STARTUPS if (home / p).is_dir()]
        return found[0] if found else home / MAC_STARTUPS[0]
    roaming = env.get("APPDATA") or str(home / "AppData" / "Roaming")
    return Path(roaming) / "Microsoft" / "Excel" / "XLSTART"


def excel_startup_folder() -> Path:  # pragma: no cover - needs Excel
    """Excel's own start-up folder (asks Excel through xlwings), else the standard one."""
    import xlwings as xw

    try:
        active = xw.apps.active if xw.apps else None
        if active is not None:
            return Path(active.startup_path)
        with xw.App(visible=False) as app:
            return Path(app.startup_path)
    except Exception:  # COM or AppleScript: Excel not reachable; use the usual folder
        return standard_startup_folder()


def install_addin(
    *,
    language: str = "zh",
    folder: Path | None = None,
    config: Path | None = None,
    executable: Path | None = None,
    platform: str | None = None,
) -> Installed:
    """Put xlcrm.xlam into Excel's start-up folder and write the user config for this Python."""
    platform = platform or sys.platform
    require_excel_platform(platform)
    folder = folder or excel_startup_folder()
    config = config or user_config_file(platform)
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    target = folder / ADDIN_NAME
    with tempfile.TemporaryDirectory(prefix="xlcrm-addin-") as staging:
        built = build_addin(Path(staging), language=language)
        place(built, target)
    write_user_config(config, python_config(executable), config_encoding(platform))
    if sys.platform == "darwin" and platform == "darwin":  # pragma: no cover - macOS only
        from xlwings import cli as xlwings_cli

        xlwings_cli.runpython_install(None)  # the AppleScript RunPython needs on macOS
    return Installed(target, config)


def place(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built`` whole, or leave it as it was; never a part-written file."""
    try:
        os.replace(built, target)  # same drive: one atomic step
        return
    except PermissionError:
        raise XlcrmError("startup_folder_locked", path=target) from None
    except OSError:
        pass  # another drive (a network XLSTART): copy instead
    copied = False
    try:
        shutil.copyfile(built, target)
        copied = True
    except PermissionError:
        raise XlcrmError("startup_folder_locked", path=target) from None
    finally:
        if not copied:
            target.unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete files older versions could leave in the start-up folder; return them."""
    removed = []
    for name in LEFTOVERS:
        path = folder / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def uninstall_addin(
    *, folder: Path | None = None, config: Path | None = None, platform: str | None = None
) -> list[Path]:
    """Take xlcrm.xlam out of the start-up folder and remove the user config; return them."""
    platform = platform or sys.platform
    require_excel_platform(platform)
    folder = folder or excel_startup_folder()
    config = config or user_config_file(platform)
    target = folder / ADDIN_NAME
    removed = remove_leftovers(folder) if folder.is_dir() else []
    if target.is_file():
        try:
            target.unlink()
        except PermissionError:
            raise XlcrmError("addin_in_use", path=target) from None
        removed.append(target)
    if config.is_file():
        config.unlink()
        removed.append(config)
        own = config.parent.name == "xlcrm"  # %APPDATA%\xlcrm; never Excel's own folders
        if own and not any(config.parent.iterdir()):
            config.parent.rmdir()
    if not removed:
        raise XlcrmError("addin_not_installed", folder=folder)
    return removed
