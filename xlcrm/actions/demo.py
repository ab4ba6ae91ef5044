"""The demo: make a messy sample workbook and run every registered action on it.

The demo is also the end-to-end smoke test a new user runs first (``make demo``), so it
goes through the same :func:`xlcrm.actions.registry.run_action` path as the command line
and writes the same audit log. :func:`run_demo` does the work and returns a
:class:`DemoReport`; ``xlcrm demo`` prints it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlcrm.actions.registry import (
    Action,
    ActionRequest,
    ActionResult,
    actions,
    output_beside,
    run_action,
)
from xlcrm.audit import log as audit
from xlcrm.errors import XlcrmError
from xlcrm.progress import Progress, no_progress, step_label
from xlcrm.text import Text, message

if TYPE_CHECKING:
    from xlcrm.sample.data import SampleData

DEMO_WORKBOOK = "客户台账_演示.xlsx"
DEMO_CSV = "客户台账_演示.csv"
ANSWER_KEY = "客户台账_演示.answers.json"


@dataclass
class DemoStep:
    """One action run on the sample: what it did, or the error that stopped it."""

    action: str
    label: Text
    result: ActionResult | None = None
    error: Text | None = None


@dataclass
class DemoReport:
    """What the demo wrote and what each action did; ``ok`` when all ran and the log holds."""

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
    def audit_log(self) -> Path:
        """The audit log the demo's actions append to (beside the sample)."""
        return audit.default_log_path(self.workbook)

    @property
    def ok(self) -> bool:
        """Every action ran without error and the audit log verifies."""
        return self.audit_ok and all(step.error is None for step in self.steps)


def run_demo(
    *,
    rows: int = 500,
    out: Path = Path("demo_out"),
    seed: int = 7,
    progress: Progress = no_progress,
) -> DemoReport:
    """Generate the sample data into ``out``, copy the templates there, run each action."""
    from xlcrm.actions.templates import copy_templates
    from xlcrm.sample.data import generate_customers, write_messy_csv, write_messy_workbook

    todo = actions()
    out.mkdir(parents=True, exist_ok=True)
    progress(step_label(message("demo_generating", rows=rows)), 0, len(todo))
    data = generate_customers(rows, seed=seed)
    workbook = write_messy_workbook(data, out / DEMO_WORKBOOK)
    csv = write_messy_csv(data, out / DEMO_CSV, encoding="gb18030")
    answer_key, truth = write_answer_key(data, workbook, out / ANSWER_KEY)
    templates = copy_templates(out / "templates")
    report = DemoReport(out, workbook, csv, answer_key, truth, templates)
    outputs: dict[str, Path] = {}
    for done, action in enumerate(todo):
        progress(step_label(action.label), done, len(todo))
        step = DemoStep(action.name, action.label)
        source = outputs.get(action.demo_input or "", workbook)
        try:
            step.result = run_action(
                action, _demo_request(action, source, workbook), audit_log=report.audit_log
            )
        except XlcrmError as error:
            step.error = error.text
        else:
            if step.result.output is not None:
                outputs[action.name] = step.result.output
        report.steps.append(step)
    verdict = audit.verify(report.audit_log)
    report.audit_ok, report.audit_entries = verdict.ok, verdict.entries
    return report


def _demo_request(action: Action[Any], source: Path, workbook: Path) -> ActionRequest[Any]:
    """How the demo runs ``action`` on ``source``: its demo options, output beside the sample."""
    options = action.demo_options if action.demo_options is not None else action.default_options()
    if getattr(options, "old", False) is None:  # an action that compares with an earlier file
        options = dataclasses.replace(options, old=workbook)  # compares with the sample
    out = output_beside(workbook, action.name)
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
    from xlcrm.sample.answers import answer_key

    key = answer_key(data, rows, workbook.name)
    path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    truth = {
        "records": len(rows),
        "duplicate_groups": len(key["duplicate_groups"]),
        "lookalike_pairs": len(key["lookalike_pairs"]),
        "rows_with_defects": len(key["defects_by_row"]),
    }
    return path, truth
