"""Ranges as cell functions see them: mapping, flattening and laying results out again."""

from __future__ import annotations

from xlcrm.core.values.cells import column_values, map_cells, shaped_like


def test_map_cells_keeps_the_shape_of_a_value_a_row_or_a_block() -> None:
    assert map_cells(2, lambda v: v * 10) == 20
    assert map_cells([[1], [2]], lambda v: v * 10) == [[10], [20]]
    assert map_cells([[1, 2], [3, None]], str) == [["1", "2"], ["3", "None"]]


def test_column_values_flattens_in_row_order() -> None:
    assert column_values(5) == [5]
    assert column_values([[1, 2], [3, 4]]) == [1, 2, 3, 4]
    assert column_values([["a"], ["b"]]) == ["a", "b"]


def test_shaped_like_gives_a_row_back_for_a_row_and_a_column_otherwise() -> None:
    column = [["高"], ["中"], ["低"]]
    assert shaped_like(column, [[1, 2, 3]]) == [["高", "中", "低"]]
    assert shaped_like(column, [[1], [2], [3]]) == column
    assert shaped_like([["高"], ["中"], ["低"], [""]], [[1, 2], [3, 4]]) == [
        ["高", "中"],
        ["低", ""],
    ]
    assert shaped_like(column, 7) == column  # a single cell
