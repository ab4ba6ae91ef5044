"""The action registry: typed options, ribbon order, one way to run an action."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from xlcrm.actions import GROUPS, ActionRequest, Options, actions, get_action, run_action
from xlcrm.actions.check import CHECK, CheckSheetOptions
from xlcrm.actions.crypto import EncryptOptions, ProtectOptions
from xlcrm.actions.dedupe import DedupeOptions
from xlcrm.actions.registry import ACTION_MODULES, AsofOptions, setting_default, setting_option
from xlcrm.actions.tiers import TierOptions
from xlcrm.errors import SettingsError, XlcrmError
from xlcrm.text import Text


def test_actions_come_in_ribbon_order_whatever_was_imported_first() -> None:
    import xlcrm.actions.undo  # noqa: F401  (the last module, imported before the others)

    names = [a.name for a in actions()]
    assert names[:4] == ["inspect", "check", "tier", "summary"]
    assert names[-1] == "undo" and names.index("dedupe") < names.index("merge")
    modules = [a.run.__module__ for a in actions()]
    assert modules == sorted(modules, key=ACTION_MODULES.index)


def test_every_action_declares_its_options_labels_and_demo() -> None:
    for action in actions():
        assert action.group in GROUPS
        assert isinstance(action.label, Text) and action.label.zh and action.label.en
        assert isinstance(action.help, Text) and action.help.zh and action.help.en
        defaults = action.default_options()
        assert type(defaults) is action.options_type and dataclasses.is_dataclass(defaults)
        if action.demo_options is not None:
            assert type(action.demo_options) is action.options_type, action.name
        if action.demo_input is not None:
            assert action.demo_input in {a.name for a in actions()}


def test_options_are_frozen_and_keep_secrets_out_of_their_repr() -> None:
    options = EncryptOptions(columns="phone", passphrase="s3cret", mask=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.mask = False  # type: ignore[misc]
    assert "s3cret" not in repr(options) and "s3cret" not in repr(ProtectOptions("s3cret"))
    request = ActionRequest(Path("a.xlsx"), options, password="file-secret")
    assert "file-secret" not in repr(request)


def test_an_action_refuses_the_options_of_another(make_workbook: Callable[..., Path]) -> None:
    book = make_workbook([["姓名", "手机"], ["张三", "13800138000"]])
    with pytest.raises(TypeError, match="CheckSheetOptions"):
        run_action("check", ActionRequest(book, TierOptions()))  # type: ignore[arg-type]
    result = run_action(CHECK, ActionRequest(book, CheckSheetOptions(asof=dt.date(2026, 1, 1))))
    assert result.action == "check" and result.counts["rows"] == 1


def test_unknown_action_is_one_sentence() -> None:
    with pytest.raises(XlcrmError) as raised:
        get_action("nope")
    assert str(raised.value) == "没有名为“nope”的操作。 There is no action named 'nope'."


def test_asof_defaults_to_today() -> None:
    assert AsofOptions().today == dt.date.today()
    assert TierOptions(asof=dt.date(2026, 1, 2)).today == dt.date(2026, 1, 2)
    assert Options() == Options() and CheckSheetOptions().fix is False


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_an_option_outside_its_settings_range_names_the_option(value: float) -> None:
    with pytest.raises(SettingsError) as raised:
        DedupeOptions(threshold=value)
    assert str(raised.value) == (
        f"--threshold 应在 0 到 1 之间，而不是 {value}。"
        f" --threshold must be between 0 and 1, not {value}."
    )
    assert setting_option("--threshold", "dedup_threshold", 0.9) == 0.9
    assert DedupeOptions(threshold=1).threshold == 1


def test_option_defaults_come_from_the_settings_spec() -> None:
    from xlcrm.settings import Settings

    assert setting_default("backups_keep") == Settings().backups_keep
    assert setting_default("dedup_threshold") == Settings().dedup_threshold


def test_the_registry_and_the_command_line_load_without_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import sys, xlcrm.cli.app, xlcrm.actions as a; a.actions();"
        " print(sorted({'pandas', 'openpyxl', 'numpy'} & set(sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr  # `xlcrm --help` starts fast
