"""Errors a user can read.

Every error xlcrm raises on purpose derives from :class:`XlcrmError`. It carries a code
from the message catalogue (:data:`xlcrm.catalogue.CATALOGUE`) and the values that fill it,
so its message is a whole sentence, in Chinese and in English, that says what is wrong
and what to do:

    raise FileMissingError("file_missing", name="客户.xlsx")

The command line prints both languages on one line to stderr and exits with status 2;
the Excel add-in shows the workbook's language in a message box. Tests compare every
sentence exactly (``tests/test_text.py``).

    XlcrmError
     ├── InputFileError            the file given cannot be used
     │    ├── FileMissingError        no such file, or a folder was given
     │    ├── UnsupportedFormatError  .xls, .numbers, anything not .xlsx/.xlsm/.csv
     │    ├── CorruptWorkbookError    not a workbook, truncated or damaged
     │    ├── PasswordRequiredError   encrypted with a password
     │    └── FileLockedError         open or locked by another program
     ├── SheetError                the sheet cannot be used
     │    ├── SheetNotFoundError      --sheet names a sheet that is not there
     │    ├── EmptySheetError         nothing in the sheet
     │    └── NoHeaderError           no row that looks like customer headers
     ├── SettingsError             a Settings value, rule table row or option is invalid
     ├── WrongPassphraseError      the passphrase does not open the encrypted columns
     ├── AuditLogError             the audit log cannot be read or written
     ├── FileAccessError           a file cannot be written: disk full, read-only, no permission
     └── WorkbookChangedError      the workbook changed since xlcrm read or planned it

:func:`os_error` turns an ``OSError`` into the sentence a user can act on (which file,
what is wrong, what to do), so a full disk is never an "internal error".

Every class a user can meet is here; modules raise these, they define none of their own.
"""

from __future__ import annotations

import errno
from pathlib import Path

from xlcrm.text import Text, message


class XlcrmError(Exception):
    """Root of every error xlcrm raises on purpose; the message is for the user.

    ``XlcrmError(code, **values)`` takes its sentence from the catalogue; an unknown code
    is a bug (KeyError), so every sentence a user can meet is in the catalogue and tested.
    """

    exit_code = 2

    def __init__(self, code: str, /, **values: object) -> None:
        self.code = code
        self.text: Text = message(code, **values)
        super().__init__(str(self.text))

    def __str__(self) -> str:
        return self.text.both()

    def in_language(self, language: str) -> str:
        """The sentence in one language (the add-in shows the workbook's)."""
        return self.text(language)


class InputFileError(XlcrmError):
    """The input file cannot be used."""


class FileMissingError(InputFileError):
    """No file at the path, or the path is a folder."""


class UnsupportedFormatError(InputFileError):
    """A file format xlcrm does not read (for example .xls)."""


class CorruptWorkbookError(InputFileError):
    """The file is not a workbook, or it is damaged."""


class PasswordRequiredError(InputFileError):
    """The workbook is encrypted and needs a password."""


class FileLockedError(InputFileError):
    """Another program holds the file open or locked."""


class SheetError(XlcrmError):
    """The chosen sheet cannot be used."""


class SheetNotFoundError(SheetError):
    """The sheet named by the user is not in the workbook."""


class EmptySheetError(SheetError):
    """The sheet has no data."""


class NoHeaderError(SheetError):
    """No row in the first rows of the sheet looks like customer headers."""


class SettingsError(XlcrmError):
    """A setting or command-line option has an invalid value."""


class WrongPassphraseError(XlcrmError):
    """The passphrase does not match the workbook's key check value."""


class AuditLogError(XlcrmError):
    """The audit log cannot be read or written."""


class FileAccessError(XlcrmError):
    """A file or folder cannot be written or read: disk full, read-only, no permission."""


class WorkbookChangedError(XlcrmError):
    """The workbook is not the one xlcrm read or planned on: someone saved it meanwhile."""


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}
_IN_USE = {errno.EBUSY, errno.ETXTBSY}
_WINDOWS_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def os_error(error: OSError, path: Path | str | None = None) -> XlcrmError:
    """The error a user can act on for ``error`` met while reading or writing ``path``.

    ``path`` defaults to the file the error names; the sentence names the file, its
    folder, what is wrong (disk full, read-only disk, no permission, in use) and what to do.
    """
    target = Path(path if path is not None else (error.filename or "?"))
    where = {"name": target.name or str(target), "folder": target.parent}
    if error.errno in _DISK_FULL:
        return FileAccessError("disk_full", **where)
    if error.errno == errno.EROFS:
        return FileAccessError("folder_read_only", **where)
    if getattr(error, "winerror", None) in _WINDOWS_SHARING or error.errno in _IN_USE:
        return FileLockedError("file_in_use", name=where["name"])
    if error.errno in _NO_PERMISSION or isinstance(error, PermissionError):
        return FileAccessError("permission_denied", **where)
    return FileAccessError("file_access_failed", **where, reason=error.strerror or error)
