"""The answer key of a sample workbook: what was planted where, by Excel row.

``xlcrm demo`` writes it beside the workbook (``*.answers.json``) so what xlcrm finds can
be checked against what it should find: the duplicate groups (and how each copy was
typed differently), the look-alike pairs (and which kind each is: namesakes, a shared
switchboard, father and son, branches of one chain ...) and the defects of each row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlcrm.sample.data import SampleData

__all__ = ["answer_key"]


def answer_key(data: SampleData, rows: Sequence[int], workbook: str) -> dict[str, Any]:
    """The key for ``data`` written to ``workbook``, whose records sit on Excel ``rows``."""
    groups: dict[int, list[int]] = {}
    for row, entity in zip(rows, data.entity, strict=True):
        groups.setdefault(entity, []).append(row)
    duplicates = sorted(g for g in groups.values() if len(g) > 1)
    kinds = {str(row): codes for row, codes in zip(rows, data.variations, strict=True) if codes}
    defects = {str(row): codes for row, codes in zip(rows, data.defects, strict=True) if codes}
    lookalikes = [
        {"rows": [rows[a], rows[b]], "kind": kind}
        for (a, b), kind in zip(data.lookalike_pairs, data.lookalike_kinds, strict=True)
    ]
    return {
        "workbook": workbook,
        "duplicate_groups": duplicates,
        "duplicate_variations_by_row": kinds,
        "lookalike_pairs": [pair["rows"] for pair in lookalikes],
        "lookalike_kinds": [pair["kind"] for pair in lookalikes],
        "lookalike_kind_counts": dict(Counter(data.lookalike_kinds).most_common()),
        "defects_by_row": defects,
        "defect_counts": dict(Counter(c for codes in data.defects for c in codes).most_common()),
    }
