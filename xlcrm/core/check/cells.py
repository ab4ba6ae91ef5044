"""Check cell functions: one value in, one display value out; whole rows checked at once.

Each function takes plain values (what Excel hands a cell function) and returns plain
values; :func:`xlcrm.core.values.cells.map_cells` applies the per-value ones over a range.
The cell functions in ``udfs/`` are thin wrappers over these and
:mod:`xlcrm.core.tiers.cells`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlcrm.core.values.dates import resolve_asof
from xlcrm.core.values.emails import parse_email
from xlcrm.core.values.findings import Parsed, message
from xlcrm.core.values.phones import parse_phone
from xlcrm.schema import map_headers
from xlcrm.settings import DEFAULTS
from xlcrm.text import Text

OK_TEXT = Text("正常", "OK")  # a row without problems
ISSUE_SEPARATOR = Text("；", "; ")


def _explain(result: Parsed, raw: object, language: str) -> str:
    assert result.code is not None
    suggestion = "" if result.suggestion is None else str(result.suggestion)
    return message(result.code, value=raw, suggestion=suggestion, detail=result.detail)(language)


def phone_cell(
    raw: object,
    region: str = DEFAULTS.default_phone_region,
    style: str = DEFAULTS.phone_format,
    language: str = "zh",
) -> str:
    """The normalised number, "" for an empty cell, or the sentence saying what is wrong."""
    result = parse_phone(raw, region=region, style=style)
    if result.empty:
        return ""
    if result.ok:
        return str(result.value)
    return _explain(result, raw, language)


def phone_ok_cell(raw: object, region: str = DEFAULTS.default_phone_region) -> bool | str:
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
    region: str = DEFAULTS.default_phone_region,
    language: str = "zh",
) -> list[list[str]]:
    """One text per row: "OK"/"正常" or the row's problems joined by "；"."""
    import pandas as pd

    from xlcrm.core.check.table import CheckOptions, check_table

    fields = map_headers(headers)
    keys = {f: f for f in fields if f is not None}
    positions = {f: i for i, f in enumerate(fields) if f is not None}
    data = {f: [row[i] if i < len(row) else None for row in rows] for f, i in positions.items()}
    frame = pd.DataFrame(data, index=range(len(rows)), dtype=object)
    labels = {f: str(headers[i]) for f, i in positions.items()}
    options = CheckOptions(asof=resolve_asof(), region=region, language=language)
    result = check_table(frame, keys, labels, options)
    by_row: dict[int, list[str]] = {}
    for issue in result.issues.itertuples(index=False):
        by_row.setdefault(int(issue.row), []).append(str(issue.message))
    separator, ok = ISSUE_SEPARATOR(language), OK_TEXT(language)
    return [[separator.join(by_row.get(i, [])) or ok] for i in range(len(rows))]
