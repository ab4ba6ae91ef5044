"""Every number the Summary shows, once: for the sheet's cached results and ``--json``.

:func:`summarise` takes a table's rows (field columns, tier results, the duplicate group
when there is one) and returns a :class:`SummaryNumbers`; :func:`summary_payload` turns it
into the ``xlcrm summary --json`` document, so the JSON and the workbook cannot disagree.

The tier snapshot per month (:class:`MonthRow`) keeps the counts of each value tier and
activity as of a day; the workbook keeps one row per month (the summary writes this
run's month, rows of other months come from the workbook's 月度快照 sheet), and the
Summary draws the trend from them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from xlcrm.core.summary.tables import (
    ACTIVITY_ORDER,
    AMOUNT,
    BLANK,
    GROUP,
    TIER_ORDER,
    is_blank,
    parsed_amounts,
    summary_tables,
)

TIER_KEYS = (*TIER_ORDER, BLANK)
ACTIVITY_KEYS = (*ACTIVITY_ORDER, BLANK)


@dataclass(frozen=True)
class MonthRow:
    """One month's tier snapshot: customers by value tier and by activity ("" = none)."""

    month: str  # "2026-11"
    asof: str  # the day the counts are as of, ISO
    customers: int
    value_tier: dict[str, int]
    activity: dict[str, int]


@dataclass
class SummaryNumbers:
    """The blocks (see :func:`summary_tables`) and the data-quality counts."""

    rows: int
    asof: dt.date
    tables: dict[str, pd.DataFrame]
    unscored: list[tuple[str, int]]
    duplicates: tuple[int, int] | None  # (groups, customers in them)
    months: list[MonthRow] = field(default_factory=list)
    average: float = math.nan  # the average amount over all customers with one


def month_of(asof: dt.date) -> str:
    return f"{asof.year:04d}-{asof.month:02d}"


def month_row(tiers: pd.DataFrame, asof: dt.date) -> MonthRow:
    """The snapshot of one table's tiers (codes, not labels)."""
    tiers_ = tiers["value_tier"].map(lambda v: BLANK if is_blank(v) else v).value_counts()
    active = tiers["activity"].map(lambda v: BLANK if is_blank(v) else v).value_counts()
    return MonthRow(
        month_of(asof),
        asof.isoformat(),
        len(tiers),
        {k: int(tiers_.get(k, 0)) for k in TIER_KEYS},
        {k: int(active.get(k, 0)) for k in ACTIVITY_KEYS},
    )


def merge_months(history: Iterable[MonthRow], *current: MonthRow) -> list[MonthRow]:
    """The months of ``history`` and ``current`` (which wins for its month), oldest first."""
    by_month = {row.month: row for row in history}
    by_month |= {row.month: row for row in current}
    return [by_month[m] for m in sorted(by_month)]


def summarise(
    data: pd.DataFrame,
    tiers: pd.DataFrame,
    asof: dt.date,
    *,
    history: Iterable[MonthRow] = (),
) -> SummaryNumbers:
    """The Summary's numbers of ``data`` (fields, tiers, optional duplicate group).

    Tiers, activities and segments are their codes (高, 活跃 ...); :func:`relabel` gives the
    blocks as an English workbook shows them.
    """
    amounts = parsed_amounts(data["total_amount"]) if "total_amount" in data else None
    tables = summary_tables(data, amounts=amounts)
    reasons = tiers["unscored"].dropna()
    reasons = reasons[reasons.astype(str) != ""].astype(str).value_counts()
    duplicates = None
    if GROUP in data:
        groups = data[GROUP][~data[GROUP].map(is_blank)]
        duplicates = (int(groups.astype(str).nunique()), len(groups))
    known = amounts.dropna() if amounts is not None else pd.Series(dtype=float)
    return SummaryNumbers(
        rows=len(data),
        asof=asof,
        tables=tables,
        unscored=sorted(
            ((str(r), int(c)) for r, c in reasons.items()), key=lambda i: (-i[1], i[0])
        ),
        duplicates=duplicates,
        months=merge_months(history, month_row(tiers, asof)),
        average=float(known.mean()) if len(known) else math.nan,
    )


def relabel(
    tables: Mapping[str, pd.DataFrame], labels: Mapping[str, str]
) -> dict[str, pd.DataFrame]:
    """The blocks with tier, activity and segment codes shown as ``labels`` says."""

    def shown(value: object) -> object:
        return labels.get(value, value) if isinstance(value, str) else value

    out = {}
    for key, frame in tables.items():
        frame = frame.copy()
        if frame.index.name == "segment":
            frame.index = pd.Index([shown(v) for v in frame.index], name=frame.index.name)
        if frame.columns.name in ("value_tier", "activity"):
            frame.columns = pd.Index([shown(v) for v in frame.columns], name=frame.columns.name)
        if "value_tier" in frame.columns:
            frame["value_tier"] = frame["value_tier"].map(shown)
        out[key] = frame
    return out


def _plain(value: Any) -> Any:
    """A JSON-ready scalar (NaN → None, numpy → Python)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _block(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A block's rows as {"label", <column>: value, ...}; crosstabs also get "total"."""
    rows = []
    crosstab = frame.columns.name is not None
    for label, values in frame.iterrows():
        row: dict[str, Any] = {"label": str(label)}
        row |= {str(k): _plain(v) for k, v in values.items()}
        if crosstab:
            row["total"] = _plain(values.sum())
        rows.append(row)
    return rows


def summary_payload(
    numbers: SummaryNumbers, *, issues: Iterable[tuple[str, str, str, int]] = ()
) -> dict[str, Any]:
    """The ``xlcrm summary --json`` document (file, sheet and output are the caller's).

    ``issues``: (code, name, severity, count) from the check's Issues sheet, if any.
    Categories are as the sheet shows them ("" for blank); tiers and activities are codes.
    """
    blocks = {k: _block(v) for k, v in numbers.tables.items() if k != "top_customers"}
    top = numbers.tables.get("top_customers")
    return {
        "asof": numbers.asof.isoformat(),
        "rows": numbers.rows,
        "blocks": blocks,
        "top_customers": [
            {"rank": i, **{str(k): _plain(v) for k, v in rec.items()}}
            for i, rec in enumerate([] if top is None else top.to_dict("records"), start=1)
        ],
        "average_amount": _plain(numbers.average),
        "quality": {
            "unscored": [{"reason": r, "count": c} for r, c in numbers.unscored],
            "issues": [
                {"code": code, "name": name, "severity": severity, "count": count}
                for code, name, severity, count in issues
            ],
            "duplicates": None
            if numbers.duplicates is None
            else {"groups": numbers.duplicates[0], "customers": numbers.duplicates[1]},
        },
        "months": [asdict(row) for row in numbers.months],
    }


__all__ = ["AMOUNT", "MonthRow", "SummaryNumbers", "merge_months", "month_row", "summarise"]
