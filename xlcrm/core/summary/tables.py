"""What the Summary sheet (汇总) shows, computed in pandas so tests can compare.

Input: a table's DataFrame (field columns region, owner, customer_type, total_amount,
name, company; any may be absent) joined with :func:`xlcrm.core.tiers.scores.compute_tiers`'
columns (value_tier, activity, segment). Each block is a DataFrame whose index is the
category as written in the sheet (``BLANK`` for an empty cell) and whose columns are the
measures; blocks whose fields are missing are left out.

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
from xlcrm.core.values.numbers import parse_amount
from xlcrm.schema import REGIONS

BLANK = ""  # the category of an empty cell
AMOUNT = "amount"  # the parsed-amount column added to the input
TAGS = "all_tags"  # the tier result's tags (the user's, normalised, and the rules'), "、"-joined
TAG_SEPARATOR = "、"
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
    if TAGS in data:
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
    present = [c for c in order if c in set(cols)]
    present += sorted({c for c in cols if c not in order and c != BLANK})
    present += [BLANK] if BLANK in set(cols) else []
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

    Tags compare exactly (after the tier step's normalising), unlike the other blocks'
    case-insensitive categories, since the sheet's formula matches whole tags between "、".
    """
    tags = data[TAGS].map(lambda v: [] if is_blank(v) else str(v).split(TAG_SEPARATOR))
    frame = pd.DataFrame({"tag": tags})
    if with_amount:
        frame["amount"] = data[AMOUNT].to_numpy()
    frame = frame.explode("tag")
    frame = frame[frame["tag"].notna() & (frame["tag"] != "")]
    counts = frame["tag"].value_counts()
    order = sorted(counts.index, key=lambda t: (-int(counts[t]), str(t)))
    table = pd.DataFrame({"count": counts.reindex(order).astype(int)})
    if with_amount:
        table["amount"] = frame.groupby("tag")["amount"].sum().reindex(order).fillna(0.0)
    table.index.name = "tags"
    return table


def top_customers(data: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` customers with the largest amounts: name, company, amount, value tier."""
    ranked = data[data[AMOUNT].notna()].sort_values(AMOUNT, ascending=False, kind="stable")
    ranked = ranked.head(n)
    columns = {
        "name": ranked.get("name"),
        "company": ranked.get("company"),
        "amount": ranked[AMOUNT],
        "value_tier": ranked.get("value_tier"),
    }
    return pd.DataFrame({k: v for k, v in columns.items() if v is not None}, index=ranked.index)
