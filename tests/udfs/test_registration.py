"""The cell functions as Windows xlwings registers them, checked on Linux.

On Linux ``xw.func``/``xw.arg``/``xw.ret`` do nothing, so the registration is checked by
loading the real Windows decorators of ``xlwings.udfs`` (with stand-ins for pywin32,
which only Windows has) and applying them to the UDF module: the metadata they record
is what ``ImportPythonUDFs`` turns into VBA wrappers and function-wizard help
(``Application.MacroOptions``: description, category, one text per argument). The
wrappers the add-in build generates (:mod:`xlcrm.addin.functions`) must be exactly what
xlwings' own ``generate_vba_wrapper`` writes for the same module.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import re
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import REPO

FUNCTIONS = {
    "XLCRM_PHONE": ["values", "region", "style"],
    "XLCRM_PHONE_OK": ["values", "region"],
    "XLCRM_EMAIL_OK": ["values"],
    "XLCRM_CHECK_ROW": ["rows", "headers", "language"],
    "XLCRM_TIER": ["amounts", "counts"],
    "XLCRM_ACTIVITY": ["last_dates", "asof"],
    "XLCRM_RFM": ["last_dates", "counts", "amounts", "asof"],
}
WIZARD_LIMIT = 255  # MacroOptions cuts descriptions here


@pytest.fixture(scope="module")
def registered() -> Iterator[types.ModuleType]:
    """udfs/xlcrm_udfs.py loaded with the Windows xlwings decorators."""
    stubs = {name: types.ModuleType(name) for name in ("pythoncom", "pywintypes", "win32com")}
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    stubs["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stubs["win32com.client"] = client
    saved = {name: sys.modules.get(name) for name in [*stubs, "xlwings.udfs"]}
    sys.modules.update(stubs)
    sys.modules.pop("xlwings.udfs", None)
    import xlwings

    udfs = importlib.import_module("xlwings.udfs")
    originals = (xlwings.func, xlwings.arg, xlwings.ret)
    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    try:
        spec = importlib.util.spec_from_file_location(
            "xlcrm_udfs_registered", REPO / "xlcrm" / "udfs.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
        module.generate_vba_wrapper = udfs.generate_vba_wrapper  # type: ignore[attr-defined]
        yield module
    finally:
        xlwings.func, xlwings.arg, xlwings.ret = originals
        sys.modules.pop("xlcrm_udfs_registered", None)
        for name, value in saved.items():
            if value is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = value


def test_every_function_is_registered_with_wizard_help(registered: types.ModuleType) -> None:
    for name, visible_args in FUNCTIONS.items():
        meta: dict[str, Any] = getattr(registered, name).__xlfunc__
        assert meta["name"] == name and meta["category"] == "xlcrm" and not meta["sub"]
        description = meta["ret"]["doc"]
        assert description and len(description) <= WIZARD_LIMIT
        assert any("\u4e00" <= ch <= "\u9fff" for ch in description)  # Chinese and English
        assert any(ch.isascii() and ch.isalpha() for ch in description)
        args = {a["name"]: a for a in meta["args"]}
        assert [n for n in args if n != "caller"] == visible_args
        for arg in visible_args:
            assert not args[arg]["doc"].startswith("Positional argument"), (name, arg)
            assert len(args[arg]["doc"]) <= WIZARD_LIMIT
        # Range arguments arrive as 2-D lists: one call for a whole column.
        assert args[visible_args[0]]["options"].get("ndim") == 2, name


def _xlwings_wrappers(registered: types.ModuleType) -> str:
    book = types.SimpleNamespace(Name="xlcrm.xlam")
    out = io.StringIO()
    registered.generate_vba_wrapper("xlcrm.udfs", registered, out, book)
    return out.getvalue()


def test_caller_is_hidden_from_excel_and_ranges_are_whole(registered: types.ModuleType) -> None:
    vba = _xlwings_wrappers(registered)
    assert "Function XLCRM_TIER(amounts, counts)" in vba
    assert "Function XLCRM_PHONE(values, Optional region, Optional style)" in vba
    assert 'XLPy.CallUDF("xlcrm.udfs", "XLCRM_RFM"' in vba
    assert vba.count("End Function") == len(FUNCTIONS)


def _by_function(vba: str) -> dict[str, str]:
    """Each ``Function ... End Function`` block by its function's name."""
    text = vba.replace("\r\n", "\n")
    blocks = re.findall(r"^(Function (\w+)\(.*?^End Function)$", text, re.M | re.S)
    return {name: block for block, name in blocks}


def test_build_writes_the_wrappers_xlwings_would(registered: types.ModuleType) -> None:
    from xlcrm.addin.functions import udf_module
    from xlcrm.udfs import cell_functions

    ours = _by_function(udf_module(cell_functions(), "xlcrm.udfs"))
    theirs = _by_function(_xlwings_wrappers(registered))
    assert set(ours) == set(theirs) == set(FUNCTIONS)
    for name in FUNCTIONS:
        assert ours[name] == theirs[name], name


def test_wizard_help_is_the_same_record_xlwings_keeps(registered: types.ModuleType) -> None:
    from xlcrm.udfs import cell_functions

    for function in cell_functions():
        meta: dict[str, Any] = getattr(registered, function.name).__xlfunc__
        assert meta["ret"]["doc"].strip() == function.description
        helps = [a["doc"] for a in meta["args"] if not a["vba"] and a["name"] != "caller"]
        assert helps == [text for _, text in function.arguments]


def test_registered_functions_stay_plain_callable(registered: types.ModuleType) -> None:
    column = [["13800138000"], ["12345"], [None]]
    assert registered.XLCRM_PHONE_OK(column) == [[True], [False], [""]]
    result = registered.XLCRM_PHONE(column)
    assert len(result) == 3 and all(len(r) == 1 for r in result)
    row = [[80000, 15000, 300]]
    assert registered.XLCRM_TIER(row, [[12, 4, 1]]) == [["高", "中", "低"]]


def test_tier_functions_keep_the_shape_of_a_row_or_block(registered: types.ModuleType) -> None:
    import datetime as dt

    block = [[80000, 15000], [300, None]]
    assert registered.XLCRM_TIER(block, [[12, 4], [1, None]]) == [["高", "中"], ["低", ""]]
    dates = [[dt.date(2026, 11, 1), dt.date(2025, 1, 1)]]
    assert registered.XLCRM_ACTIVITY(dates, dt.date(2026, 11, 23)) == [["活跃", "沉睡"]]
    codes = registered.XLCRM_RFM(dates, [[12, 1]], [[80000, 300]], dt.date(2026, 11, 23))
    assert len(codes) == 1 and len(codes[0]) == 2
