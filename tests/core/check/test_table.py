"""check_table: the rules over a whole table (the rules of each value: tests/core/values)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from xlcrm.core.check.table import CheckOptions, check_table
from xlcrm.settings import Settings

ASOF = dt.date(2026, 11, 23)


def test_check_reports_progress_per_column() -> None:
    calls: list[tuple[str, int, int]] = []
    frame = pd.DataFrame({"phone": ["13800138000"], "email": ["a@qq.com"]}, dtype=object)
    check_table(
        frame,
        {"phone": "phone", "email": "email"},
        {"phone": "手机", "email": "邮箱"},
        CheckOptions(asof=ASOF),
        progress=lambda step, done, total: calls.append((step, done, total)),
    )
    assert calls == [("手机", 0, 2), ("邮箱", 1, 2)]


def test_only_a_last_purchase_after_asof_is_in_the_future() -> None:
    frame = pd.DataFrame(
        {"last_purchase_at": ["2026-12-01"], "created_at": ["2026-12-01"]}, index=[2], dtype=object
    )
    fields = {"last_purchase_at": "last_purchase_at", "created_at": "created_at"}
    headers = {"last_purchase_at": "最近购买日期", "created_at": "创建日期"}
    result = check_table(frame, fields, headers, CheckOptions(asof=ASOF))
    assert result.issues[["row", "field", "code"]].values.tolist() == [
        [2, "last_purchase_at", "date_future"]
    ]
    later = check_table(frame, fields, headers, CheckOptions(asof=dt.date(2026, 12, 1)))
    assert later.issues.empty


def test_options_from_a_workbooks_settings() -> None:
    settings = Settings(default_phone_region="HK", phone_format="national")
    options = CheckOptions.from_settings(settings, asof=ASOF, language="en", dns=True)
    assert options == CheckOptions(
        asof=ASOF, region="HK", phone_style="national", dns=True, language="en"
    )
    defaults = CheckOptions(asof=ASOF)
    assert (defaults.region, defaults.phone_style) == ("CN", "E164")  # the Settings defaults
