"""The parts of an ``xlcrm encrypt|decrypt`` run that decide nothing: ids, masks, saving.

:mod:`xlcrm.io.crypto.columns` plans a run (which cells change, with which key); this
module holds what it leans on: each row's customer id in clear, the masked view's rows,
the error for tokens that no longer decrypt, the save (backup, file password) and the
count of encrypted values other cells still show.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

from xlcrm.core.crypto.tokens import CellKey, TokenError, is_token, mask_value, row_id
from xlcrm.errors import XlcrmError
from xlcrm.io.anchors import stamp
from xlcrm.io.backup import make_backup
from xlcrm.io.passwords import encrypt_to
from xlcrm.io.reader import Column, SheetTable
from xlcrm.io.sources import open_source
from xlcrm.io.writer import replace_atomically
from xlcrm.text import Text
from xlcrm.xlsx import WorkbookPatch

MASK_TITLE = Text("脱敏视图", "Masked")
MASK_ROW = Text("行", "Row")
MASK_SUFFIX = Text("（脱敏）", " (masked)")  # after a masked column's header


def column_name(column: Column) -> str:
    """What binds a token to its column: the field name, else the header text."""
    return column.field or column.header


def row_ids(key: CellKey, table: SheetTable, id_column: Column | None) -> dict[int, str | None]:
    """Each row's customer id in clear (an encrypted id is decrypted in memory)."""
    if id_column is None:
        return {}
    ids: dict[int, str | None] = {}
    name = column_name(id_column)
    for row, value in table.df[id_column.key].items():
        if is_token(value):
            value = try_decrypt(key, value, int(row), name, None)
        ids[int(row)] = row_id(value)
    return ids


def try_decrypt(key: CellKey, token: str, row: int, column: str, customer: str | None) -> object:
    """The token's value, or None when it does not decrypt (a masked view shows it blank)."""
    try:
        return key.decrypt(token, row=row, column=column, customer_id=customer)
    except TokenError:
        return None


def cell_value(value: object) -> object:
    """A decrypted value as the patcher writes it (a time of day is a fraction of a day)."""
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return seconds / 86400
    return value


def mask_rows(
    table: SheetTable, targets: list[Column], plain: list[dict[int, object]]
) -> Iterator[list[object]]:
    """The masked view: Excel row, the customer id when it is not encrypted, masked values."""
    id_column = table.column_for("customer_id")
    show_id = id_column is not None and id_column not in targets
    suffix = MASK_SUFFIX(table.language)
    id_header = [id_column.header] if show_id and id_column else []
    yield [MASK_ROW(table.language), *id_header, *(c.header + suffix for c in targets)]
    for row in table.df.index:
        row = int(row)
        ident = [table.df.at[row, id_column.key]] if show_id and id_column else []
        yield [
            row,
            *ident,
            *(mask_value(c.field, p.get(row)) for c, p in zip(targets, plain, strict=True)),
        ]


def failed_error(cells: list[str]) -> XlcrmError:
    """The error for cells whose tokens no longer decrypt (``cells`` as "C7")."""
    shown = _cell_list(cells) + (Text("…", ", ...") if len(cells) > 5 else "")
    return XlcrmError("crypto_tokens_not_decrypted", count=len(cells), cells=shown)


def _cell_list(cells: list[str]) -> Text:
    """The first five cells, joined the way each language lists things."""
    return Text.join([Text.same(cell) for cell in cells[:5]])


def save_copy(
    patch: WorkbookPatch, dst: Path, table: SheetTable, cells: set[tuple[int, int]],
    password: str | None, encrypting: bool, seal: str | None = None,
) -> int:  # fmt: skip
    """Save through memory and a temporary file beside ``dst``, back up first when ``dst``
    is the input itself (sealed with ``seal``, the passphrase, when encrypting: see
    :func:`~xlcrm.io.backup.make_backup`), and encrypt with the file password the input had.

    The copy is made in memory, so no plain copy of a password-protected workbook and no
    half-encrypted sheet is ever written to a temporary folder."""
    stamp(patch, dst)  # in place: the audit entry of this change, as an anchor
    out = io.BytesIO()
    # tokens are random and barely compress; zlib's fastest level halves the time
    # spent on them for a file about a fifth bigger (bench/security.py)
    summary = patch.save_to(out, suffix=dst.suffix, compresslevel=1 if encrypting else 6)
    stuck = [cell for name, cell, _why in summary.skipped if name == table.sheet]
    if stuck:
        raise XlcrmError("crypto_formulas_depended_on", cells=_cell_list(stuck))
    if dst.resolve() == table.path.resolve():
        make_backup(table.path, keep=table.settings.backups_keep, seal=seal)
    if password is not None:
        replace_atomically(dst, lambda temp: encrypt_to(out, temp, password))
    else:
        replace_atomically(dst, lambda temp: _write_bytes(temp, out))
    return summary.formulas_dropped


def _write_bytes(path: Path, data: io.BytesIO) -> None:
    path.write_bytes(data.getbuffer())


def in_clear_elsewhere(
    src: Path,
    table: SheetTable,
    targets: list[Column],
    clear: list[dict[int, object]],
    password: str | None = None,
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
    source = open_source(src, password=password)
    for name in source.sheet_names:
        if name not in (table.sheet, MASK_TITLE.zh, MASK_TITLE.en):
            for row in source.grid(name):
                found.update(filter(seen, row))
    return len(found)


def _distinctive(value: object) -> bool:
    if isinstance(value, str):
        return len(value.strip()) >= 2
    return type(value) is int and abs(value) >= 10_000
