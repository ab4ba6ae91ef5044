"""Row fingerprints and pairing distributed rows with returned ones."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from xlcrm.core.monthly.prints import pair_rows, row_prints, value_token


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_a_number_and_its_text_compare_equal(n: int) -> None:
    assert value_token(n) == value_token(float(n)) == value_token(f" {n} ")


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_survives_excel_and_libreoffice(day: dt.date) -> None:
    midnight = dt.datetime.combine(day, dt.time(0))
    serial = (day - dt.date(1899, 12, 30)).days  # a date cell read as a number
    frame = pd.DataFrame({"created_at": [day, midnight, serial, day.isoformat()]}, dtype=object)
    assert len(set(row_prints(frame, ["created_at"]))) == 1


@given(
    st.lists(st.sampled_from(["A", "B", "C", ""]), max_size=12),
    st.lists(st.sampled_from(["A", "B", "C", "D", ""]), max_size=12),
    st.data(),
)
def test_pairing_accounts_for_every_row_once(
    left: list[str], right: list[str], data: st.DataObject
) -> None:
    prints = st.sampled_from(["p", "q"])
    lp = [data.draw(prints) for _ in left]
    rp = [data.draw(prints) for _ in right]
    pairs, left_only, right_only = pair_rows(left, lp, right, rp)
    assert sorted([i for i, _ in pairs] + left_only) == list(range(len(left)))
    assert sorted([j for _, j in pairs] + right_only) == list(range(len(right)))
    for i, j in pairs:
        assert left[i] == right[j]
        assert left[i] or lp[i] == rp[j]  # rows without an id pair only when unchanged
