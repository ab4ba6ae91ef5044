"""The XLCRM_* cell functions as xlwings Lite ``@func``\\ s (Excel on Windows, macOS, the web).

Same names, arguments and results as the .xlam's functions (:mod:`xlcrm.udfs`); both are
declarations over :mod:`xlcrm.core.functions`. Two differences come from Lite itself:

- a Lite function sees only its arguments, so the tier functions take the Settings as an
  optional last range argument, e.g. ``=XLCRM_TIER(P2:P500, O2:O500, 设置!A1:D60)``; without
  it they use the same defaults as the .xlam in a workbook without a Settings sheet;
- Office.js hands dates as serial numbers, which the date rules read as dates.

This module imports neither pandas nor numpy, starts no thread and no subprocess:
XLCRM_CHECK_ROW alone loads pandas, when it is called. Outside Lite (plain Pyodide,
CPython on Linux) xlwings' decorators do nothing or are absent, and the functions are
plain Python, which the tests call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from xlcrm.core import functions

F = TypeVar("F", bound=Callable[..., Any])

try:  # xlwings Lite brings xlwings; a plain Pyodide has none
    from xlwings import arg, func
except ImportError:  # pragma: no cover - exercised under Pyodide in tests/lite

    def func(f: F) -> F:  # type: ignore[no-redef]
        return f

    def arg(*_args: Any, **_kwargs: Any) -> Callable[[F], F]:  # type: ignore[misc]
        return lambda f: f


RANGE = "一个单元格或一个区域（区域得同样形状的数组）。 A cell or a range (a range gives an array)."
REGION = "默认地区（如 CN、HK）。 Default region for numbers without +code."
ASOF = "按哪天计算（默认今天）。 Date to count from (default today)."
SETTINGS = (
    "可选：“设置”表的区域（如 设置!A1:D60），否则用默认阈值。 Optional: the Settings sheet's"
    " range (e.g. Settings!A1:D60); default thresholds otherwise."
)


@func
@arg("values", ndim=2, doc=RANGE)
@arg("region", doc=REGION)
@arg("style", doc="E164、national 或 international。 Output format.")
def XLCRM_PHONE(values: Any, region: str = "CN", style: str = "E164") -> Any:
    """规范化电话号码；无效时返回原因。 Normalised phone number, or why it is invalid."""
    return functions.phone(values, region, style)


@func
@arg("values", ndim=2, doc=RANGE)
@arg("region", doc=REGION)
def XLCRM_PHONE_OK(values: Any, region: str = "CN") -> Any:
    """电话号码是否有效（空单元格返回空）。 TRUE if the phone number is valid."""
    return functions.phone_ok(values, region)


@func
@arg("values", ndim=2, doc=RANGE)
def XLCRM_EMAIL_OK(values: Any) -> Any:
    """邮箱是否有效（空单元格返回空）。 TRUE if the email address is valid."""
    return functions.email_ok(values)


@func
@arg(
    "rows", ndim=2, doc="一行或多行客户数据（多行得一列结果）。 One or more rows of customer data."
)
@arg("headers", doc="这些列的表头行。 The header row of those columns.")
@arg("language", doc="zh 或 en。 Language of the messages.")
def XLCRM_CHECK_ROW(rows: Any, headers: Any, language: str = "zh") -> Any:
    """检查整行，返回“正常”或问题说明。 Check whole rows: OK or the row's problems."""
    return functions.check_row(rows, headers, language)


@func
@arg("amounts", ndim=2, doc="累计消费金额：一个单元格或一列。 Total spend: a cell or a column.")
@arg("counts", ndim=2, doc="购买次数：一个单元格或一列。 Purchase count: a cell or a column.")
@arg("settings", ndim=2, doc=SETTINGS)
def XLCRM_TIER(amounts: Any, counts: Any, settings: Any = None) -> Any:
    """价值等级 高/中/低（阈值取自“设置”区域）。 Value tier from the Settings thresholds."""
    return functions.tier(amounts, counts, functions.settings_from_range(settings))


@func
@arg(
    "last_dates",
    ndim=2,
    doc="最近购买日期：一个单元格或一列。 Last purchase date: a cell or a column.",
)
@arg("asof", doc=ASOF)
@arg("settings", ndim=2, doc=SETTINGS)
def XLCRM_ACTIVITY(last_dates: Any, asof: Any = None, settings: Any = None) -> Any:
    """活跃度 活跃/一般/沉睡。 Activity: active, regular or sleeping."""
    return functions.activity(last_dates, asof, functions.settings_from_range(settings))


@func
@arg("last_dates", ndim=2, doc="最近购买日期列。 The last-purchase dates.")
@arg("counts", ndim=2, doc="购买次数列。 The purchase-count column.")
@arg("amounts", ndim=2, doc="累计消费金额列。 The total-spend column.")
@arg("asof", doc=ASOF)
@arg("settings", ndim=2, doc=SETTINGS)
def XLCRM_RFM(
    last_dates: Any, counts: Any, amounts: Any, asof: Any = None, settings: Any = None
) -> Any:
    """RFM 代码（如 545），相对于所选范围内的客户。 RFM code, relative to the rows given."""
    settings_found = functions.settings_from_range(settings)
    return functions.rfm(last_dates, counts, amounts, asof, settings_found)


__all__ = [
    "XLCRM_ACTIVITY", "XLCRM_CHECK_ROW", "XLCRM_EMAIL_OK", "XLCRM_PHONE", "XLCRM_PHONE_OK",
    "XLCRM_RFM", "XLCRM_TIER",
]  # fmt: skip
