"""``xlcrm dedupe`` / ``merge --auto`` through the command line, on real .xlsx files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlcrm.cli.app import app

ZH_HEADER = ["客户编号", "姓名", "公司", "手机号码", "电子邮箱", "地址"]
ZH_ROWS = [
    [
        "C01",
        "陈伟",
        "北京星辰科技有限公司",
        "13800138000",
        "chenwei@example.cn",
        "北京市朝阳区建国路1号",
    ],
    [
        "C02",
        "李娜",
        "上海海韵贸易有限公司",
        "13900139000",
        "lina@example.cn",
        "上海市黄浦区中山路2号",
    ],
    ["C03", "陳偉", "星辰科技", "138 0013 8000", "ChenWei@Example.cn", "北京市朝阳区建国路1号"],
    [
        "C04",
        "王芳",
        "广州绿源食品有限公司",
        "13700137000",
        "wangfang@example.cn",
        "广州市天河区体育西路3号",
    ],
    [
        "C05",
        "李娜",
        "杭州云帆网络有限公司",
        "13600136000",
        "lina.hz@example.cn",
        "杭州市西湖区文三路4号",
    ],
]  # rows 3 and 5 (Excel) are one customer; the two 李娜 are different people
EN_HEADER = ["Name", "Company", "Mobile", "Email"]
EN_ROWS = [
    ["John Smith", "Acme Co., Ltd.", "+1 415 555 0100", "john@acme.com"],
    ["Mary Jones", "Globex Inc.", "+1 415 555 0199", "mary@globex.com"],
    ["JOHN SMITH", "Acme", "(415) 555-0100", "John@Acme.com"],
]


@pytest.fixture
def zh_book(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook([["客户名单 2025"], ZH_HEADER, *ZH_ROWS], text_columns=(3,))


@pytest.fixture
def en_book(make_workbook: Callable[..., Path]) -> Path:
    return make_workbook([EN_HEADER, *EN_ROWS], name="en.xlsx", sheet="Customers")


def test_json_shape_and_exit_1_when_duplicates_are_found(runner: CliRunner, zh_book: Path) -> None:
    result = runner.invoke(app, ["dedupe", str(zh_book), "--json"])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"rows", "groups", "kept_apart"}
    assert payload["kept_apart"] == []
    assert payload["rows"] == 5
    (group,) = payload["groups"]
    assert set(group) == {"rows", "score", "reasons"}
    assert group["rows"] == [3, 5]
    assert 0 <= group["score"] <= 1
    assert group["reasons"] and all(isinstance(r, str) for r in group["reasons"])
    assert any("手机" in r or "邮箱" in r for r in group["reasons"])  # in the workbook's language
    assert not zh_book.with_name("book.dedupe.xlsx").exists()  # --json alone writes no copy


def test_exit_0_when_there_are_none(runner: CliRunner, make_workbook: Callable[..., Path]) -> None:
    book = make_workbook([ZH_HEADER, ZH_ROWS[0], ZH_ROWS[1], ZH_ROWS[3]])
    result = runner.invoke(app, ["dedupe", str(book), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["groups"] == []


def test_english_workbook_gets_english_reasons_and_sheets(runner: CliRunner, en_book: Path) -> None:
    out = en_book.with_name("en.out.xlsx")
    result = runner.invoke(app, ["dedupe", str(en_book), "--out", str(out), "--json"])
    assert result.exit_code == 1, result.output
    (group,) = json.loads(result.stdout)["groups"]
    assert group["rows"] == [2, 4]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in group["reasons"])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Customers", "Duplicates"]
    assert wb["Customers"].cell(1, 5).value == "Duplicate group"
    assert [c.value for c in wb["Duplicates"][1]][:5] == [
        "Group",
        "Row",
        "Score",
        "Merge?",
        "Reasons",
    ]


def test_out_is_written_by_default_with_groups_links_and_dropdown(
    runner: CliRunner, zh_book: Path
) -> None:
    result = runner.invoke(app, ["dedupe", str(zh_book)])
    assert result.exit_code == 1, result.output
    out = zh_book.with_name("book.dedupe.xlsx")
    assert str(out.name) in result.output.replace("\n", "")
    wb = openpyxl.load_workbook(out)
    data, dup = wb["客户"], wb["重复客户"]
    assert data.cell(2, 7).value == "重复组"
    assert [data.cell(r, 7).value for r in range(3, 8)] == [1, None, 1, None, None]
    assert data.cell(3, 2).fill.fgColor.rgb == data.cell(5, 2).fill.fgColor.rgb != "00000000"
    assert [dup.cell(r, 2).value for r in (2, 3)] == [3, 5]
    assert dup.cell(3, 2).hyperlink.location == "'客户'!B5"
    assert [dup.cell(r, 4).value for r in (2, 3)] == ["Y", "Y"]
    assert dup.cell(2, 7).value == "陈伟" and dup.cell(3, 7).value == "陳偉"
    (validation,) = dup.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "D2:D3"


def test_colleagues_on_one_switchboard_are_kept_apart_and_listed(
    runner: CliRunner, make_workbook: Callable[..., Path]
) -> None:
    header = ["姓名", "公司", "电话", "地址"]
    rows = [
        ["张伟", "瑞丰科技有限公司", "021-61234567", "上海市徐汇区漕溪北路1号"],
        ["刘芳", "瑞丰科技有限公司", "021-61234567", "上海市徐汇区漕溪北路1号"],
        ["王磊", "恒信贸易有限公司", "13500001111", "上海市浦东新区世纪大道100号"],
    ]
    book = make_workbook([header, *rows], text_columns=(3,))
    out = book.with_name("apart.xlsx")
    result = runner.invoke(app, ["dedupe", str(book), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output  # no duplicates
    payload = json.loads(result.stdout)
    assert payload["groups"] == []
    (apart,) = payload["kept_apart"]
    assert apart["rows"] == [2, 3] and apart["score"] < 0.85
    assert "同一总机 +862161234567，姓名不同（+1）" in apart["reasons"]
    wb = openpyxl.load_workbook(out)
    sheet = wb["判为不同"]
    assert [c.value for c in sheet[1]][:4] == ["对", "行", "得分", "为何不是同一客户"]
    assert [sheet.cell(r, 2).value for r in (2, 3)] == [2, 3]
    assert sheet.cell(3, 2).hyperlink.location == "'客户'!A3"
    assert "姓名不同 张伟 ≠ 刘芳" in sheet.cell(2, 4).value
    assert [sheet.cell(r, 5).value for r in (2, 3)] == ["张伟", "刘芳"]
    # a re-run on the output reads the same data sheet, not the new sheet
    again = runner.invoke(app, ["dedupe", str(out), "--json"])
    assert json.loads(again.stdout)["rows"] == 3


def test_a_merge_renumbers_the_rows_kept_apart(
    runner: CliRunner, make_workbook: Callable[..., Path]
) -> None:
    header = ["姓名", "公司", "电话", "邮箱"]
    rows = [
        ["陈伟", "星辰科技有限公司", "13800138000", "cw@x.cn"],
        ["陳偉", "星辰科技", "138 0013 8000", "cw@x.cn"],
        ["张伟", "瑞丰科技有限公司", "021-61234567", None],
        ["刘芳", "瑞丰科技有限公司", "021-61234567", None],
    ]
    book = make_workbook([header, *rows], text_columns=(3,))
    deduped, merged = book.with_name("d.xlsx"), book.with_name("m.xlsx")
    assert runner.invoke(app, ["dedupe", str(book), "--out", str(deduped)]).exit_code == 1
    assert runner.invoke(app, ["merge", str(deduped), "--out", str(merged)]).exit_code == 0
    apart = openpyxl.load_workbook(merged)["判为不同"]
    assert [apart.cell(r, 2).value for r in (2, 3)] == [3, 4]  # row 3 is gone: 4, 5 moved up
    assert apart.cell(2, 2).hyperlink.location == "'客户'!A3"


def test_rerun_on_its_own_output_replaces_the_marks(runner: CliRunner, zh_book: Path) -> None:
    first, second = zh_book.with_name("a.xlsx"), zh_book.with_name("b.xlsx")
    assert runner.invoke(app, ["dedupe", str(zh_book), "--out", str(first)]).exit_code == 1
    result = runner.invoke(app, ["dedupe", str(first), "--out", str(second), "--json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["groups"][0]["rows"] == [3, 5]
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames == ["客户", "重复客户"]
    assert wb["客户"].max_column == 7  # the group column is reused, not added again


def test_on_compares_named_columns(runner: CliRunner, make_workbook: Callable[..., Path]) -> None:
    rows = [["产品", "规格", "供应商"], ["螺丝 M3", "10mm", "甲厂"], ["螺丝M3", "10 mm", "乙厂"],
            ["垫片", "5mm", "甲厂"]]  # fmt: skip
    book = make_workbook(rows)
    result = runner.invoke(app, ["dedupe", str(book), "--on", "产品,规格", "--json"])
    assert result.exit_code in (0, 1), result.output  # a sheet that is no customer list
    assert json.loads(result.stdout)["rows"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "姓名,不存在的列"], "不存在的列"),
        (["--threshold", "1.5"], "--threshold"),
    ],
)
def test_bad_options_are_one_sentence(
    runner: CliRunner, zh_book: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["dedupe", str(zh_book), "--json", *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert result.stdout == ""


def test_missing_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["dedupe", str(tmp_path / "nope.xlsx"), "--json"])
    assert result.exit_code == 2 and result.stdout == ""


def test_full_flow_dedupe_merge_unmerge(runner: CliRunner, zh_book: Path) -> None:
    deduped, merged, back = (zh_book.with_name(n) for n in ("d.xlsx", "m.xlsx", "u.xlsx"))
    assert runner.invoke(app, ["dedupe", str(zh_book), "--out", str(deduped)]).exit_code == 1
    result = runner.invoke(app, ["merge", str(deduped), "--out", str(merged), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["groups"][0]["survivor"] == 3
    ws = openpyxl.load_workbook(merged)["客户"]
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == ["C01", "C02", "C04", "C05"]
    assert ws.cell(3, 3).value == "北京星辰科技有限公司"
    assert runner.invoke(app, ["unmerge", str(merged), "--out", str(back)]).exit_code == 0
    before, after = openpyxl.load_workbook(deduped)["客户"], openpyxl.load_workbook(back)["客户"]
    width, height = max(before.max_column, after.max_column), max(before.max_row, after.max_row)
    for r in range(1, height + 1):
        for c in range(1, width + 1):
            assert before.cell(r, c).value == after.cell(r, c).value, (r, c)


def test_merge_auto_needs_no_duplicates_sheet(runner: CliRunner, zh_book: Path) -> None:
    out = zh_book.with_name("auto.xlsx")
    result = runner.invoke(app, ["merge", str(zh_book), "--auto", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb["已合并"].cell(2, 3).value == 5
    assert wb["客户"].cell(5, 2).value == "王芳" and wb["客户"].max_row == 6  # row 5 is gone
