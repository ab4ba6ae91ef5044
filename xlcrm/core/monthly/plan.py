"""Who gets which rows: grouping a customer list by owner, and safe file names."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from xlcrm.text import Text

UNASSIGNED = Text("未分配", "unassigned")  # the owner named in the file of rows with none
FILE_STEM = Text("客户台账", "customers")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def owner_key(value: object) -> str:
    """Owners typed differently ("李 四", "李四 ", full-width) are the same person."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", "", text).casefold()


@dataclass
class OwnerGroup:
    """The rows one owner gets, and the name of their file."""

    owner: str  # as most often typed; "" for rows with no owner
    rows: list[int]  # positions in the table
    stem: str  # the file name without .xlsx


def group_by_owner(owners: pd.Series, *, language: str, month: str) -> list[OwnerGroup]:
    """One group per owner in order of first appearance; rows with no owner last."""
    keys = [owner_key(v) for v in owners.tolist()]
    spellings: dict[str, Counter[str]] = {}
    positions: dict[str, list[int]] = {}
    for position, (key, raw) in enumerate(zip(keys, owners.tolist(), strict=True)):
        positions.setdefault(key, []).append(position)
        if key:
            spellings.setdefault(key, Counter())[str(raw).strip()] += 1
    order = [k for k in positions if k] + ([""] if "" in positions else [])
    groups, used = [], set()
    for key in order:
        owner = spellings[key].most_common(1)[0][0] if key else ""
        stem = file_stem(owner or UNASSIGNED(language), language=language, month=month)
        base, n = stem, 2
        while stem.casefold() in used:  # two owners whose names clean to the same text
            stem, n = f"{base}-{n}", n + 1
        used.add(stem.casefold())
        groups.append(OwnerGroup(owner, positions[key], stem))
    return groups


def file_stem(owner: str, *, language: str, month: str) -> str:
    """客户台账_张三_2026-11: characters Windows forbids become _, length is capped."""
    safe = _UNSAFE.sub("_", unicodedata.normalize("NFKC", owner)).strip(" ._") or "_"
    return f"{FILE_STEM(language)}_{safe[:40]}_{month}"
