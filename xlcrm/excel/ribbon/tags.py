"""Which actions are ribbon buttons, and the check that a button's tag names one of them.

The ribbon's XML, the VBA callback and :func:`xlcrm.excel.ribbon.dispatch` all use this
list, so a tag that reaches Python is only ever looked up here, never executed.
"""

from __future__ import annotations

import re
from typing import Any

from xlcrm.actions.registry import Action, actions
from xlcrm.errors import XlcrmError

# What the VBA callback lets through as well: a tag is an action name, nothing else.
TAG_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def ribbon_actions() -> list[Action[Any]]:
    """The actions that appear on the ribbon, in registry order (undo included)."""
    actions()  # the registry's own modules first, so 撤销 Undo comes last in its group
    import xlcrm.actions.undo  # noqa: F401  (registers 撤销 Undo)

    return [a for a in actions() if a.ribbon]


def ribbon_action(tag: object) -> Action[Any]:
    """The ribbon action named by ``tag``, or an XlcrmError if the tag names none."""
    if isinstance(tag, str) and TAG_PATTERN.match(tag):
        for action in ribbon_actions():
            if action.name == tag:
                return action
    shown = str(tag)[:40]
    raise XlcrmError("ribbon_tag_unknown", tag=shown)
