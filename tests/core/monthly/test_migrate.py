"""Which template versions collect reads, and which it migrates."""

from __future__ import annotations

import pytest

from xlcrm.core.monthly.migrate import version_status


@pytest.mark.parametrize(
    ("version", "status"),
    [("1.0", "current"), ("0.9", "migrated"), ("0.8.1", "migrated"), ("1.1", "unknown"),
     ("7.3", "unknown"), ("", "unknown"), (None, "unknown"), ("beta", "unknown")],
)  # fmt: skip
def test_template_versions(version: str | None, status: str) -> None:
    assert version_status(version, "1.0") == status
