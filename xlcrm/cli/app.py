"""The ``xlcrm`` command line: a thin layer over :mod:`xlcrm.actions.registry` and the library.

Exit status: 0 done and clean, 1 done and problems found, 2 error. ``--json`` prints the
machine-readable result on stdout and nothing else goes there; messages, progress and
errors go to stderr.
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
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table

from xlcrm.actions.registry import ActionRequest, ActionResult, run_action
from xlcrm.audit import log as audit
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.progress import Progress, no_progress

stderr = Console(stderr=True, highlight=False)
stdout = Console(highlight=False, soft_wrap=True)


class XlcrmGroup(typer.core.TyperGroup):
    """Turns an XlcrmError from any command into one sentence on stderr and exit 2."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except XlcrmError as error:
            typer.echo(f"xlcrm: {error}", err=True)
            ctx.exit(error.exit_code)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, --help, exits
            raise
        except KeyboardInterrupt:
            typer.echo("xlcrm: 已取消。 Cancelled.", err=True)
            ctx.exit(2)
        except Exception as error:  # a bug: say so in one line unless debugging
            if os.environ.get("XLCRM_DEBUG"):
                raise
            typer.echo(
                f"xlcrm: 内部错误（{type(error).__name__}: {error}）；请设置 XLCRM_DEBUG=1 重试"
                " 并报告此问题。 Internal error; run again with XLCRM_DEBUG=1 and report it.",
                err=True,
            )
            ctx.exit(2)


app = typer.Typer(
    cls=XlcrmGroup,
    help="xlcrm: keep a customer list in Excel clean, tiered, summarised and safe.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
audit_app = typer.Typer(cls=XlcrmGroup, help="Show or verify the audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

FileArg = Annotated[Path, typer.Argument(help="Workbook (.xlsx/.xlsm) or CSV file.")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="Sheet name (default: found).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
AsofOpt = Annotated[
    str | None, typer.Option("--asof", help="Date that counts as today (YYYY-MM-DD).")
]
AuditOpt = Annotated[
    Path | None,
    typer.Option("--audit-log", help="Audit log file (default: .xlcrm/audit.jsonl beside FILE)."),
]


REPEAT_PROMPT = "再输入一次 / repeat"


def password_from_env_or_prompt(path: Path, *, confirm: bool = False) -> str | None:
    """XLCRM_PASSWORD, or a hidden prompt when a person is at the terminal.

    ``confirm`` (setting a new password) asks twice and asks again until both match.
    """
    password = os.environ.get("XLCRM_PASSWORD")
    if password is None and sys.stdin.isatty():
        # On stderr, so that --json output on stdout stays pure JSON.
        password = typer.prompt(
            f"{path.name} 的密码 / password",
            hide_input=True,
            err=True,
            confirmation_prompt=REPEAT_PROMPT if confirm else False,
        )
    return password


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr while the block runs; nothing when stderr is not a terminal."""
    if not stderr.is_terminal:
        yield no_progress
        return
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
    name: str, request: ActionRequest, *, as_json: bool, audit_log: Path | None
) -> ActionResult:
    """Run an action, asking for a password if the file needs one, and print its result."""
    try:
        with progress_bar(f"{request.path.name}…") as progress:
            request = dataclasses.replace(request, progress=progress)
            result = run_action(name, request, audit_log=audit_log)
    except PasswordRequiredError:
        if request.password is not None:
            raise
        password = password_from_env_or_prompt(request.path)
        if password is None:
            raise
        with progress_bar(f"{request.path.name}…") as progress:
            request = dataclasses.replace(request, password=password, progress=progress)
            result = run_action(name, request, audit_log=audit_log)
    if as_json:
        print_json(result.payload)
    else:
        stderr.print(result.summary())
        if result.output is not None:
            stderr.print(f"→ {result.output}")
    return result


def print_json(payload: Any) -> None:
    """JSON on stdout, UTF-8, nothing else there."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def inspect(
    file: FileArg,
    sheet: SheetOpt = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Show what xlcrm understood of a sheet: header row, columns and fields."""
    result = run_and_report(
        "inspect", ActionRequest(file, sheet=sheet), as_json=as_json, audit_log=audit_log
    )
    if not as_json:
        table = Table("列 Column", "表头 Header", "字段 Field")
        for column in result.payload["columns"]:
            table.add_row(column["column"], column["header"], column["field"] or "—")
        stderr.print(table)
    raise typer.Exit(result.exit_code)


@app.command()
def check(
    file: FileArg,
    sheet: SheetOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write a marked-up copy here (.xlsx/.xlsm).")
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Also write the unambiguous fixes into the copy.")
    ] = False,
    as_json: JsonOpt = False,
    dns: Annotated[
        bool, typer.Option("--dns", help="Also check that email domains can receive mail.")
    ] = False,
    asof: AsofOpt = None,
    audit_log: AuditOpt = None,
) -> None:
    """Check entries: phones, emails, dates, amounts, types and required fields.

    Exit status 0 when clean, 1 when problems were found, 2 on error. The original file is
    never changed: --out (or --fix) writes a copy with problem cells marked.
    """
    options = {"fix": fix, "dns": dns, "asof": parse_asof(asof)}
    request = ActionRequest(file, sheet=sheet, out=out, options=options)
    result = run_and_report("check", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


def parse_asof(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise XlcrmError(
            f"--asof 的日期“{text}”无效，请写成 YYYY-MM-DD。"
            f" --asof must be a date written as YYYY-MM-DD, not '{text}'."
        ) from None


@app.command()
def tier(
    file: FileArg,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write a copy with the tier columns here.")
    ] = None,
    as_json: JsonOpt = False,
    audit_log: AuditOpt = None,
) -> None:
    """Tier customers: RFM scores, segment, value tier 高/中/低, activity 活跃/一般/沉睡."""
    request = ActionRequest(file, sheet=sheet, out=out, options={"asof": parse_asof(asof)})
    result = run_and_report("tier", request, as_json=as_json, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def summary(
    file: FileArg,
    sheet: SheetOpt = None,
    asof: AsofOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the copy (default NAME.summary.xlsx)."),
    ] = None,
    audit_log: AuditOpt = None,
) -> None:
    """Summary sheet (汇总): customers and amounts by region, tier, owner, type, segment."""
    request = ActionRequest(file, sheet=sheet, out=out, options={"asof": parse_asof(asof)})
    result = run_and_report("summary", request, as_json=False, audit_log=audit_log)
    raise typer.Exit(result.exit_code)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to copy the templates into.")] = Path(
        "."
    ),
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Regenerate the committed templates (developers).")
    ] = False,
) -> None:
    """Copy the customer templates (客户信息表.xlsx, customers.xlsx) out, ready to fill."""
    from xlcrm.io.templates import build as templates

    if rebuild:
        written = templates.rebuild_templates()
        for path in written:
            stderr.print(f"重新生成 rebuilt: {path}")
        return
    if directory.exists() and not directory.is_dir():
        raise XlcrmError(f"“{directory}”不是文件夹。 {directory} is not a folder.")
    written = templates.copy_templates(directory)
    for path in written:
        stderr.print(f"已复制 copied: {path}")
    if not written:
        stderr.print(
            "模板已存在，未覆盖。 The templates are already there; nothing was overwritten."
        )


@app.command()
def demo(
    rows: Annotated[int, typer.Option("--rows", min=10, help="Records to generate.")] = 500,
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo files.")] = Path(
        "demo_out"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 7,
) -> None:
    """Make a messy sample workbook and run every action on it."""
    from xlcrm.cli.demo import run_demo

    report = run_demo(rows=rows, out=out, seed=seed, console=stderr)
    raise typer.Exit(0 if report.ok else 1)


@audit_app.command("show")
def audit_show(
    path: Annotated[Path | None, typer.Argument(help="The log file or its folder.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the audit log's entries."""
    log = audit.resolve_log_path(path)
    entries = audit.read_entries(log)
    if as_json:
        print_json(entries)
        return
    table = Table(*audit.show_columns("zh"), title=str(log))
    for row in audit.format_entries(entries):
        table.add_row(*row)
    stdout.print(table)


@audit_app.command("verify")
def audit_verify(
    path: Annotated[Path | None, typer.Argument(help="The log file or its folder.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check that no audit entry was edited, removed or reordered (exit 1 if one was)."""
    log = audit.resolve_log_path(path)
    result = audit.verify(log)
    if as_json:
        print_json(
            {
                "log": str(log),
                "ok": result.ok,
                "entries": result.entries,
                "first_bad_line": result.first_bad_line,
                "reason": result.reason,
            }
        )
    elif result.ok:
        stderr.print(
            f"审计日志完好：{result.entries} 条记录。 Audit log intact: {result.entries} entries."
        )
    else:
        stderr.print(f"审计日志被改动 / tampered: {result.reason}")
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def version() -> None:
    """Print the xlcrm version."""
    from importlib.metadata import version as package_version

    stdout.print(package_version("xlcrm"))


# The commands of later features live in their own modules; importing them adds them to app.
from xlcrm.cli import (  # noqa: E402, F401
    addin,
    crypto,
    dedupe,
    monthly,
    retention,
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
