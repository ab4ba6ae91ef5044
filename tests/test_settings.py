"""Settings: parsing values, rejecting bad ones with a sentence, reading the sheet's rows."""

from __future__ import annotations

import pytest

from xlcrm.errors import SettingsError
from xlcrm.settings import (
    SETTING_SPECS,
    SPEC_BY_KEY,
    Settings,
    TableSpec,
    parse_language,
    settings_from_rows,
)
from xlcrm.text import Text


def test_defaults_come_from_the_spec_table() -> None:
    defaults = Settings().as_dict()
    assert defaults.pop("tables") == ()
    assert {s.key: s.default for s in SETTING_SPECS} == defaults


def test_rows_by_key_or_by_label_in_either_language() -> None:
    rows = [
        ["xlcrm 设置", None, None, None],
        ["设置项", "值", "说明", "键"],
        ["活跃天数", 60, "…", "activity_active_days"],
        ["Sleeping after days", "200", None, None],  # label only, English
        ["默认电话地区", "HK", None, None],
        ["Phone format", "national", None, None],
        ["未知项", "x", None, None],
    ]
    settings = settings_from_rows(rows)
    assert settings.activity_active_days == 60
    assert settings.activity_sleeping_days == 200
    assert settings.default_phone_region == "HK"
    assert settings.phone_format == "national"


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("activity_active_days", "abc", "整数"),
        ("activity_active_days", "1.5", "whole number"),
        ("activity_active_days", "0", "at least 1"),
        ("dedup_threshold", "1.5", "at most 1"),
        ("language", "fr", "must be one of"),
        ("phone_format", "weird", "E164"),
    ],
)
def test_bad_values_are_one_clear_sentence(key: str, raw: str, fragment: str) -> None:
    with pytest.raises(SettingsError, match=fragment):
        Settings().with_overrides({key: raw})


def test_inconsistent_thresholds_are_refused() -> None:
    with pytest.raises(SettingsError, match="Sleeping"):
        Settings().with_overrides({"activity_active_days": 200})
    with pytest.raises(SettingsError, match="High value amount"):
        Settings().with_overrides({"tier_mid_amount": 90000})
    with pytest.raises(SettingsError, match="High value purchases"):
        Settings().with_overrides({"tier_mid_count": 20})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(SettingsError, match="no setting named"):
        Settings().with_overrides({"colour": "red"})


def test_choice_matching_ignores_case() -> None:
    assert Settings().with_overrides({"phone_format": "e164"}).phone_format == "E164"


def test_every_setting_is_declared_once_with_its_spec() -> None:
    spec = SPEC_BY_KEY["activity_active_days"]
    assert spec.label == Text("活跃天数", "Active within days")
    assert spec.label("en") == "Active within days"
    assert spec.default == Settings().activity_active_days == 90
    assert [s.key for s in SETTING_SPECS] == [k for k in Settings().as_dict() if k != "tables"]


def test_table_rows_pick_each_language_and_are_read_only_when_asked_for() -> None:
    table = TableSpec(
        key="demo",
        title=Text("示例规则", "Demo rules"),
        headers=(Text("标签", "Tag"), Text("值", "Value")),
        help=Text("说明", "Help"),
        default_rows=((Text("高频", "frequent"), 10),),
    )
    assert table.rows("zh") == (("高频", 10),)
    assert table.rows("en") == (("frequent", 10),)
    assert table.header_row("en") == ("Tag", "Value")
    rows = [("Demo rules", None, None, None), ("Tag", "Value"), ("VIP", 3), (), ("活跃天数", 30)]
    assert settings_from_rows(rows, tables=[table]).table_rows("demo") == (("VIP", 3),)
    assert settings_from_rows(rows, tables=[table]).activity_active_days == 30
    assert settings_from_rows(rows).table_rows("demo") is None


@pytest.mark.parametrize(("value", "language"), [("zh", "zh"), (" EN ", "en"), ("Zh", "zh")])
def test_parse_language(value: str, language: str) -> None:
    assert parse_language(value) == language


@pytest.mark.parametrize("value", ["auto", "fr", "", None, "中文"])
def test_parse_language_refuses_anything_else(value: object) -> None:
    with pytest.raises(SettingsError) as error:
        parse_language(value)
    assert error.value.code == "language_unknown"
