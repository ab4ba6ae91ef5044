"""One ribbon run at a time, and where the audit line of a run goes (fake workbook)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.excel.test_ribbon import ROWS, FakeApp, FakeBook
from xlcrm.audit import log as audit
from xlcrm.excel import ribbon
from xlcrm.excel.ribbon import running


def _book(fullname: Path) -> FakeBook:
    book = FakeBook(fullname, FakeApp())
    book.add_sheet("客户", ROWS)
    book.sheets.active = book.sheets["客户"]
    return book


def _lines(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_an_unsaved_workbook_logs_to_the_user_folder_not_where_python_started(
    tmp_path: Path, user_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started_in = tmp_path / "python-folder"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    book = _book(Path("Book1"))  # Excel's fullname of a workbook never saved
    ribbon.dispatch("check", book=book)
    assert "问题清单" in [s.name for s in book.sheets]
    assert list(started_in.iterdir()) == []
    entries = _lines(user_data / "audit.jsonl")
    assert [e["action"] for e in entries] == ["check"] and entries[0]["file"] == "Book1"
    assert audit.verify(user_data / "audit.jsonl").ok


def test_a_saved_workbook_logs_beside_itself(
    tmp_path: Path, user_data: Path, make_workbook: object
) -> None:
    path = make_workbook(ROWS, name="客户.xlsx")  # type: ignore[operator]
    ribbon.dispatch("check", book=_book(path))
    assert [e["action"] for e in _lines(path.parent / ".xlcrm" / "audit.jsonl")] == ["check"]
    assert not (user_data / "audit.jsonl").exists()


def test_a_click_while_a_run_is_going_is_refused_politely(user_data: Path, tmp_path: Path) -> None:
    book = _book(tmp_path / "客户.xlsx")
    with running.one_run(user_data, "分级 Tiers"):
        ribbon.dispatch("check", book=book)
        prompt, _, mode = book.app.alerts[-1]
        assert prompt.startswith("xlcrm 正在运行“分级 Tiers”，请等它完成后再点击。")
        assert "still running 分级 Tiers" in prompt and mode == "critical"
        assert "问题清单" not in [s.name for s in book.sheets]  # nothing ran
    ribbon.dispatch("check", book=book)  # the marker is gone with the run
    assert "问题清单" in [s.name for s in book.sheets]
    assert list(user_data.glob(running.MARKER)) == []


def test_a_marker_left_by_a_crash_is_taken_over(user_data: Path) -> None:
    user_data.mkdir(parents=True, exist_ok=True)
    marker = user_data / running.MARKER
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    for left in (
        {"pid": int(gone.stdout), "action": "检查 Check", "started": time.time()},
        {"pid": os.getpid(), "action": "检查 Check", "started": time.time() - 7 * 3600},
        "half-written {",
    ):
        marker.write_text(left if isinstance(left, str) else json.dumps(left), encoding="utf-8")
        with running.one_run(user_data, "汇总 Summary"):
            assert json.loads(marker.read_text(encoding="utf-8"))["action"] == "汇总 Summary"
        assert not marker.exists()


def test_a_live_marker_is_respected(user_data: Path) -> None:
    with running.one_run(user_data, "检查 Check"):
        with pytest.raises(Exception) as busy, running.one_run(user_data, "汇总 Summary"):
            pass
        assert "检查 Check" in str(busy.value)
        assert (user_data / running.MARKER).exists()  # the first run still holds it
