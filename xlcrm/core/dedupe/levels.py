"""Comparison levels: where each field of a pair of rows lands (same, similar, different ...).

:func:`field_levels` gives each candidate pair its level of one field, as an index into
the field's levels (:data:`~xlcrm.core.dedupe.rules.FIELD_LEVELS`), -1 when either side
is blank. Equal keys are the exact level; then each kind has its own ways of being
nearly the same:

- phone: a shared mainland mobile is "exact", a shared landline "landline";
- email: the same address typed with a slip (qq.con for qq.com, one letter off) is "typo";
- name: pinyin against characters ("romanised"), two characters that sound alike
  ("homophone"), a close spelling ("similar"), a surname with only a title ("surname");
- company: one name in two places or branches ("branch"), the brand in pinyin with its
  trade in English ("romanised"), a close spelling ("similar");
- address: the same address with more of the district before it ("exact"), one without
  the room ("contained"), a close spelling ("similar"); the same address at the same
  company is the company's "office";
- birth date: day and month swapped or one digit off ("similar").

:func:`interactions` then applies what a level means only together with another field:
a phone or email shared by rows whose names (or genders) disagree is "shared" — a
switchboard, a family phone, info@ —, an address shared by rows of one company or one
landline is the premises ("office") of a company or household, and pinyin counts as the same name only where the company or address agrees. Fuzzy similarity is computed by :mod:`xlcrm.core.similarity` (rapidfuzz, or its pure-Python twin under Pyodide) once per distinct
pair of values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from xlcrm.core.dedupe.fields import FieldData
from xlcrm.core.dedupe.places import same_area
from xlcrm.core.dedupe.rules import GENERIC, MatchRules
from xlcrm.core.similarity import damerau_levenshtein, paired

__all__ = ["field_levels", "interactions", "similarity"]

_DIGITS = re.compile(r"\D")


def similarity(kind: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0..1 similarity of two equally long arrays of keys, pair by pair."""
    if not len(a):
        return np.zeros(0, dtype=np.float32)
    scorer = "jaro_winkler" if kind == GENERIC else "ratio"
    scores = np.asarray(paired(scorer, a, b), dtype=np.float32)
    return scores if kind == GENERIC else scores / 100


def distinct_pairs(
    codes: np.ndarray, ci: np.ndarray, cj: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows holding each distinct (code, code) pair once: (row a, row b, inverse)."""
    width = int(codes.max()) + 1
    pair_key = np.minimum(ci, cj) * width + np.maximum(ci, cj)
    inverse, distinct = pd.factorize(pair_key)  # hashing: faster than np.unique's sort
    first = np.empty(width, dtype=np.int64)
    first[codes[codes >= 0]] = np.flatnonzero(codes >= 0)  # a row holding each code
    return first[distinct // width], first[distinct % width], inverse


def _per_distinct(
    f: FieldData, i: np.ndarray, j: np.ndarray, rows: np.ndarray, test: Callable[[str, str], int]
) -> np.ndarray:
    """``test`` of the two keys of each pair ``rows`` names, run once per distinct pair."""
    a, b, inverse = distinct_pairs(f.code, f.code[i[rows]], f.code[j[rows]])
    found = [test(str(x), str(y)) for x, y in zip(f.key[a], f.key[b], strict=True)]
    return np.array(found, dtype=np.int8)[inverse]


def _distinct_similarity(f: FieldData, ci: np.ndarray, cj: np.ndarray) -> np.ndarray:
    """Similarity per pair of codes, computed once per distinct pair of values."""
    a, b, inverse = distinct_pairs(f.code, ci, cj)
    return similarity(f.kind, f.fuzzy[a], f.fuzzy[b])[inverse]


def field_levels(f: FieldData, i: np.ndarray, j: np.ndarray, rules: MatchRules) -> np.ndarray:
    """The level index of field ``f`` for each pair (i, j); -1 where either side is blank."""
    if f.kind == "name":
        return _name_levels(f, i, j, rules)
    ci, cj = f.code[i], f.code[j]
    missing = (ci < 0) | (cj < 0)
    levels = np.full(len(i), f.levels.index("different"), dtype=np.int8)
    levels[missing] = -1
    same = (ci == cj) & ~missing
    levels[same] = 0
    todo = ~same & ~missing
    special = {
        "phone": _phone_levels,
        "email": _email_levels,
        "company": _company_levels,
        "address": _address_levels,
        "birth_date": _birth_date_levels,
    }.get(f.kind)
    if special is not None:
        special(f, i, j, levels, same, todo)
        todo &= levels == f.levels.index("different")
    _fuzzy_levels(f, ci, cj, levels, todo, rules)
    return levels


def _fuzzy_levels(
    f: FieldData,
    ci: np.ndarray,
    cj: np.ndarray,
    levels: np.ndarray,
    todo: np.ndarray,
    rules: MatchRules,
) -> None:
    """The levels with a minimum similarity, for the pairs still at "different"."""
    fuzzy = [(n, lv) for n, lv in enumerate(f.levels) if rules.level(f.kind, lv).min_similarity]
    if not fuzzy or not todo.any():
        return
    rows = np.flatnonzero(todo)
    scores = _distinct_similarity(f, ci[rows], cj[rows])
    for n, lv in reversed(fuzzy):  # the best level last, so it wins
        floor = rules.level(f.kind, lv).min_similarity or 1.0
        levels[rows[scores >= floor]] = n


def _phone_levels(f: FieldData, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                  same: np.ndarray, todo: np.ndarray) -> None:  # fmt: skip
    mobile = f.extra["mobile"][i]
    levels[same & ~mobile] = f.levels.index("landline")


def _email_levels(f: FieldData, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                  same: np.ndarray, todo: np.ndarray) -> None:  # fmt: skip
    typed = f.extra["typed"]
    levels[same & (typed[i] != typed[j])] = f.levels.index("typo")  # qq.con / qq.com
    rows = np.flatnonzero(todo)
    slip = _per_distinct(f, i, j, rows, _one_letter_off) == 1
    levels[rows[slip]] = f.levels.index("typo")


def _one_letter_off(a: str, b: str) -> bool:
    """zhangwei@qq.com and zhangwie@qq.com: one domain, local parts one edit apart.

    Numbers are no slips: user1@ and user2@, or two QQ numbers, are two mailboxes.
    """
    local_a, _, domain_a = a.partition("@")
    local_b, _, domain_b = b.partition("@")
    if domain_a != domain_b or min(len(local_a), len(local_b)) < 5:
        return False
    if _DIGITS.sub("", local_a) != _DIGITS.sub("", local_b):
        return False
    return damerau_levenshtein(local_a, local_b, cutoff=1) <= 1


def _company_levels(f: FieldData, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                    same: np.ndarray, todo: np.ndarray) -> None:  # fmt: skip
    branch, place = f.extra["branch"], f.extra["place"]
    bi, bj = branch[i], branch[j]
    other = (bi >= 0) & (bj >= 0) & (bi != bj)
    pi, pj = place[i], place[j]
    elsewhere = (pi != "") & (pj != "") & (pi != pj)
    if elsewhere.any():  # 杭州 and 浙江 may be one place; 杭州 and 上海 are two
        rows = np.flatnonzero(elsewhere)
        near = [same_area(str(x), str(y)) for x, y in zip(pi[rows], pj[rows], strict=True)]
        elsewhere[rows[np.array(near, dtype=bool)]] = False
    levels[same & (other | elsewhere)] = f.levels.index("branch")
    romanised = f.extra["romanised"]
    ri, rj = romanised[i], romanised[j]
    levels[todo & (ri >= 0) & (ri == rj)] = f.levels.index("romanised")


def _address_levels(f: FieldData, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                    same: np.ndarray, todo: np.ndarray) -> None:  # fmt: skip
    rows = np.flatnonzero(todo)
    kinds = _per_distinct(f, i, j, rows, _address_relation)
    levels[rows[kinds == 1]] = 0  # the same address, more of the district written out
    levels[rows[kinds == 2]] = f.levels.index("contained")


def _address_relation(a: str, b: str) -> int:
    """1: one is the other with more before it; 2: one is the other without the room."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 8 and long.endswith(short) and any(c.isdigit() for c in short):
        return 1
    if len(short) >= 6 and long.startswith(short):
        return 2
    return 0


def _birth_date_levels(f: FieldData, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                       same: np.ndarray, todo: np.ndarray) -> None:  # fmt: skip
    rows = np.flatnonzero(todo)
    close = _per_distinct(f, i, j, rows, _date_slip) == 1
    levels[rows[close]] = f.levels.index("similar")


def _date_slip(a: str, b: str) -> bool:
    """1985-03-07 and 1985-07-03 (day and month swapped) or 1985-03-17 (one digit off)."""
    if len(a) != 10 or len(b) != 10:
        return False
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _name_levels(f: FieldData, i: np.ndarray, j: np.ndarray, rules: MatchRules) -> np.ndarray:
    """Full names: exact, romanised, homophone, similar, different; a surname with only a
    title (张先生) against anything: surname or different."""
    ci, cj = f.code[i], f.code[j]
    si, sj = f.extra["surname"][i], f.extra["surname"][j]
    index = f.levels.index
    levels = np.full(len(i), -1, dtype=np.int8)
    full = (ci >= 0) & (cj >= 0)
    partial = ~full & (si >= 0) & (sj >= 0)
    levels[partial] = np.where(si[partial] == sj[partial], index("surname"), index("different"))
    levels[full] = index("different")
    levels[full & (ci == cj)] = index("exact")
    todo = full & (ci != cj)
    sounds, latin = f.extra["sounds"], f.extra["latin"]
    alike = todo & (sounds[i] == sounds[j]) & (sounds[i] >= 0)
    levels[alike] = np.where(
        latin[i][alike] != latin[j][alike], index("romanised"), index("homophone")
    )
    one_family = (si == sj) | latin[i] | latin[j]  # 苏美兰 and 吴美兰 are not one name mistyped
    _fuzzy_levels(f, ci, cj, levels, todo & ~alike & one_family, rules)
    return levels


def interactions(fields: Sequence[FieldData], levels: np.ndarray, i: np.ndarray) -> None:
    """Levels that mean something only with another field's, changed in place.

    A phone or email shared by rows whose names or genders disagree, a hotline (400-...),
    an info@ mailbox and a landline without one name on both rows are "shared"; pinyin against characters counts only where company or address agrees.
    """
    column = {f.kind: n for n, f in enumerate(fields)}
    disagree = np.zeros(len(levels), dtype=bool)
    for kind in ("name", "gender"):
        if kind in column:
            disagree |= levels[:, column[kind]] == fields[column[kind]].levels.index("different")
    named = np.ones(len(levels), dtype=bool)  # the names agree (or the sheet has none)
    if "name" in column:
        name = fields[column["name"]]
        good = [name.levels.index(x) for x in ("exact", "romanised", "homophone")]
        named = np.isin(levels[:, column["name"]], good)
    for kind in ("phone", "email"):
        if kind not in column:
            continue
        n, f = column[kind], fields[column[kind]]
        agreed = (levels[:, n] >= 0) & (levels[:, n] < f.levels.index("shared"))
        shared = agreed & (disagree | f.extra["role"][i])  # a hotline, an info@ mailbox
        if kind == "phone":  # a landline names a company or home: a person only with a name
            shared |= (levels[:, n] == f.levels.index("landline")) & ~named
        levels[shared, n] = f.levels.index("shared")
    if "address" in column:  # the premises of a company or a household, not one person's
        n, f = column["address"], fields[column["address"]]
        shared_place = np.zeros(len(levels), dtype=bool)
        if "company" in column:
            company = fields[column["company"]]
            good = [company.levels.index(x) for x in ("exact", "romanised", "similar")]
            shared_place |= np.isin(levels[:, column["company"]], good)
        if "phone" in column:  # a landline rings at an address: both agreeing is one place
            phone = fields[column["phone"]]
            line = [phone.levels.index("landline"), phone.levels.index("shared")]
            shared_place |= np.isin(levels[:, column["phone"]], line)
        at_office = shared_place & np.isin(levels[:, n], [0, f.levels.index("similar")])
        levels[at_office, n] = f.levels.index("office")
    if "name" in column:
        n, f = column["name"], fields[column["name"]]
        romanised = levels[:, n] == f.levels.index("romanised")
        if romanised.any():
            levels[romanised & ~_place_agrees(fields, column, levels), n] = f.levels.index(
                "similar"
            )


def _place_agrees(
    fields: Sequence[FieldData], column: dict[str, int], levels: np.ndarray
) -> np.ndarray:
    """Pairs whose company or address agrees (exactly, romanised, contained or similar)."""
    agrees = np.zeros(len(levels), dtype=bool)
    for kind, good in (("company", ("exact", "romanised", "similar")),
                       ("address", ("exact", "office", "contained", "similar"))):  # fmt: skip
        if kind in column:
            f = fields[column[kind]]
            wanted = [f.levels.index(g) for g in good]
            agrees |= np.isin(levels[:, column[kind]], wanted)
    return agrees
