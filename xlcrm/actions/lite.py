"""``xlcrm lite init``: the two files the xlwings Lite editor needs for a workbook.

xlwings Lite keeps a workbook's Python in two editor tabs, ``main.py`` and
``requirements.txt``, which it saves inside the workbook itself. The storage format is
Lite's own and undocumented, so xlcrm does not write it into the file; it writes the two
files into a folder beside the workbook (``NAME.lite/``) for the user to paste in once:

- ``main.py`` imports :mod:`xlcrm.lite` (the functions and the buttons);
- ``requirements.txt`` pins xlcrm and its pure-Python dependencies to the versions
  installed here; packages Pyodide builds itself (pandas, scipy, lxml, cryptography,
  python-calamine) are left unpinned, as Lite asks, since their version comes with Pyodide.
  ``--wheel URL`` installs xlcrm from a wheel an office hosts instead of from PyPI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options, register
from xlcrm.text import Text, message

# Built by Pyodide itself: their version is Pyodide's, so Lite says not to pin them.
PYODIDE_BUILT = frozenset({"pandas", "numpy", "scipy", "lxml", "cryptography", "python-calamine"})
MAIN_PY = '''"""xlcrm: customer-list cleanup in this workbook (cell functions and buttons).

Made by `xlcrm lite init`. The functions (=XLCRM_PHONE ...) and the buttons come from the
xlcrm package that requirements.txt installs; nothing else needs to be here.
"""

from xlcrm.lite.functions import *  # noqa: F403  the =XLCRM_* cell functions
from xlcrm.lite.scripts import *  # noqa: F403  检查 Check, 查重 Duplicates, 分级 Tiers ...
'''
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class LiteOptions(Options):
    """``wheel``: a URL (or path) of xlcrm's wheel to install instead of xlcrm from PyPI."""

    wheel: str | None = None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _for_pyodide(requirement: str) -> str | None:
    """The package a requirement asks for under Pyodide, or None when its marker excludes it."""
    spec, _, marker = requirement.partition(";")
    marker = marker.replace('"', "'").replace(" ", "")
    if "extra==" in marker or "sys_platform!='emscripten'" in marker:
        return None
    found = _NAME.match(spec)
    return _canonical(found.group(1)) if found else None


def requirements_text(wheel: str | None = None) -> str:
    """requirements.txt for Lite: xlcrm, its dependencies pinned where Pyodide builds none."""
    version = metadata.version("xlcrm")
    lines = [
        "# Made by `xlcrm lite init`: xlcrm and its pure-Python dependencies, pinned.",
        "# pandas, scipy, lxml, cryptography, python-calamine come with Pyodide: not pinned.",
        wheel or f"xlcrm=={version}",
    ]
    for requirement in metadata.requires("xlcrm") or []:
        name = _for_pyodide(requirement)
        if name is None:
            continue
        if name in PYODIDE_BUILT:
            lines.append(name)
            continue
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:  # e.g. opencc-purepy where opencc is used
            lines.append(name)
    return "\n".join(lines) + "\n"


def lite_init(request: ActionRequest[LiteOptions]) -> ActionResult:
    """Write main.py and requirements.txt for xlwings Lite into ``NAME.lite/`` (or ``--out``)."""
    path = request.path
    if request.out is not None:
        folder = request.out.with_suffix("") if request.out.suffix else request.out
    elif path.is_dir():
        folder = path / "xlcrm.lite"
    else:
        folder = path.with_name(path.stem + ".lite")
    folder.mkdir(parents=True, exist_ok=True)
    main, requirements = folder / "main.py", folder / "requirements.txt"
    main.write_text(MAIN_PY, encoding="utf-8")
    requirements.write_text(requirements_text(request.options.wheel), encoding="utf-8")
    return ActionResult(
        action="lite",
        file=path,
        counts={"files": 2},
        output=folder,
        payload={"main": str(main), "requirements": str(requirements)},
        summary=message("lite_files_written", main=main, requirements=requirements),
    )


LITE = register(
    Action(
        name="lite",
        label=Text("Lite 设置", "Lite setup"),
        group="tools",
        run=lite_init,
        options_type=LiteOptions,
        help=Text(
            "写出 xlwings Lite 需要的 main.py 和 requirements.txt。",
            "Write the main.py and requirements.txt that xlwings Lite needs.",
        ),
        ribbon=False,
    )
)
