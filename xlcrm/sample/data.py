"""Realistic, messy customer lists for tests, benchmarks and ``xlcrm demo``.

:func:`generate_customers` makes clean customers, then types them the way office staff
do: defects injected at a few per cent each, extra copies of some customers typed
differently (duplicates), and different customers who look alike (hard negatives). The
ground truth comes along: which records are the same customer, which defects were
injected where, and which pairs only look alike. :func:`write_messy_workbook` and
:func:`write_messy_csv` save the table the way real exports look.

Faker is called only to fill small pools (surnames, given names, brand words, user names,
streets); customers are cheap random combinations of them (about 15 times faster than a Faker call
per field), so a million rows take about a minute.

This module is the public face; the work is done in private modules:

    _sample_customers   clean customers, look-alikes and retyped copies (CustomerMaker)
    _sample_places      regions, cities and addresses
    _sample_pools       the words customers are made of, and weighted drawing
    _sample_messes      which defects hit which field; inject_defects
    _sample_injectors   one function per defect
    _sample_duplicates  how a duplicate differs from its original
    _sample_spellings   placeholders, typos, traditional and full-width forms
    _sample_files       write_messy_workbook and write_messy_csv
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from xlcrm.sample.customers import CustomerMaker as CustomerMaker
from xlcrm.sample.files import EXTRA_COLUMN as EXTRA_COLUMN
from xlcrm.sample.files import HEADER_SYNONYMS as HEADER_SYNONYMS
from xlcrm.sample.files import PERSONAL_COLUMNS as PERSONAL_COLUMNS
from xlcrm.sample.files import table_header, write_messy_csv, write_messy_workbook
from xlcrm.sample.lookalikes import LOOKALIKE_KINDS, make_lookalike
from xlcrm.sample.messes import (
    DEFECT_CODES,
    VARIATION_CODES,
    Mess,
    inject_defects,
    vary_duplicate,
)
from xlcrm.sample.places import EN_PLACES, MAINLAND, OFFSHORE_WEIGHTS, REGION_EN
from xlcrm.sample.pools import COMMON_NAMES as COMMON_NAMES
from xlcrm.schema import REGIONS

__all__ = [
    "DEFECT_CODES",
    "LOOKALIKE_KINDS",
    "REGION_EN",
    "VARIATION_CODES",
    "SampleData",
    "generate_customers",
    "table_header",
    "write_messy_csv",
    "write_messy_workbook",
]

# The tables used to live here; tests still read them under these names.
_MAINLAND, _OFFSHORE_WEIGHTS, _EN_PLACES = MAINLAND, OFFSHORE_WEIGHTS, EN_PLACES


@dataclass
class SampleData:
    """A generated customer list and the truth about it, one entry per record."""

    records: list[dict[str, object]]  # schema field name -> value as typed in Excel
    entity: list[int]  # the real customer behind each record: equal means duplicate
    defects: list[list[str]]  # codes from DEFECT_CODES injected into each record
    lookalike_pairs: list[tuple[int, int]]  # (original, look-alike) record indexes
    variations: list[list[str]] = field(default_factory=list)  # VARIATION_CODES per record
    lookalike_kinds: list[str] = field(default_factory=list)  # LOOKALIKE_KINDS, per pair
    duplicate_of: list[int | None] = field(default_factory=list)  # record a copy was typed from
    wechat: list[str | None] = field(default_factory=list)  # the extra, unknown column
    gender: list[object] = field(default_factory=list)  # 性别 as typed (a column of its own)
    birth_date: list[object] = field(default_factory=list)  # 出生日期 as typed
    language: str = "zh"
    asof: dt.date = field(default_factory=dt.date.today)

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class _Draft:
    """Rows while they are built, before shuffling fixes their final positions."""

    records: list[dict[str, object]] = field(default_factory=list)
    entity: list[int] = field(default_factory=list)
    defects: list[list[str]] = field(default_factory=list)
    variations: list[list[str]] = field(default_factory=list)
    duplicate_of: list[int | None] = field(default_factory=list)
    touched: list[set[str]] = field(default_factory=list)
    wechat: list[str | None] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # each pair's look-alike kind
    gender: list[str] = field(default_factory=list)  # the person's ("m" / "f"), for titles

    def add(self, record: dict[str, object], entity: int, wechat: str | None) -> int:
        self.records.append(record)
        self.entity.append(entity)
        self.defects.append([])
        self.variations.append([])
        self.duplicate_of.append(None)
        self.touched.append(set())
        self.wechat.append(wechat)
        self.gender.append("")
        return len(self.records) - 1


def generate_customers(
    rows: int = 500,
    *,
    seed: int = 7,
    language: str = "zh",
    messy: bool = True,
    duplicate_rate: float = 0.08,
    lookalike_rate: float = 0.03,
    asof: dt.date | None = None,
) -> SampleData:
    """A customer list of ``rows`` records with its ground truth; the same seed gives the same list.

    ``duplicate_rate`` of the records are extra copies of another customer typed
    differently; ``lookalike_rate`` are different customers sharing a name, company or
    address with another. Without ``messy`` no defects are injected (duplicates still
    differ, but only in ways that are valid values). ``asof`` (default today) is the day
    the list is exported: every history ends there, except injected future dates.
    """
    _check_arguments(rows, language, duplicate_rate, lookalike_rate)
    asof = asof or dt.date.today()
    rng = random.Random(seed)
    maker = CustomerMaker(rng, seed=seed, language=language, asof=asof)
    mess = Mess(rng, language, asof, _valid_regions(language), maker.owners, maker.similar_phone,
                maker.qq_email)  # fmt: skip
    n_duplicates, n_lookalikes = round(rows * duplicate_rate), round(rows * lookalike_rate)
    n_base = rows - n_duplicates - n_lookalikes
    draft = _Draft()
    for entity in range(n_base):
        record = maker.customer(entity)
        draft.add(record, entity, maker.wechat(record))
    for entity in range(n_base, n_base + n_lookalikes):
        original, record, kind = make_lookalike(maker, draft.records, n_base, entity)
        draft.pairs.append((original, draft.add(record, entity, maker.wechat(record))))
        draft.kinds.append(kind)
    draft.gender = [maker.who[entity].gender for entity in draft.entity]
    for _ in range(n_duplicates):
        _add_duplicate(draft, rng.randrange(n_base), maker, mess, messy=messy)
    if messy:
        for index, record in enumerate(draft.records):
            mess.gender = draft.gender[index]
            draft.defects[index].extend(inject_defects(record, mess, draft.touched[index]))
    return _finish(draft, rng, language, asof)


def _check_arguments(
    rows: int, language: str, duplicate_rate: float, lookalike_rate: float
) -> None:
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}.")
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}.")
    rates_ok = 0 <= duplicate_rate < 1 and 0 <= lookalike_rate < 1
    if not rates_ok or duplicate_rate + lookalike_rate >= 1:
        raise ValueError("duplicate_rate and lookalike_rate must be between 0 and 1, sum below 1.")
    if rows and rows - round(rows * duplicate_rate) - round(rows * lookalike_rate) < 1:
        raise ValueError(f"{rows} rows leave no original customer at these rates.")


def _valid_regions(language: str) -> tuple[str, ...]:
    return tuple(REGION_EN.values()) if language == "en" else REGIONS


def _add_duplicate(
    draft: _Draft, original: int, maker: CustomerMaker, mess: Mess, *, messy: bool
) -> None:
    record = maker.retyped(draft.records[original])
    wechat = draft.wechat[original] if mess.rng.random() < 0.7 else None
    index = draft.add(record, draft.entity[original], wechat)
    draft.gender[index] = mess.gender = draft.gender[original]
    applied, defects, touched = vary_duplicate(record, mess, messy=messy)
    draft.variations[index] = applied
    draft.defects[index] = defects
    draft.touched[index] = touched
    draft.duplicate_of[index] = original


def _finish(draft: _Draft, rng: random.Random, language: str, asof: dt.date) -> SampleData:
    """Shuffle rows so copies are not neighbours, then number the customers in row order."""
    order = list(range(len(draft.records)))
    rng.shuffle(order)
    _separate_neighbours(order, draft.entity, rng)
    position = [0] * len(order)
    for new, old in enumerate(order):
        position[old] = new
    records = [draft.records[old] for old in order]
    personal = [(r.pop("gender", None), r.pop("birth_date", None)) for r in records]
    duplicate_of = [draft.duplicate_of[old] for old in order]
    variations = [draft.variations[old] for old in order]
    for index, record in enumerate(records):
        record["customer_id"] = f"C{index + 1:06d}"
    for index, source in enumerate(duplicate_of):
        if source is not None and "dup_same_id" in variations[index]:
            records[index]["customer_id"] = records[position[source]]["customer_id"]
    return SampleData(
        records=records,
        entity=[draft.entity[old] for old in order],
        defects=[draft.defects[old] for old in order],
        lookalike_pairs=[(position[a], position[b]) for a, b in draft.pairs],
        variations=variations,
        lookalike_kinds=list(draft.kinds),
        duplicate_of=[None if s is None else position[s] for s in duplicate_of],
        wechat=[draft.wechat[old] for old in order],
        gender=[g for g, _ in personal],
        birth_date=[b for _, b in personal],
        language=language,
        asof=asof,
    )


def _separate_neighbours(order: list[int], entity: list[int], rng: random.Random) -> None:
    """Swap away the few records a shuffle leaves next to a copy of themselves."""
    for _ in range(5):
        clashes = [i for i in range(1, len(order)) if entity[order[i]] == entity[order[i - 1]]]
        if not clashes:
            return
        for i in clashes:
            j = rng.randrange(len(order))
            order[i], order[j] = order[j], order[i]
