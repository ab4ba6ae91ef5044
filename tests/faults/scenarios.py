"""The in-place commands the fault tests break, and what "before" and "after" mean for each.

A :class:`Scenario` makes a fresh folder with its workbook (and whatever else the command
needs: rules, a backup to undo), gives the job that runs the command, and reads the
workbook's *state*: what must be either exactly as before or exactly as after a run that
was not broken. :func:`check_files` and :func:`check_records` are the checks every broken
run must pass.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile
from typer.testing import CliRunner

from tests.actions.test_retention import RULES as RETENTION_RULES
from tests.faults.harness import Job, Outcome, cli, readable_text, run, snapshot, temp_files
from xlcrm.actions.registry import ActionRequest, Options, get_action, run_action
from xlcrm.audit import log as audit
from xlcrm.audit import runs
from xlcrm.cli.app import app
from xlcrm.core.crypto.tokens import is_token
from xlcrm.errors import XlcrmError
from xlcrm.io.anchors import folder_anchors
from xlcrm.io.backup import list_backups
from xlcrm.io.passwords import decrypted, is_encrypted
from xlcrm.io.retention.records import destruction_log_path
from xlcrm.io.written import written_files

PASSWORD, PASSPHRASE = "pw", "口令 fault"
HEADER = ["客户编号", "姓名", "客户类型", "手机", "邮箱", "最近购买日期", "创建日期", "营销授权"]
PEOPLE = [
    ["C0001", "张三", "个人", "13800138001", "zhang@qq.com", dt.datetime(2025, 5, 1), dt.datetime(2020, 1, 1), "是"],
    ["C0007", "李四", "个人", "13800138002", "li@qq.com", None, dt.datetime(2019, 1, 1), "是"],
    ["C0042", "王五", "个人", "13800138003", "wang@qq.com", dt.datetime(2024, 1, 1), dt.datetime(2019, 1, 1), "是"],
    ["C0100", "赵六", "潜在", "13800138004", "zhao@qq.com", None, dt.datetime(2018, 1, 1), "是"],
    ["C0101", "钱七", "企业", "13800138005", "qian@qq.com", dt.datetime(2023, 6, 1), dt.datetime(2018, 1, 1), "否"],
    ["C0102", "陈伟", "个人", "13800138000", "chenwei@example.cn", None, dt.datetime(2018, 1, 1), "是"],
    ["C0103", "陳偉", "个人", "138 0013 8000", "ChenWei@Example.cn", None, dt.datetime(2018, 2, 1), "是"],
]  # fmt: skip  # C0102 and C0103 are one customer: merge folds them
# the retention tests' archive, anonymise and destroy rules (no hold), destroying C0007
RULES = "[[rules]]".join(RETENTION_RULES.split("[[rules]]")[:4]).replace(
    '["C0007", "C0042"]', '["C0007"]'
)
ENCRYPTED = ["13800138001", "13800138002", "13800138003", "13800138004", "13800138005",
             "13800138000", "zhang@qq.com", "li@qq.com", "wang@qq.com", "zhao@qq.com",
             "qian@qq.com", "chenwei@example.cn", "ChenWei@Example.cn"]  # fmt: skip
NAMES = ["张三", "李四", "王五", "赵六", "钱七", "陈伟", "陳偉"]


def write_book(path: Path, password: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "客户"
    ws.append(HEADER)
    for person in PEOPLE:
        ws.append(person)
    plain = io.BytesIO()
    workbook.save(plain)
    if password is None:
        path.write_bytes(plain.getvalue())
    else:
        plain.seek(0)
        with path.open("wb") as out:
            OOXMLFile(plain).encrypt(password, out)
    return path


@dataclass
class Scenario:
    """One in-place command: how to set it up, run it, and read its workbook's state."""

    name: str
    args: Callable[[Path], list[str]]
    env: dict[str, str] = field(default_factory=lambda: {"XLCRM_PASSWORD": PASSWORD})
    password: str | None = None  # the workbook's own file password
    needles: list[str] = field(default_factory=list)  # plaintext no new file may hold
    prepare: Callable[[Path], None] | None = None
    call: Callable[[Path], Callable[[], int | None]] | None = None

    def make(self, folder: Path) -> Path:
        folder.mkdir(parents=True)
        book = write_book(folder / "book.xlsx", self.password)
        (folder / "rules.toml").write_text(RULES, encoding="utf-8")
        if self.prepare is not None:
            self.prepare(book)
        return book

    def job(self, book: Path, **faults: Any) -> Job:
        call = self.call(book) if self.call is not None else cli(*self.args(book))
        env = {"XLCRM_PASSPHRASE": PASSPHRASE, **self.env}
        return Job(call, book.parent, env, **faults)

    def state(self, book: Path) -> object:
        """The workbook's content as compared: every sheet's values, tokens as one mark.

        Raises when the workbook does not open.
        """
        data: Any = book
        if self.password is not None:
            data = decrypted(book, self.password)
        workbook = openpyxl.load_workbook(data)
        return {
            ws.title: [
                tuple("<token>" if is_token(v) else v for v in row)
                for row in ws.iter_rows(values_only=True)
            ]
            for ws in workbook.worksheets
            if ws.title != "销毁记录"  # it holds the time of the run
        }


def _undo_prepare(book: Path) -> None:
    """An earlier in-place merge, so there is a (recorded) backup to undo."""
    result = CliRunner().invoke(app, ["merge", str(book), "--auto", "--out", str(book)])
    assert result.exit_code == 0, result.output


def _undo_call(book: Path) -> Callable[[], int | None]:
    """Undo as the ribbon runs it (there is no undo command): an error is one sentence."""

    def call() -> int | None:
        try:
            run_action(get_action("undo"), ActionRequest(book, Options()))
        except XlcrmError as error:
            print(f"xlcrm: {error}", file=sys.stderr)
            return 2
        return 0

    return call


SCENARIOS = {
    "retention": Scenario(
        "retention",
        lambda b: [
            "retention",
            str(b),
            "--rules",
            "rules.toml",
            "--apply",
            "--in-place",
            "--asof",
            "2026-01-01",
        ],
    ),
    "encrypt": Scenario(
        "encrypt",
        lambda b: ["encrypt", str(b), "--columns", "phone,email", "--out", str(b)],
        needles=ENCRYPTED,
    ),
    "encrypt-protected": Scenario(
        "encrypt-protected",
        lambda b: ["encrypt", str(b), "--columns", "phone,email", "--out", str(b)],
        password=PASSWORD,
        needles=[*ENCRYPTED, *NAMES],  # the whole workbook is secret: nothing in clear
    ),
    "merge": Scenario("merge", lambda b: ["merge", str(b), "--auto", "--out", str(b)]),
    "undo": Scenario("undo", lambda b: [], prepare=_undo_prepare, call=_undo_call),
}


# -- the checks every broken run must pass ------------------------------------------------


@dataclass
class Prepared:
    """A fresh folder for one broken run, and what it was like before."""

    book: Path
    entries: int  # audit entries before the run
    temp: Path  # the run's temporary folder
    kept: dict[Path, str]  # every file and its hash before the run


@dataclass
class Reference:
    """A clean run: the workbook's state before and after, and how the run went."""

    before: object
    after: object
    clean: Outcome


def reference(scenario: Scenario, folder: Path) -> Reference:
    """Run the scenario once, unbroken, in ``folder``."""
    book = scenario.make(folder)
    before = scenario.state(book)
    clean = run(scenario.job(book))
    assert clean.status in (0, 1), clean.stderr
    return Reference(before, scenario.state(book), clean)


def prepare(scenario: Scenario, folder: Path) -> Prepared:
    """The scenario's folder made afresh at ``folder``, and a snapshot of it."""
    book = scenario.make(folder)
    log = audit.default_log_path(book)
    temp = folder.parent / f"tmp-{folder.name}"
    temp.mkdir()
    entries = len(audit.read_entries(log)) if log.exists() else 0
    return Prepared(book, entries, temp, snapshot(folder, temp))


def check_files(
    scenario: Scenario, book: Path, before: object, after: object, new: list[Path]
) -> object:
    """The workbook opens and is before or after; backups are whole; no plaintext leaked.

    Returns the state found.
    """
    state = scenario.state(book)
    assert state in (before, after), f"{scenario.name}: the workbook is neither before nor after"
    for backup in list_backups(book):
        assert _backup_opens(backup), f"{backup.name} is not a whole backup"
    for path in new:
        text = readable_text(path)
        leaked = [n for n in scenario.needles if n in text]
        assert not leaked, f"{path} holds plaintext {leaked[:3]}"
    return state


def _backup_opens(backup: Path) -> bool:
    if is_encrypted(backup):
        for secret in (PASSWORD, PASSPHRASE):
            try:
                openpyxl.load_workbook(decrypted(backup, secret))
                return True
            except Exception:
                continue
        return False
    try:
        openpyxl.load_workbook(backup)
        return True
    except Exception:
        return False


def check_records(
    book: Path, changed: bool, entries_before: int, password: str | None = None
) -> None:
    """The audit log (and destruction log) verify and say what happened to the workbook,
    once the next run has recorded what became of a killed one."""
    log = audit.default_log_path(book)
    _verified(log)
    mine = audit.read_entries(log)[entries_before:] if log.exists() else []
    if changed:
        assert any(e.get("status") == "pending" for e in mine), "a change with no record first"
    assert changed or not any(e.get("status") == "done" for e in mine), "a record of no change"
    recovery = CliRunner().invoke(app, ["inspect", str(book)], env={"XLCRM_PASSWORD": PASSWORD})
    assert recovery.exit_code == 0, recovery.output
    _verified(log)
    assert runs.unfinished(log, book) == []
    mine = audit.read_entries(log)[entries_before:]
    ends = {e["completes"]: e for e in mine if isinstance(e.get("completes"), int)}
    for pending in (e for e in mine if e.get("status") == "pending"):
        end = ends[pending["seq"]]
        if end["status"] in ("interrupted", "failed"):
            assert end["details"]["changed"] is changed, end
        else:
            assert end["status"] == "done" and changed, end
    assert temp_files(book.parent) == [], "a killed run's temporary files were not swept"
    _check_destruction(book, password)
    _check_manifest(book)


def _verified(log: Path) -> None:
    if log.exists():
        result = audit.verify(log, runs.anchors_of(log, folder_anchors(log)))
        assert result.ok, result.reason


def _check_destruction(book: Path, password: str | None) -> None:
    """A destroyed customer is gone from the workbook exactly when a record says so."""
    log = destruction_log_path(book)
    entries = audit.read_entries(log) if log.exists() else []
    if not entries:
        destroyed = False
    else:
        _verified(log)
        recover = CliRunner().invoke(
            app, ["retention", str(book), "--rules", "rules.toml", "--asof", "2026-01-01"],
            env={"XLCRM_PASSWORD": PASSWORD},
        )  # fmt: skip
        del recover  # a dry run: it only completes the records a killed run left
        ends = [e for e in audit.read_entries(log) if isinstance(e.get("completes"), int)]
        destroyed = any(
            e["status"] == "done" or (e["status"] != "done" and e["details"].get("changed"))
            for e in ends
        )
    data: Any = book if password is None else decrypted(book, password)
    ids = [row[0] for row in openpyxl.load_workbook(data).worksheets[0].iter_rows(values_only=True)]
    if log.exists() or "C0007" not in ids:
        assert ("C0007" not in ids) is destroyed, "the destruction record and the file disagree"


def _check_manifest(book: Path) -> None:
    """Every file xlcrm left in the folder is in the manifest of written files."""
    listed = {w.path.resolve() for w in written_files(book)}
    keep = {"audit.jsonl", "destruction_log.jsonl", "manifest.jsonl", "rules.toml"}
    for path in book.parent.rglob("*"):
        if path.is_file() and path.name not in keep and "locks" not in path.parts:
            if path.resolve() == book.resolve() or path.suffix not in (".xlsx", ".xlsm"):
                continue
            assert path.resolve() in listed, f"{path.name} is not in the manifest"


def state_json(state: object) -> str:
    return json.dumps(state, default=str, ensure_ascii=False)[:300]
