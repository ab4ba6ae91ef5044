"""The distribution manifest (分发清单) and the admin's password file.

``xlcrm-manifest.json`` in the distribution folder is what collect reads: the
distribution id, the month, the fields the prints cover and one entry per file (owner,
file, rows, sha256, password yes/no). ``分发清单.xlsx`` / ``manifest.xlsx`` shows the same
for people. The passwords, when files are encrypted, go to ``xlcrm-passwords.json``,
readable by its owner only: the admin keeps it apart and never sends it with the files.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from xlcrm.errors import InputFileError
from xlcrm.io.writer import replace_atomically, save_atomically
from xlcrm.text import Text

MANIFEST_JSON = "xlcrm-manifest.json"
PASSWORDS_JSON = "xlcrm-passwords.json"
MANIFEST_XLSX = Text("分发清单.xlsx", "manifest.xlsx")
MANIFEST_SHEET = Text("分发清单", "Manifest")
_HEADERS = (
    Text("负责人", "Owner"), Text("文件", "File"), Text("行数", "Rows"), Text.same("SHA-256"),
    Text("密码", "Password"), Text("文件编号", "File id"),
)  # fmt: skip
_YES, _NO = Text("是", "Yes"), Text("否", "No")
_NOTE = Text(
    "分发编号 {distribution}，{month}，来源 {source}",
    "Distribution {distribution}, {month}, from {source}",
)


@dataclass
class ManifestFile:
    """One distributed file: its id, owner, name, rows, hash and whether it has a password."""

    file_id: str
    owner: str
    file: str
    rows: int
    sha256: str
    password: bool


@dataclass
class Manifest:
    """What a distribution sent out, for ``xlcrm collect`` (``xlcrm-manifest.json``)."""

    distribution: str
    month: str
    created: str
    source: str
    sheet: str
    template_version: str
    language: str
    fields: list[str]
    files: list[ManifestFile] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)  # template columns it fills itself

    def by_id(self) -> dict[str, ManifestFile]:
        """The files by their file id."""
        return {f.file_id: f for f in self.files}


def write_manifest(folder: Path, manifest: Manifest) -> tuple[Path, Path]:
    """Write the JSON manifest and the manifest workbook into ``folder``."""
    path = folder / MANIFEST_JSON
    text = json.dumps(asdict(manifest), ensure_ascii=False, indent=2)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    replace_atomically(path, write)
    return path, _write_manifest_workbook(folder, manifest)


def _write_manifest_workbook(folder: Path, manifest: Manifest) -> Path:
    language = manifest.language
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = MANIFEST_SHEET(language)
    ws.append([header(language) for header in _HEADERS])
    yes, no = _YES(language), _NO(language)
    for entry in manifest.files:
        ws.append(
            [entry.owner, entry.file, entry.rows, entry.sha256, yes if entry.password else no,
             entry.file_id]
        )  # fmt: skip
        ws.cell(row=ws.max_row, column=2).hyperlink = entry.file  # opens the file beside it
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    for letter, width in zip("ABCDEF", (14, 36, 8, 66, 8, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    note = ws.cell(row=ws.max_row + 2, column=1)
    note.value = _NOTE(language).format(
        distribution=manifest.distribution, month=manifest.month, source=Path(manifest.source).name
    )
    path = folder / MANIFEST_XLSX(language)
    save_atomically(wb, path)
    return path


def read_manifest(path: Path) -> Manifest:
    """The manifest at ``path`` (a JSON file, or a folder holding one)."""
    if path.is_dir():
        path = path / MANIFEST_JSON
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        files = [ManifestFile(**f) for f in data.pop("files")]
        return Manifest(**data, files=files)
    except FileNotFoundError:
        raise InputFileError("manifest_missing", path=path, manifest=MANIFEST_JSON) from None
    except (ValueError, TypeError, KeyError) as exc:
        raise InputFileError("manifest_damaged", name=path.name, problem=exc) from None


def write_passwords(folder: Path, distribution: str, passwords: dict[str, str]) -> Path:
    """The file passwords, for the admin only (owner read/write, nothing for others)."""
    path = folder / PASSWORDS_JSON
    text = json.dumps({"distribution": distribution, "passwords": passwords}, ensure_ascii=False,
                      indent=2)  # fmt: skip

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")
        os.chmod(temp, 0o600)

    replace_atomically(path, write)
    return path


def read_passwords(path: Path | None) -> dict[str, str]:
    """file_id → password from a password file; {} when there is none."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["passwords"].items()}
    except (ValueError, KeyError, AttributeError):
        raise InputFileError("password_file_damaged", name=path.name) from None
