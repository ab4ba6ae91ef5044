"""The ``xlcrm`` command line: a thin layer over :mod:`xlcrm.actions` and the library.

Each feature's commands live in their own module (``cli/check.py``, ``cli/dedupe.py`` ...),
a few lines each over the action of the same name; this module puts them on the app, in
ribbon order, and turns errors into one sentence. Shared options, prompts and the way an
action is run and reported are in :mod:`xlcrm.cli.options`.

Exit status: 0 done and clean, 1 done and problems found, 2 error. ``--json`` prints the
machine-readable result on stdout and nothing else goes there; messages, progress and
errors go to stderr.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import typer
import typer.core

from xlcrm.cli import (
    addin,
    audit,
    check,
    crypto,
    dedupe,
    demo,
    diff,
    inspect,
    lite,
    monthly,
    retention,
    summary,
    templates,
    tiers,
)
from xlcrm.cli.options import stdout
from xlcrm.errors import XlcrmError, os_error
from xlcrm.text import message


class XlcrmGroup(typer.core.TyperGroup):
    """Turns an XlcrmError from any command into one sentence on stderr and exit 2."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command; an error becomes one sentence on stderr and its exit status."""
        try:
            return super().invoke(ctx)
        except XlcrmError as error:
            typer.echo(f"xlcrm: {error}", err=True)
            ctx.exit(error.exit_code)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, --help, exits
            raise
        except KeyboardInterrupt:
            typer.echo(f"xlcrm: {message('cancelled')}", err=True)
            ctx.exit(2)
        except OSError as error:  # a full disk, a read-only folder: what to do, not a bug
            typer.echo(f"xlcrm: {os_error(error)}", err=True)
            ctx.exit(2)
        except Exception as error:  # a bug: say so in one line unless debugging
            if os.environ.get("XLCRM_DEBUG"):
                raise
            typer.echo(f"xlcrm: {internal_error(error)}", err=True)
            ctx.exit(2)


def internal_error(error: Exception) -> str:
    """The one line shown for a bug (the command line and the ribbon say the same)."""
    return str(message("internal_error", kind=type(error).__name__, error=error))


def version() -> None:
    """Print the xlcrm version."""
    from importlib.metadata import version as package_version

    stdout.print(package_version("xlcrm"))


# Every command, in ribbon order, then the tools; each is a function of its feature module.
COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("inspect", inspect.inspect),
    ("check", check.check),
    ("tier", tiers.tier),
    ("summary", summary.summary),
    ("dedupe", dedupe.dedupe),
    ("merge", dedupe.merge),
    ("unmerge", dedupe.unmerge),
    ("encrypt", crypto.encrypt),
    ("decrypt", crypto.decrypt),
    ("protect", crypto.protect),
    ("unprotect", crypto.unprotect),
    ("retention", retention.retention),
    ("distribute", monthly.distribute),
    ("collect", monthly.collect),
    ("review", monthly.review),
    ("diff", diff.diff),
    ("init", templates.init),
    ("demo", demo.demo),
    ("version", version),
)
# Commands with subcommands: (name, help, ((subcommand, function), ...)).
GROUPS: tuple[tuple[str, str, tuple[tuple[str, Callable[..., None]], ...]], ...] = (
    ("audit", "Show or verify the audit log.", (("show", audit.show), ("verify", audit.verify))),
    (
        "addin",
        "Build, install or uninstall the Excel add-in (xlcrm.xlam).",
        (("build", addin.build), ("install", addin.install), ("uninstall", addin.uninstall)),
    ),
    ("lite", "Set a workbook up for xlwings Lite (Mac, Excel on the web).", (("init", lite.init),)),
)


def build_app() -> typer.Typer:
    """The ``xlcrm`` app with every command of :data:`COMMANDS` and :data:`GROUPS`."""
    root = typer.Typer(
        cls=XlcrmGroup,
        help="xlcrm: keep a customer list in Excel clean, tiered, summarised and safe.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    for name, function in COMMANDS:
        root.command(name)(function)
    for name, help_text, subcommands in GROUPS:
        group = typer.Typer(cls=XlcrmGroup, help=help_text, no_args_is_help=True)
        for subcommand, function in subcommands:
            group.command(subcommand)(function)
        root.add_typer(group, name=name)
    return root


app = build_app()


def main() -> None:
    """The ``xlcrm`` console script."""
    app()


if __name__ == "__main__":
    main()
