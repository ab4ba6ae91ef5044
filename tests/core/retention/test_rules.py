"""Retention rules as data: parsing (TOML and the Settings table), errors, and the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.retention.plan import plan_retention, record_keys, salted_hashes
from xlcrm.core.retention.rules import (
    ACTIONS,
    DEFAULT_ROWS,
    Condition,
    RetentionRule,
    parse_age,
    parse_condition,
    rules_from_rows,
    rules_from_toml,
)
from xlcrm.core.rule_tables import RULE_TABLES
from xlcrm.errors import SettingsError

EXAMPLE = (
    Path(__file__).resolve().parents[3]
    / "xlcrm"
    / "workbook_templates"
    / "retention_rules.example.toml"
)
ASOF = dt.date(2026, 1, 1)


def test_example_file_covers_each_action_and_a_hold() -> None:
    rules = rules_from_toml(EXAMPLE.read_text(encoding="utf-8"))
    assert {r.action for r in rules} == set(ACTIONS)
    assert all(r.basis for r in rules)


def test_table_is_registered_with_settings() -> None:
    spec = next(s for s in RULE_TABLES if s.key == "retention")
    assert len(spec.header_row("zh")) == len(spec.header_row("en")) == 6
    assert rules_from_rows(spec.default_rows)  # the template's rows parse


def test_settings_rows_and_toml_give_the_same_rules() -> None:
    toml = """
[[rules]]
name = "潜在客户三年未成交"
action = "archive"
basis = "PIPL 第19条 / GDPR Art. 5(1)(e) 存储限制"
conditions = [
  { field = "customer_type", op = "==", value = "潜在" },
  { field = "last_purchase_at|created_at", op = "older_than", value = "3y" },
]
[[rules]]
name = "撤回同意"
action = "anonymise"
basis = "PIPL 第15条 / GDPR Art. 7(3) 撤回同意"
conditions = [{ field = "consent", op = "==", value = "否" }]
[[rules]]
name = "删除请求"
action = "destroy"
basis = "PIPL 第47条 / GDPR Art. 17 删除权"
conditions = [{ field = "customer_id", op = "in", value = [] }]
[[rules]]
name = "会计凭证保管期"
action = "hold"
basis = "《会计档案管理办法》第十四条"
conditions = [{ field = "last_purchase_at", op = "within", value = "30y" }]
"""
    assert rules_from_toml(toml) == rules_from_rows(DEFAULT_ROWS)


def test_chinese_words_for_fields_actions_and_operators() -> None:
    rows = [
        ("老客户", "归档", "最近购买日期", "早于", "5年", "依据"),
        ("老客户", None, "客户类型", "=", "Prospect", None),
    ]
    (rule,) = rules_from_rows(rows)
    assert rule.action == "archive"
    assert rule.conditions[0] == Condition(("last_purchase_at",), "older_than", 5 * 365.25)
    assert rule.conditions[1].op == "=="


BAD_TOML = {
    "unknown field": ('field = "shoe_size", op = "==", value = "1"', "shoe_size"),
    "unknown operator": ('field = "consent", op = "~=", value = "否"', "~="),
    "bad date": ('field = "created_at", op = "<", value = "2024-13-45"', "2024-13-45"),
    "bad age": ('field = "created_at", op = "older_than", value = "three years"', "three years"),
    "age on text": ('field = "consent", op = "older_than", value = "3y"', "older_than"),
    "text ordering": ('field = "region", op = ">", value = "北京"', "region"),
    "not a number": ('field = "total_amount", op = ">", value = "lots"', "lots"),
}


@pytest.mark.parametrize("condition, needle", BAD_TOML.values(), ids=BAD_TOML.keys())
def test_bad_conditions_are_one_sentence_naming_the_rule(condition: str, needle: str) -> None:
    text = f'[[rules]]\nname = "R1"\naction = "destroy"\nbasis = "b"\nconditions = [{{ {condition} }}]\n'
    with pytest.raises(SettingsError) as caught:
        rules_from_toml(text)
    message = str(caught.value)
    assert "“R1”" in message and "'R1'" in message and needle in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text, needle",
    [
        (
            '[[rules]]\nname = "R2"\naction = "shred"\nbasis = "b"\nconditions = [{ field = "consent", op = "blank" }]',
            "shred",
        ),
        (
            '[[rules]]\nname = "R3"\naction = "destroy"\nconditions = [{ field = "consent", op = "blank" }]',
            "legal basis",
        ),
        (
            '[[rules]]\nname = "R4"\naction = "destroy"\nbasis = "b"\nconditions = []',
            "no conditions",
        ),
        (
            '[[rules]]\nname = "R5"\naction = "destroy"\nbasis = "b"\nwhen = 1\nconditions = [{ field = "consent", op = "blank" }]',
            "when",
        ),
        (
            '[[rules]]\nname = "R6"\naction = "destroy"\nbasis = "b"\nconditions = [{ field = "consent", op = "blank" }]\n'
            * 2,
            "twice",
        ),
        ("rules = [", "TOML"),
        ("title = 'no rules here'", "[[rules]]"),
    ],
)
def test_bad_rule_files(text: str, needle: str) -> None:
    with pytest.raises(SettingsError, match=None) as caught:
        rules_from_toml(text)
    assert needle in str(caught.value)


@given(
    st.integers(min_value=0, max_value=200),
    st.sampled_from(
        [("y", 365.25), ("m", 30.4375), ("d", 1.0), ("年", 365.25), ("个月", 30.4375), ("天", 1.0)]
    ),
)
def test_ages_in_each_unit(count: int, unit: tuple[str, float]) -> None:
    assert parse_age("r", f"{count}{unit[0]}") == pytest.approx(count * unit[1])


def _frame() -> pd.DataFrame:
    data = {
        "customer_id": ["C1", "C2", 3, "C4", None, "C6"],
        "customer_type": ["潜在", "Prospect", "个人", "企业", "潜在", "个人"],
        "last_purchase_at": [None, "2020-01-01", dt.datetime(2025, 6, 1), dt.datetime(2010, 1, 1), None, "2025-01-01"],
        "created_at": ["2019-05-01", "2018-01-01", None, None, "2025-01-01", None],
        "consent": ["否", "No", "是", "否", None, "是"],
    }  # fmt: skip
    return pd.DataFrame(data, index=[2, 3, 4, 5, 6, 7], dtype=object)


def _rule(name: str, action: str, *conditions: tuple[str, str, object]) -> RetentionRule:
    parsed = tuple(parse_condition(name, f, op, v) for f, op, v in conditions)
    return RetentionRule(name, action, "basis", parsed)


def _plan(*rules: RetentionRule) -> dict[str, tuple[list[int], list[int]]]:
    df = _frame()
    plan = plan_retention(df, {c: c for c in df.columns}, rules, asof=ASOF)
    return {p.rule.name: (list(p.rows), list(p.held)) for p in plan.rules}


def test_fallback_field_and_english_choice_values() -> None:
    rule = _rule(
        "stale",
        "archive",
        ("customer_type", "==", "潜在"),
        ("last_purchase_at|created_at", "older_than", "3y"),
    )
    # Row 2 never bought and was created in 2019; row 3 says "Prospect" and bought in 2020;
    # row 6 was created a year ago.
    assert _plan(rule) == {"stale": ([2, 3], [])}


def test_in_list_matches_ids_written_as_numbers_or_text() -> None:
    rule = _rule("asked", "destroy", ("customer_id", "in", ["3", "c4", "C9"]))
    assert _plan(rule) == {"asked": ([4, 5], [])}


def test_blank_cells_never_match_comparisons() -> None:
    rule = _rule("not yes", "anonymise", ("consent", "!=", "是"))
    assert _plan(rule)["not yes"][0] == [2, 3, 5]  # row 6 has no consent at all
    blank = _rule("no consent", "anonymise", ("consent", "blank", None))
    assert _plan(blank)["no consent"][0] == [6]


def test_strongest_action_wins_and_holds_block_only_irreversible_actions() -> None:
    archive = _rule("a", "archive", ("customer_type", "==", "潜在"))
    anonymise = _rule("b", "anonymise", ("consent", "==", "否"))
    destroy = _rule("c", "destroy", ("customer_id", "in", "C1 C4 C6"))
    hold = _rule("h", "hold", ("last_purchase_at", "within", "2y"))
    plan = _plan(archive, anonymise, destroy, hold)
    # Row 2 matches all three: destroyed. Row 3 (No) anonymised. Row 5 destroyed.
    # Row 7 (bought 2025) is held from destruction. Row 6 only archived.
    assert plan == {"a": ([6], []), "b": ([3], []), "c": ([2, 5], [7])}
    held_archive = _plan(_rule("a", "archive", ("customer_id", "filled", None)), hold)
    assert held_archive["a"] == ([2, 3, 4, 5, 7], [])  # archiving keeps the data: not held


def test_unknown_column_in_sheet_names_the_rule() -> None:
    rule = _rule("needs amount", "archive", ("total_amount", ">", 0))
    with pytest.raises(SettingsError, match="needs amount"):
        _plan(rule)


@given(st.integers(min_value=0, max_value=20000), st.integers(min_value=1, max_value=5000))
def test_older_than_and_within_split_known_dates(days_ago: int, age: int) -> None:
    day = ASOF - dt.timedelta(days=days_ago)
    df = pd.DataFrame({"created_at": [day]}, index=[2], dtype=object)
    older = _rule("o", "archive", ("created_at", "older_than", f"{age}d"))
    within = _rule("w", "archive", ("created_at", "within", f"{age}d"))
    plan = plan_retention(df, {"created_at": "created_at"}, [older, within], asof=ASOF)
    assert (plan.rules[0].rows == (2,)) == (days_ago > age)
    assert len(plan.rules[0].rows) + len(plan.rules[1].rows) == 1


def test_record_keys_and_hashes_hold_no_plain_id() -> None:
    df = _frame()
    keys = record_keys(df, {c: c for c in df.columns})
    assert keys[2] == "c1" and keys[4] == "3" and keys[6].startswith("row:")
    hashes = salted_hashes(["c1"], "salt")
    assert hashes != salted_hashes(["c1"], "other") and "c1" not in hashes[0]
