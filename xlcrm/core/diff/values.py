"""When two cells hold the same value typed another way.

Month over month, a phone typed 138-0013-8000 last month and 13800138000 this month is
not a change, nor is ¥1,200 against 1200, 2026/3/5 against a date cell, 广东省 against 广东,
"VIP, 线上" against "线上、VIP", or 王 芳 against 王芳. :func:`canonical` gives each cell
the form two spellings of one value share, by the field's own parser (the check's
rules); a value the parser refuses is compared as text (width, case and spaces aside).

Values are compared as they were typed first (:func:`xlcrm.core.monthly.prints.value_token`,
vectorised): most cells of a month-old list are unchanged, and only the cells whose
tokens differ are parsed.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlcrm.core.check.table import CheckOptions, field_parsers
from xlcrm.core.monthly.prints import DATE_FIELDS, column_tokens
from xlcrm.core.summary.tables import normalize_region
from xlcrm.core.tiers.tags import tag_list
from xlcrm.core.values.findings import Parsed, is_blank


@dataclass(frozen=True)
class Canonical:
    """How cells of each field are read for comparing (the check's parsers, bound)."""

    parsers: dict[str, Callable[[object], Parsed]]

    @classmethod
    def for_options(cls, options: CheckOptions) -> Canonical:
        return cls(field_parsers(options))

    def __call__(self, field: str | None, value: object) -> object:
        """The form two spellings of one value share ("" for a blank or a placeholder)."""
        if is_blank(value):
            return ""
        parse = self.parsers.get(field or "")
        if parse is not None:
            parsed = parse(value).value  # a warning keeps its value: a future date, -¥300
            if parsed is not None:
                return _plain(parsed)
        if field == "region":
            return _folded(normalize_region(value))
        if field == "tags":
            return "、".join(sorted(tag.casefold() for tag in tag_list(value)))
        return _folded(value)


def _plain(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _folded(value: object) -> str:
    """Text with widths folded, no spaces, case ignored."""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).casefold()


def changed_rows(
    field: str | None,
    before: pd.Series,
    after: pd.Series,
    canonical: Canonical,
) -> np.ndarray:
    """Which pairs (same positions in ``before`` and ``after``) hold different values."""
    dates = field in DATE_FIELDS
    old = column_tokens(before.reset_index(drop=True), dates=dates).to_numpy()
    new = column_tokens(after.reset_index(drop=True), dates=dates).to_numpy()
    differ = np.flatnonzero(old != new)
    if not len(differ):
        return differ
    cache: dict[tuple[type, object], object] = {}

    def read(value: object) -> object:
        try:
            key = (type(value), value)
            if key not in cache:
                cache[key] = canonical(field, value)
            return cache[key]
        except TypeError:  # an unhashable value: read it each time
            return canonical(field, value)

    raw_old, raw_new = before.to_numpy(), after.to_numpy()
    keep = [i for i in differ.tolist() if read(raw_old[i]) != read(raw_new[i])]
    return np.array(keep, dtype=np.int64)
