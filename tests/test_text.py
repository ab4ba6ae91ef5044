"""The message catalogue: every sentence, exactly, in both languages, from one table."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from xlcrm.errors import XlcrmError
from xlcrm.text import CATALOGUE, Text, as_language, message

PACKAGE = Path(__file__).resolve().parents[1] / "xlcrm"

# code, values, Chinese, English: one row per catalogue entry.
MESSAGES: list[tuple[str, dict[str, object], str, str]] = [
    ("no_such_action", {"name": "x"}, "没有名为“x”的操作。", "There is no action named 'x'."),
    # settings
    (
        "high_amount_below_mid_amount",
        {},
        "“高价值金额”不能小于“中价值金额”。",
        "'High value amount' must not be less than 'Medium value amount'.",
    ),
    (
        "no_such_setting",
        {"name": "colour"},
        "没有名为“colour”的设置。",
        "There is no setting named 'colour'.",
    ),
    (
        "setting_above_maximum",
        {"setting": Text("查重阈值", "Duplicate threshold"), "maximum": 1.0, "value": "1.5"},
        "设置“查重阈值”不能大于 1（现为 1.5）。",
        "Setting 'Duplicate threshold' must be at most 1, not 1.5.",
    ),
    (
        "setting_below_minimum",
        {"setting": Text("活跃天数", "Active within days"), "minimum": 1, "value": "0"},
        "设置“活跃天数”不能小于 1（现为 0）。",
        "Setting 'Active within days' must be at least 1, not 0.",
    ),
    (
        "setting_invalid",
        {
            "setting": Text("活跃天数", "Active within days"),
            "value": "abc",
            "kind": Text("整数", "a whole number"),
        },
        "设置“活跃天数”的值“abc”无效，应为整数。",
        "Setting 'Active within days' has the invalid value 'abc'; expected a whole number.",
    ),
    (
        "setting_not_a_choice",
        {"setting": Text("界面语言", "Language"), "allowed": "auto / zh / en", "value": "fr"},
        "设置“界面语言”只能是 auto / zh / en，而不是“fr”。",
        "Setting 'Language' must be one of auto / zh / en, not 'fr'.",
    ),
    (
        "sleeping_days_below_active_days",
        {},
        "“沉睡天数”不能小于“活跃天数”。",
        "'Sleeping after days' must not be less than 'Active within days'.",
    ),
]


def test_every_catalogue_entry_is_in_the_table() -> None:
    assert sorted(code for code, *_ in MESSAGES) == sorted(CATALOGUE)


@pytest.mark.parametrize(("code", "values", "zh", "en"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_message_reads_exactly(code: str, values: dict[str, object], zh: str, en: str) -> None:
    text = message(code, **values)
    assert (text.zh, text.en) == (zh, en)
    error = XlcrmError(code, **values)
    assert error.code == code
    assert str(error) == f"{zh} {en}"
    assert (error.in_language("zh"), error.in_language("en")) == (zh, en)


def _codes_used() -> set[str]:
    """Every string literal passed first to an ...Error(...) call or message(...) in xlcrm/."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            ours = name.endswith("Error") and not hasattr(builtins, name)
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if (ours or name == "message") and literal and first.value.isidentifier():
                used.add(first.value)
    return used


def test_every_code_raised_is_in_the_catalogue() -> None:
    missing = {code for code in _codes_used() if code.islower()} - set(CATALOGUE)
    assert not missing


def test_text_picks_formats_and_joins() -> None:
    saved = Text("已写入“{name}”。", "Wrote {name}.")
    assert saved.format(name="a.xlsx")("en") == "Wrote a.xlsx."
    assert saved.format(name="a.xlsx")("zh") == "已写入“a.xlsx”。"
    assert saved.format(name=Text("甲", "A"))("en") == "Wrote A."
    assert str(Text("好", "Good")) == "好 Good"
    assert str(Text.same("C001")) == "C001"
    assert Text.join([Text("甲", "A"), Text("乙", "B")])("zh") == "甲、乙"
    assert (Text("a", "b") + Text("c", "d"))("en") == "bd"
    assert [as_language(x) for x in ("en", "EN", "zh", "auto", None)] == [
        "en",
        "en",
        "zh",
        "zh",
        "zh",
    ]
