"""Install xlcrm.xlam into Excel's start-up folder, configured for this Python.

Only Excel on Windows or macOS can load the add-in. The add-in is rebuilt with its
``xlcrm.conf`` sheet filled in for the Python running this command (interpreter path,
PYTHONPATH for the cell-function module, UDF modules), so the ribbon works without
the user editing any config file. The folder is Excel's own start-up folder as xlwings
finds it (``App.startup_path``), so Excel opens the add-in on every start.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlcrm.addin.package import DEFAULT_CONFIG, build_addin
from xlcrm.errors import XlcrmError

UDFS_DIR = Path(__file__).resolve().parents[2] / "udfs"


def python_config(executable: Path | None = None, udfs_dir: Path = UDFS_DIR) -> dict[str, str]:
    """xlwings settings for ``executable`` (default: the Python running xlcrm)."""
    python = Path(executable or sys.executable)
    windowless = python.with_name("pythonw.exe")  # no console window flashing on each click
    config = dict(DEFAULT_CONFIG)
    config["Interpreter_Win"] = str(windowless if windowless.exists() else python)
    config["Interpreter_Mac"] = str(python)
    if udfs_dir.is_dir():
        config["PYTHONPATH"] = str(udfs_dir)
    return config


def require_excel_platform(platform: str | None = None) -> None:
    """Raise the one-sentence error on systems where Excel cannot run."""
    platform = platform or sys.platform
    if platform not in ("win32", "darwin"):
        raise XlcrmError("addin_needs_excel")


def install_addin(language: str = "zh") -> Path:  # pragma: no cover - needs Excel
    """Build the add-in for this Python into Excel's start-up folder and return its path."""
    require_excel_platform()
    import xlwings as xw

    try:
        active = xw.apps.active if xw.apps else None
        if active is not None:
            folder = Path(active.startup_path)
        else:
            with xw.App(visible=False) as app:
                folder = Path(app.startup_path)
    except Exception as error:  # COM or AppleScript: Excel missing or not starting
        raise XlcrmError("excel_unreachable", error=error) from None
    if sys.platform == "darwin":
        from xlwings import cli as xlwings_cli

        xlwings_cli.runpython_install(None)  # the AppleScript RunPython needs on macOS
    try:
        return build_addin(folder, language=language, config=python_config())
    except PermissionError:
        raise XlcrmError("startup_folder_locked") from None
