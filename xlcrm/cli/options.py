"""What the commands share: the common options, the secret prompts, and running an action.

Every command is a few lines: it builds its action's options from its own parameters
and hands them to :func:`run`, which shows a progress bar, asks for the file's password
if it needs one, prints the result (JSON on stdout with ``--json``, else the summary on
stderr) and exits with the action's status.

Secrets never come from the command line (it ends up in shell history and process
lists): a file password comes from XLCRM_PASSWORD or a hidden prompt, a column
passphrase from XLCRM_PASSPHRASE or a hidden prompt; new ones are typed twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, run_action
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.progress import Progress, no_progress
from xlcrm.text import Text, message

OptionsT = TypeVar("OptionsT", bound=Options)

stderr = Console(stderr=True, highlight=False)
stdout = Console(highlight=False, soft_wrap=True)


def parse_asof(text: str) -> dt.date:
    """The date given with ``--asof`` (YYYY-MM-DD), or one sentence saying how to write it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise XlcrmError("asof_invalid", text=text) from None


def copy_to(text: str) -> Any:
    """The ``--out F`` option of a command that writes a copy, with the command's help."""
    return typer.Option("--out", metavar="F", help=text)


FileArg = Annotated[
    Path, typer.Argument(metavar="FILE", help="Workbook (.xlsx/.xlsm) or CSV file.")
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", metavar="SHEET", help="Sheet name (default: found).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]


def date_option(name: str, text: str) -> Any:
    """A ``--name DATE`` option read as YYYY-MM-DD (one sentence when it is not)."""
    return typer.Option(name, parser=parse_asof, metavar="DATE", help=text)


AsofOpt = Annotated[
    dt.date | None, date_option("--asof", "Date that counts as today (YYYY-MM-DD).")
]
AuditOpt = Annotated[
    Path | None,
    typer.Option(
        "--audit-log",
        metavar="LOG",
        help="Audit log file (default: .xlcrm/audit.jsonl beside FILE).",
    ),
]
OutOpt = Annotated[Path | None, copy_to("Where to write the copy (default NAME.<command>.xlsx).")]

REPEAT_PROMPT = message("prompt_repeat").both(" / ")


def password_from_env_or_prompt(path: Path, *, confirm: bool = False) -> str | None:
    """XLCRM_PASSWORD, or a hidden prompt when a person is at the terminal.

    ``confirm`` (setting a new password) asks twice and asks again until both match.
    """
    password = os.environ.get("XLCRM_PASSWORD")
    if password is None and sys.stdin.isatty():
        # On stderr, so that --json output on stdout stays pure JSON.
        password = typer.prompt(
            message("prompt_password", name=path.name).both(" / "),
            hide_input=True,
            err=True,
            confirmation_prompt=REPEAT_PROMPT if confirm else False,
        )
    return password


def passphrase_from_env_or_prompt(*, confirm: bool) -> str:
    """XLCRM_PASSPHRASE, or a hidden prompt (typed twice when ``confirm``)."""
    passphrase = os.environ.get("XLCRM_PASSPHRASE")
    if passphrase is None and sys.stdin.isatty():
        passphrase = typer.prompt(
            message("prompt_passphrase").both(" / "),
            hide_input=True,
            err=True,
            confirmation_prompt=REPEAT_PROMPT if confirm else False,
        )
    if not passphrase:
        raise XlcrmError("passphrase_needed")
    return passphrase


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr while the block runs; nothing when stderr is not a terminal."""
    if not stderr.is_terminal:
        yield no_progress
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as RichProgress

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield report


def run_and_report(
    action: Action[OptionsT],
    request: ActionRequest[OptionsT],
    *,
    as_json: bool,
    audit_log: Path | None,
) -> ActionResult:
    """Run an action, asking for a password if the file needs one, and print its result."""
    try:
        result = _run_with_progress(action, request, audit_log)
    except PasswordRequiredError:
        if request.password is not None:
            raise
        password = password_from_env_or_prompt(request.path)
        if password is None:
            raise
        request = dataclasses.replace(request, password=password)
        result = _run_with_progress(action, request, audit_log)
    if as_json:
        print_json(result.payload)
    else:
        stderr.print(result.text)
        if result.output is not None:
            stderr.print(f"→ {result.output}")
    return result


def run(
    action: Action[OptionsT],
    request: ActionRequest[OptionsT],
    *,
    as_json: bool,
    audit_log: Path | None,
) -> NoReturn:
    """:func:`run_and_report`, then exit with the action's status (1: problems found)."""
    result = run_and_report(action, request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


def _run_with_progress(
    action: Action[OptionsT], request: ActionRequest[OptionsT], audit_log: Path | None
) -> ActionResult:
    with progress_bar(f"{request.path.name}…") as progress:
        request = dataclasses.replace(request, progress=progress)
        return run_action(action, request, audit_log=audit_log)


def print_json(payload: Any) -> None:
    """JSON on stdout, UTF-8, nothing else there."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def say(text: Text, suffix: str = "", *, separator: str = " ") -> None:
    """A message on stderr in both languages (Chinese first), then ``suffix``."""
    stderr.print(text.both(separator) + suffix)
