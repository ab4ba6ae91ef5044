"""Ranges as cell functions see them: one value, or rows of values (a 1-D or 2-D list).

Excel hands a cell function either a single value or a 2-D list (a column range is a list
of one-element rows). These helpers apply per-value logic over either, flatten a range
into a column, and lay a column of results out like the range it came from, so one
formula call covers a whole range instead of one call per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def map_cells(values: Any, function: Callable[[Any], Any]) -> Any:
    """Apply ``function`` to a value or to every cell of a 1-D/2-D range, keeping the shape."""
    if isinstance(values, list | tuple):
        return [map_cells(v, function) for v in values]
    return function(values)


def column_values(values: Any) -> list[object]:
    """A cell or a 1-D/2-D range as a flat list of values, in row order."""
    if not isinstance(values, list | tuple):
        return [values]
    flat: list[object] = []
    for item in values:
        flat.extend(column_values(item))
    return flat


def shaped_like(column: list[list[Any]], like: Any) -> Any:
    """Per-row results (a column) laid out like the input range: a row range gets a row back."""
    if not (isinstance(like, list) and like and all(isinstance(r, list) for r in like)):
        return column
    width = len(like[0])
    flat = [row[0] if row else "" for row in column]
    if width <= 1 or len(flat) != len(like) * width:
        return column
    return [flat[i : i + width] for i in range(0, len(flat), width)]
