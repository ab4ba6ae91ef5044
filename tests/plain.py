"""Test helper: a password-protected workbook's plain bytes written to a file to inspect."""

from __future__ import annotations

from pathlib import Path

from xlcrm.io.passwords import decrypted


def decrypt_to(src: Path, dst: Path, password: str) -> Path:
    """Write the plain workbook inside ``src`` to ``dst`` (xlcrm itself never does this)."""
    dst.write_bytes(decrypted(src, password).getvalue())
    return dst
