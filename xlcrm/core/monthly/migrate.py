"""Older template versions: which headers they used for which field.

A file returned on an older template is read like any other (headers are matched by
their aliases), then the headers listed here for its version are mapped to their
fields. Columns an older version did not have are simply absent: their fields count as
unchanged, so the master keeps its values.
"""

from __future__ import annotations

from collections.abc import Mapping

CURRENT_VERSION = (
    "1.0"  # callers pass xlcrm.io.templates.build.TEMPLATE_VERSION (core imports no io)
)

# version → {header as that version wrote it: field}
MIGRATIONS: dict[str, dict[str, str]] = {
    "0.9": {
        "跟进销售": "owner",
        "Account Rep": "owner",
        "最后联系": "last_purchase_at",
        "Last Contact": "last_purchase_at",
        "客户代码": "customer_id",
        "Customer Code": "customer_id",
    },
}


def version_status(version: str | None, current: str = CURRENT_VERSION) -> str:
    """Whether a version is "current", "migrated" (older: read by its headers) or "unknown".

    A newer version than this xlcrm knows, or text that is not a version, is unknown.
    """
    if version == current:
        return "current"
    older, now = _parse(version), _parse(current)
    if older is not None and now is not None and older < now:
        return "migrated"
    return "unknown"


def _parse(version: str | None) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in (version or "").strip().split("."))
    except ValueError:
        return None


def migrated_names(version: str, headers: Mapping[str, str | None]) -> dict[str, str]:
    """Column key → field for the headers of ``version`` that name a field by an old name.

    ``headers`` maps each column key to the field it was matched to (None for none).
    """
    renames = MIGRATIONS.get(version, {})
    taken = {f for f in headers.values() if f}
    out: dict[str, str] = {}
    for key, matched in headers.items():
        target = renames.get(key)
        if matched is None and target is not None and target not in taken:
            out[key] = target
            taken.add(target)
    return out
