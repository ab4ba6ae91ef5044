"""After a destroy: which files still hold a destroyed customer, searched as a person would.

Scrubbing removes a record's rows from every sheet that lists records; a report can also
quote a customer elsewhere (the top-10 of a summary, a pivot cache, a note). So once the
copies are scrubbed, every file the destruction record names is searched again, part by
part (sheets, shared strings, notes, pivot caches, properties), for the destroyed
customers' identifying values — customer id, name, phone, email, address — as whole
cell values. A file where one is still found is listed as not scrubbed, so the record
never claims more than was done.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from xlcrm.io.passwords import decrypted, is_encrypted
from xlcrm.io.reader import SheetTable

IDENTIFYING = ("customer_id", "name", "phone", "email", "address")
_TEXT = re.compile(rb">([^<>]{2,})</|\bv=\"([^\"]{2,})\"")


def identifying_values(table: SheetTable, rows: Iterable[int], keys: Iterable[str]) -> set[str]:
    """What identifies the records at ``rows`` (and the record ``keys`` seen in copies only)."""
    columns = [table.field_keys[f] for f in IDENTIFYING if f in table.field_keys]
    found: set[str] = set()
    for row in rows:
        for column in columns:
            found.add(_shown(table.df.at[row, column]))
    found.update(_shown(k) for k in keys if not str(k).startswith("row:"))
    return {v for v in found if len(v) >= 2}


def still_holding(paths: Sequence[Path], values: set[str], password: str | None) -> list[Path]:
    """The files among ``paths`` where one of ``values`` is still a cell's (or item's) text.

    A file that cannot be opened (another password, damaged) counts as still holding.
    """
    wanted = {v.casefold() for v in values}
    if not wanted:
        return []
    holding = []
    for path in paths:
        try:
            if not path.is_file():
                continue
            if _found(path, wanted, password):
                holding.append(path)
        except (OSError, zipfile.BadZipFile, ValueError, KeyError):
            holding.append(path)
        except Exception:  # msoffcrypto's errors for a password that does not open it
            holding.append(path)
    return holding


def _found(path: Path, wanted: set[str], password: str | None) -> bool:
    source: Path | BinaryIO = path
    if is_encrypted(path):
        if password is None:
            raise ValueError("no password")
        source = decrypted(path, password)
    with zipfile.ZipFile(source) as package:
        for name in package.namelist():
            for match in _TEXT.finditer(package.read(name)):
                raw = match.group(1) or match.group(2)
                text = html.unescape(raw.decode("utf-8", "replace")).strip().casefold()
                if text in wanted:
                    return True
    return False


def _shown(value: object) -> str:
    """A value as a cell shows it: whole numbers without ``.0``."""
    if value is None or value != value:  # None or NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
