"""Fetch the wheels the Pyodide tests load, from PyPI, at install time (``make``), never at test time.

Pure-Python wheels only: the dependencies of the cell functions, each at the version
installed in this venv, so Pyodide and CPython run the same code. xlcrm's own wheel is
built by the tests from the sources (offline), so it is never stale. run.mjs unpacks them into Pyodide's site-packages with
Pyodide's own ``unpackArchive`` (what micropip does with a pure wheel; PyPI's micropip is
too old for this Pyodide, whose own comes from its CDN).
"""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).parent
WHEELS = HERE / "wheels"
SAME_AS_VENV = ("phonenumbers", "email-validator", "dnspython", "idna")


def main() -> None:
    WHEELS.mkdir(exist_ok=True)
    pins = [*(f"{name}=={metadata.version(name)}" for name in SAME_AS_VENV)]
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    download = [*pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(WHEELS)]
    subprocess.run([*download, *pins], check=True)


if __name__ == "__main__":
    main()
