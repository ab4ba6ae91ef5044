"""The sample-data generator: determinism, its ground truth, its defects and its files."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlcrm.sample import data as sample_data
from xlcrm.sample import messes
from xlcrm.sample.data import (
    DEFECT_CODES,
    REGION_EN,
    VARIATION_CODES,
    SampleData,
    generate_customers,
    table_header,
    write_messy_csv,
    write_messy_workbook,
)
from xlcrm.schema import (
    CONSENT_VALUES,
    CONSENT_VALUES_EN,
    CUSTOMER_TYPES,
    CUSTOMER_TYPES_EN,
    FIELD_NAMES,
    REGIONS,
    map_headers,
    match_header,
)

ASOF = dt.date(2026, 3, 31)
DATE_FIELDS = ("created_at", "last_purchase_at", "updated_at")
Record = dict[str, object]


@pytest.fixture(scope="module")
def zh() -> SampleData:
    return generate_customers(800, seed=11, asof=ASOF)


@pytest.fixture(scope="module")
def en() -> SampleData:
    return generate_customers(400, seed=5, language="en", asof=ASOF)


@pytest.fixture(scope="module")
def clean() -> SampleData:
    return generate_customers(600, seed=2, messy=False, asof=ASOF)


@pytest.fixture(scope="module")
def big() -> list[SampleData]:
    """Enough rows in both languages for every defect code to appear."""
    return [
        generate_customers(3000, seed=1, asof=ASOF),
        generate_customers(1500, seed=1, language="en", asof=ASOF),
    ]


# --- helpers ---------------------------------------------------------------------------


def nfkc(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value))


def phone_keys(value: object) -> set[str]:
    """Each number in a phone cell as its last 11 digits (a cell may hold two)."""
    if value is None:
        return set()
    if isinstance(value, float):
        value = int(value)
    parts = re.split(r"[/、;,\n]", nfkc(value))
    digits = (re.sub(r"\D", "", part) for part in parts)
    return {d[-11:] for d in digits if len(d) >= 7}


def email_key(value: object) -> str | None:
    text = nfkc(value).strip().lower() if value is not None else ""
    return text if "@" in text else None


def is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def digest(data: SampleData) -> str:
    truth = (data.records, data.entity, data.defects, data.lookalike_pairs, data.variations)
    return hashlib.sha256(repr(truth).encode()).hexdigest()


# --- determinism and sizes -------------------------------------------------------------


def test_same_seed_gives_the_same_list() -> None:
    first = generate_customers(300, seed=3, asof=ASOF)
    second = generate_customers(300, seed=3, asof=ASOF)
    assert first.records == second.records
    assert (first.entity, first.defects) == (second.entity, second.defects)
    assert first.lookalike_pairs == second.lookalike_pairs


def test_different_seeds_give_different_lists() -> None:
    first = generate_customers(300, seed=3, asof=ASOF)
    second = generate_customers(300, seed=4, asof=ASOF)
    assert first.records != second.records
    names = {r["name"] for r in first.records} ^ {r["name"] for r in second.records}
    assert len(names) > 100


def test_same_seed_is_stable_across_processes() -> None:
    """No set or dict-order randomness leaks in: string hashing differs per process."""
    code = (
        "import datetime, hashlib; from xlcrm.sample.data import generate_customers as g; "
        "d = g(200, seed=9, asof=datetime.date(2026, 3, 31)); "
        "print(hashlib.sha256(repr((d.records, d.entity, d.defects, d.lookalike_pairs, "
        "d.variations)).encode()).hexdigest())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for hash_seed in ("1", "2")
    }
    assert outputs == {digest(generate_customers(200, seed=9, asof=ASOF))}


@pytest.mark.parametrize(("rows", "dup_rate", "look_rate"), [(800, 0.08, 0.03), (500, 0.2, 0.1)])
def test_duplicates_and_lookalikes_come_at_the_rates_asked(
    rows: int, dup_rate: float, look_rate: float
) -> None:
    data = generate_customers(rows, seed=8, duplicate_rate=dup_rate, lookalike_rate=look_rate)
    assert len(data.records) == len(data.entity) == len(data.defects) == rows
    copies = sum(source is not None for source in data.duplicate_of)
    assert copies == round(rows * dup_rate)
    assert rows - len(set(data.entity)) == copies
    assert len(data.lookalike_pairs) == round(rows * look_rate)


def test_no_duplicates_or_lookalikes_when_rates_are_zero() -> None:
    data = generate_customers(200, seed=1, duplicate_rate=0, lookalike_rate=0)
    assert len(set(data.entity)) == 200
    assert data.lookalike_pairs == []


def test_zero_rows_is_an_empty_list() -> None:
    data = generate_customers(0)
    assert data.records == [] and data.entity == []


@pytest.mark.parametrize(
    "kwargs",
    [{"language": "fr"}, {"rows": -1}, {"duplicate_rate": 0.6, "lookalike_rate": 0.5},
     {"duplicate_rate": -0.1}, {"rows": 2, "duplicate_rate": 0.9}],
)  # fmt: skip
def test_bad_arguments_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_customers(**kwargs)  # type: ignore[arg-type]


# --- ground truth ----------------------------------------------------------------------


def test_every_duplicate_is_a_retyped_copy_of_an_original(zh: SampleData) -> None:
    originals_per_entity: dict[int, int] = defaultdict(int)
    for index, source in enumerate(zh.duplicate_of):
        if source is None:
            originals_per_entity[zh.entity[index]] += 1
            assert zh.variations[index] == []
            continue
        assert source != index
        assert zh.duplicate_of[source] is None  # copied from the original record
        assert zh.entity[source] == zh.entity[index]
        assert zh.variations[index], "a duplicate differs from its original somehow"
        assert set(zh.variations[index]) <= set(VARIATION_CODES)
        assert zh.records[index] != zh.records[source]
    assert set(originals_per_entity.values()) == {1}


def test_duplicates_still_match_their_original_on_something(zh: SampleData) -> None:
    """Hard but findable: most copies keep a phone, an email or the name (modulo typing)."""

    simplified = {trad: simple for simple, trad in messes.TRADITIONAL.items()}

    def name_key(value: object) -> str:
        return re.sub(r"\s", "", nfkc(value)).translate(simplified)

    matched = copies = 0
    for index, source in enumerate(zh.duplicate_of):
        if source is None:
            continue
        a, b = zh.records[index], zh.records[source]
        copies += 1
        matched += bool(
            phone_keys(a["phone"]) & phone_keys(b["phone"])
            or (email_key(a["email"]) and email_key(a["email"]) == email_key(b["email"]))
            or (a["name"] and name_key(a["name"]) == name_key(b["name"]))
        )
    assert matched >= 0.9 * copies


def test_variations_leave_their_mark(zh: SampleData) -> None:
    for index, codes in enumerate(zh.variations):
        record = zh.records[index]
        source = zh.records[zh.duplicate_of[index] or 0]
        if "dup_same_id" in codes:
            assert record["customer_id"] == source["customer_id"]
        elif codes:
            assert record["customer_id"] != source["customer_id"]
        if "dup_traditional" in codes and record["name"] is not None:
            assert record["name"] != source["name"]
    found = {code for codes in zh.variations for code in codes}
    assert len(found) >= 8


def _chain(company: object) -> str:
    return re.sub(r"[\u4e00-\u9fff]{2,3}分公司$", "", str(company))


def test_lookalikes_share_a_name_company_or_address(clean: SampleData) -> None:
    assert clean.lookalike_pairs
    assert len(clean.lookalike_kinds) == len(clean.lookalike_pairs)
    for (a, b), kind in zip(clean.lookalike_pairs, clean.lookalike_kinds, strict=True):
        x, y = clean.records[a], clean.records[b]
        assert clean.entity[a] != clean.entity[b]
        assert clean.duplicate_of[a] is None and clean.duplicate_of[b] is None
        names = str(x["name"]), str(y["name"])
        one_char_apart = (
            len(names[0]) == len(names[1]) and sum(p != q for p, q in zip(*names, strict=True)) <= 1
        )
        same_chain = kind == "chain_branch" and _chain(x["company"]) == _chain(y["company"])
        assert (
            one_char_apart or same_chain or x["company"] == y["company"]
            or x["address"] == y["address"]
        ), kind  # fmt: skip


def _mobiles(value: object) -> set[str]:
    return {k for k in phone_keys(value) if re.fullmatch(r"1[3-9]\d{9}", k)}


def _personal_email(value: object) -> str | None:
    key = email_key(value)
    return None if key is None or key.startswith("info@") else key


# Look-alike kinds that share a company's or a household's number (never a mobile).
SHARING = {"switchboard", "father_son", "chain_branch"}


@pytest.mark.parametrize("fixture", ["zh", "en", "clean"])
def test_lookalikes_share_no_mobile_or_personal_email(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    data: SampleData = request.getfixturevalue(fixture)
    for (a, b), kind in zip(data.lookalike_pairs, data.lookalike_kinds, strict=True):
        x, y = data.records[a], data.records[b]
        assert not _mobiles(x["phone"]) & _mobiles(y["phone"])
        mail = _personal_email(x["email"])
        assert mail is None or mail != _personal_email(y["email"])
        if kind not in SHARING:
            assert not phone_keys(x["phone"]) & phone_keys(y["phone"])


def test_a_mobile_or_email_belongs_to_one_customer_only(clean: SampleData) -> None:
    """Mobiles and personal mailboxes are one customer's; switchboards, home landlines,
    hotlines and info@ may be shared (the look-alikes plant them)."""
    owners: dict[str, set[int]] = defaultdict(set)
    for record, entity in zip(clean.records, clean.entity, strict=True):
        for key in _mobiles(record["phone"]) | {_personal_email(record["email"]) or ""}:
            if key:
                owners[key].add(entity)
    assert owners and all(len(entities) == 1 for entities in owners.values())


def test_every_lookalike_kind_is_planted_as_described(big: list[SampleData]) -> None:
    data = big[0]
    kinds = dict(zip(data.lookalike_pairs, data.lookalike_kinds, strict=True))
    assert set(kinds.values()) == set(sample_data.LOOKALIKE_KINDS)
    shared = {
        kind
        for (a, b), kind in kinds.items()
        if phone_keys(data.records[a]["phone"]) & phone_keys(data.records[b]["phone"])
    }
    assert {"switchboard", "father_son"} <= shared <= SHARING
    for (a, b), kind in kinds.items():
        x, y = data.records[a], data.records[b]
        if kind == "switchboard":
            assert x["company"] == y["company"] and x["name"] != y["name"]
        if kind == "father_son":
            assert x["address"] == y["address"] and x["name"] != y["name"]
        if kind == "namesake_city":
            assert x["name"] == y["name"] and (x["company"] != y["company"] or x["company"] is None)
        if kind == "chain_branch":
            assert _chain(x["company"]) == _chain(y["company"]) and x["company"] != y["company"]


def test_namesakes_carry_the_commonest_names(big: list[SampleData]) -> None:
    data = big[0]
    names = [
        str(data.records[a]["name"])
        for (a, _b), kind in zip(data.lookalike_pairs, data.lookalike_kinds, strict=True)
        if kind == "namesake_city"
    ]
    assert names and sum(n in sample_data.COMMON_NAMES for n in names) >= 0.8 * len(names)


def test_some_duplicates_share_no_phone_or_email(zh: SampleData) -> None:
    apart = 0
    for index, source in enumerate(zh.duplicate_of):
        if source is None or "dup_no_shared_contact" not in zh.variations[index]:
            continue
        a, b = zh.records[index], zh.records[source]
        assert not phone_keys(a["phone"]) & phone_keys(b["phone"])
        assert email_key(a["email"]) is None or email_key(a["email"]) != email_key(b["email"])
        assert a["company"] is not None or a["address"] is not None  # still findable
        apart += 1
    assert apart >= 0.1 * sum(s is not None for s in zh.duplicate_of)


def test_personal_details_come_as_their_own_columns(zh: SampleData) -> None:
    assert len(zh.gender) == len(zh.birth_date) == len(zh.records)
    assert all("gender" not in r and "birth_date" not in r for r in zh.records)
    assert {g for g in zh.gender if g} == {"男", "女"}
    born = [b for b in zh.birth_date if b is not None]
    assert 0.3 < len(born) / len(zh.records) < 0.8
    assert all(isinstance(b, dt.date) and 1950 <= b.year <= 2010 for b in born)


def test_titles_follow_the_gender(big: list[SampleData]) -> None:
    data = big[0]
    for record, gender in zip(data.records, data.gender, strict=True):
        name = str(record["name"])
        if gender == "男":
            assert not name.endswith(("女士", "小姐"))
        if gender == "女":
            assert not name.endswith("先生")


def test_copies_are_not_left_next_to_each_other(zh: SampleData) -> None:
    assert all(zh.entity[i] != zh.entity[i - 1] for i in range(1, len(zh.entity)))


# --- clean values ----------------------------------------------------------------------


def test_clean_mode_injects_no_defects(clean: SampleData) -> None:
    assert all(codes == [] for codes in clean.defects)
    for record, source in zip(clean.records, clean.duplicate_of, strict=True):
        # a retyped copy may leave a field blank; blank is not a defect
        blank = () if source is None else (None,)
        assert record["customer_type"] in (*CUSTOMER_TYPES, *blank)
        assert record["region"] in (*REGIONS, *blank)
        assert record["consent"] in CONSENT_VALUES
        assert isinstance(record["total_amount"], float)
        assert isinstance(record["purchase_count"], int)
        assert record["phone"] is not None or record["email"] is not None
        for name in DATE_FIELDS:
            assert record[name] is None or isinstance(record[name], dt.date)


def test_clean_values_look_like_a_real_chinese_list(clean: SampleData) -> None:
    records = clean.records
    phones = [str(r["phone"]) for r in records if r["phone"]]
    mobiles = [p for p in phones if re.fullmatch(r"1[3-9]\d{9}", p)]
    assert len(mobiles) > 0.7 * len(phones)
    assert any(re.fullmatch(r"0\d{2,3}-\d{7,8}", p) for p in phones)  # landlines
    assert any(p.startswith(("+852", "+886", "+1 ")) for p in phones)
    domains = {str(r["email"]).split("@")[1] for r in records if r["email"]}
    assert {"qq.com", "163.com"} <= domains
    assert 5 <= len({r["owner"] for r in records}) <= 8
    assert any("有限公司" in str(r["company"]) for r in records)
    assert any(re.search(r"[（(].+[）)]", str(r["company"])) for r in records)
    assert all(re.fullmatch(r"C\d{6}", str(r["customer_id"])) for r in records)


def test_landlines_match_the_region(clean: SampleData) -> None:
    area_regions = {
        area: region
        for region, (_, cities) in sample_data._MAINLAND.items()
        for _, area, _ in cities
    }
    landlines = [r for r in clean.records if re.fullmatch(r"0\d{2,3}-\d+", str(r["phone"]))]
    assert landlines
    for record in landlines:
        assert area_regions[str(record["phone"]).split("-")[0]] == record["region"]


def test_histories_are_plausible(clean: SampleData) -> None:
    amounts = []
    originals = [
        r for r, source in zip(clean.records, clean.duplicate_of, strict=True) if source is None
    ]
    for record in originals:
        created, last = record["created_at"], record["last_purchase_at"]
        assert isinstance(created, dt.date)
        assert ASOF - dt.timedelta(days=4 * 366) <= created <= ASOF
        if record["customer_type"] == "潜在":
            assert last is None and record["purchase_count"] == 0
        else:
            assert isinstance(last, dt.date) and created <= last <= ASOF
            assert isinstance(record["purchase_count"], int) and record["purchase_count"] >= 1
            amounts.append(float(record["total_amount"]))  # type: ignore[arg-type]
    amounts.sort()
    mean = sum(amounts) / len(amounts)
    assert amounts[len(amounts) // 2] < mean / 1.5  # skewed: many small, a few large
    assert any(round(a, 2) != round(a) for a in amounts)  # cents


def test_retyped_copies_keep_a_plausible_history(clean: SampleData) -> None:
    for record, source in zip(clean.records, clean.duplicate_of, strict=True):
        if source is None:
            continue
        created, last = record["created_at"], record["last_purchase_at"]
        assert isinstance(created, dt.date)
        assert clean.records[source]["created_at"] <= created <= ASOF  # type: ignore[operator]
        assert not isinstance(last, dt.date) or created <= last


def test_english_list_uses_english_values(en: SampleData) -> None:
    assert {r["customer_type"] for r in en.records} & set(CUSTOMER_TYPES_EN)
    assert {r["consent"] for r in en.records} & set(CONSENT_VALUES_EN)
    assert {r["region"] for r in en.records} & {"Overseas", "Hong Kong", "Shanghai"}
    assert not any(is_cjk(str(r["name"])) for r in en.records)


def test_region_tables_cover_every_schema_region() -> None:
    zh_regions = set(sample_data._MAINLAND) | set(sample_data._OFFSHORE_WEIGHTS)
    assert zh_regions == set(REGIONS)
    assert set(sample_data._EN_PLACES) <= set(REGION_EN.values())


def test_defect_tables_agree_with_the_documented_codes() -> None:
    table_codes = {code for defects in messes.FIELD_DEFECTS.values() for code, _ in defects}
    assert table_codes | {"no_contact"} == set(DEFECT_CODES)
    assert set(messes.INJECTORS) | {"no_contact"} == set(DEFECT_CODES)
    assert set(messes.VARIATIONS) == set(VARIATION_CODES)


# --- defects ---------------------------------------------------------------------------


def _dates(record: Record) -> list[object]:
    return [record[name] for name in DATE_FIELDS]


def _impossible(value: object) -> bool:
    numbers = re.findall(r"\d+", str(value))
    if not isinstance(value, str) or len(numbers) != 3 or len(numbers[0]) != 4:
        return False
    try:
        dt.date(*map(int, numbers))
    except ValueError:
        return True
    return False


def _fullwidth_digits(value: object) -> bool:
    return any("０" <= ch <= "９" for ch in str(value))


def _typo_domain(value: object) -> bool:
    domain = str(value).rsplit("@", 1)[-1]
    typos = {t for group in messes.EMAIL_DOMAIN_TYPOS.values() for t in group}
    tld_typos = {t for group in messes.TLD_TYPOS.values() for t in group}
    return domain in typos or domain.rsplit(".", 1)[-1] in tld_typos


def _spaced_name(value: object) -> bool:
    text = str(value)
    return text != text.strip() or "  " in text or (is_cjk(text) and " " in text)


Check = Callable[[Record, SampleData], bool]
PRESENT: dict[str, Check] = {
    "phone_spaces": lambda r, d: " " in str(r["phone"]).strip(),
    "phone_dashes": lambda r, d: "-" in str(r["phone"]),
    "phone_dots": lambda r, d: "." in str(r["phone"]),
    "phone_parens": lambda r, d: bool(re.search(r"[(（]", str(r["phone"]))),
    "phone_prefix_86": lambda r, d: str(r["phone"]).lstrip("+").startswith(("86", "0086")),
    "phone_fullwidth": lambda r, d: _fullwidth_digits(r["phone"]),
    "phone_number": lambda r, d: type(r["phone"]) in (int, float),
    "phone_trunk_zero": lambda r, d: re.fullmatch(r"01[3-9]\d{9}", str(r["phone"])) is not None,
    "phone_multiple": lambda r, d: len(phone_keys(r["phone"])) == 2,
    "phone_letters": lambda r, d: bool(re.search(r"[A-Za-z]", str(r["phone"]))),
    "phone_short": lambda r, d: len(re.sub(r"\D", "", str(r["phone"]))) < 11,
    "phone_long": lambda r, d: len(re.sub(r"\D", "", str(r["phone"]))) > 11,
    "phone_placeholder": lambda r, d: r["phone"] in messes.PLACEHOLDERS[d.language],
    "email_fullwidth_at": lambda r, d: "＠" in str(r["email"]),
    "email_fullwidth_dot": lambda r, d: "。" in str(r["email"]),
    "email_spaces": lambda r, d: str(r["email"]) != str(r["email"]).strip(),
    "email_upper": lambda r, d: str(r["email"]) != str(r["email"]).lower(),
    "email_missing_at": lambda r, d: "@" not in str(r["email"]),
    "email_double_at": lambda r, d: str(r["email"]).count("@") >= 2,
    "email_typo_domain": lambda r, d: _typo_domain(r["email"]),
    "email_trailing_punct": lambda r, d: str(r["email"])[-1] in ";；。,.",
    "email_placeholder": lambda r, d: r["email"] in messes.PLACEHOLDERS[d.language],
    "no_contact": lambda r, d: r["phone"] is None and r["email"] is None,
    "name_missing": lambda r, d: r["name"] is None,
    "name_spaces": lambda r, d: _spaced_name(r["name"]),
    "name_title": lambda r, d: any(title in str(r["name"]) for title in messes.NAME_TITLES),
    "name_fullwidth": lambda r, d: any("Ａ" <= ch <= "ｚ" for ch in str(r["name"])),
    "company_spaces": lambda r, d: str(r["company"]) != str(r["company"]).strip(),
    "address_linebreak": lambda r, d: "\n" in str(r["address"]),
    "region_variant": lambda r, d: r["region"] is not None and r["region"] not in _regions(d),
    "region_mismatch": lambda r, d: (
        r["region"] in _regions(d) and str(r["region"]) not in str(r["address"])
    ),
    "region_missing": lambda r, d: r["region"] is None,
    "owner_spaces": lambda r, d: (
        str(r["owner"]) != str(r["owner"]).strip()
        or (" " in str(r["owner"]).strip() and is_cjk(str(r["owner"])))
    ),
    "tags_separator": lambda r, d: (
        "," not in str(r["tags"]) and bool(re.search(r"[，、；/| ]", str(r["tags"])))
    ),
    "type_variant": lambda r, d: r["customer_type"] not in (*_types(d), None),
    "type_missing": lambda r, d: r["customer_type"] is None,
    "consent_variant": lambda r, d: r["consent"] not in (*CONSENT_VALUES, *CONSENT_VALUES_EN),
    "date_text": lambda r, d: any(isinstance(v, str) and re.search(r"\d", v) for v in _dates(r)),
    "date_serial": lambda r, d: any(type(v) is int and 20000 < v < 80000 for v in _dates(r)),
    "date_impossible": lambda r, d: any(_impossible(v) for v in _dates(r)),
    "date_future": lambda r, d: (
        isinstance(r["last_purchase_at"], dt.date) and r["last_purchase_at"] > d.asof
    ),
    "count_float": lambda r, d: (
        isinstance(r["purchase_count"], float) and not r["purchase_count"].is_integer()
    ),
    "count_text": lambda r, d: isinstance(r["purchase_count"], str),
    "amount_text": lambda r, d: (
        isinstance(r["total_amount"], str) and bool(re.search(r"[0-9]", r["total_amount"]))
    ),
    "amount_shorthand": lambda r, d: str(r["total_amount"])[-1:] in ("万", "千", "k"),
    "amount_fullwidth": lambda r, d: _fullwidth_digits(r["total_amount"]),
    "amount_negative": lambda r, d: isinstance(r["total_amount"], float) and r["total_amount"] < 0,
    "amount_placeholder": lambda r, d: (
        isinstance(r["total_amount"], str) and not re.search(r"\d", r["total_amount"])
    ),
}


def _regions(data: SampleData) -> tuple[str, ...]:
    return tuple(REGION_EN.values()) if data.language == "en" else REGIONS


def _types(data: SampleData) -> tuple[str, ...]:
    return CUSTOMER_TYPES_EN if data.language == "en" else CUSTOMER_TYPES


def test_every_defect_code_has_a_check() -> None:
    assert set(PRESENT) == set(DEFECT_CODES)


def test_recorded_defects_are_really_there(big: list[SampleData]) -> None:
    for data in big:
        for record, codes in zip(data.records, data.defects, strict=True):
            for code in codes:
                assert code in DEFECT_CODES
                assert PRESENT[code](record, data), (code, record)


def test_every_defect_is_injected_somewhere(big: list[SampleData]) -> None:
    seen = {code for data in big for codes in data.defects for code in codes}
    assert seen == set(DEFECT_CODES)


def test_defects_come_at_a_few_percent_each(big: list[SampleData]) -> None:
    data = big[0]
    counts: dict[str, int] = defaultdict(int)
    for codes in data.defects:
        for code in codes:
            counts[code] += 1
    assert max(counts.values()) < 0.15 * len(data.records)
    assert 0.2 < sum(bool(codes) for codes in data.defects) / len(data.records) < 0.9


# --- files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(zh: SampleData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_messy_workbook(zh, tmp_path_factory.mktemp("wb") / "customers.xlsx")


def test_workbook_has_title_rows_and_the_header_on_row_4(workbook: Path, zh: SampleData) -> None:
    sheet = openpyxl.load_workbook(workbook).active
    assert sheet is not None
    assert sheet["A1"].value == "2026年客户台账"
    assert "A1" in str(sheet.merged_cells)
    assert "导出" in str(sheet["A2"].value)
    assert all(cell.value is None for cell in sheet[3])
    header = [cell.value for cell in sheet[4]]
    assert header == table_header("zh")
    assert sheet.max_row == 4 + len(zh.records)


def test_header_uses_synonyms_that_still_match_and_one_unknown_column() -> None:
    for language in ("zh", "en"):
        header = table_header(language)
        mapped = map_headers(header)
        assert set(FIELD_NAMES) <= set(mapped)
        extra = sample_data.EXTRA_COLUMN(language)
        assert match_header(extra) is None and mapped[header.index(extra)] is None
        assert header[-2:] == [t(language) for t in sample_data.PERSONAL_COLUMNS.values()]
    assert {"手机号码", "电子邮箱", "累计消费金额（元）"} <= set(table_header("zh"))


def test_workbook_cells_keep_their_types(workbook: Path, zh: SampleData) -> None:
    sheet = openpyxl.load_workbook(workbook).active
    assert sheet is not None
    header = [cell.value for cell in sheet[4]]
    phone_col, created_col = header.index("手机号码") + 1, header.index("录入日期") + 1
    wechat_col = header.index("微信号") + 1
    leading_zero = dates = numbers = 0
    for offset, record in enumerate(zh.records):
        row = 5 + offset
        phone, created = sheet.cell(row, phone_col), sheet.cell(row, created_col)
        if isinstance(record["phone"], str) and record["phone"].startswith("0"):
            assert phone.data_type == "s" and phone.value == record["phone"]
            leading_zero += 1
        if type(record["phone"]) in (int, float):
            assert phone.data_type == "n"
            numbers += 1
        if isinstance(record["created_at"], dt.date):
            assert created.is_date and created.number_format == "yyyy-mm-dd"
            assert created.value.date() == record["created_at"]
            dates += 1
        assert sheet.cell(row, wechat_col).value == zh.wechat[offset]
        born = sheet.cell(row, len(header)).value
        assert (born.date() if born else None) == zh.birth_date[offset]
    assert leading_zero and numbers and dates


def test_calamine_reads_the_workbook(workbook: Path, zh: SampleData) -> None:
    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
    assert rows[3] == table_header("zh")
    assert len(rows) == 4 + len(zh.records)
    assert rows[4][0] == zh.records[0]["customer_id"]


def test_workbook_without_title_rows_in_english(en: SampleData, tmp_path: Path) -> None:
    path = write_messy_workbook(en, tmp_path / "en.xlsx", title_rows=False, sheet_name="Export")
    book = openpyxl.load_workbook(path)
    sheet = book["Export"]
    assert [cell.value for cell in sheet[1]] == table_header("en")
    assert sheet.max_row == 1 + len(en.records)


def test_workbook_title_in_english(en: SampleData, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_messy_workbook(en, tmp_path / "en.xlsx")).active
    assert sheet is not None and sheet["A1"].value == "Customer list 2026"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_round_trips_in_its_encoding(zh: SampleData, tmp_path: Path, encoding: str) -> None:
    path = write_messy_csv(zh, tmp_path / "customers.csv", encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
    assert rows[0] == table_header("zh")
    assert len(rows) == 1 + len(zh.records)
    name_col = rows[0].index("姓名")
    for row, record in zip(rows[1:], zh.records, strict=True):
        assert row[name_col] == (record["name"] or "")
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
