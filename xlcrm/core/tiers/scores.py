"""Customer tiers over a whole table: RFM scores, segment, value tier, VIP, activity, tags.

Input: a DataFrame indexed by Excel row with raw cells in columns named by field
(last_purchase_at, purchase_count, total_amount, created_at, tags, customer_type; any may
be absent). Each column's distinct values are parsed once with the check rules' parsers
(office lists repeat dates and counts endlessly), then everything runs on numpy vectors.

Policies:
- R from days since the last purchase (fewer is better), F from the purchase count, M
  from the total amount, each 1..5 with 5 best. "quantile" (default) scores by midpoint
  percentile rank: the k-th of n values (ties share the average rank) has p = (k - ½)/n
  and scores floor(5p) + 1. Ties therefore share a score, all-equal values all score 3,
  a single row scores 3, three distinct rows score 1, 3, 5, and one huge value (a whale)
  moves nobody else. "fixed" uses the cut points of :class:`TierRules`.
- A row whose input for a score is missing or invalid gets no score (NA) and is left out
  of that score's quantiles; its ``unscored`` column says why, in Chinese and English.
  A negative total (refunds) and a last purchase after ``asof`` are unscorable too.
- A row that has never bought (no last purchase date, no amount or 0, and a count of 0,
  or a blank count on a 潜在 prospect) is not an error: value tier 低, no VIP, no
  scores, and ``unscored`` "尚无购买记录 / no purchases yet".
- Segment: cn8 needs R, F and M; a score is high when above ``cn8_pivot`` (default: the
  mean of that score over the rows with all three). rfm11 needs R and F only.
- Value tier needs a valid count and amount; activity a valid last purchase date. VIP
  tenure uses created_at when it is a valid past date and is ignored otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from xlcrm.core.tiers.rows import Status, status_of
from xlcrm.core.tiers.rules import (
    ACTIVE,
    HIGH,
    LOW,
    MID,
    NUMBER,
    OPS,
    PROSPECT,
    REGULAR,
    SLEEPING,
    TAG_FIELDS,
    TAG_JOIN,
    TagRule,
    TierRules,
    cn8_segments,
    fixed_scores,
    normalize_tags,
    quantile_scores,
    rfm11_segments,
    rfm_codes,
    tag_list,
)
from xlcrm.core.values.choices import parse_customer_type
from xlcrm.core.values.dates import parse_date
from xlcrm.core.values.findings import Parsed
from xlcrm.core.values.numbers import parse_amount, parse_count

RESULT_COLUMNS = [
    "days_since_purchase", "r", "f", "m", "rfm", "segment", "value_tier", "vip",
    "activity", "tags", "unscored", "rules_version",
]  # fmt: skip
PAYLOAD_KEYS = ["r", "f", "m", "segment", "value_tier", "activity"]
PAYLOAD_EXTRAS = ["rfm", "vip", "tags", "unscored", "rules_version"]


REASONS: dict[tuple[str, Status], str] = {
    ("last_purchase_at", Status.MISSING): "缺少最近购买日期 / no last purchase date",
    ("last_purchase_at", Status.INVALID): "最近购买日期无效 / invalid last purchase date",
    (
        "last_purchase_at",
        Status.AMBIGUOUS,
    ): "最近购买日期日月顺序不明 / ambiguous last purchase date",
    ("last_purchase_at", Status.FUTURE): "最近购买日期在未来 / last purchase is in the future",
    ("purchase_count", Status.MISSING): "缺少购买次数 / no purchase count",
    ("purchase_count", Status.INVALID): "购买次数无效 / invalid purchase count",
    ("total_amount", Status.MISSING): "缺少累计消费金额 / no total amount",
    ("total_amount", Status.INVALID): "累计消费金额无效 / invalid total amount",
    ("total_amount", Status.NEGATIVE): "累计消费金额为负数 / total amount is negative",
}
NO_PURCHASES = "尚无购买记录 / no purchases yet"
REASON_SEPARATOR = "; "
_NEVER_KEY = -1  # the reasons key of a row that has never bought


@dataclass
class Column:
    """One input field, row by row: a number (NaN when unusable) and its :class:`Status`."""

    value: np.ndarray
    status: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """Rows whose value is usable."""
        return self.status == Status.OK

    def known(self) -> np.ndarray:
        """The value where usable, NaN elsewhere (negative amounts have a value but are not ok)."""
        return np.where(self.ok, self.value, np.nan)


@dataclass
class Inputs:
    """The parsed inputs of every row."""

    days: Column  # days from the last purchase to asof
    count: Column
    amount: Column
    tenure: Column  # days from created_at to asof
    customer_type: np.ndarray  # canonical 个人/企业/潜在 or None
    tag_codes: np.ndarray  # row → index into tag_lists
    tag_lists: list[list[str]]


def _distinct(df: pd.DataFrame, name: str) -> tuple[np.ndarray, Sequence[object]]:
    """Row → code and the distinct values of a column (one None when the column is absent)."""
    if name not in df.columns:
        return np.zeros(len(df), dtype=np.intp), [None]
    codes, distinct = pd.factorize(df[name], use_na_sentinel=False)
    return codes, list(distinct)


def read_column(
    df: pd.DataFrame,
    name: str,
    parse: Callable[[object], Parsed],
    to_number: Callable[[Any], float] = float,
    *,
    plain: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
) -> Column:
    """Parse each distinct value of ``df[name]`` once; ``to_number`` maps a parsed value.

    ``plain``, when given, judges all plain int/float cells at once (value, status), as
    ``parse`` would one by one: amounts are nearly all distinct, so this is most of the time.
    """
    codes, distinct = _distinct(df, name)
    fast = _plain_numbers(distinct) if plain else np.zeros(len(distinct), dtype=bool)
    number = np.full(len(distinct), np.nan)
    status = np.full(len(distinct), Status.MISSING, dtype=np.int8)
    if plain and fast.any():
        picked = np.array([distinct[i] for i in np.flatnonzero(fast).tolist()], dtype=np.float64)
        number[fast], status[fast] = plain(picked)
    for i in np.flatnonzero(~fast).tolist():
        result = parse(distinct[i])
        number[i] = np.nan if result.value is None else to_number(result.value)
        status[i] = status_of(result)
    return Column(number[codes], status[codes])


def _plain_numbers(values: Sequence[object]) -> np.ndarray:
    """Which values are Python floats, or ints a float holds exactly."""
    limit = 2**53
    return np.array(
        [type(v) is float or (type(v) is int and -limit < v < limit) for v in values], dtype=bool
    )


def plain_amounts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What :func:`parse_amount` says of numeric cells, for a float array at once.

    NaN is empty, ±inf invalid, a negative number a usable value with a warning.
    tests/test_tiers.py checks this agrees with parse_amount value by value.
    """
    status = np.select(
        [np.isnan(values), np.isinf(values), values < 0],
        [Status.MISSING, Status.INVALID, Status.NEGATIVE],
        Status.OK,
    ).astype(np.int8)
    return np.where(np.isfinite(values), values, np.nan), status


def read_inputs(df: pd.DataFrame, asof: dt.date) -> Inputs:
    """Every input the tiers use, parsed from the raw cells."""
    since: Callable[[dt.date], float] = lambda day: float((asof - day).days)  # noqa: E731
    date = partial(parse_date, asof=asof)
    type_codes, types = _distinct(df, "customer_type")
    canonical = np.array([_type_value(t) for t in types] or [None], dtype=object)
    tag_codes, tags = _distinct(df, "tags")
    return Inputs(
        days=read_column(df, "last_purchase_at", date, since),
        count=read_column(df, "purchase_count", parse_count),
        amount=read_column(df, "total_amount", parse_amount, plain=plain_amounts),
        tenure=read_column(df, "created_at", date, since),
        customer_type=canonical[type_codes],
        tag_codes=tag_codes,
        tag_lists=[tag_list(t) for t in tags],
    )


def _type_value(raw: object) -> object:
    result = parse_customer_type(raw)
    return result.value if result.ok else None


def never_bought(inputs: Inputs) -> np.ndarray:
    """Rows with no purchase at all: a prospect, or a customer with a count of 0."""
    no_date = inputs.days.status == Status.MISSING
    no_amount = (inputs.amount.status == Status.MISSING) | (inputs.amount.known() == 0)
    zero_count = inputs.count.known() == 0
    prospect = (inputs.customer_type == PROSPECT) & (inputs.count.status == Status.MISSING)
    return np.asarray(no_date & no_amount & (zero_count | prospect), dtype=bool)


def rfm_scores(
    inputs: Inputs, scorable: np.ndarray, rules: TierRules
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """R, F and M (0 where unscored)."""
    days, count, amount = inputs.days, inputs.count, inputs.amount
    valid = [scorable & column.ok for column in (days, count, amount)]
    if rules.rfm_method == "fixed":
        return (
            fixed_scores(days.value, valid[0], rules.r_days, higher_is_better=False),
            fixed_scores(count.value, valid[1], rules.f_counts, higher_is_better=True),
            fixed_scores(amount.value, valid[2], rules.m_amounts, higher_is_better=True),
        )
    return (
        quantile_scores(-days.value, valid[0]),
        quantile_scores(count.value, valid[1]),
        quantile_scores(amount.value, valid[2]),
    )


def value_tiers(inputs: Inputs, never: np.ndarray, rules: TierRules) -> np.ndarray:
    """高/中/低 from amount and count (see :mod:`xlcrm.core.tiers.rules`); 低 when never bought."""
    amount, count = inputs.amount.known(), inputs.count.known()
    high = (amount >= rules.high_amount) | (count >= rules.high_count)
    mid = (amount >= rules.mid_amount) | (count >= rules.mid_count)
    level = mid.astype(np.int8) + high  # high thresholds are at least the mid ones
    level[~(inputs.amount.ok & inputs.count.ok)] = 3
    level[never] = 0
    return np.array([LOW, MID, HIGH, None], dtype=object)[level]


def vip_flags(inputs: Inputs, tiers: np.ndarray, rules: TierRules) -> np.ndarray:
    """VIP by amount, by count, or by tenure for a 高 customer; unknown inputs never qualify."""
    vip = (inputs.amount.known() >= rules.vip_amount) | (inputs.count.known() >= rules.vip_count)
    if rules.vip_tenure_days is not None:
        vip |= (tiers == HIGH) & (inputs.tenure.known() >= rules.vip_tenure_days)
    return np.asarray(vip, dtype=bool)


def activities(days: Column, rules: TierRules) -> np.ndarray:
    """活跃 within active_days, 一般 within sleeping_days, else 沉睡; None without a date."""
    level = (days.value > rules.active_days).astype(np.int8) + (days.value > rules.sleeping_days)
    level[~days.ok] = 3
    return np.array([ACTIVE, REGULAR, SLEEPING, None], dtype=object)[level]


def unscored_reasons(inputs: Inputs, never: np.ndarray) -> np.ndarray:
    """Why each row lacks a score or tier (None when nothing is missing)."""
    fields = ("last_purchase_at", "purchase_count", "total_amount")
    statuses = (inputs.days.status, inputs.count.status, inputs.amount.status)
    key = sum(s.astype(np.int64) * 8**i for i, s in enumerate(reversed(statuses)))
    key = np.where(never, _NEVER_KEY, key)
    distinct, inverse = np.unique(key, return_inverse=True)
    texts: list[str | None] = []
    for k in distinct.tolist():
        if k == _NEVER_KEY:
            texts.append(NO_PURCHASES)
            continue
        parts = [(k // 8**i) % 8 for i in (2, 1, 0)]
        reasons = [REASONS[f, Status(s)] for f, s in zip(fields, parts, strict=True) if s]
        texts.append(REASON_SEPARATOR.join(reasons) or None)
    return np.array(texts, dtype=object)[inverse.reshape(-1)]


def tag_fields(inputs: Inputs, results: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The values tag rules can test, by field name; NaN or None where unknown."""
    scores = {name: np.where(results[name] > 0, results[name], np.nan) for name in "rfm"}
    return (
        results
        | scores
        | {
            "purchase_count": inputs.count.known(),
            "total_amount": inputs.amount.known(),
            "days_since_purchase": inputs.days.known(),
            "tenure_days": inputs.tenure.known(),
            "customer_type": inputs.customer_type,
        }
    )


def rule_mask(rule: TagRule, fields: dict[str, np.ndarray]) -> np.ndarray:
    """Rows where a tag rule holds; a row with the field unknown (NaN/None) never matches."""
    values, compare = fields[rule.field], OPS[rule.op]
    if TAG_FIELDS[rule.field] == NUMBER:
        with np.errstate(invalid="ignore"):
            hit = compare(values, float(rule.value))  # type: ignore[arg-type]
        return np.asarray(hit & ~np.isnan(values), dtype=bool)
    return np.asarray(compare(values, rule.value), dtype=bool) & pd.notna(values)


def tag_texts(inputs: Inputs, masks: list[np.ndarray], rules: Sequence[TagRule]) -> np.ndarray:
    """Each row's existing tags plus its rule tags, normalised; built once per distinct mix."""
    key = inputs.tag_codes.astype(np.int64)
    for mask in masks:  # re-coded each step so the key stays small however many rules
        key = pd.factorize(key * 2 + mask)[0].astype(np.int64)
    distinct, first = np.unique(key, return_index=True)
    texts = []
    for row in first.tolist():
        words = inputs.tag_lists[inputs.tag_codes[row]]
        added = [rule.tag for rule, mask in zip(rules, masks, strict=True) if mask[row]]
        texts.append(normalize_tags(TAG_JOIN.join(words + added)))
    lookup = np.empty(len(distinct), dtype=object)
    lookup[:] = texts
    return lookup[key] if len(key) else np.array([], dtype=object)


def _nullable(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """Nullable Int64: NA where ``missing``."""
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def compute_tiers(
    df: pd.DataFrame, *, asof: dt.date, rules: TierRules | None = None
) -> pd.DataFrame:
    """RFM scores, segment, value tier, VIP, activity and tags of every row of ``df``.

    ``asof`` is the day "days since last purchase" counts to. The result is
    indexed like ``df`` with :data:`RESULT_COLUMNS`; r, f, m and days_since_purchase are
    nullable Int64, the text columns object (None when missing). ``result.attrs`` holds
    asof and the rules version.
    """
    rules = rules or TierRules()
    inputs = read_inputs(df, asof)
    never = never_bought(inputs)
    r, f, m = rfm_scores(inputs, ~never, rules)
    if rules.segment_model == "cn8":
        segment = cn8_segments(r, f, m, rules.cn8_pivot)
    else:
        segment = rfm11_segments(r, f)
    tiers = value_tiers(inputs, never, rules)
    vip = vip_flags(inputs, tiers, rules)
    activity = activities(inputs.days, rules)
    fields = {"r": r, "f": f, "m": m, "segment": segment, "value_tier": tiers}
    fields = tag_fields(inputs, fields | {"vip": vip, "activity": activity})
    masks = [rule_mask(rule, fields) for rule in rules.tag_rules]
    columns: dict[str, Any] = {
        "days_since_purchase": _nullable(inputs.days.value, ~inputs.days.ok),
        "r": _nullable(r, r == 0),
        "f": _nullable(f, f == 0),
        "m": _nullable(m, m == 0),
        "rfm": rfm_codes(r, f, m),
        "segment": segment,
        "value_tier": tiers,
        "vip": vip,
        "activity": activity,
        "tags": tag_texts(inputs, masks, rules.tag_rules),
        "unscored": unscored_reasons(inputs, never),
        "rules_version": np.full(len(df), rules.version, dtype=object),
    }
    result = pd.DataFrame(
        {
            name: pd.Series(values, index=df.index, dtype=None if name in _TYPED else object)
            for name, values in columns.items()
        },
        index=df.index,
    )
    result.attrs.update(asof=asof.isoformat(), rules_version=rules.version)
    return result


_TYPED = frozenset({"days_since_purchase", "r", "f", "m", "vip"})


def _plain(values: pd.Series) -> list[Any]:
    """A column as JSON-ready Python values (NA → None)."""
    if isinstance(values.dtype, pd.Int64Dtype):
        return values.to_numpy(dtype=object, na_value=None).tolist()
    return values.tolist()


def tier_payload(result: pd.DataFrame, asof: dt.date) -> dict[str, Any]:
    """The ``xlcrm tier --json`` document: {"asof", "rows": [{"row", "r", "f", "m", ...}]}.

    Each row has the contract's keys (row, r, f, m, segment, value_tier, activity) and,
    after them, the extras rfm, vip, tags, unscored and rules_version.
    """
    keys = ["row", *PAYLOAD_KEYS, *PAYLOAD_EXTRAS]
    columns = [[int(row) for row in result.index], *(_plain(result[k]) for k in keys[1:])]
    return {
        "asof": asof.isoformat(),
        "rows": [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)],
    }
