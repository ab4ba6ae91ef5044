"""The rule tables of the Settings sheet, in the order the sheet lists them.

Each feature declares its table beside the rules that parse it (a
:class:`~xlcrm.settings.TableSpec`); this list is what the templates write and what
reading a Settings sheet looks for (``settings_from_rows(rows, tables=RULE_TABLES)``).
"""

from __future__ import annotations

from xlcrm.core.dedupe.rules import TABLE as MATCH_RULES_TABLE
from xlcrm.core.dedupe.survivorship import SURVIVORSHIP_TABLE
from xlcrm.core.retention.rules import TABLE as RETENTION_TABLE
from xlcrm.core.tiers.tags import TAG_RULES_TABLE
from xlcrm.settings import TableSpec

RULE_TABLES: tuple[TableSpec, ...] = (
    TAG_RULES_TABLE,
    MATCH_RULES_TABLE,
    SURVIVORSHIP_TABLE,
    RETENTION_TABLE,
)
