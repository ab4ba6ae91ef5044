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

:func:`run_action` is the one way to run an action, and where the safety rules of every
action live, so no action can forget them (see :func:`run_action`): the audit log is
checked first and the change recorded before it happens, an in-place run holds the
workbook's lock and writes only over the workbook it read, every file written is in the
manifest, and an operating-system error becomes one sentence a user can act on.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from xlcrm.audit import anchor, runs
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
    "xlcrm.actions.lite",  # xlcrm lite init: the files of the xlwings Lite front end
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
        """``asof`` when given, else today (the one place actions read the clock for it)."""
        from xlcrm.core.values.dates import resolve_asof

        return resolve_asof(self.asof)


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
    details: dict[str, Any] = field(default_factory=dict)  # for the audit line: no cell values

    @property
    def exit_code(self) -> int:
        """1 when problems were found, else 0 (errors exit 2 before a result exists)."""
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
    # Whether a request changes the input workbook itself (or files made from it, such as
    # retention's backups): such a run holds the workbook's lock. Default: --out is FILE.
    writes_input: Callable[[ActionRequest[OptionsT]], bool] = field(
        default=lambda request: out_is_input(request), repr=False, compare=False
    )

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


def out_is_input(request: ActionRequest[Any]) -> bool:
    """Whether ``--out`` names the input itself (the change is made in place)."""
    return request.out is not None and request.out.resolve() == request.path.resolve()


def run_action(
    action: str | Action[OptionsT],
    request: ActionRequest[OptionsT],
    *,
    audit_log: Path | None = None,
) -> ActionResult:
    """Run an action under the rules that keep records true (the audit line included).

    * The audit log (``audit_log``, else beside the workbook) must take entries before
      anything runs; a run that changes the workbook in place needs it to verify whole.
    * A run that writes files records a ``pending`` entry before its first file appears
      (or before an in-place workbook is built, which carries that entry as its anchor)
      and completes it afterwards (:mod:`xlcrm.audit.runs`); a read-only run appends one
      entry at the end, and a run that fails before writing anything appends none.
    * An in-place run (:attr:`Action.writes_input`) holds the workbook's lock from before
      it reads the file, so other xlcrm runs wait, Excel's open file is refused, and the
      file is replaced only if nobody saved it meanwhile (:mod:`xlcrm.io.lock`).
    * Files written go to the manifest beside the workbook (:mod:`xlcrm.io.written`);
      temporary files a killed run left there are swept first.
    """
    found = get_action(action) if isinstance(action, str) else action
    if type(request.options) is not found.options_type:
        raise TypeError(
            f"action {found.name!r} takes {found.options_type.__name__},"
            f" not {type(request.options).__name__}"
        )
    from xlcrm.errors import os_error

    log = audit.resolve_log_path(audit_log, workbook=request.path)
    try:
        return _run_recorded(found, request, log)
    except OSError as error:  # a full disk, a read-only folder: one sentence, not a bug
        raise os_error(error) from None


def _run_recorded(found: Action[Any], request: ActionRequest[Any], log: Path) -> ActionResult:
    from xlcrm.io.lock import lock_workbook
    from xlcrm.io.writer import sweep_stale_files
    from xlcrm.io.written import recording

    sweep_stale_files(request.path)
    runs.check_writable(log)
    if not found.writes_input(request):
        run = _Run(found, request, log, audit.sha256_if_file(request.path))
        runs.recover(log, request.path, current_sha256=run.before, running=_running)
        with recording(request.path, found.name, before_first=run.begin):
            return run.complete(run.attempt())
    with lock_workbook(request.path, action=found.name) as lock:
        before = lock.fingerprint.sha256 if lock.fingerprint is not None else None
        run = _Run(found, request, log, before)
        runs.check_intact(log, _workbook_anchors(request, log))
        runs.recover(log, request.path, current_sha256=before, running=_running)
        lock.stamp = lambda: anchor.property_value(log, request.path, run.begin())
        with recording(request.path, found.name, before_first=run.begin):
            return run.complete(run.attempt())


@dataclass
class _Run:
    """One run's audit entries: pending (once something is written), then its completion."""

    action: Action[Any]
    request: ActionRequest[Any]
    log: Path
    before: str | None  # the input's SHA-256 before the run
    pending: dict[str, Any] | None = None

    def begin(self) -> dict[str, Any]:
        """The pending entry, appended the first time something is about to be written."""
        if self.pending is None:
            self.pending = runs.begin(
                self.log, action=self.action.name, file=self.request.path, input_sha256=self.before
            )
        return self.pending

    def attempt(self) -> ActionResult:
        from xlcrm.errors import os_error

        try:
            return self.action.run(self.request)
        except OSError as error:  # a full disk, a read-only folder: one sentence, not a bug
            self.fail(type(error).__name__)
            raise os_error(error) from None
        except XlcrmError as error:
            self.fail(error.code)
            raise
        except Exception as error:
            self.fail(type(error).__name__)
            raise

    def fail(self, reason: str) -> None:
        """Complete the pending entry as failed, saying whether the workbook changed anyway
        (a step after the workbook was written may be what failed)."""
        if self.pending is not None:
            from xlcrm.io.lock import held

            lock = held(self.request.path)  # in place: did this run replace the workbook?
            changed = lock is not None and lock.commits > 0
            details = {"error": reason, "changed": changed}
            runs.finish(self.log, self.pending, status=runs.FAILED, details=details)

    def complete(self, result: ActionResult) -> ActionResult:
        fields: dict[str, Any] = {
            "sheet": result.sheet,
            "counts": result.counts,
            "output": result.output,
            "details": result.details,
            "input_sha256": self.before,
        }
        if self.pending is None:
            audit.append_entry(self.log, action=self.action.name, file=self.request.path, **fields)
        else:
            runs.finish(self.log, self.pending, **fields)
        return result


def _workbook_anchors(request: ActionRequest[Any], log: Path) -> list[anchor.Anchor]:
    """The anchor of ``log`` the workbook itself carries (none for a CSV or a locked file)."""
    from xlcrm.io.anchors import workbook_anchor

    found = workbook_anchor(request.path, log)
    return [] if found is None else [found]


def _running(host: str, pid: int) -> bool:
    """Whether the process that wrote a pending entry may still run (elsewhere: assume so)."""
    from xlcrm.io.lock import pid_running

    return pid_running(host, pid)


def output_beside(path: Path, action: str) -> Path:
    """Where an action's copy goes without --out: ``NAME.<action>.xlsx`` (or .xlsm) beside it."""
    from xlcrm.io.writer import default_output_path

    return default_output_path(path, action)


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
