"""xlcrm cell functions for Excel (xlwings UDFs, open-source xlwings only).

Each function takes one cell or a whole column range and returns an array of the same
shape: one formula per column, not one per cell, so a 10,000-row column is one call.
The logic lives in :mod:`xlcrm.core.check.cells` and :mod:`xlcrm.core.tiers.cells` (plain
values in and out; :mod:`xlcrm.core.values.cells` maps them over ranges), and the
workbook's Settings sheet is read by :mod:`xlcrm.excel.settings_sheet`; these wrappers
only describe the functions to Excel (argument help shows in the function wizard). On
Linux and macOS without Excel the xlwings decorators do nothing and the functions are
ordinary Python, which the tests call directly.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from xlcrm.core.check.cells import check_rows, email_ok_cell, phone_cell, phone_ok_cell
from xlcrm.core.tiers.cells import activity_cells, rfm_cells, tier_cells
from xlcrm.core.values.cells import map_cells, shaped_like
from xlcrm.excel.settings_sheet import settings_of_caller

CATEGORY = "xlcrm"
VALUES_DOC = "一个单元格或一整列。 A cell or a whole column range."


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.arg("region", doc="默认地区（如 CN、HK）。 Default region for numbers without +code.")
@xw.arg("style", doc="E164、national 或 international。 Output format.")
@xw.ret(expand=None)
def XLCRM_PHONE(values: Any, region: str = "CN", style: str = "E164") -> Any:
    """规范化电话号码；无效时返回原因。 Normalised phone number, or why it is invalid."""
    return map_cells(values, lambda v: phone_cell(v, region or "CN", style or "E164"))


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.arg("region", doc="默认地区（如 CN、HK）。 Default region for numbers without +code.")
@xw.ret(expand=None)
def XLCRM_PHONE_OK(values: Any, region: str = "CN") -> Any:
    """电话号码是否有效（空单元格返回空）。 TRUE if the phone number is valid."""
    return map_cells(values, lambda v: phone_ok_cell(v, region or "CN"))


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.ret(expand=None)
def XLCRM_EMAIL_OK(values: Any) -> Any:
    """邮箱是否有效（空单元格返回空）。 TRUE if the email address is valid."""
    return map_cells(values, email_ok_cell)


@xw.func(category=CATEGORY)
@xw.arg("rows", ndim=2, doc="一行或多行客户数据。 One or more rows of customer data.")
@xw.arg("headers", ndim=1, doc="这些列的表头行。 The header row of those columns.")
@xw.arg("language", doc="zh 或 en。 Language of the messages.")
@xw.ret(expand=None)
def XLCRM_CHECK_ROW(rows: Any, headers: Any, language: str = "zh") -> Any:
    """检查整行，返回“正常”或问题说明。 Check whole rows: OK or the row's problems."""
    return check_rows(rows, headers, language=language or "zh")


@xw.func(category=CATEGORY)
@xw.arg("amounts", ndim=2, doc="累计消费金额列。 The total-spend column.")
@xw.arg("counts", ndim=2, doc="购买次数列。 The purchase-count column.")
@xw.ret(expand=None)
def XLCRM_TIER(amounts: Any, counts: Any, caller: Any = None) -> Any:
    """价值等级 高/中/低（阈值取自“设置”表）。 Value tier from the Settings thresholds."""
    return shaped_like(tier_cells(amounts, counts, settings_of_caller(caller)), amounts)


@xw.func(category=CATEGORY)
@xw.arg("last_dates", ndim=2, doc="最近购买日期列。 The last-purchase dates.")
@xw.arg("asof", doc="按哪天计算（默认今天）。 Date to count from (default today).")
@xw.ret(expand=None)
def XLCRM_ACTIVITY(last_dates: Any, asof: Any = None, caller: Any = None) -> Any:
    """活跃度 活跃/一般/沉睡。 Activity: active, regular or sleeping."""
    return shaped_like(activity_cells(last_dates, asof, settings_of_caller(caller)), last_dates)


@xw.func(category=CATEGORY)
@xw.arg("last_dates", ndim=2, doc="最近购买日期列。 The last-purchase dates.")
@xw.arg("counts", ndim=2, doc="购买次数列。 The purchase-count column.")
@xw.arg("amounts", ndim=2, doc="累计消费金额列。 The total-spend column.")
@xw.arg("asof", doc="按哪天计算（默认今天）。 Date to count from (default today).")
@xw.ret(expand=None)
def XLCRM_RFM(
    last_dates: Any, counts: Any, amounts: Any, asof: Any = None, caller: Any = None
) -> Any:
    """RFM 代码（如 545），相对于所选范围内的客户。 RFM code, relative to the rows given."""
    return shaped_like(
        rfm_cells(last_dates, counts, amounts, asof, settings_of_caller(caller)), last_dates
    )
