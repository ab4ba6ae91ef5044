"""The registry of user actions: one entry per button, command and demo step.

An action is data: a name, labels in Chinese and English, the ribbon group it belongs
to, an icon, and the function that runs it on a file. The command line, the Excel ribbon
(which sends the action's name as the button tag) and ``xlcrm demo`` all look actions up
here, so adding an action is one :func:`register` call, not new wiring in three places.

:func:`run_action` is the one way to run an action: it calls the function and then
appends the audit line, so no action can forget it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlcrm.audit import log as audit
from xlcrm.errors import XlcrmError
from xlcrm.progress import Progress, no_progress

GROUPS: dict[str, tuple[str, str]] = {
    "clean": ("清理", "Clean"),
    "analyse": ("分析", "Analyse"),
    "secure": ("安全", "Security"),
    "monthly": ("月度", "Monthly"),
    "tools": ("工具", "Tools"),
}


@dataclass(frozen=True)
class ActionRequest:
    """What the user asked for: the file, the sheet, where to write, and options."""

    path: Path
    sheet: str | None = None
    out: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    password: str | None = None
    progress: Progress = no_progress


@dataclass
class ActionResult:
    """What an action did. ``payload`` is the --json output; ``problems`` means exit 1."""

    action: str
    file: Path
    sheet: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    output: Path | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    problems: bool = False
    language: str = "zh"  # the workbook's language: messages and new sheet names follow it
    summary_zh: str = ""
    summary_en: str = ""

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def summary(self) -> str:
        return self.summary_zh if self.language == "zh" else self.summary_en


Runner = Callable[[ActionRequest], ActionResult]


@dataclass(frozen=True)
class Action:
    name: str
    zh: str
    en: str
    group: str
    run: Runner
    help_zh: str = ""
    help_en: str = ""
    image_mso: str = "HappyFace"
    changes_data: bool = False  # needs a backup and confirmation before it runs in place
    ribbon: bool = True
    demo_options: tuple[tuple[str, Any], ...] = ()  # options ``xlcrm demo`` runs it with
    demo_input: str | None = None  # ``xlcrm demo`` runs it on this earlier action's output

    def label(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def help(self, language: str) -> str:
        return self.help_zh if language == "zh" else self.help_en


_REGISTRY: dict[str, Action] = {}


def register(action: Action) -> Action:
    """Add an action; names are unique because they are the ribbon tags."""
    if action.group not in GROUPS:
        raise ValueError(f"unknown group {action.group!r} for action {action.name!r}")
    if action.name in _REGISTRY and _REGISTRY[action.name] != action:
        raise ValueError(f"action {action.name!r} is already registered")
    _REGISTRY[action.name] = action
    return action


def actions() -> list[Action]:
    """Every registered action, in registration order."""
    _load_builtin_actions()
    return list(_REGISTRY.values())


def get_action(name: str) -> Action:
    _load_builtin_actions()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise XlcrmError("no_such_action", name=name) from None


def run_action(name: str, request: ActionRequest, *, audit_log: Path | None = None) -> ActionResult:
    """Run an action and append its audit line (to ``audit_log`` or beside the workbook)."""
    before = audit.sha256_if_file(request.path)  # before: an action may rewrite the file
    result = get_action(name).run(request)
    log = audit.resolve_log_path(audit_log, workbook=request.path)
    audit.append_entry(
        log,
        action=name,
        file=request.path,
        sheet=result.sheet,
        counts=result.counts,
        output=result.output,
        input_sha256=before,
    )
    return result


# The modules whose import registers actions, in ribbon order.
ACTION_MODULES = (
    "xlcrm.actions.check",
    "xlcrm.actions.dedupe",
    "xlcrm.actions.crypto",
    "xlcrm.actions.retention",
    "xlcrm.actions.monthly",
    "xlcrm.actions.undo",  # 撤销 Undo: restores the newest backup (the ribbon's last button)
)


def _load_builtin_actions() -> None:
    # Imported here, not at the top: the action modules import this one to register.
    import importlib

    for module in ACTION_MODULES:
        importlib.import_module(module)
