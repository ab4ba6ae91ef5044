"""The customer templates: copied out ready to fill (``xlcrm init``), or rebuilt.

These are not registered actions (no ribbon button, no demo step, no audit line: they
touch no customer data); the command line calls them so that it never reaches into io.
"""

from __future__ import annotations

from pathlib import Path


def copy_templates(directory: Path) -> list[Path]:
    """Copy 客户信息表.xlsx and customers.xlsx into ``directory``; a file already there is kept.

    Returns the files written (none when both were there already).
    """
    from xlcrm.io.templates import build

    return build.copy_templates(directory)


def rebuild_templates() -> list[Path]:
    """Regenerate the templates committed with xlcrm (for developers)."""
    from xlcrm.io.templates import build

    return build.rebuild_templates()
