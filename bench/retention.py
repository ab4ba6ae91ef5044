"""Speed of ``xlcrm retention`` on a generated workbook (dry run, and --apply --in-place).

    python bench/retention.py                  # 100k rows
    python bench/retention.py --rows 10000

The workbook has 12 columns; the rules archive ~10% (prospects with old dates), anonymise
~5% (consent 否), destroy 1,000 listed ids, and hold everyone who bought within 2 years.
Prints seconds for: read + plan (the dry run), and the whole apply (backup, encrypted
archive, openpyxl rewrite, scrubbing the backup, destruction log). Never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl

from xlcrm.actions.registry import ActionRequest, run_action
from xlcrm.actions.retention import RETENTION, RetentionOptions

HEADER = ["客户编号", "姓名", "客户类型", "手机", "邮箱", "地址", "地区", "最近购买日期", "创建日期",
          "购买次数", "累计消费金额", "营销授权"]  # fmt: skip
ASOF = dt.date(2026, 1, 1)


def make_workbook(path: Path, rows: int, seed: int = 1) -> list[str]:
    """Write the workbook; returns the ids the destroy rule lists."""
    rng = np.random.default_rng(seed)
    workbook = openpyxl.Workbook(write_only=True)
    ws = workbook.create_sheet("客户")
    ws.append(HEADER)
    types = ["个人", "企业", "潜在"]
    for i in range(rows):
        days = int(rng.exponential(500))
        bought = dt.datetime(2026, 1, 1) - dt.timedelta(days=days)
        kind = types[int(rng.integers(0, 3))]
        ws.append([
            f"C{i:07d}", f"客户{i}", kind, f"138{i:08d}", f"u{i}@example.com", f"某路{i}号",
            "广东", None if kind == "潜在" else bought, bought - dt.timedelta(days=300),
            int(rng.integers(0, 20)), float(rng.integers(0, 100000)), "否" if rng.random() < 0.05 else "是",
        ])  # fmt: skip
    workbook.save(path)
    return [f"C{i:07d}" for i in range(0, rows, max(rows // 1000, 1))]


def rules_file(path: Path, ids: list[str]) -> Path:
    listed = ", ".join(f'"{i}"' for i in ids)
    path.write_text(
        f"""
[[rules]]
name = "stale prospects"
action = "archive"
basis = "PIPL Art. 19"
conditions = [{{ field = "customer_type", op = "==", value = "潜在" }},
              {{ field = "last_purchase_at|created_at", op = "older_than", value = "3y" }}]
[[rules]]
name = "consent withdrawn"
action = "anonymise"
basis = "GDPR Art. 7(3)"
conditions = [{{ field = "consent", op = "==", value = "否" }}]
[[rules]]
name = "erasure"
action = "destroy"
basis = "PIPL Art. 47"
conditions = [{{ field = "customer_id", op = "in", value = [{listed}] }}]
[[rules]]
name = "tax"
action = "hold"
basis = "accounting law"
conditions = [{{ field = "last_purchase_at", op = "within", value = "2y" }}]
""",
        encoding="utf-8",
    )
    return path


def measure(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.xlsx"
        ids = make_workbook(book, rows)
        rules = rules_file(Path(folder) / "rules.toml", ids)
        options = RetentionOptions(rules=str(rules), asof=ASOF)
        start = time.perf_counter()
        dry = run_action(RETENTION, ActionRequest(book, options))
        planned = time.perf_counter() - start
        os.environ.setdefault("XLCRM_PASSWORD", "bench")
        start = time.perf_counter()
        applied = run_action(
            RETENTION, ActionRequest(book, replace(options, apply=True, in_place=True))
        )
        total = time.perf_counter() - start
        print(
            f"{rows:>8} rows: dry run {planned:5.1f} s; apply --in-place {total:5.1f} s"
            f" ({dry.counts}; {applied.counts.get('copies_scrubbed')} copy scrubbed)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="100000", help="comma-separated row counts")
    for rows in parser.parse_args().rows.split(","):
        measure(int(rows))


if __name__ == "__main__":
    main()
