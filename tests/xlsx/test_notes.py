"""The comments part: xlcrm's notes come and go without touching the user's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.xlsx.workbooks import RED, patched, read_parts
from xlcrm.xlsx import CellPatch, WorkbookPatch


def test_clearing_the_only_notes_removes_their_parts(tmp_path: Path, make_workbook: Any) -> None:
    src = make_workbook([["姓名"], ["张三"]])
    patched(src, tmp_path / "1.xlsx", {(2, 1): CellPatch(fill=RED, comment="x")})
    patch = WorkbookPatch(tmp_path / "1.xlsx")
    patch.clear_marks("客户")
    summary = patch.save(tmp_path / "2.xlsx")
    parts = read_parts(tmp_path / "2.xlsx")
    assert summary.notes_removed == 1
    assert not [n for n in parts if n.endswith(".vml") or "comments" in n]
    assert b"legacyDrawing" not in parts["xl/worksheets/sheet1.xml"]
    assert openpyxl.load_workbook(tmp_path / "2.xlsx")["客户"]["A2"].comment is None
