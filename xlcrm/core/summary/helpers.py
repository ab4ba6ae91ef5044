"""The values of the summary copy's helper columns, as the parsers read the cells.

Each helper column of the data sheet is a formula (:mod:`xlcrm.core.summary.formulas`);
the copy also carries each formula's result, computed here, so a reader that does not
calculate (a preview, pandas, a phone) shows the same numbers the spreadsheet will.
Values are per row of the table, in its order; "" stands for the formula's empty result.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import partial

import numpy as np
import pandas as pd

from xlcrm.core.summary.formulas import TAG_MARK, TAG_SEPARATORS
from xlcrm.core.summary.tables import GROUP, is_blank, normalized_regions, parsed_amounts
from xlcrm.core.tiers.scores import read_column
from xlcrm.core.values.dates import EXCEL_EPOCH, parse_date
from xlcrm.core.values.numbers import parse_count

_SEPARATOR = re.compile("|".join(re.escape(s) for s in TAG_SEPARATORS))
_SPACES = re.compile(" +")


def _or_blank(values: np.ndarray) -> list[object]:
    return ["" if isinstance(v, float) and math.isnan(v) else v for v in values.tolist()]


def amounts(data: pd.DataFrame) -> list[object]:
    """金额（数值）: the amount as a number."""
    return _or_blank(parsed_amounts(data["total_amount"]).to_numpy())


def counts(data: pd.DataFrame) -> list[object]:
    """次数（数值）: the count as a whole number."""
    column = read_column(data, "purchase_count", parse_count)
    return [int(v) if isinstance(v, float) and not math.isnan(v) else "" for v in column.value]


def dates(data: pd.DataFrame, asof: dt.date) -> list[object]:
    """最近购买（日期）: the last purchase as a date (one after ``asof`` too)."""
    parse = partial(parse_date, asof=asof)
    column = read_column(data, "last_purchase_at", parse, lambda day: (day - EXCEL_EPOCH).days)
    return [
        EXCEL_EPOCH + dt.timedelta(days=int(v)) if not math.isnan(v) else "" for v in column.value
    ]


def regions(data: pd.DataFrame) -> list[object]:
    """地区（归并）: the region's short name."""
    grouped = normalized_regions(data["region"])
    return ["" if is_blank(v) else v for v in grouped.tolist()]


def marked_tags(value: object) -> str:
    """标签（归并） of one cell: "、a、b、", as the formula marks it."""
    if is_blank(value) or not str(value).strip():
        return ""
    inner = _SEPARATOR.sub(TAG_MARK, _SPACES.sub(" ", str(value).strip()))
    return f"{TAG_MARK}{inner}{TAG_MARK}"


def tags(data: pd.DataFrame) -> list[object]:
    return [marked_tags(v) for v in data["tags"].tolist()]


def keys(data: pd.DataFrame) -> list[object]:
    """客户键: "G" and the duplicate group, else the row number."""
    return [
        int(row) if is_blank(group) else f"G{group}"
        for row, group in zip(data.index, data[GROUP], strict=True)
    ]
