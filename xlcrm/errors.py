"""Errors a user can read.

Every error xlcrm raises on purpose derives from :class:`XlcrmError`. Its message is a
whole sentence (in Chinese, then English) that says what is wrong and what to do. The
command line prints it on one line to stderr and exits with status 2; the Excel add-in
shows it in a message box.

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
     ├── SettingsError             a Settings value or option is invalid
     └── AuditLogError             the audit log cannot be read or written
"""

from __future__ import annotations


class XlcrmError(Exception):
    """Root of every error xlcrm raises on purpose; the message is for the user."""

    exit_code = 2


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


class AuditLogError(XlcrmError):
    """The audit log cannot be read or written."""
