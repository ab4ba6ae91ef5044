"""``pip install xlcrm`` carries everything the add-in and the templates need.

The wheel is built from a copy of the sources (no network: setuptools and wheel are dev
dependencies) and installed into a fresh venv without its dependencies; the venv reaches
them through a ``.pth`` line naming this environment's site-packages, which does not hold
xlcrm itself (the test venv's xlcrm is an editable install whose finder that line does not
load). The installed xlcrm then builds the add-in, copies the templates out and installs
the add-in into a simulated XLSTART, all from site-packages and not from this checkout.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="venv layout below is POSIX")


@pytest.fixture(scope="module")
def wheel(xlcrm_wheel: Path) -> Path:
    return xlcrm_wheel


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return folder


def _run(venv: Path, code: str, cwd: Path) -> str:
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_carries_macros_templates_and_the_cell_functions(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "xlcrm/addin/macros/XlcrmRibbon.bas",
        "xlcrm/udfs.py",
        "xlcrm/addin/functions.py",
        "xlcrm/workbook_templates/客户信息表.xlsx",
        "xlcrm/workbook_templates/customers.xlsx",
        "xlcrm/workbook_templates/retention_rules.example.toml",
        "xlcrm/py.typed",
    } <= names
    assert not [n for n in names if n.startswith(("tests/", "udfs/", "macros/"))]


def test_installed_xlcrm_builds_and_installs_the_addin_from_site_packages(
    venv: Path, tmp_path: Path
) -> None:
    code = f"""
import xlcrm, xlcrm.udfs
from pathlib import Path
from xlcrm.addin.install import install_addin
from xlcrm.io.templates.build import copy_templates
assert 'site-packages' in xlcrm.__file__ and {str(REPO)!r} not in xlcrm.__file__, xlcrm.__file__
done = install_addin(folder=Path('XLSTART'), config=Path('Roaming/xlcrm/xlcrm.conf'),
                     platform='win32')
print(done.addin.stat().st_size, sorted(p.name for p in Path('XLSTART').iterdir()))
print(sorted(p.name for p in copy_templates(Path('templates'))))
print(Path('Roaming/xlcrm/xlcrm.conf').read_text().splitlines()[-1])
"""
    out = _run(venv, code, tmp_path).splitlines()
    size, listed = out[0].split(" ", 1)
    assert int(size) > 20_000 and listed == "['xlcrm.xlam']"
    assert out[1] == "['customers.xlsx', '客户信息表.xlsx']"
    assert out[2] == '"UDF MODULES","xlcrm.udfs"'
    with zipfile.ZipFile(tmp_path / "XLSTART" / "xlcrm.xlam") as addin:
        assert b"xlwings_udfs" in addin.read("xl/vbaProject.bin")
    for name in ("customers.xlsx", "客户信息表.xlsx"):
        copied = (tmp_path / "templates" / name).read_bytes()
        assert copied == (REPO / "xlcrm" / "workbook_templates" / name).read_bytes()
