"""Merge and unmerge on real .xlsx files: Y/N edits, no row lost, exact round trips."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.io.backup import list_backups
from xlcrm.io.dedupe.journal import decode, encode
from xlcrm.io.dedupe.report import write_dedupe_workbook
from xlcrm.io.reader import read_table
from xlcrm.xlsx import CellPatch, WorkbookPatch

HEADER = ["客户编号", "姓名", "手机号码", "电子邮箱", "更新日期", "购买次数", "累计消费金额（元）",
          "标签", "微信号"]  # fmt: skip
ROWS = [
    ["C01", "陈伟", "13800138000", None, dt.datetime(2024, 1, 5), 3, 1200.5, "VIP", None],
    ["C02", "李娜", "13900139000", "lina@x.cn", dt.datetime(2025, 2, 1), 1, 80, None, "wx_li"],
    ["C03", "王芳", "13700137000", None, dt.datetime(2023, 5, 1), 2, 300, "零售", None],
    ["C04", "陳偉", "13800138000", "chen@x.cn", dt.datetime(2025, 3, 1), 5, 900, "重点", "wx_c"],
    ["C05", "张强", "13600136000", "zq@x.cn", None, 0, 0, None, None],
    ["C06", "李娜 ", "13900139000", None, "2025/6/1", 4, "1.2万", "零售", None],
    ["C07", "赵敏", "13500135000", None, dt.datetime(2022, 1, 1), 1, 10, None, None],
    ["C08", "李 娜", None, "lina@x.cn", dt.datetime(2021, 1, 1), 2, 50, "VIP", None],
]
PURCHASES = [3, 1, 2, 5, 0, 4, 1, 2]  # column F of ROWS
GROUPS = ((3, 6), (4, 8, 10))  # Excel rows: the header is on row 2
DATA = "客户"


@dataclass(frozen=True)
class Group:
    group: int
    rows: tuple[int, ...]
    score: float

    def reasons(self, language: str) -> tuple[str, ...]:
        return ("同一手机号",) if language == "zh" else ("same phone",)


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = DATA
    ws.append(["2025 年客户台账"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for r in range(3, 3 + len(ROWS)):
        ws.cell(r, 3).number_format = "@"
        ws.cell(r, 5).number_format = "yyyy/m/d"
        ws.cell(r, 7).number_format = "#,##0.00"
    workbook.create_sheet("备注").append(["别的工作表", 1])
    path = tmp_path / "customers.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def deduped(customers: Path) -> Path:
    out = customers.with_name("customers.dedupe.xlsx")
    groups = [Group(i, rows, 0.9) for i, rows in enumerate(GROUPS, start=1)]
    write_dedupe_workbook(read_table(customers), groups, out)
    return out


def _grid(ws: Worksheet) -> dict[tuple[int, int], tuple[Any, str, str | None]]:
    """Every cell's value, number format and fill colour."""
    return {
        (cell.row, cell.column): (cell.value, cell.number_format, cell.fill.fgColor.rgb)
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)
        for cell in row
        if cell.value is not None or cell.fill.fill_type is not None
    }


def _data_rows(ws: Worksheet) -> int:
    return sum(1 for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value is not None)


def test_dedupe_copy_marks_groups_and_lists_them(customers: Path, deduped: Path) -> None:
    wb = openpyxl.load_workbook(deduped)
    assert wb.sheetnames == [DATA, "备注", "重复客户"]
    ws = wb[DATA]
    assert ws.cell(2, 10).value == "重复组"
    assert [ws.cell(r, 10).value for r in range(3, 11)] == [1, 2, None, 1, None, 2, None, 2]
    assert ws.cell(3, 2).fill.fgColor.rgb == ws.cell(6, 9).fill.fgColor.rgb != "00000000"
    assert ws.cell(4, 2).fill.fgColor.rgb != ws.cell(3, 2).fill.fgColor.rgb
    assert ws.cell(5, 2).fill.fill_type is None  # not in a group
    assert ws.cell(3, 3).number_format == "@"  # the user's formats stay under the fill
    dup = wb["重复客户"]
    assert [c.value for c in dup[1]][:7] == [
        "组",
        "行",
        "得分",
        "合并?",
        "原因",
        "客户编号",
        "姓名",
    ]
    assert [dup.cell(r, 2).value for r in range(2, 7)] == [3, 6, 4, 8, 10]
    assert dup.cell(2, 5).value == "同一手机号" and dup.cell(3, 5).value is None
    assert dup.cell(5, 7).value == "李娜 "  # side by side: the values of row 8, as typed
    assert dup.cell(4, 2).hyperlink.location == f"'{DATA}'!B4"
    assert {dup.cell(r, 4).value for r in range(2, 7)} == {"Y"}
    (validation,) = dup.data_validations.dataValidation
    assert str(validation.sqref) == "D2:D6" and validation.formula1 == '"Y,N"'


def test_merge_then_unmerge_restores_the_sheet_cell_for_cell(
    runner: CliRunner, deduped: Path
) -> None:
    merged, restored = deduped.with_name("m.xlsx"), deduped.with_name("u.xlsx")
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["unmerge", str(merged), "--out", str(restored)])
    assert result.exit_code == 0, result.output
    before = _grid(openpyxl.load_workbook(deduped)[DATA])
    after = _grid(openpyxl.load_workbook(restored)[DATA])
    assert after == before
    wb = openpyxl.load_workbook(restored)
    assert wb["已合并"].max_row == 1  # only the header is left
    assert wb["xlcrm_merge_journal"].sheet_state == "hidden"


def test_merge_removes_the_merged_away_rows_and_explains_the_values(
    runner: CliRunner, deduped: Path
) -> None:
    merged = deduped.with_name("m.xlsx")
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(merged)
    ws, gone = wb[DATA], wb["已合并"]
    assert _data_rows(ws) + gone.max_row - 1 == len(ROWS)
    assert ws.max_row == 2 + len(ROWS) - 3  # rows 6, 8 and 10 are gone, no holes
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == [
        "C01", "C02", "C03", "C05", "C07",
    ]  # fmt: skip
    assert [gone.cell(r, 3).value for r in range(2, gone.max_row + 1)] == [6, 8, 10]
    assert [gone.cell(r, 2).value for r in range(2, gone.max_row + 1)] == [3, 4, 4]
    assert gone.cell(3, 5).value == "李娜 "  # the merged-away row as it was
    assert gone.cell(2, 2).hyperlink.location == f"'{DATA}'!A3"
    # survivorship: row 4 keeps its own id and the most recent email; tags are all kept
    assert ws.cell(4, 1).value == "C02"
    assert ws.cell(4, 4).value == "lina@x.cn"
    assert ws.cell(4, 8).value == "零售、VIP"
    assert ws.cell(4, 6).value == 4  # purchase count: the largest by default
    assert ws.cell(4, 9).value == "wx_li"
    assert ws.cell(2, 11).value == "合并来源"
    note = ws.cell(4, 11).value
    assert note.startswith("合并了第 8、10 行") and "标签←第8、10行" in note
    assert ws.cell(6, 3).number_format == "@" and ws.cell(6, 5).number_format == "yyyy/m/d"
    dup = wb["重复客户"]  # the merged groups are done: no line is left to merge again
    assert dup.max_row == 1


def _set_merge_flags(path: Path, flags: dict[int, str]) -> None:
    """Change the Merge? cell of the Duplicates lines whose Row is a key of ``flags``."""
    wb = openpyxl.load_workbook(path)
    dup = wb["重复客户"]
    for r in range(2, dup.max_row + 1):
        if dup.cell(r, 2).value in flags:
            dup.cell(r, 4).value = flags[dup.cell(r, 2).value]
    wb.save(path)


def test_merge_honours_y_and_n_edits(runner: CliRunner, deduped: Path) -> None:
    _set_merge_flags(deduped, {3: "N", 10: "n"})
    merged = deduped.with_name("m.xlsx")
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged), "--json"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(merged)
    ws = wb[DATA]
    assert ws.cell(6, 1).value == "C04" and ws.cell(9, 1).value == "C08"  # kept: N
    assert [ws.cell(r, 1).value for r in (7, 8)] == ["C05", "C07"]  # row 8 merged into 4
    assert [wb["已合并"].cell(r, 3).value for r in range(2, wb["已合并"].max_row + 1)] == [8]
    dup = wb["重复客户"]  # what is left to decide, at the rows where it is now
    assert [dup.cell(r, 2).value for r in range(2, dup.max_row + 1)] == [3, 6, 4, 9]
    assert dup.cell(5, 2).hyperlink.location == f"'{DATA}'!B9"
    assert [dup.cell(r, 4).value for r in range(2, dup.max_row + 1)] == ["N", "Y", "Y", "n"]
    restored = deduped.with_name("u.xlsx")
    assert runner.invoke(app, ["unmerge", str(merged), "--out", str(restored)]).exit_code == 0
    dup = openpyxl.load_workbook(restored)["重复客户"]  # the rows where they are again
    assert [dup.cell(r, 2).value for r in range(2, dup.max_row + 1)] == [3, 6, 4, 10]


def test_nothing_marked_y_writes_nothing(runner: CliRunner, deduped: Path) -> None:
    _set_merge_flags(deduped, dict.fromkeys((3, 4, 6, 8, 10), "N"))
    result = runner.invoke(app, ["merge", str(deduped)])
    assert result.exit_code == 0 and "未合并" in result.output
    assert not deduped.with_name("customers.dedupe.merge.xlsx").exists()


def test_missing_duplicates_sheet_is_one_sentence(runner: CliRunner, customers: Path) -> None:
    result = runner.invoke(app, ["merge", str(customers)])
    assert result.exit_code == 2
    assert "Duplicates sheet" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_duplicates_sheet_without_its_columns_is_refused(runner: CliRunner, deduped: Path) -> None:
    wb = openpyxl.load_workbook(deduped)
    wb["重复客户"].cell(1, 4).value = "备注"
    wb.save(deduped)
    result = runner.invoke(app, ["merge", str(deduped)])
    assert result.exit_code == 2
    assert "合并?" in result.output and "dedupe --out" in result.output


def test_duplicates_sheet_naming_an_empty_row_is_refused(runner: CliRunner, deduped: Path) -> None:
    wb = openpyxl.load_workbook(deduped)
    for c in range(1, 12):
        wb[DATA].cell(8, c).value = None
    wb.save(deduped)
    result = runner.invoke(app, ["merge", str(deduped)])
    assert result.exit_code == 2 and "Row 8" in result.output


def test_merge_in_place_takes_a_backup_first(runner: CliRunner, deduped: Path) -> None:
    original = deduped.read_bytes()
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(deduped)])
    assert result.exit_code == 0, result.output
    (backup,) = list_backups(deduped)
    assert backup.read_bytes() == original
    assert "已合并" in openpyxl.load_workbook(deduped).sheetnames


def test_unmerge_refuses_to_overwrite_later_edits(runner: CliRunner, deduped: Path) -> None:
    merged = deduped.with_name("m.xlsx")
    assert runner.invoke(app, ["merge", str(deduped), "--out", str(merged)]).exit_code == 0
    wb = openpyxl.load_workbook(merged)
    wb[DATA].cell(4, 8).value = "新标签"  # typed over a value the merge wrote
    wb.save(merged)
    result = runner.invoke(app, ["unmerge", str(merged)])
    assert result.exit_code == 2 and "Row 4" in result.output


def test_unmerge_without_a_merge_is_one_sentence(runner: CliRunner, deduped: Path) -> None:
    result = runner.invoke(app, ["unmerge", str(deduped)])
    assert result.exit_code == 2 and "no merge to undo" in result.output


def test_two_merges_are_undone_one_at_a_time(runner: CliRunner, deduped: Path) -> None:
    _set_merge_flags(deduped, {4: "N", 8: "N", 10: "N"})
    first, second = deduped.with_name("m1.xlsx"), deduped.with_name("m2.xlsx")
    assert runner.invoke(app, ["merge", str(deduped), "--out", str(first)]).exit_code == 0
    # row 6 is gone: the rows of group 2 moved up to 7 and 9, and the sheet says so
    _set_merge_flags(first, {4: "Y", 7: "Y", 9: "Y"})
    assert runner.invoke(app, ["merge", str(first), "--out", str(second)]).exit_code == 0
    gone = openpyxl.load_workbook(second)["已合并"]
    assert [gone.cell(r, 1).value for r in range(2, gone.max_row + 1)] == [1, 2, 2]
    assert [gone.cell(r, 3).value for r in range(2, gone.max_row + 1)] == [6, 7, 9]
    assert openpyxl.load_workbook(second)[DATA].max_row == 2 + len(ROWS) - 3
    undone, original = deduped.with_name("u1.xlsx"), deduped.with_name("u0.xlsx")
    assert runner.invoke(app, ["unmerge", str(second), "--out", str(undone)]).exit_code == 0
    assert _grid(openpyxl.load_workbook(undone)[DATA]) == _grid(openpyxl.load_workbook(first)[DATA])
    assert runner.invoke(app, ["unmerge", str(undone), "--out", str(original)]).exit_code == 0
    assert _grid(openpyxl.load_workbook(original)[DATA]) == _grid(
        openpyxl.load_workbook(deduped)[DATA]
    )


@pytest.mark.parametrize(
    "value",
    [None, "文本 ", "0138", 13800138000, 1.1, -0.0, 1e-300, True, False,
     dt.datetime(2024, 1, 2, 3, 4, 5), dt.date(2024, 1, 2), dt.time(9, 30)],
)  # fmt: skip
def test_journal_values_round_trip_with_their_type(value: Any) -> None:
    back = decode(*encode(value))
    assert back == value and type(back) is type(value)


def test_merged_workbook_opens_cleanly(
    runner: CliRunner, deduped: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    merged = deduped.with_name("m.xlsx")
    assert runner.invoke(app, ["merge", str(deduped), "--out", str(merged)]).exit_code == 0
    for path in (deduped, merged):
        report = sheetcheck(path)
        assert report["_exit_code"] == 0, report


def test_a_date_merged_into_a_general_cell_keeps_the_group_fill(
    runner: CliRunner, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = DATA
    ws.append(["2025 年客户台账"])
    ws.append(HEADER)
    for row in ROWS:  # row 8's update date is a real date here, the most recent of group 2
        assert isinstance(row, list)
        ws.append([dt.datetime(2025, 6, 1) if v == "2025/6/1" else v for v in row])
    ws.cell(4, 5).number_format = "General"  # the survivor shows its date as a plain number
    src = tmp_path / "c.xlsx"
    workbook.save(src)
    deduped, merged, restored = (tmp_path / n for n in ("d.xlsx", "m.xlsx", "u.xlsx"))
    groups = [Group(i, rows, 0.9) for i, rows in enumerate(GROUPS, start=1)]
    write_dedupe_workbook(read_table(src), groups, deduped)
    assert runner.invoke(app, ["merge", str(deduped), "--out", str(merged)]).exit_code == 0
    cell = openpyxl.load_workbook(merged)[DATA].cell(4, 5)
    group_fill = openpyxl.load_workbook(deduped)[DATA].cell(4, 2).fill.fgColor.rgb
    assert (cell.value, cell.is_date) == (dt.datetime(2025, 6, 1), True)
    assert cell.fill.fgColor.rgb == group_fill != "00000000"  # the new format kept the fill
    assert runner.invoke(app, ["unmerge", str(merged), "--out", str(restored)]).exit_code == 0
    before = _grid(openpyxl.load_workbook(deduped)[DATA])
    assert _grid(openpyxl.load_workbook(restored)[DATA]) == before


@pytest.fixture
def with_formulas(customers: Path) -> Path:
    """The customers with two formula columns, cached results included as Excel saves them:
    积分 = purchases x 2 (shared from J3, as Excel writes a filled-down column) and a cell
    reading the other sheet."""
    wb = openpyxl.load_workbook(customers)
    wb[DATA].cell(2, 10).value, wb[DATA].cell(2, 11).value = "积分", "来源"
    assert [wb[DATA].cell(r, 6).value for r in range(3, 11)] == PURCHASES
    wb.save(customers)
    patch = WorkbookPatch(customers)
    cells = {(r, 10): CellPatch(formula=f"F{r}*2", value=2 * n) for r, n in
             enumerate(PURCHASES, start=3)}  # fmt: skip
    cells.update({(r, 11): CellPatch(formula="备注!A1", value="别的工作表") for r in (4, 8)})
    patch.patch_cells(DATA, cells)
    out = customers.with_name("formulas.xlsx")
    patch.save(out)
    with zipfile.ZipFile(out) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    for r in range(3, 11):  # J3 holds the text, J4:J10 share it
        shared = (
            b'<f t="shared" ref="J3:J10" si="0">F3*2</f>' if r == 3 else b'<f t="shared" si="0"/>'
        )
        sheet = sheet.replace(b"<f>F%d*2</f>" % r, shared)
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    deduped = customers.with_name("formulas.dedupe.xlsx")
    groups = [Group(i, rows, 0.9) for i, rows in enumerate(GROUPS, start=1)]
    write_dedupe_workbook(read_table(out), groups, deduped)
    return deduped


def test_unmerge_puts_formulas_back(
    runner: CliRunner, with_formulas: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    merged, restored = with_formulas.with_name("m.xlsx"), with_formulas.with_name("u.xlsx")
    original = openpyxl.load_workbook(with_formulas)[DATA]
    assert original["J6"].value == "=F6*2" and original["K8"].value == "=备注!A1"
    assert runner.invoke(app, ["merge", str(with_formulas), "--out", str(merged)]).exit_code == 0
    gone = openpyxl.load_workbook(merged)[DATA]
    # rows 6, 8 and 10 are gone; the shared formula follows its rows (J6 is old J7's)
    assert [gone.cell(r, 10).value for r in range(3, 8)] == [f"=F{r}*2" for r in range(3, 8)]
    assert gone["K7"].value is None and gone.max_row == 7
    # the survivors' formulas stay, computed from the merged values
    assert [gone["J3"].value, gone["J4"].value, gone["K4"].value] == ["=F3*2", "=F4*2", "=备注!A1"]
    result = runner.invoke(app, ["unmerge", str(merged), "--out", str(restored)])
    assert result.exit_code == 0, result.output
    after = openpyxl.load_workbook(restored)[DATA]
    formulas = {(r, c): original.cell(r, c).value for r in range(3, 11) for c in (10, 11)}
    assert {k: after.cell(*k).value for k in formulas} == formulas
    assert _grid(after) == _grid(original)
    cached = (openpyxl.load_workbook(p, data_only=True)[DATA] for p in (with_formulas, restored))
    assert _grid(next(cached)) == _grid(next(cached))  # and the values they showed
    assert read_table(restored).df.equals(read_table(with_formulas).df)
    report = sheetcheck(restored, "--show", f"{DATA}!J3:K10")
    assert report["_exit_code"] == 0 and report["summary"]["error_cells"] == 0
    values = report["values"][f"{DATA}!J3:K10"]
    assert [line[0] for line in values] == [2 * n for n in PURCHASES]  # recalculated
    assert values[1][1] == values[5][1] == "别的工作表"


def test_a_merge_recorded_before_rows_were_removed_still_undoes(
    runner: CliRunner, deduped: Path
) -> None:
    """Journals of 8 columns, from merges that blanked the merged-away rows."""
    wb = openpyxl.load_workbook(deduped)
    ws = wb[DATA]
    journal = wb.create_sheet("xlcrm_merge_journal")
    journal.append(["batch", "sheet", "row", "column", "before_kind", "before", "after_kind",
                    "after"])  # fmt: skip
    for row in (6, 8, 10):
        for column in range(1, 10):
            kind, text = encode(ws.cell(row, column).value)
            if kind != "empty":
                journal.append([1, DATA, row, column, kind, text, "empty", ""])
                ws.cell(row, column).value = None
    journal.sheet_state = "hidden"
    old = deduped.with_name("old.xlsx")
    wb.save(old)
    restored = deduped.with_name("u.xlsx")
    result = runner.invoke(app, ["unmerge", str(old), "--out", str(restored)])
    assert result.exit_code == 0, result.output
    before = _grid(openpyxl.load_workbook(deduped)[DATA])
    assert _grid(openpyxl.load_workbook(restored)[DATA]) == before
