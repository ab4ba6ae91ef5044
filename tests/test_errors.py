"""The error tree: every error a user can meet is declared in xlcrm.errors and drawn there."""

from __future__ import annotations

import importlib
import pkgutil

import xlcrm
from xlcrm import errors
from xlcrm.errors import XlcrmError


def _subclasses(root: type) -> set[type]:
    found = set(root.__subclasses__())
    for cls in list(found):
        found |= _subclasses(cls)
    return found


def test_every_error_class_lives_in_errors_and_is_in_the_docstring_tree() -> None:
    for module in pkgutil.walk_packages(xlcrm.__path__, "xlcrm."):
        importlib.import_module(module.name)  # so that every subclass is defined
    doc = errors.__doc__ or ""
    for cls in _subclasses(XlcrmError):
        assert cls.__module__ == "xlcrm.errors", cls
        assert f"── {cls.__name__} " in doc, cls.__name__
