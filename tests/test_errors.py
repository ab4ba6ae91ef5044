"""The error tree: every error a user can meet is declared in xlcrm.errors and drawn there."""

from __future__ import annotations

import errno
import importlib
import pkgutil

import pytest

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


@pytest.mark.parametrize(
    ("error", "code", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk_full", errors.FileAccessError),
        (OSError(errno.EROFS, "Read-only file system"), "folder_read_only", errors.FileAccessError),
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "permission_denied",
            errors.FileAccessError,
        ),
        (PermissionError("no errno"), "permission_denied", errors.FileAccessError),
        (OSError(errno.EBUSY, "Device or resource busy"), "file_in_use", errors.FileLockedError),
        (OSError(errno.EIO, "Input/output error"), "file_access_failed", errors.FileAccessError),
    ],
)
def test_os_errors_become_a_sentence_naming_the_file(error: OSError, code: str, kind: type) -> None:
    found = errors.os_error(error, "/data/客户.xlsx")
    assert type(found) is kind and found.code == code and "客户.xlsx" in str(found)


def test_a_windows_sharing_violation_is_a_file_in_use() -> None:
    error = PermissionError(errno.EACCES, "denied")
    error.winerror = 32  # type: ignore[attr-defined]  # what Windows sets for a file open in Excel
    assert errors.os_error(error, "a.xlsx").code == "file_in_use"
