"""``xlcrm demo``: make a messy sample workbook and run every registered action on it.

The demo is also the end-to-end smoke test a new user runs first (``make demo``), so it
goes through the same :func:`xlcrm.actions.registry.run_action` path as the command line and
writes the same audit log.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, actions, run_action
from xlcrm.audit import log as audit
from xlcrm.errors import XlcrmError
from xlcrm.text import message

if TYPE_CHECKING:
    from xlcrm.sample.data import SampleData

DEMO_WORKBOOK = "客户台账_演示.xlsx"
DEMO_CSV = "客户台账_演示.csv"
ANSWER_KEY = "客户台账_演示.answers.json"


@dataclass
class DemoStep:
    action: str
    label: str
    result: ActionResult | None = None
    error: str | None = None


@dataclass
class DemoReport:
    out: Path
    workbook: Path
    csv: Path
    answer_key: Path
    truth: dict[str, int]
    templates: list[Path]
    steps: list[DemoStep] = field(default_factory=list)
    audit_ok: bool = False
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return self.audit_ok and all(step.error is None for step in self.steps)


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

    report = run_demo(rows=rows, out=out, seed=seed, console=stderr)
    raise typer.Exit(0 if report.ok else 1)


def run_demo(
    *, rows: int = 500, out: Path = Path("demo_out"), seed: int = 7, console: Console | None = None
) -> DemoReport:
    """Generate the sample data into ``out`` and run each action; print a summary."""
    from xlcrm.io.templates.build import copy_templates
    from xlcrm.sample.data import generate_customers, write_messy_csv, write_messy_workbook

    console = console or Console(stderr=True)
    out.mkdir(parents=True, exist_ok=True)
    with console.status(message("demo_generating", rows=rows).both()):
        data = generate_customers(rows, seed=seed)
        workbook = write_messy_workbook(data, out / DEMO_WORKBOOK)
        csv = write_messy_csv(data, out / DEMO_CSV, encoding="gb18030")
        answer_key, truth = write_answer_key(data, workbook, out / ANSWER_KEY)
    templates = copy_templates(out / "templates")
    report = DemoReport(out, workbook, csv, answer_key, truth, templates)
    log = audit.default_log_path(workbook)
    outputs: dict[str, Path] = {}
    for action in actions():
        step = DemoStep(action.name, action.label.both())
        with console.status(f"{step.label}…"):
            source = outputs.get(action.demo_input or "", workbook)
            request = _demo_request(action, source, workbook)
            try:
                step.result = run_action(action, request, audit_log=log)
                if step.result.output is not None:
                    outputs[action.name] = step.result.output
            except XlcrmError as error:
                step.error = str(error)
        report.steps.append(step)
    verdict = audit.verify(log)
    report.audit_ok, report.audit_entries = verdict.ok, verdict.entries
    _print_report(report, console)
    return report


def _demo_request(action: Action[Any], source: Path, workbook: Path) -> ActionRequest[Any]:
    """How the demo runs ``action`` on ``source``: its demo options, output beside the sample."""
    from xlcrm.io.writer import default_output_path

    options = action.demo_options if action.demo_options is not None else action.default_options()
    if getattr(options, "old", False) is None:  # an action that compares with an earlier file
        options = dataclasses.replace(options, old=workbook)  # compares with the sample
    out = default_output_path(workbook, action.name)
    return ActionRequest(source, options, out=out, password=action.demo_password)


def write_answer_key(data: SampleData, workbook: Path, path: Path) -> tuple[Path, dict[str, int]]:
    """What was planted in the sample, by Excel row: duplicates, look-alikes, defects.

    Later steps (check, dedupe) are measured against this file, so the demo shows not only
    what xlcrm found but what it should have found.
    """
    from xlcrm.io.reader import read_table

    rows = [int(r) for r in read_table(workbook).df.index]
    if len(rows) != len(data):  # pragma: no cover - the generator writes one row per record
        raise XlcrmError("sample_lost_rows")
    groups: dict[int, list[int]] = {}
    for row, entity in zip(rows, data.entity, strict=True):
        groups.setdefault(entity, []).append(row)
    duplicates = sorted(g for g in groups.values() if len(g) > 1)
    defects = {str(row): codes for row, codes in zip(rows, data.defects, strict=True) if codes}
    lookalikes = [[rows[a], rows[b]] for a, b in data.lookalike_pairs]
    key = {
        "workbook": workbook.name,
        "duplicate_groups": duplicates,
        "lookalike_pairs": lookalikes,
        "defects_by_row": defects,
        "defect_counts": dict(Counter(c for codes in data.defects for c in codes).most_common()),
    }
    path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    truth = {
        "records": len(rows),
        "duplicate_groups": len(duplicates),
        "lookalike_pairs": len(lookalikes),
        "rows_with_defects": len(defects),
    }
    return path, truth


def _print_report(report: DemoReport, console: Console) -> None:
    console.print(f"示例工作簿 sample workbook: [bold]{report.workbook}[/] (and {report.csv.name})")
    t = report.truth
    console.print(
        f"其中埋入 planted: {t['records']} 条记录 records, {t['duplicate_groups']} 组重复"
        f" duplicate groups, {t['lookalike_pairs']} 对相似但不同的客户 look-alike pairs,"
        f" {t['rows_with_defects']} 行含错误 rows with defects → {report.answer_key.name}"
    )
    for path in report.templates:
        console.print(f"模板 template: {path}")
    table = Table("操作 Action", "结果 Result", "输出 Output")
    for step in report.steps:
        if step.result is not None:
            output = str(step.result.output) if step.result.output else "—"
            table.add_row(step.label, step.result.text, output)
        else:
            table.add_row(step.label, f"[red]{step.error}[/]", "—")
    console.print(table)
    state = "完好 intact" if report.audit_ok else "[red]被改动 TAMPERED[/]"
    log = audit.default_log_path(report.workbook)
    console.print(f"审计日志 audit log: {log} — {report.audit_entries} 条 entries, {state}")
