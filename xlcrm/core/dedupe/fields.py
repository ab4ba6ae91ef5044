"""The compared columns of a sheet, keyed once: :class:`FieldData` per field.

:func:`prepare_fields` turns each compared column into keys (once per distinct value),
integer codes of the keys (-1 blank, so equality is an array comparison), the strings
the similar levels compare, and what a field's levels need besides (the pinyin and the
surname of a name, an email as typed, a company's place and branch). Two fields are
filled in from others where the sheet leaves them blank: the gender from a title in the
name (张先生, 王女士) and the region from the address's first place (浙江省杭州市…).

Term frequencies (Splink's adjustment) are computed here too: for a field whose exact
level has a TF share, each value x gets ``share × log2(u / f(x))``, kept in ``tf``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from xlcrm.core.dedupe import keys as mk
from xlcrm.core.dedupe.address import address_region
from xlcrm.core.dedupe.company import company_aliases, company_parts, romanised_key
from xlcrm.core.dedupe.fold import column_keys, generic_key, is_cjk
from xlcrm.core.dedupe.person import birth_date_key, gender_from_name, gender_key, surname
from xlcrm.core.dedupe.rules import FIELD_LEVELS, TF_RANGE, MatchRules
from xlcrm.schema import normalize_header

__all__ = ["CUSTOMER_FIELDS", "MATCH_ONLY_HEADERS", "FieldData", "codes_of", "prepare_fields"]

# The customer fields compared when the user names no columns, in reason order.
CUSTOMER_FIELDS = (
    "phone", "email", "name", "company", "address", "region", "birth_date", "gender",
    "customer_id",
)  # fmt: skip
# Fields compared for duplicates that are no column of the customer template: a sheet
# that has them (出生日期, 性别) is matched on them too. Headers as xlcrm.schema folds them.
MATCH_ONLY_HEADERS: dict[str, tuple[str, ...]] = {
    "birth_date": ("出生日期", "生日", "出生年月日", "出生年月", "birth_date", "Birth Date",
                   "Date of Birth", "DOB", "Birthday", "Born"),
    "gender": ("性别", "gender", "Gender", "Sex"),
}  # fmt: skip


@dataclass
class FieldData:
    """One compared field: values as typed, keys, codes of the keys (-1 blank), and extras."""

    column: str  # the DataFrame column it comes from
    kind: str  # a customer field name, or GENERIC
    raw: np.ndarray
    key: np.ndarray  # object array of str ("" blank)
    code: np.ndarray  # int64: equal codes, equal keys; -1 blank
    fuzzy: np.ndarray  # the strings the similar levels compare
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tf: np.ndarray | None = None  # per code: the term-frequency adjustment of an exact level
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # what a kind's levels need

    @property
    def levels(self) -> tuple[str, ...]:
        return FIELD_LEVELS[self.kind]


def codes_of(keys: np.ndarray) -> np.ndarray:
    """Integer codes of string keys: equal keys, equal codes; "" is -1."""
    codes, uniques = pd.factorize(keys)
    if len(uniques):
        blank = np.flatnonzero(uniques == "")
        if blank.size:
            codes = np.where(codes == blank[0], -1, codes)
    return codes.astype(np.int64)


def match_only_column(columns: Sequence[object], kind: str) -> object | None:
    """The column of ``columns`` that holds ``kind`` (birth_date, gender), if any."""
    wanted = {normalize_header(h) for h in MATCH_ONLY_HEADERS[kind]}
    return next((c for c in columns if normalize_header(c) in wanted), None)


def prepare_fields(
    df: pd.DataFrame, columns: Sequence[tuple[str, str]], rules: MatchRules
) -> list[FieldData]:
    """FieldData for each (column, kind); columns with no usable value are left out."""
    built: dict[str, FieldData] = {}
    order: list[str] = []
    for column, kind in columns:
        data = _build(df, column, kind, rules)
        if data is not None:
            built[column] = data
            order.append(column)
    kinds = {f.kind: f for f in built.values()}
    name = kinds.get("name")
    if name is not None:  # 张先生 and 张女士: a gender from the titles, where none is given
        hints = column_keys(df[name.column], gender_from_name, text=True)
        gender = kinds.get("gender")
        if gender is not None:
            _fill(gender, hints)
        elif (derived := _field(name.column, "gender", name.raw, hints)) is not None:
            built["\x00gender"] = derived
            order.append("\x00gender")
    fields = [built[c] for c in order]
    for f in fields:
        f.weights = np.array([rules.weight(f.kind, level) for level in f.levels])
        share = rules.level(f.kind, "exact").tf
        if share:
            f.tf = term_frequency_weights(f.code, share)
    return fields


def _build(df: pd.DataFrame, column: str, kind: str, rules: MatchRules) -> FieldData | None:
    raw = df[column].to_numpy(dtype=object)
    series = df[column]
    builders: dict[str, Callable[[], FieldData | None]] = {
        "name": lambda: _name_field(column, raw, series),
        "email": lambda: _email_field(column, raw, series),
        "company": lambda: _company_field(column, raw, series),
        "region": lambda: _region_field(column, raw, series, df),
        "gender": lambda: _gender_field(column, raw, column_keys(series, gender_key)),
    }
    if kind in builders:
        return builders[kind]()
    key_functions: dict[str, Callable[[object], str]] = {
        "phone": partial(mk.phone_key, region=rules.region),
        "address": mk.address_key,
        "birth_date": birth_date_key,
    }
    key_of = key_functions.get(kind, generic_key)
    key = column_keys(series, key_of, text=kind not in ("phone", "email", "birth_date"))
    data = _field(column, kind, raw, key)
    if data is not None and kind == "phone":
        data.extra["mobile"] = np.array([mk.is_mobile(k) for k in key], dtype=bool)
        data.extra["role"] = np.array([mk.is_hotline(k) for k in key], dtype=bool)
    return data


def _field(column: str, kind: str, raw: np.ndarray, key: np.ndarray) -> FieldData | None:
    code = codes_of(key)
    if not (code >= 0).any():
        return None
    return FieldData(column, kind, raw, key, code, key)


def _name_field(column: str, raw: np.ndarray, series: pd.Series) -> FieldData | None:
    key = column_keys(series, mk.name_key, text=True)
    family = column_keys(series, surname, text=True)
    code = codes_of(key)
    surnames = codes_of(family)
    if not (surnames >= 0).any() and not (code >= 0).any():
        return None
    pinyin = column_keys(pd.Series(key), mk.pinyin_key)
    data = FieldData(column, "name", raw, key, code, pinyin)  # similar names: as pinyin
    data.extra["sounds"] = codes_of(pinyin)
    data.extra["surname"] = surnames
    data.extra["latin"] = np.array([bool(k) and not is_cjk(k) for k in key], dtype=bool)
    return data


def _email_field(column: str, raw: np.ndarray, series: pd.Series) -> FieldData | None:
    data = _field(column, "email", raw, column_keys(series, mk.email_key))
    if data is not None:
        data.extra["typed"] = codes_of(column_keys(series, mk.typed_email_key))
        data.extra["role"] = np.array([mk.is_role_mailbox(k) for k in data.key], dtype=bool)
    return data


def _company_field(column: str, raw: np.ndarray, series: pd.Series) -> FieldData | None:
    uniques = pd.unique(series.dropna())
    aliases = company_aliases(uniques)
    parts = {value: company_parts(value) for value in uniques}

    def key_of(value: object) -> str:
        found = parts.get(value) or company_parts(value)
        return aliases.get(found.key, found.key)

    data = _field(column, "company", raw, column_keys(series, key_of, text=True))
    if data is None:
        return None
    empty = company_parts("")
    place = [(parts.get(v) or empty).places[:1] for v in raw]
    data.extra["place"] = np.array([p[0] if p else "" for p in place], dtype=object)
    data.extra["branch"] = codes_of(
        np.array([(parts.get(v) or empty).branch for v in raw], dtype=object)
    )
    data.extra["romanised"] = codes_of(column_keys(series, romanised_key, text=True))
    return data


def _region_field(
    column: str, raw: np.ndarray, series: pd.Series, df: pd.DataFrame
) -> FieldData | None:
    key = column_keys(series, mk.region_key, text=True)
    if "address" in df.columns:  # a blank region read from the address: 浙江省杭州市…
        from_address = column_keys(df["address"], address_region, text=True)
        key = np.where(key == "", from_address, key)
    return _field(column, "region", raw, key)


def _gender_field(column: str, raw: np.ndarray, key: np.ndarray) -> FieldData | None:
    """Gender from its column (男/女, M/F ...)."""
    return _field(column, "gender", raw, key)


def _fill(f: FieldData, hints: np.ndarray) -> None:
    """A field's blank keys filled from ``hints`` (a gender column's, from the titles)."""
    key = np.where(f.key == "", hints, f.key).astype(object)
    f.key, f.fuzzy, f.code = key, key, codes_of(key)


def term_frequency_weights(code: np.ndarray, share: float) -> np.ndarray:
    """Per code: ``share × log2(u / f(x))``, kept within TF_RANGE (Splink's TF adjustment).

    f(x) is the share of non-blank rows holding x; u the chance that two random non-blank
    rows agree, the sum of f(x)^2.
    """
    present = code[code >= 0]
    counts = np.bincount(present).astype(np.float64)
    if not len(counts):
        return np.zeros(0)
    frequency = counts / counts.sum()
    chance = float((frequency**2).sum())
    with np.errstate(divide="ignore"):
        adjustment = np.log2(chance / np.maximum(frequency, 1e-12))
    return share * np.clip(adjustment, *TF_RANGE)
