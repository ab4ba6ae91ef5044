"""Cell-function logic: one value in, one display value out, over whole ranges at once.

Excel hands an xlwings UDF either a single value or a 2-D list (a column range is a list
of one-element rows). :func:`map_cells` applies a per-value function to either and returns
the same shape, so one formula call covers a whole column instead of one call per cell.
The cell functions in ``udfs/`` are thin wrappers over the functions here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xlcrm.core.check import CheckOptions, check_table
from xlcrm.core.emails import parse_email
from xlcrm.core.findings import Parsed, message
from xlcrm.core.phones import parse_phone
from xlcrm.schema import map_headers

OK_TEXT = {"zh": "正常", "en": "OK"}


def map_cells(values: Any, function: Callable[[Any], Any]) -> Any:
    """Apply ``function`` to a value or to every cell of a 1-D/2-D range, keeping the shape."""
    if isinstance(values, list | tuple):
        return [map_cells(v, function) for v in values]
    return function(values)


def _explain(result: Parsed, raw: object, language: str) -> str:
    assert result.code is not None
    detail = result.detail_zh if language == "zh" else result.detail_en
    suggestion = "" if result.suggestion is None else str(result.suggestion)
    return message(result.code, language, value=raw, suggestion=suggestion, detail=detail)


def phone_cell(raw: object, region: str = "CN", style: str = "E164", language: str = "zh") -> str:
    """The normalised number, "" for an empty cell, or the sentence saying what is wrong."""
    result = parse_phone(raw, region=region, style=style)
    if result.empty:
        return ""
    if result.ok:
        return str(result.value)
    return _explain(result, raw, language)


def phone_ok_cell(raw: object, region: str = "CN") -> bool | str:
    """TRUE for a usable number, FALSE for a wrong one, "" for an empty cell."""
    result = parse_phone(raw, region=region)
    return "" if result.empty else result.ok


def email_ok_cell(raw: object) -> bool | str:
    """TRUE for a usable address (messy is fine), FALSE otherwise, "" when empty."""
    result = parse_email(raw)
    return "" if result.empty else result.ok


def check_rows(
    rows: Sequence[Sequence[object]],
    headers: Sequence[object],
    *,
    region: str = "CN",
    language: str = "zh",
) -> list[list[str]]:
    """One text per row: "OK"/"正常" or the row's problems joined by "；"."""
    import pandas as pd

    fields = map_headers(headers)
    keys = {f: f for f in fields if f is not None}
    positions = {f: i for i, f in enumerate(fields) if f is not None}
    data = {f: [row[i] if i < len(row) else None for row in rows] for f, i in positions.items()}
    frame = pd.DataFrame(data, index=range(len(rows)), dtype=object)
    labels = {f: str(headers[i]) for f, i in positions.items()}
    result = check_table(frame, keys, labels, CheckOptions(region=region, language=language))
    by_row: dict[int, list[str]] = {}
    for issue in result.issues.itertuples(index=False):
        by_row.setdefault(int(issue.row), []).append(str(issue.message))
    separator = "；" if language == "zh" else "; "
    return [[separator.join(by_row.get(i, [])) or OK_TEXT[language]] for i in range(len(rows))]
