"""``xlcrm demo``: make a messy sample workbook and run every registered action on it.

The work is :func:`xlcrm.actions.demo.run_demo`; this module draws its progress and
prints its report: what was planted, a table of what each action did (the result in the
workbook's language), and whether the audit log is intact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from xlcrm.actions.demo import DemoReport, run_demo
from xlcrm.text import Text, message


def demo(
    rows: Annotated[
        int, typer.Option("--rows", metavar="N", min=10, help="Records to generate.")
    ] = 500,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for the demo files.")
    ] = Path("demo_out"),
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="Random seed (same seed, same data).")
    ] = 7,
) -> None:
    """Make a messy sample workbook and run every action on it."""
    from xlcrm.cli.options import stderr

    with stderr.status("") as status:
        report = run_demo(
            rows=rows, out=out, seed=seed, progress=lambda step, _done, _total: status.update(step)
        )
    print_report(report, stderr)
    raise typer.Exit(0 if report.ok else 1)


def print_report(report: DemoReport, console: Console) -> None:
    """What was planted, what each action did, and whether the audit log is intact."""
    label = message("demo_sample_workbook").both()
    console.print(f"{label}: [bold]{report.workbook}[/], {report.csv.name}")
    planted = ", ".join(
        f"{report.truth[key]} {words.both()}" for key, words in _planted_words().items()
    )
    console.print(f"{message('demo_planted').both()}: {planted} → {report.answer_key.name}")
    for path in report.templates:
        console.print(f"{message('demo_template').both()}: {path}")
    columns = ("demo_column_action", "demo_column_result", "demo_column_output")
    table = Table(*(message(code).both() for code in columns))
    for step in report.steps:
        if step.result is not None:
            output = str(step.result.output) if step.result.output else "—"
            table.add_row(step.label.both(), step.result.text, output)
        else:
            table.add_row(step.label.both(), f"[red]{step.error}[/]", "—")
    console.print(table)
    state = message("demo_audit_intact" if report.audit_ok else "demo_audit_tampered").both()
    if not report.audit_ok:
        state = f"[red]{state}[/]"
    entries = message("demo_audit_entries").both()
    log = message("demo_audit_log").both()
    console.print(f"{log}: {report.audit_log} — {report.audit_entries} {entries}, {state}")


def _planted_words() -> dict[str, Text]:
    """What the answer key counts, each with the words that follow its number."""
    return {
        "records": message("demo_records"),
        "duplicate_groups": message("demo_duplicate_groups"),
        "lookalike_pairs": message("demo_lookalike_pairs"),
        "rows_with_defects": message("demo_rows_with_defects"),
    }
