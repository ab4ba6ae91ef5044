"""Actions of the dedupe commands, registered in xlcrm.actions (filled in as they are built)."""

from __future__ import annotations
