"""Reading real .xlsx/.csv files: header finding, raw values, sheet choice, clear errors."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from xlcrm.errors import (
    CorruptWorkbookError,
    EmptySheetError,
    FileLockedError,
    FileMissingError,
    NoHeaderError,
    PasswordRequiredError,
    SheetNotFoundError,
    UnsupportedFormatError,
)
from xlcrm.io.reader import column_letter, find_header_row, read_settings, read_table

HEADER = [
    "客户编号",
    "姓名",
    "手机号码",
    "电子邮箱",
    "累计消费金额（元）",
    "最近购买日期",
    "微信号",
]


def _titled(rows: list[list[object]]) -> list[list[object]]:
    return [["2026年客户台账"], ["导出时间：2026-11-01，仅供内部使用"], [], HEADER, *rows]


def test_header_below_title_rows_is_found(make_workbook: Callable[..., Path]) -> None:
    path = make_workbook(_titled([["C001", "张三", "13800138000", "a@qq.com", 100, None, "wx1"]]))
    table = read_table(path)
    assert table.header_row == 4
    assert [c.field for c in table.columns] == [
        "customer_id", "name", "phone", "email", "total_amount", "last_purchase_at", None,
    ]  # fmt: skip
    assert list(table.df.index) == [5]
    assert table.df.loc[5, "微信号"] == "wx1"  # the unknown column is carried through


def test_merged_title_cells_above_the_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "客户名单"
    ws.merge_cells("A1:G2")
    for c, h in enumerate(HEADER, start=1):
        ws.cell(3, c, h)
    ws.cell(4, 2, "李四")
    ws.cell(4, 3, "13900139000")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.header_row == 3
    assert table.df.loc[4, "name"] == "李四"


def test_raw_values_are_kept_as_typed(make_workbook: Callable[..., Path]) -> None:
    rows = [
        ["C001", "张三", "013800138000", "a@qq.com", 1234.5, dt.date(2026, 3, 5), None],
        ["C002", "李四", 13800138000, None, 13800138000, dt.datetime(2026, 3, 5, 9, 30), None],
        ["00123", "王五", "8613912345678901", None, "1,234元", "2026/3/5", None],
    ]
    path = make_workbook(_titled(rows), text_columns=(0, 2))
    df = read_table(path).df
    assert df.loc[5, "phone"] == "013800138000"  # leading zero survives as text
    assert df.loc[6, "phone"] == 13800138000 and isinstance(df.loc[6, "phone"], int)
    assert df.loc[7, "phone"] == "8613912345678901"  # long digit string stays text
    assert df.loc[7, "customer_id"] == "00123"
    assert df.loc[5, "total_amount"] == 1234.5
    assert df.loc[7, "total_amount"] == "1,234元"
    assert df.loc[5, "last_purchase_at"] == dt.date(2026, 3, 5)
    assert df.loc[6, "last_purchase_at"] == dt.datetime(2026, 3, 5, 9, 30)
    assert df.loc[7, "last_purchase_at"] == "2026/3/5"
    assert df.loc[6, "email"] is None


def test_blank_rows_are_skipped_but_row_numbers_kept(make_workbook: Callable[..., Path]) -> None:
    path = make_workbook([["姓名", "手机"], ["张三", "1"], [None, None], ["李四", "2"]])
    assert list(read_table(path).df.index) == [2, 4]


def test_headerless_column_with_data_is_kept(make_workbook: Callable[..., Path]) -> None:
    path = make_workbook([["姓名", "手机", None], ["张三", "1", "note"]])
    table = read_table(path)
    assert [(c.letter, c.key) for c in table.columns][-1] == ("C", "(C)")
    assert table.df.loc[2, "(C)"] == "note"


def test_sheet_choice_skips_sheets_without_customer_headers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "封面"
    first["A1"] = "本文件包含客户资料"
    data = wb.create_sheet("名单")
    data.append(["Name", "Phone", "Email"])
    data.append(["Ann", "+1 650 253 0000", "ann@example.com"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.sheet == "名单" and table.language == "en"
    assert read_table(path, sheet="名单").sheet == "名单"
    with pytest.raises(SheetNotFoundError, match="封面"):
        read_table(path, sheet="Missing")
    with pytest.raises(NoHeaderError):
        read_table(path, sheet="封面")


@pytest.mark.parametrize(
    "title", ["问题清单", "Tier legend", "重复客户", "已合并", "To update", "脱敏视图", "归档"]
)
def test_sheets_xlcrm_writes_are_never_the_customer_list(tmp_path: Path, title: str) -> None:
    wb = openpyxl.Workbook()
    written = wb.active
    assert written is not None
    written.title = title  # listing rows of customers, as xlcrm's own sheets do
    written.append(["行", "姓名", "手机"])
    written.append([2, "张三", "13800138000"])
    data = wb.create_sheet("客户")
    data.append(["姓名", "手机", "邮箱"])
    data.append(["张三", "13800138000", "a@qq.com"])
    path = tmp_path / "marked.xlsx"
    wb.save(path)
    assert read_table(path).sheet == "客户"
    assert read_table(path, sheet=title).sheet == title  # unless asked for by name


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk"])
def test_csv_in_utf8_and_gbk(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        "姓名,手机,邮箱\n张三,013800138000,a@qq.com\n陳偉,13900139000,\n".encode(encoding)
    )
    table = read_table(path)
    assert table.source_kind == "csv"
    assert table.df.loc[2, "phone"] == "013800138000"
    assert table.df.loc[3, "name"] == "陳偉"


def test_settings_are_read_from_the_settings_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "手机"])
    settings = wb.create_sheet("设置")
    settings.append(["设置项", "值", "说明", "键"])
    settings.append(["活跃天数", 30, "", "activity_active_days"])
    settings.append(["界面语言", "en", "", "language"])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    assert read_settings(path).activity_active_days == 30
    assert read_table(path).language == "en"  # the setting beats the Chinese headers


# --- errors: one clear sentence each -------------------------------------------------


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="does not exist"):
        read_table(tmp_path / "nope.xlsx")
    with pytest.raises(FileMissingError, match="folder"):
        read_table(tmp_path)


def test_truncated_workbook(make_workbook: Callable[..., Path], tmp_path: Path) -> None:
    good = make_workbook([["姓名", "手机"], ["张三", "1"]])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CorruptWorkbookError, match="damaged"):
        read_table(broken)


def test_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello")
    with pytest.raises(CorruptWorkbookError, match="not an Excel workbook"):
        read_table(fake)
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as package:
        package.writestr("word/document.xml", "<w/>")
    with pytest.raises(CorruptWorkbookError, match="zip package"):
        read_table(docx)


def test_xls_is_refused_with_save_as_advice(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(UnsupportedFormatError, match=r"save it as an \.xlsx"):
        read_table(old)


def test_password_protected_workbook(make_workbook: Callable[..., Path], tmp_path: Path) -> None:
    plain = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        office = OOXMLFile(src)
        office.encrypt("s3cret", dst)
    with pytest.raises(PasswordRequiredError, match="password"):
        read_table(locked)
    with pytest.raises(PasswordRequiredError, match=r"wrong|could not be decrypted"):
        read_table(locked, password="nope")
    assert read_table(locked, password="s3cret").df.loc[2, "name"] == "张三"


def test_empty_sheet_and_no_header(make_workbook: Callable[..., Path]) -> None:
    with pytest.raises(EmptySheetError, match="empty"):
        read_table(make_workbook([], name="empty.xlsx"))
    with pytest.raises(NoHeaderError, match="No header row"):
        read_table(make_workbook([["a", "b"], [1, 2]], name="nohead.xlsx"))


def test_find_header_row_prefers_the_row_naming_most_fields() -> None:
    grid = [["客户资料"], ["姓名"], ["姓名", "手机", "邮箱"], ["张三", "1", "x"]]
    assert find_header_row(grid) == 2
    assert find_header_row([["x"]] * 40 + [["姓名", "手机"]]) is None  # beyond row 30


@pytest.mark.parametrize(
    ("n", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(n: int, letters: str) -> None:
    assert column_letter(n) == letters


def test_file_locked_by_another_program(
    make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workbook([["姓名", "手机"], ["张三", "1"]])
    real_open = Path.open

    def locked_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "The process cannot access the file", str(path))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", locked_open)
    with pytest.raises(FileLockedError, match="close it in Excel"):
        read_table(path)


def test_column_named_by_field_header_or_alias(make_workbook: Callable[..., Path]) -> None:
    path = make_workbook([["姓名", "手机号码", "微信号"], ["张三", "13800138000", "wx"]])
    table = read_table(path)
    assert table.column_named("phone") == table.column_named("Mobile") == table.columns[1]
    assert table.column_named("手机号码") == table.columns[1]
    assert table.column_named("微信号") == table.columns[2]
    assert table.column_named("email") is None
