"""What the Summary sheet (汇总) shows, computed in pandas so tests can compare.

Input: a table's DataFrame (field columns region, owner, customer_type, total_amount,
name, company; any may be absent) joined with :func:`xlcrm.core.tiers.compute_tiers`'
columns (value_tier, activity, segment). Each block is a DataFrame whose index is the
category as written in the sheet (``BLANK`` for an empty cell) and whose columns are the
measures; blocks whose fields are missing are left out.

Categories are grouped the way Excel's COUNTIFS compares text, case-insensitively, so
the sheet's formulas and these numbers agree; a group shows its first spelling.
Amounts are parsed with :func:`~xlcrm.core.numbers.parse_amount`: a cell that is no
number is left out of sums and averages but still counted as a customer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from xlcrm.core.numbers import parse_amount
from xlcrm.core.tier_rules import ACTIVE, HIGH, LOW, MID, REGULAR, SLEEPING

BLANK = ""  # the category of an empty cell
AMOUNT = "amount"  # the parsed-amount column added to the input
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


def parsed_amounts(values: pd.Series) -> pd.Series:
    """Amounts as floats; NaN where the cell is empty or not a number."""
    return values.map(_amount_value).astype(float)


def _amount_value(raw: object) -> float:
    value = parse_amount(raw).value
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return math.nan


def category_labels(values: pd.Series) -> pd.Series:
    """Each cell as the label COUNTIFS would match: its text, first spelling per casefold."""
    texts = values.map(lambda v: BLANK if is_blank(v) else str(v))
    first: dict[str, str] = {}
    for text in texts:
        first.setdefault(text.casefold(), text)
    return texts.map(lambda t: first[t.casefold()])


def summary_tables(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The Summary sheet's blocks, keyed as in :data:`BLOCKS` plus ``top_customers``."""
    data = df.copy()
    if "total_amount" in data:
        data[AMOUNT] = parsed_amounts(data["total_amount"])
    tables: dict[str, pd.DataFrame] = {}
    if {"region", "value_tier"} <= set(data.columns):
        tables["region_tier_count"] = crosstab(data, "region", "value_tier", TIER_ORDER)
        if AMOUNT in data:
            tables["region_tier_amount"] = crosstab(
                data, "region", "value_tier", TIER_ORDER, values=AMOUNT
            )
    if {"owner", "activity"} <= set(data.columns):
        tables["owner_activity"] = crosstab(data, "owner", "activity", ACTIVITY_ORDER)
    if "customer_type" in data:
        tables["customer_type"] = by_category(data, "customer_type", with_amount=AMOUNT in data)
    if "segment" in data:
        tables["segment"] = by_category(data, "segment", with_amount=False)
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
