"""Grouping rows by owner and naming their files."""

from __future__ import annotations

from xlcrm.core.monthly.plan import file_stem, owner_key

MONTH = "2026-11"


def test_owner_names_are_grouped_and_made_safe() -> None:
    assert owner_key(" 李 四 ") == owner_key("李四") == owner_key("李四")
    assert file_stem('A/B:C*"D"', language="en", month=MONTH) == "customers_A_B_C_D_2026-11"
    assert file_stem("..", language="zh", month=MONTH) == "客户台账___2026-11"
