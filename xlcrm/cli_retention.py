"""The retention commands of the xlcrm command line, added to xlcrm.cli.app on import."""

from __future__ import annotations
