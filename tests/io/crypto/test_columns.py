"""Column encryption on real .xlsx files: exact round trips, no plaintext left, clear failures."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from typer.testing import CliRunner

from xlcrm.cli.app import app
from xlcrm.core.crypto.tokens import KdfParams, is_token
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.io.backup import list_backups
from xlcrm.io.crypto.columns import (
    MASK_TITLE,
    PROPERTY,
    WrongPassphraseError,
    decrypt_columns,
    encrypt_columns,
)
from xlcrm.io.passwords import encrypt_to, is_encrypted

PASS = "口令 passphrase 1"
HEADER = ["客户编号", "姓名", "手机", "邮箱", "生日", "最近下单", "累计金额", "同意", "备注"]
ROWS: list[list[Any]] = [
    ["C001", "张三", "013800138000", "zhang.san@qq.com", dt.date(1990, 1, 2),
     dt.datetime(2024, 3, 4, 5, 6, 7), 12.5, True, "老客户"],
    ["C002", "李四", 13800138001, "li.si@163.com", dt.date(1985, 12, 31),
     dt.datetime(2023, 1, 1, 23, 59, 59), 3, False, None],
    [None, "王五", "13900000002", "wang.wu@example.cn", None, None, None, None, "没有编号"],
    ["C004", "赵六", None, "zhao.liu@qq.com", dt.date(2000, 2, 29), None, 0.1, True, ""],
]  # fmt: skip
COLUMNS = ["phone", "email", "生日", "最近下单", "累计金额", "同意", "name"]
PLAINTEXTS = ["013800138000", "13800138001", "13900000002", "zhang.san@qq.com",
              "li.si@163.com", "wang.wu@example.cn", "zhao.liu@qq.com", "张三", "李四",
              "王五", "赵六"]  # fmt: skip


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at n=2**10 keeps these tests fast; the real cost is checked in one test."""
    cheap = classmethod(lambda cls: cls(salt=os.urandom(16), n=2**10))
    monkeypatch.setattr(KdfParams, "new", cheap)


def _workbook(path: Path, *, shared: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws.append(["客户名单（导出）"])
    ws.append(HEADER)
    for values in ROWS:
        ws.append(values)
    for number in range(3, 3 + len(ROWS)):
        ws.cell(number, 3).number_format = "@"
        ws.cell(number, 5).number_format = "yyyy/mm/dd"
        ws.cell(number, 6).number_format = "yyyy-mm-dd hh:mm:ss"
        ws.cell(number, 7).number_format = "#,##0.00"
    other = wb.create_sheet("其他")
    other.append(["说明", "这个表不含个人数据"])
    wb.save(path)
    return _to_shared_strings(path) if shared else path


def _to_shared_strings(path: Path) -> Path:
    """Store every text cell as a shared string, as Excel does (openpyxl writes inline ones)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    strings: dict[str, int] = {}  # each text stored once, as Excel does

    def share(match: re.Match[bytes]) -> bytes:
        text = str(etree.fromstring(b"<is>" + match.group(2) + b"</is>").xpath("string()"))
        index = strings.setdefault(text, len(strings))
        return match.group(1) + b' t="s"><v>' + str(index).encode() + b"</v></c>"

    cell = re.compile(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is>(.*?)</is></c>')
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = cell.sub(share, parts[name])
    root = etree.Element("sst", xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")
    for text in strings:
        etree.SubElement(etree.SubElement(root, "si"), "t").text = text
    parts["xl/sharedStrings.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    ss = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSS" Type="{ss}" Target="sharedStrings.xml"/></Relationships>'.encode(),
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}"/></Types>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def _cells(path: Path) -> dict[tuple[str, str], tuple[Any, str, str]]:
    """Every cell of every sheet: (value, data type, number format)."""
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): (cell.value, cell.data_type, cell.number_format)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _texts(path: Path) -> dict[str, str]:
    """Every part's bytes as text, plus the parsed text and attributes of its XML."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            raw = package.read(name)
            text = raw.decode("utf-8", "replace")
            if name.endswith((".xml", ".rels", ".vml")):
                root = etree.fromstring(raw)
                values = [*root.itertext(), *(v for el in root.iter() for v in el.attrib.values())]
                text += "\n" + "\n".join(values)
            found[name] = text
    return found


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared-strings"])
def test_round_trip_is_cell_for_cell_equal(tmp_path: Path, shared: bool) -> None:
    src = _workbook(tmp_path / "book.xlsx", shared=shared)
    enc, dec = tmp_path / "book.enc.xlsx", tmp_path / "book.dec.xlsx"
    run = encrypt_columns(src, COLUMNS, PASS, dst=enc)
    assert run.changed == 22 and run.by_row == 3  # 王五 has no id: bound by row
    encrypted = _cells(enc)
    assert all(is_token(encrypted[("客户", f"C{r}")][0]) for r in (3, 4, 5))
    assert encrypted[("客户", "I3")][0] == "老客户" and encrypted[("客户", "A3")][0] == "C001"
    back = decrypt_columns(enc, COLUMNS, PASS, dst=dec)
    assert back.changed == 22 and back.output == dec
    assert _cells(dec) == _cells(src)


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared-strings"])
def test_no_plaintext_in_any_part(tmp_path: Path, shared: bool) -> None:
    src = _workbook(tmp_path / "book.xlsx", shared=shared)
    assert any("zhang.san@qq.com" in t for t in _texts(src).values())  # the check can fail
    enc = tmp_path / "book.enc.xlsx"
    run = encrypt_columns(src, COLUMNS, PASS, dst=enc, mask=True)
    assert run.still_elsewhere == 0
    for name, text in _texts(enc).items():
        for plain in PLAINTEXTS:
            assert plain not in text, f"{plain!r} left in {name}"
    assert (
        "老客户"
        in _texts(enc)["xl/worksheets/sheet1.xml" if not shared else "xl/sharedStrings.xml"]
    )


def test_shared_string_also_used_elsewhere_stays_and_is_counted(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["其他"]["C1"] = "zhang.san@qq.com"
    wb.save(src)
    _to_shared_strings(src)
    run = encrypt_columns(src, ["email"], PASS, dst=tmp_path / "out.xlsx")
    assert run.still_elsewhere == 1
    assert _cells(tmp_path / "out.xlsx")[("其他", "C1")][0] == "zhang.san@qq.com"


def test_salt_and_check_value_live_in_a_document_property(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real scrypt parameters
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), ["phone"], PASS, dst=enc)
    stored = json.loads(openpyxl.load_workbook(enc).custom_doc_props[PROPERTY].value)
    assert stored["kdf"] == "scrypt" and (stored["n"], stored["r"], stored["p"]) == (2**15, 8, 1)
    assert len(stored["salt"]) >= 20 and len(stored["check"]) >= 20


def test_wrong_passphrase_writes_nothing(tmp_path: Path) -> None:
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), ["phone"], PASS, dst=enc)
    for run in (decrypt_columns, encrypt_columns):
        with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
            run(enc, ["phone", "email"], "not it", dst=tmp_path / "out.xlsx")
        assert not (tmp_path / "out.xlsx").exists()


def test_re_encrypting_changes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), ["phone", "email"], PASS, dst=first)
    run = encrypt_columns(first, ["phone", "email"], PASS, dst=second)
    assert (run.changed, run.left) == (0, 7)
    assert _cells(second) == _cells(first)


def _swap(path: Path, a: str, b: str, sheet: str = "客户") -> None:
    wb = openpyxl.load_workbook(path)  # keeps the custom document properties
    ws = wb[sheet]
    ws[a].value, ws[b].value = ws[b].value, ws[a].value
    wb.save(path)


@pytest.mark.parametrize(
    ("a", "b"),
    [("C3", "C5"), ("C3", "D3"), ("C5", "C4")],
    ids=["other-customer", "other-column", "row-bound-to-other-row"],
)
def test_moved_tokens_fail_with_their_cells_named(tmp_path: Path, a: str, b: str) -> None:
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), COLUMNS, PASS, dst=enc)
    _swap(enc, a, b)
    with pytest.raises(XlcrmError, match=rf"could not be decrypted \({a}, {b}\)|\({b}, {a}\)"):
        decrypt_columns(enc, COLUMNS, PASS, dst=tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_tampered_token_fails(tmp_path: Path) -> None:
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), ["email"], PASS, dst=enc)
    wb = openpyxl.load_workbook(enc)
    token = wb["客户"]["D4"].value
    middle = len(token) // 2
    wb["客户"]["D4"] = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    wb.save(enc)
    with pytest.raises(XlcrmError, match=r"\(D4\)"):
        decrypt_columns(enc, ["email"], PASS, dst=tmp_path / "out.xlsx")


def test_sorting_rows_with_customer_ids_still_decrypts(tmp_path: Path) -> None:
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "book.xlsx"), ["phone", "email"], PASS, dst=enc)
    wb = openpyxl.load_workbook(enc)
    ws = wb["客户"]
    for column in "ABCD":  # swap the whole records of C001 and C002
        ws[f"{column}3"].value, ws[f"{column}4"].value = (
            ws[f"{column}4"].value,
            ws[f"{column}3"].value,
        )
    wb.save(enc)
    decrypt_columns(enc, ["phone", "email"], PASS, dst=tmp_path / "out.xlsx")
    cells = _cells(tmp_path / "out.xlsx")
    assert cells[("客户", "C4")][:2] == ("013800138000", "s")
    assert cells[("客户", "C3")][:2] == (13800138001, "n")


def test_encrypted_ids_are_bound_by_row_and_still_bind_the_others(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "book.xlsx")
    enc, dec = tmp_path / "enc.xlsx", tmp_path / "dec.xlsx"
    run = encrypt_columns(src, ["customer_id", "phone"], PASS, dst=enc)
    assert is_token(_cells(enc)[("客户", "A3")][0])
    assert run.by_id == 2  # C001's and C002's phones (C004 has none, row 5 has no id)
    decrypt_columns(enc, ["phone"], PASS, dst=dec)  # the ids are decrypted in memory only
    assert _cells(dec)[("客户", "C3")][0] == "013800138000"
    assert is_token(_cells(dec)[("客户", "A3")][0])


def test_mask_adds_a_view_and_keeps_the_data(tmp_path: Path) -> None:
    enc = tmp_path / "enc.xlsx"
    run = encrypt_columns(
        _workbook(tmp_path / "book.xlsx"), ["phone", "email"], PASS, dst=enc, mask=True
    )
    assert run.masked_sheet == MASK_TITLE.zh
    ws = openpyxl.load_workbook(enc)[run.masked_sheet]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["行", "客户编号", "手机（脱敏）", "邮箱（脱敏）"]
    assert rows[2] == [4, "C002", "138****8001", "l***@163.com"]
    # the masked view is never the only copy: decryption still gives the full values
    decrypt_columns(enc, ["phone", "email"], PASS, dst=tmp_path / "dec.xlsx")
    assert _cells(tmp_path / "dec.xlsx")[("客户", "D4")][0] == "li.si@163.com"


def test_unknown_column_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(XlcrmError, match="There is no column 'fax'"):
        encrypt_columns(
            _workbook(tmp_path / "b.xlsx"), ["phone", "fax"], PASS, dst=tmp_path / "o.xlsx"
        )


def test_decrypting_a_workbook_without_tokens_writes_nothing(tmp_path: Path) -> None:
    run = decrypt_columns(_workbook(tmp_path / "b.xlsx"), ["phone"], PASS, dst=tmp_path / "o.xlsx")
    assert run.output is None and not (tmp_path / "o.xlsx").exists()


def test_password_protected_input_stays_protected(tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"
    encrypt_to(_workbook(tmp_path / "book.xlsx"), locked, "filepw")
    with pytest.raises(PasswordRequiredError):
        encrypt_columns(locked, ["phone"], PASS, dst=tmp_path / "enc.xlsx")
    encrypt_columns(locked, ["phone"], PASS, dst=tmp_path / "enc.xlsx", password="filepw")
    assert is_encrypted(tmp_path / "enc.xlsx")
    decrypt_columns(
        tmp_path / "enc.xlsx", ["phone"], PASS, dst=tmp_path / "dec.xlsx", password="filepw"
    )
    assert is_encrypted(tmp_path / "dec.xlsx")


# -- the command line ------------------------------------------------------------------------


def test_cli_encrypt_decrypt_in_place_with_backup_and_clean_audit(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = _workbook(tmp_path / "book.xlsx")
    original = _cells(src)
    env = {"XLCRM_PASSPHRASE": PASS}
    result = runner.invoke(app, ["encrypt", str(src), "--columns", "手机,email", "--json"], env=env)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["cells_encrypted"] == 7 and payload["output"].endswith("book.encrypt.xlsx")
    enc = tmp_path / "book.encrypt.xlsx"
    again = runner.invoke(app, ["encrypt", str(enc), "--columns", "phone,email"], env=env)
    assert again.exit_code == 0 and "已全部加密" in again.stderr
    result = runner.invoke(
        app, ["decrypt", str(enc), "--columns", "phone,email", "--out", str(enc)], env=env
    )
    assert result.exit_code == 0, result.output
    assert _cells(enc) == original and len(list_backups(enc)) == 1
    log = (tmp_path / ".xlcrm" / "audit.jsonl").read_text(encoding="utf-8")
    entries = [json.loads(line) for line in log.splitlines()]
    # each run that writes: a pending entry before its file appears, then the one completing it
    assert [(e["action"], e["status"]) for e in entries] == [
        (action, status)
        for action in ("encrypt", "encrypt", "decrypt")
        for status in ("pending", "done")
    ]
    for secret in [PASS, *PLAINTEXTS]:
        assert secret not in log


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["decrypt", "{enc}", "--columns", "phone"],
            {"XLCRM_PASSPHRASE": "nope"},
            "passphrase is wrong",
        ),
        (["encrypt", "{src}", "--columns", "fax"], {"XLCRM_PASSPHRASE": PASS}, "no column 'fax'"),
        (["encrypt", "{src}", "--columns", "phone"], {}, "passphrase is needed"),
    ],
    ids=["wrong-passphrase", "unknown-column", "no-passphrase"],
)
def test_cli_errors_exit_2_and_write_nothing(
    runner: CliRunner, tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    src = _workbook(tmp_path / "book.xlsx")
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(src, ["phone"], PASS, dst=enc)
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [a.format(src=src, enc=enc) for a in args]
    result = runner.invoke(app, argv, env={"XLCRM_PASSPHRASE": None, **env})
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".xlcrm") == before


def test_cli_asks_for_the_passphrase_twice_at_a_terminal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    import xlcrm.cli.options

    terminal = SimpleNamespace(stdin=SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(xlcrm.cli.options, "sys", terminal)
    src = _workbook(tmp_path / "book.xlsx")
    typed = "typo\nother\nright\nright\n"  # a mismatch is asked again
    result = runner.invoke(
        app,
        ["encrypt", str(src), "--columns", "phone"],
        input=typed,
        env={"XLCRM_PASSPHRASE": None},
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("再输入一次 / repeat") == 2
    decrypt_columns(tmp_path / "book.encrypt.xlsx", ["phone"], "right", dst=tmp_path / "d.xlsx")


def test_no_columns_named_means_the_personal_columns_but_the_name(tmp_path: Path) -> None:
    run = encrypt_columns(_workbook(tmp_path / "b.xlsx"), [], PASS, dst=tmp_path / "o.xlsx")
    assert [c.field for c in run.columns] == ["phone", "email"]


def test_xlcrm_notes_quoting_old_values_are_replaced(tmp_path: Path) -> None:
    from xlcrm.xlsx import CellPatch, WorkbookPatch

    noted = tmp_path / "noted.xlsx"
    patch = WorkbookPatch(_workbook(tmp_path / "book.xlsx"))
    patch.patch_cells(
        "客户", {(3, 3): CellPatch(comment="xlcrm 已修正，原值 / fixed, was: 013800138000")}
    )
    patch.save(noted)
    assert any("013800138000" in t for n, t in _texts(noted).items() if "comments" in n)
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(noted, ["phone"], PASS, dst=enc)
    texts = _texts(enc)
    assert not any("013800138000" in text for text in texts.values())
    assert any(
        "Encrypted; xlcrm's earlier note was removed" in t
        for n, t in texts.items()
        if "comments" in n
    )


def test_encrypted_workbook_opens_in_libreoffice(
    tmp_path: Path, sheetcheck: Callable[..., dict[str, Any]]
) -> None:
    enc = tmp_path / "enc.xlsx"
    encrypt_columns(_workbook(tmp_path / "b.xlsx", shared=True), COLUMNS, PASS, dst=enc, mask=True)
    report = sheetcheck(enc, "--show", "客户!C3:D3")
    assert report["_exit_code"] == 0, report
    assert [s["name"] for s in report["sheets"]] == ["客户", "其他", MASK_TITLE.zh]
    assert all(is_token(value) for value in report["values"]["客户!C3:D3"][0])
