"""Reading and checking the audit log, for ``xlcrm audit show|verify``.

Not a ribbon action: the log is xlcrm's own record, not a workbook. Verifying needs the
anchors kept in the workbooks beside the log (io), which is why the command line reaches
it through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlcrm.audit import log as audit
from xlcrm.audit import runs


@dataclass(frozen=True)
class LogCheck:
    """What ``audit verify`` found: the chain's verdict and the runs never completed."""

    log: Path
    result: audit.VerifyResult
    unfinished: tuple[int, ...]


def verify_log(path: Path | None) -> LogCheck:
    """Verify the hash chain and the anchors held in this computer and in the workbooks."""
    from xlcrm.io.anchors import folder_anchors

    log = audit.resolve_log_path(path)
    result = audit.verify(log, runs.anchors_of(log, folder_anchors(log)))
    unfinished = tuple(e["seq"] for e in runs.unfinished(log)) if result.ok else ()
    return LogCheck(log, result, unfinished)
