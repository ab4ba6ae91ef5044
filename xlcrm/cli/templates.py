"""``xlcrm init``: copy the customer templates out, ready to fill."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xlcrm.actions import templates
from xlcrm.cli.options import say
from xlcrm.text import message


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to copy the templates into.")
    ] = Path("."),
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Regenerate the committed templates (developers).")
    ] = False,
) -> None:
    """Copy the customer templates (客户信息表.xlsx, customers.xlsx) out, ready to fill."""
    if rebuild:
        for path in templates.rebuild_templates():
            say(message("template_rebuilt"), f": {path}")
        return
    written = templates.copy_templates(directory)
    for path in written:
        say(message("template_copied"), f": {path}")
    if not written:
        say(message("templates_already_there"))
