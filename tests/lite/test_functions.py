"""The Lite ``@func``s are the .xlam's cell functions: same names, arguments and results."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import xlcrm.lite.functions as lite
import xlcrm.udfs as classic
from tests.lite.cases import CASES, SETTINGS_ZH

NAMES = sorted(f.name for f in classic.cell_functions())


def test_every_cell_function_is_also_a_lite_function_with_the_same_arguments() -> None:
    assert sorted(lite.__all__) == NAMES
    for name in NAMES:
        ours = list(inspect.signature(getattr(lite, name)).parameters)
        theirs = [p for p in inspect.signature(getattr(classic, name)).parameters if p != "caller"]
        # A Lite function sees only its arguments: the Settings come as an optional range.
        assert ours == theirs or ours == [*theirs, "settings"], name


@pytest.mark.parametrize(
    ("name", "args"), [c for c in CASES if c[1][-1] is not SETTINGS_ZH], ids=lambda v: str(v)[:20]
)
def test_lite_and_xlam_give_the_same_results(name: str, args: list[object]) -> None:
    assert getattr(lite, name)(*args) == getattr(classic, name)(*args)


def test_check_row_in_both_languages() -> None:
    rows = [["张三", "13800138000"], ["李四", "12345"]]
    for language in ("zh", "en"):
        result = lite.XLCRM_CHECK_ROW(rows, ["姓名", "手机"], language)
        assert result == classic.XLCRM_CHECK_ROW(rows, ["姓名", "手机"], language)
    assert lite.XLCRM_CHECK_ROW(rows, [["Name", "Mobile"]], "en")[0] == ["OK"]


def test_the_settings_range_moves_the_thresholds() -> None:
    assert lite.XLCRM_TIER(25000, 1) == "中"
    assert lite.XLCRM_TIER(25000, 1, SETTINGS_ZH) == "高"  # 高价值金额 20000 in the range
    assert lite.XLCRM_ACTIVITY(46290.0, 46327.0) == "活跃"  # 37 days
    assert lite.XLCRM_ACTIVITY(46290.0, 46327.0, SETTINGS_ZH) == "一般"  # 活跃天数 30


def test_the_cell_path_imports_without_pandas_numpy_or_threads() -> None:
    code = (
        "import sys, threading; import xlcrm.core.functions;"
        "print(sorted(m for m in ('pandas', 'numpy', 'rapidfuzz') if m in sys.modules),"
        " threading.active_count())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['rapidfuzz']", "1"]  # rapidfuzz is light; Pyodide has none
