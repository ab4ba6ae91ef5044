"""The two workbooks ``xlcrm diff`` compares: the key, the columns, each month's day.

Both sheets are read as any sheet is (:func:`~xlcrm.io.reader.read_table`). The columns
compared are those both have (a canonical field by its field, any other column by its
header), less the columns xlcrm writes itself (tier columns, the summary's helpers, the
duplicate and merge marks): a summary copy compared with a plain master shows the
customers' changes, not xlcrm's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from xlcrm.core.values.dates import parse_date
from xlcrm.errors import XlcrmError
from xlcrm.io.dedupe.files import GROUP_HEADER, PROVENANCE_HEADER, both
from xlcrm.io.reader import SheetTable
from xlcrm.io.summary.data import HELPERS
from xlcrm.io.summary.months import read_months
from xlcrm.io.tiers.report import TIER_COLUMNS

DATE_FIELDS = ("updated_at", "last_purchase_at", "created_at")


def xlcrm_headers() -> frozenset[str]:
    """The headers of the columns xlcrm adds to a sheet, in both languages."""
    texts = [header for _name, header in TIER_COLUMNS]
    texts += [header for _key, header, _needs in HELPERS]
    texts += [GROUP_HEADER, PROVENANCE_HEADER]
    return frozenset(h for text in texts for h in both(text))


@dataclass(frozen=True)
class Key:
    """The column that pairs the customers of the two months."""

    column: str  # the DataFrame column (a field name, or the header of another column)
    header: str  # as the new sheet names it
    field: str | None  # the canonical field, if it is one


def choose_key(old: SheetTable, new: SheetTable, name: str | None) -> Key:
    """``name`` (a header or field name) when given, else the customer id; one clear
    sentence when a sheet lacks it."""
    if name is None:
        if "customer_id" not in old.field_keys or "customer_id" not in new.field_keys:
            raise XlcrmError("diff_no_key")
        column = new.column_for("customer_id")
        assert column is not None
        return Key("customer_id", column.header, "customer_id")
    found = []
    for table in (old, new):
        column = table.column_named(name)
        if column is None:
            raise XlcrmError("diff_key_missing", file=table.path.name, name=name)
        found.append(column)
    if found[0].key != found[1].key:  # the same column under two headers: pair by its field
        raise XlcrmError("diff_key_missing", file=old.path.name, name=name)
    return Key(found[1].key, found[1].header, found[1].field)


def compared_columns(old: SheetTable, new: SheetTable, key: Key) -> list[str]:
    """The columns both sheets have, in the new sheet's order, xlcrm's own left out."""
    skip = xlcrm_headers()
    have = {c.key for c in old.columns if c.header not in skip}
    return [
        c.key
        for c in new.columns
        if c.key in have and c.header not in skip and c.key != key.column and c.header
    ]


def header_of(table: SheetTable, column: str) -> str:
    """How the sheet heads a DataFrame column (a field's header, or the header itself)."""
    found = next((c for c in table.columns if c.key == column), None)
    return found.header if found is not None else column


def old_asof(old: SheetTable, new_asof: dt.date, password: str | None = None) -> dt.date:
    """The day last month's list stands for, when the user does not say: the day of the
    latest snapshot in it (a summary copy knows), else the latest date in its rows
    (updated, last purchase, created) up to ``new_asof``, else ``new_asof``."""
    if old.source_kind != "csv":
        months = read_months(old.path, password=password)
        if months:
            return dt.date.fromisoformat(months[-1].asof)
    parse = partial(parse_date, asof=new_asof)
    latest: dt.date | None = None
    for name in DATE_FIELDS:
        column = old.field_keys.get(name)
        if column is None:
            continue
        for value in old.df[column].dropna().unique():
            day = parse(value).value
            if isinstance(day, dt.date) and day <= new_asof and (latest is None or day > latest):
                latest = day
    return latest or new_asof
