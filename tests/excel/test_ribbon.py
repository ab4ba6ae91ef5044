"""The live adapter on a fake workbook that behaves like xlwings' Book/Sheet/Range/App.

The fake implements exactly the xlwings calls :mod:`xlcrm.excel.live` documents and logs
every read and write of cell values, so the tests can check that the adapter reads each
sheet in one call and writes each range in one call, never cell by cell.
Its ``app.api.InputBox`` answers password boxes from a list (None: Cancel) and records
the prompts, so the password tests can check what was asked and that nothing ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xlcrm.actions import roundtrip
from xlcrm.actions.check import CheckSheetOptions
from xlcrm.actions.crypto import DecryptOptions
from xlcrm.actions.registry import ActionRequest, Options, get_action
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.excel import live, ribbon
from xlcrm.excel.ribbon.tags import ribbon_actions
from xlcrm.excel.undo_sheet import UNDO_SHEET

Cell = tuple[Any, str]  # (value, formula text) as Excel keeps them


class FakeExcelApi:
    """``app.api``: Excel's Application object; only InputBox is modelled."""

    def __init__(self, app: FakeApp) -> None:
        self.app = app

    # Excel's own names: Application.InputBox(Prompt, Title, Default, ..., Type).
    def InputBox(self, prompt: str, title: str = "", default: str = "", Type: int = 0) -> Any:
        assert Type == 2, "text input boxes only"
        self.app.input_prompts.append(prompt)
        typed = self.app.typed.pop(0) if self.app.typed else None
        return False if typed is None else typed  # Excel gives False on Cancel


class FakeApp:
    def __init__(self, answers: list[str] | None = None, typed: list[str | None] | None = None):
        self.screen_updating = True
        self.calculation = "automatic"
        self.status_history: list[Any] = []
        self.alerts: list[tuple[str, str, str]] = []  # (prompt, buttons, mode)
        self.answers = answers or []
        self.typed = list(typed or [])  # what the user types in input boxes; None: Cancel
        self.input_prompts: list[str] = []
        self.paused_during_reads: list[bool] = []
        self.api = FakeExcelApi(self)

    @property
    def status_bar(self) -> Any:
        return self.status_history[-1] if self.status_history else False

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self.status_history.append(value)

    def alert(self, prompt: str, title: str = "", buttons: str = "ok", mode: str = "") -> str:
        self.alerts.append((prompt, buttons, mode))
        return self.answers.pop(0) if buttons != "ok" and self.answers else "ok"


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: tuple[int, int], last: tuple[int, int]) -> None:
        self.sheet, self.first, self.last = sheet, first, last
        self.row, self.column = first

    @property
    def last_cell(self) -> FakeRange:
        return FakeRange(self.sheet, self.last, self.last)

    @property
    def shape(self) -> tuple[int, int]:
        return self.last[0] - self.first[0] + 1, self.last[1] - self.first[1] + 1

    def options(self, ndim: int = 2) -> FakeRange:
        assert ndim == 2
        return self

    def _cells(self) -> list[list[Cell]]:
        (r1, c1), (r2, c2) = self.first, self.last
        return [
            [self.sheet.cells.get((r, c), (None, "")) for c in range(c1, c2 + 1)]
            for r in range(r1, r2 + 1)
        ]

    @property
    def value(self) -> list[list[Any]]:
        self.sheet.book.log.append(("read", self.sheet.name, self.shape))
        self.sheet.book.app.paused_during_reads.append(not self.sheet.book.app.screen_updating)
        return [[v for v, _ in row] for row in self._cells()]

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        assert isinstance(rows, list) and all(isinstance(r, list) for r in rows)
        assert (len(rows), len(rows[0])) == self.shape, "a block must fill its range"
        self.sheet.book.log.append(("write", self.sheet.name, self.shape))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.sheet.put(self.first[0] + i, self.first[1] + j, value)

    @property
    def formula(self) -> tuple[tuple[str, ...], ...]:
        self.sheet.book.log.append(("formula", self.sheet.name, self.shape))
        return tuple(tuple(f for _, f in row) for row in self._cells())


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.cells: dict[tuple[int, int], Cell] = {}
        self.visible = True

    def put(self, row: int, column: int, value: Any) -> None:
        """What Excel does with a value written through Range.value."""
        if value is None:
            self.cells.pop((row, column), None)
        elif isinstance(value, str) and value.startswith("'"):
            self.cells[(row, column)] = (value[1:], value[1:])
        elif isinstance(value, str) and value.startswith("="):
            self.cells[(row, column)] = (0.0, value)  # a formula; its result is not modelled
        elif isinstance(value, str) and value.lstrip("+-").replace(".", "").isdigit():
            self.cells[(row, column)] = (float(value), value)  # Excel parses number-like text
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)  # Excel keeps numbers as doubles and shows 1.0 as "1"
            text = str(int(number)) if number.is_integer() else repr(number)
            self.cells[(row, column)] = (number, text)
        else:
            self.cells[(row, column)] = (value, str(value))

    @property
    def used_range(self) -> FakeRange:
        rows = max((r for r, _ in self.cells), default=1)
        columns = max((c for _, c in self.cells), default=1)
        return FakeRange(self, (1, 1), (rows, columns))

    def range(self, first: tuple[int, int], last: tuple[int, int]) -> FakeRange:
        return FakeRange(self, first, last)

    def delete(self) -> None:
        self.book.sheets.items.remove(self)

    def activate(self) -> None:
        self.book.sheets.active = self


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self.items: list[FakeSheet] = []
        self.active: FakeSheet | None = None

    def __iter__(self) -> Any:
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        return next(s for s in self.items if s.name == key)

    def add(self, name: str, before: Any = None, after: FakeSheet | None = None) -> FakeSheet:
        assert name not in [s.name for s in self.items], "xlwings raises on a duplicate name"
        sheet = FakeSheet(self.book, name)
        position = self.items.index(after) + 1 if after is not None else 0
        self.items.insert(position, sheet)
        self.active = sheet  # Excel activates a new sheet
        return sheet


class FakeBook:
    def __init__(self, fullname: Path, app: FakeApp) -> None:
        self.fullname, self.name, self.app = str(fullname), fullname.name, app
        self.sheets = FakeSheets(self)
        self.log: list[tuple[str, str, tuple[int, int]]] = []

    def add_sheet(self, name: str, rows: list[list[Any]]) -> FakeSheet:
        sheet = self.sheets.add(name, after=self.sheets.items[-1] if self.sheets.items else None)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.put(r, c, "'" + value if isinstance(value, str) else value)
        return sheet


ROWS: list[list[Any]] = [
    ["客户名单（导出）", None, None, None, None, None],
    ["姓名", "手机", "邮箱", "最近购买日期", "购买次数", "累计消费金额"],
    ["张三", "13800138000", "zhang@qq.com", dt.datetime(2026, 11, 1), 12, 80000],
    ["李四", "1380013800A", "li@@qq.com", dt.datetime(2026, 7, 1), 4, 15000],
    ["王五", "00123", "wang@163.com", dt.datetime(2025, 1, 1), 1, 300],
]


@pytest.fixture(autouse=True)
def _windows_input_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake is Excel for Windows (COM InputBox), whatever the test machine is.
    monkeypatch.setattr(live, "MAC", False)


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., FakeBook]:
    def make(
        rows: list[list[Any]] = ROWS,
        answers: list[str] | None = None,
        typed: list[str | None] | None = None,
    ) -> FakeBook:
        book = FakeBook(tmp_path / "客户.xlsx", FakeApp(answers, typed))
        book.add_sheet("客户", rows)
        book.sheets.active = book.sheets["客户"]
        book.log.clear()
        return book

    return make


def _values(sheet: FakeSheet) -> dict[tuple[int, int], Any]:
    return {k: v for k, (v, _) in sheet.cells.items()}


def _excel_was_restored(app: FakeApp) -> None:
    assert app.screen_updating is True and app.calculation == "automatic"
    assert app.status_history and app.status_history[-1] is False


def test_check_reads_once_writes_the_issues_sheet_and_says_what_the_cli_says(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path]
) -> None:
    book = make_book()
    before = _values(book.sheets["客户"])
    ribbon.dispatch("check", book=book)
    reads = [e for e in book.log if e[0] == "read" and e[1] == "客户"]
    assert reads == [("read", "客户", (5, 6))]  # the whole sheet, one call
    assert all(app for app in book.app.paused_during_reads)
    assert _values(book.sheets["客户"]) == before  # check never changes the user's cells
    issues = book.sheets["问题清单"]
    writes = [e for e in book.log if e[0] == "write"]
    assert ("write", "问题清单", issues.used_range.shape) in writes
    assert all(shape != (1, 1) for _, _, shape in writes)  # never cell by cell
    rows_flagged = {v for (r, c), v in _values(issues).items() if c == 1 and r > 1}
    assert rows_flagged == {4.0, 5.0}  # Excel row numbers, as the user sees them
    # The message is the CLI's summary for the same rows in a file of the same name.
    path = make_workbook(ROWS, name="客户.xlsx")
    expected = get_action("check").run(ActionRequest(path, CheckSheetOptions(), sheet="客户")).text
    prompt, _, mode = book.app.alerts[-1]
    assert prompt.startswith(expected) and mode == "info"
    assert any(str(s).startswith("xlcrm:") for s in book.app.status_history)
    _excel_was_restored(book.app)


def test_tier_writes_one_block_beside_the_data_and_undo_puts_it_back(
    make_book: Callable[..., FakeBook],
) -> None:
    book = make_book(answers=["ok"])
    sheet = book.sheets["客户"]
    before = dict(sheet.cells)
    ribbon.dispatch("tier", book=book)
    data_writes = [e for e in book.log if e[0] == "write" and e[1] == "客户"]
    assert len(data_writes) == 1 and data_writes[0][2][0] == 4  # header + 3 rows, one call
    tiers = {v for (r, c), (v, _) in sheet.cells.items() if r > 2 and c > 6}
    assert {"高", "中", "低"} <= tiers and sheet.cells[(2, 11)][0] == "价值等级"
    assert sheet.cells[(5, 2)] == ("00123", "00123")  # text stays text
    assert UNDO_SHEET in [s.name for s in book.sheets] and not book.sheets[UNDO_SHEET].visible
    legend = [s.name for s in book.sheets if s.name not in ("客户", UNDO_SHEET)]
    assert legend  # the tier legend sheet
    book.log.clear()
    ribbon.dispatch("undo", book=book)
    assert book.app.alerts[-2][1] == "ok_cancel"  # undo changes data: it asked first
    assert sheet.cells == before
    assert [s.name for s in book.sheets] == ["客户"]
    assert [e for e in book.log if e[0] == "write"] == [("write", "客户", data_writes[0][2])]


def test_formulas_in_the_rewritten_block_survive(make_book: Callable[..., FakeBook]) -> None:
    book = make_book(answers=["ok"])
    sheet = book.sheets["客户"]
    ribbon.dispatch("tier", book=book)  # R F M … now in columns G onwards
    assert sheet.cells[(2, 7)][0] == "R 近度" and sheet.cells[(3, 7)][0] == 5.0
    sheet.cells[(3, 7)] = (5.0, "=2+3")  # a formula showing what tier will write again
    sheet.put(4, 8, "=E4*2")  # formulas tier will overwrite, around the one above
    sheet.put(3, 8, "=E3*2")
    sheet.put(4, 7, "=1")
    book.log.clear()
    ribbon.dispatch("tier", book=book)
    assert [e for e in book.log if e[0] == "formula"] == [("formula", "客户", (2, 2))]
    assert [e for e in book.log if e[0] == "write" and e[1] == "客户"] == [
        ("write", "客户", (2, 2))
    ]
    assert sheet.cells[(3, 7)][1] == "=2+3"  # unchanged cell inside the block: formula kept
    assert sheet.cells[(4, 8)][1] != "=E4*2"
    ribbon.dispatch("undo", book=book)
    assert [sheet.cells[c][1] for c in [(4, 8), (3, 8), (4, 7), (3, 7)]] == [
        "=E4*2", "=E3*2", "=1", "=2+3"
    ]  # fmt: skip


def test_unknown_tags_run_nothing(make_book: Callable[..., FakeBook]) -> None:
    book = make_book()
    for tag in ["__import__('os').system('calc')", "Check", "inspect", "", "tier;x"]:
        ribbon.dispatch(tag, book=book)
        prompt, _, mode = book.app.alerts[-1]
        assert mode == "critical" and "not an xlcrm action" in prompt
    assert book.log == []


def test_errors_show_the_cli_sentence_and_excel_is_restored(
    make_book: Callable[..., FakeBook], runner: Any, make_workbook: Callable[..., Path]
) -> None:
    rows: list[list[Any]] = [["hello", "world"], ["1", "2"]]
    book = make_book(rows)
    ribbon.dispatch("check", book=book)
    prompt, _, mode = book.app.alerts[-1]
    from xlcrm.cli.app import app

    path = make_workbook(rows, name="客户.xlsx")
    cli = runner.invoke(app, ["check", str(path), "--sheet", "客户"])
    assert cli.exit_code == 2 and mode == "critical"
    assert f"xlcrm: {prompt}" in cli.output.replace("\n", "")
    _excel_was_restored(book.app)


def test_a_bug_is_one_sentence_and_excel_is_restored(
    make_book: Callable[..., FakeBook], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book()

    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(roundtrip, "write_private_copy", broken)
    ribbon.dispatch("tier", book=book)
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "critical" and "RuntimeError: boom" in prompt and "Traceback" not in prompt
    _excel_was_restored(book.app)


def test_cancel_leaves_everything_as_it_was(make_book: Callable[..., FakeBook]) -> None:
    book = make_book(answers=["cancel"])
    ribbon.dispatch("tier", book=book)
    snapshot = {s.name: dict(s.cells) for s in book.sheets}
    ribbon.dispatch("undo", book=book)
    assert {s.name: dict(s.cells) for s in book.sheets} == snapshot


def test_nothing_to_undo_is_a_sentence(make_book: Callable[..., FakeBook]) -> None:
    book = make_book(answers=["ok"])
    ribbon.dispatch("undo", book=book)
    assert "no xlcrm change to undo" in book.app.alerts[-1][0]


def test_every_ribbon_action_runs_on_the_fake_workbook(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path]
) -> None:
    make_workbook(ROWS, name="客户.xlsx")  # the saved file, for actions that need one
    for action in ribbon_actions():
        book = make_book(answers=["ok"] * 3, typed=["demo-secret"] * 2)
        ribbon.dispatch(action.name, book=book)
        prompt, _, _ = book.app.alerts[-1]
        assert "Internal error" not in prompt, (action.name, prompt)
        reads = [e for e in book.log if e[0] == "read" and e[1] == "客户"]
        assert len(reads) <= 1, action.name
        _excel_was_restored(book.app)


def test_undo_on_a_file_restores_the_newest_backup_and_keeps_the_current_file(
    make_workbook: Callable[..., Path],
) -> None:
    from xlcrm.actions.registry import run_action
    from xlcrm.io.backup import backup_dir, list_backups, make_backup

    path = make_workbook(ROWS)
    original = path.read_bytes()
    make_backup(path)
    path.write_bytes(b"changed")
    result = run_action("undo", ActionRequest(path, Options()))
    assert path.read_bytes() == original and list_backups(path) == []
    kept = [p for p in backup_dir(path).iterdir() if ".undone-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"changed"
    assert result.counts == {"restored": 1}
    again = run_action(
        "undo", ActionRequest(path, Options())
    )  # nothing left: says so, changes nothing
    assert again.counts == {"restored": 0} and path.read_bytes() == original


def test_dedupe_then_merge_then_undo_across_sheets(make_book: Callable[..., FakeBook]) -> None:
    twin = ["张三", "138 0013 8000", "ZHANG@qq.com", dt.datetime(2026, 10, 1), 2, 500]
    book = make_book([*ROWS, twin], answers=["ok", "ok"])
    sheet = book.sheets["客户"]
    ribbon.dispatch("dedupe", book=book)
    groups = book.sheets["重复客户"]
    header = [groups.cells[(1, c)][0] for c in range(1, 12)]
    pick = header.index("合并?") + 1
    for row in (2, 3):  # the user answers Y in the Duplicates sheet, as on the CLI
        groups.put(row, pick, "'Y")
    before = dict(sheet.cells)
    book.sheets.active = sheet
    book.log.clear()
    ribbon.dispatch("merge", book=book)  # merge reads 重复客户: the other sheets went along
    assert "Internal error" not in book.app.alerts[-1][0]
    assert book.app.alerts[-2][1] == "ok_cancel"  # merge changes data: it asked
    assert (6, 1) not in sheet.cells  # the twin row left the customer sheet
    writes = [e for e in book.log if e[0] == "write" and e[1] == "客户"]
    assert len(writes) == 1  # the whole change, one block
    hidden = [s.name for s in book.sheets if not s.visible]
    assert UNDO_SHEET in hidden and len(hidden) >= 2  # merge's journal stays hidden
    ribbon.dispatch("undo", book=book)
    assert sheet.cells == before
    assert [s.name for s in book.sheets] == ["客户", "重复客户"]


# Passwords and passphrases: asked in input boxes, never shown, logged or put in the bar.

SECRET = "Tea-pot 42!"


def _saved_book(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], typed: list[Any]
) -> tuple[FakeBook, Path]:
    path = make_workbook(ROWS, name="客户.xlsx", text_columns=[1])  # the workbook's saved file
    return make_book(typed=typed), path


def _outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("客户.*.xlsx"))


def _secret_nowhere(book: FakeBook, folder: Path, *secrets: str) -> None:
    """No secret in a message box, in the status bar or in any file of the audit folder."""
    shown = [prompt for prompt, _, _ in book.app.alerts] + [str(s) for s in book.app.status_history]
    logs = [p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.suffix != ".xlsx"]
    for secret in secrets:
        assert not any(secret in text for text in shown)
        assert not any(secret.encode() in data for data in logs)


def test_encrypt_asks_twice_and_runs_with_that_passphrase(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    book, path = _saved_book(make_book, make_workbook, [SECRET, SECRET])
    before = path.read_bytes()
    ribbon.dispatch("encrypt", book=book)
    assert len(book.app.input_prompts) == 2 and "again" in book.app.input_prompts[1]
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "info" and "已加密" in prompt, prompt
    encrypted = tmp_path / "客户.encrypt.xlsx"
    phones = [r[0] for r in openpyxl.load_workbook(encrypted)["客户"].iter_rows(3, 5, 2, 2, True)]
    assert all(str(p).startswith("xlcrm:v1:") for p in phones)
    # The passphrase typed in the box is the one that decrypts it (a wrong one does not).
    back = tmp_path / "back.xlsx"
    options = DecryptOptions(passphrase=SECRET, columns="phone")
    decrypt = get_action("decrypt").run
    decrypt(ActionRequest(encrypted, options, sheet="客户", out=back))
    phones = [r[0] for r in openpyxl.load_workbook(back)["客户"].iter_rows(3, 5, 2, 2, True)]
    assert phones == ["13800138000", "1380013800A", "00123"]
    wrong = DecryptOptions(passphrase=SECRET + "x", columns="phone")
    with pytest.raises(XlcrmError):
        decrypt(ActionRequest(encrypted, wrong, sheet="客户", out=tmp_path / "no.xlsx"))
    assert path.read_bytes() == before  # the workbook's own file is untouched
    _secret_nowhere(book, tmp_path, SECRET)
    _excel_was_restored(book.app)


@pytest.mark.parametrize("action", ["encrypt", "protect"])
def test_two_different_entries_run_nothing_and_say_so(
    action: str,
    make_book: Callable[..., FakeBook],
    make_workbook: Callable[..., Path],
    tmp_path: Path,
) -> None:
    book, _ = _saved_book(make_book, make_workbook, [SECRET, SECRET + "?"])
    ribbon.dispatch(action, book=book)
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "critical" and "do not match" in prompt
    assert _outputs(tmp_path) == [] and not (tmp_path / ".xlcrm").exists()  # no audit line
    _secret_nowhere(book, tmp_path, SECRET, SECRET + "?")
    _excel_was_restored(book.app)


@pytest.mark.parametrize(
    ("action", "typed"),
    [("encrypt", [None]), ("encrypt", [SECRET, None]), ("decrypt", [None]), ("protect", [None])],
)
def test_cancel_in_a_password_box_runs_nothing(
    action: str,
    typed: list[Any],
    make_book: Callable[..., FakeBook],
    make_workbook: Callable[..., Path],
    tmp_path: Path,
) -> None:
    book, path = _saved_book(make_book, make_workbook, typed)
    before = path.read_bytes()
    ribbon.dispatch(action, book=book)
    assert len(book.app.input_prompts) == len(typed)
    assert book.app.alerts == []  # cancelled: no message either
    assert _outputs(tmp_path) == [] and not (tmp_path / ".xlcrm").exists()
    assert path.read_bytes() == before
    _excel_was_restored(book.app)


def test_nothing_typed_runs_nothing(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    book, _ = _saved_book(make_book, make_workbook, [""])
    ribbon.dispatch("decrypt", book=book)
    assert "Nothing was typed" in book.app.alerts[-1][0] and _outputs(tmp_path) == []


def test_protect_asks_for_the_new_password_twice(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    from xlcrm.io.passwords import is_encrypted
    from xlcrm.io.sources import open_source

    book, path = _saved_book(make_book, make_workbook, [SECRET, SECRET])
    ribbon.dispatch("protect", book=book)
    assert len(book.app.input_prompts) == 2
    assert all("password" in p for p in book.app.input_prompts)
    protected = tmp_path / "客户.protect.xlsx"
    assert is_encrypted(protected) and not is_encrypted(path)
    assert open_source(protected, password=SECRET).sheet_names == ["客户"]
    with pytest.raises(PasswordRequiredError):
        open_source(protected, password="other")
    _secret_nowhere(book, tmp_path, SECRET)


def _protected_book(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], typed: list[Any]
) -> FakeBook:
    """A book whose saved file opens only with SECRET (Excel has it open, decrypted)."""
    from xlcrm.io.crypto.protect import protect_workbook

    plain = make_workbook(ROWS, name="plain.xlsx", text_columns=[1])
    protect_workbook(plain, plain.with_name("客户.xlsx"), SECRET)
    plain.unlink()
    return make_book(typed=typed)


def test_a_protected_workbook_asks_for_its_password_and_runs_again(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    from xlcrm.io.passwords import is_encrypted

    book = _protected_book(make_book, make_workbook, [SECRET])
    ribbon.dispatch("unprotect", book=book)
    assert len(book.app.input_prompts) == 1 and "客户.xlsx" in book.app.input_prompts[0]
    assert book.app.alerts[-1][2] == "info", book.app.alerts
    assert not is_encrypted(tmp_path / "客户.unprotect.xlsx")
    # Encrypting it asks for the new passphrase twice, then for the file's password.
    book = make_book(typed=["column-key", "column-key", SECRET])
    ribbon.dispatch("encrypt", book=book)
    assert len(book.app.input_prompts) == 3 and book.app.alerts[-1][2] == "info"
    assert (tmp_path / "客户.encrypt.xlsx").is_file()
    _secret_nowhere(book, tmp_path, SECRET, "column-key")


def test_a_wrong_file_password_is_asked_once_and_said_without_it(
    make_book: Callable[..., FakeBook], make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    book = _protected_book(make_book, make_workbook, ["wrong-one", SECRET])
    ribbon.dispatch("retention", book=book)
    assert len(book.app.input_prompts) == 1  # one retry, like the command line
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "critical" and "wrong" in prompt
    assert _outputs(tmp_path) == []
    _secret_nowhere(book, tmp_path, "wrong-one")
    book = _protected_book(make_book, make_workbook, [None])
    ribbon.dispatch("unprotect", book=book)
    assert book.app.alerts == [] and _outputs(tmp_path) == []


def test_an_error_quoting_what_was_typed_shows_stars(
    make_book: Callable[..., FakeBook],
    make_workbook: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def leaky(request: ActionRequest) -> Any:
        raise RuntimeError(f"bad key {request.options.passphrase}")

    monkeypatch.setattr(ribbon, "run_action", lambda name, request: leaky(request))
    book, _ = _saved_book(make_book, make_workbook, [SECRET])
    ribbon.dispatch("decrypt", book=book)
    prompt, _, mode = book.app.alerts[-1]
    assert mode == "critical" and "bad key ***" in prompt and SECRET not in prompt


def test_macos_asks_in_a_masked_dialog_and_cancel_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    calls: list[list[str]] = []
    replies = [subprocess.CompletedProcess([], 0, " two words \n", ""),
               subprocess.CompletedProcess([], 1, "", "User canceled. (-128)")]  # fmt: skip

    def osascript(args: list[str], **kwargs: Any) -> Any:
        calls.append(args)
        return replies.pop(0)

    monkeypatch.setattr(live, "MAC", True)
    monkeypatch.setattr(live.subprocess, "run", osascript)
    assert live.ask_secret(None, "口令 passphrase") == " two words "  # spaces are kept
    assert live.ask_secret(None, "口令 passphrase") is None
    assert calls[0][0] == "osascript" and calls[0][-1] == "口令 passphrase"
    assert "with hidden answer" in calls[0][2]
