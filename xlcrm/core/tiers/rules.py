"""Tier rules as data (thresholds, segment tables, tag rules) and the scorers that apply them.

Everything :func:`xlcrm.core.tiers.scores.compute_tiers` decides comes from a :class:`TierRules`:
the value-tier and activity thresholds, the RFM method and cut points, the segment model
and the tag rules. A rule table carries a ``version`` and every result row records it, so
a tier written last quarter can be told apart from one written under today's rules.

Policies (the why is next to each constant):
- value tier: 高 when amount >= high_amount or count >= high_count; else 中 when
  amount >= mid_amount or count >= mid_count; else 低. Tenure does not enter the tier.
- VIP: amount >= vip_amount, or count >= vip_count, or (tier 高 and customer for at least
  vip_tenure_days since created_at). Unknown inputs never make a VIP.
- activity: days since last purchase <= active_days 活跃, <= sleeping_days 一般, else 沉睡.
- tags: one word per tag, joined with "、" (see :func:`normalize_tags`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xlcrm.core.tiers.tags import (
    FIELD_ALIASES,
    FLAG,
    NUMBER,
    OP_ALIASES,
    OPS,
    TAG_FIELDS,
    TAG_JOIN,
    TAG_RULES_TABLE,
    TAG_SPLIT,
    TEXT,
    TagRule,
    default_tag_rules,
    normalize_tags,
    tag_list,
    tag_rules_from_rows,
)
from xlcrm.errors import SettingsError
from xlcrm.settings import SPEC_BY_KEY, check_tier_order

if TYPE_CHECKING:
    import numpy as np

    from xlcrm.settings import Settings

# Tag rules live in xlcrm.core.tiers.tags; these names stay importable from here.
__all__ = [
    "FIELD_ALIASES", "FLAG", "NUMBER", "OPS", "OP_ALIASES", "TAG_FIELDS", "TAG_JOIN",
    "TAG_RULES_TABLE", "TAG_SPLIT", "TEXT", "TagRule", "TierRules", "cut_points",
    "default_tag_rules", "normalize_tags", "tag_list", "tag_rules_from_rows",
]  # fmt: skip

HIGH, MID, LOW = "高", "中", "低"
ACTIVE, REGULAR, SLEEPING = "活跃", "一般", "沉睡"
PROSPECT = "潜在"
SEGMENT_MODELS = SPEC_BY_KEY["segment_model"].choices  # cn8, rfm11
RFM_METHODS = SPEC_BY_KEY["rfm_method"].choices  # quantile, fixed

# The R x F grid of the common "RFM segmentation" (11 named groups, R and F scored 1-5).
# Rows are R from 5 (bought most recently) down to 1; columns are F = 1 .. 5.
_CHAMP, _LOYAL, _POT, _NEW = "Champions", "Loyal Customers", "Potential Loyalists", "New Customers"
_PROM, _ATTN, _SLEEPY = "Promising", "Need Attention", "About to Sleep"
_RISK, _CANT, _HIB, _LOST = "At Risk", "Can't Lose Them", "Hibernating", "Lost"
_RFM11_ROWS: dict[int, tuple[str, str, str, str, str]] = {
    #    F=1      F=2      F=3      F=4      F=5
    5: (_NEW,    _POT,    _POT,    _CHAMP,  _CHAMP),
    4: (_PROM,   _POT,    _POT,    _LOYAL,  _LOYAL),
    3: (_SLEEPY, _SLEEPY, _ATTN,   _LOYAL,  _LOYAL),
    2: (_HIB,    _HIB,    _RISK,   _RISK,   _CANT),
    1: (_LOST,   _HIB,    _RISK,   _RISK,   _CANT),
}  # fmt: skip
RFM11_GRID: dict[tuple[int, int], str] = {
    (r, f): segment for r, row in _RFM11_ROWS.items() for f, segment in enumerate(row, start=1)
}

# The Chinese eight-class RFM model: (R high, F high, M high) → segment. "High" means
# above the pivot (by default the mean score of the scored rows).
CN8_SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}


def cut_points(key: str, text: str) -> tuple[float, ...]:
    """Four increasing numbers from a Settings cell such as "30,90,180,365" (，；; and spaces too)."""
    spec = SPEC_BY_KEY[key]
    parts = [p for p in re.split(r"[,;，；、\s]+", unicodedata.normalize("NFKC", text)) if p]
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 4 or any(a >= b for a, b in itertools.pairwise(numbers)):
        raise SettingsError(
            "tier_setting_cut_points_invalid", setting=spec.label, default=spec.default, text=text
        )
    return numbers


def _default_cut_points(key: str) -> tuple[float, ...]:
    """The cut points a setting such as rfm_r_days starts with."""
    return cut_points(key, SPEC_BY_KEY[key].default)


@dataclass(frozen=True)
class TierRules:
    """Every threshold the tiers use; ``version`` is recorded on each result row.

    ``rfm_method`` "quantile" scores by rank within the table; "fixed" by cut points:
    R 5 when days <= r_days[0] ... 1 when days > r_days[3]; F and M step up at each cut
    point reached (count >= f_counts[3] is 5, below f_counts[0] is 1; same for amounts).
    ``cn8_pivot``: a score above it is "high" in the cn8 model; None means the mean
    score of the rows that have all three scores.
    """

    # The rules users also see in the Settings sheet take their defaults from it.
    version: str = SPEC_BY_KEY["tier_rules_version"].default
    segment_model: str = SPEC_BY_KEY["segment_model"].default
    rfm_method: str = SPEC_BY_KEY["rfm_method"].default
    active_days: int = SPEC_BY_KEY["activity_active_days"].default
    sleeping_days: int = SPEC_BY_KEY["activity_sleeping_days"].default
    high_amount: float = SPEC_BY_KEY["tier_high_amount"].default
    mid_amount: float = SPEC_BY_KEY["tier_mid_amount"].default
    high_count: int = SPEC_BY_KEY["tier_high_count"].default
    mid_count: int = SPEC_BY_KEY["tier_mid_count"].default
    vip_amount: float = SPEC_BY_KEY["vip_amount"].default
    vip_count: int = SPEC_BY_KEY["vip_count"].default
    vip_tenure_days: int | None = SPEC_BY_KEY["vip_tenure_days"].default
    r_days: tuple[float, ...] = _default_cut_points("rfm_r_days")
    f_counts: tuple[float, ...] = _default_cut_points("rfm_f_counts")
    m_amounts: tuple[float, ...] = _default_cut_points("rfm_m_amounts")
    cn8_pivot: float | None = None
    tag_rules: tuple[TagRule, ...] = field(default_factory=default_tag_rules)

    def __post_init__(self) -> None:
        _choice("segment_model", self.segment_model, SEGMENT_MODELS)
        _choice("rfm_method", self.rfm_method, RFM_METHODS)
        check_tier_order(
            active_days=self.active_days,
            sleeping_days=self.sleeping_days,
            mid_amount=self.mid_amount,
            high_amount=self.high_amount,
            mid_count=self.mid_count,
            high_count=self.high_count,
        )
        for name in ("r_days", "f_counts", "m_amounts"):
            cuts = getattr(self, name)
            if len(cuts) != 4 or any(a >= b for a, b in itertools.pairwise(cuts)):
                raise SettingsError("tier_cut_points_invalid", name=name, cuts=cuts)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, language: str = "zh", **overrides: Any
    ) -> TierRules:
        """The rules in a workbook's Settings sheet; ``overrides`` replace any of them.

        The tag rules come from the sheet's 标签规则 table; a workbook without that table
        gets :func:`default_tag_rules` following its thresholds, named in ``language``.
        """
        mapped: dict[str, Any] = {
            "version": settings.tier_rules_version,
            "segment_model": settings.segment_model,
            "rfm_method": settings.rfm_method,
            "active_days": settings.activity_active_days,
            "sleeping_days": settings.activity_sleeping_days,
            "high_amount": settings.tier_high_amount,
            "mid_amount": settings.tier_mid_amount,
            "high_count": settings.tier_high_count,
            "mid_count": settings.tier_mid_count,
            "vip_amount": settings.vip_amount,
            "vip_count": settings.vip_count,
            "vip_tenure_days": settings.vip_tenure_days or None,
            "r_days": cut_points("rfm_r_days", settings.rfm_r_days),
            "f_counts": cut_points("rfm_f_counts", settings.rfm_f_counts),
            "m_amounts": cut_points("rfm_m_amounts", settings.rfm_m_amounts),
        }
        rows = settings.table_rows(TAG_RULES_TABLE.key)
        if rows is not None:
            mapped["tag_rules"] = tag_rules_from_rows(rows)
        else:
            mapped["tag_rules"] = default_tag_rules(
                high_count=mapped["high_count"],
                sleeping_days=mapped["sleeping_days"],
                high_amount=mapped["high_amount"],
                language=language,
            )
        return cls(**(mapped | overrides))


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        options = " / ".join(allowed)
        raise SettingsError("tier_rule_not_allowed", name=name, options=options, value=value)


# Scores and segments on whole columns: score arrays hold 0 where a row is unscored. numpy
# and pandas load when these run, so the rules import without them (cell functions under
# Pyodide use xlcrm.core.tiers.rows instead).


def quantile_scores(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """1..5 (higher value, higher score) by midpoint percentile rank among ``valid``; 0 elsewhere."""
    import numpy as np
    import pandas as pd

    scores = np.zeros(len(values), dtype=np.int8)
    picked = values[valid]
    n = picked.size
    if n:
        # Twice the average rank is a whole number, so the arithmetic stays exact.
        twice_rank = np.rint(pd.Series(picked).rank(method="average").to_numpy() * 2)
        scores[valid] = (5 * (twice_rank.astype(np.int64) - 1)) // (2 * n) + 1
    return scores


def fixed_scores(
    values: np.ndarray, valid: np.ndarray, cuts: Sequence[float], *, higher_is_better: bool
) -> np.ndarray:
    """1..5 by cut points: a step up at each cut reached (>=), or down at each passed (>)."""
    import numpy as np

    if higher_is_better:
        scores = 1 + np.searchsorted(cuts, values, side="right")
    else:
        scores = 5 - np.searchsorted(cuts, values, side="left")
    return np.where(valid, scores, 0).astype(np.int8)


def cn8_segments(
    r: np.ndarray, f: np.ndarray, m: np.ndarray, pivot: float | None = None
) -> np.ndarray:
    """The Chinese eight-class segment of each row with all three scores, else None."""
    import numpy as np

    segments = np.full(len(r), None, dtype=object)
    scored = (r > 0) & (f > 0) & (m > 0)
    if not scored.any():
        return segments
    pivots = [pivot if pivot is not None else float(s[scored].mean()) for s in (r, f, m)]
    key = 4 * (r > pivots[0]) + 2 * (f > pivots[1]) + (m > pivots[2])
    labels = np.array(
        [CN8_SEGMENTS[bool(k & 4), bool(k & 2), bool(k & 1)] for k in range(8)], dtype=object
    )
    segments[scored] = labels[key[scored]]
    return segments


def rfm11_segments(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    """The R x F grid segment of each row with R and F, else None."""
    import numpy as np

    grid = np.full((6, 6), None, dtype=object)
    for (r_score, f_score), segment in RFM11_GRID.items():
        grid[r_score, f_score] = segment
    return grid[r, f]  # score 0 (unscored) lands in the empty row/column 0


def rfm_codes(r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Codes like "545" where all three scores exist, else None."""
    import numpy as np

    labels = np.full(556, None, dtype=object)
    for code in range(111, 556):
        digits = f"{code:03d}"
        if "0" not in digits and max(digits) <= "5":
            labels[code] = digits
    key = 100 * r.astype(np.int64) + 10 * f + m
    return labels[np.where((r > 0) & (f > 0) & (m > 0), key, 0)]
