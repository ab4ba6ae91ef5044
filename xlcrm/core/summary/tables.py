"""What the Summary sheet (汇总) shows, computed in pandas so tests can compare.

Input: a table's DataFrame (field columns region, owner, customer_type, total_amount,
tags, name, company; any may be absent) joined with
:func:`xlcrm.core.tiers.scores.compute_tiers`' columns (value_tier, activity, segment),
and a ``duplicate_group`` column when the sheet has one. Each block is a DataFrame whose
index is the category as written in the sheet (``BLANK`` for an empty cell) and whose
columns are the measures; blocks whose fields are missing are left out. Value tiers and
activities always have all their columns (高/中/低 and blank), as the sheet's formulas do:
a tier no customer has today is one an edit may give tomorrow.

Tags are the user's own tags column, split as :func:`xlcrm.core.tiers.tags.tag_list`
splits it; the sheet counts them through the 标签（归并） helper, which the tiers' rule
tags (高频, 沉睡 ...) are no part of.

Categories are grouped the way Excel's COUNTIFS compares text, case-insensitively, so
the sheet's formulas and these numbers agree; a group shows its first spelling.
Amounts are parsed with :func:`~xlcrm.core.values.numbers.parse_amount`: a cell that is no
number is left out of sums and averages but still counted as a customer. Regions are
grouped by :func:`normalize_region`, so 广东省, 广东 and "广 东" are one region.

``labels`` maps the tier codes (高/中/低, 活跃/一般/沉睡, segment names) to what the sheet
shows, for English workbooks; the blocks keep the codes' order under their labels.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

import pandas as pd

from xlcrm.core.tiers.rules import ACTIVE, HIGH, LOW, MID, REGULAR, SLEEPING
from xlcrm.core.tiers.tags import tag_list
from xlcrm.core.values.numbers import parse_amount
from xlcrm.schema import REGIONS

BLANK = ""  # the category of an empty cell
AMOUNT = "amount"  # the parsed-amount column added to the input
GROUP = "duplicate_group"  # the 重复组 column of a dedupe --out copy, when there is one
TIER_ORDER = (HIGH, MID, LOW)
ACTIVITY_ORDER = (ACTIVE, REGULAR, SLEEPING)
TOP_N = 10

# block key → (row field, column field or None)
BLOCKS = {
    "region_tier_count": ("region", "value_tier"),
    "region_tier_amount": ("region", "value_tier"),
    "owner_activity": ("owner", "activity"),
    "customer_type": ("customer_type", None),
    "segment": ("segment", None),
}


def is_blank(value: object) -> bool:
    """An empty cell, as COUNTIFS' "" criterion sees it (a placeholder like 无 is text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


# Official names end in these; office lists mostly use the short form (schema.REGIONS).
_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_REGION_SET = frozenset(REGIONS)


def normalize_region(value: object) -> object:
    """A province-level region in its short form (广东省 → 广东, 上海市 → 上海); else unchanged.

    Widths and spaces are folded first. Anything that is not one of :data:`REGIONS`
    once its suffix is off (a city, a typo, another country) is left exactly as typed.
    """
    if is_blank(value) or not isinstance(value, str):
        return value
    text = "".join(unicodedata.normalize("NFKC", value).split())
    if text in _REGION_SET:
        return text
    for suffix in _REGION_SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in _REGION_SET:
            return text[: -len(suffix)]
    return value


def region_spellings() -> list[tuple[str, str]]:
    """(written, grouped) for each spelling :func:`normalize_region` shortens or keeps."""
    pairs = [(region, region) for region in REGIONS]
    pairs += [(region + suffix, region) for region in REGIONS for suffix in _REGION_SUFFIXES]
    return pairs


def normalized_regions(values: pd.Series) -> pd.Series:
    """:func:`normalize_region` over a column, each distinct value once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = [normalize_region(v) for v in uniques]
    out = [mapped[c] if c >= 0 else None for c in codes]
    return pd.Series(out, index=values.index, dtype=object)


def parsed_amounts(values: pd.Series) -> pd.Series:
    """Amounts as floats; NaN where the cell is empty or not a number."""
    return values.map(_amount_value).astype(float)


def _amount_value(raw: object) -> float:
    if type(raw) is float or type(raw) is int:  # most cells: skip the parser
        return float(raw)
    value = parse_amount(raw).value
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return math.nan


def category_labels(values: pd.Series) -> pd.Series:
    """Each cell as the label COUNTIFS would match: its text, first spelling per casefold."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [BLANK if is_blank(v) else str(v) for v in uniques]
    first: dict[str, str] = {}
    for code in pd.unique(codes[codes >= 0]):  # in order of first appearance
        first.setdefault(texts[code].casefold(), texts[code])
    labels = [first[t.casefold()] for t in texts] + [BLANK]  # code -1 (NaN) is the last one
    return pd.Series([labels[c] for c in codes], index=values.index, dtype=object)


def summary_tables(
    df: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    *,
    amounts: pd.Series | None = None,
) -> dict[str, pd.DataFrame]:
    """The Summary sheet's blocks, keyed as in :data:`BLOCKS` plus ``top_customers``.

    ``amounts``: ``parsed_amounts(df["total_amount"])`` when the caller already has it.
    """
    data = df.copy()
    shown = dict(labels or {})
    for column in ("value_tier", "activity", "segment"):
        if column in data and shown:
            data[column] = data[column].map(lambda v: shown.get(v, v) if isinstance(v, str) else v)
    tier_order = [shown.get(c, c) for c in TIER_ORDER]
    activity_order = [shown.get(c, c) for c in ACTIVITY_ORDER]
    if "region" in data:
        data["region"] = normalized_regions(data["region"])
    if "total_amount" in data:
        parsed = amounts if amounts is not None else parsed_amounts(data["total_amount"])
        data[AMOUNT] = parsed
    tables: dict[str, pd.DataFrame] = {}
    if {"region", "value_tier"} <= set(data.columns):
        tables["region_tier_count"] = crosstab(data, "region", "value_tier", tier_order)
        if AMOUNT in data:
            tables["region_tier_amount"] = crosstab(
                data, "region", "value_tier", tier_order, values=AMOUNT
            )
    if {"owner", "activity"} <= set(data.columns):
        tables["owner_activity"] = crosstab(data, "owner", "activity", activity_order)
    if "customer_type" in data:
        tables["customer_type"] = by_category(data, "customer_type", with_amount=AMOUNT in data)
    if "segment" in data:
        tables["segment"] = by_category(data, "segment", with_amount=False)
    if "tags" in data:
        tables["tags"] = by_tag(data, with_amount=AMOUNT in data)
    if AMOUNT in data:
        tables["top_customers"] = top_customers(data)
    return tables


def _ordered(labels: pd.Series, counts: pd.Series) -> list[str]:
    """Categories by customers, most first, ties by label; the blank category last."""
    order = sorted(counts.index, key=lambda c: (-int(counts[c]), str(c)))
    return [c for c in order if c != BLANK] + ([BLANK] if BLANK in set(labels) else [])


def crosstab(
    data: pd.DataFrame,
    row: str,
    column: str,
    order: Sequence[str],
    *,
    values: str | None = None,
) -> pd.DataFrame:
    """Customers (or the sum of ``values``) by ``row`` × ``column``; no totals."""
    rows = category_labels(data[row])
    cols = data[column].map(lambda v: BLANK if is_blank(v) else str(v))
    present = [*order, *sorted({c for c in cols if c not in order and c != BLANK}), BLANK]
    weights = data[values].fillna(0.0).to_numpy() if values is not None else 1.0
    frame = pd.DataFrame({"_row": rows.to_numpy(), "_col": cols.to_numpy(), "_value": weights})
    table = frame.pivot_table(
        index="_row", columns="_col", values="_value", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(
        index=_ordered(rows, rows.value_counts()), columns=present, fill_value=0.0
    )
    table.index.name, table.columns.name = row, column
    return table if values is not None else table.astype(int)


def by_category(data: pd.DataFrame, field: str, *, with_amount: bool) -> pd.DataFrame:
    """Customers per category; with amounts, also their sum and average (NaN: none)."""
    labels = category_labels(data[field])
    counts = labels.value_counts()
    order = _ordered(labels, counts)
    table = pd.DataFrame({"count": counts.reindex(order).astype(int)})
    if with_amount:
        grouped = data[AMOUNT].groupby(labels)
        table["amount"] = grouped.sum().reindex(order).fillna(0.0)
        table["average"] = grouped.mean().reindex(order)
    table.index.name = field
    return table


def by_tag(data: pd.DataFrame, *, with_amount: bool) -> pd.DataFrame:
    """Customers (and their amounts) per tag; a customer with three tags counts in three rows.

    A tag is a whole word of the tags column (:func:`tag_list`); spellings that differ only
    in case are one tag under the first spelling, as the sheet's COUNTIFS sees them.
    """
    tags = data["tags"].map(tag_list)
    frame = pd.DataFrame({"tag": tags})
    if with_amount:
        frame["amount"] = data[AMOUNT].to_numpy()
    frame = frame.explode("tag")
    frame = frame[frame["tag"].notna() & (frame["tag"] != "")]
    frame["tag"] = category_labels(frame["tag"]).to_numpy()  # tag_list: once per customer
    counts = frame["tag"].value_counts()
    order = sorted(counts.index, key=lambda t: (-int(counts[t]), str(t)))
    table = pd.DataFrame({"count": counts.reindex(order).astype(int)})
    if with_amount:
        table["amount"] = frame.groupby("tag")["amount"].sum().reindex(order).fillna(0.0)
    table.index.name = "tags"
    return table


def top_customers(data: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` customers with the largest amounts: row, name, company, amount, value tier.

    A duplicate group (``duplicate_group``) is one customer, listed once, at its largest
    amount. Among equal amounts the customer whose row comes first wins, as the sheet's
    MATCH does; the row shown is the first of the customer's rows with that amount.
    """
    amounts = data[AMOUNT]
    keys = [f"G{g}" if not is_blank(g) else int(r) for r, g in zip(
        data.index, data[GROUP] if GROUP in data else [None] * len(data), strict=True
    )]  # fmt: skip
    frame = pd.DataFrame({"key": keys, "amount": amounts.to_numpy()}, index=data.index)
    frame = frame[frame["amount"].notna()]
    picked: list[int] = []
    while len(picked) < n and len(frame):
        best = frame["amount"].max()
        row = int(frame.index[(frame["amount"] == best).to_numpy().argmax()])
        picked.append(row)
        frame = frame[frame["key"] != frame.at[row, "key"]]
    ranked = data.loc[picked]
    columns = {
        "row": pd.Series(picked, index=ranked.index),
        "name": ranked.get("name"),
        "company": ranked.get("company"),
        "amount": ranked[AMOUNT],
        "value_tier": ranked.get("value_tier"),
        GROUP: ranked.get(GROUP),
    }
    return pd.DataFrame({k: v for k, v in columns.items() if v is not None}, index=ranked.index)
