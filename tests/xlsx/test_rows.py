"""Row maps and references: where rows go when rows are deleted or inserted (xlsx.rows)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcrm.xlsx.rows import RowMap, shift_formula, shift_range, shift_sqref

GONE = RowMap.deleting([5, 10, 11, 21])


@pytest.mark.parametrize(
    ("row", "now"), [(1, 1), (4, 4), (5, None), (6, 5), (9, 8), (10, None), (12, 9), (22, 18)]
)
def test_deleted_rows_go_and_the_rows_below_move_up(row: int, now: int | None) -> None:
    assert GONE.row(row) == now


def test_inserting_the_rows_again_is_the_inverse() -> None:
    back = GONE.inverse()
    assert back.inserted == (5, 10, 11, 21)
    assert [back.row(GONE.row(r) or 0) for r in (1, 4, 6, 9, 12, 22)] == [1, 4, 6, 9, 12, 22]


@pytest.mark.parametrize(
    ("ref", "moved"),
    [
        ("A1", "A1"),
        ("$B$12", "$B$9"),
        ("C5", None),  # a deleted cell
        ("A2:E21", "A2:E17"),  # a range shrinks by the rows it loses, the end included
        ("A5:A5", None),
        ("A10:B11", None),
        ("A5:A6", "A5:A5"),
        ("A9:A12", "A8:A9"),
        ("A:C", "A:C"),  # whole columns stay
        ("5:9", "5:8"),  # whole rows
        ("$A$22:$A$1", "$A$18:$A$1"),  # written bottom-up
    ],
)
def test_ranges_follow_excels_rules(ref: str, moved: str | None) -> None:
    assert shift_range(ref, GONE) == moved


def test_a_list_of_ranges_loses_those_that_are_gone() -> None:
    assert shift_sqref("A2:E21 C5 B10:B11 D12", GONE) == "A2:E17 D9"
    assert shift_sqref("C5 C10", GONE) == ""


@pytest.mark.parametrize(
    ("formula", "on_sheet", "moved"),
    [
        ("SUM(F2:F21)", True, "SUM(F2:F17)"),
        ("F12*2+$G$22", True, "F9*2+$G$18"),
        ("C5", True, "#REF!"),
        ("'客户'!$A$2:$A$21", False, "'客户'!$A$2:$A$17"),
        ("客户!F12", False, "客户!F9"),
        ("客户!F10", False, "#REF!"),
        ("其他!F12+F12", False, "其他!F12+F12"),  # other sheets, and no sheet off it
        ("其他!F12+F12", True, "其他!F12+F9"),
        ('COUNTIF(A:A,"A12")&"C5"', True, 'COUNTIF(A:A,"A12")&"C5"'),  # text stays
        ("LOG10(A12)+ATAN2(1,2)", True, "LOG10(A9)+ATAN2(1,2)"),  # function names stay
        ("表1[[#This Row],[A12]]+A12", True, "表1[[#This Row],[A12]]+A9"),  # structured refs
        ("'it''s'!A12", False, "'it''s'!A12"),
        ("'客户'!A12:B13", False, "'客户'!A9:B10"),
        ("SUM(12:13)", True, "SUM(9:10)"),
    ],
)
def test_formulas_move_their_references_to_the_sheet(
    formula: str, on_sheet: bool, moved: str
) -> None:
    assert shift_formula(formula, GONE, "客户", on_sheet=on_sheet) == moved


def test_inserting_grows_ranges_that_span_the_new_rows() -> None:
    come = RowMap.inserting([5, 10])
    assert shift_range("A2:A20", come) == "A2:A22"
    assert shift_range("A4", come) == "A4" and shift_range("A5", come) == "A6"
    assert shift_formula("SUM(B3:B8)*B9", come, "S", on_sheet=True) == "SUM(B3:B9)*B11"


def test_a_row_map_deletes_or_inserts() -> None:
    with pytest.raises(ValueError):
        RowMap(deleted=(1,), inserted=(2,))
    with pytest.raises(ValueError):
        RowMap.deleting([0])


_ROWS = st.sets(st.integers(2, 60), max_size=12)
_REF = st.tuples(st.integers(1, 70), st.integers(1, 70))


@settings(max_examples=200, deadline=None)
@given(deleted=_ROWS, ref=_REF)
def test_a_range_that_keeps_its_ends_comes_back_when_the_rows_do(
    deleted: set[int], ref: tuple[int, int]
) -> None:
    first, last = sorted(ref)
    gone = RowMap.deleting(deleted)
    moved = shift_range(f"B{first}:C{last}", gone)
    if first in deleted or last in deleted:
        return  # its ends went: the journal keeps such texts (see row_moves)
    assert moved is not None
    assert shift_range(moved, gone.inverse()) == f"B{first}:C{last}"


@settings(max_examples=200, deadline=None)
@given(deleted=_ROWS)
def test_every_kept_row_comes_back_to_its_number(deleted: set[int]) -> None:
    gone = RowMap.deleting(deleted)
    back = gone.inverse()
    for row in range(1, 80):
        now = gone.row(row)
        assert (now is None) == (row in deleted)
        if now is not None:
            assert back.row(now) == row
