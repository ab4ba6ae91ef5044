"""Encrypt or decrypt whole columns of a workbook into a copy (``xlcrm encrypt|decrypt``).

Each non-empty cell of the chosen columns becomes a token of
:mod:`xlcrm.core.crypto.tokens` (an ordinary text cell); decryption puts back the value
with its type, into the same cell, whose style (number format included) never changed.

Where the key material lives: the custom document property ``xlcrm_crypto``
(``docProps/custom.xml``; Excel shows it under File > Info > Properties > Advanced >
Custom and keeps it when saving) holds JSON with the scrypt parameters, the salt and
the key check value, e.g. ``{"v":1,"kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"...",
"check":"..."}``. None of it is secret. Every encrypted column of a workbook shares it,
so encrypting more columns later needs the same passphrase; it stays after decrypting.

No plaintext is left behind: the cells are written as inline strings by
:class:`~xlcrm.xlsx.WorkbookPatch`, and the shared strings only the encrypted cells
used are blanked in ``sharedStrings.xml`` (kept as empty entries so no other cell's index
moves). Notes xlcrm wrote on those cells (``check --fix`` quotes the old value) are
replaced. A value also shown by a cell outside the encrypted columns (another column,
another sheet such as check's Issues) stays there; the summary counts such values. A
formula in an encrypted column is
replaced by its value; a cell whose formula others depend on (a shared or array
formula's first cell) stops the run before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xlcrm.core.crypto.tokens import CellKey, KdfParams, TokenError, is_token
from xlcrm.errors import WrongPassphraseError, XlcrmError
from xlcrm.io.copies import open_patch
from xlcrm.io.crypto.parts import (
    MASK_TITLE,
    cell_value,
    column_name,
    failed_error,
    in_clear_elsewhere,
    mask_rows,
    row_ids,
    save_copy,
    try_decrypt,
)
from xlcrm.io.passwords import decrypted, is_encrypted
from xlcrm.io.reader import Column, SheetTable, read_table
from xlcrm.progress import Progress, no_progress
from xlcrm.schema import PERSONAL_FIELDS
from xlcrm.xlsx import CellPatch, WorkbookPatch

__all__ = [
    "DEFAULT_FIELDS",
    "ENCRYPTED_NOTE",
    "MASK_TITLE",
    "PROPERTY",
    "ColumnCount",
    "CryptoRun",
    "WrongPassphraseError",
    "column_name",
    "decrypt_columns",
    "encrypt_columns",
    "resolve_columns",
    "split_names",
]

PROPERTY = "xlcrm_crypto"
ENCRYPTED_NOTE = "xlcrm: 已加密，原批注已删除。 Encrypted; xlcrm's earlier note was removed."
DEFAULT_FIELDS = tuple(f for f in PERSONAL_FIELDS if f != "name")  # phone, email, address


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
        column = table.column_named(name)
        if column is None:
            listed = ", ".join(c.field or c.header for c in table.columns if c.field or c.header)
            raise XlcrmError("crypto_column_missing", sheet=table.sheet, name=name, listed=listed)
        if column not in found:
            found.append(column)
    if not found:
        raise XlcrmError("crypto_columns_needed")
    return found


def split_names(text: str) -> list[str]:
    """'phone,email' (also with ， or 、) as a list of names."""
    return [n.strip() for n in re.split(r"[,，、;；]", text) if n.strip()]


# -- one run -----------------------------------------------------------------------------


def _run(
    mode: str, src: Path, names: Sequence[str], passphrase: str, dst: Path,
    sheet: str | None, mask: bool, password: str | None, progress: Progress,
) -> CryptoRun:  # fmt: skip
    table = read_table(src, sheet=sheet, password=password)  # clear errors, password checked
    targets = resolve_columns(table, names)
    locked = is_encrypted(src)
    plain = decrypted(src, password or "") if locked else None  # in memory, never on disk
    patch = open_patch(src, plain)
    try:
        progress("密钥 key…", 0, 1)
        key = _key(mode, passphrase, patch, table, targets)
        run = CryptoRun(table.sheet, len(table.df), table.language, [])
        if key is None:  # decrypt, and nothing in the workbook was ever encrypted
            run.columns = [ColumnCount(c.letter, c.header, c.field) for c in targets]
            return run
        cells, clear = _plan(mode, key, table, targets, run, mask, progress)
        if run.failed:
            raise failed_error(run.failed)
        if mode == "decrypt" and not cells:
            return run
        masks = mask_rows(table, targets, clear) if mask else None
        _apply(patch, mode, key, table, targets, cells, masks, run)
        if mode == "encrypt":
            run.still_elsewhere = in_clear_elsewhere(src, table, targets, clear, password)
        progress("写入 writing…", 0, 1)
        # an in-place encrypt's backup is sealed with the passphrase: no plaintext left
        seal = passphrase if mode == "encrypt" and not locked else None
        run.formulas_dropped = save_copy(
            patch, dst, table, set(cells), password if locked else None, mode == "encrypt", seal
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
        for cell in patch.xlcrm_note_cells(table.sheet) & cells.keys():
            cells[cell] = CellPatch(value=cells[cell].value, comment=ENCRYPTED_NOTE)
        # the cells get inline strings; the old values must not stay in the shared ones
        patch.blank_shared_strings(table.sheet, cells)
        record = {"v": 1, **key.params.to_dict(), "check": key.check_value}
        patch.set_property(PROPERTY, json.dumps(record))
    patch.patch_cells(table.sheet, cells)
    if masks is not None:
        id_column = table.column_for("customer_id")
        shown = [14.0] if id_column is not None and id_column not in targets else []
        widths = [8.0, *shown, *(24.0 for _ in targets)]
        title = MASK_TITLE(table.language)
        run.masked_sheet = patch.add_sheet(title, masks, column_widths=widths, tab_color="FF7F7F7F")


def _key(
    mode: str, passphrase: str, patch: WorkbookPatch, table: SheetTable, targets: list[Column]
) -> CellKey | None:
    """The run's key, derived once; a wrong passphrase stops here, before any cell."""
    stored = patch.get_property(PROPERTY)
    if stored is None:
        if any(is_token(v) for c in targets for v in table.df[c.key]):
            raise XlcrmError("crypto_key_missing", name=table.path.name, property=PROPERTY)
        return CellKey(passphrase, KdfParams.new()) if mode == "encrypt" else None
    try:
        data = json.loads(stored)
        params, check = KdfParams.from_dict(data), str(data["check"])
    except (ValueError, KeyError, TypeError):
        raise XlcrmError("crypto_key_damaged", property=PROPERTY) from None
    key = CellKey(passphrase, params)
    if not key.matches(check):
        raise WrongPassphraseError("wrong_passphrase")
    return key


def _plan(
    mode: str, key: CellKey, table: SheetTable, targets: list[Column], run: CryptoRun,
    mask: bool, progress: Progress,
) -> tuple[dict[tuple[int, int], CellPatch], list[dict[int, object]]]:  # fmt: skip
    """The cell patches, and each column's values in clear by row; failures go to ``run.failed``."""
    id_column = table.column_for("customer_id")
    ids = row_ids(key, table, id_column)
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
                    plain[row] = try_decrypt(key, value, row, name, customer)
                continue
            try:
                restored = key.decrypt(value, row=row, column=name, customer_id=customer)
            except TokenError:
                run.failed.append(f"{column.letter}{row}")
                continue
            cells[(row, position)] = CellPatch(value=cell_value(restored))
            count.changed += 1
        plain_by_column.append(plain)
    return cells, plain_by_column
