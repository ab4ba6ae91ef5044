"""``xlcrm addin install`` / ``uninstall`` against simulated XLSTART and config folders.

Excel is not here, so the start-up folder and the user config file are temporary folders
passed in (``folder=``, ``config=``), as the command's ``--folder`` does; the platform is
passed as "win32" or "darwin". What Excel then does with the files is in the Windows
checklist.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from xlcrm.addin import install
from xlcrm.addin.package import ADDIN_NAME
from xlcrm.errors import XlcrmError
from xlcrm.excel.ribbon import places


@pytest.fixture
def xlstart(tmp_path: Path) -> Path:
    folder = tmp_path / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    folder.mkdir(parents=True)
    return folder


def _config(tmp_path: Path) -> Path:
    return places.user_config_file("win32", {"APPDATA": str(tmp_path / "Roaming")})


def test_install_puts_only_the_addin_in_xlstart_and_writes_the_user_config(
    xlstart: Path, tmp_path: Path
) -> None:
    (xlstart / "xlcrm.xlam.partial").write_bytes(b"left by an older xlcrm")
    (xlstart / "PERSONAL.XLSB").write_bytes(b"the user's own")
    config = _config(tmp_path)
    python = tmp_path / "Python311" / "python.exe"
    python.parent.mkdir()
    python.write_bytes(b"")
    (python.parent / "pythonw.exe").write_bytes(b"")
    done = install.install_addin(
        folder=xlstart, config=config, executable=python, platform="win32", language="en"
    )
    assert done.addin == xlstart / ADDIN_NAME
    assert sorted(p.name for p in xlstart.iterdir()) == ["PERSONAL.XLSB", ADDIN_NAME]
    with zipfile.ZipFile(done.addin) as archive:
        assert archive.testzip() is None
        assert b'label="Check"' in archive.read("customUI/customUI14.xml")
    assert done.config == config == tmp_path / "Roaming" / "xlcrm" / "xlcrm.conf"
    lines = config.read_text(encoding=install.config_encoding("win32")).splitlines()
    assert lines == [
        f'"INTERPRETER_WIN","{python.parent / "pythonw.exe"}"',
        f'"INTERPRETER_MAC","{python}"',
        '"UDF MODULES","xlcrm.udfs"',
    ]
    assert config.read_bytes().count(b"\r\n") == 3  # VBA's Input # reads CRLF lines
    assert not list(config.parent.glob("*.new"))


def test_reinstall_while_excel_holds_the_addin_leaves_no_partial_file(
    xlstart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install.install_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    before = (xlstart / ADDIN_NAME).read_bytes()

    real_replace = os.replace

    def locked(src: Path, dst: Path) -> None:  # what Windows does while Excel has it open
        if Path(dst).parent == xlstart:
            raise PermissionError(13, "The process cannot access the file")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(XlcrmError) as refused:
        install.install_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    assert "quit Excel" in str(refused.value) and "退出 Excel" in str(refused.value)
    assert [p.name for p in xlstart.iterdir()] == [ADDIN_NAME]
    assert (xlstart / ADDIN_NAME).read_bytes() == before


def test_install_to_another_drive_copies_whole_or_not_at_all(
    xlstart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def cross_device(src: Path, dst: Path) -> None:
        if Path(dst).parent == xlstart:
            raise OSError(18, "Invalid cross-device link")
        real_replace(src, dst)

    def full_disk(src: object, dst: Path) -> None:
        Path(dst).write_bytes(b"PK\x03\x04 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", cross_device)
    done = install.install_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    assert zipfile.is_zipfile(done.addin)
    done.addin.unlink()
    monkeypatch.setattr(install.shutil, "copyfile", full_disk)
    with pytest.raises(OSError):
        install.install_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    assert list(xlstart.iterdir()) == []


def test_uninstall_takes_out_the_addin_and_the_user_config(xlstart: Path, tmp_path: Path) -> None:
    config = _config(tmp_path)
    install.install_addin(folder=xlstart, config=config, platform="win32")
    (xlstart / "xlcrm.xlam.partial").write_bytes(b"old")
    (xlstart / "PERSONAL.XLSB").write_bytes(b"the user's own")
    removed = install.uninstall_addin(folder=xlstart, config=config, platform="win32")
    assert {p.name for p in removed} == {ADDIN_NAME, "xlcrm.xlam.partial", "xlcrm.conf"}
    assert [p.name for p in xlstart.iterdir()] == ["PERSONAL.XLSB"]
    assert not config.parent.exists()  # %APPDATA%\xlcrm, empty, went too
    with pytest.raises(XlcrmError) as nothing:
        install.uninstall_addin(folder=xlstart, config=config, platform="win32")
    assert "nothing to remove" in str(nothing.value)


def test_uninstall_while_excel_holds_the_addin(
    xlstart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install.install_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    real_unlink = Path.unlink

    def locked(self: Path, missing_ok: bool = False) -> None:
        if self.name == ADDIN_NAME:
            raise PermissionError(13, "in use")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    with pytest.raises(XlcrmError) as refused:
        install.uninstall_addin(folder=xlstart, config=_config(tmp_path), platform="win32")
    assert "quit Excel" in str(refused.value)


def test_macos_places(tmp_path: Path) -> None:
    home = tmp_path / "ann"
    config = places.user_config_file("darwin", {}, home)
    assert config == home / "Library/Containers/com.microsoft.Excel/Data/xlcrm.conf"
    startup = install.standard_startup_folder("darwin", {}, home)
    assert startup.parts[-2:] == ("Startup.localized", "Excel")
    plain = home / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    plain.mkdir(parents=True)
    assert install.standard_startup_folder("darwin", {}, home) == plain  # the one that exists
    startup = plain
    done = install.install_addin(folder=startup, config=config, platform="darwin")
    assert done.addin.is_file() and config.read_text(encoding="utf-8").count("\n") == 3
    install.uninstall_addin(folder=startup, config=config, platform="darwin")
    assert config.parent.is_dir()  # Excel's own sandbox folder is never removed
    assert not done.addin.exists()


def test_windows_places() -> None:
    env = {"APPDATA": r"C:\Users\张三\AppData\Roaming", "LOCALAPPDATA": r"C:\Users\张三\Local"}
    assert places.user_config_file("win32", env) == Path(env["APPDATA"]) / "xlcrm" / "xlcrm.conf"
    assert install.standard_startup_folder("win32", env) == (
        Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    )
    assert places.data_folder("win32", env) == Path(env["LOCALAPPDATA"]) / "xlcrm"


def test_a_python_path_the_code_page_cannot_hold(tmp_path: Path) -> None:
    values = {"INTERPRETER_WIN": r"C:\Users\Zoë\python.exe"}
    with pytest.raises(XlcrmError) as refused:
        install.write_user_config(tmp_path / "xlcrm.conf", values, encoding="gbk")
    assert "code page" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    chinese = {"INTERPRETER_WIN": r"C:\Users\张三\python.exe"}
    written = install.write_user_config(tmp_path / "xlcrm.conf", chinese, encoding="gbk")
    assert (
        written.read_bytes().decode("gbk") == '"INTERPRETER_WIN","C:\\Users\\张三\\python.exe"\r\n'
    )
    with pytest.raises(ValueError):
        install.config_text({"A": 'say "hi"'})
