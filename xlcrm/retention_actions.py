"""Actions of the retention commands, registered in xlcrm.actions (filled in as they are built)."""

from __future__ import annotations
