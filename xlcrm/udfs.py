"""xlcrm cell functions for Excel (xlwings UDFs, open-source xlwings only, Windows Excel).

Each function takes one cell or a whole range. One cell gives one value, so a formula
filled down a column works in every Excel version (2016 included). A range gives an
array of the same shape in one call: Excel 365/2021 spill it; Excel 2016/2019 show it when
the formula is entered over the output cells with Ctrl+Shift+Enter. The logic lives in
:mod:`xlcrm.core.functions` (plain values in and out), shared with the xlwings Lite
functions (:mod:`xlcrm.lite.functions`), and the workbook's Settings sheet is read by
:mod:`xlcrm.excel.settings_sheet`.

Every function is declared with :func:`cell_function`, which records what Excel must know
(argument help for the function wizard) as plain data on every OS, then applies xlwings'
``func``/``arg``/``ret`` decorators. The add-in build generates the VBA wrappers and the
wizard registration from that record (:mod:`xlcrm.addin.functions`), so the wrappers
ship inside ``xlcrm.xlam`` and never drift from this module. Off Windows the xlwings
decorators do nothing and the functions are ordinary Python, which the tests call.
The cell functions cannot run in Excel for macOS with open-source xlwings: its UDF server
is a Windows COM server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import xlwings as xw

from xlcrm.core import functions
from xlcrm.excel.settings_sheet import settings_of_caller

MODULE = __name__  # what the add-in's "UDF Modules" setting and VBA wrappers name
CATEGORY = "xlcrm"
HIDDEN_ARGUMENTS = frozenset({"caller"})  # xlwings fills it with the calling cell
RANGE_DOC = (
    "一个单元格得一个值；一个区域得同样形状的数组（Excel 365 自动溢出，2016/2019 请选中输出区域"
    "按 Ctrl+Shift+Enter）。 One cell gives one value; a range gives an array (spills in "
    "Excel 365; in 2016/2019 select the output cells and press Ctrl+Shift+Enter)."
)
REGION_DOC = "默认地区（如 CN、HK）。 Default region for numbers without +code."
ASOF_DOC = "按哪天计算（默认今天）。 Date to count from (default today)."

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CellFunction:
    """What Excel needs to know of one cell function, readable on any OS."""

    name: str
    description: str
    arguments: tuple[tuple[str, str], ...]  # (name, help) of each visible argument
    optional: frozenset[str]  # visible arguments that have a default
    hidden: tuple[str, ...]  # arguments xlwings fills itself (caller)
    order: tuple[str, ...]  # every argument in the signature's order


def cell_function(*arguments: tuple[str, str], ranges: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Declare a cell function: ``arguments`` are (name, help); ``ranges`` arrive as 2-D."""

    def declare(function: F) -> F:
        code = function.__code__
        names = code.co_varnames[: code.co_argcount]
        defaults = len(function.__defaults__ or ())
        helps = dict(arguments)
        visible = tuple(n for n in names if n not in HIDDEN_ARGUMENTS)
        if set(helps) != set(visible):
            raise ValueError(f"{function.__name__}: help for {sorted(visible)} needed")
        function.__xlcrm__ = CellFunction(  # type: ignore[attr-defined]
            name=function.__name__,
            description=(function.__doc__ or "").strip(),
            arguments=tuple((n, helps[n]) for n in visible),
            optional=frozenset(names[len(names) - defaults :]) - HIDDEN_ARGUMENTS,
            hidden=tuple(n for n in names if n in HIDDEN_ARGUMENTS),
            order=tuple(names),
        )
        wrapped: Any = xw.ret(expand=None)(function)
        for name, help_text in arguments:
            options = {"ndim": 2} if name in ranges else {}
            wrapped = xw.arg(name, doc=help_text, **options)(wrapped)
        declared: F = xw.func(category=CATEGORY)(wrapped)
        return declared

    return declare


def cell_functions() -> list[CellFunction]:
    """Every cell function of this module, in the order they are defined."""
    return [
        f.__xlcrm__
        for f in globals().values()
        if isinstance(getattr(f, "__xlcrm__", None), CellFunction)
    ]


@cell_function(
    ("values", RANGE_DOC),
    ("region", REGION_DOC),
    ("style", "E164、national 或 international。 Output format."),
    ranges=("values",),
)
def XLCRM_PHONE(values: Any, region: str = "CN", style: str = "E164") -> Any:
    """规范化电话号码；无效时返回原因。 Normalised phone number, or why it is invalid."""
    return functions.phone(values, region, style)


@cell_function(("values", RANGE_DOC), ("region", REGION_DOC), ranges=("values",))
def XLCRM_PHONE_OK(values: Any, region: str = "CN") -> Any:
    """电话号码是否有效（空单元格返回空）。 TRUE if the phone number is valid."""
    return functions.phone_ok(values, region)


@cell_function(("values", RANGE_DOC), ranges=("values",))
def XLCRM_EMAIL_OK(values: Any) -> Any:
    """邮箱是否有效（空单元格返回空）。 TRUE if the email address is valid."""
    return functions.email_ok(values)


@cell_function(
    ("rows", "一行或多行客户数据（多行得一列结果）。 One or more rows of customer data."),
    ("headers", "这些列的表头行。 The header row of those columns."),
    ("language", "zh 或 en。 Language of the messages."),
    ranges=("rows",),
)
def XLCRM_CHECK_ROW(rows: Any, headers: Any, language: str = "zh") -> Any:
    """检查整行，返回“正常”或问题说明。 Check whole rows: OK or the row's problems."""
    return functions.check_row(rows, headers, language)


@cell_function(
    ("amounts", "累计消费金额：一个单元格或一列。 Total spend: a cell or a column."),
    ("counts", "购买次数：一个单元格或一列。 Purchase count: a cell or a column."),
    ranges=("amounts", "counts"),
)
def XLCRM_TIER(amounts: Any, counts: Any, caller: Any = None) -> Any:
    """价值等级 高/中/低（阈值取自“设置”表）。 Value tier from the Settings thresholds."""
    return functions.tier(amounts, counts, settings_of_caller(caller))


@cell_function(
    ("last_dates", "最近购买日期：一个单元格或一列。 Last purchase date: a cell or a column."),
    ("asof", ASOF_DOC),
    ranges=("last_dates",),
)
def XLCRM_ACTIVITY(last_dates: Any, asof: Any = None, caller: Any = None) -> Any:
    """活跃度 活跃/一般/沉睡。 Activity: active, regular or sleeping."""
    return functions.activity(last_dates, asof, settings_of_caller(caller))


@cell_function(
    ("last_dates", "最近购买日期列。 The last-purchase dates."),
    ("counts", "购买次数列。 The purchase-count column."),
    ("amounts", "累计消费金额列。 The total-spend column."),
    ("asof", ASOF_DOC),
    ranges=("last_dates", "counts", "amounts"),
)
def XLCRM_RFM(
    last_dates: Any, counts: Any, amounts: Any, asof: Any = None, caller: Any = None
) -> Any:
    """RFM 代码（如 545），相对于所选范围内的客户。 RFM code, relative to the rows given."""
    return functions.rfm(last_dates, counts, amounts, asof, settings_of_caller(caller))
