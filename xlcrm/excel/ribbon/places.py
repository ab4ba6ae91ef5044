"""Where xlcrm keeps its per-user files on an office PC, outside any workbook's folder.

- :func:`user_config_file`: the ``xlcrm.conf`` the add-in reads (its ``xlwings`` module
  looks there first, before the defaults inside ``xlcrm.xlam``), written by
  ``xlcrm addin install``. Windows: ``%APPDATA%\\xlcrm\\xlcrm.conf``; macOS:
  ``~/Library/Containers/com.microsoft.Excel/Data/xlcrm.conf`` (Excel's sandbox, which
  the add-in's ``$HOME`` points to).
- :func:`data_folder`: the audit log of workbooks that were never saved, and the marker of
  a ribbon run in progress. Windows: ``%LOCALAPPDATA%\\xlcrm``; macOS:
  ``~/Library/Application Support/xlcrm``; elsewhere ``$XDG_DATA_HOME/xlcrm``.

Every function takes the platform, environment and home folder, so tests can point them
at a temporary folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "xlcrm"
CONFIG_NAME = "xlcrm.conf"
MAC_SANDBOX = Path("Library/Containers/com.microsoft.Excel/Data")


def _inputs(
    platform: str | None, env: Mapping[str, str] | None, home: Path | None
) -> tuple[str, Mapping[str, str], Path]:
    return platform or sys.platform, os.environ if env is None else env, home or Path.home()


def user_config_file(
    platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """The user's ``xlcrm.conf``, which outranks the one inside the add-in."""
    platform, env, home = _inputs(platform, env, home)
    if platform == "win32":
        roaming = env.get("APPDATA") or str(home / "AppData" / "Roaming")
        return Path(roaming) / APP / CONFIG_NAME
    if platform == "darwin":
        return home / MAC_SANDBOX / CONFIG_NAME
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / APP / CONFIG_NAME


def data_folder(
    platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """The per-user folder for audit lines of unsaved workbooks and the run marker."""
    platform, env, home = _inputs(platform, env, home)
    if platform == "win32":
        local = env.get("LOCALAPPDATA") or env.get("APPDATA") or str(home / "AppData" / "Local")
        return Path(local) / APP
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / APP


def unsaved_audit_log(folder: Path | None = None) -> Path:
    """The audit log for workbooks that have no folder yet (never saved)."""
    return (folder or data_folder()) / "audit.jsonl"
