"""Speed of ``compute_tiers`` on a generated table (target from the issue: 1,000,000 rows < 10 s).

    python bench/tier.py                       # 100k and 1,000,000 rows
    python bench/tier.py --rows 10000,100000

The table looks like a real list: last purchase dates are ``datetime.date`` objects from
a few years (so they repeat a lot), counts are ints, amounts floats with cents (nearly all
distinct), and about 2% of each column is None or text ("待定", "2025/3/5", "1.2万").
Prints seconds (parse + scoring, and tier_payload for the JSON); never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from xlcrm.core.tiers.scores import compute_tiers, tier_payload

ASOF = dt.date(2026, 3, 1)


def _with_mess(values: np.ndarray, rng: np.random.Generator, texts: list[object]) -> np.ndarray:
    """``values`` as an object column with ~2% None or text, as typed by people."""
    column = values.astype(object)
    mess = rng.random(len(column)) < 0.02
    column[mess] = np.array(texts, dtype=object)[rng.integers(0, len(texts), int(mess.sum()))]
    return column


def make_table(rows: int, seed: int = 1) -> pd.DataFrame:
    """A raw customer table of ``rows`` rows indexed by Excel row (header on row 1)."""
    rng = np.random.default_rng(seed)
    calendar = np.array([ASOF - dt.timedelta(days=d) for d in range(5 * 365)], dtype=object)
    days = np.minimum(rng.exponential(200, rows).astype(np.int64), len(calendar) - 1)
    created = calendar[np.minimum(days + rng.integers(0, 1500, rows), len(calendar) - 1)]
    counts = 1 + rng.geometric(0.3, rows)
    amounts = np.round(counts * rng.lognormal(7, 1.2, rows), 2)
    types = np.array(["个人", "企业", "潜在", "个人客户", "公司"], dtype=object)
    tags = np.array([None, "VIP", "老客户, 华东", "华南；重点", "展会 线上"], dtype=object)
    return pd.DataFrame(
        {
            "last_purchase_at": _with_mess(calendar[days], rng, [None, "待定", "2025/3/5"]),
            "purchase_count": _with_mess(counts, rng, [None, "三次", "约5"]),
            "total_amount": _with_mess(amounts, rng, [None, "1.2万", "¥3,000", "不详"]),
            "created_at": _with_mess(created, rng, [None]),
            "customer_type": types[rng.integers(0, len(types), rows)],
            "tags": tags[rng.integers(0, len(tags), rows)],
        },
        index=pd.RangeIndex(2, rows + 2),
    )


def measure(rows: int) -> None:
    table = make_table(rows)
    start = time.perf_counter()
    result = compute_tiers(table, asof=ASOF)
    tiers_s = time.perf_counter() - start
    start = time.perf_counter()
    tier_payload(result, ASOF)
    payload_s = time.perf_counter() - start
    unscored = int(result["unscored"].notna().sum())
    print(f"{rows:>9,} {tiers_s:>9.2f} {payload_s:>9.2f} {rows / tiers_s:>11,.0f} {unscored:>9,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", default="100000,1000000")
    args = parser.parse_args()
    print(f"{'rows':>9} {'tiers s':>9} {'json s':>9} {'rows/s':>11} {'unscored':>9}")
    for rows in (int(n) for n in args.rows.split(",")):
        measure(rows)


if __name__ == "__main__":
    main()
