"""The registry of user actions: one entry per button, command and demo step.

An action is data: a name, a label and a help line in Chinese and English, the ribbon
group it belongs to, an icon, the type of its options, and the function that runs it on a
file. The command line, the Excel ribbon (which sends the action's name as the button
tag) and ``xlcrm demo`` all look actions up here, so adding an action is one
:func:`register` call, not new wiring in three places.

Each action declares its options as a frozen dataclass derived from :class:`Options`
(``CheckSheetOptions(fix=True)``, ``TierOptions(asof=...)``): the command line builds it
and mypy checks it; the ribbon runs an action with ``action.options_type()``, its
defaults. An action without options takes :class:`Options` itself. The names follow the
action (``TierOptions``, ``DedupeOptions``); where core or io already use that name for
their own settings (``CheckOptions``, ``DistributeOptions``, ``CollectOptions``), the
action's says what it runs on instead (``CheckSheetOptions``, ``DistributeWorkbookOptions``,
``CollectFolderOptions``).

:func:`run_action` is the one way to run an action: it calls the function and then
appends the audit line, so no action can forget it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from xlcrm.audit import log as audit
from xlcrm.errors import SettingsError, XlcrmError
from xlcrm.progress import Progress, no_progress
from xlcrm.settings import SPEC_BY_KEY
from xlcrm.text import Text

NO_TEXT = Text("", "")

GROUPS: dict[str, Text] = {
    "clean": Text("清理", "Clean"),
    "analyse": Text("分析", "Analyse"),
    "secure": Text("安全", "Security"),
    "monthly": Text("月度", "Monthly"),
    "tools": Text("工具", "Tools"),
}

# The modules whose import registers actions, in ribbon order.
ACTION_MODULES = (
    "xlcrm.actions.inspect",
    "xlcrm.actions.check",
    "xlcrm.actions.tiers",
    "xlcrm.actions.summary",
    "xlcrm.actions.dedupe",
    "xlcrm.actions.crypto",
    "xlcrm.actions.retention",
    "xlcrm.actions.monthly",
    "xlcrm.actions.diff",  # 对比 Diff: two months compared (command line and demo)
    "xlcrm.actions.undo",  # 撤销 Undo: restores the newest backup (the ribbon's last button)
)


@dataclass(frozen=True)
class Options:
    """The options of an action that has none; the base of every action's options."""


@dataclass(frozen=True)
class AsofOptions(Options):
    """Options of an action that counts days: ``asof`` is the day that counts as today."""

    asof: dt.date | None = None

    @property
    def today(self) -> dt.date:
        """``asof`` when given, else today."""
        return self.asof if self.asof is not None else dt.date.today()


OptionsT = TypeVar("OptionsT", bound=Options)


@dataclass(frozen=True)
class ActionRequest(Generic[OptionsT]):
    """What the user asked for: the file, the action's options, the sheet, where to write."""

    path: Path
    options: OptionsT
    sheet: str | None = None
    out: Path | None = None
    password: str | None = field(default=None, repr=False)
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
    summary: Text = NO_TEXT

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    @property
    def text(self) -> str:
        """The summary in the workbook's language: what the command line and the ribbon say."""
        return self.summary(self.language)


@dataclass(frozen=True)
class Action(Generic[OptionsT]):
    """A user action: its name (the ribbon tag and command), labels, and how to run it."""

    name: str
    label: Text
    group: str
    run: Callable[[ActionRequest[OptionsT]], ActionResult]
    options_type: type[OptionsT]
    help: Text = NO_TEXT
    image_mso: str = "HappyFace"
    changes_data: bool = False  # needs a backup and confirmation before it runs in place
    ribbon: bool = True
    demo_options: OptionsT | None = None  # what ``xlcrm demo`` runs it with (default: the defaults)
    demo_input: str | None = None  # ``xlcrm demo`` runs it on this earlier action's output
    demo_password: str | None = field(default=None, repr=False)  # the demo input's password

    def default_options(self) -> OptionsT:
        """The options the ribbon runs the action with."""
        return self.options_type()


_REGISTRY: dict[str, Action[Any]] = {}


def register(action: Action[OptionsT]) -> Action[OptionsT]:
    """Add an action; names are unique because they are the ribbon tags."""
    if action.group not in GROUPS:
        raise ValueError(f"unknown group {action.group!r} for action {action.name!r}")
    if action.name in _REGISTRY and _REGISTRY[action.name] != action:
        raise ValueError(f"action {action.name!r} is already registered")
    _REGISTRY[action.name] = action
    return action


def actions() -> list[Action[Any]]:
    """Every registered action, in ribbon order (the order of :data:`ACTION_MODULES`)."""
    _load_builtin_actions()
    rank = {module: index for index, module in enumerate(ACTION_MODULES)}
    return sorted(_REGISTRY.values(), key=lambda a: rank.get(a.run.__module__, len(rank)))


def get_action(name: str) -> Action[Any]:
    """The registered action called ``name``, or an XlcrmError that says there is none."""
    _load_builtin_actions()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise XlcrmError("no_such_action", name=name) from None


def run_action(
    action: str | Action[OptionsT],
    request: ActionRequest[OptionsT],
    *,
    audit_log: Path | None = None,
) -> ActionResult:
    """Run an action and append its audit line (to ``audit_log`` or beside the workbook)."""
    found = get_action(action) if isinstance(action, str) else action
    if type(request.options) is not found.options_type:
        raise TypeError(
            f"action {found.name!r} takes {found.options_type.__name__},"
            f" not {type(request.options).__name__}"
        )
    before = audit.sha256_if_file(request.path)  # before: an action may rewrite the file
    result = found.run(request)
    log = audit.resolve_log_path(audit_log, workbook=request.path)
    audit.append_entry(
        log,
        action=found.name,
        file=request.path,
        sheet=result.sheet,
        counts=result.counts,
        output=result.output,
        input_sha256=before,
    )
    return result


def setting_option(option: str, key: str, value: object) -> Any:
    """An option that overrides a setting, checked by that setting's spec (one check only).

    Out of the setting's range, the sentence names the option the user typed.
    """
    spec = SPEC_BY_KEY[key]
    try:
        return spec.parse(value)
    except SettingsError:
        if spec.minimum is None or spec.maximum is None:
            raise
        raise SettingsError(
            "option_out_of_range",
            option=option,
            low=f"{spec.minimum:g}",
            high=f"{spec.maximum:g}",
            value=value,
        ) from None


def setting_default(key: str) -> Any:
    """A setting's default, for an option that falls back to it when the file gives none."""
    return SPEC_BY_KEY[key].default


def _load_builtin_actions() -> None:
    # Imported here, not at the top: the action modules import this one to register.
    for module in ACTION_MODULES:
        importlib.import_module(module)
