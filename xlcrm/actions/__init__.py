"""User actions: the registry (:mod:`xlcrm.actions.registry`) and one module per feature.

The command line, the ribbon and ``xlcrm demo`` run every action through
:func:`run_action`; each feature module registers its actions and declares their options.
"""

from xlcrm.actions.registry import (
    GROUPS,
    Action,
    ActionRequest,
    ActionResult,
    Options,
    actions,
    get_action,
    register,
    run_action,
)

__all__ = [
    "GROUPS",
    "Action",
    "ActionRequest",
    "ActionResult",
    "Options",
    "actions",
    "get_action",
    "register",
    "run_action",
]
