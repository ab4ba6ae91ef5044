"""reconcile on tables: every returned row sorted into a category."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from xlcrm.core.check.table import CheckOptions
from xlcrm.core.monthly.prints import row_prints, value_token
from xlcrm.core.monthly.reconcile import ReturnedFile, reconcile

CHECK = CheckOptions(asof=dt.date(2026, 11, 30))

FIELDS = ["customer_id", "name", "phone", "notes"]


def _table(rows: list[tuple[object, ...]], first: int = 2) -> pd.DataFrame:
    index = pd.Index(range(first, first + len(rows)), name="row")
    return pd.DataFrame(rows, columns=FIELDS, index=index, dtype=object)


def _sent(table: pd.DataFrame, name: str, edited: pd.DataFrame) -> ReturnedFile:
    prints = row_prints(table, FIELDS).tolist()
    ids = [value_token(v) for v in table["customer_id"]]
    return ReturnedFile(name, name, FIELDS, ids, prints, edited)


def test_reconcile_categories() -> None:
    master = _table([
        ("A", "甲", "13800138000", None), ("B", "乙", "13800138001", None),
        ("C", "丙", "13800138002", None), ("D", "丁", "13800138003", None),
    ])  # fmt: skip
    sent = master.copy()
    edited = _table([
        ("A", "甲", "13800138000", "回访"),  # changed
        ("B", "乙", "13800138001", "也改了"),  # changed here and in the master: conflict
        ("D", "丁", "13800138003", None),  # unchanged; C is deleted
        ("E", "戊", "13800138004", None),  # new
        ("D", "丁二", "13800138009", None),  # a second D: "new", but the id is the master's
        ("F", "己", "abc", None),  # new but the phone fails the check: invalid
    ])  # fmt: skip
    now = master.copy()
    now.loc[3, "notes"] = "管理员"
    result = reconcile(now, [_sent(sent, "f1", edited)], check_options=CHECK)
    assert result.changes[["master_row", "field", "before", "after"]].values.tolist() == [
        [2, "notes", None, "回访"]
    ]
    assert result.deleted == [("f1", "C", 4)]  # flagged with its master row
    assert sorted((r.customer_id, r.reason) for r in result.conflicts) == [
        ("B", "master_changed"), ("D", "id_exists")
    ]  # fmt: skip
    assert [v["customer_id"] for _f, _r, v in result.new_rows] == ["E"]
    assert [r.customer_id for r in result.invalid] == ["F"]
    assert "abc" in str(result.invalid[0].values) and result.invalid[0].detail
    assert result.rows_in == 6 and result.unchanged == 1 and result.changed_rows == 1


def test_reconcile_same_edit_twice_is_applied_once() -> None:
    master = _table([("A", "甲", "13800138000", None), ("B", "乙", "13800138001", None)])
    one = _table([("A", "甲", "13800138000", "同样"), ("B", "乙", "13800138001", "一")])
    two = _table([("A", "甲", "13800138000", "同样"), ("B", "乙", "13800138001", "二")])
    result = reconcile(
        master, [_sent(master, "f1", one), _sent(master, "f2", two)], check_options=CHECK
    )
    assert result.changed_rows == 1
    assert result.changes["after"].tolist() == ["同样"]
    assert sorted((r.file, r.reason) for r in result.conflicts) == [
        ("f1", "changed_twice"), ("f2", "changed_twice")
    ]  # fmt: skip
