"""Row fingerprints for the monthly cycle, and pairing rows by customer id.

A distributed file carries, for every row, a *print*: one short hash per field of the
value as distributed, joined into one string. On return the same print is computed from
the returned row and from the master's current row, and comparing them field by field
says what the salesperson changed and whether the master changed meanwhile, without
keeping a copy of the data anywhere.

Values are compared as *tokens*, a text form that survives a trip through Excel, WPS or
LibreOffice: a date and a midnight datetime give the same token, 13800138000 typed as a
number and as text give the same token, and surrounding spaces do not count.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlcrm.schema import FIELDS, FieldType

TOKEN_WIDTH = 8  # hex characters per field in a print: 32 bits, collisions negligible per cell
MISSING = "-" * TOKEN_WIDTH  # the field is not in the sheet (an old template): never "changed"


def value_token(value: object) -> str:
    """The comparable text of a cell value: '' for blank, ISO dates, whole numbers as ints."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if number != number:  # NaN: pandas' blank
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return format(number, ".12g")
    return unicodedata.normalize("NFC", str(value)).strip()


DATE_FIELDS = frozenset(f.name for f in FIELDS if f.type is FieldType.DATE)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def date_token(value: object) -> str:
    """A date column's token: a serial number (a date cell shown as General) is its date.

    The template formats date columns as dates, so a number typed in one comes back as a
    date; both must compare equal.
    """
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        if 1 <= number < 2958466:  # Excel's 1900-01-01 .. 9999-12-31
            return value_token(_EXCEL_EPOCH + dt.timedelta(days=number))
    return value_token(value)


def column_tokens(values: pd.Series, *, dates: bool = False) -> pd.Series:
    """:func:`value_token` of a column, computed once per distinct value."""
    codes, uniques = _factorize(values)
    convert = date_token if dates else value_token
    tokens = np.array([convert(v) for v in uniques], dtype=object)
    return pd.Series(tokens[codes], index=values.index, dtype=object)


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Codes and distinct values; True and 1 stay apart (they hash alike in Python)."""
    array = values.to_numpy(dtype=object)
    try:
        if not any(v is True or v is False for v in array):
            codes, uniques = pd.factorize(array, use_na_sentinel=False)
            return np.asarray(codes), list(uniques)
    except TypeError:  # an unhashable cell value: never from a sheet, but be safe
        pass
    items = values.tolist()
    return np.arange(len(items)), items


def field_hashes(tokens: pd.Series) -> pd.Series:
    """Each token as TOKEN_WIDTH hex characters (blank stays a recognisable hash too)."""
    codes, uniques = pd.factorize(tokens.to_numpy(dtype=object), use_na_sentinel=False)
    hashed = pd.util.hash_pandas_object(pd.Series(uniques, dtype=object).astype(str), index=False)
    low = (hashed.to_numpy() & np.uint64(0xFFFFFFFF)).astype(">u4")
    text = low.tobytes().hex()
    hexes = np.array([text[i : i + TOKEN_WIDTH] for i in range(0, len(text), TOKEN_WIDTH)],
                     dtype=object)  # fmt: skip
    return pd.Series(hexes[codes] if len(hexes) else [], index=tokens.index, dtype=object)


def row_prints(df: pd.DataFrame, fields: Sequence[str]) -> pd.Series:
    """The print of every row of ``df`` over ``fields``; a field ``df`` lacks is MISSING."""
    parts = []
    for name in fields:
        if name in df.columns:
            tokens = column_tokens(df[name], dates=name in DATE_FIELDS)
            parts.append(field_hashes(tokens).to_numpy())
        else:
            parts.append(np.full(len(df), MISSING, dtype=object))
    if not parts:
        return pd.Series([""] * len(df), index=df.index, dtype=object)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + part  # object arrays of str: element-wise concatenation
    return pd.Series(joined, index=df.index, dtype=object)


def split_print(text: str, count: int) -> list[str]:
    """The per-field hashes of a print."""
    return [text[i * TOKEN_WIDTH : (i + 1) * TOKEN_WIDTH] for i in range(count)]


def changed_fields(before: str, after: str, fields: Sequence[str]) -> list[str]:
    """Fields whose hash differs between two prints; a MISSING side never counts."""
    changed = []
    for index, name in enumerate(fields):
        a = before[index * TOKEN_WIDTH : (index + 1) * TOKEN_WIDTH]
        b = after[index * TOKEN_WIDTH : (index + 1) * TOKEN_WIDTH]
        if a != b and MISSING not in (a, b):
            changed.append(name)
    return changed


def id_token(value: object) -> str:
    """A customer id as a key: its token ('' when blank)."""
    return value_token(value)


def pair_rows(
    left_ids: Sequence[str],
    left_prints: Sequence[str],
    right_ids: Sequence[str],
    right_prints: Sequence[str],
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair two lists of rows by customer id: (pairs, left only, right only) as positions.

    Rows sharing an id (a list with duplicates) pair identical prints first, then in
    order. Rows without an id can only be recognised unchanged, by an identical print.
    """
    left_groups = _groups(left_ids)
    right_groups = _groups(right_ids)
    pairs: list[tuple[int, int]] = []
    left_only: list[int] = []
    right_only: list[int] = []
    for key, lefts in left_groups.items():
        rights = right_groups.get(key, [])
        if len(lefts) == 1 and len(rights) == 1 and key:
            pairs.append((lefts[0], rights[0]))
            continue
        matched, rest_left, rest_right = _pair_group(lefts, rights, left_prints, right_prints)
        pairs += matched
        if key:
            pairs += list(zip(rest_left, rest_right, strict=False))
            n = min(len(rest_left), len(rest_right))
            rest_left, rest_right = rest_left[n:], rest_right[n:]
        left_only += rest_left
        right_only += rest_right
    for key, rights in right_groups.items():
        if key not in left_groups:
            right_only += rights
    return pairs, sorted(left_only), sorted(right_only)


def _groups(ids: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for position, key in enumerate(ids):
        groups.setdefault(key, []).append(position)
    return groups


def _pair_group(
    lefts: list[int], rights: list[int], left_prints: Sequence[str], right_prints: Sequence[str]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    by_print: dict[str, list[int]] = {}
    for j in rights:
        by_print.setdefault(right_prints[j], []).append(j)
    pairs, rest_left = [], []
    for i in lefts:
        candidates = by_print.get(left_prints[i])
        if candidates:
            pairs.append((i, candidates.pop(0)))
        else:
            rest_left.append(i)
    used = {j for _, j in pairs}
    return pairs, rest_left, [j for j in rights if j not in used]
