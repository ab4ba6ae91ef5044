"""Encrypt or decrypt whole columns of a workbook into a copy (``xlcrm encrypt|decrypt``).

Each non-empty cell of the chosen columns becomes a token of
:mod:`xlcrm.core.cellcrypto` (an ordinary text cell); decryption puts back the value
with its type, into the same cell, whose style (number format included) never changed.

Where the key material lives: the custom document property ``xlcrm_crypto``
(``docProps/custom.xml``; Excel shows it under File > Info > Properties > Advanced >
Custom and keeps it when saving) holds JSON with the scrypt parameters, the salt and
the key check value, e.g. ``{"v":1,"kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"...",
"check":"..."}``. None of it is secret. Every encrypted column of a workbook shares it,
so encrypting more columns later needs the same passphrase; it stays after decrypting.

No plaintext is left behind: the cells are written as inline strings by
:class:`~xlcrm.io.patch.WorkbookPatch`, and the shared strings only the encrypted cells
used are blanked in ``sharedStrings.xml`` (kept as empty entries so no other cell's index
moves). Notes xlcrm wrote on those cells (``check --fix`` quotes the old value) are
replaced. A value also shown by a cell outside the encrypted columns (another column,
another sheet such as check's Issues) stays there; the summary counts such values. A
formula in an encrypted column is
replaced by its value; a cell whose formula others depend on (a shared or array
formula's first cell) stops the run before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from xlcrm.actions import Progress, no_progress
from xlcrm.core.cellcrypto import CellKey, KdfParams, TokenError, is_token, mask_value, row_id
from xlcrm.errors import XlcrmError
from xlcrm.io._patch_cells import column_number, parse_ref
from xlcrm.io._patch_notes import AUTHOR
from xlcrm.io._patch_package import (
    CT_CUSTOM_PROPS,
    MAIN_NS,
    REL_NS,
    RT_COMMENTS,
    RT_CUSTOM_PROPS,
    Package,
    parse_xml,
    to_xml,
)
from xlcrm.io._patch_props import custom_part
from xlcrm.io.backup import make_backup
from xlcrm.io.passwords import decrypt_to, encrypt_to, is_encrypted
from xlcrm.io.patch import CellPatch, WorkbookPatch
from xlcrm.io.reader import Column, SheetTable, read_table
from xlcrm.io.sources import open_source
from xlcrm.io.writer import replace_atomically
from xlcrm.schema import PERSONAL_FIELDS, map_headers

PROPERTY = "xlcrm_crypto"
MASK_TITLES = {"zh": "脱敏视图", "en": "Masked"}
ENCRYPTED_NOTE = "xlcrm: 已加密，原批注已删除。 Encrypted; xlcrm's earlier note was removed."
DEFAULT_FIELDS = tuple(f for f in PERSONAL_FIELDS if f != "name")  # phone, email, address
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_RT_SHARED_STRINGS = REL_NS + "/sharedStrings"


class WrongPassphraseError(XlcrmError):
    """The passphrase does not match the workbook's key check value."""


@dataclass
class ColumnCount:
    """One column of a run: cells changed, and cells left as they were."""

    letter: str
    header: str
    field: str | None
    changed: int = 0
    left: int = 0  # encrypt: already tokens; decrypt: not tokens


@dataclass
class CryptoRun:
    """What :func:`encrypt_columns` or :func:`decrypt_columns` did (no cell values in it)."""

    sheet: str
    rows: int
    language: str
    columns: list[ColumnCount]
    by_id: int = 0  # cells bound to their row's customer id
    by_row: int = 0  # cells bound to their Excel row number
    output: Path | None = None
    still_elsewhere: int = 0  # encrypted values also in cells outside the columns
    formulas_dropped: int = 0
    masked_sheet: str | None = None
    failed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.columns)

    @property
    def left(self) -> int:
        return sum(c.left for c in self.columns)


def encrypt_columns(
    src: Path, names: Sequence[str], passphrase: str, *, dst: Path, sheet: str | None = None,
    mask: bool = False, password: str | None = None, progress: Progress = no_progress,
) -> CryptoRun:  # fmt: skip
    """Write to ``dst`` a copy of ``src`` whose ``names`` columns are encrypted."""
    return _run("encrypt", src, names, passphrase, dst, sheet, mask, password, progress)


def decrypt_columns(
    src: Path, names: Sequence[str], passphrase: str, *, dst: Path, sheet: str | None = None,
    password: str | None = None, progress: Progress = no_progress,
) -> CryptoRun:  # fmt: skip
    """Write to ``dst`` a copy of ``src`` with the tokens of ``names`` decrypted.

    Nothing is written (and ``output`` is None) when those columns hold no tokens.
    """
    return _run("decrypt", src, names, passphrase, dst, sheet, False, password, progress)


def resolve_columns(table: SheetTable, names: Sequence[str]) -> list[Column]:
    """The sheet's columns named by field (phone), header text (手机) or a header alias.

    No names (a ribbon button has no --columns) means the personal fields the sheet has
    except the name, which people need to recognise a customer: DEFAULT_FIELDS.
    """
    if not [n for n in names if n.strip()]:
        names = [
            c.field for c in table.columns if c.field is not None and c.field in DEFAULT_FIELDS
        ]
    found: list[Column] = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        alias = map_headers([name])[0]
        column = next(
            (
                c
                for c in table.columns
                if (c.field is not None and c.field in (name.lower(), alias))
                or c.header.casefold() == name.casefold()
            ),
            None,
        )
        if column is None:
            listed = ", ".join(c.field or c.header for c in table.columns if c.field or c.header)
            raise XlcrmError(
                f"工作表“{table.sheet}”中没有“{name}”这一列（现有：{listed}）。"
                f" There is no column '{name}' in the sheet '{table.sheet}' (columns: {listed})."
            )
        if column not in found:
            found.append(column)
    if not found:
        raise XlcrmError(
            "请用 --columns 指定要处理的列（这个表没有手机、邮箱、地址列）。"
            " Name the columns with --columns (the sheet has no phone, email or address column)."
        )
    return found


def split_names(text: str) -> list[str]:
    """'phone,email' (also with ， or 、) as a list of names."""
    return [n.strip() for n in re.split(r"[,，、;；]", text) if n.strip()]


def column_name(column: Column) -> str:
    """What binds a token to its column: the field name, else the header text."""
    return column.field or column.header


# -- one run -----------------------------------------------------------------------------


def _run(
    mode: str, src: Path, names: Sequence[str], passphrase: str, dst: Path,
    sheet: str | None, mask: bool, password: str | None, progress: Progress,
) -> CryptoRun:  # fmt: skip
    table = read_table(src, sheet=sheet, password=password)  # clear errors, password checked
    targets = resolve_columns(table, names)
    locked = is_encrypted(src)
    with tempfile.TemporaryDirectory(prefix="xlcrm-") as folder:
        plain = (
            decrypt_to(src, Path(folder) / f"plain{dst.suffix}", password or "") if locked else src
        )
        patch = WorkbookPatch(plain)
        try:
            progress("密钥 key…", 0, 1)
            key = _key(mode, passphrase, patch, table, targets)
            run = CryptoRun(table.sheet, len(table.df), table.language, [])
            if key is None:  # decrypt, and nothing in the workbook was ever encrypted
                run.columns = [ColumnCount(c.letter, c.header, c.field) for c in targets]
                return run
            cells, clear = _plan(mode, key, table, targets, run, mask, progress)
            if run.failed:
                raise _failed_error(run.failed)
            if mode == "decrypt" and not cells:
                return run
            masks = _mask_rows(table, targets, clear) if mask else None
            _apply(patch, mode, key, table, targets, cells, masks, run)
            if mode == "encrypt":
                run.still_elsewhere = _in_clear_elsewhere(plain, table, targets, clear)
            progress("写入 writing…", 0, 1)
            run.formulas_dropped = _save(
                patch, dst, table, set(cells), password if locked else None, mode == "encrypt"
            )
            run.output = dst
            return run
        finally:
            patch.close()


def _apply(
    patch: WorkbookPatch, mode: str, key: CellKey, table: SheetTable, targets: list[Column],
    cells: dict[tuple[int, int], CellPatch], masks: Iterator[list[object]] | None, run: CryptoRun,
) -> None:  # fmt: skip
    """Schedule the cells, the shared strings to blank, the key record and the masked view."""
    if mode == "encrypt":
        # xlcrm's own notes (from `check --fix`) may quote the old value: replace them
        for cell in _xlcrm_notes(patch, table.sheet) & cells.keys():
            cells[cell] = CellPatch(value=cells[cell].value, comment=ENCRYPTED_NOTE)
        _blank_shared_strings(patch, table.sheet, set(cells))
        record = {"v": 1, **key.params.to_dict(), "check": key.check_value}
        _write_property(patch, json.dumps(record))
    patch.patch_cells(table.sheet, cells)
    if masks is not None:
        id_column = table.column_for("customer_id")
        shown = [14.0] if id_column is not None and id_column not in targets else []
        widths = [8.0, *shown, *(24.0 for _ in targets)]
        title = MASK_TITLES[table.language]
        run.masked_sheet = patch.add_sheet(title, masks, column_widths=widths, tab_color="FF7F7F7F")


def _key(
    mode: str, passphrase: str, patch: WorkbookPatch, table: SheetTable, targets: list[Column]
) -> CellKey | None:
    """The run's key, derived once; a wrong passphrase stops here, before any cell."""
    stored = _read_property(patch)
    if stored is None:
        if any(is_token(v) for c in targets for v in table.df[c.key]):
            raise XlcrmError(
                f"“{table.path.name}”中有 xlcrm 密文，但缺少解密所需的盐值和校验值"
                f"（自定义文档属性 {PROPERTY} 不见了）。"
                f" {table.path.name} holds xlcrm tokens but its salt and key check value"
                f" (the custom document property {PROPERTY}) are missing; use a backup."
            )
        return CellKey(passphrase, KdfParams.new()) if mode == "encrypt" else None
    try:
        data = json.loads(stored)
        params, check = KdfParams.from_dict(data), str(data["check"])
    except (ValueError, KeyError, TypeError):
        raise XlcrmError(
            f"文档属性 {PROPERTY} 已损坏，无法解密。"
            f" The document property {PROPERTY} is damaged; the columns cannot be decrypted."
        ) from None
    key = CellKey(passphrase, params)
    if not key.matches(check):
        raise WrongPassphraseError(
            "口令不正确：与加密这个工作簿时所用的口令不同；未写入任何文件。"
            " The passphrase is wrong: it is not the one this workbook was encrypted with;"
            " nothing was written."
        )
    return key


def _plan(
    mode: str, key: CellKey, table: SheetTable, targets: list[Column], run: CryptoRun,
    mask: bool, progress: Progress,
) -> tuple[dict[tuple[int, int], CellPatch], list[dict[int, object]]]:  # fmt: skip
    """The cell patches, and each column's values in clear by row; failures go to ``run.failed``."""
    id_column = table.column_for("customer_id")
    ids = _row_ids(key, table, id_column)
    cells: dict[tuple[int, int], CellPatch] = {}
    plain_by_column: list[dict[int, object]] = []
    for step, column in enumerate(targets):
        progress(f"{column.header}…", step, len(targets))
        count = ColumnCount(column.letter, column.header, column.field)
        run.columns.append(count)
        name, position = column_name(column), column.position + 1
        own_id = column is id_column
        plain: dict[int, object] = {}
        for row, value in table.df[column.key].items():
            row, customer = int(row), None if own_id else ids.get(int(row))
            if value is None:
                continue
            if not is_token(value):
                plain[row] = value
                if mode == "encrypt":
                    token = key.encrypt(value, row=row, column=name, customer_id=customer)
                    cells[(row, position)] = CellPatch(value=token)
                    count.changed += 1
                    run.by_id, run.by_row = run.by_id + bool(customer), run.by_row + (not customer)
                else:
                    count.left += 1
                continue
            if mode == "encrypt":
                count.left += 1
                if mask:
                    plain[row] = _try_decrypt(key, value, row, name, customer)
                continue
            try:
                restored = key.decrypt(value, row=row, column=name, customer_id=customer)
            except TokenError:
                run.failed.append(f"{column.letter}{row}")
                continue
            cells[(row, position)] = CellPatch(value=_cell_value(restored))
            count.changed += 1
        plain_by_column.append(plain)
    return cells, plain_by_column


def _row_ids(key: CellKey, table: SheetTable, id_column: Column | None) -> dict[int, str | None]:
    """Each row's customer id in clear (an encrypted id is decrypted in memory)."""
    if id_column is None:
        return {}
    ids: dict[int, str | None] = {}
    name = column_name(id_column)
    for row, value in table.df[id_column.key].items():
        if is_token(value):
            value = _try_decrypt(key, value, int(row), name, None)
        ids[int(row)] = row_id(value)
    return ids


def _try_decrypt(key: CellKey, token: str, row: int, column: str, customer: str | None) -> object:
    try:
        return key.decrypt(token, row=row, column=column, customer_id=customer)
    except TokenError:
        return None


def _cell_value(value: object) -> object:
    """A decrypted value as the patcher writes it (a time of day is a fraction of a day)."""
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return seconds / 86400
    return value


def _mask_rows(
    table: SheetTable, targets: list[Column], plain: list[dict[int, object]]
) -> Iterator[list[object]]:
    """The masked view: Excel row, the customer id when it is not encrypted, masked values."""
    id_column = table.column_for("customer_id")
    show_id = id_column is not None and id_column not in targets
    row_label = "行" if table.language == "zh" else "Row"
    suffix = "（脱敏）" if table.language == "zh" else " (masked)"
    id_header = [id_column.header] if show_id and id_column else []
    yield [row_label, *id_header, *(c.header + suffix for c in targets)]
    for row in table.df.index:
        row = int(row)
        ident = [table.df.at[row, id_column.key]] if show_id and id_column else []
        yield [
            row,
            *ident,
            *(mask_value(c.field, p.get(row)) for c, p in zip(targets, plain, strict=True)),
        ]


def _failed_error(cells: list[str]) -> XlcrmError:
    shown = "、".join(cells[:5]) + ("…" if len(cells) > 5 else "")
    shown_en = ", ".join(cells[:5]) + (", ..." if len(cells) > 5 else "")
    return XlcrmError(
        f"有 {len(cells)} 个单元格无法解密（{shown}）：密文被改动过，或被移到了别的行或列"
        "（例如排序后）；未写入任何文件。"
        f" {len(cells)} cells could not be decrypted ({shown_en}): their tokens were changed"
        " or moved to another row or column (for example by sorting); nothing was written."
    )


def _save(
    patch: WorkbookPatch, dst: Path, table: SheetTable, cells: set[tuple[int, int]],
    password: str | None, encrypting: bool,
) -> int:  # fmt: skip
    """Save through a temporary file, back up first when ``dst`` is the input itself, and
    encrypt with the file password the input had."""
    with tempfile.TemporaryDirectory(prefix="xlcrm-") as folder:
        temp = Path(folder) / f"out{dst.suffix}"
        # tokens are random and barely compress; zlib's fastest level halves the time
        # spent on them for a file about a fifth bigger (bench/security.py)
        summary = patch.save(temp, compresslevel=1 if encrypting else 6)
        stuck = [cell for name, cell, _why in summary.skipped if name == table.sheet]
        if stuck:
            raise XlcrmError(
                f"单元格 {'、'.join(stuck[:5])} 的公式被其他单元格引用，无法替换为密文；"
                "请先把这一列改为数值（复制 → 选择性粘贴 → 数值）；未写入任何文件。"
                f" The cells {', '.join(stuck[:5])} hold formulas other cells depend on, so"
                " they cannot be encrypted; paste the column as values first; nothing was written."
            )
        if dst.resolve() == table.path.resolve():
            make_backup(table.path, keep=table.settings.backups_keep)
        if password is not None:
            replace_atomically(dst, lambda out: encrypt_to(temp, out, password))
        else:
            replace_atomically(dst, lambda out: _copy(temp, out))
        return summary.formulas_dropped


def _copy(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)


def _in_clear_elsewhere(
    src: Path, table: SheetTable, targets: list[Column], clear: list[dict[int, object]]
) -> int:
    """How many of the encrypted values other cells (other columns and sheets) still show.

    Text of 2+ characters and whole numbers of 5+ digits count; shorter values and
    decimals, dates and booleans are too common to mean a copy of personal data.
    """
    wanted = {v for values in clear for v in values.values() if _distinctive(v)}
    if not wanted:
        return 0
    found: set[object] = set()
    seen = wanted.__contains__  # a set lookup per cell, run by filter() in C
    for column in table.columns:
        if column not in targets:
            found.update(filter(seen, table.df[column.key].to_numpy()))
    source = open_source(src)
    for name in source.sheet_names:
        if name not in (table.sheet, MASK_TITLES["zh"], MASK_TITLES["en"]):
            for row in source.grid(name):
                found.update(filter(seen, row))
    return len(found)


def _distinctive(value: object) -> bool:
    if isinstance(value, str):
        return len(value.strip()) >= 2
    return type(value) is int and abs(value) >= 10_000


# -- inside the package (WorkbookPatch keeps these parts private; see the module doc) ------


def _package(patch: WorkbookPatch) -> Package:
    return patch._package  # no public hook for document properties yet


def _read_property(patch: WorkbookPatch) -> str | None:
    package = _package(patch)
    part = custom_part(package)
    if part is None:
        return None
    for node in parse_xml(package.read(part), part):
        if node.get("name") == PROPERTY:
            return "".join(node.itertext())
    return None


def _write_property(patch: WorkbookPatch, value: str) -> None:
    """Set the text property ``xlcrm_crypto`` in docProps/custom.xml (made if missing)."""
    package = _package(patch)
    part = custom_part(package)
    if part is None:
        part = "docProps/custom.xml"
        if package.has(part):
            part = package.unique_name("docProps/custom{}.xml")
        package.rels("").add(RT_CUSTOM_PROPS, part)
        package.content_types.set_override(part, CT_CUSTOM_PROPS)
        root = etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT})
    else:
        root = parse_xml(package.read(part), part)
    for node in [n for n in root if n.get("name") == PROPERTY]:
        root.remove(node)
    pids = [int(n.get("pid", "1")) for n in root if n.get("pid", "").isdigit()]
    node = etree.SubElement(
        root, f"{{{_NS}}}property", fmtid=_FMTID, pid=str(max([1, *pids]) + 1), name=PROPERTY
    )
    etree.SubElement(node, f"{{{_VT}}}lpwstr").text = value
    package.put(part, to_xml(root))


def _xlcrm_notes(patch: WorkbookPatch, sheet: str) -> set[tuple[int, int]]:
    """The cells of ``sheet`` that carry a note by xlcrm."""
    book, package = patch._book, _package(patch)
    entry = book.find(sheet)
    if entry is None:
        return set()
    notes: set[tuple[int, int]] = set()
    for rel in package.rels(entry.part).of_type(RT_COMMENTS):
        if not package.has(rel.part):
            continue
        root = parse_xml(package.read(rel.part), rel.part)
        authors = [(a.text or "").strip() for a in root.iter(f"{{{MAIN_NS}}}author")]
        for node in root.iter(f"{{{MAIN_NS}}}comment"):
            author = int(node.get("authorId", "-1"))
            if 0 <= author < len(authors) and authors[author] == AUTHOR:
                notes.add(parse_ref(node.get("ref", "A1")))
    return notes


_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*\st="s")([^>]*)>\s*<(?:\w+:)?v>(\d+)<')
_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_SI = re.compile(rb"<((?:\w+:)?)si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)


def _blank_shared_strings(patch: WorkbookPatch, sheet: str, cells: set[tuple[int, int]]) -> None:
    """Blank the shared strings that only ``cells`` of ``sheet`` used."""
    book, package = patch._book, _package(patch)
    rels = book.rels.of_type(_RT_SHARED_STRINGS)
    if not rels or not package.has(rels[0].part) or not cells:
        return
    ours: set[int] = set()
    others: set[int] = set()
    for entry in book.sheets():
        if not entry.is_worksheet or not package.has(entry.part):
            continue
        target = entry.name == sheet
        for match in _SHARED_CELL.finditer(package.read(entry.part)):
            ref = _REF.search(match.group(1)) if target else None
            place = (int(ref.group(2)), column_number(ref.group(1))) if ref else None
            (ours if place in cells else others).add(int(match.group(2)))
    blank = ours - others  # a string another cell shows stays; _in_clear_elsewhere counts it
    if blank:
        part = rels[0].part
        data = package.read(part)
        pieces, cursor = [], 0
        for index, match in enumerate(_SI.finditer(data)):
            if index in blank:
                prefix = match.group(1)
                pieces += [
                    data[cursor : match.start()],
                    b"<%ssi><%st/></%ssi>" % (prefix, prefix, prefix),
                ]
                cursor = match.end()
        pieces.append(data[cursor:])
        # count= is the number of references, which just went down; it is optional
        package.put(
            part,
            re.sub(rb'(<(?:\w+:)?sst\b[^>]*?)\scount="\d+"', rb"\1", b"".join(pieces), count=1),
        )
