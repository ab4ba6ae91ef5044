"""The answer key of a sample workbook: groups, look-alike kinds and defects by Excel row."""

from __future__ import annotations

import datetime as dt
import json

from xlcrm.sample.answers import answer_key
from xlcrm.sample.data import LOOKALIKE_KINDS, VARIATION_CODES, generate_customers


def test_the_key_names_every_planted_row_by_its_excel_row() -> None:
    data = generate_customers(400, seed=3, asof=dt.date(2026, 3, 31))
    rows = [row + 5 for row in range(len(data))]  # a header on row 4
    key = answer_key(data, rows, "客户.xlsx")
    json.dumps(key, ensure_ascii=False)  # it is written as JSON
    assert key["workbook"] == "客户.xlsx"
    copies = sum(source is not None for source in data.duplicate_of)
    assert sum(len(g) - 1 for g in key["duplicate_groups"]) == copies
    for group in key["duplicate_groups"]:
        assert len({data.entity[row - 5] for row in group}) == 1
    assert len(key["lookalike_pairs"]) == len(key["lookalike_kinds"]) == 12
    assert set(key["lookalike_kinds"]) <= set(LOOKALIKE_KINDS)
    assert sum(key["lookalike_kind_counts"].values()) == 12
    for a, b in key["lookalike_pairs"]:
        assert data.entity[a - 5] != data.entity[b - 5]
    variations = key["duplicate_variations_by_row"]
    assert len(variations) == copies
    assert all(set(codes) <= set(VARIATION_CODES) for codes in variations.values())
    assert sum(len(c) for c in key["defects_by_row"].values()) == sum(key["defect_counts"].values())
